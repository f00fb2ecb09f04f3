"""verify: apply the model's DDL in a sandbox, round-trip it, load data, measure every query."""

# lazy: sqlalchemy — rules and SARIF output load verify for its code tables only
from __future__ import annotations

import math
import re
import warnings
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydev_workflow.analysis import plan
from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.dialects.metadata import Statement, statements
from pydev_workflow.errors import InputError, Loc
from pydev_workflow.findings import Finding, Severity
from pydev_workflow.model import Entity, FilterOp, Frequency, QueryPattern, Schema
from pydev_workflow.verify.codes import DIFF_CODES, INFO_CODES
from pydev_workflow.verify.codes import VERIFY_CODES as CODES
from pydev_workflow.verify.compare import normalizer
from pydev_workflow.verify.data import Generated, LoadStats, load, sandbox_partitions
from pydev_workflow.verify.diff import Difference, diff, sql_entities
from pydev_workflow.verify.queries import Access, build, explain, index_labels, timed
from pydev_workflow.verify.sandbox import MARKER, Sandbox, open_sandbox
from pydev_workflow.verify.urls import Target, parse_target, redact, resolve, show_url

DEFAULT_ROWS = 2000
_NOWHERE = Loc()


def finding(
    code: str, message: str, loc: Loc = _NOWHERE, severity: Severity = Severity.ERROR
) -> Finding:
    """A verification result as the one Finding: ERROR needs attention, INFO is worth knowing."""
    name = (CODES.get(code) or DIFF_CODES.get(code) or ("",))[0]
    return Finding(code, name, severity, message, loc)


def _json_severity(severity: Severity) -> str:
    """The word verify's JSON keeps: "error" and "note" (a note is an INFO finding)."""
    return "note" if severity is Severity.INFO else severity.value


@dataclass(frozen=True, slots=True)
class Measurement:
    """One query at one scale."""

    table_rows: int
    seconds: float
    result_rows: int
    access: Access


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What the engine did with one query pattern."""

    pattern: QueryPattern
    sql: str
    static_index: str  # what pydev_workflow.analysis predicted
    static_complexity: str
    measurements: tuple[Measurement, ...]
    complexity: str  # measured: O(1), O(log n) or O(n)
    growth: float | None  # time exponent between the smallest and the largest scale

    @property
    def access(self) -> Access:
        """The access path at the largest scale."""
        return self.measurements[-1].access

    @property
    def agrees(self) -> bool:
        """True when the engine uses the path the static analysis predicted."""
        return self.access.index == self.static_index


@dataclass(frozen=True)
class VerifyReport:
    """Everything one verification run found, on one engine."""

    engine: str  # sqlite, postgresql, mariadb
    target: str  # the URL, password redacted
    sandbox: str
    rows: int
    scales: tuple[int, ...]
    differences: tuple[Difference, ...] = ()
    queries: tuple[QueryResult, ...] = ()
    findings: tuple[Finding, ...] = ()
    messages: tuple[str, ...] = ()  # notes: stale sandboxes removed, what the engine cannot hold
    loads: tuple[LoadStats, ...] = ()
    cleaned: tuple[str, ...] = field(default=())

    @property
    def has_findings(self) -> bool:
        """True when anything needs attention (exit code 1)."""
        return any(d.is_finding for d in self.differences) or any(
            f.severity is Severity.ERROR for f in self.findings
        )

    def all_findings(self) -> list[Finding]:
        """Round-trip differences, then verify's own findings, as the one Finding (notes: INFO)."""
        return [d.as_finding() for d in self.differences] + list(self.findings)

    def summary(self) -> str:
        """One line: engine, round-trip differences, notes, queries measured, findings."""
        errors = sum(1 for d in self.differences if d.is_finding)
        notes = sum(1 for d in self.differences if not d.is_finding)
        problems = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        rate = ""
        if self.loads:
            rows = sum(s.rows for s in self.loads)
            seconds = sum(s.seconds for s in self.loads)
            rate = f", {rows} rows loaded at {rows / seconds if seconds else 0:,.0f} rows/s"
        return (
            f"verified on {self.engine} ({self.target}): round trip {errors} difference(s)"
            + (f", {notes} note(s) on what {self.engine} cannot hold" if notes else "")
            + f", {len(self.queries)} query pattern(s) measured at "
            + "/".join(map(str, self.scales))
            + f" rows{rate}; {problems} finding(s)"
        )

    def problem_lines(self) -> list[str]:
        """One line per round-trip difference and per finding (errors first, then notes)."""
        out = [
            f"{d.code} {d.subject}: {d.message}"
            + (f" (model: {d.expected}; engine: {d.actual})" if d.expected or d.actual else "")
            for d in self.differences
            if d.is_finding
        ]
        out += [
            f"{f.loc}: {f.code} {f.message}" for f in self.findings if f.severity is Severity.ERROR
        ]
        return out

    def notes(self) -> dict[str, str]:
        """Query name -> "verified on <engine>: <access path>, <complexity>" for the docs."""
        return {
            q.pattern.name: f"verified on {self.engine}: {q.access}, {q.complexity}"
            for q in self.queries
        }

    def to_json(self) -> dict[str, Any]:
        """A plain, stable JSON document (no passwords)."""
        return {
            "engine": self.engine,
            "target": self.target,
            "sandbox": self.sandbox,
            "rows": self.rows,
            "scales": list(self.scales),
            "ok": not self.has_findings,
            "differences": [
                {
                    "code": d.code,
                    "name": d.name,
                    "severity": _json_severity(d.severity),
                    "subject": d.subject,
                    "message": d.message,
                    "expected": d.expected,
                    "actual": d.actual,
                    "location": str(d.loc),
                }
                for d in self.differences
            ],
            "queries": [
                {
                    "name": q.pattern.name,
                    "entity": q.pattern.entity,
                    "frequency": q.pattern.frequency.value,
                    "sql": q.sql,
                    "access": str(q.access),
                    "index": q.access.index,
                    "scan": q.access.scan,
                    "sort": q.access.sort,
                    "plan": q.access.detail,
                    "static_index": q.static_index,
                    "static_complexity": q.static_complexity,
                    "agrees_with_analysis": q.agrees,
                    "complexity": q.complexity,
                    "growth": None if q.growth is None else round(q.growth, 3),
                    "measurements": [
                        {
                            "table_rows": m.table_rows,
                            "ms": round(m.seconds * 1000, 3),
                            "result_rows": m.result_rows,
                            "access": str(m.access),
                        }
                        for m in q.measurements
                    ],
                }
                for q in self.queries
            ],
            "findings": [
                {
                    "code": f.code,
                    "name": f.name,
                    "severity": _json_severity(f.severity),
                    "message": f.message,
                    "location": str(f.loc),
                }
                for f in self.findings
            ],
            "notes": list(self.messages),
            "load": [
                {
                    "rows": s.rows,
                    "seconds": round(s.seconds, 3),
                    "rows_per_s": round(s.rows_per_second),
                }
                for s in self.loads
            ],
        }


