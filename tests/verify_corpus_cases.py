"""The corpus's real schemas as verify cases, shared by tests/test_verify_corpus.py and
benchmarks/verify_corpus.py: import one, verify it on an engine, and say whether it is green.

Green means `verify` reports no finding, or only findings listed for that case and engine in
`Case.expected` - each a documented engine limitation (a function the model does not carry,
an extension this server lacks) with the reason next to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydev_workflow.errors import InputError
from pydev_workflow.importers import IMPORTERS
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.model import Schema
from pydev_workflow.verify.core import VerifyReport, verify

_MB = ("CreateTables", "CreatePrimaryKeys", "CreateIndexes", "CreateFKConstraints",
       "CreateConstraints")  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One corpus schema: where it is, how it is imported, which engine is its own."""

    path: str
    importer: str
    dialect: str | None
    engine: str
    extra: tuple[str, ...] = ()
    #: engine ("*" for all) -> (finding regex, why it is an engine limitation, not a tool bug)
    expected: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    slow: bool = False


_MB_FUNCTIONS = (
    (
        r"(function:? |FUNCTION |Function or expression ')(`?\w+`?\.)?`?(controlled_for_whitespace|"
        r"musicbrainz_unaccent|mb_simple_tsvector)",
        "MusicBrainz's own SQL functions (CHECKs, index keys): the model does not carry SQL "
        "functions, the import lists them, and the engine rejects what calls them",
    ),
    (
        r'type "cube" does not exist',
        "medium_index.toc is the cube extension's type; the model does not carry extensions "
        "and this sandbox has none (round_trip(extensions=...) creates them)",
    ),
)
#: PostgreSQL's regex operator in a CHECK: SQLite has none, and the DDL writes it for MariaDB
#: as PostgreSQL spelled it (`~`, not REGEXP)
_PG_REGEX = (
    (
        r"""near "~": syntax error|near '~\*? [eE]?'""",
        "a CHECK with PostgreSQL's regex operator `~`: SQLite has no regex operator, and the "
        "DDL copies CHECK text to MariaDB as written (it would need REGEXP)",
    ),
)
_ONE_NAMESPACE = (
    (
        r"SQLite keeps all tables in one namespace",
        "two schemas hold a table of one name; SQLite has one namespace (an input error that "
        "names the clash)",
    ),
)
#: the MariaDB sandbox is one database: verify maps the model's schemas into it, and stops
#: (a V301 for the whole engine) when two schemas hold a table of one name
_ONE_DATABASE = (
    (
        r"V301 not verified on mariadb: tables \S+ and \S+ .*would meet in the one sandbox "
        r"database",
        "two schemas hold a table of one name; the MariaDB sandbox is one database, into which "
        "verify maps every schema",
    ),
)
_UUIDV7 = (
    (
        # PostgreSQL: `function uuidv7() does not exist`; MariaDB: "Function or expression
        # '`UUIDV7`()' cannot be used in the DEFAULT clause"
        r"(?i)uuidv7",
        "uuidv7() is built into PostgreSQL 18; older servers and MariaDB have no such function",
    ),
)
_PAGILA = _UUIDV7 + (
    (r'type "vector" does not exist', "the pgvector extension is not installed on this server"),
)
CASES: dict[str, Case] = {
    "pg-chinook": Case("postgresql/chinook-schema.sql", "sql", "postgresql", "postgresql"),
    # on MariaDB: payment.rental_id is NOT NULL with ON DELETE SET NULL, which InnoDB refuses;
    # `check` reports it as DM109 and the DDL leaves the key out with a note (not a finding)
    "pg-sakila": Case("postgresql/sakila-schema.sql", "sql", "postgresql", "postgresql"),
    "pg-pagila": Case(
        "postgresql/pagila-schema.sql",
        "sql",
        "postgresql",
        "postgresql",
        # on SQLite: payment's key (payment_date, payment_id) has an identity column, which
        # SQLite cannot number (only a one-column INTEGER PRIMARY KEY): a note, the app sets it;
        # the uuidv7() defaults are not evaluated there, as every row is written whole
        # (the vector column is TEXT there, with a note)
        expected={"postgresql": _PAGILA, "mariadb": _UUIDV7},
    ),
    "pg-musicbrainz-files": Case(
        "postgresql/musicbrainz/CreateTypes.sql",
        "sql",
        "postgresql",
        "postgresql",
        tuple(f"postgresql/musicbrainz/{n}.sql" for n in _MB),
        expected={"*": _MB_FUNCTIONS, "sqlite": _PG_REGEX, "mariadb": _PG_REGEX},
        slow=True,
    ),
    "pg-musicbrainz-dump": Case(
        "postgresql/musicbrainz-pg_dump-schema-only.sql",
        "sql",
        "postgresql",
        "postgresql",
        expected={
            "*": _MB_FUNCTIONS,
            "sqlite": _PG_REGEX + _ONE_NAMESPACE,
            "mariadb": _ONE_DATABASE,  # cover_art_archive.art_type, event_art_archive.art_type
        },
        slow=True,
    ),
    "mysql-chinook": Case("mysql/chinook-schema.sql", "sql", "mysql", "mariadb"),
    "mysql-sakila": Case("mysql/sakila-schema.sql", "sql", "mysql", "mariadb"),
    "sqlite-chinook": Case("sqlite/chinook-schema.sql", "sql", "sqlite", "sqlite"),
    "sqlite-sakila": Case("sqlite/sakila-schema.sql", "sql", "sqlite", "sqlite"),
    "dbml-ecommerce": Case("dbml/ecommerce.dbml", "dbml", None, "postgresql"),
    "dbml-dbml2sql": Case(
        "dbml/dbml2sql-schema.dbml",
        "dbml",
        None,
        "postgresql",
        expected={
            "postgresql": (
                (
                    r'access method "hash" does not support unique indexes',
                    "a unique hash index: PostgreSQL's hash indexes cannot be unique; `check` "
                    "reports it as DM307 unique-hash-index",
                ),
            )
        },
    ),
    "dbml-db2dbml": Case(
        "dbml/db2dbml-postgres-schema.dbml",
        "dbml",
        None,
        "postgresql",
        expected={
            "sqlite": _ONE_NAMESPACE,
            "mariadb": _ONE_DATABASE,
        },
    ),
}

