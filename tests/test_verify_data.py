"""The synthetic data real schemas accept, partition plans, and round trips that compare meaning.

Every test runs `verify` on the real engines: green means the engine took every generated row
(unique indexes, composite and 1:1 uniques, composite foreign keys, CHECKs, enums, native
types, partitions) and read back an equivalent schema. What the generator cannot satisfy is a
V402 note naming the constraint; it is never a finding about the model's design.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pydev_workflow.checks import run_checks
from pydev_workflow.checks.base import CheckContext
from pydev_workflow.errors import InputError, Loc
from pydev_workflow.spec import load, loads
from pydev_workflow.spec.dump import dumps
from pydev_workflow.verify.compare import normalize
from pydev_workflow.verify.constraints import read
from pydev_workflow.verify.core import VerifyReport, finding, verify
from pydev_workflow.workflow.checkpoint import answer

ROOT = Path(__file__).resolve().parent
GENERATOR = ROOT / "fixtures" / "verify" / "generator.yaml"
PG_NATIVES = ROOT / "fixtures" / "verify" / "pg-natives.yaml"
ENGINES = ["sqlite", "postgresql", "mariadb"]


def _verify(
    spec: object, engine: str, request: pytest.FixtureRequest, rows: int = 300
) -> VerifyReport:
    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    schema = spec if not isinstance(spec, Path) else load(spec)
    return verify(schema, url, rows, in_place=True, repeat=1)  # type: ignore[arg-type]


def _errors(report: VerifyReport) -> list[str]:
    return [str(d) for d in report.differences if d.is_finding] + [
        str(f) for f in report.findings if f.severity.value == "error"
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_generator_honours_every_uniqueness_and_check(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """1:1 FK, composite UNIQUE over two FKs, FK + enum, composite FK, CHECKs, unique name."""
    report = _verify(GENERATOR, engine, request)
    assert _errors(report) == []
    assert [f for f in report.findings if f.code.startswith("V4")] == []
    # every table at both scales: 7 tables x 300 rows (the 1:1 tables hold one row per parent)
    assert sum(s.rows for s in report.loads) == 7 * 300
    assert not report.has_findings


def test_native_types_dates_and_regex_on_postgresql(request: pytest.FixtureRequest) -> None:
    """NOT NULL inet, cidr, macaddr, tsvector, point, money, bit, int4range; a regex CHECK;
    `<= CURRENT_DATE - INTERVAL '13 years'`; what it cannot do is a note naming it."""
    report = _verify(PG_NATIVES, "postgresql", request)
    assert _errors(report) == []
    notes = [f.message for f in report.findings if f.code == "V402"]
    assert notes == [
        "odds not loaded: odds.lsn is NOT NULL pg_lsn, a type the generator has no value for",
        "CHECK (mod(n, 7) = 3) of stricts: the generator cannot read it",
        'stricts not loaded: new row for relation "stricts" violates check constraint '
        '"ck_stricts_n" (CHECK (mod(n, 7) = 3) of stricts: the generator cannot read it)',
    ]
    assert all(f.severity.value == "info" for f in report.findings if f.code == "V402")
    assert sum(s.rows for s in report.loads) == 300  # hosts, both scales
    assert not report.has_findings


def test_generator_failures_never_blame_relationships() -> None:
    """V401/V402 are the tool's side: the checkpoint's relationship question stays ok."""
    schema = load(GENERATOR)
    tool = [
        finding("V401", "owners: the engine rejected the generated rows: boom", Loc()),
        finding("V402", "CHECK (x) of owners: the generator cannot read it", Loc()),
    ]
    findings = [*run_checks(CheckContext(schema=schema)), *tool]
    relations = answer(schema, findings, ())[1]
    assert not any("V40" in line for line in relations.evidence)


SPEC_PARTITIONS = """\
version: 1
entities:
  Event:
    table: events
    fields:
      id: {type: bigint}
      at: {type: timestamp, nullable: false}
      kind: {type: string(20), nullable: false}
    primary_key: [id, at]
    partitioning:
      method: range
      key: [at]
      partitions: monthly from 2023-11 to 2024-02
      default: true
  Hit:
    table: hits
    fields:
      id: {type: bigint, pk: true}
    partitioning: {method: hash, key: [id], partitions: 3}
  Region:
    table: regions
    fields:
      code: {type: string(4), nullable: false}
      name: {type: string(40), nullable: false}
    primary_key: [code]
    partitioning:
      method: list
      key: [code]
      partitions: [{name: regions_eu, bound: "FOR VALUES IN ('eu', 'uk')"}]
      default: regions_other
