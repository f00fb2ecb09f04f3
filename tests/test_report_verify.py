"""The outputs CI reads for `verify` and `run`: SARIF 2.1.0, GitHub annotations, --exit-zero."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import ROOT

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import ExitCode

SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
GET_POST = "  - {name: Get post by ID, entity: Post, filter: [id], frequency: high}"
# a high-frequency query on an unindexed column: the engine scans the table (V201)
SCAN = GET_POST + "\n  - {name: Posts by title, entity: Post, filter: [title], frequency: high}"


def _with_scan(spec: Path) -> Path:
    text = spec.read_text(encoding="utf-8")
    assert GET_POST in text
    spec.write_text(text.replace(GET_POST, SCAN), encoding="utf-8")
    return spec


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run_cli(list(args))
    return code, capsys.readouterr().out


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def scan_spec(tmp_path: Path, example_spec: Path) -> Path:
    spec = tmp_path / "data-models.yaml"
    spec.write_text(example_spec.read_text(encoding="utf-8"), encoding="utf-8")
    return _with_scan(spec)


def test_verify_sarif_validates_and_points_at_the_query(
    scan_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("data-models", "verify", "-C", str(scan_spec.parent), "--rows", "200")
    code, out = _run(capsys, *args, "--output-format", "sarif")
    assert code == ExitCode.FINDINGS
    doc = json.loads(out)
    jsonschema.validate(doc, SARIF_SCHEMA)
    run = doc["runs"][0]
    results = run["results"]
    v201 = next(r for r in results if r["ruleId"] == "V201")
    assert v201["level"] == "error" and "Posts by title" in v201["message"]["text"]
    where = v201["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "data-models.yaml"
    assert where["region"]["startLine"] == _line_of(scan_spec, "Posts by title")
    assert where["region"]["startColumn"] >= 1
    rules = run["tool"]["driver"]["rules"]
    assert rules[v201["ruleIndex"]]["id"] == "V201"
    assert rules[v201["ruleIndex"]]["defaultConfiguration"]["level"] == "error"
    # what SQLite cannot hold (a round-trip note) is a SARIF note, never an error
    v001 = next(r for r in results if r["ruleId"] == "V001")
    assert v001["level"] == "note" and "UUID default" in v001["message"]["text"]
    assert rules[v001["ruleIndex"]]["defaultConfiguration"]["level"] == "note"
    # --exit-zero: the same report, exit 0
    code, again = _run(capsys, *args, "--output-format", "sarif", "--exit-zero")
    assert code == ExitCode.OK
    assert [r["ruleId"] for r in json.loads(again)["runs"][0]["results"]] == [
        r["ruleId"] for r in results
    ]


def test_verify_github_annotations(scan_spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(
        capsys,
        "data-models",
        "verify",
        "-C",
        str(scan_spec.parent),
        "--rows",
        "200",
        "-f",
        "github",
    )
    assert code == ExitCode.FINDINGS
    lines = out.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    line = next(x for x in lines if "title=V201 " in x)
    row = _line_of(scan_spec, "Posts by title")
    assert line.startswith(f"::error file=data-models.yaml,line={row},col=")
    assert any(x.startswith("::notice ") and "title=V001 " in x for x in lines)


def test_verify_clean_spec_is_an_empty_valid_sarif_log_of_notes(
    example_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        capsys, "data-models", "verify", "--spec", str(example_spec), "--rows", "100", "-f", "sarif"
    )
    assert code == ExitCode.OK
    doc = json.loads(out)
    jsonschema.validate(doc, SARIF_SCHEMA)
    assert all(r["level"] == "note" for r in doc["runs"][0]["results"])


def test_verify_unknown_output_format_is_a_usage_error(
    example_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(["data-models", "verify", "--spec", str(example_spec), "-f", "xml"])
    assert code == ExitCode.USAGE
    assert "unknown output format 'xml'" in capsys.readouterr().err


def test_run_sarif_has_design_and_verify_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _with_scan(project / "data-models.yaml")
    args = ("data-models", "run", "-C", str(project), "--verify", "sqlite", "--rows", "300")
    code, out = _run(capsys, *args, "--no-commit", "--output-format", "sarif")
    assert code == ExitCode.FINDINGS
    doc = json.loads(out)
    jsonschema.validate(doc, SARIF_SCHEMA)
    results = doc["runs"][0]["results"]
    codes = {r["ruleId"] for r in results}
    assert "V201" in codes  # verify's finding
    assert any(c.startswith("DM") for c in codes)  # the design rules' findings
    v201 = next(r for r in results if r["ruleId"] == "V201")
    region = v201["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == _line_of(spec, "Posts by title")
    # the documents are written as without --output-format
    assert "## Data Models" in (project / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_run_github_and_exit_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _with_scan(project / "data-models.yaml")
    args = ("data-models", "run", "-C", str(project), "--verify", "sqlite", "--rows", "300")
    code, out = _run(capsys, *args, "--no-commit", "-f", "github", "--exit-zero")
    assert code == ExitCode.OK
    lines = out.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert any(x.startswith("::error file=data-models.yaml,line=") and "V201" in x for x in lines)


def test_run_exit_zero_never_hides_an_input_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data-models.yaml").write_text("entities: [\n", encoding="utf-8")
    code = run_cli(["data-models", "run", "-C", str(project), "-f", "sarif", "--exit-zero"])
    assert code == ExitCode.USAGE
    assert capsys.readouterr().out == ""


def test_run_exit_zero_never_hides_stale_docs_under_check(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_scan(project / "data-models.yaml")  # the committed docs no longer match the spec
    code = run_cli(["data-models", "run", "-C", str(project), "--check", "--exit-zero"])
    assert code == ExitCode.FINDINGS
    assert "stale" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["check", "lint-doc", "run", "verify"])
def test_readme_claim_every_reporting_command_takes_the_ci_outputs(command: str) -> None:
    """README: `check`, `run`, `verify` and `lint-doc` take text|json|sarif|github, --exit-zero."""
    import subprocess
    import sys

    help_text = subprocess.run(
        [sys.executable, "-m", "pydev_workflow", "data-models", command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
    ).stdout
    assert "--output-format" in help_text and "--exit-zero" in help_text
    assert "sarif" in help_text and "github" in help_text


def test_the_one_vocabulary_sits_below_the_model() -> None:
    """findings.py imports only errors, so the model and the round-trip diff share its Severity."""
    import ast

    from pydev_workflow.findings import Severity
    from pydev_workflow.verify import core, diff

    path = ROOT / "src" / "pydev_workflow" / "findings.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {
        n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and n.module and n.module.startswith("pydev_workflow")
    }
    assert own == {"pydev_workflow.errors"}
    assert diff.Severity is Severity and core.Severity is Severity
