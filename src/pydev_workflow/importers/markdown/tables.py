"""The tables of a section: what kind each is, and the rows of each kind as written."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from pydev_workflow.importers.markdown.cells import (
    SERIAL,
    index_field,
    parse_cardinality,
    parse_constraints,
    parse_default,
    parse_doc_type,
    parse_filter,
    undecided,
)
from pydev_workflow.importers.markdown.parts import (
    DocField,
    DocIndex,
    DocQuery,
    DocRelation,
    LocFn,
    split_top,
)
from pydev_workflow.model import Decision, Frequency, IndexMethod, MigrationStrategy


@dataclass(frozen=True, slots=True)
class Table:
    """One Markdown table of the section: header, cells (plain, raw, prose) and lines."""

    header: tuple[str, ...]  # lower-cased plain header names
    rows: tuple[tuple[str, ...], ...]  # plain cells, padded to the header width
    raw_rows: tuple[tuple[str, ...], ...]  # cells as written (inline markdown)
    prose: tuple[tuple[str, ...], ...]  # cells as prose: code spans and emphasis kept
    row_lines: tuple[int, ...]
    line: int

    def col(self, *names: str) -> int | None:
        """Index of the first header that equals or starts with one of `names`."""
        for want in names:
            for i, h in enumerate(self.header):
                if h == want:
                    return i
        for want in names:
            for i, h in enumerate(self.header):
                if h.startswith(want):
                    return i
        return None


def cell(row: tuple[str, ...], i: int | None) -> str:
    """Cell `i` of `row`, "" when the column is missing."""
    return row[i] if i is not None and i < len(row) else ""


LABELS = {
    "keys": "keys",
    "key": "keys",
    "indexes": "indexes",
    "indices": "indexes",
    "index": "indexes",
    "relationships": "relations",
    "relations": "relations",
    "fields": "fields",
    "columns": "fields",
    "attributes": "fields",
}


def classify(t: Table) -> str:
    """What a table is, by its header: fields, relations, indexes, queries, migration, ..."""
    h = t.header
    first = h[0] if h else ""

    def has(*names: str) -> bool:
        return any(x == n or x.startswith(n) for x in h for n in names)

    if has("aspect") and has("approach"):
        return "migration"
    if has("decision") and has("rationale", "why", "reason"):
        return "decisions"
    if first.startswith(("query", "pattern")) or (has("query") and has("frequency", "complexity")):
        return "queries"
    if first.startswith("index") or (
        has("fields", "columns") and has("purpose") and not has("field")
    ):
        return "indexes"
    if first.startswith(("relationship", "related", "target")) or (
        has("cardinality") and not has("field", "column")
    ):
        return "relations"
    if first.startswith(("field", "column", "attribute", "name")) and has("type", "data type"):
        return "fields"
    if first.startswith("entity") and has("type", "cardinality"):
        return "relations"
    return "other"


def read_fields(table: Table, current: dict[str, Any], loc: LocFn) -> None:
    """The rows of an entity's field table, appended to `current["fields"]`."""
    name_i = table.col("field", "column", "attribute", "name")
    type_i = table.col("type", "data type")
    cons_i = table.col("constraints", "constraint", "keys", "key")
    desc_i = table.col("description", "notes", "note", "purpose", "comment")
    null_i = table.col("nullable", "null")
    def_i = table.col("default")
    current["has_field_table"] = True
    current["has_constraints_column"] = cons_i is not None or null_i is not None
    for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False):
        fname = cell(row, name_i).strip()
        if not fname or fname.startswith("["):
            continue
        type_text = cell(row, type_i)
        f = DocField(
            name=fname,
            type_text=type_text,
            type=parse_doc_type(type_text) if type_text.strip() else None,
            description=cell(prose, desc_i),
            loc=loc(line),
        )
        if type_text.strip().lower() in SERIAL:
            f = replace(f, identity=True)
        f = parse_constraints(f, cell(row, cons_i))
        if null_i is not None:
            flag = cell(row, null_i).strip().lower()
            if flag in ("no", "false", "not null", "n"):
                f = replace(f, nullable=False)
            elif flag in ("yes", "true", "null", "y"):
                f = replace(f, nullable=True)
        if def_i is not None and cell(row, def_i).strip() not in ("", "-"):
            f = replace(f, default=parse_default(cell(row, def_i)))
        current["fields"].append(f)


