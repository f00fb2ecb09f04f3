"""PostgreSQL: identifiers up to 63 bytes (NAMEDATALEN - 1), native UUID, enums, partitions."""

# lazy: sqlalchemy — lint-doc and render --format sqlalchemy load the adapters without SQLAlchemy
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import CatalogExtras, ServerAdapter, catalog_sequence
from pydev_workflow.dialects.base import Dialect, Limits
from pydev_workflow.dialects.plans import Access, pg_access
from pydev_workflow.model import IndexMethod, PartitionMethod
from pydev_workflow.model.schema import Sequence as ModelSequence

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from pydev_workflow.dialects.adapter import IndexRow, Pair, PartitionMap
    from pydev_workflow.dialects.driver import Target
    from pydev_workflow.dialects.plans import Access

DIALECT = Dialect(
    name="postgresql",
    display="PostgreSQL",
    sqlalchemy_name="postgresql",
    # https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
    max_identifier_length=63,
    reserved_words_ref="sqlalchemy.dialects.postgresql.base:RESERVED_WORDS",
    index_methods=frozenset(IndexMethod) - {IndexMethod.FULLTEXT, IndexMethod.SPATIAL},
    partitioning=True,
    partial_indexes=True,
    expression_indexes=True,
    schemas=True,
    native_uuid=True,
    named_enums=True,
    arrays=True,
    sequences=True,
    zoned_temporals=True,
    binary_json=True,
    uuid_default_sql="gen_random_uuid()",  # core since PostgreSQL 13  # https://www.postgresql.org/docs/current/datatype-json.html
    interval_type=True,
    identity_any_column=True,
    partitions_as_written=True,
    natives_read_as_string=frozenset({"name", '"char"'}),  # SQLAlchemy: String
    url_example="postgresql://postgres@127.0.0.1:5432/test",
    driver_extra="postgresql",
    # https://www.postgresql.org/docs/current/datatype-numeric.html (NUMERIC up to 1000 digits,
    # scale -1000..1000 and larger than the precision since 15; float(p) takes 1..53) and
    # https://www.postgresql.org/docs/current/datatype-character.html (n up to 10485760)
    limits=Limits(
        decimal_precision=1000,
        decimal_scale=1000,
        float_precision=53,
        varchar_length=10485760,
        char_length=10485760,
    ),
)

#: collations of every cluster: C, POSIX, ucs_basic, default, pg_c_utf8, the ICU ones
#: (`und-x-icu`, `en-US-x-icu`) and libc locales (`en_US.utf8`); a CREATE COLLATION is not
_BUILTIN_COLLATION = re.compile(
    r"^(C|POSIX|ucs_basic|default|pg_c_utf8|unicode|[\w-]+-x-icu|[a-z]{2,3}_[A-Z]{2}(\.\w+)?)$"
)
#: an unnamed constraint is named `<table>_<columns>_<suffix>`, a number appended on a clash
#: (ChooseConstraintName, src/backend/commands/indexcmds.c), cut to 63 bytes:
#: https://www.postgresql.org/docs/current/sql-createtable.html
_SUFFIX = {"primary": "pkey", "foreign": "fkey", "unique": "key", "check": "check"}


