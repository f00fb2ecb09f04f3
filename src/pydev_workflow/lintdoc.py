"""lint-doc: every inconsistency between the parts of a hand-written Data Models section.

`prepare_document` is lint-doc's way into the one pipeline: the section becomes a model through
the Markdown importer and `workflow.pipeline.prepare` builds the context every command reads, so
the design findings (DM…, with `--design`) are `check`'s and the doc-lint findings (MD…) travel
in the same list, selected and reported alike.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydev_workflow.checks import selected_codes
from pydev_workflow.errors import InputError, Loc, Problem, did_you_mean
from pydev_workflow.findings import Finding, Severity
from pydev_workflow.importers.markdown import (
    DocEntity,
    DocField,
    DocRelation,
    ErdEntity,
    Section,
    build_schema,
    match_erd,
    match_sql,
    name_key,
    parse_section,
    read_document,
)
from pydev_workflow.model import Cardinality, Entity, FieldType, Schema, StorageKind, TypeKind
from pydev_workflow.workflow.config import ProjectPaths, load_settings
from pydev_workflow.workflow.pipeline import (
    DOC_LINT_PREFIX,
    Prepared,
    prepare,
    read_project,
)


@dataclass(frozen=True, slots=True)
class DocRule:
    """One kind of inconsistency: a stable code, a kebab-case name, what it means."""

    code: str
    name: str
    summary: str


RULES: tuple[DocRule, ...] = (
    DocRule("MD101", "erd-entity-without-table", "an erDiagram entity has no `####` field table"),
    DocRule("MD102", "table-entity-not-in-erd", "an entity table is not drawn in the erDiagram"),
    DocRule("MD103", "sql-table-without-entity", "a CREATE TABLE has no entity table"),
    DocRule("MD104", "entity-missing-from-sql", "a relational entity has no CREATE TABLE"),
    DocRule("MD105", "field-type-mismatch", "the table and the SQL give a field different types"),
    DocRule("MD106", "field-missing-from-sql", "a field of the table is not a column of the SQL"),
    DocRule("MD107", "field-missing-from-table", "a column of the SQL is not in the field table"),
    DocRule("MD108", "index-missing-from-sql", "an index of the Indexes table is not created"),
    DocRule("MD109", "index-missing-from-table", "a CREATE INDEX is not in the Indexes table"),
    DocRule("MD110", "index-definition-mismatch", "table and SQL define an index differently"),
    DocRule(
        "MD111",
        "relationship-cardinality-mismatch",
        "the erDiagram and a Relationships table disagree on cardinality",
    ),
    DocRule(
        "MD112",
        "relationship-label-mismatch",
        "the erDiagram and a Relationships table disagree on the label",
    ),
    DocRule(
        "MD113", "relationship-not-in-erd", "a Relationships row is not drawn in the erDiagram"
    ),
    DocRule(
        "MD114",
        "erd-relationship-not-in-table",
        "an erDiagram relationship is missing from its entities' Relationships tables",
    ),
    DocRule("MD115", "query-unknown-index", "a query pattern names an index that does not exist"),
    DocRule(
        "MD116", "erd-attribute-not-in-table", "an erDiagram attribute is not in the field table"
    ),
    DocRule(
        "MD117",
        "field-constraint-mismatch",
        "the table and the SQL disagree on PK, NOT NULL or UNIQUE",
    ),
    DocRule("MD118", "foreign-key-mismatch", "the table's FK is missing or different in the SQL"),
    DocRule("MD119", "sql-not-parsed", "a statement of the SQL block could not be read"),
    DocRule("MD120", "erd-line-not-understood", "a line of the erDiagram could not be read"),
    DocRule("MD121", "unknown-relationship-entity", "a relationship names no known entity"),
    DocRule("MD122", "unknown-foreign-key-target", "a field's FK names no known entity or field"),
)
_BY_CODE = {r.code: r for r in RULES}


def _finding(code: str, message: str, loc: Loc) -> Finding:
    return Finding(code, _BY_CODE[code].name, Severity.WARNING, message, loc)


def lint_document(path: str | Path) -> list[Finding]:
    """Every inconsistency between the parts of the Data Models section of `path`.

    Raises:
        InputError: the file cannot be read or has no Data Models content.
    """
    text = read_document(path)
    section = parse_section(path, text=text)
    return [_tidy(f, text.splitlines()) for f in lint_section(section)]


def _doc_prefixes(prefixes: Sequence[str], option: str) -> tuple[str, ...]:
    """The prefixes of `prefixes` that name doc-lint codes (MD…, ALL), upper-cased.

    Raises:
        InputError: an MD prefix no doc-lint code starts with (a typo).
    """
    out = []
    for raw in prefixes:
        p = raw.strip().upper()
        if p == "ALL" or (p.startswith(DOC_LINT_PREFIX) and any(c.startswith(p) for c in _BY_CODE)):
            out.append(p)
        elif p.startswith(DOC_LINT_PREFIX):
            hint = did_you_mean(p, _BY_CODE) or "doc-lint codes run MD101…MD122; `rules` lists them"
            raise InputError(Problem(Loc(option), f"no doc-lint code starts with {raw!r}", hint))
    return tuple(out)


def doc_codes(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[str, ...]:
    """The doc-lint codes reported: those `select` names (all when it names none), minus `ignore`.

    Only the MD… (and ALL) prefixes count: the others are the design rules' (one list serves
    both families, a family none of its prefixes names keeps all its codes).
    """
    sel = _doc_prefixes(select, "--select")
    ign = _doc_prefixes(ignore, "--ignore")

    def named(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(p == "ALL" or code.startswith(p) for p in prefixes)

    return tuple(c for c in _BY_CODE if (not sel or named(c, sel)) and not named(c, ign))


def wants_design(select: Sequence[str]) -> bool:
    """True when a `--select` prefix names design rules (DM…, ALL): asking for them runs them."""
    return any(p.strip() and not p.strip().upper().startswith(DOC_LINT_PREFIX) for p in select)


def prepare_document(
    document: str | Path,
    paths: ProjectPaths,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    dialects: Sequence[str] = (),
    design: bool = False,
) -> Prepared:
    """The pipeline's context for the Data Models section of `document`, with its doc findings.

    The section's model (the Markdown importer's) is prepared with the project's settings
    (`[tool.pydev-workflow]` under `paths.root`; the command line wins, family by family) and,
    with `design`, the project's ARCHITECTURE.md and CLAUDE.md, exactly as `check` prepares a
    spec: `findings` then holds both families, `doc_findings` the doc lint alone.

    Raises:
        InputError: the file cannot be read, an option or setting is wrong, or (with `design`)
            the section does not make a model.
    """
    settings = load_settings(paths.root)
    text = read_document(document)
    section = parse_section(document, text=text)
    codes = doc_codes(
        _doc_prefixes(select, "--select") or _doc_prefixes(settings.select, "pyproject.toml"),
        _doc_prefixes(ignore, "--ignore") or _doc_prefixes(settings.ignore, "pyproject.toml"),
    )
    lines = text.splitlines()
    found = [_tidy(f, lines) for f in lint_section(section) if f.code in codes]
    prepared = prepare(
        _model(section, design),
        read_project(paths) if design else None,
        settings=settings,
        select=select,
        ignore=ignore,
        dialects=dialects,
        spec_name=str(document),
        doc_findings=found,
    )
    selected_codes(prepared.select, prepared.ignore)  # a typo is an error, design rules or not
    return prepared


def _model(section: Section, design: bool) -> Schema:
    """The section's model; without `design`, an empty one where the parts do not merge.

    The doc lint compares the parts as written and never reads the merged model: a section
    whose parts cannot be merged (a foreign key to no table) is still linted as before.
    """
    try:
        return build_schema(section).schema
    except InputError:
        if design:
            raise
        return Schema(source=section.path, loc=section.loc)


def _tidy(f: Finding, lines: list[str]) -> Finding:
    """A location just past the end of a line (after `,` in SQL) moves to the next item."""
    line, col = f.loc.line, f.loc.col
    while 0 < line <= len(lines) and col > len(lines[line - 1].rstrip()) and line < len(lines):
        line += 1
        nxt = lines[line - 1]
        col = len(nxt) - len(nxt.lstrip()) + 1
    if (line, col) == (f.loc.line, f.loc.col):
        return f
    return dataclasses.replace(f, loc=Loc(f.loc.file, line, col))


def lint_section(section: Section) -> list[Finding]:
    """The findings for an already parsed section, ordered by line."""
    findings = list(_entities(section))
    findings.extend(_relationships(section))
    findings.extend(_foreign_keys(section))
    findings.extend(_queries(section))
    findings.extend(_syntax(section))
    return sorted(findings, key=lambda f: (f.loc.line, f.loc.col, f.code, f.message))


def format_text(findings: Sequence[Finding], design: bool = False) -> str:
    """One line per finding plus a summary line (design findings counted apart)."""
    lines = [
        f"{f.loc}: {f.code} {f.name}: {f.message}" + (f" ({f.hint})" if f.hint else "")
        for f in findings
    ]
    doc = sum(f.code.startswith(DOC_LINT_PREFIX) for f in findings)
    parts = [f"{doc} inconsistenc{'y' if doc == 1 else 'ies'}"] if doc else []
    if len(findings) > doc:
        rest = len(findings) - doc
        parts.append(f"{rest} design finding{'' if rest == 1 else 's'}")
    elif not doc:
        parts.append("the Data Models section is consistent")
        if design:
            parts.append("no design rule fires")
    lines.append(", ".join(parts))
    return "\n".join(lines) + "\n"


def _json(f: Finding) -> dict[str, object]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "file": f.loc.file,
        "line": f.loc.line,
        "col": f.loc.col,
        "hint": f.hint,
    }


def format_json(findings: Sequence[Finding]) -> str:
    """A stable JSON document: {"findings": [...], "count": n}."""
    return json.dumps({"findings": [_json(f) for f in findings], "count": len(findings)}, indent=2)


# -- entities and fields -----------------------------------------------------------------------


def _sql_ok(section: Section) -> bool:
    return any(b.result is not None for b in section.sql)


def _entities(section: Section) -> Iterator[Finding]:
    sql_of = match_sql(section)
    erd_of = match_erd(section)
    has_sql = _sql_ok(section)
    matched_erd = {e.name for e in erd_of.values()}
    matched_sql = {id(e) for e in sql_of.values()}
    for ee in section.erd_entities:
        if ee.name not in matched_erd and section.entities:
            yield _finding(
                "MD101", f"entity {ee.name} is in the erDiagram but has no table", ee.loc
            )
    if section.erd_entities:
        hidden = junctions(section)  # an N:M line stands for its junction entity
        for d in section.entities:
            if d.name not in erd_of and d.name not in hidden:
                yield _finding("MD102", f"entity {d.name} is not in the erDiagram", d.loc)
    for se in section.sql_entities():
        erd_hit = any(
            name_key(ee.name) in (name_key(se.table), name_key(se.name))
            for ee in section.erd_entities
            if ee.name not in matched_erd
        )
        if id(se) not in matched_sql and section.entities and not erd_hit:
            yield _finding(
                "MD103", f"table {se.table} is created in the SQL but has no entity table", se.loc
            )
    for d in section.entities:
        s = sql_of.get(d.name)
        if s is None:
            relational = d.storage is None or d.storage.kind is StorageKind.RELATIONAL
            if has_sql and relational and d.fields:
                yield _finding(
                    "MD104", f"entity {d.name} has no CREATE TABLE in the SQL block", d.loc
                )
        else:
            yield from _fields(d, s)
            yield from _indexes(d, s)
        erd = erd_of.get(d.name)
        if erd is not None and d.has_field_table:
            yield from _erd_attributes(d, erd)


def junctions(section: Section) -> set[str]:
    """Entities whose FKs join the two ends of an N:M line of the ERD (drawn or not)."""
    pairs = [
        {name_key(r.left), name_key(r.right)}
        for r in section.erd_relations
        if r.cardinality is Cardinality.MANY_TO_MANY
    ]
    out = set()
    for d in section.entities:
        targets = {name_key(f.fk_target) for f in d.fields if f.fk_target}
        if any(p <= targets for p in pairs):
            out.add(d.name)
    return out


def _type_text(t: FieldType) -> str:
    return t.doc_name()


def _same_type(doc: FieldType, sql: FieldType) -> bool:
    """Equal for documentation purposes: a length the table leaves out is not a difference."""
    if doc.kind is not sql.kind:
        return False
    k = doc.kind
    if k is TypeKind.ENUM:
        return set(doc.values) == set(sql.values)
    if k is TypeKind.ARRAY:
        return doc.item is not None and sql.item is not None and _same_type(doc.item, sql.item)
    if k is TypeKind.NATIVE:
        return (doc.native or "").lower() == (sql.native or "").lower()
    if k in (TypeKind.STRING, TypeKind.CHAR, TypeKind.FLOAT) and doc.length is None:
        return True
    if k is TypeKind.DECIMAL and doc.precision is None:
        return True
    return (
        doc.length == sql.length
        and doc.precision == sql.precision
        and (doc.scale == sql.scale and doc.timezone == sql.timezone)
    )


def _fields(d: DocEntity, s: Entity) -> Iterator[Finding]:
    doc_names = {f.name for f in d.fields}
    for f in d.fields:
        col = s.field(f.name)
        if col is None:
            yield _finding(
                "MD106",
                f"{d.name}.{f.name} is in the table but not in CREATE TABLE {s.table}",
                f.loc,
            )
            continue
        if f.type is not None and not _same_type(f.type, col.type):
            yield _finding(
                "MD105",
                f"{d.name}.{f.name} is {f.type_text.strip()} in the table but "
                f"{_type_text(col.type)} in the SQL (line {col.loc.line})",
                f.loc,
            )
        yield from _constraints(d, f, s)
    if d.has_field_table:
        for col in s.fields:
            if col.name not in doc_names:
                yield _finding(
                    "MD107",
                    f"column {s.table}.{col.name} is in the SQL but not in the {d.name} table",
                    col.loc,
                )


def _constraints(d: DocEntity, f: DocField, s: Entity) -> Iterator[Finding]:
    if not d.has_constraints_column:
        return
    col = s.field(f.name)
    assert col is not None
    where = f"{d.name}.{f.name}"
    sql_pk = s.is_pk(f.name)
    if f.pk != sql_pk:
        said = "PK" if f.pk else "not PK"
        yield _finding("MD117", f"{where} is {said} in the table, the SQL says otherwise", f.loc)
    if f.nullable is False and col.nullable and not sql_pk:
        yield _finding("MD117", f"{where} is NOT NULL in the table but nullable in the SQL", f.loc)
    if f.unique and not f.pk and not s.is_unique((f.name,)):
        yield _finding("MD117", f"{where} is UNIQUE in the table but not in the SQL", f.loc)
    if f.fk or f.fk_target:
        fk = s.fk_of(f.name)
        if fk is None:
            yield _finding(
                "MD118", f"{where} is a foreign key in the table but not in the SQL", f.loc
            )
        elif f.fk_target and name_key(f.fk_target) not in (
            name_key(fk.ref_entity),
            name_key(_table_of(fk.ref_entity, s)),
        ):
            yield _finding(
                "MD118",
                f"{where} references {f.fk_target} in the table but {fk.ref_entity} in the SQL",
                f.loc,
            )


def _table_of(entity: str, s: Entity) -> str:
    # the SQL importer names entities after tables; either spelling must match
    del s
    return entity


def _indexes(d: DocEntity, s: Entity) -> Iterator[Finding]:
    sql_by_name = {ix.name: ix for ix in s.indexes}
    doc_names = {ix.name for ix in d.indexes}
    for dx in d.indexes:
        if dx.name.upper() == "PK" or dx.name.lower() in ("primary", "primary key"):
            continue
        sx = sql_by_name.get(dx.name)
        if sx is None:
            names = tuple(f.name for f in dx.fields)
            is_constraint = dx.unique and (
                any(u.name == dx.name or u.fields == names for u in s.uniques)
                or (len(names) == 1 and (c := s.field(names[0])) is not None and c.unique)
            )
            if names == s.primary_key or is_constraint:
                continue
            yield _finding(
                "MD108", f"index {dx.name} of {d.name} is not created in the SQL", dx.loc
            )
            continue
        doc_keys = [(f.name.lower(), f.descending) for f in dx.fields]
        sql_keys = [(f.name.lower(), f.descending) for f in sx.fields]
        problems = []
        if doc_keys != sql_keys:
            problems.append(
                f"fields ({', '.join(map(str, dx.fields))}) vs ({', '.join(map(str, sx.fields))})"
            )
        if dx.unique != sx.unique:
            problems.append("unique in " + ("the table" if dx.unique else "the SQL") + " only")
        if dx.method is not sx.method:
            problems.append(f"{dx.method.value} vs {sx.method.value}")
        if problems:
            yield _finding(
                "MD110",
                f"index {dx.name} differs between the table and the SQL: {'; '.join(problems)}",
                dx.loc,
            )
    for sx in s.indexes:
        if sx.name not in doc_names:
            yield _finding(
                "MD109",
                f"index {sx.name} is created in the SQL but not in the {d.name} Indexes table",
                sx.loc,
            )


def _erd_attributes(d: DocEntity, erd: ErdEntity) -> Iterator[Finding]:
    names = {f.name for f in d.fields}
    for a in erd.attributes:
        if a.name not in names:
            yield _finding(
                "MD116",
                f"{erd.name}.{a.name} is in the erDiagram but not in the {d.name} table",
                a.loc,
            )


# -- relationships -----------------------------------------------------------------------------


_ErdLine = tuple[str, str, Cardinality, str, Loc]  # parent, child, cardinality, label, loc


def _relationships(section: Section) -> Iterator[Finding]:
    keys = _entity_keys(section)

    def canon(name: str) -> str | None:
        return keys.get(name_key(name))

    # ERD relations as (parent, child, cardinality, label)
    erd: list[_ErdLine] = []
    for r in section.erd_relations:
        parent, child = r.parent_child
        p, c = canon(parent), canon(child)
        if p is None or c is None:
            continue
        erd.append((p, c, r.cardinality, r.label, r.loc))
    listed: set[int] = set()
    has_table = {d.name for d in section.entities if d.relations}
    hidden = junctions(section)
    for d in section.entities:
        if d.name in hidden:  # a junction's legs are the N:M line of the ERD
            continue
        for dr in d.relations:
            yield from _relation_row(section, d, dr, erd, canon, listed)
    for i, (p, c, card, label, loc) in enumerate(erd):
        if i in listed or not ({p, c} & has_table):
            continue
        yield _finding(
            "MD114",
            f"{p} – {c} ({card.value}{', ' + label if label else ''}) is in the erDiagram but in "
            "neither entity's Relationships table",
            loc,
        )


def _foreign_keys(section: Section) -> Iterator[Finding]:
    """A field table's `FK -> Entity.field` names an entity and a field the section has."""
    keys = _entity_keys(section)
    fields = {d.name: {name_key(f.name) for f in d.fields} for d in section.entities}
    for d in section.entities:
        for f in d.fields:
            if not f.fk_target:
                continue
            target = keys.get(name_key(f.fk_target))
            if target is None:
                what = f"entity {f.fk_target}"
            elif f.fk_field and target in fields and name_key(f.fk_field) not in fields[target]:
                what = f"field {target}.{f.fk_field}"
            else:
                continue
            yield _finding("MD122", f"{d.name}.{f.name}'s foreign key names unknown {what}", f.loc)


