"""MySQL 8: identifiers up to 64 characters, partitioning, no partial indexes."""

# lazy: sqlalchemy — lint-doc and render --format sqlalchemy load the adapters without SQLAlchemy
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from pydev_workflow.dialects.adapter import CatalogExtras, CatalogForeignKey, ServerAdapter
from pydev_workflow.dialects.base import Dialect, Limits
from pydev_workflow.dialects.plans import my_access
from pydev_workflow.model import IndexMethod, PartitionMethod

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from pydev_workflow.dialects.adapter import IndexRow, Pair, PartitionMap
    from pydev_workflow.dialects.plans import Access

DIALECT = Dialect(
    name="mysql",
    display="MySQL",
    sqlalchemy_name="mysql",
    # https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html
    max_identifier_length=64,
    reserved_words_ref="sqlalchemy.dialects.mysql.reserved_words:RESERVED_WORDS_MYSQL",
    index_methods=frozenset(
        {IndexMethod.BTREE, IndexMethod.HASH, IndexMethod.FULLTEXT, IndexMethod.SPATIAL}
    ),
    partitioning=True,
    expression_indexes=True,  # functional key parts since 8.0.13
    restrict_is_no_action=True,
    unsigned=True,
    json_as_text=True,
    set_null_needs_nullable=True,
    hash_index_is_btree=True,
    url_example="mysql+pymysql://root@127.0.0.1:3306/test",
    driver_extra="mysql",
    # https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html (M up to 65, D up to 30,
    # M >= D), floating-point-types.html (FLOAT(p), p up to 53), char.html (CHAR up to 255;
    # VARCHAR up to 65,535 bytes, 16,383 utf8mb4 characters) and column-count-limit.html (a row
    # holds 65,535 bytes, TEXT and BLOB not counted)
    # https://dev.mysql.com/doc/refman/8.0/en/binary-varbinary.html and integer-types.html
    holds_binary_length=True,
    # SQLAlchemy's Uuid is CHAR(32) hex on MySQL and UUID() has dashes (an expression default
    # needs MySQL 8.0.13: https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html)
    uuid_default_sql="(REPLACE(UUID(), '-', ''))",
    holds_tinyint=True,
    holds_mediumint=True,
    limits=Limits(
        decimal_precision=65,
        decimal_scale=30,
        scale_within_precision=True,
        float_precision=53,
        varchar_length=16383,
        char_length=255,
        row_bytes=65535,
        identifier_bytes=False,
        # the longest character of each character set (SHOW CHARACTER SET, Maxlen); a row and
        # a VARCHAR are limited in bytes: https://dev.mysql.com/doc/refman/8.0/en/char.html
        varchar_bytes=65535,
        # InnoDB with the DYNAMIC row format, the default since 5.7 / MariaDB 10.2:
        # https://dev.mysql.com/doc/refman/8.0/en/innodb-limits.html
        key_bytes=3072,
        charset_bytes=(
            *((cs, 1) for cs in ("latin1", "latin2", "latin5", "latin7", "ascii", "binary")),
            *((cs, 1) for cs in ("cp1250", "cp1251", "cp1256", "cp1257", "cp850", "cp852")),
            *((cs, 1) for cs in ("cp866", "koi8r", "koi8u", "greek", "hebrew", "tis620")),
            *((cs, 1) for cs in ("armscii8", "dec8", "geostd8", "hp8", "keybcs2", "macce")),
            *((cs, 1) for cs in ("macroman", "swe7")),
            *((cs, 2) for cs in ("big5", "gbk", "sjis", "cp932", "euckr", "gb2312", "ucs2")),
            *((cs, 3) for cs in ("utf8", "utf8mb3", "ujis", "eucjpms")),
            *((cs, 4) for cs in ("utf8mb4", "utf16", "utf16le", "utf32", "gb18030")),
        ),
    ),
)

#: `<table>_ibfk_<n>` for foreign keys, `CONSTRAINT_<n>` for table CHECKs (MariaDB) or
#: `<table>_chk_<n>` (MySQL), the column's name for a column CHECK and the first column's name
#: (`_2`, … on a clash) for a UNIQUE key:
#: https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
_FK = re.compile(r".+_ibfk_\d+")
_CHECK = re.compile(r"CONSTRAINT_\d+|.+_chk_\d+")