#: FreeRADIUS 3.2's SQL schemas (GPL-2.0, Debian package freeradius-config), read from the
#: package at benchmark time (`benchmarks/verify_corpus.py --debian`), never copied here; paths
#: under etc/freeradius/3.0/mods-config/sql. Its MySQL files import as no table (see the
#: closing note), so only the PostgreSQL and SQLite ones are cases.
_TEXT_INDEX = (
    (
        r"key was too long|BLOB/TEXT column '\w+' used in key specification",
        "an index on PostgreSQL's unbounded TEXT columns: InnoDB keys are at most 3072 bytes "
        "and TEXT needs a prefix length",
    ),
)
DEBIAN_CASES: dict[str, Case] = {
    "freeradius-main-pg": Case(
        "main/postgresql/schema.sql", "sql", "postgresql", "postgresql",
        expected={"mariadb": _TEXT_INDEX},
    ),
    "freeradius-main-sqlite": Case("main/sqlite/schema.sql", "sql", "sqlite", "sqlite"),
    "freeradius-ippool-pg": Case(
        "ippool/postgresql/schema.sql", "sql", "postgresql", "postgresql",
        expected={"mariadb": _TEXT_INDEX},
    ),
    "freeradius-ippool-sqlite": Case(
        "ippool/sqlite/schema.sql", "sql", "sqlite", "sqlite",
        expected={
            "postgresql": (
                (r"function datetime\(", "a default calling SQLite's datetime('now')"),
            ),
            "mariadb": (
                (r"You have an error in your SQL syntax", "SQLite's datetime('now') default"),
            ),
        },
    ),
    "freeradius-dhcp-pg": Case(
        "dhcp/postgresql/schema.sql", "sql", "postgresql", "postgresql",
        expected={"mariadb": _TEXT_INDEX},
    ),
    "freeradius-dhcp-sqlite": Case("dhcp/sqlite/schema.sql", "sql", "sqlite", "sqlite"),
}  # fmt: skip
DEBIAN_ROOT = "etc/freeradius/3.0/mods-config/sql"


