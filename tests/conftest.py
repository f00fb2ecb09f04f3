"""Shared fixtures: real database servers, real git repositories, golden files."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "blog"
CORPUS = ROOT.parent / "shared" / "corpus"

DB_URLS = {
    "postgresql": os.environ.get(
        "PYDEV_TEST_POSTGRESQL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    ),
    "mariadb": os.environ.get("PYDEV_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/mysql"),
}


def _unavailable(reason: str) -> None:
    """A missing server fails under CI (never a silent skip) and skips elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}")
    pytest.skip(reason)


def _server_url(name: str) -> str:
    import sqlalchemy as sa

    url = DB_URLS[name]
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: no server
        _unavailable(f"{name} is not reachable at {url.split('@')[-1]}: {type(exc).__name__}")
    return url


def own_database(server_url: str) -> Iterator[str]:
    """A freshly created, uniquely named database on the server of `server_url`, dropped after.

    The tests never write into the server's `test` database (other people's tables may be
    there): each session works in a database of its own.
    """
    import sqlalchemy as sa

    name = f"pdw_test_{secrets.token_hex(5)}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    quoted = admin.dialect.identifier_preparer.quote_schema(name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    try:
        yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        force = " WITH (FORCE)" if admin.dialect.name == "postgresql" else ""
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted}{force}")
        admin.dispose()


@pytest.fixture(scope="session")
def postgresql_server() -> str:
    """URL of the real PostgreSQL server's default database (read only: never write there)."""
    return _server_url("postgresql")


@pytest.fixture(scope="session")
def mariadb_server() -> str:
    """URL of the real MariaDB server's default database (read only: never write there)."""
    return _server_url("mariadb")


@pytest.fixture(scope="session")
def postgresql_url(postgresql_server: str) -> Iterator[str]:
    """URL of a database of this test session's own on the real PostgreSQL server."""
    yield from own_database(postgresql_server)


@pytest.fixture(scope="session")
def mariadb_url(mariadb_server: str) -> Iterator[str]:
    """URL of a database of this test session's own on the real MariaDB server."""
    yield from own_database(mariadb_server)


@pytest.fixture
def own_postgresql_url(postgresql_server: str) -> Iterator[str]:
    """A PostgreSQL database of this test's own, for a test that writes outside a sandbox."""
    yield from own_database(postgresql_server)


@pytest.fixture
def own_mariadb_url(mariadb_server: str) -> Iterator[str]:
    """A MariaDB database of this test's own, for a test that writes outside a sandbox."""
    yield from own_database(mariadb_server)


_SERVER_FIXTURES = {
    "own_postgresql_url": "postgresql",
    "own_mariadb_url": "mariadb",
    "postgresql_url": "postgresql",
    "postgresql_server": "postgresql",
    "mariadb_url": "mariadb",
    "mariadb_server": "mariadb",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that reaches a server carries the `db` marker (`-m "not db"` skips them)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("engine") if callspec is not None else None
        if engine in ("postgresql", "mariadb"):  # request.getfixturevalue(f"{engine}_url")
            names.add(f"{engine}_url")
        marked = {m.args[0] for m in item.iter_markers("db") if m.args}
        for fixture, server in _SERVER_FIXTURES.items():
            if fixture in names and server not in marked:
                item.add_marker(pytest.mark.db(server))
                marked.add(server)


@pytest.fixture
def example_spec() -> Path:
    """The bundled example spec."""
    return EXAMPLE / "data-models.yaml"


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus (real schemas written by other people)."""
    if not CORPUS.is_dir():
        _unavailable(f"the shared corpus is missing at {CORPUS}")
    return CORPUS


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout


def git_copy(
    source: Path, dest: Path, monkeypatch: pytest.MonkeyPatch, message: str = "initial"
) -> Path:
    """`source` copied to `dest` as a fresh git repository with one commit (a test identity)."""
    shutil.copytree(source, dest)
    for key, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }.items():
        monkeypatch.setenv(key, value)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", ".")
    git(dest, "commit", "-q", "-m", message)
    return dest


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/blog in a fresh git repository with one initial commit."""
    return git_copy(EXAMPLE, tmp_path / "blog", monkeypatch)


def reaped(pid: int) -> bool:
    """True when the child `pid` is gone: reaped already (a forked job's stop() waits for it)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False
