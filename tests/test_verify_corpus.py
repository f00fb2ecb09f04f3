"""Issue 4's real-engine round trip: import each corpus file, apply its DDL, reflect, diff.

Zero differences where the engine holds the whole model. Where it cannot (a function the model
does not carry, an extension type, a hash index that cannot be unique), the engine's own
rejection is the explicit message: each is asserted against a known cause, and every
difference must concern a table the engine rejected (or a key pointing at one).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pydev_workflow.importers import IMPORTERS
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.sql import import_sql_text
from pydev_workflow.verify.core import RoundTrip, round_trip

_MB = ("CreateTables", "CreatePrimaryKeys", "CreateIndexes", "CreateFKConstraints",
       "CreateConstraints")  # fmt: skip
#: (corpus path, importer, source dialect, engine fixture, extra sources, allowed causes)
CASES: dict[str, tuple[str, str, str | None, str, tuple[str, ...], tuple[str, ...]]] = {
    "pg-chinook": ("postgresql/chinook-schema.sql", "sql", "postgresql", "postgresql", (), ()),
    "pg-sakila": ("postgresql/sakila-schema.sql", "sql", "postgresql", "postgresql", (), ()),
    "pg-pagila": (
        "postgresql/pagila-schema.sql",
        "sql",
        "postgresql",
        "postgresql",
        (),
        # PostgreSQL 18's uuidv7() and the pgvector extension are not on this server
        (r"function uuidv7\(\) does not exist", r'type "vector" does not exist'),
    ),  # fmt: skip
    "pg-musicbrainz-dump": (
        "postgresql/musicbrainz-pg_dump-schema-only.sql",
        "sql",
        "postgresql",
        "postgresql",
        (),
        # CHECKs and index keys call MusicBrainz's own SQL functions, which the model does not
        # carry
        (
            r"function musicbrainz\.controlled_for_whitespace\(text\) does not exist",
            r"function musicbrainz\.musicbrainz_unaccent\(text\) does not exist",
            r"function musicbrainz\.mb_simple_tsvector\(text\) does not exist",
        ),
    ),  # fmt: skip
    "pg-musicbrainz-files": (
        "postgresql/musicbrainz/CreateTypes.sql",
        "sql",
        "postgresql",
        "postgresql",
        tuple(f"postgresql/musicbrainz/{n}.sql" for n in _MB),
        (
            r"function controlled_for_whitespace\((character varying|text)\) does not exist",
            r"function musicbrainz_unaccent\(character varying\) does not exist",
            r"function mb_simple_tsvector\(character varying\) does not exist",
        ),
    ),  # fmt: skip
    "mysql-chinook": ("mysql/chinook-schema.sql", "sql", "mysql", "mariadb", (), ()),
    "mysql-sakila": ("mysql/sakila-schema.sql", "sql", "mysql", "mariadb", (), ()),
    "sqlite-chinook": ("sqlite/chinook-schema.sql", "sql", "sqlite", "sqlite", (), ()),
    "sqlite-sakila": ("sqlite/sakila-schema.sql", "sql", "sqlite", "sqlite", (), ()),
    "dbml-ecommerce": ("dbml/ecommerce.dbml", "dbml", None, "postgresql", (), ()),
    "dbml-dbml2sql": (
        "dbml/dbml2sql-schema.dbml",
        "dbml",
        None,
        "postgresql",
        (),
        (r'access method "hash" does not support unique indexes',),
    ),  # fmt: skip
    "dbml-db2dbml": ("dbml/db2dbml-postgres-schema.dbml", "dbml", None, "postgresql", (), ()),
}
#: importer bugs found by this test (see the closing note); strict: fixing them turns it green
KNOWN: dict[str, str] = {}
SLOW = {"pg-musicbrainz-dump", "pg-musicbrainz-files"}
#: SQL functions the model calls but does not carry: the import lists them, and the round trip
#: names them as the reason the engine rejected a table or index
FUNCTIONS = {
    "pg-musicbrainz-dump": ("musicbrainz.controlled_for_whitespace",),
    "pg-musicbrainz-files": ("controlled_for_whitespace",),
}
CARRY = "the model does not carry SQL functions"


def _params() -> list[object]:
    out = []
    for name in CASES:
        marks = []
        if name in SLOW:
            marks.append(pytest.mark.slow)
        if CASES[name][3] != "sqlite":  # reaches a server
            marks.append(pytest.mark.db(CASES[name][3]))
        if name in KNOWN:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[name]))
        out.append(pytest.param(name, marks=marks, id=name))
    return out


def _rejected(rt: RoundTrip, what: str) -> set[str]:
    """Names of the tables (`TABLE`) or indexes (`INDEX`) whose CREATE the engine rejected."""
    names = set()
    for f in rt.failures:
        m = re.search(rf"rejected `CREATE (?:UNIQUE )?{what} (?:\w+\.)?(\w+)", f.message)
        if m:
            names.add(m.group(1).lower())
    return names


@pytest.mark.parametrize("case", _params())
def test_corpus_round_trip(case: str, corpus: Path, request: pytest.FixtureRequest) -> None:
    path, importer, dialect, engine, extra, causes = CASES[case]
    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    imported = IMPORTERS.get(importer)(
        str(corpus / path),
        ImportOptions(dialect=dialect, extra_sources=tuple(str(corpus / p) for p in extra)),
    )
    extensions = ("cube", "earthdistance") if "musicbrainz" in path else ()
    rt = round_trip(imported.schema, url, in_place=True, extensions=extensions)
    assert rt.engine == engine
    for name in FUNCTIONS.get(case, ()):
        assert any(f"function {name} is" in u for u in imported.unsupported)
        assert any(f"({name}: {CARRY};" in f.message for f in rt.failures)
    rejected = _rejected(rt, "TABLE")
    indexes = _rejected(rt, "INDEX")
    unexplained = []
    for f in rt.failures:
        text = f.message
        follows = re.search(r'relation "(?:\w+\.)?(\w+)" does not exist', text) or re.search(
            r"Table '\w+\.(\w+)' doesn't exist", text
        )
        if follows and follows.group(1).lower() in rejected:
            continue  # an index or key of a table the engine already rejected
        if not any(re.search(c, text) for c in causes):
            unexplained.append(text)
    assert unexplained == []
    assert bool(rt.failures) == bool(causes)  # each listed cause still happens
    stray = []
    for d in rt.errors:
        table = re.match(r"\w+", d.subject)
        target = re.search(r"-> (\w+)\(", d.message)
        if table and table.group(0).lower() in rejected:
            continue
        if d.code == "V131" and target and target.group(1).lower() in rejected:
            continue
        if d.code == "V161" and d.subject.split(".")[-1].lower() in indexes:
            continue
        stray.append(str(d))
    assert stray == []


def test_function_calls_are_the_stated_reason(postgresql_url: str, mariadb_url: str) -> None:
    """A CHECK calling a function the model does not carry: import and round trip say so."""
    text = (
        "CREATE FUNCTION tidy(text) RETURNS boolean AS $$ SELECT $1 = btrim($1) $$ LANGUAGE SQL;\n"
        "CREATE TABLE tag (id integer PRIMARY KEY, name varchar(20) CHECK (tidy(name)));\n"
    )
    got = import_sql_text([("t.sql", text)], ImportOptions(dialect="postgresql"))
    assert any("function tidy is not carried over" in u for u in got.unsupported)
    rt = round_trip(got.schema, postgresql_url, in_place=True)
    assert [f.message for f in rt.failures] == [
        "postgresql rejected `CREATE TABLE tag (`: function tidy(character varying) does not "
        f"exist (tidy: {CARRY}; the engine needs it before this DDL)"
    ]
    rt = round_trip(got.schema, mariadb_url, in_place=True)
    assert len(rt.failures) == 1
    assert rt.failures[0].message.endswith(
        "(MariaDB allows no stored or non-deterministic function in a CHECK)"
    )


# -- verify with data: every corpus schema on its own engine and across engines ----------------
from pydev_workflow.checks import run_checks  # noqa: E402
from pydev_workflow.checks.base import CheckContext  # noqa: E402
from verify_corpus_cases import CASES as VERIFY_CASES  # noqa: E402
from verify_corpus_cases import import_case, verify_case  # noqa: E402

#: exceptions that `check` predicts: (case, engine) -> the rule that reports the cause
PREDICTED = {("pg-sakila", "mariadb"): "DM109", ("dbml-dbml2sql", "postgresql"): "DM307"}


def _verify_params() -> list[object]:
    out = []
    for name, case in VERIFY_CASES.items():
        for engine in ("sqlite", "postgresql", "mariadb"):
            own = engine == case.engine
            if case.slow and not own:
                continue  # benchmarks/verify_corpus.py runs those
            marks = [pytest.mark.slow] if case.slow else []
            out.append(pytest.param(name, engine, marks=marks, id=f"{name}-{engine}"))
    return out


@pytest.mark.parametrize(("case", "engine"), _verify_params())
def test_corpus_verifies_green(
    case: str, engine: str, corpus: Path, request: pytest.FixtureRequest
) -> None:
    """Import -> verify with rows in every table: ok, or only the case's documented exceptions.

    The generator's own failures (V401) never pass: a real schema's rows must be accepted.
    """
    c = VERIFY_CASES[case]
    url = None if engine == "sqlite" else request.getfixturevalue(f"{engine}_url")
    schema = import_case(corpus, c)
    outcome = verify_case(schema, c, engine, url, 100)
    assert outcome.problems == []
    allowed = c.expected.get(engine, ()) + c.expected.get("*", ())
    assert bool(outcome.expected) == bool(allowed)  # a listed exception that is gone: drop it
    for pattern, _why in c.expected.get(engine, ()):
        assert any(re.search(pattern, line) for line in outcome.expected), pattern
    rule = PREDICTED.get((case, engine))
    if rule is not None:
        assert rule in {f.code for f in run_checks(CheckContext(schema=schema))}
    if outcome.report is not None:
        assert not [f for f in outcome.report.findings if f.code == "V401"]
        # rows were loaded, unless the case's documented exception is that this engine cannot
        # take the model at all (two schemas' tables of one name in one namespace)
        whole = f"V301 not verified on {engine}: "
        if not any(whole in line for line in outcome.expected):
            assert sum(s.rows for s in outcome.report.loads) > 0
