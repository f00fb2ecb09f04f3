"""verify round-trips every fixture spec and the example on SQLite, PostgreSQL and MariaDB.

Zero differences on each engine; what an engine cannot hold is a V001 note whose exact text
is asserted here, so a silently dropped part of the model fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.spec import load
from pydev_workflow.verify.core import VerifyReport, verify

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "blog": ROOT / "examples" / "blog" / "data-models.yaml",
    "chinook": ROOT / "tests" / "fixtures" / "specs" / "chinook.yaml",
    "sakila": ROOT / "tests" / "fixtures" / "specs" / "sakila.yaml",
    "storage-mix": ROOT / "tests" / "fixtures" / "specs" / "storage-mix.yaml",
}
_SQLITE_MIX = [
    "not expressible in SQLite: array customers.tags array(string(30)) (stored as JSON)",
    "not expressible in SQLite: native type character varying of customers.home_region "
    "(stored as TEXT)",
    "not expressible in SQLite: partitioning of orders by RANGE (placed_at)",
    "not expressible in SQLite: native type tsvector of reviews.search (stored as TEXT)",
    "not expressible in SQLite: gin index idx_reviews_search on reviews",
    "not expressible in SQLite: hash method of index idx_reviews_customer_id on reviews (B-tree)",
]
_MARIADB_MIX = [
    "not expressible in MariaDB: array customers.tags array(string(30)) (stored as JSON)",
    "not expressible in MariaDB: native type character varying of customers.home_region "
    "(stored as TEXT)",
    "not expressible in MariaDB: instants outside 1970-2038 in orders (placed_at): "
    "timestamp(tz) is TIMESTAMP",
    "not expressible in MariaDB: partitioning of orders (InnoDB partitioned tables have no "
    "foreign keys)",
    "not expressible in MariaDB: native type tsvector of reviews.search (stored as TEXT)",
    "not expressible in MariaDB: WHERE paid = false of index idx_orders_unpaid on orders "
    "(full index)",
    "not expressible in MariaDB: gin index idx_reviews_search on reviews",
    "InnoDB has no hash index: idx_reviews_customer_id is a B-tree",
]
#: (spec, engine) -> every V001 note, in report order
NOTES: dict[tuple[str, str], list[str]] = {
    ("blog", "sqlite"): [
        f"not expressible in SQLite: generated UUID default of {t}.id (set by the app)"
        for t in ("users", "posts", "comments", "tags")
    ],
    ("blog", "mariadb"): [
        "not expressible in MariaDB: instants outside 1970-2038 in users (created_at, "
        "updated_at): timestamp(tz) is TIMESTAMP",
        "not expressible in MariaDB: instants outside 1970-2038 in posts (published_at, "
        "created_at, updated_at): timestamp(tz) is TIMESTAMP",
        "not expressible in MariaDB: instants outside 1970-2038 in comments (created_at): "
        "timestamp(tz) is TIMESTAMP",
    ],
    ("storage-mix", "sqlite"): _SQLITE_MIX,
    ("storage-mix", "mariadb"): _MARIADB_MIX,
}


def _run(spec: str, engine: str, request: pytest.FixtureRequest) -> VerifyReport:
    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    return verify(load(SPECS[spec]), url, rows=200, in_place=True, repeat=1)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mariadb"])
@pytest.mark.parametrize("spec", list(SPECS))
def test_round_trip_has_zero_differences(
    spec: str, engine: str, request: pytest.FixtureRequest
) -> None:
    report = _run(spec, engine, request)
    assert [str(d) for d in report.differences if d.is_finding] == []
    assert [str(f) for f in report.findings if f.severity.value == "error"] == []
    notes = [d.message for d in report.differences if not d.is_finding]
    assert notes == NOTES.get((spec, engine), [])
    assert all(d.code == "V001" for d in report.differences)
    # data loaded at both scales and every query pattern measured
    assert [s.rows > 0 for s in report.loads] == [True, True]
    assert len(report.queries) == len(load(SPECS[spec]).query_patterns)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mariadb"])
def test_sakila_fk_cycle_loads(engine: str, request: pytest.FixtureRequest) -> None:
    """staff.store_id -> store and store.manager_staff_id -> staff, both NOT NULL."""
    import sqlalchemy as sa

    from pydev_workflow.verify.data import Generated, load_order
    from pydev_workflow.verify.data import load as load_rows

    schema = load(SPECS["sakila"])
    order = [e.table for e in load_order(schema.entities, schema)]
    assert order.index("staff") < order.index("store")  # staff is written before its store
    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    from pydev_workflow.dialects.metadata import statements
    from pydev_workflow.importers.database import reflect
    from pydev_workflow.verify.core import apply
    from pydev_workflow.verify.sandbox import open_sandbox
    from pydev_workflow.verify.urls import parse_target

    with open_sandbox(parse_target(url), in_place=True) as box:
        assert apply(box, statements(schema, box.dialect)) is None
        actual = reflect(box.engine, box.dialect).schema
        gen = Generated()
        load_rows(box.engine, box.dialect, schema, schema.entities, actual, gen, 50)
        with box.engine.connect() as conn:
            dangling = [
                conn.execute(sa.text(f"SELECT count(*) FROM {child} c LEFT JOIN {parent} p "
                                     f"ON p.{key} = c.{col} WHERE p.{key} IS NULL")).scalar()
                for child, col, parent, key in (
                    ("store", "manager_staff_id", "staff", "staff_id"),
                    ("staff", "store_id", "store", "store_id"),
                )
            ]  # fmt: skip
            staff = conn.execute(sa.text("SELECT count(*) FROM staff")).scalar()
    assert staff == 50
    assert dangling == [0, 0]  # both sides of the cycle point at rows that exist


def _verified_clean(spec: str, engine: str, request: pytest.FixtureRequest) -> list[str]:
    """verify of `spec` on `engine` has no difference and no error; the notes it gives."""
    from pydev_workflow.spec import loads

    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    report = verify(loads(spec, "spec.yaml"), url, rows=20, in_place=True, repeat=1)
    assert [str(d) for d in report.differences if d.is_finding] == []
    assert [str(f) for f in report.findings if f.severity.value == "error"] == []
    return [d.message for d in report.differences if not d.is_finding]


ZERO_DATES = """\
dialect: sqlite
entities:
  Session:
    fields:
      id: {type: integer, pk: true}
      changed: {type: timestamp, nullable: false, default: "0000-00-00 00:00:00"}
