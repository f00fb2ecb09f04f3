"""Engine adapters: how verify talks to one engine (quoting, URL driver, sandbox, ANALYZE).

`Dialect` records say what an engine can express; an adapter says how to *do* things on it.
One subclass per engine lives next to its `DIALECT` in `dialects/<engine>.py`; code outside
asks `adapter_for(name)` and never compares engine names.

Every identifier an adapter puts into SQL goes through the engine's own quoting
(`identifier_preparer.quote`, which doubles embedded quote characters), and every value is a
bound parameter: nothing from a spec or a catalog is ever pasted into SQL text.
"""

# lazy: sqlalchemy — lint-doc, rules and render --format mermaid load the adapters' flags only
from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence, Sized
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from pydev_workflow.model import PartitionMethod
from pydev_workflow.model.schema import Sequence as ModelSequence

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from pydev_workflow.dialects.driver import Target
    from pydev_workflow.dialects.plans import Access
    from pydev_workflow.dialects.sandbox import Sandbox

IndexRow = tuple[str, bool, bool, list[str]]  # index name, primary, unique, columns
Pair = tuple[str, str]
#: table -> ((method, key columns), {partition: bound})
PartitionMap = dict[str, tuple[tuple[PartitionMethod, tuple[str, ...]], dict[str, str]]]


def catalog_sequence(
    name: str,
    schema: str | None,
    values: tuple[int, int, int, int, int, bool],
    defaults: tuple[int, int, int],
) -> ModelSequence:
    """A sequence read from a catalog, keeping only what differs from the engine's defaults.

    `values` are (start, increment, min, max, cache, cycle); `defaults` are the engine's
    (ascending max, descending min, cache): a spec that leaves them out reads back as it was.
    """
    start, increment, low, high, cache, cycle = values
    up_max, down_min, default_cache = defaults
    lo, hi = (1, up_max) if increment > 0 else (down_min, -1)
    return ModelSequence(
        name=name,
        schema=schema,
        start=None if start == (lo if increment > 0 else hi) else start,
        increment=None if increment == 1 else increment,
        min_value=None if low == lo else low,
        max_value=None if high == hi else high,
        cache=None if cache == default_cache else cache,
        cycle=bool(cycle),
    )


@dataclass
class CatalogExtras:
    """What SQLAlchemy's reflection leaves out for an engine, read from its catalogue."""

    descending: dict[tuple[str, str], tuple[bool, ...]] = field(default_factory=dict)
    checks: dict[str, list[tuple[str | None, str]]] | None = None
    #: (table, column tuple) -> (on delete, on update): SQLite's own record of FK actions
    fk_actions: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = field(default_factory=dict)
    #: SQLite tables declared with AUTOINCREMENT
    autoincrement: set[str] = field(default_factory=set)
    #: (schema or None, table, column) -> sequence of a PostgreSQL identity column
    sequences: dict[tuple[str, str], str] = field(default_factory=dict)
    #: table -> its foreign keys as the catalogue holds them, where SQLAlchemy's reflection may
    #: miss one: (name, columns, referred table, referred columns, on delete, on update)
    foreign_keys: dict[str, list[CatalogForeignKey]] | None = None
    #: table -> indexes SQLAlchemy's reflection skips, as its `get_multi_indexes` dicts
    #: (SQLite's expression keys: "Skipped unsupported reflection of expression-based index")
    indexes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: table -> engine options the catalogue holds that SQLAlchemy's reflection misreads or
    #: leaves out (MariaDB's `page_checksum=1`, `stats_sample_pages=5`), as the spec keeps them
    table_options: dict[str, dict[str, str]] = field(default_factory=dict)
    #: what the catalogue holds and the model does not (MariaDB `WITH SYSTEM VERSIONING`, an
    #: INVISIBLE column, an unknown table option): one line each, listed by `import db`
    not_carried: list[str] = field(default_factory=list)


CatalogForeignKey = tuple[str, tuple[str, ...], str, tuple[str, ...], str, str]


