"""End-to-end tests of `data-models check` and `data-models rules` in temporary projects."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "blog"

BROKEN = """\
version: 1
entities:
  User:
    table: users
    component: Accounts
    normalization: {level: normalized, rationale: r}
    fields:
      id: {type: uuid, pk: true}
  Post:
    table: posts
    component: Publishing
    normalization: {level: normalized, rationale: r}
    fields:
      id: {type: uuid, pk: true}
      user_id: {type: integer, references: User.id}
      phone1: {type: string}
      phone2: {type: string}
relationships:
  - {from: User, to: Post, type: "1:N", label: writes}
"""


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A copy of the example project."""
    dest = tmp_path / "blog"
    shutil.copytree(EXAMPLE, dest)
    return dest


def test_example_is_clean(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["data-models", "check", "--project", str(blog)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "All checks passed." in out
    assert "Certainty: 100%" in out


def test_example_is_clean_on_every_dialect(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["data-models", "check", "-C", str(blog), "--dialect", "all", "-f", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert doc["dialects"] == ["postgresql", "sqlite", "mysql", "mariadb"]
    # naming warnings for other engines are allowed (they quote), and what another engine
    # cannot hold (DM701: UUID defaults on SQLite, TIMESTAMP's range on MySQL); errors are not
    assert {f["severity"] for f in doc["findings"]} <= {"warning", "info"}
    assert {f["code"] for f in doc["findings"]} <= {"DM201", "DM701"}
    assert doc["certainty"]["passed"] is True


def test_findings_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data-models.yaml").write_text(BROKEN, encoding="utf-8")
    code = run_cli(["data-models", "check", "-C", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    # ruff style: file:line:col: CODE message, sorted by position
    assert "data-models.yaml:15:7: DM101 Post.user_id is integer but references User.id" in out
    assert "data-models.yaml:16:7: DM401 Post has a repeating group phone1, phone2" in out
    assert out.index("DM101") < out.index("DM401")
    assert "below 80%" in out
    assert "Post.user_id: when a User is deleted, should their posts be deleted (cascade)" in out


def test_findings_json_is_stable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data-models.yaml").write_text(BROKEN, encoding="utf-8")
    code = run_cli(["data-models", "check", "-C", str(tmp_path), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1 and doc["exit_code"] == 1
    assert doc["spec"] == "data-models.yaml"
    first = doc["findings"][0]
    assert first == {
        "code": "DM101",
        "name": "fk-type-mismatch",
        "severity": "error",
        "message": "Post.user_id is integer but references User.id of type uuid",
        "location": "data-models.yaml:15:7",
        "file": "data-models.yaml",
        "line": 15,
        "column": 7,
        "entity": "Post",
        "hint": "make it uuid",
    }
    cert = doc["certainty"]
    assert cert["passed"] is False and cert["score"] < 80
    keys = {p["key"] for p in cert["points"]}
    assert "fk:Post.user_id:on_delete" in keys and "migration:tool" in keys
    assert abs(sum(p["weight"] for p in cert["points"]) - 100) < 0.01


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data-models.yaml").write_text(BROKEN, encoding="utf-8")
    run_cli(["data-models", "check", "-C", str(tmp_path), "-f", "json", "--select", "DM1,DM4"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert codes == {"DM101", "DM401"}
    args = ["data-models", "check", "-C", str(tmp_path), "-f", "json"]
    run_cli([*args, "--ignore", "DM1", "--ignore", "dm4"])
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert codes == {"DM301"}  # Post.user_id has no index


def test_info_never_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = "entities:\n  Tag:\n    component: Core\n    fields:\n      id: {type: uuid, pk: true}\n"
    (tmp_path / "data-models.yaml").write_text(spec, encoding="utf-8")
    code = run_cli(["data-models", "check", "-C", str(tmp_path)])
    out = capsys.readouterr().out
    assert "DM404" in out
    assert code == 0


def test_components_from_architecture(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arch = blog / "ARCHITECTURE.md"
    text = arch.read_text(encoding="utf-8")
    row = "| Media | Images uploaded for posts | FastAPI, S3 |\n"
    assert row in text
    arch.write_text(text.replace(row, row + "| Billing | Invoices | Stripe |\n"), "utf-8")
    components = run_cli(["data-models", "check", "-C", str(blog), "-f", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert components == 1
    # the component has no entity (DM501), and nothing holds the invoices it names (DM504)
    assert [f["code"] for f in doc["findings"]] == ["DM501", "DM504"]
    assert {f["file"] for f in doc["findings"]} == {"ARCHITECTURE.md"}
    assert '"invoices" under Billing' in doc["findings"][1]["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "XX9"], "no check code starts with 'XX9'"),
        (["--dialect", "oracle"], "unknown dialect 'oracle'"),
        (["--format", "xml"], "unknown output format 'xml'"),
        (["--spec", "missing.yaml"], "spec file not found"),
    ],
)
def test_input_errors_exit_2(
    blog: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = run_cli(["data-models", "check", "-C", str(blog), *args])
    assert code == 2
    assert message in capsys.readouterr().err


def test_bad_spec_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data-models.yaml").write_text("entities:\n  A: {fields: {id: {type: uid}}}\n")
    assert run_cli(["data-models", "check", "-C", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "data-models.yaml:2:" in err and "Traceback" not in err


def test_rules_list_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["data-models", "rules"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("DM101  fk-type-mismatch")
    codes = [line.split()[0] for line in out.splitlines()]
    # one catalogue: design rules, doc-lint codes and verification codes
    assert "MD101" in codes and "V101" in codes and "V201" in codes
    assert run_cli(["data-models", "rules", "--explain", "md115"]) == 0
    assert capsys.readouterr().out.startswith("# MD115 query-unknown-index (warning)")
    assert run_cli(["data-models", "rules", "--explain", "DM304"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# DM304 query-without-index (warning)")
    assert "## Example" in text and "## Use instead" in text
    assert run_cli(["data-models", "rules", "-f", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert rules[0] == {
        "code": "DM101",
        "name": "fk-type-mismatch",
        "severity": "error",
        "summary": "A foreign key's type differs from the type of the field it references.",
    }
    assert run_cli(["data-models", "rules", "--explain", "DM10"]) == 2
    assert "did you mean" in capsys.readouterr().err