def import_case(corpus: Path, case: Case) -> Schema:
    """The model the case's importer makes of its corpus file(s)."""
    got = IMPORTERS.get(case.importer)(
        str(corpus / case.path),
        ImportOptions(
            dialect=case.dialect, extra_sources=tuple(str(corpus / p) for p in case.extra)
        ),
    )
    return got.schema


@dataclass(frozen=True)
class Outcome:
    """What verify said, sorted into unexplained problems and expected exceptions."""

    report: VerifyReport | None  # None: verify stopped with an input error
    problems: list[str]
    expected: list[str]
    notes: list[str]

    @property
    def green(self) -> bool:
        """No problem the case does not explain."""
        return not self.problems

    @property
    def summary(self) -> str:
        """The report's one-line summary."""
        return self.report.summary() if self.report is not None else "no report"


def _rejected(report: VerifyReport, what: str) -> set[str]:
    """Names of the tables (`TABLE`) or indexes (`INDEX`) whose CREATE the engine rejected."""
    names = set()
    for f in report.findings:
        m = re.search(rf"rejected `CREATE (?:UNIQUE )?{what} (?:\w+\.)?[`\"]?(\w+)", f.message)
        if m:
            names.add(m.group(1).lower())
    return names


def _follows(code: str, subject: str, message: str, tables: set[str], indexes: set[str]) -> bool:
    """Is this difference the consequence of a statement the engine rejected?"""
    table = re.match(r"\w+", subject)
    target = re.search(r"-> (\w+)\(", message)
    if table and table.group(0).lower() in tables:
        return True
    if code == "V131" and target is not None and target.group(1).lower() in tables:
        return True
    return code == "V161" and subject.split(".")[-1].lower() in indexes


def verify_case(schema: Schema, case: Case, engine: str, url: str | None, rows: int) -> Outcome:
    """Verify `schema` on `engine` with `rows` rows per table, and sort what it reports."""
    allowed = case.expected.get(engine, ()) + case.expected.get("*", ())
    try:
        report = verify(schema, url, rows, in_place=True, repeat=1)
    except InputError as exc:
        line = f"input error: {exc}"
        ok = any(re.search(pattern, line) for pattern, _why in allowed)
        return Outcome(None, [] if ok else [line], [line] if ok else [], [])
    problems: list[str] = []
    expected: list[str] = []
    lines = [str(d) for d in report.differences if d.is_finding] + [
        str(f) for f in report.findings if f.severity.value == "error"
    ]
    rejected = _rejected(report, "TABLE")
    indexes = _rejected(report, "INDEX")
    for d in report.differences:
        if d.is_finding and _follows(d.code, d.subject, d.message, rejected, indexes):
            expected.append(str(d))
            lines.remove(str(d))
    for line in lines:
        if any(re.search(pattern, line) for pattern, _why in allowed):
            expected.append(line)
        elif (
            re.search(r'relation "(?:\w+\.)?(\w+)" does not exist', line)
            or re.search(r"Table '\w+\.(\w+)' doesn't exist", line)
            or re.search(r"no such table: (?:main\.)?(\w+)", line)
        ):
            expected.append(line)  # an index or key of a table the engine already rejected
        elif (
            (m := re.search(r"REFERENCES `?(\w+)`? \(", line))
            and "errno: 150" in line
            and (m.group(1).lower() in rejected)
        ):
            expected.append(line)  # MariaDB: a key to a table it rejected
        else:
            problems.append(line)
    for line in list(problems):  # a key missing because its expected ALTER TABLE was rejected
        m = re.search(r"V131 foreign key (\w+)\(([\w, ]+)\)", line)
        if m and any(
            f"ALTER TABLE {m.group(1)} ADD CONSTRAINT" in x and f"FOREIGN KEY({m.group(2)})" in x
            for x in expected
        ):
            problems.remove(line)
            expected.append(line)
    notes = list(report.messages) + [str(d) for d in report.differences if not d.is_finding]
    notes += [str(f) for f in report.findings if f.severity.value != "error"]
    return Outcome(report, problems, expected, notes)
