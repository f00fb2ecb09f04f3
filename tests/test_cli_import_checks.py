"""An import ends with the imported model going through the design rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli


def test_import_reports_checks_and_certainty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ddl = tmp_path / "schema.sql"
    ddl.write_text(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255) UNIQUE);\n"
        "CREATE TABLE posts (id INTEGER PRIMARY KEY,"
        " user_id INTEGER REFERENCES users(id));\n",
        encoding="utf-8",
    )
    out_spec = tmp_path / "data-models.yaml"
    code = run_cli(
        ["data-models", "import", "sql", str(ddl), "--dialect", "sqlite", "-o", str(out_spec)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "2 entities" in out
    assert "DM301" in out  # posts.user_id has no index
    assert "certainty" in out


def test_a_database_password_never_reaches_the_spec_or_the_output(
    tmp_path: Path, own_postgresql_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(own_postgresql_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE account (id integer PRIMARY KEY)")
    engine.dispose()
    # trust authentication accepts any password, so a fake one exercises the redaction
    url = own_postgresql_url.replace("postgres@", "postgres:s3cret-pw@", 1)
    out_spec = tmp_path / "data-models.yaml"
    code = run_cli(["data-models", "import", "db", url, "-o", str(out_spec)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "s3cret-pw" not in captured.out + captured.err
    assert "s3cret-pw" not in out_spec.read_text(encoding="utf-8")
    assert "postgres:***@" in out_spec.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "text"), [("sql", ""), ("sql", "-- only a comment\n"), ("dbml", "")]
)
def test_a_source_with_no_table_is_an_error_and_nothing_is_written(
    kind: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / f"schema.{kind}"
    source.write_text(text, encoding="utf-8")
    out_spec = tmp_path / "data-models.yaml"
    code = run_cli(["data-models", "import", kind, str(source), "-o", str(out_spec)])
    err = capsys.readouterr().err
    assert code == 2
    assert "found no tables to import" in err and str(source) in err
    assert not out_spec.exists()
