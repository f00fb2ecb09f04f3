"""Throwaway places to verify in: SQLite file or memory, a PostgreSQL schema, a MariaDB database.

Each sandbox has a unique name `pdw_verify_<hex>` and is dropped on exit, also on Ctrl-C and
on errors. A run that is killed outright (SIGKILL, power loss) cannot clean up, so every run
first removes the sandboxes of dead runs: a live run holds a lock on its sandbox's name for its
whole life (a PostgreSQL session advisory lock, a MariaDB `GET_LOCK`, a SQLite marker table
holding the owner's pid), and the server releases the lock when the owner's session dies.
"""

# lazy: sqlalchemy — rules and SARIF output load verify's modules for their code tables only
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.dialects.driver import Target, connect_error, create_engine
from pydev_workflow.errors import InputError, Loc, Problem

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from pydev_workflow.dialects.adapter import EngineAdapter, ServerAdapter

PREFIX = "pdw_verify_"
MARKER = "_pdw_verify_owner"  # SQLite: the table naming the pid that owns a sandbox file


@dataclass
class Sandbox:
    """An open sandbox: an engine whose unqualified names land in the throwaway place."""

    target: Target
    engine: Engine
    name: str  # schema (PostgreSQL), database (MariaDB) or file/memory label (SQLite)
    schema: str | None = None  # what reflection should read (None: the default schema)
    cleaned: tuple[str, ...] = ()  # stale sandboxes of dead runs removed on the way in
    notes: list[str] = field(default_factory=list)
    existing: tuple[str, ...] = ()  # tables that were there before (SQLite --in-place): not ours
    kind: str = "file"  # schema, database, file

    @property
    def dialect(self) -> str:
        """Our dialect name: sqlite, postgresql or mariadb."""
        return self.target.dialect

    @property
    def adapter(self) -> EngineAdapter:
        """The engine's adapter (quoting, ANALYZE, sandbox statements)."""
        return adapter_for(self.target.dialect)


def new_name() -> str:
    """A unique sandbox name, valid unquoted on every engine."""
    return PREFIX + secrets.token_hex(5)


def _connect(engine: Engine, target: Target) -> Connection:
    try:
        return engine.connect()
    except Exception as exc:  # noqa: BLE001 - any driver error here means: cannot connect
        raise connect_error(target, exc) from None


def _refuse(target: Target, where: str, count: int) -> InputError:
    return InputError(
        Problem(
            Loc("--db"),
            f"{where} of {target.shown} already has {count} table(s); verify will not load "
            "synthetic data next to real data",
            "point --db at an empty database, or pass --in-place to run in a sandbox there anyway",
        )
    )


def owner_of(name: str) -> str:
    """The sandbox name whose lock owns `name` (`pdw_verify_<hex>`, or a place made for it)."""
    return name[: len(PREFIX) + 10]


def open_sandbox(
    target: Target,
    *,
    in_place: bool = False,
    database: bool = False,
    search_path: Sequence[str] = (),
) -> AbstractContextManager[Sandbox]:
    """Create a sandbox for `target`, yield it, and drop it whatever happens.

    `database=True` asks for a whole database instead of a schema (where the engine has
    both): a model whose tables live in several schemas, or that needs extensions, gets a place
    of its own; `search_path` names its schemas, for unqualified names to reach their tables.
    How each engine does it lives in its adapter (`dialects/<engine>.py`).

    Raises:
        InputError: the server is unreachable, the credentials are wrong, or the target
            already holds tables and `in_place` is False.
    """
    return adapter_for(target.dialect).sandbox(
        target, in_place=in_place, database=database, search_path=search_path
    )


def connect(engine: Engine, target: Target) -> Connection:
    """A connection, or a one-line input error naming the (redacted) target."""
    try:
        return engine.connect()
    except Exception as exc:  # noqa: BLE001 - any driver error here means: cannot connect
        raise connect_error(target, exc) from None


def refuse(target: Target, where: str, count: int) -> InputError:
    """The error for a target that already holds tables (without --in-place)."""
    return InputError(
        Problem(
            Loc(target.option),
            f"{where} of {target.shown} already has {count} table(s); verify will not load "
            "synthetic data next to real data",
            f"point {target.option} at an empty database, or pass --in-place to run in a "
            "sandbox there anyway",
        )
    )