def read_relations(table: Table, entity: str, loc: LocFn) -> list[DocRelation]:
    """The rows of an entity's Relationships table."""
    other_i = table.col("relationship", "related", "entity", "target", "with", "to")
    type_i = table.col("type", "cardinality", "kind")
    label_i = table.col("label", "verb", "name")
    desc_i = table.col("description", "notes", "purpose", "via")
    out = []
    for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False):
        other = cell(row, other_i if other_i is not None else 0).strip()
        if not other or other.startswith("["):
            continue
        ctext = cell(row, type_i).strip()
        card, rev = parse_cardinality(ctext)
        other_m = re.match(r"^\s*([A-Za-z_][\w]*)", other)
        out.append(
            DocRelation(
                entity=entity,
                other=other_m.group(1) if other_m else other,
                cardinality_text=ctext,
                cardinality=card,
                reversed=rev,
                label=cell(row, label_i).strip() if label_i != other_i else "",
                description=cell(prose, desc_i),
                loc=loc(line),
            )
        )
    return out


def read_indexes(table: Table, loc: LocFn) -> list[DocIndex]:
    """The rows of an Indexes table."""
    name_i = table.col("index name", "index", "name")
    fields_i = table.col("fields", "columns", "keys", "on")
    type_i = table.col("type", "method", "kind")
    purpose_i = table.col("purpose", "description", "why", "notes")
    where_i = table.col("where", "condition", "partial")
    unique_i = table.col("unique")
    out = []
    for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False):
        name = cell(row, name_i).strip()
        if not name or name.startswith(("[", "idx_[")):
            continue
        type_text = cell(row, type_i).lower()
        method = IndexMethod.BTREE
        for m in IndexMethod:
            if m.value in type_text:
                method = m
        unique = "unique" in type_text or cell(row, unique_i).strip().lower() in (
            "yes",
            "true",
            "unique",
            "y",
        )
        fields_text = cell(row, fields_i).strip()
        if fields_text.startswith("(") and fields_text.endswith(")"):
            fields_text = fields_text[1:-1]
        where = cell(row, where_i).strip() or None
        wm = re.search(r"\bWHERE\b(.*)$", fields_text, re.I)
        if wm:
            where, fields_text = wm.group(1).strip(), fields_text[: wm.start()].strip()
        out.append(
            DocIndex(
                name=name,
                fields=tuple(index_field(p) for p in split_top(fields_text)),
                method=method,
                unique=unique,
                where=where if where not in ("-", "") else None,
                purpose=cell(prose, purpose_i),
                loc=loc(line),
            )
        )
    return out


def read_queries(table: Table, loc: LocFn) -> list[DocQuery]:
    """The rows of the Query Patterns table."""
    name_i = table.col("query", "name", "pattern")
    freq_i = table.col("frequency", "freq")
    comp_i = table.col("complexity", "cost")
    index_i = table.col("index used", "index")
    ent_i = table.col("entity", "table")
    filt_i = table.col("filter", "filters", "where", "by")
    order_i = table.col("order by", "order", "sort")
    out = []
    for row, line in zip(table.rows, table.row_lines, strict=False):
        name = cell(row, name_i).strip()
        if not name or name.startswith("["):
            continue
        freq_text = cell(row, freq_i).strip().lower()
        freq = next((f for f in Frequency if f.value == freq_text), Frequency.MEDIUM)
        filters = tuple(
            f
            for f in (parse_filter(p) for p in split_top(cell(row, filt_i)) if p not in ("-",))
            if f
        )
        order = tuple(index_field(p) for p in split_top(cell(row, order_i)) if p not in ("-",))
        out.append(
            DocQuery(
                name=name,
                frequency=freq,
                complexity=cell(row, comp_i).strip(),
                index=cell(row, index_i).strip(),
                entity=cell(row, ent_i).strip(),
                filters=filters,
                order_by=order,
                has_filter_column=filt_i is not None,
                loc=loc(line),
            )
        )
    return out


def read_migration(table: Table, loc: LocFn) -> MigrationStrategy:
    """The Migration Strategy table (aspect -> approach)."""
    values: dict[str, str] = {}
    aspect_i = table.col("aspect") or 0
    approach_i = table.col("approach", "value", "how") or 1
    for row, prose in zip(table.rows, table.prose, strict=False):
        aspect = cell(row, aspect_i).strip().lower()
        value = cell(prose, approach_i).strip()
        if undecided(value):
            value = ""  # our renderer fills a gap with `not decided`
        if aspect.startswith("tool"):
            values["tool"] = value
        elif aspect.startswith("version"):
            values["versioning"] = value
        elif aspect.startswith("rollback"):
            values["rollback"] = value
        elif aspect.startswith("data"):
            values["data_migrations"] = value
    return MigrationStrategy(**values, loc=loc(table.line))


def read_decisions(table: Table, loc: LocFn) -> list[Decision]:
    """The rows of a Decisions table."""
    d_i = table.col("decision")
    r_i = table.col("rationale", "why", "reason")
    return [
        Decision(cell(prose, d_i), cell(prose, r_i), loc(line))
        for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False)
        if cell(row, d_i).strip() and not cell(row, d_i).startswith("[")
    ]
