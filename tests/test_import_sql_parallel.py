"""A script read on two cores (sqlparallel.py) imports as it does read in order."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.sql import import_sql_text
from pydev_workflow.spec.dump import dumps

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")

IN_ORDER = 10**12  # no script is this long: read in-process, in order
PARALLEL = 0  # every script is read on two cores


def _script(n: int) -> str:
    """`n` tables whose reading depends on statements before and after them."""
    out = [
        "SET search_path = app, public;",
        "CREATE SCHEMA app;",
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');",
        "CREATE DOMAIN money_amount AS numeric(12, 2) CHECK (VALUE >= 0);",
        "CREATE SEQUENCE shared_seq START 100;",
        "CREATE FUNCTION slugify(text) RETURNS text AS $$ SELECT lower($1) $$ LANGUAGE sql;",
    ]
    for i in range(n):
        ref = f",\n  parent_id INTEGER REFERENCES t{i // 2}(id)" if i else ""
        out.append(
            f"CREATE TABLE t{i} (\n  id SERIAL PRIMARY KEY,\n  code VARCHAR(40) NOT NULL,"
            f"\n  feeling mood DEFAULT 'ok',\n  amount money_amount,"
            f"\n  slug TEXT DEFAULT slugify('x{i}'),"
            f"\n  n BIGINT DEFAULT nextval('shared_seq'){ref}\n);"
        )
        if i % 7 == 3:  # a later type, used by later tables only
            out.append(f"CREATE TYPE late{i} AS ENUM ('a{i}', 'b{i}');")
        if i % 7 == 5:
            out.append(f"ALTER TABLE t{i} ADD COLUMN extra late{i - 2};")
        if i % 11 == 4:  # a statement that does not parse, inside a table: a line to report
            out.append(f"CREATE TABLE bad{i} (\n  id INTEGER,\n  x INT CHECK (x >>>> ),\n  y INT);")
        if i % 13 == 6:  # a table created again: the engine keeps the first, the second is listed
            out.append(f"CREATE TABLE t{i - 1} (id INTEGER PRIMARY KEY, again TEXT);")
        out.append(f"CREATE UNIQUE INDEX t{i}_code ON t{i} (code);")
        out.append(f"COMMENT ON TABLE t{i} IS 'table {i}';")
        out.append(f"COMMENT ON COLUMN t{i}.code IS 'code of {i}';")
        out.append(f"GRANT SELECT ON t{i} TO reader;")
    out.append("ALTER TABLE t0 ADD CONSTRAINT t0_code_key UNIQUE (code);")
    return "\n".join(out) + "\n"


def _both(sources: list[tuple[str, str]], dialect: str | None) -> None:
    options = ImportOptions(dialect=dialect)
    a = import_sql_text(sources, options, parallel_from=IN_ORDER)
    b = import_sql_text(sources, options, parallel_from=PARALLEL)
    assert dumps(b.schema, header="h") == dumps(a.schema, header="h")
    assert b.unsupported == a.unsupported  # every warning, at its file:line:column, in order
    assert b.assumptions == a.assumptions
    assert b.counts == a.counts


def test_generated_script_reads_the_same_on_two_cores() -> None:
    text = _script(400)
    got = import_sql_text([("gen.sql", text)], ImportOptions(), parallel_from=PARALLEL)
    assert len(got.schema.entities) >= 400
    assert any("cannot read" in u and ">>>>" in u for u in got.unsupported)
    _both([("gen.sql", text)], None)  # the dialect guessed, as without --dialect
    _both(
        [("a.sql", text), ("b.sql", _script(50).replace("CREATE TABLE t", "CREATE TABLE u"))],
        "postgresql",
    )


@pytest.mark.parametrize(
    ("path", "dialect"),
    [
        ("postgresql/musicbrainz-pg_dump-schema-only.sql", "postgresql"),
        ("postgresql/pagila-schema.sql", "postgresql"),
    ],
)
def test_corpus_dump_reads_the_same_on_two_cores(corpus: Path, path: str, dialect: str) -> None:
    file = corpus / path
    if not file.exists():
        pytest.skip(f"{path} is not in the corpus")
    _both([(str(file), file.read_text("utf-8"))], dialect)


def test_every_corpus_sql_file_reads_the_same_on_two_cores(corpus: Path) -> None:
    for file in sorted(corpus.rglob("*.sql")):
        dialect = file.parent.name if file.parent.name in ("mysql", "sqlite") else "postgresql"
        _both([(str(file), file.read_text("utf-8"))], dialect)