class EngineAdapter:
    """Behaviour shared by every engine; subclasses set the flags and override a few methods."""

    name: ClassVar[str] = ""  # our dialect name: sqlite, postgresql, mariadb, mysql
    sqlalchemy_name: ClassVar[str] = ""  # SQLAlchemy dialect module
    driver: ClassVar[str] = ""  # default SQLAlchemy driver (`postgresql+psycopg`)
    drivers: ClassVar[dict[str, str]] = {}  # accepted `+driver` -> the module it imports
    driver_extra: ClassVar[str] = ""  # the pip extra that installs the driver
    #: how the schemas named in a spec are kept inside a sandbox: "database" (a sandbox
    #: database of its own holds them under their own names), "collapse" (the sandbox is one
    #: namespace: verify maps every table into it) or "ddl" (the engine's DDL has no schemas)
    spec_schemas: ClassVar[str] = "collapse"
    file_database: ClassVar[bool] = False  # the URL's path is a file (SQLite), not a database

    # -- quoting --------------------------------------------------------------------------------
    #: the driver receives bulk-load SQL with `%s` placeholders (a `%` in a name is doubled)
    load_with_format_params: ClassVar[bool] = False

    @cached_property
    def sa_dialect(self) -> Any:
        """A SQLAlchemy dialect instance, for its identifier preparer.

        Paramstyle `named`: the preparer of a `format`/`pyformat` driver doubles each `%` in a
        name, which is right only for SQL sent with parameters (see `quote_for_params`).
        """
        module = importlib.import_module(f"sqlalchemy.dialects.{self.sqlalchemy_name}")
        return module.dialect(paramstyle="named")

    def quote(self, name: str) -> str:
        """`name` as the engine reads it back: quoted when needed, inner quotes doubled.

        For SQL sent to the driver without parameters (DDL, COPY, ANALYZE, PRAGMA).
        """
        return str(self.sa_dialect.identifier_preparer.quote(name))

    def quote_for_load(self, name: str) -> str:
        """`name` for the bulk-load statement, which some drivers get with `%s` parameters."""
        quoted = self.quote(name)
        return quoted.replace("%", "%%") if self.load_with_format_params else quoted

    def quote_schema(self, name: str) -> str:
        """A schema (or MySQL database) name, quoted by the engine's own rules."""
        return str(self.sa_dialect.identifier_preparer.quote_schema(name))

    def qualified(self, table: str, schema: str | None = None) -> str:
        """`schema.table`, each part quoted."""
        return (self.quote_schema(schema) + "." if schema else "") + self.quote(table)

    # -- connections ----------------------------------------------------------------------------
    @staticmethod
    def raw(conn: Connection, sql: str) -> Any:
        """Execute `sql` (quoted names, no values) as ONE statement, whatever it holds.

        A second statement smuggled in through a name (`x); DROP TABLE t; --`) must not run:
        sqlite3 runs one statement per call and pymysql does not enable multi-statements;
        PostgreSQL overrides this to use the extended protocol, which refuses a second one.
        It goes to the driver with an empty parameter list, so a `format`/`pyformat` driver
        reads `%` as a placeholder: each `%` is doubled first (`ANALYZE "%s"` stays as it is).
        """
        if conn.dialect.paramstyle in ("format", "pyformat"):
            sql = sql.replace("%", "%%")
        return conn.exec_driver_sql(sql)

    def connect_args(self) -> dict[str, Any]:
        """Driver arguments for every connection (timeouts)."""
        return {}

    def engine_in(
        self, target: Target, *, database: str | None = None, search_path: Sequence[str] = ()
    ) -> Engine:
        """An engine for `target` whose default database / schema search path is given."""
        import sqlalchemy as sa

        # lazy: driver.py imports this module; check and render, which connect nowhere, skip it
        from pydev_workflow.dialects.driver import engine_url

        url, secret = engine_url(target.url)
        if database is not None:
            url = url.set(database=database)
        args = {**self.connect_args(), **secret}
        return sa.create_engine(url, poolclass=sa.pool.NullPool, connect_args=args)

    # -- sandboxes ------------------------------------------------------------------------------
    def sandbox(
        self,
        target: Target,
        *,
        in_place: bool = False,
        database: bool = False,
        search_path: Sequence[str] = (),
    ) -> AbstractContextManager[Sandbox]:
        """A context manager creating a sandbox, yielding it, and dropping it on exit."""
        raise NotImplementedError

    def analyze(self, conn: Connection, tables: Sequence[tuple[str | None, str]]) -> None:
        """Refresh the statistics of (schema, table) pairs (only ours: never the whole database)."""
        for schema, table in tables:
            self.raw(conn, "ANALYZE " + self.qualified(table, schema))

    def foreign_key_checks(self, on: bool) -> str | None:
        """The statement switching this session's FK enforcement on/off (None: leave it)."""
        return None

    # -- loading synthetic rows (verify) -------------------------------------------------------
    #: rows go in through `COPY … FROM STDIN`, the driver adapting Python values (psycopg);
    #: else `INSERT … VALUES` through executemany, values as the driver stores them
    copy_load: ClassVar[bool] = False
    #: dates, times, timestamps and decimals are stored as text (SQLite has no such types)
    text_temporals: ClassVar[bool] = False
    #: BIT(n) takes an integer (MySQL/MariaDB), not a string of 0s and 1s
    bit_as_integer: ClassVar[bool] = False
    #: a failed statement aborts the transaction: roll back before the next one (PostgreSQL)
    error_aborts_transaction: ClassVar[bool] = False
    #: the schema unqualified names land in, where the engine has schemas (None: no such)
    default_schema: ClassVar[str | None] = None

    # -- reading expressions back from the catalog (verify) ------------------------------------
    #: LENGTH counts bytes and the catalog spells it OCTET_LENGTH (MySQL/MariaDB)
    length_as_octet_length: ClassVar[bool] = False
    #: TRUE/FALSE are stored as 1/0 (MySQL/MariaDB: https://mariadb.com/kb/en/boolean/)
    boolean_as_integer: ClassVar[bool] = False

    # -- reading the engine's SQL (import sql) -------------------------------------------------
    #: unquoted identifiers read back in lower case (PostgreSQL folds them)
    folds_to_lower: ClassVar[bool] = False
    #: the server cuts longer identifiers to this many characters (None: it keeps or refuses them)
    truncates_names_at: ClassVar[int | None] = None
    #: `#` starts a comment and `\` escapes inside '…' strings (MySQL/MariaDB)
    hash_comments: ClassVar[bool] = False
    #: `[name]` quotes an identifier (SQLite accepts MS Access / SQL Server brackets)
    bracket_names: ClassVar[bool] = False
    #: CREATE TRIGGER bodies are `BEGIN … END;` holding `;` (not a dollar-quoted function)
    trigger_blocks: ClassVar[bool] = True
    #: any words are a type name and map to a storage class by their affinity (SQLite)
    type_affinity: ClassVar[bool] = False
    #: `BINARY(n)` is fixed-length binary (PostgreSQL has no such type)
    fixed_binary: ClassVar[bool] = True
    #: TINYINT (one byte) and MEDIUMINT (three) are integers of their own (SQLite reads them as
    #: INTEGER affinity)
    tinyint: ClassVar[bool] = True
    #: REAL is DOUBLE (MySQL/MariaDB, unless the REAL_AS_FLOAT mode is set), not single
    real_is_double: ClassVar[bool] = False
    #: a `json` type that keeps the text as written, beside the binary one the model's JSON
    #: renders (PostgreSQL json / jsonb): reading it as JSON is said at the column
    textual_json: ClassVar[bool] = False
    #: NCHAR/NVARCHAR use this character set (None: the engine's national set is the default)
    national_charset: ClassVar[str | None] = None
    #: `AUTOINCREMENT` is a column keyword of its own worth keeping (SQLite: ids never reused)
    autoincrement_keyword: ClassVar[bool] = False
    #: table options after the column list (`ENGINE=`, `COMMENT=`, `CHARSET=`: MySQL/MariaDB)
    table_options: ClassVar[bool] = False
    #: no enum type: a CHECK listing a text column's values is how an enum is written (SQLite)
    enums_as_checks: ClassVar[bool] = False
    #: `TINYINT(1)` is how the engine writes BOOLEAN (MySQL/MariaDB)
    tinyint1_boolean: ClassVar[bool] = False
    #: the key of `options:` maps for what only this engine's source writes (name if empty)
    option_key: ClassVar[str] = ""

    # -- reading the engine's catalog (import db) ----------------------------------------------
    #: only a column typed exactly INTEGER as the lone primary key is auto-assigned (the rowid)
    rowid_identity: ClassVar[bool] = False
    #: a foreign key no index covers gets an index of its own, named after it (InnoDB)
    fk_makes_index: ClassVar[bool] = False
    #: the prefixes of the SQLAlchemy keyword arguments holding this engine's index and table
    #: options (`postgresql_where`, `mysql_length`), in the order they are read:
    #: https://docs.sqlalchemy.org/en/20/core/foundation.html#sqlalchemy.sql.base.DialectKWArgs
    kwarg_prefixes: ClassVar[tuple[str, ...]] = ()
    #: SQLAlchemy's reflection reports a quote character inside a name doubled
    reflection_doubles_quotes: ClassVar[bool] = False

    def reflected_name(self, name: str) -> str:
        """A name as SQLAlchemy's reflection reported it, back to what the catalog holds."""
        if not self.reflection_doubles_quotes:
            return name
        quote = str(self.sa_dialect.identifier_preparer.final_quote)
        return name.replace(quote + quote, quote)

    def reflect_with_schema_names(self, conn: Connection, default_schema: str) -> None:
        """Make reflection name the schema of every referenced table outside `default_schema`."""

    def catalog_extras(self, conn: Connection, schemas: tuple[str, ...] = ()) -> CatalogExtras:
        """What SQLAlchemy's reflection leaves out here, read from the catalog (import db)."""
        return CatalogExtras()

    def partitions(self, conn: Connection, schemas: tuple[str, ...] = ()) -> PartitionMap:
        """Table -> ((method, key), {partition: bound}) of the partitioned tables (import db)."""
        return {}

    def standalone_sequences(
        self, conn: Connection, schemas: tuple[str, ...] = ()
    ) -> tuple[ModelSequence, ...]:
        """The sequences no column owns (import db); none on an engine without sequences."""
        return ()

    def builtin_collation(self, name: str) -> bool:
        """True for a collation every server of the engine has (not made by CREATE COLLATION)."""
        return True

    def engine_named(self, kind: str, name: str, table: str, columns: tuple[str, ...]) -> bool:
        """True if `name` is the one the engine gives an unnamed constraint of `kind` on `table`.

        `kind` is one of primary, foreign, unique, check; `columns` are the constrained columns
        (for a CHECK: the table's columns, any of which may give the name).
        """
        return False

    # -- query plans ----------------------------------------------------------------------------
    #: containment as operators of the column's type (full text, arrays, JSON) instead of LIKE
    native_containment: ClassVar[bool] = False

    def explain(self, conn: Connection, sql: str, params: Any, labels: dict[str, str]) -> Access:
        """The engine's plan of `sql` condensed to an Access (index names via `labels`)."""
        raise NotImplementedError

    def index_catalog(self, conn: Connection, table: str) -> tuple[list[IndexRow], list[Pair]]:
        """Each index of `table` as (name, primary, unique, columns), and partition links.

        The second list pairs a partition's index with the parent index it is attached to.
        """
        raise NotImplementedError