"""


def test_partition_plan_expands_and_dumps_back() -> None:
    schema = loads(SPEC_PARTITIONS)
    events = schema.entity("Event")
    assert events is not None and events.partitioning is not None
    assert [p.name for p in events.partitioning.partitions] == [
        "events_2023_11", "events_2023_12", "events_2024_01", "events_2024_02", "events_default"
    ]  # fmt: skip
    assert events.partitioning.partitions[1].bound == (
        "FOR VALUES FROM ('2023-12-01') TO ('2024-01-01')"
    )
    text = dumps(schema)
    assert "partitions: monthly from 2023-11 to 2024-02" in text
    assert "default: regions_other" in text and "partitions: 3" in text
    assert loads(text) == schema


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ("weekly from 2024-01 to 2024-02", "cannot read the partition plan"),
        ("monthly from 2024-13 to 2025-01", "is not a monthly period"),
        ("monthly from 2025-01 to 2024-01", "ends (2024-01) before it starts"),
    ],
)
def test_bad_plan_is_a_located_input_error(plan: str, message: str) -> None:
    spec = SPEC_PARTITIONS.replace("monthly from 2023-11 to 2024-02", plan)
    with pytest.raises(InputError) as info:
        loads(spec, "spec.yaml")
    assert message in str(info.value)
    assert "spec.yaml:13:19" in str(info.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_partitions_are_created_and_loaded(engine: str, request: pytest.FixtureRequest) -> None:
    report = _verify(loads(SPEC_PARTITIONS), engine, request, rows=200)
    assert _errors(report) == []
    assert sum(s.rows for s in report.loads) == 3 * 200


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_partitioned_without_partitions_gets_a_sandbox_default(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """DM306 fires in `check`; verify still loads it into a DEFAULT partition and says so."""
    spec = SPEC_PARTITIONS.replace(
        "      partitions: monthly from 2023-11 to 2024-02\n      default: true\n", ""
    )
    schema = loads(spec)
    assert [f.code for f in run_checks(CheckContext(schema=schema)) if f.code == "DM306"] == [
        "DM306"
    ]
    report = _verify(schema, engine, request, rows=100)
    assert _errors(report) == []
    assert "events declares no partitions (DM306): the sandbox adds events_default to load it" in (
        report.messages
    )
    assert sum(s.rows for s in report.loads) == 3 * 100


SPEC_MEANING = """\
version: 1
entities:
  Review:
    table: reviews
    fields:
      id: {type: integer, pk: true}
      rating: {type: smallint, nullable: false, check: "rating BETWEEN 1 AND 5"}
      status: {type: string(10), nullable: false, check: "status IN ('new', 'seen')"}
      body: {type: bytes, nullable: false, default: ''}
      title: {type: string(40), nullable: false}
    checks: ["length(title) BETWEEN 1 AND 40"]
    indexes:
      - {name: idx_reviews_low, fields: [rating], where: "rating BETWEEN 1 AND 2"}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_round_trip_compares_meaning_not_text(engine: str, request: pytest.FixtureRequest) -> None:
    """BETWEEN read back as >= AND <=, IN as = ANY (ARRAY[…]), casts, bytea '' as '\\x'."""
    report = _verify(loads(SPEC_MEANING), engine, request, rows=100)
    assert _errors(report) == []


