"""SQLite: no ALTER TABLE ADD CONSTRAINT, no index methods but B-tree, no partitioning."""

# lazy: sqlalchemy — lint-doc and render --format sqlalchemy load the adapters without SQLAlchemy
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import CatalogExtras, EngineAdapter
from pydev_workflow.dialects.base import Dialect
from pydev_workflow.dialects.plans import sqlite_access

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.engine import Connection

    from pydev_workflow.dialects.adapter import IndexRow, Pair
    from pydev_workflow.dialects.driver import Target
    from pydev_workflow.dialects.plans import Access
    from pydev_workflow.dialects.sandbox import Sandbox

DIALECT = Dialect(
    name="sqlite",
    display="SQLite",
    sqlalchemy_name="sqlite",
    max_identifier_length=None,  # https://www.sqlite.org/limits.html: no identifier limit
    reserved_words_ref="sqlalchemy.dialects.sqlite.base:SQLiteIdentifierPreparer.reserved_words",
    partial_indexes=True,  # https://www.sqlite.org/partialindex.html
    expression_indexes=True,
    # https://www.sqlite.org/lang_altertable.html: foreign keys only inside CREATE TABLE
    alter_add_foreign_key=False,
    one_integer_type=True,
    enum_type=False,  # https://www.sqlite.org/datatype3.html: no ENUM; a CHECK of the values
    zero_dates=True,  # https://www.sqlite.org/datatype3.html: a date is text, any text
    url_example="sqlite:///app.db",
)


# -- behaviour: how verify works on SQLite -------------------------------------------------------
class SQLiteAdapter(EngineAdapter):
    """Memory, a file of our own, or --in-place in a user's file (catalog snapshot first)."""

    name = "sqlite"
    sqlalchemy_name = "sqlite"
    kwarg_prefixes = ("sqlite",)  # sqlite_where
    driver = "sqlite"
    drivers = {"pysqlite": "sqlite3"}
    spec_schemas = "ddl"
    file_database = True  # one namespace: the DDL itself drops the schema, with a note
    # reading its SQL: https://www.sqlite.org/lang_keywords.html, datatype3.html, autoinc.html
    bracket_names = True
    type_affinity = True
    tinyint = False
    autoincrement_keyword = True
    enums_as_checks = True
    rowid_identity = True  # https://www.sqlite.org/lang_createtable.html#rowid
    text_temporals = True  # https://www.sqlite.org/lang_datefunc.html: ISO-8601 text

    def sandbox(
        self,
        target: Target,
        *,
        in_place: bool = False,
        database: bool = False,
        search_path: Sequence[str] = (),
    ) -> AbstractContextManager[Sandbox]:
        """SQLite has no schemas or server: `database` changes nothing."""
        # lazy: only verify opens a sandbox; check, render and import load this adapter without it
        from pydev_workflow.dialects.sandbox import sqlite_sandbox

        return sqlite_sandbox(self, target, in_place=in_place)

    def analyze(self, conn: Connection, tables: Sequence[tuple[str | None, str]]) -> None:
        """ANALYZE each of our tables (https://www.sqlite.org/lang_analyze.html)."""
        for schema, table in tables:
            self.raw(conn, "ANALYZE " + self.qualified(table, schema))

    def foreign_key_checks(self, on: bool) -> str | None:
        """Off while loading; left as the driver opened it (off) afterwards."""
        return None if on else "PRAGMA foreign_keys = OFF"

    def explain(self, conn: Connection, sql: str, params: Any, labels: dict[str, str]) -> Access:
        """EXPLAIN QUERY PLAN (https://www.sqlite.org/eqp.html)."""
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
        return sqlite_access([str(r[-1]) for r in rows], labels)

    def index_catalog(self, conn: Connection, table: str) -> tuple[list[IndexRow], list[Pair]]:
        """PRAGMA index_list / index_info (names quoted by the preparer)."""
        rows: list[IndexRow] = []
        listed = self.raw(conn, f"PRAGMA index_list({self.quote(table)})").all()
        for _seq, name, unique, origin, _partial in listed:
            info = self.raw(conn, f"PRAGMA index_info({self.quote(name)})")
            rows.append((name, origin == "pk", bool(unique), [r[2] for r in info]))
        return rows, []

    def catalog_extras(self, conn: Connection, schemas: tuple[str, ...] = ()) -> CatalogExtras:
        """What SQLAlchemy's reflection leaves out here, read from the catalog (import db)."""
        import sqlalchemy as sa

        out = CatalogExtras()
        # index key order: https://www.sqlite.org/pragma.html#pragma_index_xinfo
        rows = conn.execute(
            sa.text(
                "SELECT m.name, il.name, ix.seqno, ix.desc FROM sqlite_master m, "
                "pragma_index_list(m.name) il, pragma_index_xinfo(il.name) ix "
                "WHERE m.type = 'table' AND ix.key = 1 ORDER BY m.name, il.name, ix.seqno"
            )
        ).all()
        for table, index, _seq, desc in rows:
            key = (table, index)
            out.descending[key] = (*out.descending.get(key, ()), bool(desc))
        # FK actions as SQLite itself records them, column-level REFERENCES … ON DELETE
        # included (SQLAlchemy parses the CREATE text and misses those):
        # https://www.sqlite.org/pragma.html#pragma_foreign_key_list
        rows = conn.execute(
            sa.text(
                'SELECT m.name, f.id, f.seq, f."from", f.on_update, f.on_delete '
                "FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
                "WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq"
            )
        ).all()
        fks: dict[tuple[str, int], tuple[list[str], str, str]] = {}
        for table, fid, _seq, col, on_update, on_delete in rows:
            fks.setdefault((table, fid), ([], on_delete, on_update))[0].append(col)
        for (table, _), (cols, on_delete, on_update) in fks.items():
            out.fk_actions[table, tuple(cols)] = (on_delete, on_update)
        # expression keys, which SQLAlchemy skips: from the CREATE INDEX text of each index
        # that has one (cid -2: https://www.sqlite.org/pragma.html#pragma_index_xinfo)
        rows = conn.execute(
            sa.text(
                "SELECT m.tbl_name, m.name, m.sql FROM sqlite_master m WHERE m.type = 'index' "
                "AND m.sql IS NOT NULL AND EXISTS (SELECT 1 FROM pragma_index_xinfo(m.name) x "
                "WHERE x.cid = -2 AND x.key = 1) ORDER BY m.tbl_name, m.name"
            )
        ).all()
        for table, index, sql in rows:
            found = expression_index(str(index), str(sql))
            if found is not None:
                out.indexes.setdefault(str(table), []).append(found)
        # AUTOINCREMENT is only in the CREATE text: https://www.sqlite.org/autoinc.html
        out.autoincrement = {
            str(name)
            for (name,) in conn.execute(
                sa.text(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND upper(sql) LIKE '%AUTOINCREMENT%'"
                )
            )
        }
        return out


