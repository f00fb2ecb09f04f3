"""verify on real engines: round trip, data, EXPLAIN, sandboxes, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import InputError
from pydev_workflow.spec import load
from pydev_workflow.verify.core import verify
from pydev_workflow.verify.urls import parse_target, redact

SPECS = Path(__file__).parent / "fixtures" / "specs"


def _sandboxes(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            q = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'pdw\\_verify\\_%'"
        else:
            q = "SHOW DATABASES LIKE 'pdw\\_verify\\_%'"
        names = [r[0] for r in conn.execute(sa.text(q))]
    engine.dispose()
    return names


def _assert_clean(report, engine: str) -> None:  # type: ignore[no-untyped-def]
    errors = [str(d) for d in report.differences if d.is_finding]
    assert errors == [], errors
    assert not report.has_findings, [str(f) for f in report.findings]
    assert report.engine == engine


def test_example_on_sqlite(example_spec: Path) -> None:
    report = verify(load(example_spec), None, rows=300)
    _assert_clean(report, "sqlite")
    notes = report.notes()
    assert notes["Get post by ID"] == "verified on sqlite: PK, O(1)"
    assert notes["Comments per post report"].endswith("O(n)")
    assert report.scales == (30, 300)
    # the engine cannot generate UUIDs: said explicitly, not a difference
    assert any(
        d.message
        == "not expressible in SQLite: generated UUID default of users.id (set by the app)"
        and not d.is_finding
        for d in report.differences
    )


@pytest.mark.db("postgresql")
def test_example_on_postgresql(example_spec: Path, postgresql_url: str) -> None:
    report = verify(load(example_spec), postgresql_url, rows=500, in_place=True)
    _assert_clean(report, "postgresql")
    assert report.notes()["Get post by slug"].startswith("verified on postgresql: UK(slug)")
    # its own sandbox is gone (other runs on the server may have theirs meanwhile)
    assert report.sandbox not in _sandboxes(postgresql_url)


@pytest.mark.db("mariadb")
def test_example_on_mariadb(example_spec: Path, mariadb_url: str) -> None:
    report = verify(load(example_spec), mariadb_url, rows=500, in_place=True)
    _assert_clean(report, "mariadb")
    assert report.sandbox not in _sandboxes(mariadb_url)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mariadb"])
def test_chinook_round_trip(engine: str, request: pytest.FixtureRequest) -> None:
    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    report = verify(load(SPECS / "chinook.yaml"), url, rows=200, in_place=True)
    _assert_clean(report, engine)


def test_scan_of_high_frequency_query_is_a_finding(tmp_path: Path, example_spec: Path) -> None:
    text = example_spec.read_text().replace(
        "      - {name: idx_comments_post_id_created_at, fields: [post_id, created_at], "
        "purpose: a post's comments in order}\n",
        "",
    )
    spec = tmp_path / "data-models.yaml"
    spec.write_text(text)
    report = verify(load(spec), None, rows=300)
    codes = {f.code for f in report.findings}
    assert "V201" in codes
    assert report.has_findings


def test_cli_json_and_exit_codes(example_spec: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(
        ["data-models", "verify", "--spec", str(example_spec), "--rows", "200", "--format", "json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["ok"] is True and out["engine"] == "sqlite"
    assert {q["name"] for q in out["queries"]} >= {"Get post by ID", "Public feed"}
    code = run_cli(["data-models", "verify", "--spec", str(example_spec), "--rows", "200"])
    assert code == 0
    assert "Query patterns" in capsys.readouterr().out


def test_redact() -> None:
    assert redact("postgresql://u:s3cret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert redact("error at mysql+pymysql://root:pw@host/x and more") == (
        "error at mysql+pymysql://root:***@host/x and more"
    )
    assert redact("sqlite:///a.db") == "sqlite:///a.db"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("oracle://scott:tiger@h/db", "unsupported database 'oracle'"),
        ("postgresql://postgres:topsecret@127.0.0.1:1/test", "cannot connect"),
        ("not a url", "not a database URL"),
        ("postgresql+asyncpg://u@h/db", "unsupported driver"),
    ],
)
def test_bad_urls_exit_2_without_password(
    url: str, words: str, example_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(["data-models", "verify", "--spec", str(example_spec), "--db", url])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err
    assert "topsecret" not in err and "tiger" not in err
    assert "Traceback" not in err


@pytest.mark.db("mariadb")
def test_wrong_credentials(
    mariadb_url: str, example_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sa.make_url(mariadb_url).set(username="nobody_pdw", password="hunter2")
    code = run_cli(
        [
            "data-models",
            "verify",
            "--spec",
            str(example_spec),
            "--db",
            url.render_as_string(hide_password=False),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "cannot connect" in err and "hunter2" not in err


def test_refuses_sqlite_file_with_tables(tmp_path: Path, example_spec: Path) -> None:
    db = tmp_path / "app.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(InputError, match="already has 1 table"):
        verify(load(example_spec), f"sqlite:///{db}", rows=50)
    report = verify(load(example_spec), f"sqlite:///{db}", rows=50, in_place=True)
    assert not report.has_findings
    engine = sa.create_engine(f"sqlite:///{db}")
    assert sa.inspect(engine).get_table_names() == ["customers"]  # ours dropped, theirs kept
    engine.dispose()


def test_sqlite_file_sandbox_is_removed(tmp_path: Path, example_spec: Path) -> None:
    db = tmp_path / "fresh.db"
    verify(load(example_spec), f"sqlite:///{db}", rows=50)
    assert not db.exists()


@pytest.mark.db("postgresql")
def test_refuses_postgresql_schema_with_tables(postgresql_url: str, example_spec: Path) -> None:
    admin = sa.create_engine(postgresql_url, isolation_level="AUTOCOMMIT")
    name = f"pdw_refuse_{os.getpid()}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = sa.make_url(postgresql_url).set(database=name).render_as_string(hide_password=False)
    try:
        other = sa.create_engine(url)
        with other.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE customers (id int primary key)")
        other.dispose()
        with pytest.raises(InputError, match="schema 'public'.*already has 1 table"):
            verify(load(example_spec), url, rows=50)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


_HOLDER = """
import sys, time
from pydev_workflow.verify.sandbox import open_sandbox
from pydev_workflow.verify.urls import parse_target
with open_sandbox(parse_target(sys.argv[1]), in_place=True) as box:
    print(box.name, flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_killed_run_is_cleaned_by_the_next(engine: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue(f"{engine}_url")
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        name = proc.stdout.readline().strip()
        assert name.startswith("pdw_verify_")
        # alive: a concurrent run must not touch it
        from pydev_workflow.verify.sandbox import open_sandbox

        with open_sandbox(parse_target(url), in_place=True) as box:
            assert name not in box.cleaned
        assert name in _sandboxes(url)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert name in _sandboxes(url)  # SIGKILL: nothing could clean up
    from pydev_workflow.verify.sandbox import open_sandbox

    # the server notices the dead session (and frees its lock) within moments, longer on a
    # loaded machine: the next run sweeps the sandbox as soon as its lock is free
    cleaned: tuple[str, ...] = ()
    deadline = time.monotonic() + 20
    while name not in cleaned and time.monotonic() < deadline:
        time.sleep(0.25)
        with open_sandbox(parse_target(url), in_place=True) as box:
            cleaned = tuple(box.cleaned)
    assert name in cleaned
    assert name not in _sandboxes(url)


def test_killed_run_on_sqlite_file_is_cleaned_by_the_next(
    tmp_path: Path, example_spec: Path
) -> None:
    db = tmp_path / "sandbox.db"
    url = f"sqlite:///{db}"
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "sandbox.db"
        # alive: another run refuses the file instead of deleting it under the owner
        with pytest.raises(InputError, match=f"in use by another verify run \\(pid {proc.pid}\\)"):
            verify(load(example_spec), url, rows=20)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert db.exists()  # SIGKILL: the owner could not remove its file
    report = verify(load(example_spec), url, rows=20)
    assert report.cleaned == (str(db),)
    assert "removed stale sandbox" in report.messages[0]
    assert not report.has_findings
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing left behind