@pytest.mark.parametrize(
    ("written", "stored", "dialect"),
    [
        ("rating BETWEEN 1 AND 5", "((rating >= 1) AND (rating <= 5))", "postgresql"),
        (
            "status IN ('a', 'b')",
            "((status)::text = ANY ((ARRAY['a'::character varying, "
            "'b'::character varying])::text[]))",
            "postgresql",
        ),
        ("price > 0", "price > (0)::numeric", "postgresql"),
        ("x IN (-1, 0)", "x = ANY (ARRAY['-1'::integer, 0])", "postgresql"),
        (
            "born <= CURRENT_DATE - INTERVAL '13 years'",
            "born <= (CURRENT_DATE - '13 years'::interval)",
            "postgresql",
        ),
        ("length(name) BETWEEN 3 AND 40", "octet_length(`name`) between 3 and 40", "mariadb"),
        ("`a` >= 1 AND `b` < 2", "(b < 2) AND (a >= 1)", "mariadb"),
        # PostgreSQL's `'now'::date` is the current date: the DDL writes CURRENT_DATE elsewhere
        ("('now'::text)::date", "CURRENT_DATE", "sqlite"),
        ("('now'::text)::date", "curdate()", "mariadb"),
        ("'now'::timestamp", "current_timestamp()", "mariadb"),
    ],
)
def test_normalize_equates_spellings(written: str, stored: str, dialect: str) -> None:
    assert normalize(written, dialect) == normalize(stored, dialect)


@pytest.mark.parametrize(
    ("one", "other"), [("a > 1", "a >= 1"), ("a IN (1, 2)", "a IN (1, 3)"), ("a < b", "b < a")]
)
def test_normalize_keeps_different_meanings_apart(one: str, other: str) -> None:
    assert normalize(one, "postgresql") != normalize(other, "postgresql")


@given(st.integers(-1000, 1000), st.integers(-1000, 1000))
def test_between_equals_its_bounds(lo: int, hi: int) -> None:
    assert normalize(f"v BETWEEN {lo} AND {hi}", "postgresql") == normalize(
        f"(v <= {hi}) AND (v >= {lo})", "postgresql"
    )


def test_constraints_read_bounds_lists_lengths_and_or_branches() -> None:
    schema = loads(
        """\
version: 1
entities:
  T:
    table: t
    fields:
      id: {type: integer, pk: true}
      n: {type: integer, check: "n BETWEEN 3 AND 9"}
      s: {type: string(20), check: "char_length(s) >= 4"}
      k: {type: string(5), check: "k = ANY (ARRAY['x'::text, 'y'::text])"}
      o: {type: string(5)}
      weird: {type: integer, check: "weird % 2 = 1"}
    checks: ["o IS NULL OR o ~ '^[a-z]+$'"]
"""
    )
    e = schema.entity("T")
    assert e is not None
    rules = read(e, "postgresql")
    assert (rules.of("n").lo, rules.of("n").hi) == (3, 9)
    assert rules.of("s").min_len == 4
    assert rules.of("k").allowed == ["x", "y"]
    assert rules.of("o").null is True  # the first readable branch of the OR
    assert rules.unreadable == ["weird % 2 = 1"]


