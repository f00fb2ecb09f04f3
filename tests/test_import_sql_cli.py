"""`data-models import`: writes a spec that loads, refuses to clobber, merges, reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.spec.load import load


def test_import_writes_a_loadable_spec_and_reports(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data-models.yaml"
    src = str(corpus / "postgresql/pagila-schema.sql")
    code = run_cli(["data-models", "import", "sql", src, "-o", str(out), "-d", "postgresql"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "wrote" in captured.out and "16 entities" in captured.out
    assert "functions 19" in captured.out and "triggers 16" in captured.out
    assert len(load(out).entities) == 16
    # a second import does not overwrite without --force or --merge
    assert run_cli(["data-models", "import", "sql", src, "-o", str(out)]) == 2
    assert "spec already exists" in capsys.readouterr().err
    assert run_cli(["data-models", "import", "sql", src, "-o", str(out), "--force"]) == 0


def test_several_files_are_one_script(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ("Types", "Tables", "PrimaryKeys", "Indexes", "FKConstraints", "Constraints")
    files = [str(corpus / f"postgresql/musicbrainz/Create{n}.sql") for n in names]
    out = tmp_path / "mb.yaml"
    assert run_cli(["data-models", "import", "sql", *files, "-o", str(out)]) == 0
    spec = load(out)
    assert len(spec.entities) == 371 and len(spec.relationships) > 500


def test_strict_stops_on_a_bad_statement_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bad.sql"
    src.write_text("CREATE TABLE a (id int);\nCREATE TABLE b (\n  id int,\n  x int DEFAULT\n);\n")
    out = tmp_path / "spec.yaml"
    assert run_cli(["data-models", "import", "sql", str(src), "-o", str(out), "--strict"]) == 2
    assert f"{src}:4:3: error: cannot read" in capsys.readouterr().err
    assert not out.exists()
    assert run_cli(["data-models", "import", "sql", str(src), "-o", str(out)]) == 0
    assert f"{src}:4:3: cannot read" in capsys.readouterr().err
    assert [e.name for e in load(out).entities] == ["A", "B"]


def test_merge_into_existing_spec(
    tmp_path: Path, example_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "data-models.yaml"
    out.write_text(example_spec.read_text())
    src = tmp_path / "s.sql"
    src.write_text("CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL);\n")
    assert run_cli(["data-models", "import", "sql", str(src), "-o", str(out), "--merge"]) == 0
    merged = load(out)
    assert merged.entity("User").description == "A person who writes posts or comments"  # type: ignore[union-attr]
    assert merged.migration is not None and "merge:" in capsys.readouterr().out


def test_dbml_syntax_error_and_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bad.dbml"
    src.write_text("Table x {\n  id int [pk\n}\n")
    out = tmp_path / "spec.yaml"
    assert run_cli(["data-models", "import", "dbml", str(src), "-o", str(out)]) == 2
    assert f"{src}:3:" in capsys.readouterr().err and not out.exists()
    assert run_cli(["data-models", "import", "sqll", str(src)]) == 2
    assert "did you mean 'sql'" in capsys.readouterr().err


def test_infer_relations_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "s.sql"
    src.write_text("CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE posts (user_id int);")
    out = tmp_path / "spec.yaml"
    args = ["data-models", "import", "sql", str(src), "-o", str(out), "--infer-relations"]
    assert run_cli(args) == 0
    assert "assumption: Posts.user_id -> Users.id" in capsys.readouterr().out
    assert load(out).entity("Posts").fk_of("user_id") is not None  # type: ignore[union-attr]