# -- behaviour: how verify works on MySQL / MariaDB ------------------------------------------------
class MySQLAdapter(ServerAdapter):
    """A database per run; the schemas a spec names are mapped into it.

    MySQL has no schemas inside a database: the spec's schemas are collapsed into the sandbox
    database, never created on the server under their own names.
    """

    name = "mysql"
    sqlalchemy_name = "mysql"
    #: SQLAlchemy's MariaDB dialect reads `mariadb_` arguments as well as `mysql_` ones, and a
    #: MySQL URL may reach a MariaDB server:
    #: https://docs.sqlalchemy.org/en/20/dialects/mysql.html#mariadb-only-mode
    kwarg_prefixes = ("mysql", "mariadb")
    #: SQLAlchemy reads names out of SHOW CREATE TABLE and leaves a backtick inside one doubled
    #: (`v``; --` for the column v`; --, which information_schema.columns holds as written):
    #: https://dev.mysql.com/doc/refman/8.0/en/identifiers.html
    reflection_doubles_quotes = True
    driver = "mysql+pymysql"
    drivers = {"pymysql": "pymysql", "mysqldb": "MySQLdb", "mariadbconnector": "mariadb"}
    driver_extra = "mysql"
    spec_schemas = "collapse"
    load_with_format_params = True  # INSERT … VALUES (%s, …) through pymysql's executemany
    # reading its SQL: https://dev.mysql.com/doc/refman/8.0/en/comments.html, string-literals.html
    hash_comments = True
    #: https://dev.mysql.com/doc/refman/8.0/en/charset-national.html
    national_charset: ClassVar[str | None] = "utf8mb3"
    table_options = True
    # https://dev.mysql.com/doc/refman/8.0/en/floating-point-types.html
    real_is_double = True
    tinyint1_boolean = True  # https://dev.mysql.com/doc/refman/8.0/en/numeric-type-syntax.html
    option_key = "mysql"  # MariaDB's too: one `mysql:` options map for both
    length_as_octet_length = True
    boolean_as_integer = True
    bit_as_integer = True
    fk_makes_index = True  # https://mariadb.com/kb/en/foreign-keys/  # https://dev.mysql.com/doc/refman/8.0/en/bit-type.html

    def engine_named(self, kind: str, name: str, table: str, columns: tuple[str, ...]) -> bool:
        """`PRIMARY`, `<table>_ibfk_<n>`, `CONSTRAINT_<n>`/`<table>_chk_<n>`, a column's name."""
        if kind == "primary":
            return name == "PRIMARY"
        if kind == "foreign":
            return bool(_FK.fullmatch(name)) and name.startswith(table)
        if kind == "check":
            return bool(_CHECK.fullmatch(name)) or name in columns
        if kind == "unique":
            return (
                bool(columns) and re.fullmatch(rf"{re.escape(columns[0])}(_\d+)?", name) is not None
            )
        return False

    def connect_args(self) -> dict[str, Any]:
        """Short connect timeout; LOAD DATA LOCAL off (verify never reads client files)."""
        return {"connect_timeout": 5, "local_infile": False}

    def list_places(self, conn: Connection, kind: str, prefix: str) -> list[str]:
        """Databases (information_schema.schemata) named `prefix…`."""
        import sqlalchemy as sa

        col: Any = sa.column("schema_name")
        query = (
            sa.select(col)
            .select_from(sa.table("schemata", schema="information_schema"))
            .where(col.startswith(prefix, autoescape=True))
            .order_by(col)
        )
        return [str(n) for n in conn.execute(query).scalars()]

    def occupied(self, conn: Connection) -> tuple[str, int]:
        """The URL's database and its table count (no database: nothing to protect)."""
        import sqlalchemy as sa

        where = conn.execute(sa.select(sa.func.database())).scalar()
        if not where:
            return "the server", 0
        t = sa.table("tables", sa.column("table_schema"), schema="information_schema")
        count = conn.execute(
            sa.select(sa.func.count()).select_from(t).where(t.c.table_schema == where)
        ).scalar()
        return f"database {where!r}", int(count or 0)

    def create_place(self, conn: Connection, name: str, kind: str) -> None:
        """CREATE DATABASE in utf8mb4."""
        self.raw(conn, f"CREATE DATABASE {self.quote_schema(name)} CHARACTER SET utf8mb4")

    def drop_place(self, conn: Connection, name: str, kind: str) -> None:
        """DROP DATABASE."""
        self.raw(conn, f"DROP DATABASE IF EXISTS {self.quote_schema(name)}")

    def lock(self, conn: Connection, key: str) -> None:
        """GET_LOCK: a named lock held until released or the session ends."""
        import sqlalchemy as sa

        conn.execute(sa.select(sa.func.get_lock(key, 0)))

    def try_lock(self, conn: Connection, key: str) -> bool:
        """GET_LOCK with no wait."""
        import sqlalchemy as sa

        return bool(conn.execute(sa.select(sa.func.get_lock(key, 0))).scalar())

    def unlock(self, conn: Connection, key: str) -> None:
        """RELEASE_LOCK."""
        import sqlalchemy as sa

        conn.execute(sa.select(sa.func.release_lock(key)))

    def unlock_all(self, conn: Connection) -> None:
        """RELEASE_ALL_LOCKS."""
        import sqlalchemy as sa

        conn.execute(sa.select(sa.func.release_all_locks()))

    def analyze(self, conn: Connection, tables: Sequence[tuple[str | None, str]]) -> None:
        """ANALYZE TABLE a, b (one statement; it returns a result set to read)."""
        if tables:
            names = ", ".join(self.qualified(t, s) for s, t in tables)
            self.raw(conn, "ANALYZE TABLE " + names).all()

    def foreign_key_checks(self, on: bool) -> str | None:
        """FOREIGN_KEY_CHECKS (https://mariadb.com/kb/en/server-system-variables/)."""
        return f"SET FOREIGN_KEY_CHECKS = {1 if on else 0}"

    def explain(self, conn: Connection, sql: str, params: Any, labels: dict[str, str]) -> Access:
        """EXPLAIN FORMAT=JSON (https://mariadb.com/kb/en/explain-format-json/)."""
        import json

        raw = conn.exec_driver_sql("EXPLAIN FORMAT=JSON " + sql, params).scalar()
        try:
            doc = json.loads(str(raw))
        except ValueError:
            # MariaDB writes a `"` inside a table name unescaped into its JSON: read the
            # tabular EXPLAIN instead (https://mariadb.com/kb/en/explain/)
            row: Any = conn.exec_driver_sql("EXPLAIN " + sql, params).mappings().first() or {}
            doc = {
                "table": {
                    "table_name": str(row.get("table", "")),
                    "access_type": str(row.get("type", "")),
                    "key": row.get("key"),
                    "using_filesort": "filesort" in str(row.get("Extra") or ""),
                }
            }
        return my_access(doc, labels)

    def index_catalog(self, conn: Connection, table: str) -> tuple[list[IndexRow], list[Pair]]:
        """information_schema.statistics of `table` in the current database."""
        grouped: dict[str, tuple[bool, list[str]]] = {}
        for name, non_unique, col in _catalog_rows(
            conn,
            "SELECT index_name, non_unique, column_name FROM information_schema.statistics "
            "WHERE table_schema = DATABASE() AND table_name = :t "
            "ORDER BY index_name, seq_in_index",
            t=table,
        ):
            grouped.setdefault(name, (not non_unique, []))[1].append(col)
        return [(n, n == "PRIMARY", u, c) for n, (u, c) in grouped.items()], []

    def catalog_extras(self, conn: Connection, schemas: tuple[str, ...] = ()) -> CatalogExtras:
        """What SQLAlchemy's reflection leaves out here, read from the catalog (import db)."""
        out = CatalogExtras()
        rows = _catalog_rows(
            conn,
            "SELECT table_name, index_name, collation FROM information_schema.statistics "
            "WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index",
        )
        for table, index, collation in rows:
            key = (table, index)
            out.descending[key] = (*out.descending.get(key, ()), collation == "D")
        # column-level CHECKs are not in SQLAlchemy's reflection; the JSON ones are MariaDB's
        # own (https://mariadb.com/kb/en/json-data-type/)
        found: dict[str, list[tuple[str | None, str]]] = {}
        out.checks = found
        try:
            checks = _catalog_rows(
                conn,
                "SELECT table_name, constraint_name, check_clause "
                "FROM information_schema.check_constraints "
                "WHERE constraint_schema = DATABASE() ORDER BY table_name, constraint_name",
            )
        except Exception:  # noqa: BLE001 - MySQL < 8.0.16 has no such view
            out.checks = None
            checks = []
        for table, name, clause in checks:
            found.setdefault(table, []).append((name, str(clause)))
        out.foreign_keys = _catalog_foreign_keys(conn)
        _tables_and_columns(conn, out)
        return out

    def partitions(self, conn: Connection, schemas: tuple[str, ...] = ()) -> PartitionMap:
        """Table -> ((method, key), {partition: bound}) of the partitioned tables (import db).

        `schemas` defaults to the default schema.
        """
        out: PartitionMap = {}
        rows = _catalog_rows(
            conn,
            "SELECT table_name, partition_method, partition_expression, partition_name, "
            "partition_description FROM information_schema.partitions "
            "WHERE table_schema = DATABASE() AND partition_name IS NOT NULL "
            "ORDER BY table_name, partition_ordinal_position",
        )
        for table, method, expr, name, desc in rows:
            try:
                pm = PartitionMethod(str(method).split()[0].lower())  # RANGE COLUMNS: range
            except ValueError:
                continue
            key = tuple(k.strip().strip("`") for k in str(expr).split(","))
            entry = out.setdefault(table, ((pm, key), {}))
            entry[1][name] = str(desc or "")
        # MySQL partitions are not separate tables: nothing to hide from reflection
        return out