def _entity_keys(section: Section) -> dict[str, str]:
    """Each name key -> the entity name every part of the section uses for it."""
    keys: dict[str, str] = {}
    for d in section.entities:
        for k in (d.name, d.table):
            if k:
                keys.setdefault(name_key(k), d.name)
    for se in section.sql_entities():
        for k in (se.table, se.name):
            keys.setdefault(name_key(k), keys.get(name_key(se.table), se.name))
    for ee in section.erd_entities:
        keys.setdefault(name_key(ee.name), ee.name)
    return keys


def _relation_row(
    section: Section,
    d: DocEntity,
    dr: DocRelation,
    erd: list[_ErdLine],
    canon: Callable[[str], str | None],
    listed: set[int],
) -> Iterator[Finding]:
    """One Relationships row against the erDiagram; the ERD lines it accounts for go to `listed`."""
    me, other = canon(dr.entity), canon(dr.other)
    if other is None:
        yield _finding("MD121", f"{d.name}'s relationship names unknown entity {dr.other}", dr.loc)
        return
    if me is None or dr.cardinality is None:
        return
    pair = {me, other}
    hits = [i for i, e in enumerate(erd) if {e[0], e[1]} == pair]
    if not hits and dr.cardinality is Cardinality.MANY_TO_MANY:
        legs = _junction_legs(erd, me, other)
        if legs:  # the ERD draws the junction entity instead of an N:M line
            listed.update(legs)
            return
    if not hits:
        if section.erd_relations:
            yield _finding(
                "MD113",
                f"{d.name} – {dr.other} ({dr.cardinality_text}) is not in the erDiagram",
                dr.loc,
            )
        return
    if dr.label:
        labelled = [i for i in hits if _label(erd[i][3]) == _label(dr.label)]
        if not labelled:
            shown = ", ".join(repr(erd[i][3]) for i in hits)
            yield _finding(
                "MD112",
                f"{d.name} – {dr.other} is labelled {dr.label!r} here but {shown} in the "
                f"erDiagram (line {erd[hits[0]][4].line})",
                dr.loc,
            )
        else:
            hits = labelled
    parent, child = (other, me) if dr.reversed else (me, other)
    ok = [
        i
        for i in hits
        if erd[i][2] is dr.cardinality
        and (
            dr.cardinality is not Cardinality.ONE_TO_MANY
            or (erd[i][0], erd[i][1]) == (parent, child)
        )
    ]
    if not ok:
        e = erd[hits[0]]
        written = e[2].value if e[2] is not Cardinality.ONE_TO_MANY else f"{e[0]} 1:N {e[1]}"
        yield _finding(
            "MD111",
            f"{d.name} – {dr.other} is {dr.cardinality_text} here but {written} in the "
            f"erDiagram (line {e[4].line})",
            dr.loc,
        )
    listed.update(ok or hits)