# -- behaviour: how verify works on PostgreSQL ---------------------------------------------------
class PostgreSQLAdapter(ServerAdapter):
    """A schema per run (a database when the model has schemas or extensions of its own)."""

    name = "postgresql"
    sqlalchemy_name = "postgresql"
    kwarg_prefixes = ("postgresql",)  # postgresql_where, postgresql_using, postgresql_ops
    driver = "postgresql+psycopg"
    drivers = {"psycopg": "psycopg", "psycopg2": "psycopg2"}
    driver_extra = "postgresql"
    spec_schemas = "database"
    has_schemas = True
    #: advisory lock namespace ("pd"), paired with hashtext(name); locks are per database, so
    #: a run takes its lock in the database of the URL, where the next run's sweep looks
    LOCK_CLASS = 0x7064
    # reading its SQL: https://www.postgresql.org/docs/current/sql-syntax-lexical.html
    folds_to_lower = True
    truncates_names_at = 63  # NAMEDATALEN - 1
    textual_json = True  # https://www.postgresql.org/docs/current/datatype-json.html
    # https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT
    trigger_blocks = False  # trigger bodies are functions, dollar-quoted
    fixed_binary = False
    # loading rows: https://www.psycopg.org/psycopg3/docs/basic/copy.html
    copy_load = True
    error_aborts_transaction = True
    default_schema = "public"

    def builtin_collation(self, name: str) -> bool:
        """C, POSIX, ucs_basic, default, pg_c_utf8, the ICU ones and libc locales."""
        return bool(_BUILTIN_COLLATION.match(name.split(".")[-1].strip('"')))

    def engine_named(self, kind: str, name: str, table: str, columns: tuple[str, ...]) -> bool:
        """`<table>_<columns>_<suffix>`, a number appended on a clash, cut to 63 bytes."""
        m = re.fullmatch(rf"(.+?)_{_SUFFIX[kind]}\d*", name)
        if m is None:
            return False
        body = m.group(1)
        if kind == "primary":
            return body == table or len(name) >= 60 and table.startswith(body)
        if kind == "check":
            return body == table or body.startswith(table + "_") or len(name) >= 60
        expected = "_".join((table, *columns))
        return body == expected or (len(name) >= 60 and expected.startswith(body[:20]))

    def engine_in(
        self, target: Target, *, database: str | None = None, search_path: Sequence[str] = ()
    ) -> Engine:
        """An engine whose connections set `search_path` (quoted names, a bound value)."""
        import sqlalchemy as sa

        engine = super().engine_in(target, database=database)
        if search_path:
            path = ", ".join(self.quote_schema(s) for s in search_path)

            @sa.event.listens_for(engine, "connect")
            def _set_path(dbapi_conn: Any, _record: Any) -> None:
                cur = dbapi_conn.cursor()
                try:
                    cur.execute("SELECT set_config('search_path', %s, false)", (path,))
                finally:
                    cur.close()
                dbapi_conn.commit()

        return engine

    @staticmethod
    def raw(conn: Connection, sql: str) -> Any:
        """Execute `sql` as ONE statement: psycopg's extended protocol (`prepare=True`).

        Without parameters psycopg sends the simple query protocol, which runs every statement
        of a string; a prepared statement holds exactly one ("cannot insert multiple commands
        into a prepared statement"). No parameters: a `%` in a name stays as it is.
        """
        if not conn.in_transaction():
            conn.begin()  # SQLAlchemy's commit()/rollback() then end what this cursor did
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, prepare=True)
        finally:
            cursor.close()
        return None

    def sandbox_engine(
        self, target: Target, name: str, kind: str, search_path: Sequence[str] = ()
    ) -> Engine:
        """A schema sandbox is first on the search path; a database sandbox is the database.

        In a database sandbox the spec's own schemas follow `public` on the search path, so
        the loader's unqualified names reach their tables.
        """
        if kind == "schema":
            return self.engine_in(target, search_path=(name,))
        path = ("public", *search_path) if search_path else ()
        return self.engine_in(target, database=name, search_path=path)

    def list_places(self, conn: Connection, kind: str, prefix: str) -> list[str]:
        """Schemas (pg_namespace) or databases (pg_database) named `prefix…`."""
        import sqlalchemy as sa

        table, column = (
            ("pg_namespace", "nspname") if kind == "schema" else ("pg_database", "datname")
        )
        col: Any = sa.column(column)
        query = (
            sa.select(col)
            .select_from(sa.table(table))
            .where(col.startswith(prefix, autoescape=True))
        )
        return [str(n) for n in conn.execute(query.order_by(col)).scalars()]

    def occupied(self, conn: Connection) -> tuple[str, int]:
        """The current schema and its table count."""
        import sqlalchemy as sa

        where, count = conn.execute(
            sa.text(
                "SELECT current_schema(), (SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema())"
            )
        ).one()
        return f"schema {where!r}", int(count)

    def create_place(self, conn: Connection, name: str, kind: str) -> None:
        """CREATE SCHEMA / CREATE DATABASE."""
        what = "SCHEMA" if kind == "schema" else "DATABASE"
        self.raw(conn, f"CREATE {what} {self.quote_schema(name)}")

    def drop_place(self, conn: Connection, name: str, kind: str) -> None:
        """DROP SCHEMA … CASCADE / DROP DATABASE … WITH (FORCE) (PostgreSQL 13+)."""
        if kind == "schema":
            self.raw(conn, f"DROP SCHEMA IF EXISTS {self.quote_schema(name)} CASCADE")
        else:
            self.raw(conn, f"DROP DATABASE IF EXISTS {self.quote_schema(name)} WITH (FORCE)")

    def lock(self, conn: Connection, key: str) -> None:
        """pg_advisory_lock, session level."""
        import sqlalchemy as sa

        conn.execute(sa.select(sa.func.pg_advisory_lock(self.LOCK_CLASS, sa.func.hashtext(key))))

    def try_lock(self, conn: Connection, key: str) -> bool:
        """Take the lock if no session holds it in ANY database of the server.

        Advisory locks are scoped to one database, and a sandbox database's owner holds its
        lock in the database of its own URL: a sweep from another database must not take it
        for dead. pg_locks shows every database's locks (the two-int form: classid, objid).
        """
        import sqlalchemy as sa

        locks = sa.table(
            "pg_locks",
            sa.column("locktype"),
            sa.column("classid"),
            sa.column("objid"),
            sa.column("objsubid"),
            sa.column("granted"),
        )
        from sqlalchemy.dialects.postgresql import OID

        key_oid = sa.cast(sa.func.hashtext(key), OID)
        held = sa.select(sa.literal(1)).where(
            locks.c.locktype == "advisory",
            locks.c.classid == sa.cast(sa.literal(self.LOCK_CLASS), OID),
            locks.c.objid == key_oid,
            locks.c.objsubid == 2,
            locks.c.granted,
        )
        if conn.execute(sa.select(held.exists())).scalar():
            return False
        q = sa.select(sa.func.pg_try_advisory_lock(self.LOCK_CLASS, sa.func.hashtext(key)))
        return bool(conn.execute(q).scalar())

    def unlock(self, conn: Connection, key: str) -> None:
        """pg_advisory_unlock."""
        import sqlalchemy as sa

        conn.execute(sa.select(sa.func.pg_advisory_unlock(self.LOCK_CLASS, sa.func.hashtext(key))))

    def unlock_all(self, conn: Connection) -> None:
        """pg_advisory_unlock_all."""
        import sqlalchemy as sa

        conn.execute(sa.select(sa.func.pg_advisory_unlock_all()))

    def foreign_key_checks(self, on: bool) -> str | None:
        """session_replication_role skips FK triggers (needs a superuser)."""
        return f"SET session_replication_role = {'origin' if on else 'replica'}"

    native_containment = True  # @@ for tsvector, @> for arrays and jsonb

    def explain(self, conn: Connection, sql: str, params: Any, labels: dict[str, str]) -> Access:
        """EXPLAIN (FORMAT JSON), and again with seq scans off when it scans.

        A small table is read faster whole: the second plan tells "no usable index" from "too
        small to bother" (https://www.postgresql.org/docs/current/using-explain.html).
        """
        import json

        raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql, params).scalar()
        plan: Any = json.loads(raw) if isinstance(raw, str) else raw
        access = pg_access(plan[0]["Plan"], labels)
        if access.scan:
            conn.exec_driver_sql("SET enable_seqscan = off")
            try:
                raw = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql, params).scalar()
            finally:
                conn.exec_driver_sql("RESET enable_seqscan")
            plan = json.loads(raw) if isinstance(raw, str) else raw
            forced = pg_access(plan[0]["Plan"], labels)
            if not forced.scan and not forced.full:
                return Access(
                    forced.index,
                    False,
                    forced.sort,
                    f"{access.detail} at this size; {forced.detail} otherwise",
                )
        return access

    def index_catalog(self, conn: Connection, table: str) -> tuple[list[IndexRow], list[Pair]]:
        """pg_index of `table` (a regclass from its quoted name, bound as a value)."""
        import sqlalchemy as sa

        quoted = self.quote(table)
        rows: list[IndexRow] = [
            (str(name), bool(primary), bool(unique), list(cols))
            for name, primary, unique, cols in conn.execute(
                sa.text(
                    "SELECT i.relname, x.indisprimary, x.indisunique, "
                    "array(SELECT a.attname FROM unnest(x.indkey) k "
                    "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k) "
                    "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                    "WHERE x.indrelid = CAST(:t AS regclass)"
                ),
                {"t": quoted},
            )
        ]
        # a partitioned table's plan names the partitions' own indexes: label them as the
        # parent index they are attached to
        # (https://www.postgresql.org/docs/current/catalog-pg-inherits.html)
        attached = conn.execute(
            sa.text(
                "SELECT c.relname, p.relname FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                "JOIN pg_index x ON x.indexrelid = p.oid "
                "WHERE x.indrelid = CAST(:t AS regclass)"
            ),
            {"t": quoted},
        ).all()
        return rows, [(str(child), str(parent)) for child, parent in attached]

    def reflect_with_schema_names(self, conn: Connection, default_schema: str) -> None:
        """Only the default schema on the path, for this read-only transaction.

        PostgreSQL leaves the schema out of a referenced table that the search path reaches
        (pg_get_constraintdef), and SQLAlchemy then reads it as the default schema's.
        """
        import sqlalchemy as sa

        conn.execute(
            sa.text("SELECT set_config('search_path', quote_ident(:s), true)"),
            {"s": default_schema},
        )

    def catalog_extras(self, conn: Connection, schemas: tuple[str, ...] = ()) -> CatalogExtras:
        """What SQLAlchemy's reflection leaves out here, read from the catalog (import db)."""
        import sqlalchemy as sa

        out = CatalogExtras()
        # the sequence behind an identity column (SERIAL defaults name theirs in nextval()):
        # https://www.postgresql.org/docs/current/catalog-pg-depend.html
        rows = conn.execute(
            sa.text(
                "SELECT t.relname, a.attname, s.relname FROM pg_depend d "
                "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
                "JOIN pg_class t ON t.oid = d.refobjid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
                "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
                "AND d.deptype = 'i' "
                "AND CAST(t.relnamespace::regnamespace AS text) = ANY(:schemas)"
            ),
            {
                "schemas": list(schemas)
                or [str(conn.execute(sa.text("SELECT current_schema()")).scalar())]
            },
        ).all()
        for table, column, seq in rows:
            if seq != f"{table}_{column}_seq":  # the engine's own name reads back as none
                out.sequences[str(table), str(column)] = str(seq)
        return out

    def standalone_sequences(
        self, conn: Connection, schemas: tuple[str, ...] = ()
    ) -> tuple[ModelSequence, ...]:
        """The sequences no column owns (not SERIAL's OWNED BY, not an identity's), by name.

        https://www.postgresql.org/docs/current/view-pg-sequences.html; deptype `a` is OWNED
        BY, `i` an identity column (catalog-pg-depend.html).
        """
        import sqlalchemy as sa

        current = str(conn.execute(sa.text("SELECT current_schema()")).scalar())
        rows = conn.execute(
            sa.text(
                "SELECT s.schemaname, s.sequencename, s.start_value, s.increment_by, "
                "s.min_value, s.max_value, s.cache_size, s.cycle FROM pg_sequences s "
                "JOIN pg_namespace n ON n.nspname = s.schemaname "
                "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename "
                "WHERE s.schemaname = ANY(:schemas) AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                "WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
                "AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) "
                "ORDER BY s.schemaname, s.sequencename"
            ),
            {"schemas": list(schemas) or [current]},
        ).all()
        # defaults: https://www.postgresql.org/docs/current/sql-createsequence.html
        defaults = (2**63 - 1, -(2**63), 1)
        return tuple(
            catalog_sequence(
                str(name),
                None if schema == current else str(schema),
                (int(st), int(inc), int(lo), int(hi), int(cache), bool(cycle)),
                defaults,
            )
            for schema, name, st, inc, lo, hi, cache, cycle in rows
        )

    def partitions(self, conn: Connection, schemas: tuple[str, ...] = ()) -> PartitionMap:
        """Table -> ((method, key), {partition: bound}) of the partitioned tables (import db).

        `schemas` defaults to the default schema.
        """
        import sqlalchemy as sa

        out: PartitionMap = {}
        # https://www.postgresql.org/docs/current/catalog-pg-partitioned-table.html
        rows = conn.execute(
            sa.text(
                "SELECT p.relname, pg_get_partkeydef(p.oid), c.relname, "
                "pg_get_expr(c.relpartbound, c.oid) "
                "FROM pg_partitioned_table pt JOIN pg_class p ON p.oid = pt.partrelid "
                "LEFT JOIN pg_inherits i ON i.inhparent = p.oid "
                "LEFT JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE CAST(p.relnamespace::regnamespace AS text) = ANY(:schemas) ORDER BY 1, 3"
            ),
            {
                "schemas": list(schemas)
                or [str(conn.execute(sa.text("SELECT current_schema()")).scalar())]
            },
        ).all()
        for parent, keydef, child, bound in rows:
            method_text, _, rest = str(keydef).partition(" ")
            key = tuple(k.strip().strip('"') for k in rest.strip("() ").split(","))
            entry = out.setdefault(parent, ((PartitionMethod(method_text.lower()), key), {}))
            if child:
                entry[1][child] = str(bound)
        return out


ADAPTER = PostgreSQLAdapter()