class ServerAdapter(EngineAdapter):
    """An engine on a server: the sandbox is a schema or a database of our own, locked by name."""

    has_schemas: ClassVar[bool] = False  # schemas inside a database (PostgreSQL), or not

    def connect_args(self) -> dict[str, Any]:
        """A short connect timeout: an unreachable host fails in seconds."""
        return {"connect_timeout": 5}

    def sandbox(
        self,
        target: Target,
        *,
        in_place: bool = False,
        database: bool = False,
        search_path: Sequence[str] = (),
    ) -> AbstractContextManager[Sandbox]:
        """A schema (`database=False`, where the engine has schemas) or database of our own."""
        # lazy: only verify opens a sandbox; check, render and import load the adapters without it
        from pydev_workflow.dialects.sandbox import server_sandbox

        return server_sandbox(
            self, target, in_place=in_place, database=database, search_path=search_path
        )

    def sandbox_engine(
        self, target: Target, name: str, kind: str, search_path: Sequence[str] = ()
    ) -> Engine:
        """An engine whose unqualified names land in the sandbox `name`."""
        return self.engine_in(target, database=name)

    # the hooks of `server_sandbox`, each one statement with quoted names and bound values
    def list_places(self, conn: Connection, kind: str, prefix: str) -> list[str]:
        """Names of the schemas/databases starting with `prefix`."""
        raise NotImplementedError

    def occupied(self, conn: Connection) -> tuple[str, int]:
        """(where, how many tables) the URL points at: verify refuses to write next to data."""
        raise NotImplementedError

    def create_place(self, conn: Connection, name: str, kind: str) -> None:
        """CREATE the sandbox schema/database `name`."""
        raise NotImplementedError

    def drop_place(self, conn: Connection, name: str, kind: str) -> None:
        """DROP the sandbox schema/database `name` and all in it."""
        raise NotImplementedError

    def lock(self, conn: Connection, key: str) -> None:
        """Hold the session lock `key` while the run lives."""
        raise NotImplementedError

    def try_lock(self, conn: Connection, key: str) -> bool:
        """Take lock `key` if nobody holds it (a dead run's sandbox)."""
        raise NotImplementedError

    def unlock(self, conn: Connection, key: str) -> None:
        """Release lock `key`."""
        raise NotImplementedError

    def unlock_all(self, conn: Connection) -> None:
        """Release every lock of this session."""
        raise NotImplementedError


