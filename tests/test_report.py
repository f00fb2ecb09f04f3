"""The outputs CI reads: SARIF 2.1.0 (validated against its published schema), GitHub annotations,
--exit-zero, and the exit code of an internal error."""

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

SPEC_WITH_FINDINGS = """\
project: Report test
entities:
  User:
    table: users
    component: Accounts
    fields: {id: {type: uuid, pk: true}}
  Post:
    table: posts
    component: Accounts
    fields:
      id: {type: uuid, pk: true}
      user_id: {type: uuid, references: User.id, on_delete: cascade}
"""


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "data-models.yaml"
    path.write_text(SPEC_WITH_FINDINGS, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run_cli(list(args))
    return code, capsys.readouterr().out


def test_check_sarif_validates_against_the_published_schema(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(
        capsys, "data-models", "check", "-C", str(spec.parent), "--output-format", "sarif"
    )
    assert code == ExitCode.FINDINGS
    doc = json.loads(out)
    jsonschema.validate(doc, SARIF_SCHEMA)
    results = doc["runs"][0]["results"]
    assert any(r["ruleId"] == "DM301" for r in results)
    dm301 = next(r for r in results if r["ruleId"] == "DM301")
    region = dm301["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[dm301["ruleIndex"]]["id"] == "DM301"
    codes = {r["id"] for r in rules}
    # one catalogue: design rules, doc-lint rules and verification codes
    assert {"DM101", "MD101", "V101", "V201"} <= codes


def test_check_github_annotations(spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "data-models", "check", "-C", str(spec.parent), "-f", "github")
    assert code == ExitCode.FINDINGS
    lines = out.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    line = next(x for x in lines if "DM301" in x)
    assert line.startswith("::warning file=data-models.yaml,line=")
    assert ",col=" in line and "title=DM301 " in line


def test_exit_zero_reports_but_passes(spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, "data-models", "check", "-C", str(spec.parent), "--exit-zero")
    assert code == ExitCode.OK
    assert "DM301" in out


def test_clean_spec_gives_an_empty_valid_sarif_log(capsys: pytest.CaptureFixture[str]) -> None:
    blog = ROOT / "examples" / "blog"
    code, out = _run(capsys, "data-models", "check", "-C", str(blog), "--output-format", "sarif")
    assert code == ExitCode.OK
    doc = json.loads(out)
    jsonschema.validate(doc, SARIF_SCHEMA)
    assert doc["runs"][0]["results"] == []


def test_lint_doc_sarif_and_github(capsys: pytest.CaptureFixture[str]) -> None:
    doc = ROOT / "tests" / "fixtures" / "markdown" / "inconsistent.md"
    code, out = _run(capsys, "data-models", "lint-doc", str(doc), "--output-format", "sarif")
    assert code == ExitCode.FINDINGS
    sarif = json.loads(out)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    assert all(r["ruleId"].startswith("MD") for r in sarif["runs"][0]["results"])
    code, out = _run(capsys, "data-models", "lint-doc", str(doc), "-f", "github", "--exit-zero")
    assert code == ExitCode.OK
    assert out.startswith("::warning file=")


def test_unknown_output_format_is_a_usage_error(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(["data-models", "check", "-C", str(spec.parent), "--output-format", "xml"])
    assert code == ExitCode.USAGE
    assert "unknown output format 'xml'" in capsys.readouterr().err


def test_an_internal_error_has_its_own_exit_code_and_no_traceback(
    spec: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydev_workflow.workflow import pipeline  # where every command loads its spec

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom at postgresql://u:secret@h/db")

    # a stand-in bug inside our own code (no database, git or file system is faked)
    monkeypatch.setattr(pipeline, "load", broken)
    code = run_cli(["data-models", "check", "-C", str(spec.parent)])
    err = capsys.readouterr().err
    assert code == ExitCode.INTERNAL == 70
    assert err.count("\n") == 1 and err.startswith("internal error: RuntimeError: boom")
    assert "secret" not in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        run_cli(["--debug", "data-models", "check", "-C", str(spec.parent)])


def test_github_escapes_newlines_and_properties() -> None:
    from pydev_workflow.report import Record, github

    out = github([Record("DM1", "x", "error", "a\nb%", "dir,a:b.yaml", 3, 4)])
    assert out == "::error file=dir%2Ca%3Ab.yaml,line=3,col=4,title=DM1 x::a%0Ab%25\n"