def scales_for(rows: int) -> tuple[int, ...]:
    """The table sizes measured: a tenth of `rows` and `rows` (one scale below 100 rows)."""
    if rows < 100:
        return (rows,)
    return (max(rows // 10, 10), rows)


def ddl_notes(statements: Sequence[Statement], dialect: str) -> tuple[Difference, ...]:
    """The `-- ` note statements of the DDL (what `dialect` cannot express) as V001 notes."""
    out: list[Difference] = []
    for st in statements:
        if st.kind != "note":
            continue
        text = st.sql.removeprefix("--").strip()
        if not text.startswith("not expressible"):
            continue  # how the DDL is laid out (SQLite: FKs inside CREATE TABLE), not a loss
        out.append(
            Difference(
                "V001",
                DIFF_CODES["V001"][0],
                st.entity or dialect,
                text,
                severity=Severity.INFO,
                loc=st.loc,
            )
        )
    return tuple(out)


def apply(
    box: Sandbox, statements: Sequence[Statement], *, keep_going: bool = False
) -> Finding | None | list[Finding]:
    """Execute DDL `statements` in order; a failure becomes a finding at its spec line.

    Returns the first failure (None when all ran), or with `keep_going` every failure: the
    corpus round trip goes on past an index on a function the model does not hold.
    Note statements (`-- …`) are not sent: some drivers reject a statement that is only a
    comment, and `ddl_notes` reports them instead.
    """
    failures: list[Finding] = []
    with box.engine.connect() as conn:
        for st in statements:
            if st.kind == "note":
                continue
            try:
                box.adapter.raw(conn, st.sql)  # one statement: a second one is refused
                conn.commit()
            except Exception as exc:  # noqa: BLE001 - the engine's own message is the report
                conn.rollback()
                first = st.sql.strip().splitlines()[0]
                failures.append(
                    finding(
                        "V301",
                        f"{box.target.dialect} rejected `{first}`: "
                        + _with_reason(_engine_message(exc, box.target)),
                        st.loc,
                    )
                )
                if not keep_going:
                    return failures[0]
    return failures if keep_going else None


# an engine's "no such function": PostgreSQL names the argument types, MariaDB the database
_NO_FUNCTION = re.compile(
    r"function ([\w.\"]+)\([^)]*\) does not exist|FUNCTION ([\w.`]+) does not exist", re.I
)
# MariaDB: a function it refuses in a CHECK, whether it exists or not
_CHECK_FUNCTION = re.compile(r"Function or expression '.*' cannot be used in the CHECK clause")


def _with_reason(message: str) -> str:
    """The engine's message, plus why when it is about something the model does not carry."""
    m = _NO_FUNCTION.search(message)
    if m is None:
        if _CHECK_FUNCTION.search(message):
            # MariaDB's error 1901: a stored function or a non-deterministic built-in
            return f"{message} (MariaDB allows no stored or non-deterministic function in a CHECK)"
        return message
    name = (m.group(1) or m.group(2)).replace('"', "").replace("`", "")
    return (
        f"{message} ({name}: the model does not carry SQL functions; the engine needs it "
        "before this DDL)"
    )


def _engine_message(exc: BaseException, target: Target | None = None) -> str:
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    first = text.splitlines()[0] if text else repr(orig)
    # PostgreSQL's extended protocol adds where in the statement: the statement is quoted anyway
    first = re.sub(r" at character \d+$", "", first)
    return target.scrub(first) if target is not None else redact(first)


def _schemas(schema: Schema) -> tuple[str, ...]:
    return tuple(sorted({e.schema for e in sql_entities(schema) if e.schema}))


def _prepare(box: Sandbox, schema: Schema, extensions: Sequence[str]) -> list[Finding]:
    """Create the model's schemas and the extensions it needs inside the sandbox database.

    Only where the sandbox is a database of our own that keeps schemas (PostgreSQL); names are
    quoted by the engine's preparer.
    """
    if box.adapter.spec_schemas != "database" or box.kind != "database":
        return []
    q = box.adapter.quote
    out: list[Finding] = []
    with box.engine.connect() as conn:
        for name in extensions:
            try:
                box.adapter.raw(conn, f"CREATE EXTENSION IF NOT EXISTS {q(name)}")
                conn.commit()
            except Exception as exc:  # noqa: BLE001 - not installed on this server
                conn.rollback()
                out.append(
                    finding(
                        "V301",
                        f"extension {name} is not available: {_engine_message(exc, box.target)}",
                    )
                )
        for name in _schemas(schema):
            box.adapter.raw(conn, f"CREATE SCHEMA IF NOT EXISTS {box.adapter.quote_schema(name)}")
            conn.commit()
    return out


def _own_database(target: Target, schema: Schema, extensions: Sequence[str] = ()) -> bool:
    """Does the model need a sandbox database of its own (schemas or extensions it names)?"""
    spec = adapter_for(target.dialect).spec_schemas
    return spec == "database" and bool(_schemas(schema) or extensions)


def into_sandbox(schema: Schema, box: Sandbox) -> tuple[Schema, list[str], Finding | None]:
    """The model as it goes into `box`, its schemas mapped into the sandbox.

    On engines whose sandbox is one namespace (MySQL, MariaDB: a database has no schemas) the
    spec's schemas are mapped into the sandbox, so `schema: test` never reaches the server's
    real database `test`.

    Returns the model to apply, notes saying so, and a finding when two tables of one name
    would meet in the sandbox.
    """
    if box.adapter.spec_schemas != "collapse":
        return schema, [], None
    named = [e for e in sql_entities(schema) if e.schema]
    if not named:
        return schema, [], None
    seen: dict[str, Entity] = {}
    for e in sql_entities(schema):
        other = seen.setdefault(e.table.lower(), e)
        if other is not e:
            return (
                schema,
                [],
                finding(
                    "V301",
                    f"not verified on {box.dialect}: tables {_where(other)} and {_where(e)} "
                    "would meet in the one sandbox database (verify maps every schema into it)",
                    e.loc,
                ),
            )
    moved = tuple(replace(e, schema=None) if e.schema else e for e in schema.entities)
    names = ", ".join(sorted({str(e.schema) for e in named}))
    note = (
        f"schema(s) {names} mapped into the sandbox database {box.name}: nothing is created "
        "in the server's databases of those names"
    )
    return replace(schema, entities=moved), [note], None


def _where(e: Entity) -> str:
    """`schema.table`, or `table (no schema)`: which of two same-named tables is meant."""
    return f"{e.schema}.{e.table}" if e.schema else f"{e.table} (no schema)"


#: the DDL of a model for a dialect (dialects.metadata.statements, or a build made already)
Compiler = Callable[[Schema, str], list[Statement]]


def _compile(
    schema: Schema, box: Sandbox, compiler: Compiler = statements
) -> tuple[Schema, list[Statement], list[Finding]] | Finding:
    """The DDL for the sandbox's engine, or a finding when the model cannot compile for it.

    A table this engine cannot express (SQLite: autoincrement in a composite key) is left out
    with a V301 finding naming it, and the rest of the model is still verified; only a model
    with nothing left to compile is a finding for the whole engine.
    """
    skipped: list[Finding] = []
    for _ in range(len(schema.entities) + 1):
        try:
            return schema, compiler(schema, box.dialect), skipped
        except InputError as exc:
            text = "; ".join(p.message + (f" ({p.hint})" if p.hint else "") for p in exc.problems)
            # advise the option of the command that was run (`run --verify`, not `verify --db`)
            text = text.replace("--db ", f"{box.target.option} ")
            loc = exc.problems[0].loc if exc.problems else schema.loc
            bad = _culprits(schema, exc)
            if not bad or len(bad) == len(schema.entities):
                return finding("V301", f"not verified on {box.dialect}: {text}", loc)
            names = ", ".join(sorted(e.table for e in bad))
            skipped.append(finding("V301", f"{names} not verified on {box.dialect}: {text}", loc))
            schema = _without(schema, {e.name for e in bad})
    return finding("V301", f"not verified on {box.dialect}: the DDL does not compile", schema.loc)


def _culprits(schema: Schema, exc: InputError) -> list[Entity]:
    """The entities an input error of the DDL compiler is about (by location or table name)."""
    locs = {(p.loc.file, p.loc.line) for p in exc.problems if p.loc.line}
    named = set(re.findall(r"in table '([^']+)'", str(exc)))
    return [
        e
        for e in schema.entities
        if (e.loc.file, e.loc.line) in locs
        or e.table in named
        or any((f.loc.file, f.loc.line) in locs for f in e.fields)
    ]


def _without(schema: Schema, names: set[str]) -> Schema:
    """`schema` less the entities `names` and the foreign keys that point at them."""
    kept = []
    for e in schema.entities:
        if e.name in names:
            continue
        fks = tuple(
            fk
            for fk in e.foreign_keys
            if (t := schema.entity(fk.ref_entity)) is None or t.name not in names
        )
        kept.append(replace(e, foreign_keys=fks) if fks != e.foreign_keys else e)
    rels = tuple(
        r
        for r in schema.relationships
        if r.left not in names and r.right not in names and (r.via or "") not in names
    )
    qs = tuple(q for q in schema.query_patterns if q.entity not in names)
    return replace(schema, entities=tuple(kept), relationships=rels, query_patterns=qs)


def _clashes(schema: Schema, box: Sandbox) -> Finding | None:
    """--in-place in a user's SQLite file: a spec table that is already there is not touched."""
    if not box.existing:
        return None
    there = {n.lower() for n in box.existing}
    hit = [e for e in sql_entities(schema) if e.table.lower() in there]
    if not hit:
        return None
    return finding(
        "V301",
        f"--in-place: {box.name} already has table(s) "
        + ", ".join(repr(e.table) for e in hit)
        + "; verify never touches tables it did not create (use a copy or another file)",
        hit[0].loc,
    )


@dataclass(frozen=True)
class RoundTrip:
    """DDL applied in a sandbox and read back: what differs, and what the engine rejected."""

    engine: str
    differences: tuple[Difference, ...]  # V001 notes first (what the DDL could not express)
    failures: tuple[Finding, ...]  # V301: statements the engine rejected

    @property
    def errors(self) -> tuple[Difference, ...]:
        """The real differences (not notes)."""
        return tuple(d for d in self.differences if d.is_finding)

    @property
    def notes(self) -> tuple[str, ...]:
        """The V001 messages: what the engine cannot hold."""
        return tuple(d.message for d in self.differences if not d.is_finding)


def round_trip(
    schema: Schema,
    url: str | Target | None = None,
    *,
    in_place: bool = False,
    extensions: Sequence[str] = (),
) -> RoundTrip:
    """Apply the DDL of `schema` in a sandbox, reflect it and diff it (no data, no queries).

    Every statement is tried (a rejected one is a V301 failure, and what it would have made
    shows up as a difference). A PostgreSQL model with schemas of its own, or `extensions`
    (e.g. MusicBrainz's cube, earthdistance), gets a sandbox database instead of a schema.

    Raises:
        InputError: bad URL, missing driver, unreachable server, wrong credentials.
    """
    # lazy: `rules` and SARIF output load verify.core for its code tables (report.all_rules),
    # not the reflector
    from pydev_workflow.importers.database import reflect

    target = url if isinstance(url, Target) else parse_target(url)
    schemas = _schemas(schema)
    own_db = _own_database(target, schema, extensions)
    with open_sandbox(target, in_place=in_place, database=own_db) as box:
        schema, _notes, clash = into_sandbox(schema, box)
        clash = clash or _clashes(schema, box)
        compiled = clash or _compile(schema, box)
        if isinstance(compiled, Finding):
            return RoundTrip(target.dialect, (), (compiled,))
        schema, ddl, skipped = compiled
        failures = skipped + _prepare(box, schema, extensions)
        rejected = apply(box, ddl, keep_going=True)
        assert isinstance(rejected, list)
        failures += rejected
        read = ("public", *schemas) if own_db else ()
        actual = reflect(
            box.engine, box.dialect, read, exclude=(MARKER, *box.existing), as_held=True
        ).schema
        differences = ddl_notes(ddl, box.dialect) + tuple(
            diff(schema, actual, box.dialect, notes=False, normalize=normalizer(box.dialect))
        )
    return RoundTrip(target.dialect, differences, tuple(failures))


def _space(e: Entity, own_db: bool) -> str | None:
    """The schema `e` lives in inside a PostgreSQL sandbox database (None: the default)."""
    return e.schema if own_db and e.schema and e.schema != "public" else None


def _qualified(e: Entity, own_db: bool) -> str:
    """`schema.table` as SQLAlchemy's MetaData keys it (the table alone in the default)."""
    space = _space(e, own_db)
    return f"{space}.{e.table}" if space else e.table


def _analyze(box: Sandbox, tables: list[tuple[str | None, str]]) -> None:
    """Fresh statistics for our tables only: a bare ANALYZE would read the user's database."""
    if not tables:
        return
    with box.engine.connect() as conn:
        box.adapter.analyze(conn, tables)
        conn.commit()


def _classify(
    static_complexity: str, access: Access, ms: list[Measurement], pattern: QueryPattern
) -> tuple[str, float | None]:
    """Measured complexity from the plan shape and row counts; timings only as extra evidence."""
    growth: float | None = None
    if len(ms) >= 2 and ms[0].table_rows and ms[-1].table_rows > ms[0].table_rows:
        n_ratio = math.log(ms[-1].table_rows / ms[0].table_rows)
        t0, t1 = max(ms[0].seconds, 1e-6), max(ms[-1].seconds, 1e-6)
        growth = math.log(t1 / t0) / n_ratio
        r0, r1 = max(ms[0].result_rows, 1), max(ms[-1].result_rows, 1)
        rows_growth = math.log(r1 / r0) / n_ratio
        # only unfiltered answers say something about access cost; a filtered answer grows with
        # the data's skew (a popular parent), not with how the rows are reached
        if rows_growth > 0.5 and not pattern.limit and not pattern.filters:
            return "O(n)", growth  # the answer itself grows with the table
    if access.scan or (access.full and not pattern.limit):
        return "O(n)", growth
    if pattern.group_by or pattern.aggregate:
        return ("O(n)" if not pattern.filters else "O(log n)"), growth
    if access.index in ("PK",) or access.index.startswith("UK("):
        if ms and ms[-1].result_rows <= 1 and not access.sort:
            return "O(1)", growth
    return "O(log n)", growth


def _sample(gen: Generated, table: str, name: str) -> dict[str, Any]:
    rows = gen.samples.get(table) or [{}]
    return rows[zlib.crc32(name.encode()) % len(rows)]


_EQ_LITERAL = re.compile(r"^\s*\(?\s*(\w+)\s*=\s*('(?:[^']|'')*'|true|false|-?\d+)\s*\)?\s*$", re.I)


def _partial_index_values(e: Entity, q: QueryPattern, sample: dict[str, Any]) -> dict[str, Any]:
    """Sample values with each equality filter set to a partial index's `col = literal`.

    "Unpaid orders" filters `paid`; an index `WHERE paid = false` serves the query for the
    value the author meant, not for a random row's `paid = true`.
    """
    eq = {f.field for f in q.filters if f.op is FilterOp.EQ}
    out = dict(sample)
    for ix in e.indexes:
        m = _EQ_LITERAL.match(ix.where or "")
        if not m or m.group(1) not in eq:
            continue
        text = m.group(2)
        value: Any
        if text.lower() in ("true", "false"):
            value = text.lower() == "true"
            if isinstance(sample.get(m.group(1)), int) and not isinstance(
                sample.get(m.group(1)), bool
            ):
                value = int(value)  # stored as 0/1 (SQLite, MariaDB)
        elif text.startswith("'"):
            value = text[1:-1].replace("''", "'")
        else:
            value = int(text)
        out[m.group(1)] = value
    return out


def verify(
    schema: Schema,
    url: str | Target | None = None,
    rows: int = DEFAULT_ROWS,
    *,
    in_place: bool = False,
    seed: int = 7,
    progress: Callable[[str, int], None] | None = None,
    repeat: int = 5,
    compiler: Compiler = statements,
) -> VerifyReport:
    """Prove `schema` on a real engine (SQLite in memory when `url` is None).

    Creates a sandbox, applies the DDL, diffs the reflected schema against the model, loads
    synthetic rows at two scales, and EXPLAINs and times every query pattern. `compiler`
    gives the DDL (the caller's build when it has compiled it already, e.g. pipeline.Ddl).

    Raises:
        InputError: bad URL, missing driver, unreachable server, wrong credentials, or a
            target that already has tables (without `in_place`).
    """
    # lazy: `rules` and SARIF output load verify.core for its code tables (report.all_rules),
    # not the reflector
    from pydev_workflow.importers.database import reflect

    target = url if isinstance(url, Target) else parse_target(url)
    scales = scales_for(rows)
    schema, messages = sandbox_partitions(schema)
    findings: list[Finding] = []
    own_db = _own_database(target, schema)
    search = _schemas(schema) if own_db else ()
    with open_sandbox(target, in_place=in_place, database=own_db, search_path=search) as box:
        messages += [f"removed stale sandbox {n} of a killed run" for n in box.cleaned]
        messages += box.notes
        schema, mapped, clash = into_sandbox(schema, box)
        messages += mapped
        base = dict(
            engine=target.dialect,
            target=target.shown,
            sandbox=box.name,
            rows=rows,
            scales=scales,
            cleaned=box.cleaned,
        )
        compiled = clash or _clashes(schema, box) or _compile(schema, box, compiler)
        if isinstance(compiled, Finding):
            return VerifyReport(findings=(compiled,), messages=tuple(messages), **base)  # type: ignore[arg-type]
        schema, ddl, skipped = compiled
        findings += skipped
        prepared = _prepare(box, schema, ())
        if prepared:
            return VerifyReport(findings=(prepared[0],), messages=tuple(messages), **base)  # type: ignore[arg-type]
        # every statement is tried: a table the engine rejects (a function the model does not
        # carry) is a V301 finding, and the rest of the model is still loaded and measured
        rejected = apply(box, ddl, keep_going=True)
        assert isinstance(rejected, list)
        findings += rejected
        read = ("public", *_schemas(schema)) if own_db else ()
        try:
            actual = reflect(
                box.engine, box.dialect, read, exclude=(MARKER, *box.existing), as_held=True
            ).schema
        except Exception as exc:  # noqa: BLE001 - SQLite: a key to a table it rejected
            if not rejected:
                raise
            messages.append(
                f"not read back after {len(rejected)} rejected statement(s): {_engine_message(exc)}"
            )
            return VerifyReport(findings=tuple(findings), messages=tuple(messages), **base)  # type: ignore[arg-type]
        differences = ddl_notes(ddl, box.dialect) + tuple(
            diff(schema, actual, box.dialect, notes=False, normalize=normalizer(box.dialect))
        )
        entities = [e for e in sql_entities(schema) if actual.entity(e.table) is not None]
        # one table per name where the engine flattens schemas (MariaDB, SQLite): the first
        entities = list(
            {(_space(e, own_db), e.table.lower()): e for e in reversed(entities)}.values()
        )[::-1]
        tables = [e.table for e in entities]
        md = _reflect_tables(box, entities, own_db)
        patterns = [
            q for q in schema.query_patterns if (e := schema.entity(q.entity)) and e.table in tables
        ]
        run = _Measured()
        for scale in scales:
            try:
                run.loads.append(
                    load(
                        box.engine,
                        box.dialect,
                        schema,
                        entities,
                        actual,
                        run.gen,
                        scale,
                        seed,
                        progress,
                    )
                )
            except Exception as exc:  # noqa: BLE001 - e.g. a CHECK the generator cannot read
                orig = getattr(exc, "orig", None) or exc
                run.findings.append(
                    finding(
                        "V401",
                        f"loading {scale} rows failed: {_engine_message(orig, target)}",
                        schema.loc,
                    )
                )
                break
            _analyze(box, [(_space(ent, own_db), ent.table) for ent in entities])
            _measure_patterns(box, schema, patterns, md, own_db, repeat, run)
        findings += run.findings
        findings += _generator_findings(schema, run.gen)
        queries = _query_results(schema, patterns, run, box.dialect)
        findings += [f for q in queries for f in _query_findings(q.result, box.dialect, q.accepted)]
    return VerifyReport(
        differences=differences,
        queries=tuple(q.result for q in queries),
        findings=tuple(findings),
        messages=tuple(messages),
        loads=tuple(run.loads),
        **base,  # type: ignore[arg-type]
    )


@dataclass
class _Measured:
    """What loading and timing gathered over the scales of one verify."""

    gen: Generated = field(default_factory=Generated)
    loads: list[LoadStats] = field(default_factory=list)
    results: dict[str, list[Measurement]] = field(default_factory=dict)
    built: dict[str, str] = field(default_factory=dict)  # query pattern -> its SQL
    failed: dict[str, str] = field(default_factory=dict)  # query pattern -> why it cannot run
    findings: list[Finding] = field(default_factory=list)


def _reflect_tables(box: Sandbox, entities: Sequence[Entity], own_db: bool) -> Any:
    """The engine's own Table objects of `entities` (each read in the schema it lives in)."""
    import sqlalchemy as sa

    md = sa.MetaData()
    where: dict[str | None, list[str]] = {}  # schema (own database only) -> its tables
    for ent in entities:  # a model with schemas of its own: each is read where it lives
        where.setdefault(_space(ent, own_db), []).append(ent.table)
    for name, names in where.items():
        with warnings.catch_warnings():
            # MySQL's reflection warns on names it cannot parse (a newline, a backtick), and
            # on types it cannot read back (point, cube: a V001 note of the diff): the query
            # patterns on those tables fail as V204 instead of stopping the run
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            md.reflect(box.engine, schema=name, only=names, resolve_fks=False)
    return md


def _sa_table(md: Any, e: Entity, own_db: bool) -> Any:
    """The reflected table of `e`, or one of the model's own names (untyped)."""
    import sqlalchemy as sa

    found = md.tables.get(_qualified(e, own_db))
    if found is not None and all(f.name in found.c for f in e.fields):
        return found
    # the engine's reflection could not read a name back (MySQL: a backtick or a
    # newline in it): query through the model's own names, untyped
    cols: list[Any] = [sa.column(f.name) for f in e.fields]
    return sa.table(e.table, *cols, schema=_space(e, own_db))


def _measure_patterns(
    box: Sandbox,
    schema: Schema,
    patterns: Sequence[QueryPattern],
    md: Any,
    own_db: bool,
    repeat: int,
    run: _Measured,
) -> None:
    """EXPLAIN and time every query pattern at the rows loaded so far."""
    gen = run.gen
    with box.engine.connect() as conn:
        for q in patterns:
            e = schema.entity(q.entity)
            assert e is not None
            if q.name in run.failed:
                continue
            sample = _partial_index_values(e, q, _sample(gen, e.table, q.name))
            ordered = {
                f.field: sorted(
                    (
                        r[f.field]
                        for r in gen.samples.get(e.table, [])
                        if r.get(f.field) is not None
                    ),
                    key=lambda v: (str(type(v)), v),
                )
                for f in q.filters
            }
            try:
                bq = build(q, _sa_table(md, e, own_db), sample, ordered, conn)
                labels = index_labels(conn, box.dialect, e)
                access = explain(conn, box.dialect, bq, labels)
                seconds, n = timed(conn, bq, repeat)
            except Exception as exc:  # noqa: BLE001 - the engine's message is the report
                conn.rollback()
                run.failed[q.name] = _engine_message(exc, box.target)
                run.findings.append(
                    finding(
                        "V204",
                        f"'{q.name}' cannot run on {box.dialect}: {run.failed[q.name]}",
                        q.loc,
                    )
                )
                continue
            run.built[q.name] = bq.sql
            run.results.setdefault(q.name, []).append(
                Measurement(gen.counts.get(e.table, 0), seconds, n, access)
            )
        conn.rollback()


@dataclass(frozen=True)
class _Judged:
    """A query pattern's result, and whether the spec accepts a scan for it."""

    result: QueryResult
    accepted: bool


def _query_results(
    schema: Schema, patterns: Sequence[QueryPattern], run: _Measured, dialect: str
) -> list[_Judged]:
    """Each measured pattern's growth and complexity, against its static plan."""
    out: list[_Judged] = []
    for q in patterns:
        ms = run.results.get(q.name)
        if not ms:
            continue
        static = plan(schema, q)
        complexity, growth = _classify(static.complexity.value, ms[-1].access, ms, q)
        qr = QueryResult(
            q,
            run.built[q.name],
            static.index,
            static.complexity.value,
            tuple(ms),
            complexity,
            growth,
        )
        out.append(_Judged(qr, static.accepted_scan))
    return out


@dataclass(frozen=True)
class EngineOutcome:
    """One engine's part of a run over several: its report, or why it could not run."""

    item: str  # what the user named: an engine or a URL (password redacted)
    engine: str
    report: VerifyReport | None = None
    error: str = ""  # the input error (unreachable, bad URL, …), one line per problem

    def to_json(self) -> dict[str, Any]:
        """The report's JSON, or the engine, its target and the error."""
        if self.report is not None:
            return self.report.to_json()
        return {"engine": self.engine, "target": self.item, "ok": False, "error": self.error}


def verify_each(
    schema: Schema,
    items: Sequence[str],
    rows: int = DEFAULT_ROWS,
    *,
    in_place: bool = False,
    configured: tuple[str, ...] = (),
    option: str = "--verify",
    progress: Callable[[str, int], None] | None = None,
    compiler: Compiler = statements,
) -> list[EngineOutcome]:
    """Verify on every engine of `items` (engine names or URLs); one never stops the others.

    An engine that cannot be reached, or whose URL is wrong, is an `error` for that engine;
    what it cannot compile is a finding in its report; the others run all the same.
    """
    import sqlalchemy as sa

    out: list[EngineOutcome] = []
    for item in items:
        shown = show_url(item) if "://" in item else item
        try:
            target = resolve(item, configured, option)
        except InputError as exc:
            out.append(EngineOutcome(shown, item, error="; ".join(map(str, exc.problems))))
            continue
        try:
            report = verify(
                schema, target, rows, in_place=in_place, progress=progress, compiler=compiler
            )
        except InputError as exc:
            error = "; ".join(map(str, exc.problems))
            out.append(EngineOutcome(target.shown, target.dialect, error=error))
            continue
        except sa.exc.SQLAlchemyError as exc:  # the server refused the sandbox itself
            error = f"{option}: error: {target.dialect}: {_engine_message(exc, target)}"
            out.append(EngineOutcome(target.shown, target.dialect, error=error))
            continue
        out.append(EngineOutcome(target.shown, target.dialect, report))
    return out


def _generator_findings(schema: Schema, gen: Generated) -> list[Finding]:
    """What the data generator could not do, as findings of the tool's own side (V4xx).

    Notes naming the constraint it cannot satisfy (V402), and rows the engine rejected
    although the generator meant them to fit (V401, the tool's failure, not the model's).
    """
    out: list[Finding] = []
    for name, message in gen.notes:
        e = schema.entity(name)
        out.append(finding("V402", redact(message), e.loc if e else schema.loc, Severity.INFO))
    for name, message in gen.failures:
        e = schema.entity(name)
        out.append(finding("V401", redact(message), e.loc if e else schema.loc))
    return out


def _query_findings(q: QueryResult, engine: str, accepted_scan: bool) -> list[Finding]:
    out: list[Finding] = []
    p = q.pattern
    high = p.frequency is Frequency.HIGH
    reads_all = q.access.scan or (q.access.full and not p.limit)
    if high and reads_all and not accepted_scan:
        out.append(
            finding(
                "V201",
                f"'{p.name}' runs often but {engine} reads all of "
                f"{q.measurements[-1].table_rows} rows ({q.access.detail})",
                p.loc,
            )
        )
    if not q.agrees and not accepted_scan:
        out.append(
            finding(
                "V202",
                f"'{p.name}': {engine} uses {q.access}, the analysis expected {q.static_index}",
                p.loc,
                Severity.INFO,
            )
        )
    if high and q.access.sort and not q.access.scan:
        out.append(
            finding(
                "V203",
                f"'{p.name}': {engine} sorts after {q.access.index} ({q.access.detail})",
                p.loc,
                Severity.INFO,
            )
        )
    return out


__all__ = [
    "CODES",
    "DEFAULT_ROWS",
    "INFO_CODES",
    "Finding",
    "Measurement",
    "QueryResult",
    "RoundTrip",
    "VerifyReport",
    "EngineOutcome",
    "apply",
    "ddl_notes",
    "finding",
    "round_trip",
    "scales_for",
    "verify",
    "verify_each",
]
