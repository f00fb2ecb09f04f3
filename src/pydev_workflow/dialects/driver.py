"""Database URLs for verify and import db: parsing, driver mapping, engines, redaction."""

# lazy: sqlalchemy — rules and SARIF output load this module (verify's code tables), connect nowhere
from __future__ import annotations

import importlib.util
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.errors import InputError, Loc, Problem

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: URL scheme (before any `+driver`) -> the engine adapter that serves it
_SCHEMES: dict[str, str] = {
    "sqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "mysql": "mariadb",
    "mariadb": "mariadb",
}
#: where `verify` and `run --verify` read database URLs when none is given on the command line
ENV_URL = "PYDEV_WORKFLOW_DB_URL"

# user:password@ in any URL-looking text: the password (up to the LAST @ of the word, so an @
# inside the password does not leak its tail) is replaced, wherever it appears
_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.\-]*://[^:/@\s]*):(?P<pw>[^\s]*)@", re.I)
#: query parameters (and libpq keywords) that carry secrets, matched on the lower-cased name
_SECRET_KEY = re.compile(r"pass|pwd|secret|token|credential|api_?key|private", re.I)
# key=value pairs with a secret key, in a query string, a libpq DSN or an error message
_SECRET_PAIR = re.compile(
    r"(?P<key>\b[a-z_]*(?:pass(?:word)?|passwd|pwd|secret|token|credentials?|api_?key)"
    r"[a-z_]*\s*=\s*)(?P<value>'[^']*'|\"[^\"]*\"|[^\s&;,]+)",
    re.I,
)
_HIDDEN = "***"


def is_secret_key(key: str) -> bool:
    """True when a URL query parameter named `key` carries a secret (password, token, …)."""
    return bool(_SECRET_KEY.search(key))


def redact(text: str) -> str:
    """Replace every password inside URLs and `password=…` pairs in `text` by `***`.

    Works on free text too (driver error messages). Example:
    `redact("postgresql://u:secret@h/db?sslpassword=x")` -> `postgresql://u:***@h/db?sslpassword=***`.
    """
    text = _PASSWORD.sub(lambda m: f"{m.group('head')}:{_HIDDEN}@", text)
    return _SECRET_PAIR.sub(lambda m: m.group("key") + _HIDDEN, text)


def _normalise(raw: str) -> str:
    """Percent-encode each `@` of the userinfo but the last, so an `@` in a password parses.

    `make_url("postgresql://u:p@ss@h/db")` would read the password `p` and the host `ss@h`:
    the password's tail would be printed as the host.
    """
    head, sep, rest = raw.partition("://")
    if not sep or head.lower().startswith("sqlite"):
        return raw
    scope = rest.split("?", 1)[0] if "@" in rest.split("?", 1)[0] else rest
    at = scope.rfind("@")
    if at <= 0 or "@" not in scope[:at]:
        return raw
    return f"{head}://{scope[:at].replace('@', '%40')}{rest[at:]}"


def parse_url(raw: str) -> Any:
    """`raw` parsed by SQLAlchemy's `make_url` (an `@` inside the password handled).

    Raises:
        sqlalchemy.exc.ArgumentError: not a URL SQLAlchemy can read.
    """
    import sqlalchemy as sa

    return sa.make_url(_normalise(raw))


