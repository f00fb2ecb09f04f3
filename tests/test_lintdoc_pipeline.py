"""lint-doc goes through the one pipeline: doc-lint (MD…) and design (DM…) findings in one list,
the same select/ignore, [tool.pydev-workflow] settings and outputs as `check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import ROOT

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import ExitCode

FIXTURES = ROOT / "tests" / "fixtures" / "markdown"
SARIF_SCHEMA = json.loads(
    (ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def _project(tmp_path: Path, fixture: str, settings: str = "") -> Path:
    """A project directory whose ARCHITECTURE.md is the fixture (and a pyproject.toml)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(FIXTURES / fixture, root / "ARCHITECTURE.md")
    if settings:
        (root / "pyproject.toml").write_text(
            f"[project]\nname = 'x'\n\n[tool.pydev-workflow]\n{settings}", encoding="utf-8"
        )
    return root


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = run_cli(["data-models", *args, "--output-format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def _codes(findings: list[dict[str, object]]) -> list[str]:
    return [str(f["code"]) for f in findings]


def test_the_real_command_reads_the_project_settings(tmp_path: Path) -> None:
    """End to end, as a user runs it: a process in the project directory, real files."""
    root = _project(tmp_path, "inconsistent.md", 'ignore = ["MD105", "MD111", "MD112"]\n')
    done = subprocess.run(
        [sys.executable, "-m", "pydev_workflow", "data-models", "lint-doc", "ARCHITECTURE.md"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == ExitCode.FINDINGS, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("ARCHITECTURE.md:") and " MD116 " in lines[0]
    assert not any(f" {c} " in line for line in lines for c in ("MD105", "MD111", "MD112"))
    assert lines[-1] == "8 inconsistencies"


def test_default_output_is_the_doc_lint_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A consistent section stays clean: the design rules run only when asked for."""
    root = _project(tmp_path, "shop.md")
    doc = str(root / "ARCHITECTURE.md")
    assert run_cli(["data-models", "lint-doc", doc, "-C", str(root)]) == ExitCode.OK
    assert capsys.readouterr().out == "the Data Models section is consistent\n"
    code, findings = _json(capsys, "lint-doc", doc, "-C", str(root), "--design")
    assert findings and all(str(c).startswith("DM") for c in _codes(findings))
    # its components (read from the same ARCHITECTURE.md, as `check` does) hold no entity
    assert code == ExitCode.FINDINGS
    assert {(f["code"], f["severity"]) for f in findings} >= {("DM501", "warning")}


def test_select_and_ignore_take_both_families(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, "inconsistent.md")
    doc, project = str(root / "ARCHITECTURE.md"), str(root)
    _, findings = _json(capsys, "lint-doc", doc, "-C", project, "--select", "MD105,MD116")
    assert _codes(findings) == ["MD116", "MD105"]
    # a DM prefix in --select runs the design rules; MD prefixes narrow only the doc lint
    _, findings = _json(
        capsys, "lint-doc", doc, "-C", project, "--select", "DM3", "--select", "MD105"
    )
    assert sorted(set(_codes(findings))) == ["DM303", "DM304", "MD105"]
    # one list: ordered by line whatever the family
    lines = [int(str(f["line"])) for f in findings]
    assert lines == sorted(lines)
    _, findings = _json(capsys, "lint-doc", doc, "-C", project, "--design", "--ignore", "DM,MD1")
    assert findings == []
    code = run_cli(["data-models", "lint-doc", doc, "-C", project, "--select", "MD199"])
    assert code == ExitCode.USAGE
    assert "--select: error: no doc-lint code starts with 'MD199'" in capsys.readouterr().err
    code = run_cli(["data-models", "lint-doc", doc, "-C", project, "--ignore", "DM999"])
    assert code == ExitCode.USAGE
    assert "no check code starts with 'DM999'" in capsys.readouterr().err


def test_settings_serve_check_and_lint_doc_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`select = ["DM3", "MD105"]` narrows each family; the command line wins per family."""
    root = _project(tmp_path, "inconsistent.md", 'select = ["DM3", "MD105"]\n')
    doc, project = str(root / "ARCHITECTURE.md"), str(root)
    _, findings = _json(capsys, "lint-doc", doc, "-C", project)
    assert _codes(findings) == ["MD105"]
    _, findings = _json(capsys, "lint-doc", doc, "-C", project, "--design")
    assert _codes(findings) == ["MD105", "DM303", "DM304"]
    _, findings = _json(capsys, "lint-doc", doc, "-C", project, "--select", "MD116")
    assert _codes(findings) == ["MD116"]
    # the doc-lint prefix in the shared settings is no error for `check`
    spec = root / "data-models.yaml"
    assert run_cli(["data-models", "import", "markdown", doc, "-o", str(spec)]) == 0
    capsys.readouterr()
    _, findings = _json(capsys, "check", "-C", project)
    assert sorted(set(_codes(findings))) == ["DM303", "DM304"]


def test_machine_outputs_and_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, "inconsistent.md")
    doc, project = str(root / "ARCHITECTURE.md"), str(root)
    code = run_cli(["data-models", "lint-doc", doc, "-C", project, "--design", "-f", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    results = sarif["runs"][0]["results"]
    assert code == ExitCode.FINDINGS
    assert {r["ruleId"][:2] for r in results} == {"DM", "MD"}
    assert run_cli(["data-models", "lint-doc", doc, "-C", project, "--design", "-f", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"::warning file={doc},line=") for line in out)
    assert any("title=DM303 unused-index::" in line for line in out)
    assert run_cli(["data-models", "lint-doc", doc, "-C", project, "--exit-zero"]) == ExitCode.OK
    assert capsys.readouterr().out.splitlines()[-1] == "11 inconsistencies"


def test_a_section_without_a_model_is_linted_and_design_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An index on no field: the doc lint compares the parts as before; the design rules
    need the merged model, so --design stops with the one-line input error."""
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(
        "## Data Models\n\n#### Post\n\n| Field | Type | Constraints | Description |\n"
        "|---|---|---|---|\n| id | INTEGER | PK | id |\n\n**Indexes**:\n\n"
        "| Index Name | Fields | Type | Purpose |\n|---|---|---|---|\n"
        "| idx_x | nosuch | btree | x |\n",
        encoding="utf-8",
    )
    project = str(tmp_path)
    assert run_cli(["data-models", "lint-doc", str(doc), "-C", project]) == ExitCode.OK
    assert capsys.readouterr().out == "the Data Models section is consistent\n"
    code = run_cli(["data-models", "lint-doc", str(doc), "-C", project, "--design"])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert f"{doc}:13:1: error: index idx_x names unknown field Post.nosuch" in err


@pytest.mark.parametrize("fixture", ["shop.md", "library.md", "tasks.md", "inconsistent.md"])
def test_lint_doc_and_check_report_the_same_design_findings(
    fixture: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The section read by lint-doc and the spec imported from it give `check`'s findings."""
    root = _project(tmp_path, fixture)
    doc, project = str(root / "ARCHITECTURE.md"), str(root)
    spec = root / "data-models.yaml"
    assert run_cli(["data-models", "import", "markdown", doc, "-o", str(spec)]) == 0
    capsys.readouterr()
    check_code, checked = _json(capsys, "check", "-C", project)
    lint_code, linted = _json(capsys, "lint-doc", doc, "-C", project, "--design")

    def design(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return sorted(
            (f["code"], f["severity"], f["message"], f["hint"])
            for f in findings
            if str(f["code"]).startswith("DM")
        )

    assert design(linted) == design(checked)
    assert design(checked), "the fixture should raise some design finding"
    if not any(str(f["code"]).startswith("MD") for f in linted):
        assert lint_code == check_code
