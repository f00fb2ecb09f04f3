"""Shared fixtures: real database servers, real git repositories, golden files."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "blog"
CORPUS = ROOT.parent / "shared" / "corpus"

DB_URLS = {
    "postgresql": os.environ.get(
        "PYDEV_TEST_POSTGRESQL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    ),
    "mariadb": os.environ.get("PYDEV_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/test"),
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


@pytest.fixture(scope="session")
def postgresql_url() -> str:
    """URL of the real PostgreSQL server (database `test`)."""
    return _server_url("postgresql")


@pytest.fixture(scope="session")
def mariadb_url() -> str:
    """URL of the real MariaDB server (database `test`)."""
    return _server_url("mariadb")


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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/blog in a fresh git repository with one initial commit."""
    dest = tmp_path / "blog"
    shutil.copytree(EXAMPLE, dest)
    for key, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }.items():
        monkeypatch.setenv(key, value)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", ".")
    git(dest, "commit", "-q", "-m", "initial")
    return dest
