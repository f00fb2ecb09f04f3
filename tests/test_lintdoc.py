"""lint-doc finds every inconsistency between the parts of a hand-written section, by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.lintdoc import RULES, lint_document

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"


def _lines(name: str) -> list[str]:
    return (FIXTURES / name).read_text().splitlines()


@pytest.mark.parametrize("name", ["shop.md", "library.md"])
def test_consistent_sections_are_clean(name: str) -> None:
    assert lint_document(FIXTURES / name) == []


def test_tasks_has_one_known_gap() -> None:
    findings = lint_document(FIXTURES / "tasks.md")
    assert [(f.code, f.loc.line) for f in findings] == [("MD102", 93)]
    assert _lines("tasks.md")[92] == "### BoardCache"


EXPECTED = [
    # (code, text expected on the reported line)
    ("MD116", "string nickname"),
    ("MD101", "PROFILE {"),
    ("MD105", "| created_at | TIMESTAMP |"),
    ("MD112", "| Post | 1:N | writes |"),
    ("MD106", "| body | TEXT |"),
    ("MD111", "| Comment | N:M |"),
    ("MD108", "| idx_posts_title |"),
    ("MD102", "#### Attachment"),
    ("MD115", "| Comments of a post |"),
    ("MD107", "published BOOLEAN"),
    ("MD109", "CREATE INDEX idx_comments_created"),
]


def test_every_deliberate_inconsistency_is_found_on_its_line() -> None:
    findings = lint_document(FIXTURES / "inconsistent.md")
    lines = _lines("inconsistent.md")
    got = [(f.code, lines[f.loc.line - 1]) for f in findings]
    assert len(got) == len(EXPECTED), "\n".join(map(str, findings))
    for (code, line), (want_code, want_text) in zip(got, EXPECTED, strict=True):
        assert code == want_code
        assert want_text in line, (code, line)


def test_messages_name_both_sides() -> None:
    by_code = {f.code: f for f in lint_document(FIXTURES / "inconsistent.md")}
    assert "TIMESTAMP in the table but TIMESTAMPTZ in the SQL" in by_code["MD105"].message
    assert "'writes' here but 'creates'" in by_code["MD112"].message
    assert "N:M here but Post 1:N Comment" in by_code["MD111"].message


def test_rule_codes_and_names_are_unique_and_kebab_case() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
    for r in RULES:
        assert r.name == r.name.lower() and " " not in r.name and r.summary


def test_unparseable_sql_and_erd_lines_are_reported(tmp_path: Path) -> None:
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(
        "## Data Models\n\n```mermaid\nerDiagram\n    USER ||--o{ POST : writes\n"
        "    USER =====> POST\n```\n\n#### User\n\n| Field | Type | Constraints | Description |\n"
        "|---|---|---|---|\n| id | INTEGER | PK | id |\n\n#### Post\n\n"
        "| Field | Type | Constraints | Description |\n|---|---|---|---|\n"
        "| id | INTEGER | PK | id |\n\n```sql\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE posts (id INTEGER PRIMARY KEY,, oops(;\n```\n"
    )
    findings = lint_document(doc)
    codes = {(f.code, f.loc.line) for f in findings}
    assert ("MD120", 6) in codes
    assert any(code == "MD119" and line == 23 for code, line in codes), findings


def test_cli_exit_codes_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["data-models", "lint-doc", str(FIXTURES / "shop.md")]) == 0
    assert "consistent" in capsys.readouterr().out
    code = run_cli(["data-models", "lint-doc", str(FIXTURES / "inconsistent.md"), "-f", "json"])
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["count"] == len(EXPECTED)
    assert {"code", "name", "message", "file", "line", "col"} <= set(data["findings"][0])
    assert run_cli(["data-models", "lint-doc", str(FIXTURES / "missing.md")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_cli_text_lines_are_clickable(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["data-models", "lint-doc", str(FIXTURES / "inconsistent.md")])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{FIXTURES / 'inconsistent.md'}:15:")
    assert out[-1] == "11 inconsistencies"


SPECS = Path(__file__).parent / "fixtures" / "specs"


@pytest.mark.parametrize(
    "spec_path",
    [
        Path(__file__).parent.parent / "examples" / "blog" / "data-models.yaml",
        *sorted(SPECS.glob("*.yaml")),
    ],
    ids=lambda p: p.stem if p.parent == SPECS else "blog",
)
def test_our_rendered_section_is_clean(
    spec_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What our own Markdown renderer writes is consistent by lint-doc's rules."""
    from pydev_workflow.renderers import RenderOptions, render
    from pydev_workflow.spec.load import load

    doc = tmp_path / "ARCHITECTURE.md"
    section = render("markdown", load(spec_path), RenderOptions(date="2024-01-01"))
    doc.write_text("# Project\n\nIntro.\n\n" + section, encoding="utf-8")
    code = run_cli(["data-models", "lint-doc", str(doc)])
    assert (code, capsys.readouterr().out.strip()) == (0, "the Data Models section is consistent")
    code = run_cli(["data-models", "lint-doc", str(doc), "--format", "json"])
    assert (code, json.loads(capsys.readouterr().out)["findings"]) == (0, [])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("Nope.id", "Post.user_id's foreign key names unknown entity Nope"),
        ("User.uid", "Post.user_id's foreign key names unknown field User.uid"),
        ("users.id", None),
        ("User.id", None),
    ],
)
def test_a_foreign_key_to_nothing_is_an_inconsistency(
    tmp_path: Path, target: str, message: str | None
) -> None:
    """The Markdown importer said it (`references unknown 'Nope'`); lint-doc said consistent."""
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(
        "## Data Models\n\n#### User\n\nTable: `users`\n\n"
        "| Field | Type | Constraints | Description |\n|---|---|---|---|\n"
        "| id | UUID | PK | id |\n\n#### Post\n\n"
        "| Field | Type | Constraints | Description |\n|---|---|---|---|\n"
        f"| id | UUID | PK | id |\n| user_id | UUID | FK -> {target} | author |\n"
    )
    found = [(f.code, f.message, f.loc.line) for f in lint_document(doc) if f.code == "MD122"]
    assert found == ([("MD122", message, 16)] if message else [])
