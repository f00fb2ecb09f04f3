"""`data-models run --verify sqlite,postgresql`: the proof in ARCHITECTURE.md and the checkpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.verify.urls import LOCAL_DEFAULTS, parse_target


def test_engine_names_resolve_to_local_servers() -> None:
    assert parse_target("sqlite").memory
    # the database every server has: nothing to create before the first `run --verify`
    assert parse_target("postgres").url == "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    assert parse_target("postgresql").dialect == "postgresql"
    for name in ("mariadb", "mysql"):
        target = parse_target(name)
        assert (target.dialect, target.url) == ("mariadb", LOCAL_DEFAULTS[name])
        assert target.url == "mysql+pymysql://root@127.0.0.1:3306"  # the server, no database
    assert parse_target("postgresql://u@h:1/x").url == "postgresql+psycopg://u@h:1/x"


@pytest.mark.db("postgresql")
def test_run_with_verify_cites_the_engines(
    project: Path,
    postgresql_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the engine name takes its URL from the environment: this session's own database
    monkeypatch.setenv("PYDEV_WORKFLOW_DB_URL", postgresql_url)
    code = run_cli(
        ["data-models", "run", "-C", str(project), "--verify", "sqlite,postgresql",
         "--rows", "500", "--format", "json"]
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    engines = [v["engine"] for v in out["verification"]]
    assert engines == ["sqlite", "postgresql"]
    assert all(v["ok"] for v in out["verification"])
    arch = (project / "ARCHITECTURE.md").read_text()
    table = arch[arch.index("### Query Patterns") :].split("\n\n")[1]
    assert "| O(1) (verified on sqlite: PK, O(1); postgresql: PK, O(1)) | PK |" in table
    assert table.count("verified on") == arch.count("verified on")  # only in that table
    rows = [ln for ln in table.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    assert rows and all("verified on" in ln for ln in rows)
    third = next(a for a in out["checkpoint"] if a["number"] == 3)
    assert "verified on a real engine" in third["summary"]
    assert any(
        line.startswith("Get post by ID (high)") and "postgresql: PK, O(1)" in line
        for line in third["evidence"]
    )


def test_run_with_verify_text_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(
        ["data-models", "run", "-C", str(project), "--verify", "sqlite", "--rows", "200"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "verified on sqlite (sqlite://): round trip 0 difference(s)" in out


def test_a_measured_scan_of_a_frequent_query_fails_the_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    text = spec.read_text(encoding="utf-8")
    # a high-frequency query on an unindexed column: the engine scans, the run must say so
    spec.write_text(
        text.replace(
            "  - {name: Get post by ID, entity: Post, filter: [id], frequency: high}",
            "  - {name: Get post by ID, entity: Post, filter: [id], frequency: high}\n"
            "  - {name: Posts by title, entity: Post, filter: [title], frequency: high}",
        ),
        encoding="utf-8",
    )
    code = run_cli(["data-models", "run", "-C", str(project), "--verify", "sqlite",
                    "--rows", "300", "--no-commit"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "verification found" in out and "V201" in out
    assert "## Data Models" in (project / "ARCHITECTURE.md").read_text(encoding="utf-8")


_TWO_SCHEMAS = """\
version: 1
project: Clash
dialect: postgresql
entities:
  A:
    table: t
    schema: sales
    fields:
      id: {type: int, pk: true}
  B:
    table: t
    schema: billing
    fields:
      id: {type: int, pk: true}
"""


@pytest.mark.db("postgresql")
def test_an_engine_that_cannot_compile_does_not_stop_the_others(
    project: Path,
    postgresql_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite keeps one namespace: its part is a finding, PostgreSQL still runs; worst exit."""
    from pydev_workflow.spec import load
    from pydev_workflow.verify.core import verify_each

    spec = project / "two.yaml"
    spec.write_text(_TWO_SCHEMAS, encoding="utf-8")
    monkeypatch.setenv("PYDEV_WORKFLOW_DB_URL", postgresql_url)
    outcomes = verify_each(load(spec), ["sqlite", "postgresql"], 20, in_place=True)
    assert [o.engine for o in outcomes] == ["sqlite", "postgresql"]
    sqlite, pg = (o.report for o in outcomes)
    assert sqlite is not None and pg is not None
    assert sqlite.has_findings and "not verified on sqlite" in sqlite.findings[0].message
    assert "--verify postgresql://" in sqlite.findings[0].message  # the option run has
    assert not pg.has_findings, pg.problem_lines()


def test_an_unreachable_engine_is_reported_and_nothing_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / "ARCHITECTURE.md").read_text(encoding="utf-8")
    code = run_cli(["data-models", "run", "-C", str(project), "--verify",
                    "sqlite,postgresql://postgres:pw@127.0.0.1:1/x", "--rows", "50",
                    "--format", "json"])  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    engines = [(v["engine"], v["ok"]) for v in out["verification"]]
    assert engines == [("sqlite", True), ("postgresql", False)]
    assert "cannot connect" in out["verification"][1]["error"]
    assert "--verify" in out["verification"][1]["error"]
    assert (project / "ARCHITECTURE.md").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("rows", ["0", "-5"])
def test_rows_below_one_is_a_usage_error(
    project: Path, rows: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """0 rows would write "verified at 0 rows" into the documents."""
    code = run_cli(["data-models", "run", "-C", str(project), "--verify", "sqlite", "--rows", rows])
    assert code == 2
    assert "--rows must be at least 1" in capsys.readouterr().err


def test_urls_come_from_the_environment_and_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydev_workflow.verify.urls import configured_urls, resolve

    monkeypatch.delenv("PYDEV_WORKFLOW_DB_URL", raising=False)
    assert configured_urls(tmp_path) == ()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pydev-workflow]\ndb = ["mysql+pymysql://root@h:3306/a", "postgresql://u@h/b"]\n'
    )
    urls = configured_urls(tmp_path)
    assert resolve("postgresql", urls).url == "postgresql+psycopg://u@h/b"
    assert resolve("mariadb", urls).url == "mysql+pymysql://root@h:3306/a"
    assert resolve(None, urls).dialect == "mariadb"  # verify without --db: the first one
    assert resolve("sqlite", urls).memory
    monkeypatch.setenv("PYDEV_WORKFLOW_DB_URL", "postgresql://u:p,w@env/c, sqlite")
    urls = configured_urls(tmp_path)  # the environment wins
    assert urls == ("postgresql://u:p,w@env/c", "sqlite")
    assert resolve("postgres", urls).shown == "postgresql+psycopg://u:***@env/c"