SPEC_GENERATED = """\
version: 1
entities:
  Line:
    table: lines
    fields:
      id: {type: integer, pk: true}
      price: {type: "decimal(10,2)", nullable: false, check: "price >= 0"}
      qty: {type: integer, nullable: false, check: "qty BETWEEN 1 AND 1000"}
      total: {type: "decimal(20,2)", generated: {expression: "price * qty", stored: true}}
      twice: {type: bigint, generated: {expression: "qty * 2", stored: false}}
      minutes: {type: smallint}
      hours: {type: "decimal(4,2)", generated: {expression: "round(minutes / 60.0, 2)",
                                                stored: true}}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_generated_columns_are_left_to_the_engine(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """Every engine rejects a value written into a computed column: the generator skips it,
    and keeps the columns it is computed from small, so that the result fits (pagila's
    `length_hours numeric(4,2) GENERATED ALWAYS AS (round(length / 60.0, 2))`)."""
    report = _verify(loads(SPEC_GENERATED), engine, request, rows=100)
    assert _errors(report) == []
    assert [f for f in report.findings if f.code.startswith("V4")] == []
    assert sum(s.rows for s in report.loads) == 100


SPEC_UNSIGNED = """\
version: 1
entities:
  Counter:
    table: counters
    fields:
      id: {type: integer(unsigned), pk: true, identity: true}
      small: {type: smallint(unsigned), nullable: false}
      tiny: {type: tinyint(unsigned)}
      big: {type: bigint(unsigned)}
      "Price": {type: "decimal(8,2,unsigned)", check: "\\"Price\\" < 1000"}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_unsigned_round_trips_as_the_ddl_writes_it(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """No UNSIGNED outside MySQL/MariaDB: the wider type and CHECK (>= 0) are what the model
    expects there, not a difference."""
    report = _verify(loads(SPEC_UNSIGNED), engine, request, rows=50)
    assert _errors(report) == []
    assert sum(s.rows for s in report.loads) == 50


SPEC_SET_NULL = """\
version: 1
entities:
  Shelf:
    table: shelves
    fields:
      id: {type: integer, pk: true}
  Book:
    table: books
    fields:
      id: {type: integer, pk: true}
      shelf_id: {type: integer, nullable: false, references: Shelf.id, on_delete: set null}
"""


def test_set_null_on_not_null_is_a_note_on_mariadb(request: pytest.FixtureRequest) -> None:
    """InnoDB refuses the key (DM109 predicts it): the DDL leaves it out and says so."""
    schema = loads(SPEC_SET_NULL)
    assert "DM109" in {f.code for f in run_checks(CheckContext(schema=schema))}
    report = _verify(schema, "mariadb", request, rows=20)
    assert _errors(report) == []
    notes = [str(d) for d in report.differences if not d.is_finding]
    assert any("books(shelf_id) -> Shelf SET NULL on a NOT NULL column" in n for n in notes)


SPEC_COMPOSITE_IDENTITY = """\
version: 1
entities:
  Payment:
    table: payments
    fields:
      paid_on: {type: date, pk: true}
      id: {type: integer, pk: true, identity: true}
      amount: {type: "decimal(8,2)", nullable: false}
"""


def test_identity_in_a_composite_key_is_a_note_on_sqlite() -> None:
    """SQLite numbers only a one-column INTEGER PRIMARY KEY: pagila's payment (date, id)."""
    report = verify(loads(SPEC_COMPOSITE_IDENTITY), None, 50, in_place=True, repeat=1)
    assert _errors(report) == []
    notes = [str(d) for d in report.differences if not d.is_finding]
    assert any("identity of payments.id in a composite key (set by the app)" in n for n in notes)
    assert sum(s.rows for s in report.loads) == 50


def test_keys_across_schemas_on_the_search_path(request: pytest.FixtureRequest) -> None:
    """The sandbox's search path reaches every schema of the model, and PostgreSQL then names
    a referenced table without its schema: reading it back must still name the schema
    (MusicBrainz's documentation.link_type_documentation -> musicbrainz.link_type)."""
    from pydev_workflow.importers.base import ImportOptions
    from pydev_workflow.importers.sql import import_sql_text

    text = (
        "CREATE TABLE musicbrainz.link_type (id integer PRIMARY KEY, name text);\n"
        "CREATE TABLE documentation.link_type_documentation (id integer PRIMARY KEY, doc text,\n"
        "  CONSTRAINT link_type_documentation_fk_id FOREIGN KEY (id)\n"
        "  REFERENCES musicbrainz.link_type(id));\n"
    )
    schema = import_sql_text([("mb.sql", text)], ImportOptions(dialect="postgresql")).schema
    report = _verify(schema, "postgresql", request, rows=20)
    assert _errors(report) == []
    assert sum(s.rows for s in report.loads) == 2 * 20


@pytest.mark.parametrize("engine", ENGINES)
def test_binary_and_short_bytes_columns_get_rows_that_fit(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """MediaWiki's `BINARY(14) NOT NULL` timestamps and a `VARBINARY(4)` key: rows that fit."""
    spec = loads(
        """
entities:
  Page:
    fields:
      id: {type: integer, pk: true}
      touched: {type: binary(14), nullable: false}
      tag: {type: bytes(4), nullable: false, unique: true}
"""
    )
    report = _verify(spec, engine, request)
    assert _errors(report) == []
    assert [f for f in report.findings if f.code.startswith("V4")] == []


def test_an_expression_key_names_its_field_as_the_engine_resolves_it() -> None:
    """Request Tracker's `UNIQUE INDEX Users1 ON Users (LOWER(Name))`: the field is `name`."""
    from pydev_workflow.verify.data import unique_sets

    schema = loads(
        """
dialect: postgresql
entities:
  Users:
    fields: {id: {type: integer, pk: true}, name: {type: string(200), nullable: false}}
    indexes: [{name: users1, fields: ["(LOWER(Name))"], unique: true}]
""",
        "rt.yaml",
    )
    assert unique_sets(schema.entities[0], "postgresql") == [("id",), ("name",)]