ADAPTER = MySQLAdapter()


#: the table options the model keeps (`options: mysql:`), as `create_options` names them; the
#: SQL importer reads these too (importers/sqltable.py builds its _TABLE_OPTION from them)
CARRIED_TABLE_OPTIONS = frozenset(
    {
        "row_format", "key_block_size", "stats_persistent", "stats_auto_recalc", "pack_keys",
        "checksum", "delay_key_write", "avg_row_length", "max_rows", "min_rows",
        "insert_method", "compression", "encryption", "stats_sample_pages", "page_checksum",
        "transactional", "page_compressed", "page_compression_level",
    }
)  # fmt: skip
#: `create_options` words that are no option of the table's definition
_NOT_OPTIONS = frozenset({"partitioned"})


def _catalog_rows(conn: Connection, sql: str, **params: object) -> list[Any]:
    """The rows of one catalog query (information_schema), with its `:name` parameters."""
    import sqlalchemy as sa

    return list(conn.execute(sa.text(sql), params).all())


def _tables_and_columns(conn: Connection, out: CatalogExtras) -> None:
    """Table options, system versioning and INVISIBLE columns, from information_schema.

    SQLAlchemy's reflection misreads some options (PAGE_CHECKSUM=1 as CHECKSUM=1), leaves others
    out, and knows nothing of MariaDB's system-versioned tables and invisible columns.
    """
    rows = _catalog_rows(
        conn,
        "SELECT table_name, table_type, create_options FROM information_schema.tables "
        "WHERE table_schema = DATABASE() ORDER BY table_name",
    )
    for table, kind, created in rows:
        if str(kind).upper() == "SYSTEM VERSIONED":
            out.not_carried.append(f"{table}: WITH SYSTEM VERSIONING (table options: not modelled)")
        for word in str(created or "").split():
            key, _, value = word.partition("=")
            key = key.lower()
            if key in _NOT_OPTIONS or not value:
                continue
            if key in CARRIED_TABLE_OPTIONS:
                out.table_options.setdefault(str(table), {})[key] = value
            else:
                out.not_carried.append(f"{table}: {word} (table options: not modelled)")
    invisible = _catalog_rows(
        conn,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = DATABASE() AND extra LIKE '%INVISIBLE%' "
        "ORDER BY table_name, ordinal_position",
    )
    for table, column in invisible:
        out.not_carried.append(f"{table}.{column}: INVISIBLE (column options: not modelled)")