def secrets_of(url: Any) -> tuple[str, ...]:
    """The secret values a parsed URL carries: its password and secret query parameters."""
    from urllib.parse import quote, quote_plus

    found: list[str] = []
    if url.password:
        found.append(str(url.password))
    for key, value in url.query.items():
        if is_secret_key(key):
            found += [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for s in found:
        out += [s, quote(s, safe=""), quote_plus(s, safe="")]
    return tuple(dict.fromkeys(x for x in out if x))


def engine_url(url: str) -> tuple[Any, dict[str, Any]]:
    """(URL, driver arguments) for an engine: secret query parameters move out of the URL.

    SQLAlchemy masks the password in an engine's repr (it appears in its error messages and
    tracebacks), but not `?password=…` or `?sslpassword=…`: those go to the driver as
    connect arguments instead, where no message shows them.
    """
    parsed = parse_url(url)
    secret = {k: v for k, v in parsed.query.items() if is_secret_key(k)}
    if not secret:
        return parsed, {}
    kept = {k: v for k, v in parsed.query.items() if k not in secret}
    return parsed.set(query=kept), secret


def show_url(url: Any) -> str:
    """THE way a URL is shown: password and secret query parameters replaced by `***`.

    Takes a URL string (parsed here) or a SQLAlchemy URL. Text that does not parse as a URL is
    redacted as free text.
    """
    if isinstance(url, str):
        try:
            url = parse_url(url)
        except Exception:  # noqa: BLE001 - not a URL: redact it as text
            return redact(url)
    query = {k: (_HIDDEN if is_secret_key(k) else v) for k, v in url.query.items()}
    shown = str(url.set(query=query).render_as_string(hide_password=True))
    return shown.replace("%2A%2A%2A", _HIDDEN)


def scrub(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with URL passwords redacted and each literal secret in `secrets` replaced."""
    text = redact(text)
    for s in sorted(secrets, key=len, reverse=True):
        if len(s) >= 3:  # a one- or two-letter password would shred the message, not hide
            text = text.replace(s, _HIDDEN)
    return text


@dataclass(frozen=True, slots=True)
class Target:
    """Where verify runs: our dialect name and the SQLAlchemy URL (with its driver)."""

    dialect: str  # sqlite, postgresql, mariadb
    url: str  # SQLAlchemy URL, driver included; may hold a password: never print it
    memory: bool = False  # SQLite in memory
    path: str | None = None  # SQLite file
    option: str = "--db"  # the command-line option the URL came from, for error locations

    @property
    def shown(self) -> str:
        """The URL with its password and secret parameters redacted, for every message."""
        return show_url(self.url)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The literal secrets of the URL, to scrub from driver messages."""
        try:
            return secrets_of(parse_url(self.url))
        except Exception:  # noqa: BLE001 - unparsable: redact() alone
            return ()

    def scrub(self, text: str) -> str:
        """`text` (e.g. a driver's error message) without this target's secrets."""
        return scrub(text, self.secrets)


#: engine names `run --verify sqlite,postgresql` accepts instead of URLs: the local servers, at
#: the database every server has (PostgreSQL's `postgres`; MySQL/MariaDB: none, the server), so
#: nothing has to be created first; verify makes its sandbox inside and drops it
LOCAL_DEFAULTS: dict[str, str] = {
    "postgresql": "postgresql://postgres@127.0.0.1:5432/postgres",
    "postgres": "postgresql://postgres@127.0.0.1:5432/postgres",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306",
    "mysql": "mysql+pymysql://root@127.0.0.1:3306",
}


def parse_target(url: str | None, option: str = "--db") -> Target:
    """Map a user URL to a Target; None, `sqlite` or `sqlite://` means SQLite in memory.

    A bare engine name (`postgresql`, `postgres`, `mariadb`, `mysql`) means that engine's
    local default server (`LOCAL_DEFAULTS`). `option` names the command-line option the URL
    came from, for the location of errors.

    Accepts `postgresql://…` (psycopg driver), `mysql+pymysql://…`, `mariadb://…` and
    `sqlite:///file.db`.

    Raises:
        InputError: unsupported scheme, or the driver is not installed.
    """
    if url is None or url.strip() in ("", "sqlite://", "sqlite:///:memory:", "sqlite"):
        return Target("sqlite", "sqlite://", memory=True, option=option)
    raw = LOCAL_DEFAULTS.get(url.strip().lower(), url.strip())
    m = re.match(r"^([A-Za-z][A-Za-z0-9.\-]*)(?:\+([A-Za-z0-9_]+))?://(.*)$", raw, re.S)
    if m is None:
        raise InputError(
            Problem(
                Loc(option),
                f"not a database URL: {show_url(raw)!r}",
                "e.g. postgresql://user@host:5432/db, mysql+pymysql://root@host:3306/db, "
                "sqlite:///file.db",
            )
        )
    scheme, driver, rest = m.group(1).lower(), m.group(2), m.group(3)
    if scheme not in _SCHEMES:
        raise InputError(
            Problem(
                Loc(option),
                f"unsupported database {scheme!r} in {show_url(raw)!r}",
                "verify supports postgresql, mysql/mariadb and sqlite",
            )
        )
    adapter = adapter_for(_SCHEMES[scheme])
    sa_scheme = adapter.driver
    module = next(iter(adapter.drivers.values()))
    if driver is not None:
        if driver.lower() not in adapter.drivers:
            raise InputError(
                Problem(
                    Loc(option),
                    f"unsupported driver {driver!r} for {scheme}",
                    f"use {sa_scheme}:// (driver {module})",
                )
            )
        module = adapter.drivers[driver.lower()]
        sa_scheme = f"{adapter.sqlalchemy_name}+{driver.lower()}"
    if importlib.util.find_spec(module) is None:
        raise InputError(
            Problem(
                Loc(option),
                f"the {scheme} driver {module!r} is not installed",
                f"pip install 'pydev-workflow[{adapter.driver_extra}]'",
            )
        )
    if adapter.file_database:
        path = rest[1:] if rest.startswith("/") else rest
        if path in ("", ":memory:"):
            return Target("sqlite", "sqlite://", memory=True, option=option)
        return Target("sqlite", f"{sa_scheme}://{rest}", path=path, option=option)
    try:
        parsed = parse_url(f"{sa_scheme}://{rest}")
    except Exception:  # noqa: BLE001 - SQLAlchemy's ArgumentError for a malformed URL
        raise InputError(
            Problem(Loc(option), f"not a database URL: {show_url(raw)!r}", "check its syntax")
        ) from None
    return Target(adapter.name, parsed.render_as_string(hide_password=False), option=option)


def create_engine(target: Target, **kwargs: Any) -> Engine:
    """A SQLAlchemy engine for `target`, with the connect arguments of its adapter."""
    import sqlalchemy as sa

    url, secret = engine_url(target.url)
    connect_args = {**adapter_for(target.dialect).connect_args(), **secret}
    try:
        return sa.create_engine(url, connect_args=connect_args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises ArgumentError & co for bad URLs
        raise InputError(
            Problem(Loc(target.option), f"cannot use {target.shown}: {target.scrub(str(exc))}")
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
        Problem(
            Loc(target.option), f"cannot connect to {target.shown}: {target.scrub(first)}", hint
        )
    )


# -- where URLs come from: the command line, the environment, pyproject.toml ----------------------
_ENGINE_NAMES = {"postgresql": "postgresql", "postgres": "postgresql", "pg": "postgresql",
                 "mariadb": "mariadb", "mysql": "mariadb", "sqlite": "sqlite"}  # fmt: skip
# a list of URLs: split at commas (or white space) that start another URL or engine name, so a
# comma inside a password or a query string stays where it is
_SPLIT = re.compile(r"\s*,\s*(?=[A-Za-z][A-Za-z0-9+.\-]*(?:://|\s*(?:,|$)))|\s+")


def split_urls(text: str) -> tuple[str, ...]:
    """`a, b c` -> (a, b, c): URLs and engine names, separated by commas or white space."""
    return tuple(p for p in _SPLIT.split(text.strip()) if p)


def configured_urls(root: Path | str | None = None) -> tuple[str, ...]:
    """Database URLs configured outside the command line, in order of precedence.

    1. the environment variable `PYDEV_WORKFLOW_DB_URL` (one URL or several, comma-separated);
    2. `db = "…"` (or a list) under `[tool.pydev-workflow]` in the project's pyproject.toml.

    Raises:
        InputError: pyproject.toml cannot be read or `db` is not a string or list of strings.
    """
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return split_urls(env)
    if root is None:
        return ()
    pyproject = Path(root) / "pyproject.toml"
    if not pyproject.is_file():
        return ()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(
            Problem(Loc("pyproject.toml"), f"cannot read pyproject.toml: {redact(str(exc))}")
        ) from None
    tool = data.get("tool", {}).get("pydev-workflow", {})
    value = tool.get("db") if isinstance(tool, dict) else None
    if value is None:
        return ()
    if isinstance(value, str):
        return split_urls(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(
        Problem(
            Loc("pyproject.toml"),
            "[tool.pydev-workflow] db must be a database URL or a list of URLs",
            'e.g. db = "postgresql://user@host:5432/db"',
        )
    )


def _engine_of(url: str) -> str | None:
    head = url.strip().split("://", 1)[0].split("+", 1)[0].lower()
    return _ENGINE_NAMES.get(head)


def resolve(item: str | None, configured: tuple[str, ...] = (), option: str = "--db") -> Target:
    """The Target for a command-line item: a URL, an engine name, or None (the default).

    An engine name (`postgresql`, `mariadb`, …) takes the first configured URL of that engine
    (environment, then pyproject.toml), else the local default server. None takes the first
    configured URL, else SQLite in memory.
    """
    if item is None:
        return parse_target(configured[0] if configured else None, option)
    engine = _ENGINE_NAMES.get(item.strip().lower())
    if engine is not None and engine != "sqlite":
        for url in configured:
            if _engine_of(url) == engine and "://" in url:
                return parse_target(url, option)
    return parse_target(item, option)