def expression_index(name: str, sql: str) -> dict[str, Any] | None:
    """An index with expression keys, as `Inspector.get_multi_indexes` gives the others.

    Read from its CREATE INDEX text (sqlglot, SQLite's dialect); None when that does not parse.
    """
    # lazy: sqlglot loads only for a database that has an expression index
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql, read="sqlite")
    except sqlglot.errors.SqlglotError:
        return None
    params = tree.this.args.get("params") if isinstance(tree.this, exp.Index) else None
    if not isinstance(tree, exp.Create) or params is None:
        return None
    names: list[str | None] = []
    texts: list[str] = []
    sorting: dict[str, tuple[str, ...]] = {}
    for key in params.args.get("columns") or []:
        desc = isinstance(key, exp.Ordered) and bool(key.args.get("desc"))
        node = key.this if isinstance(key, exp.Ordered) else key
        if isinstance(node, exp.Column) and not node.table:
            names.append(node.name)
            texts.append(node.name)
            if desc:
                sorting[node.name] = ("desc",)
        else:
            names.append(None)
            texts.append(node.sql(dialect="sqlite") + (" DESC" if desc else ""))
    where = params.args.get("where")
    return {
        "name": name,
        "column_names": names,
        "expressions": texts,
        "unique": bool(tree.args.get("unique")),
        "column_sorting": sorting,
        "dialect_options": {"sqlite_where": where.this.sql(dialect="sqlite")} if where else {},
    }


ADAPTER = SQLiteAdapter()