def _catalog_foreign_keys(conn: Connection) -> dict[str, list[CatalogForeignKey]]:
    """The foreign keys of the current database from information_schema.

    SQLAlchemy reads them from SHOW CREATE TABLE with a pattern that misses a referred table
    whose name holds a backtick, and drops such a key without a word.
    """
    rows = _catalog_rows(
        conn,
        "SELECT k.table_name, k.constraint_name, k.column_name, k.referenced_table_name, "
        "k.referenced_column_name, r.delete_rule, r.update_rule "
        "FROM information_schema.key_column_usage k "
        "JOIN information_schema.referential_constraints r "
        "ON r.constraint_schema = k.constraint_schema "
        "AND r.constraint_name = k.constraint_name AND r.table_name = k.table_name "
        "WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL "
        "ORDER BY k.table_name, k.constraint_name, k.ordinal_position",
    )
    keys: dict[tuple[str, str], CatalogForeignKey] = {}
    for table, name, column, ref_table, ref_column, on_delete, on_update in rows:
        got = keys.get((table, name))
        cols, refs = (got[1], got[3]) if got else ((), ())
        keys[table, name] = (
            name,
            (*cols, column),
            ref_table,
            (*refs, ref_column),
            str(on_delete),
            str(on_update),
        )
    out: dict[str, list[CatalogForeignKey]] = {}
    for (table, _), key in keys.items():
        out.setdefault(table, []).append(key)
    return out