@contextmanager
def server_sandbox(
    adapter: ServerAdapter,
    target: Target,
    *,
    in_place: bool,
    database: bool,
    search_path: Sequence[str] = (),
) -> Iterator[Sandbox]:
    """The sandbox of a database server: a schema or database of our own, locked while alive.

    The lock lives as long as the admin session: the next run sees a dead owner by taking it.
    Only the places this run created (by their generated names) are dropped.
    """
    import sqlalchemy as sa

    kind = "database" if database or not adapter.has_schemas else "schema"
    admin = create_engine(target, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
    conn = connect(admin, target)
    engine: Engine | None = None
    name = new_name()
    created: list[str] = []
    try:
        cleaned = sweep(adapter, conn, kind)
        where, count = adapter.occupied(conn)
        if count and not in_place:
            raise refuse(target, where, count)
        adapter.lock(conn, name)
        adapter.create_place(conn, name, kind)
        created.append(name)
        engine = adapter.sandbox_engine(target, name, kind, search_path)
        yield Sandbox(
            target,
            engine,
            name,
            schema=name if kind == "schema" else None,
            cleaned=cleaned,
            kind=kind,
        )
    finally:
        if engine is not None:
            engine.dispose()
        with suppress(Exception):
            for place in reversed(created):
                adapter.drop_place(conn, place, kind)
        with suppress(Exception):
            adapter.unlock_all(conn)
        conn.close()
        admin.dispose()


def sweep(adapter: ServerAdapter, conn: Connection, kind: str) -> tuple[str, ...]:
    """Drop the sandboxes (schemas or databases) of runs that died: nobody holds their lock."""
    dropped: list[str] = []
    for name in adapter.list_places(conn, kind, PREFIX):
        if not name.startswith(PREFIX):
            continue  # LIKE is case-insensitive on some collations: only exactly ours
        owner = owner_of(name)
        if not adapter.try_lock(conn, owner):
            continue  # a live run owns it
        try:
            adapter.drop_place(conn, name, kind)
            dropped.append(name)
        finally:
            adapter.unlock(conn, owner)
    return tuple(dropped)


# -- SQLite: memory, or a file we own -----------------------------------------------------------
def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def catalog(conn: Connection) -> set[tuple[str, str]]:
    """SQLite: every (type, name) in sqlite_master, the snapshot --in-place compares against."""
    import sqlalchemy as sa

    rows = conn.execute(sa.text("SELECT type, name FROM sqlite_master")).all()
    return {(str(t), str(n)) for t, n in rows}


def _sqlite_owner(engine: Engine) -> int | None:
    import sqlalchemy as sa

    with engine.connect() as conn:
        names = {n for t, n in catalog(conn) if t == "table"}
        if MARKER not in names:
            return None
        q: Any = sa.select(sa.column("pid")).select_from(sa.table(MARKER))
        return int(conn.execute(q).scalar() or 0)


@contextmanager
def sqlite_sandbox(adapter: EngineAdapter, target: Target, *, in_place: bool) -> Iterator[Sandbox]:
    """SQLite: a new file we own (deleted afterwards), memory, or --in-place in a user's file.

    In a user's file the catalog (sqlite_master) is read first; on the way out every object
    that was not in that snapshot is dropped, and nothing else (never chosen by its name).
    """
    import sqlalchemy as sa

    if target.memory:
        # one connection for the whole run: every new connection to :memory: is a new database
        engine = sa.create_engine("sqlite://", poolclass=sa.pool.StaticPool)
        try:
            yield Sandbox(target, engine, "memory")
        finally:
            engine.dispose()
        return
    assert target.path is not None
    path = Path(target.path)
    cleaned: tuple[str, ...] = ()
    if path.exists():
        probe = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
        try:
            owner = _sqlite_owner(probe)
            with probe.connect() as conn:
                tables = [n for t, n in catalog(conn) if t == "table" and not _internal(n)]
        except Exception as exc:  # noqa: BLE001 - not a database file, unreadable …
            raise InputError(
                Problem(
                    Loc(target.option),
                    f"cannot open {target.shown}: {target.scrub(str(exc).splitlines()[0])}",
                )
            ) from None
        finally:
            probe.dispose()
        if owner is not None and not _pid_alive(owner):
            path.unlink()  # a sandbox file left by a killed run
            cleaned = (str(path),)
        elif owner is not None:
            raise InputError(
                Problem(
                    Loc(target.option),
                    f"{target.shown} is in use by another verify run (pid {owner})",
                )
            )
        elif tables and not in_place:
            raise refuse(target, "the file", len(tables))
    fresh = not path.exists()
    before: set[tuple[str, str]] = set()
    engine = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
    try:
        try:
            with engine.begin() as conn:
                before = catalog(conn)
                if fresh:
                    marker = sa.table(MARKER, sa.column("pid"))
                    conn.execute(sa.text(f"CREATE TABLE {adapter.quote(MARKER)} (pid INTEGER)"))
                    conn.execute(sa.insert(marker).values(pid=os.getpid()))
        except Exception as exc:  # noqa: BLE001 - directory missing, read-only …
            raise InputError(
                Problem(
                    Loc(target.option),
                    f"cannot create {target.shown}: {target.scrub(str(exc).splitlines()[0])}",
                )
            ) from None
        existing = tuple(sorted(n for t, n in before if t == "table"))
        box = Sandbox(target, engine, path.name, cleaned=cleaned, existing=existing)
        if not fresh:
            box.notes.append(
                f"--in-place: verifying inside {path.name}; the objects verify creates are "
                "dropped, the file's own are left as they were"
            )
        yield box
    finally:
        engine.dispose()
        if fresh:
            with suppress(FileNotFoundError):
                path.unlink()
            for suffix in ("-journal", "-wal", "-shm"):
                with suppress(FileNotFoundError):
                    Path(str(path) + suffix).unlink()
        else:
            drop_new(adapter, target, before)


def _internal(name: str) -> bool:
    return name.startswith("sqlite_")


def drop_new(adapter: EngineAdapter, target: Target, before: set[tuple[str, str]]) -> None:
    """SQLite --in-place: drop every catalog object that is not in the snapshot `before`."""
    import sqlalchemy as sa

    engine = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            new = catalog(conn) - before
            # views and triggers first, then tables (their indexes go with them), then indexes
            order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
            for kind, name in sorted(new, key=lambda x: (order.get(x[0], 9), x[1])):
                if kind == "table" and name == "sqlite_stat1":
                    # our ANALYZE made the statistics table (https://www.sqlite.org/fileformat2.html)
                    adapter.raw(conn, "DROP TABLE IF EXISTS sqlite_stat1")
                    continue
                if kind not in order or (kind, name) not in catalog(conn):
                    continue  # gone with its table, or an internal autoindex
                if _internal(name):
                    continue
                adapter.raw(conn, f"DROP {kind.upper()} IF EXISTS {adapter.quote(name)}")
    finally:
        engine.dispose()