_ADAPTERS = {
    "postgresql": "pydev_workflow.dialects.postgresql:ADAPTER",
    "sqlite": "pydev_workflow.dialects.sqlite:ADAPTER",
    "mysql": "pydev_workflow.dialects.mysql:ADAPTER",
    "mariadb": "pydev_workflow.dialects.mariadb:ADAPTER",
}
_ALIASES = {"postgres": "postgresql", "pg": "postgresql", "sqlite3": "sqlite"}


def adapter_for(name: str) -> EngineAdapter:
    """The adapter of engine `name` (postgresql, sqlite, mysql, mariadb; aliases accepted)."""
    # hot: reflection asks once per column and constraint (8,000 times for 1,000 tables)
    try:
        return _LOADED[name]
    except KeyError:
        pass
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    module, _, attr = _ADAPTERS[key].partition(":")
    adapter: EngineAdapter = getattr(importlib.import_module(module), attr)
    _LOADED[name] = adapter
    return adapter


#: the adapters asked for so far, by the name they were asked by
_LOADED: dict[str, EngineAdapter] = {}


def adapters() -> Iterator[EngineAdapter]:
    """Every adapter, once each."""
    for name in _ADAPTERS:
        yield adapter_for(name)


def kwarg_prefixes(name: str | None) -> tuple[str, ...]:
    """The SQLAlchemy keyword prefixes engine `name` reads; every engine's for None.

    None is a declared MetaData that belongs to no engine: any engine's options count.
    """
    if name is not None:
        return adapter_for(name).kwarg_prefixes
    return tuple(dict.fromkeys(p for a in adapters() for p in a.kwarg_prefixes))


def dialect_kwarg(options: Mapping[str, Any], key: str, prefixes: Sequence[str]) -> Any:
    """The first set `<prefix>_<key>` of `options` (`mysql_length`, `mariadb_length`).

    Unset is None or empty; a value may be an SQL clause (`sqlite_where`), which has no truth.
    """
    if not options:
        return None  # most reflected indexes have no options: skip building the keys
    for prefix in prefixes:
        value = options.get(f"{prefix}_{key}")
        if value is not None and not (isinstance(value, Sized) and len(value) == 0):
            return value
    return None


__all__ = [
    "CatalogExtras",
    "EngineAdapter",
    "PartitionMap",
    "ServerAdapter",
    "adapter_for",
    "adapters",
    "dialect_kwarg",
    "kwarg_prefixes",
]
