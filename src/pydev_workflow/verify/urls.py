"""Database URLs for verify: parsing, driver mapping, engine creation and password redaction."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydev_workflow.errors import InputError, Loc, Problem

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: URL scheme (before any `+driver`) -> (our dialect, SQLAlchemy URL scheme, driver module, extra)
_SCHEMES: dict[str, tuple[str, str, str, str]] = {
    "sqlite": ("sqlite", "sqlite", "sqlite3", ""),
    "postgresql": ("postgresql", "postgresql+psycopg", "psycopg", "postgresql"),
    "postgres": ("postgresql", "postgresql+psycopg", "psycopg", "postgresql"),
    "mysql": ("mariadb", "mysql+pymysql", "pymysql", "mysql"),
    "mariadb": ("mariadb", "mysql+pymysql", "pymysql", "mysql"),
}
_DRIVERS = {"psycopg": "psycopg", "pymysql": "pymysql", "pysqlite": "sqlite3"}

# user:password@ in any URL-looking text: the password is replaced, wherever it appears
_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.\-]*://[^:/@\s]*):(?P<pw>[^@\s]*)@", re.I)


def redact(text: str) -> str:
    """Replace every password inside URLs in `text` by `***` (also inside error messages).

    Example: `redact("postgresql://u:secret@h/db")` -> `postgresql://u:***@h/db`.
    """
    return _PASSWORD.sub(lambda m: f"{m.group('head')}:***@", text)


@dataclass(frozen=True, slots=True)
class Target:
    """Where verify runs: our dialect name and the SQLAlchemy URL (with its driver)."""

    dialect: str  # sqlite, postgresql, mariadb
    url: str  # SQLAlchemy URL, driver included; may hold a password: never print it
    memory: bool = False  # SQLite in memory
    path: str | None = None  # SQLite file

    @property
    def shown(self) -> str:
        """The URL with its password redacted, for every message."""
        return redact(self.url)


#: engine names `run --verify sqlite,postgresql` accepts instead of URLs: the local servers
LOCAL_DEFAULTS: dict[str, str] = {
    "postgresql": "postgresql://postgres@127.0.0.1:5432/test",
    "postgres": "postgresql://postgres@127.0.0.1:5432/test",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/test",
    "mysql": "mysql+pymysql://root@127.0.0.1:3306/test",
}


def parse_target(url: str | None) -> Target:
    """Map a user URL to a Target; None, `sqlite` or `sqlite://` means SQLite in memory.

    A bare engine name (`postgresql`, `postgres`, `mariadb`, `mysql`) means that engine's
    local default server (`LOCAL_DEFAULTS`).

    Accepts `postgresql://…` (psycopg driver), `mysql+pymysql://…`, `mariadb://…` and
    `sqlite:///file.db`.

    Raises:
        InputError: unsupported scheme, or the driver is not installed.
    """
    if url is None or url.strip() in ("", "sqlite://", "sqlite:///:memory:", "sqlite"):
        return Target("sqlite", "sqlite://", memory=True)
    raw = LOCAL_DEFAULTS.get(url.strip().lower(), url.strip())
    m = re.match(r"^([A-Za-z][A-Za-z0-9.\-]*)(?:\+([A-Za-z0-9_]+))?://(.*)$", raw, re.S)
    if m is None:
        raise InputError(
            Problem(
                Loc("--db"),
                f"not a database URL: {redact(raw)!r}",
                "e.g. postgresql://user@host:5432/db, mysql+pymysql://root@host:3306/db, "
                "sqlite:///file.db",
            )
        )
    scheme, driver, rest = m.group(1).lower(), m.group(2), m.group(3)
    if scheme not in _SCHEMES:
        raise InputError(
            Problem(
                Loc("--db"),
                f"unsupported database {scheme!r} in {redact(raw)!r}",
                "verify supports postgresql, mysql/mariadb and sqlite",
            )
        )
    ours, sa_scheme, module, extra = _SCHEMES[scheme]
    if driver is not None:
        if driver.lower() not in _DRIVERS:
            raise InputError(
                Problem(
                    Loc("--db"),
                    f"unsupported driver {driver!r} for {scheme}",
                    f"use {sa_scheme}:// (driver {module})",
                )
            )
        module = _DRIVERS[driver.lower()]
        sa_scheme = f"{sa_scheme.split('+')[0]}+{driver.lower()}"
    if importlib.util.find_spec(module) is None:
        raise InputError(
            Problem(
                Loc("--db"),
                f"the {scheme} driver {module!r} is not installed",
                f"pip install 'pydev-workflow[{extra}]'",
            )
        )
    sa_url = f"{sa_scheme}://{rest}"
    if ours == "sqlite":
        path = rest[1:] if rest.startswith("/") else rest
        if path in ("", ":memory:"):
            return Target("sqlite", "sqlite://", memory=True)
        return Target("sqlite", sa_url, path=path)
    return Target(ours, sa_url)


def create_engine(target: Target, **kwargs: Any) -> Engine:
    """A SQLAlchemy engine for `target`, with a short connect timeout for network engines."""
    import sqlalchemy as sa

    connect_args: dict[str, Any] = {}
    if target.dialect == "postgresql":
        connect_args["connect_timeout"] = 5
    elif target.dialect == "mariadb":
        connect_args["connect_timeout"] = 5
        # one INSERT of many rows: the server default of 16 MiB packets is plenty
        connect_args["local_infile"] = False
    try:
        return sa.create_engine(target.url, connect_args=connect_args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises ArgumentError & co for bad URLs
        raise InputError(
            Problem(Loc("--db"), f"cannot use {target.shown}: {redact(str(exc))}")
        ) from None


def connect_error(target: Target, exc: BaseException) -> InputError:
    """A one-line input error for a failed connection (unreachable, wrong password, no db)."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    hint = ""
    lowered = " ".join(text).lower()
    if "password" in lowered or "access denied" in lowered or "authentication" in lowered:
        hint = "check the user name and password in the URL"
    elif "refused" in lowered or "could not connect" in lowered or "can't connect" in lowered:
        hint = "is the server running and reachable at that host and port?"
    elif "does not exist" in lowered or "unknown database" in lowered:
        hint = "create the database first, or name an existing one"
    return InputError(
        Problem(Loc("--db"), f"cannot connect to {target.shown}: {redact(first)}", hint)
    )
