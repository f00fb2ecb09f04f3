"""Throwaway places to verify in: SQLite file or memory, a PostgreSQL schema, a MariaDB database.

Each sandbox has a unique name `pdw_verify_<hex>` and is dropped on exit, also on Ctrl-C and
on errors. A run that is killed outright (SIGKILL, power loss) cannot clean up, so every run
first removes the sandboxes of dead runs: a live run holds a lock on its sandbox's name for its
whole life (a PostgreSQL session advisory lock, a MariaDB `GET_LOCK`, a SQLite marker table
holding the owner's pid), and the server releases the lock when the owner's session dies.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.verify.urls import Target, connect_error, create_engine, redact

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

PREFIX = "pdw_verify_"
MARKER = "_pdw_verify_owner"  # SQLite: the table naming the pid that owns a sandbox file
_LOCK_CLASS = 0x7064  # PostgreSQL advisory lock namespace ("pd"), paired with hashtext(name)


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

    @property
    def dialect(self) -> str:
        """Our dialect name: sqlite, postgresql or mariadb."""
        return self.target.dialect


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


@contextmanager
def open_sandbox(
    target: Target, *, in_place: bool = False, database: bool = False
) -> Iterator[Sandbox]:
    """Create a sandbox for `target`, yield it, and drop it whatever happens.

    `database=True` makes the PostgreSQL sandbox a whole database instead of a schema: a model
    whose tables live in several schemas, or that needs extensions, gets a place of its own.

    Raises:
        InputError: the server is unreachable, the credentials are wrong, or the target
            already holds tables and `in_place` is False.
    """
    if target.dialect == "postgresql" and database:
        with _postgresql_database(target, in_place) as box:
            yield box
    elif target.dialect == "postgresql":
        with _postgresql(target, in_place) as box:
            yield box
    elif target.dialect == "mariadb":
        with _mariadb(target, in_place) as box:
            yield box
    else:
        with _sqlite(target, in_place) as box:
            yield box


# -- PostgreSQL: a schema, search_path pointing at it -----------------------------------------
# (catalog query, DROP statement) per kind of PostgreSQL sandbox
_PG_STALE = {
    "schema": (
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE :p ORDER BY 1",
        'DROP SCHEMA IF EXISTS "{}" CASCADE',
    ),
    "database": (
        "SELECT datname FROM pg_database WHERE datname LIKE :p ORDER BY 1",
        'DROP DATABASE IF EXISTS "{}" WITH (FORCE)',
    ),
}


def _pg_clean_stale(conn: Connection, kind: str = "schema") -> tuple[str, ...]:
    """Drop the sandboxes (schemas or databases) of runs that died: nobody holds their lock."""
    import sqlalchemy as sa

    query, drop = _PG_STALE[kind]
    dropped: list[str] = []
    names = conn.execute(sa.text(query), {"p": PREFIX.replace("_", r"\_") + "%"}).scalars()
    for name in list(names):
        got = conn.execute(
            sa.text("SELECT pg_try_advisory_lock(:c, hashtext(:n))"), {"c": _LOCK_CLASS, "n": name}
        ).scalar()
        if not got:
            continue  # a live run owns it
        try:
            conn.execute(sa.text(drop.format(name)))
            conn.commit()  # a no-op on the AUTOCOMMIT connection of database sandboxes
            dropped.append(name)
        finally:
            conn.execute(
                sa.text("SELECT pg_advisory_unlock(:c, hashtext(:n))"),
                {"c": _LOCK_CLASS, "n": name},
            )
            conn.commit()
    return tuple(dropped)


@contextmanager
def _postgresql(target: Target, in_place: bool) -> Iterator[Sandbox]:
    import sqlalchemy as sa

    admin = create_engine(target, poolclass=sa.pool.NullPool)
    conn = _connect(admin, target)
    engine: Engine | None = None
    name = new_name()
    created = False
    try:
        cleaned = _pg_clean_stale(conn)
        where, count = conn.execute(
            sa.text(
                "SELECT current_schema(), (SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema())"
            )
        ).one()
        if count and not in_place:
            raise _refuse(target, f"schema {where!r}", int(count))
        # the lock lives as long as this session: the next run sees a dead owner by taking it
        conn.execute(
            sa.text("SELECT pg_advisory_lock(:c, hashtext(:n))"), {"c": _LOCK_CLASS, "n": name}
        )
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        conn.commit()
        created = True
        engine = create_engine_in(target, search_path=name)
        yield Sandbox(target, engine, name, schema=name, cleaned=cleaned)
    finally:
        if engine is not None:
            engine.dispose()
        with suppress(Exception):
            conn.rollback()
            if created:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
            conn.commit()
        conn.close()
        admin.dispose()


@contextmanager
def _postgresql_database(target: Target, in_place: bool) -> Iterator[Sandbox]:
    """A throwaway database on the server, for models with schemas or extensions of their own.

    The run's advisory lock is taken in the database of the URL, where the next run's stale
    check looks for it (advisory locks are scoped to one database).
    """
    import sqlalchemy as sa

    admin = create_engine(target, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
    conn = _connect(admin, target)
    engine: Engine | None = None
    name = new_name()
    created = False
    try:
        cleaned = _pg_clean_stale(conn, "database")
        conn.execute(
            sa.text("SELECT pg_advisory_lock(:c, hashtext(:n))"), {"c": _LOCK_CLASS, "n": name}
        )
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created = True
        engine = create_engine_in(target, database=name)
        yield Sandbox(target, engine, name, schema=None, cleaned=cleaned)
    finally:
        if engine is not None:
            engine.dispose()
        with suppress(Exception):
            if created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
        conn.close()
        admin.dispose()


def create_engine_in(
    target: Target, *, search_path: str | None = None, database: str | None = None
) -> Engine:
    """An engine for `target` whose default schema (PostgreSQL) or database (MariaDB) is given."""
    import sqlalchemy as sa

    url = sa.make_url(target.url)
    kwargs: dict[str, Any] = {}
    if database is not None:
        url = url.set(database=database)
    if search_path is not None:
        kwargs["connect_args"] = {"options": f"-c search_path={search_path}", "connect_timeout": 5}
    else:
        kwargs["connect_args"] = {"connect_timeout": 5}
    return sa.create_engine(url, poolclass=sa.pool.NullPool, **kwargs)


# -- MariaDB / MySQL: a database on the same server -------------------------------------------
def _my_clean_stale(conn: Connection) -> tuple[str, ...]:
    import sqlalchemy as sa

    dropped: list[str] = []
    names = [
        row[0]
        for row in conn.execute(
            sa.text("SHOW DATABASES LIKE :p"), {"p": PREFIX.replace("_", r"\_") + "%"}
        )
    ]
    for name in names:
        if not conn.execute(sa.text("SELECT GET_LOCK(:n, 0)"), {"n": name}).scalar():
            continue  # a live run owns it
        try:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
            dropped.append(name)
        finally:
            conn.execute(sa.text("SELECT RELEASE_LOCK(:n)"), {"n": name})
    return tuple(dropped)


@contextmanager
def _mariadb(target: Target, in_place: bool) -> Iterator[Sandbox]:
    import sqlalchemy as sa

    admin = create_engine(target, poolclass=sa.pool.NullPool, isolation_level="AUTOCOMMIT")
    conn = _connect(admin, target)
    engine: Engine | None = None
    name = new_name()
    created = False
    try:
        cleaned = _my_clean_stale(conn)
        where = conn.execute(sa.text("SELECT DATABASE()")).scalar()
        if where:
            count = conn.execute(
                sa.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :d"),
                {"d": where},
            ).scalar()
            if count and not in_place:
                raise _refuse(target, f"database {where!r}", int(count))
        conn.execute(sa.text("SELECT GET_LOCK(:n, 0)"), {"n": name})
        conn.execute(sa.text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        created = True
        engine = create_engine_in(target, database=name)
        yield Sandbox(target, engine, name, schema=None, cleaned=cleaned)
    finally:
        if engine is not None:
            engine.dispose()
        with suppress(Exception):
            if created:
                conn.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
            conn.execute(sa.text("SELECT RELEASE_ALL_LOCKS()"))
        conn.close()
        admin.dispose()


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


def _sqlite_tables(engine: Engine) -> list[str]:
    import sqlalchemy as sa

    with engine.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                sa.text(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            )
        ]


def _sqlite_owner(engine: Engine) -> int | None:
    import sqlalchemy as sa

    with engine.connect() as conn:
        try:
            return int(conn.execute(sa.text(f"SELECT pid FROM {MARKER}")).scalar() or 0)
        except Exception:  # noqa: BLE001 - no marker table: not ours
            return None


@contextmanager
def _sqlite(target: Target, in_place: bool) -> Iterator[Sandbox]:
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
            tables = _sqlite_tables(probe)
        except Exception as exc:  # noqa: BLE001 - not a database file, unreadable …
            raise InputError(
                Problem(
                    Loc("--db"), f"cannot open {target.shown}: {redact(str(exc).splitlines()[0])}"
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
                    Loc("--db"), f"{target.shown} is in use by another verify run (pid {owner})"
                )
            )
        elif tables and not in_place:
            raise _refuse(target, "the file", len(tables))
    fresh = not path.exists()
    before: set[str] = set()
    engine = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
    try:
        try:
            with engine.begin() as conn:
                before = {
                    r[0]
                    for r in conn.execute(
                        sa.text("SELECT name FROM sqlite_master WHERE type = 'table'")
                    )
                }
                if fresh:
                    conn.execute(sa.text(f"CREATE TABLE {MARKER} (pid INTEGER NOT NULL)"))
                    conn.execute(sa.text(f"INSERT INTO {MARKER} VALUES (:p)"), {"p": os.getpid()})
        except Exception as exc:  # noqa: BLE001 - directory missing, read-only …
            raise InputError(
                Problem(Loc("--db"), f"cannot create {target.shown}: {str(exc).splitlines()[0]}")
            ) from None
        box = Sandbox(target, engine, path.name, cleaned=cleaned, existing=tuple(sorted(before)))
        if not fresh:
            box.notes.append(
                f"--in-place: verifying inside {path.name}; the tables verify creates are dropped"
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
            _sqlite_drop_new(target, before)


def _sqlite_drop_new(target: Target, before: set[str]) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(target.url, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("PRAGMA foreign_keys = OFF"))
            for name in _sqlite_tables(engine):
                if name not in before:
                    conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}"'))
    finally:
        engine.dispose()