def _junction_legs(erd: list[_ErdLine], a: str, b: str) -> list[int]:
    """Indexes of two 1:N ERD lines a -> J and b -> J through one junction J, or []."""
    for j in {e[1] for e in erd}:
        legs = [
            i
            for i, e in enumerate(erd)
            if e[1] == j and e[0] in (a, b) and e[2] is Cardinality.ONE_TO_MANY
        ]
        if {erd[i][0] for i in legs} == {a, b}:
            return legs
    return []


def _label(text: str) -> str:
    return text.strip().strip('"').replace("_", " ").lower()


# -- queries and syntax ------------------------------------------------------------------------


def _queries(section: Section) -> Iterator[Finding]:
    names = {ix.name.lower() for d in section.entities for ix in d.indexes}
    names |= {ix.name.lower() for e in section.sql_entities() for ix in e.indexes}
    names |= {u.name.lower() for e in section.sql_entities() for u in e.uniques if u.name}
    unique_fields = {f.name.lower() for d in section.entities for f in d.fields if f.unique or f.pk}
    unique_fields |= {f.name.lower() for e in section.sql_entities() for f in e.fields if f.unique}
    for q in section.queries:
        idx = q.index.strip()
        if not idx or idx in ("-", "—", "–") or idx.upper() in ("PK", "PRIMARY KEY", "NONE"):
            continue
        for part in [p.strip() for p in idx.replace("+", ",").split(",") if p.strip()]:
            # `email (unique)` names the unique column that serves the query
            bare = re.sub(r"\s*\(.*\)\s*$", "", part).lower()
            uk = re.fullmatch(r"(?:UK|UNIQUE)\s*\(\s*(\w+)\s*\)", part, re.I)
            if bare in unique_fields or part.upper() in ("PK", "UK", "UNIQUE"):
                continue
            if uk and uk.group(1).lower() in unique_fields:  # our renderer's `UK(email)`
                continue
            if part.lower() not in names:
                yield _finding(
                    "MD115", f"query {q.name!r} uses index {part!r}, which is not defined", q.loc
                )


_FAILED = re.compile(r"^(.*):(\d+):(\d+): (.*)$")


def _syntax(section: Section) -> Iterator[Finding]:
    for b in section.sql:
        for p in b.problems:
            yield _finding("MD119", p.message, p.loc if p.loc.line else b.loc)
        if b.result is None or not dict(b.result.counts).get("statements that did not parse"):
            continue
        for u in b.result.unsupported:
            m = _FAILED.match(u)
            # skipped statements end with "(kind: why)"; parse failures do not
            if m and not re.search(r"\([^()]*: [^()]*\)$", u):
                yield _finding(
                    "MD119", m.group(4), Loc(m.group(1), int(m.group(2)), int(m.group(3)))
                )
    for note in section.notes:
        if note.code == "erd":
            yield _finding("MD120", note.message, note.loc)