"""


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mariadb"])
def test_a_zero_date_default_is_left_out_loudly_where_the_engine_has_none(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """MySQL's `0000-00-00` default (Roundcube's SQLite schema): PostgreSQL refused the table."""
    notes = _verified_clean(ZERO_DATES, engine, request)
    if engine == "postgresql":
        assert notes == [
            "not expressible in PostgreSQL: zero date default 0000-00-00 00:00:00 of "
            "session.changed"
        ]
    else:
        assert notes == []


EXPRESSION_KEYS = """\
dialect: sqlite
entities:
  Q:
    fields: {id: {type: integer, pk: true}, name: {type: string(50)}}
    indexes:
      - {name: q1, fields: [(LOWER(name))], unique: true}
      - {name: q2, fields: [name, (LOWER(name)) DESC]}
"""


@pytest.mark.parametrize("engine", ["sqlite", "postgresql", "mariadb"])
def test_a_descending_expression_key_round_trips(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """The DDL failed to build it (TextClause.desc), and PostgreSQL's reflection lost its DESC."""
    _verified_clean(EXPRESSION_KEYS, engine, request)


def test_a_varchar_longer_than_mariadb_holds_is_its_text(mariadb_url: str) -> None:
    """RT's `varchar(65536)`: the DDL writes TEXT with a note, and verify expects TEXT."""
    from pydev_workflow.spec import loads

    spec = "dialect: postgresql\nentities:\n  C:\n    fields:\n"
    spec += "      id: {type: integer, pk: true}\n      pattern: {type: string(65536)}\n"
    report = verify(loads(spec, "c.yaml"), mariadb_url, rows=20, in_place=True, repeat=1)
    assert [str(d) for d in report.differences if d.is_finding] == []
    assert [d.message for d in report.differences if not d.is_finding] == [
        "not expressible in MariaDB: c.pattern string(65536): VARCHAR holds at most 65,535 "
        "bytes (TEXT)"
    ]
