"""SQL importer: standalone sequences land in Schema.sequences; column-owned ones stay identity."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.sql import import_sql, import_sql_text
from pydev_workflow.model import Sequence
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads


def _import(sql: str, dialect: str = "postgresql") -> ImportResult:
    return import_sql_text([("s.sql", sql)], ImportOptions(dialect=dialect))


def _count(result: ImportResult, key: str) -> int:
    return dict(result.counts).get(key, 0)


def test_a_standalone_sequence_with_every_option() -> None:
    r = _import(
        "CREATE SEQUENCE public.order_no START WITH 1000 INCREMENT BY 5 NO MINVALUE\n"
        "    MAXVALUE 99999 CACHE 20 CYCLE;\n"
        "CREATE SEQUENCE billing.invoice_no MINVALUE -10 START -10 INCREMENT -2 NO CYCLE;\n"
    )
    assert r.schema.sequences == (
        Sequence("order_no", None, 1000, 5, None, 99999, 20, True),
        Sequence("invoice_no", "billing", -10, -2, -10, None, None, False),
    )
    assert r.schema.sequences[1].loc.line == 3


def test_sequences_owned_by_a_column_stay_identity() -> None:
    r = _import(
        "CREATE SEQUENCE users_id_seq;\n"
        "CREATE TABLE users (id integer DEFAULT nextval('users_id_seq'::regclass) PRIMARY KEY);\n"
        "CREATE SEQUENCE public.ticket_no_seq;\n"
        "CREATE TABLE ticket (no integer NOT NULL);\n"
        "ALTER SEQUENCE public.ticket_no_seq OWNED BY public.ticket.no;\n"
        "CREATE SEQUENCE counter;\n"
    )
    assert [s.name for s in r.schema.sequences] == ["counter"]
    assert r.schema.entity("Users").field("id").identity
    assert _count(r, "sequences backing a column (as its identity)") == 2


def test_a_nextval_default_on_a_later_alter_owns_its_sequence() -> None:
    r = _import(
        "CREATE SEQUENCE s.doc_seq;\n"
        "CREATE TABLE s.doc (id bigint NOT NULL);\n"
        "ALTER TABLE ONLY s.doc ALTER COLUMN id SET DEFAULT nextval('s.doc_seq'::regclass);\n"
    )
    assert r.schema.sequences == ()
    assert r.schema.entities[0].field("id").sequence == "doc_seq"


def test_alter_sequence_adjusts_and_reports_what_it_cannot() -> None:
    r = _import(
        "CREATE SEQUENCE n AS integer START 1;\n"
        "ALTER SEQUENCE n RESTART WITH 500 INCREMENT BY 10;\n"
        "ALTER SEQUENCE n OWNER TO app;\n"
        "ALTER SEQUENCE n RENAME TO m;\n"
        "ALTER SEQUENCE ghost RESTART WITH 3;\n"
        "SELECT pg_catalog.setval('public.n', 42, true);\n"
    )
    assert r.schema.sequences == (Sequence("n", start=500, increment=10),)
    lines = "\n".join(r.unsupported)
    assert "s.sql:1:1: sequence n AS integer (sequence options: not carried over)" in lines
    assert "s.sql:4:1: ALTER SEQUENCE n RENAME TO m" in lines
    assert "s.sql:5:1: ALTER SEQUENCE ghost RESTART WITH 3" in lines
    assert "s.sql:6:1: SELECT pg_catalog.setval" in lines
    assert _count(r, "sequence values (setval: data)") == 1
    assert _count(r, "ownership (OWNER TO)") == 1


def test_mariadb_spelling() -> None:
    r = _import(
        "CREATE SEQUENCE IF NOT EXISTS s START WITH 1 INCREMENT BY 1 MINVALUE=1 MAXVALUE=100\n"
        "  CACHE=1000 NOCYCLE ENGINE=InnoDB;\n"
        "CREATE SEQUENCE t INCREMENT = 3 NOMINVALUE NOMAXVALUE START = 7 NOCACHE CYCLE;\n",
        "mariadb",
    )
    assert r.schema.sequences == (
        Sequence("s", None, 1, 1, 1, 100, 1000, False),
        Sequence("t", None, 7, 3, None, None, None, True),
    )
    assert any("sequence s ENGINE=InnoDB (sequence options" in u for u in r.unsupported)


def test_sequences_survive_the_spec_round_trip() -> None:
    r = _import("CREATE SEQUENCE app.ticket START 100 INCREMENT 2 MAXVALUE 9000 CYCLE;\n")
    spec = loads(dumps(r.schema))
    assert spec.sequences == r.schema.sequences


@pytest.mark.parametrize(
    ("files", "backing"),
    [
        (("postgresql/pagila-schema.sql",), 13),
        (("postgresql/sakila-schema.sql",), 13),
        (("postgresql/musicbrainz-pg_dump-schema-only.sql",), 239),
    ],
)
def test_corpus_sequences_all_back_columns(
    corpus: Path, files: tuple[str, ...], backing: int
) -> None:
    r = import_sql(str(corpus / files[0]), ImportOptions(dialect="postgresql"))
    assert r.schema.sequences == ()
    assert _count(r, "sequences backing a column (as its identity)") == backing
    assert not any("sequence" in u and "not carried over" in u for u in r.unsupported)


_NUM = st.integers(min_value=-(2**40), max_value=2**40)


@settings(max_examples=60, deadline=None)
@given(
    start=st.none() | _NUM,
    increment=st.none() | _NUM.filter(bool),
    min_value=st.none() | _NUM,
    max_value=st.none() | _NUM,
    cache=st.none() | st.integers(min_value=1, max_value=10**6),
    cycle=st.none() | st.booleans(),
    mariadb=st.booleans(),
    order=st.randoms(use_true_random=False),
)
def test_options_in_any_order_and_spelling_read_back(
    start: int | None,
    increment: int | None,
    min_value: int | None,
    max_value: int | None,
    cache: int | None,
    cycle: bool | None,
    mariadb: bool,
    order: object,
) -> None:
    eq = "=" if mariadb else ""
    parts = [
        f"START WITH {start}" if start is not None else "",
        f"INCREMENT BY {increment}" if increment is not None else "",
        f"MINVALUE{eq} {min_value}" if min_value is not None else "NO MINVALUE",
        f"MAXVALUE {max_value}" if max_value is not None else "NOMAXVALUE" if mariadb else "",
        f"CACHE{eq} {cache}" if cache is not None else "",
        {None: "", True: "CYCLE", False: "NO CYCLE" if not mariadb else "NOCYCLE"}[cycle],
    ]
    order.shuffle(parts)  # type: ignore[attr-defined]
    sql = "CREATE SEQUENCE seq_x " + " ".join(p for p in parts if p) + ";"
    r = _import(sql, "mariadb" if mariadb else "postgresql")
    assert r.schema.sequences == (
        Sequence("seq_x", None, start, increment, min_value, max_value, cache, bool(cycle)),
    )
    assert r.unsupported == ()


def test_the_engine_agrees_with_what_was_read(own_postgresql_url: str) -> None:
    """PostgreSQL holds the values the importer read (pg_sequences)."""
    ddl = (
        "CREATE SEQUENCE a START WITH 1000 INCREMENT BY 5 MAXVALUE 99999 CACHE 20 CYCLE;\n"
        "CREATE SEQUENCE b MINVALUE -10 START -10 INCREMENT -2 MAXVALUE 0 NO CYCLE;\n"
        "ALTER SEQUENCE b INCREMENT BY -3;\n"
    )
    r = _import(ddl)
    engine = sa.create_engine(own_postgresql_url)
    try:
        with engine.begin() as conn:
            for statement in ddl.split(";")[:-1]:
                conn.execute(sa.text(statement))
            rows = conn.execute(
                sa.text(
                    "SELECT sequencename, start_value, increment_by, min_value, max_value,"
                    " cache_size, cycle FROM pg_sequences ORDER BY sequencename"
                )
            ).all()
    finally:
        engine.dispose()
    for seq, row in zip(r.schema.sequences, rows, strict=True):
        assert seq.name == row[0]
        for ours, theirs in zip(
            (seq.start, seq.increment, seq.min_value, seq.max_value, seq.cache),
            row[1:6],
            strict=True,
        ):
            assert ours is None or ours == theirs
        assert seq.cycle == row[6]


def test_mariadb_agrees_with_what_was_read(own_mariadb_url: str) -> None:
    """MariaDB holds the values the importer read (a sequence is a one-row table there)."""
    ddl = (
        "CREATE SEQUENCE a START WITH 1000 INCREMENT BY 5 MINVALUE=1 MAXVALUE=99999\n"
        "  CACHE=20 CYCLE;\n"
        "CREATE SEQUENCE b INCREMENT = -2 MINVALUE -10 MAXVALUE 0 START = -1 NOCACHE NOCYCLE;\n"
        "ALTER SEQUENCE b INCREMENT BY -3;\n"
    )
    r = _import(ddl, "mariadb")
    engine = sa.create_engine(own_mariadb_url)
    rows = []
    try:
        with engine.begin() as conn:
            for statement in ddl.split(";")[:-1]:
                conn.execute(sa.text(statement))
            for seq in r.schema.sequences:
                rows.append(
                    conn.execute(
                        sa.text(
                            "SELECT start_value, increment, minimum_value, maximum_value,"
                            f" cache_size, cycle_option FROM `{seq.name}`"
                        )
                    ).one()
                )
    finally:
        engine.dispose()
    assert len(rows) == 2
    for seq, row in zip(r.schema.sequences, rows, strict=True):
        for ours, theirs in zip(
            (seq.start, seq.increment, seq.min_value, seq.max_value, seq.cache),
            row[:5],
            strict=True,
        ):
            assert ours is None or ours == theirs
        assert seq.cycle == bool(row[5])
    assert r.schema.sequences[1].cache is None  # NOCACHE: the engine's 0, not stated as a number
