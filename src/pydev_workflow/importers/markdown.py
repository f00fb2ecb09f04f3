"""Import a hand-written Markdown `## Data Models` section (ERD, tables, SQL) back into the model.

The section is read in two stages. `parse_section` reads each part of the document on its own
(the Mermaid erDiagram, the `#### Entity` tables, the Relationships / Indexes / Query Patterns /
Migration tables, the ```sql block) into `Section`, keeping the line of every item; `lintdoc`
compares those parts. `build_schema` merges them into one model: the SQL block is the executable
truth for structure, the tables add descriptions, storage and everything the SQL does not state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.model import (
    Action,
    Cardinality,
    Decision,
    Default,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    Filter,
    FilterOp,
    ForeignKey,
    Frequency,
    Index,
    IndexField,
    IndexMethod,
    MigrationStrategy,
    Normalization,
    NormalizationLevel,
    QueryPattern,
    Relationship,
    Schema,
    Storage,
    StorageKind,
    TypeKind,
    TypeSyntaxError,
    parse_type,
    snake_case,
)

# -- the parts of a section, as written --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErdAttribute:
    """One attribute line of an erDiagram entity block: `uuid id PK "comment"`."""

    name: str
    type_text: str
    keys: tuple[str, ...]  # PK, FK, UK
    comment: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class ErdEntity:
    """An entity block (or a name only used in relationship lines) of the erDiagram."""

    name: str
    attributes: tuple[ErdAttribute, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class ErdRelation:
    """A relationship line: `USER ||--o{ POST : creates`."""

    left: str
    right: str
    left_many: bool
    right_many: bool
    label: str
    loc: Loc

    @property
    def cardinality(self) -> Cardinality:
        """1:1, 1:N (either direction) or N:M from the crow's feet."""
        if self.left_many and self.right_many:
            return Cardinality.MANY_TO_MANY
        if self.left_many or self.right_many:
            return Cardinality.ONE_TO_MANY
        return Cardinality.ONE_TO_ONE

    @property
    def parent_child(self) -> tuple[str, str]:
        """(one side, many side); for 1:1 and N:M the order as written."""
        if self.left_many and not self.right_many:
            return self.right, self.left
        return self.left, self.right


@dataclass(frozen=True, slots=True)
class DocField:
    """A row of an entity's field table."""

    name: str
    type_text: str
    type: FieldType | None
    pk: bool = False
    unique: bool = False
    nullable: bool | None = None  # None: the row does not say
    default: Default | None = None
    check: str | None = None
    identity: bool = False
    fk: bool = False
    fk_target: str | None = None  # entity or table name as written
    fk_field: str | None = None
    on_delete: Action | None = None
    on_update: Action | None = None
    description: str = ""
    unknown: tuple[str, ...] = ()  # constraint words we could not read
    loc: Loc = Loc()


@dataclass(frozen=True, slots=True)
class DocRelation:
    """A row of an entity's Relationships table, seen from `entity`."""

    entity: str
    other: str
    cardinality_text: str
    cardinality: Cardinality | None
    reversed: bool  # written as N:1 from `entity`: `other` is the parent
    label: str
    description: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class DocIndex:
    """A row of an entity's Indexes table."""

    name: str
    fields: tuple[IndexField, ...]
    method: IndexMethod
    unique: bool
    where: str | None
    purpose: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class DocEntity:
    """An `#### Entity` subsection with whatever tables and notes it has."""

    name: str
    table: str | None
    description: str
    fields: tuple[DocField, ...]
    has_field_table: bool
    has_constraints_column: bool
    relations: tuple[DocRelation, ...]
    indexes: tuple[DocIndex, ...]
    storage: Storage | None
    component: str | None
    normalization: Normalization | None
    key_pattern: str | None
    loc: Loc
    partition_purpose: str = ""  # from `**Partitioning**: range on (k) — purpose; partitions: …`


@dataclass(frozen=True, slots=True)
class DocQuery:
    """A row of the Query Patterns table."""

    name: str
    frequency: Frequency
    complexity: str
    index: str
    entity: str  # from an Entity column, or ""
    filters: tuple[Filter, ...]
    order_by: tuple[IndexField, ...]
    has_filter_column: bool
    loc: Loc


@dataclass(frozen=True, slots=True)
class SqlBlock:
    """A ```sql block and what the SQL importer made of it (None: importer unavailable)."""

    text: str
    loc: Loc
    result: ImportResult | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Section:
    """Every part of a Data Models section, each as written, with line numbers."""

    path: str
    loc: Loc
    erd_entities: tuple[ErdEntity, ...] = ()
    erd_relations: tuple[ErdRelation, ...] = ()
    erd_loc: Loc | None = None
    entities: tuple[DocEntity, ...] = ()
    queries: tuple[DocQuery, ...] = ()
    migration: MigrationStrategy | None = None
    decisions: tuple[Decision, ...] = ()
    sql: tuple[SqlBlock, ...] = ()
    project: str = ""
    notes: tuple[Problem, ...] = ()  # tables and lines we did not understand (code says which)

    def sql_entities(self) -> tuple[Entity, ...]:
        """All entities of all SQL blocks."""
        return tuple(e for b in self.sql if b.result is not None for e in b.result.schema.entities)


# -- names -------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A comparison key: `USER`, `User`, `users`, `user_accounts`, `UserAccount` meet."""
    text = snake_case(name.strip().strip("`\"'[]")).split(".")[-1]
    text = re.sub(r"[^a-z0-9]", "", text.lower())
    if text.endswith("ies") and len(text) > 4:
        return text[:-3] + "y"
    if text.endswith(("sses", "xes", "ches", "shes")):
        return text[:-2]
    if text.endswith("s") and not text.endswith("ss") and len(text) > 3:
        return text[:-1]
    return text


def _erd_display_name(name: str) -> str:
    """ERD names are usually SHOUTED: `ORDER_ITEM` -> `OrderItem`; others stay as written."""
    if name.isupper() or name.islower():
        return "".join(part.capitalize() for part in re.split(r"[_\-\s]+", name) if part)
    return name


# -- cell text ---------------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(text: str) -> str:
    """Markdown inline text without emphasis, code ticks and links."""
    text = _LINK.sub(r"\1", text)
    text = text.replace("\\|", "|")
    text = re.sub(r"(\*\*|__)(.*?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.*?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.replace("`", "").replace("<br>", " ").strip()


def _split_top(text: str, seps: str = ",") -> list[str]:
    """Split on separators outside parentheses and quotes."""
    parts: list[str] = []
    depth = 0
    quote = ""
    cur: list[str] = []
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


# -- types -------------------------------------------------------------------------------------

_DOC_TYPES: dict[str, FieldType] = {
    "timestamptz": FieldType(TypeKind.TIMESTAMP, timezone=True),
    "timestamp with time zone": FieldType(TypeKind.TIMESTAMP, timezone=True),
    "timestamp without time zone": FieldType(TypeKind.TIMESTAMP),
    "timetz": FieldType(TypeKind.TIME, timezone=True),
    "time with time zone": FieldType(TypeKind.TIME, timezone=True),
    "double": FieldType(TypeKind.FLOAT),
    "double precision": FieldType(TypeKind.FLOAT),
    "float8": FieldType(TypeKind.FLOAT),
    "real": FieldType(TypeKind.FLOAT, length=24),
    "float4": FieldType(TypeKind.FLOAT, length=24),
    "serial": FieldType(TypeKind.INTEGER),
    "serial4": FieldType(TypeKind.INTEGER),
    "bigserial": FieldType(TypeKind.BIGINT),
    "serial8": FieldType(TypeKind.BIGINT),
    "smallserial": FieldType(TypeKind.SMALLINT),
    "character varying": FieldType(TypeKind.STRING),
    "nvarchar": FieldType(TypeKind.STRING),
    "long": FieldType(TypeKind.BIGINT),
    "number": FieldType(TypeKind.DECIMAL),
    "bytes": FieldType(TypeKind.BYTES),
    "tinyint(1)": FieldType(TypeKind.BOOLEAN),
}
_SERIAL = {"serial", "serial4", "bigserial", "serial8", "smallserial"}
_VARCHAR_RE = re.compile(r"^(?:character varying|nvarchar|varchar|string)\s*\(\s*(\d+)\s*\)$")


def parse_doc_type(text: str) -> FieldType:
    """Read a type as people write it in tables and ERDs (`VARCHAR(255)`, `TIMESTAMPTZ`, `uuid`).

    Unknown spellings become native types (`TSVECTOR` -> native(tsvector)); never raises.
    """
    raw = plain(text).strip().rstrip(",")
    lowered = re.sub(r"\s+", " ", raw.lower())
    if lowered.endswith("[]"):
        return FieldType(TypeKind.ARRAY, item=parse_doc_type(raw[:-2]))
    if lowered in _DOC_TYPES:
        return _DOC_TYPES[lowered]
    m = _VARCHAR_RE.match(lowered)
    if m:
        return FieldType(TypeKind.STRING, length=int(m.group(1)))
    if lowered.startswith("enum") and "(" in raw:
        values = tuple(
            v.strip().strip("'\"") for v in _split_top(raw[raw.index("(") + 1 : raw.rindex(")")])
        )
        if values and len(set(values)) == len(values):
            return FieldType(TypeKind.ENUM, values=values)
    try:
        return parse_type(lowered if "(" not in lowered or lowered.startswith("enum") else lowered)
    except TypeSyntaxError:
        return FieldType(TypeKind.NATIVE, native=lowered or "unknown")


def same_type(a: FieldType, b: FieldType) -> bool:
    """Types equal for documentation purposes: an engine enum name or a missing length is fine."""
    if a.kind is not b.kind:
        return False
    if a.kind is TypeKind.ENUM:
        return set(a.values) == set(b.values)
    if a.kind is TypeKind.ARRAY:
        return a.item is not None and b.item is not None and same_type(a.item, b.item)
    if a.kind is TypeKind.NATIVE:
        return (a.native or "").lower() == (b.native or "").lower()
    return replace(a, enum_name=None) == replace(b, enum_name=None)


# -- constraints -------------------------------------------------------------------------------

_ACTION_RE = re.compile(
    r"\bON\s+(DELETE|UPDATE)\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION)", re.I
)
_FK_RE = re.compile(
    r"^(?:FK|FOREIGN\s+KEY|REFERENCES|REF)\b\s*(?:(?:→|->|to|:|=>)\s*)?"
    r"(?:\(\s*)?([A-Za-z_][\w.]*)?(?:\s*\(\s*([\w\s,]+)\))?\s*\)?",
    re.I,
)
_NOW = {"now", "now()", "current_timestamp", "current_timestamp()", "localtimestamp"}
_UUID = {"gen_random_uuid()", "gen_random_uuid", "uuid()", "uuid_generate_v4()", "uuid4"}


def _action(text: str) -> Action:
    return Action(re.sub(r"\s+", " ", text.lower()))


def _default(text: str) -> Default:
    value = text.strip()
    lowered = value.lower()
    if lowered in _NOW:
        return Default(DefaultKind.NOW)
    if lowered in _UUID:
        return Default(DefaultKind.UUID)
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return Default(DefaultKind.LITERAL, value[1:-1])
    if re.fullmatch(r"-?\d+(\.\d+)?|true|false", lowered):
        return Default(DefaultKind.LITERAL, lowered)
    if "(" in value or " " in value:
        return Default(DefaultKind.SQL, value)
    return Default(DefaultKind.LITERAL, value)


def parse_constraints(row: DocField, text: str) -> DocField:
    """Apply the words of a Constraints cell (`PK`, `FK → User.id`, `NOT NULL, DEFAULT NOW`)."""
    values: dict[str, Any] = {}
    unknown: list[str] = []
    for m in _ACTION_RE.finditer(text):
        key = "on_delete" if m.group(1).upper() == "DELETE" else "on_update"
        values[key] = _action(m.group(2))
    text = _ACTION_RE.sub("", text)
    for token in _split_top(text, ",;"):
        upper = token.upper()
        if upper in ("PK", "PRIMARY KEY", "PRIMARY"):
            values["pk"] = True
        elif upper in ("UK", "UQ", "UNIQUE", "UNIQUE KEY"):
            values["unique"] = True
        elif upper in ("NOT NULL", "REQUIRED", "NN"):
            values["nullable"] = False
        elif upper in ("NULL", "NULLABLE", "OPTIONAL"):
            values["nullable"] = True
        elif upper in ("IDENTITY", "AUTO_INCREMENT", "AUTOINCREMENT", "SERIAL", "AUTO"):
            values["identity"] = True
        elif upper.startswith("DEFAULT"):
            values["default"] = _default(token[len("DEFAULT") :].strip(" :="))
        elif upper.startswith("CHECK"):
            expr = token[len("CHECK") :].strip(" :")
            if expr.startswith("(") and expr.endswith(")"):
                expr = expr[1:-1].strip()
            values["check"] = expr
        elif upper.startswith(("FK", "FOREIGN KEY", "REFERENCES", "REF ")):
            fm = _FK_RE.match(token)
            values["fk"] = True
            target = fm.group(1) if fm else None
            if target:
                if fm and fm.group(2):
                    values["fk_target"], values["fk_field"] = target, fm.group(2).strip()
                elif "." in target:
                    ent, _, fld = target.rpartition(".")
                    values["fk_target"], values["fk_field"] = ent, fld
                else:
                    values["fk_target"] = target
        elif upper.startswith("PK") and "FK" in upper:  # "PK/FK", "PK FK"
            values["pk"] = True
            values["fk"] = True
        elif token in ("-", "—", "–"):
            continue
        else:
            unknown.append(token)
    if values.get("pk"):
        values.setdefault("nullable", False)
    return replace(row, unknown=tuple(unknown), **values)


# -- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
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


def _cell(row: tuple[str, ...], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


_HEADING_TABLE = re.compile(r"\(\s*`?([\w.]+)`?\s*\)|`([\w.]+)`")
_KV_RE = re.compile(r"^\s*\*\*([^*]+?)\*\*\s*:?\s*(.*)$")
_ERD_REL_RE = re.compile(
    r"^\s*(\"[^\"]+\"|[\w\-]+)\s*([|}][|o]|[|o][|{])?\s*(--|\.\.)\s*([|o][|{]|[|}][|o])?\s*"
    r"(\"[^\"]+\"|[\w\-]+)\s*:\s*(.*?)\s*$"
)
_ERD_BLOCK_RE = re.compile(r"^\s*(\"[^\"]+\"|[\w\-]+)\s*(?:\[\s*\"?([^\]\"]*)\"?\s*\])?\s*\{\s*$")
_ERD_ATTR_RE = re.compile(
    r"^\s*([\w\-()\[\],.]+)\s+([\w\-*]+)\s*((?:\s*(?:PK|FK|UK)\s*,?)*)\s*(\".*\")?\s*$"
)


class _Parser:
    """Walks markdown-it block tokens of the section and collects its parts."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.notes: list[Problem] = []
        self.label = ""  # the last bare `**Indexes**:` label: names the next table

    def loc(self, line0: int, col: int = 1) -> Loc:
        return Loc(self.path, line0 + 1, col)

    # -- tokens -> blocks
    def blocks(self) -> tuple[list[tuple[str, Any]], Loc]:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        tokens = md.parse(self.text)
        # find the Data Models heading; without one the whole document is the section
        start, level, section_line = 0, 0, 0
        for i, t in enumerate(tokens):
            if t.type == "heading_open" and "data model" in tokens[i + 1].content.lower():
                start, level = i, int(t.tag[1])
                section_line = t.map[0] if t.map else 0
                break
        out: list[tuple[str, Any]] = []
        i = start
        if level:
            i += 3  # skip the section heading itself
        while i < len(tokens):
            t = tokens[i]
            if t.type == "heading_open":
                lvl = int(t.tag[1])
                if level and lvl <= level:
                    break
                out.append(
                    ("heading", (lvl, plain(tokens[i + 1].content), t.map[0] if t.map else 0))
                )
                i += 3
                continue
            if t.type == "fence":
                out.append(("fence", (t.info.strip().lower(), t.content, t.map[0] if t.map else 0)))
            elif t.type == "paragraph_open":
                out.append(("para", (tokens[i + 1].content, t.map[0] if t.map else 0)))
                i += 3
                continue
            elif t.type == "table_open":
                j = i
                header: list[str] = []
                raw_rows: list[tuple[str, ...]] = []
                row_lines: list[int] = []
                current: list[str] = []
                in_head = False
                while tokens[j].type != "table_close":
                    tj = tokens[j]
                    if tj.type == "thead_open":
                        in_head = True
                    elif tj.type == "thead_close":
                        in_head = False
                    elif tj.type == "tr_open":
                        current = []
                        if not in_head:
                            row_lines.append(tj.map[0] if tj.map else 0)
                    elif tj.type == "tr_close" and not in_head:
                        raw_rows.append(tuple(current))
                    elif tj.type == "inline":
                        (header if in_head else current).append(tj.content)
                    j += 1
                width = len(header)
                rows = tuple(
                    tuple(plain(c) for c in r) + ("",) * (width - len(r)) for r in raw_rows
                )
                prose = tuple(
                    tuple(c.replace("\\|", "|").strip() for c in r) + ("",) * (width - len(r))
                    for r in raw_rows
                )
                out.append(
                    (
                        "table",
                        _Table(
                            header=tuple(plain(h).lower() for h in header),
                            rows=rows,
                            raw_rows=tuple(raw_rows),
                            prose=prose,
                            row_lines=tuple(row_lines),
                            line=t.map[0] if t.map else 0,
                        ),
                    )
                )
                i = j
            i += 1
        return out, self.loc(section_line)

    # -- the section
    def parse(self, options: ImportOptions) -> Section:
        blocks, section_loc = self.blocks()
        erd_entities: dict[str, ErdEntity] = {}
        erd_relations: list[ErdRelation] = []
        erd_loc: Loc | None = None
        entities: list[dict[str, Any]] = []
        queries: list[DocQuery] = []
        migration: MigrationStrategy | None = None
        decisions: list[Decision] = []
        sql: list[SqlBlock] = []
        entities_level = 0  # level of an "Entities" heading, 0 when outside it
        current: dict[str, Any] | None = None
        for kind, payload in blocks:
            if kind == "heading":
                self.label = ""
                level, title, line = payload
                lowered = title.lower()
                if entities_level and level <= entities_level:
                    entities_level = 0
                if current is not None and level <= current["level"]:
                    current = None
                if lowered.strip() in ("entities", "entity definitions", "tables"):
                    entities_level = level
                    continue
                if entities_level and level > entities_level:
                    current = self._new_entity(title, level, line)
                    entities.append(current)
                    continue
                if not any(w in lowered for w in _SECTION_WORDS):
                    # a heading outside "Entities": an entity only if a field table follows
                    current = self._new_entity(title, level, line)
                    current["tentative"] = True
                    entities.append(current)
                continue
            if kind == "fence":
                info, content, line = payload
                if info.startswith("mermaid") and "erdiagram" in content.lower():
                    erd_loc = self.loc(line)
                    self._erd(content, line + 1, erd_entities, erd_relations)
                elif info.startswith(("sql", "postgres", "mysql", "sqlite")):
                    sql.append(self._sql(content, line + 1, options))
                continue
            if kind == "para":
                content, line = payload
                self._para(content, line, current)
                continue
            table: _Table = payload
            kind_of = _LABELS.get(self.label.split()[0] if self.label else "") or _classify(table)
            self.label = ""
            if kind_of == "fields" and current is not None:
                self._fields(table, current)
            elif kind_of == "relations" and current is not None:
                current["relations"].extend(self._relations(table, current["name"]))
            elif kind_of == "indexes" and current is not None:
                current["indexes"].extend(self._indexes(table))
            elif kind_of == "keys" and current is not None and table.rows:
                current["key_pattern"] = table.rows[0][0].strip() or current["key_pattern"]
            elif kind_of == "queries":
                queries.extend(self._queries(table))
            elif kind_of == "migration":
                migration = self._migration(table)
            elif kind_of == "decisions":
                decisions.extend(self._decisions(table))
            else:
                self.notes.append(
                    Problem(
                        self.loc(table.line),
                        f"table ({', '.join(table.header)}) not recognised",
                        code="table",
                    )
                )
        docs = tuple(
            _freeze_entity(e)
            for e in entities
            if not e.get("tentative") or e["has_field_table"] or e["indexes"] or e["relations"]
        )
        return Section(
            path=self.path,
            loc=section_loc,
            erd_entities=tuple(erd_entities.values()),
            erd_relations=tuple(erd_relations),
            erd_loc=erd_loc,
            entities=docs,
            queries=tuple(queries),
            migration=migration,
            decisions=tuple(decisions),
            sql=tuple(sql),
            notes=tuple(self.notes),
        )

    def _new_entity(self, title: str, level: int, line: int) -> dict[str, Any]:
        m = re.match(r"^\s*`?([A-Za-z_][\w.]*)`?", title)
        name = m.group(1) if m else title.strip()
        table = None
        rest = title[m.end() :] if m else ""
        tm = _HEADING_TABLE.search(rest)
        if tm:
            table = tm.group(1) or tm.group(2)
        return {
            "name": name,
            "table": table,
            "level": level,
            "loc": self.loc(line),
            "description": "",
            "fields": [],
            "has_field_table": False,
            "has_constraints_column": False,
            "relations": [],
            "indexes": [],
            "storage": None,
            "component": None,
            "normalization": None,
            "key_pattern": None,
            "partition_purpose": "",
        }

    def _para(self, content: str, line: int, current: dict[str, Any] | None) -> None:
        self.label = ""
        for offset, raw in enumerate(content.splitlines()):
            m = _KV_RE.match(raw)
            if m is None:
                if current is not None and not current["description"] and not raw.startswith(">"):
                    current["description"] = plain(raw)
                continue
            key = m.group(1).strip().rstrip(":").lower()
            value = plain(m.group(2))
            if not value:
                self.label = key
                continue
            loc = self.loc(line + offset)
            if current is None:
                continue
            if key.startswith("storage"):
                current["storage"] = parse_storage(value, loc)
            elif key in ("table", "table name"):
                current["table"] = value.strip() or None
            elif key == "component":
                current["component"] = value or None
            elif key.startswith("normali"):
                current["normalization"] = parse_normalization(value, loc)
            elif key in ("key pattern", "key", "key format"):
                current["key_pattern"] = value or None
            elif key.startswith("partition"):
                current["partition_purpose"] = _partition_purpose(value)
            elif key == "description":
                current["description"] = value

    # -- tables
    def _fields(self, table: _Table, current: dict[str, Any]) -> None:
        name_i = table.col("field", "column", "attribute", "name")
        type_i = table.col("type", "data type")
        cons_i = table.col("constraints", "constraint", "keys", "key")
        desc_i = table.col("description", "notes", "note", "purpose", "comment")
        null_i = table.col("nullable", "null")
        def_i = table.col("default")
        current["has_field_table"] = True
        current["has_constraints_column"] = cons_i is not None or null_i is not None
        for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False):
            fname = _cell(row, name_i).strip()
            if not fname or fname.startswith("["):
                continue
            type_text = _cell(row, type_i)
            f = DocField(
                name=fname,
                type_text=type_text,
                type=parse_doc_type(type_text) if type_text.strip() else None,
                description=_cell(prose, desc_i),
                loc=self.loc(line),
            )
            if type_text.strip().lower() in _SERIAL:
                f = replace(f, identity=True)
            f = parse_constraints(f, _cell(row, cons_i))
            if null_i is not None:
                flag = _cell(row, null_i).strip().lower()
                if flag in ("no", "false", "not null", "n"):
                    f = replace(f, nullable=False)
                elif flag in ("yes", "true", "null", "y"):
                    f = replace(f, nullable=True)
            if def_i is not None and _cell(row, def_i).strip() not in ("", "-"):
                f = replace(f, default=_default(_cell(row, def_i)))
            current["fields"].append(f)

    def _relations(self, table: _Table, entity: str) -> list[DocRelation]:
        other_i = table.col("relationship", "related", "entity", "target", "with", "to")
        type_i = table.col("type", "cardinality", "kind")
        label_i = table.col("label", "verb", "name")
        desc_i = table.col("description", "notes", "purpose", "via")
        out = []
        for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False):
            other = _cell(row, other_i if other_i is not None else 0).strip()
            if not other or other.startswith("["):
                continue
            ctext = _cell(row, type_i).strip()
            card, rev = _cardinality(ctext)
            other_m = re.match(r"^\s*([A-Za-z_][\w]*)", other)
            out.append(
                DocRelation(
                    entity=entity,
                    other=other_m.group(1) if other_m else other,
                    cardinality_text=ctext,
                    cardinality=card,
                    reversed=rev,
                    label=_cell(row, label_i).strip() if label_i != other_i else "",
                    description=_cell(prose, desc_i),
                    loc=self.loc(line),
                )
            )
        return out

    def _indexes(self, table: _Table) -> list[DocIndex]:
        name_i = table.col("index name", "index", "name")
        fields_i = table.col("fields", "columns", "keys", "on")
        type_i = table.col("type", "method", "kind")
        purpose_i = table.col("purpose", "description", "why", "notes")
        where_i = table.col("where", "condition", "partial")
        unique_i = table.col("unique")
        out = []
        for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False):
            name = _cell(row, name_i).strip()
            if not name or name.startswith(("[", "idx_[")):
                continue
            type_text = _cell(row, type_i).lower()
            method = IndexMethod.BTREE
            for m in IndexMethod:
                if m.value in type_text:
                    method = m
            unique = "unique" in type_text or _cell(row, unique_i).strip().lower() in (
                "yes",
                "true",
                "unique",
                "y",
            )
            fields_text = _cell(row, fields_i).strip()
            if fields_text.startswith("(") and fields_text.endswith(")"):
                fields_text = fields_text[1:-1]
            where = _cell(row, where_i).strip() or None
            wm = re.search(r"\bWHERE\b(.*)$", fields_text, re.I)
            if wm:
                where, fields_text = wm.group(1).strip(), fields_text[: wm.start()].strip()
            out.append(
                DocIndex(
                    name=name,
                    fields=tuple(_index_field(p) for p in _split_top(fields_text)),
                    method=method,
                    unique=unique,
                    where=where if where not in ("-", "") else None,
                    purpose=_cell(prose, purpose_i),
                    loc=self.loc(line),
                )
            )
        return out

    def _queries(self, table: _Table) -> list[DocQuery]:
        name_i = table.col("query", "name", "pattern")
        freq_i = table.col("frequency", "freq")
        comp_i = table.col("complexity", "cost")
        index_i = table.col("index used", "index")
        ent_i = table.col("entity", "table")
        filt_i = table.col("filter", "filters", "where", "by")
        order_i = table.col("order by", "order", "sort")
        out = []
        for row, line in zip(table.rows, table.row_lines, strict=False):
            name = _cell(row, name_i).strip()
            if not name or name.startswith("["):
                continue
            freq_text = _cell(row, freq_i).strip().lower()
            freq = next((f for f in Frequency if f.value == freq_text), Frequency.MEDIUM)
            filters = tuple(
                f
                for f in (_filter(p) for p in _split_top(_cell(row, filt_i)) if p not in ("-",))
                if f
            )
            order = tuple(
                _index_field(p) for p in _split_top(_cell(row, order_i)) if p not in ("-",)
            )
            out.append(
                DocQuery(
                    name=name,
                    frequency=freq,
                    complexity=_cell(row, comp_i).strip(),
                    index=_cell(row, index_i).strip(),
                    entity=_cell(row, ent_i).strip(),
                    filters=filters,
                    order_by=order,
                    has_filter_column=filt_i is not None,
                    loc=self.loc(line),
                )
            )
        return out

    def _migration(self, table: _Table) -> MigrationStrategy:
        values: dict[str, str] = {}
        aspect_i = table.col("aspect") or 0
        approach_i = table.col("approach", "value", "how") or 1
        for row, prose in zip(table.rows, table.prose, strict=False):
            aspect = _cell(row, aspect_i).strip().lower()
            value = _cell(prose, approach_i).strip()
            if _undecided(value):
                value = ""  # our renderer fills a gap with `not decided`
            if aspect.startswith("tool"):
                values["tool"] = value
            elif aspect.startswith("version"):
                values["versioning"] = value
            elif aspect.startswith("rollback"):
                values["rollback"] = value
            elif aspect.startswith("data"):
                values["data_migrations"] = value
        return MigrationStrategy(**values, loc=self.loc(table.line))

    def _decisions(self, table: _Table) -> list[Decision]:
        d_i = table.col("decision")
        r_i = table.col("rationale", "why", "reason")
        return [
            Decision(_cell(prose, d_i), _cell(prose, r_i), self.loc(line))
            for row, prose, line in zip(table.rows, table.prose, table.row_lines, strict=False)
            if _cell(row, d_i).strip() and not _cell(row, d_i).startswith("[")
        ]

    # -- fences
    def _erd(
        self,
        content: str,
        first: int,
        entities: dict[str, ErdEntity],
        relations: list[ErdRelation],
    ) -> None:
        block: tuple[str, int, list[ErdAttribute]] | None = None
        for n, raw in enumerate(content.splitlines()):
            line = first + n
            text = raw.split("%%", 1)[0].rstrip()
            if not text.strip() or text.strip().lower() == "erdiagram":
                continue
            if block is not None:
                if text.strip() == "}":
                    name, bline, attrs = block
                    entities[name] = ErdEntity(name, tuple(attrs), self.loc(bline))
                    block = None
                    continue
                am = _ERD_ATTR_RE.match(text)
                if am:
                    keys = tuple(k.strip() for k in re.split(r"[,\s]+", am.group(3) or "") if k)
                    block[2].append(
                        ErdAttribute(
                            name=am.group(2),
                            type_text=am.group(1),
                            keys=keys,
                            comment=(am.group(4) or "").strip('"'),
                            loc=self.loc(line, len(raw) - len(raw.lstrip()) + 1),
                        )
                    )
                else:
                    self.notes.append(
                        Problem(self.loc(line), "erDiagram attribute not understood", code="erd")
                    )
                continue
            bm = _ERD_BLOCK_RE.match(text)
            if bm:
                name = bm.group(1).strip('"')
                block = (name, line, [])
                continue
            rm = _ERD_REL_RE.match(text)
            if rm and rm.group(2) and rm.group(4):
                left, right = rm.group(1).strip('"'), rm.group(5).strip('"')
                relations.append(
                    ErdRelation(
                        left=left,
                        right=right,
                        left_many="}" in rm.group(2),
                        right_many="{" in rm.group(4),
                        label=rm.group(6).strip().strip('"'),
                        loc=self.loc(line, len(raw) - len(raw.lstrip()) + 1),
                    )
                )
                for side in (left, right):
                    entities.setdefault(side, ErdEntity(side, (), self.loc(line)))
                continue
            self.notes.append(
                Problem(
                    self.loc(line), f"erDiagram line not understood: {text.strip()}", code="erd"
                )
            )
        if block is not None:
            name, bline, attrs = block
            entities[name] = ErdEntity(name, tuple(attrs), self.loc(bline))

    def _sql(self, content: str, first: int, options: ImportOptions) -> SqlBlock:
        loc = self.loc(first - 1)
        try:
            from pydev_workflow.importers.sql import import_sql_text
        except ImportError:
            self.notes.append(
                Problem(loc, "SQL block not read (the SQL importer is not installed)", code="sql")
            )
            return SqlBlock(content, loc, None)
        # pad with blank lines so that the SQL importer's line numbers are the document's
        padded = "\n" * first + content
        try:
            result = import_sql_text([(self.path, padded)], replace(options, strict=False))
        except InputError as exc:
            return SqlBlock(content, loc, None, exc.problems)
        return SqlBlock(content, loc, result)


_SECTION_WORDS = (
    "entity relationship",
    "diagram",
    "erd",
    "query",
    "queries",
    "migration",
    "schema",
    "sql",
    "decision",
    "index",
    "relationship",
    "storage",
    "overview",
    "summary",
)


_LABELS = {
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


def _classify(t: _Table) -> str:
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


def _cardinality(text: str) -> tuple[Cardinality | None, bool]:
    t = re.sub(r"\s+", "", text.upper()).replace("*", "N")
    t = t.replace("ONE-TO-MANY", "1:N").replace("MANY-TO-ONE", "N:1")
    t = t.replace("ONE-TO-ONE", "1:1").replace("MANY-TO-MANY", "N:M")
    if t in ("1:1",):
        return Cardinality.ONE_TO_ONE, False
    if t in ("1:N", "1:M", "1-N", "1..N", "1:MANY"):
        return Cardinality.ONE_TO_MANY, False
    if t in ("N:1", "M:1", "N-1", "MANY:1"):
        return Cardinality.ONE_TO_MANY, True
    if t in ("N:M", "M:N", "N:N", "M:M", "MANY:MANY"):
        return Cardinality.MANY_TO_MANY, False
    return None, False


def _index_field(text: str) -> IndexField:
    raw = text.strip()
    descending = False
    lowered = raw.lower()
    if lowered.endswith(" desc"):
        descending, raw = True, raw[:-5].rstrip()
    elif lowered.endswith(" asc"):
        raw = raw[:-4].rstrip()
    if "(" in raw or " " in raw:
        expr = raw[1:-1] if raw.startswith("(") and raw.endswith(")") else raw
        return IndexField(expr, descending, expression=True)
    return IndexField(raw, descending)


_FILTER_WORDS = {
    "in": FilterOp.IN,
    "range": FilterOp.RANGE,
    "between": FilterOp.RANGE,
    "<": FilterOp.RANGE,
    ">": FilterOp.RANGE,
    "<=": FilterOp.RANGE,
    ">=": FilterOp.RANGE,
    "prefix": FilterOp.PREFIX,
    "like": FilterOp.PREFIX,
    "contains": FilterOp.CONTAINS,
    "not-null": FilterOp.NOT_NULL,
    "eq": FilterOp.EQ,
    "=": FilterOp.EQ,
}


def _filter(text: str) -> Filter | None:
    parts = text.split()
    if not parts:
        return None
    op = _FILTER_WORDS.get(parts[1].lower(), FilterOp.EQ) if len(parts) > 1 else FilterOp.EQ
    return Filter(parts[0], op)


_KIND_WORDS: tuple[tuple[str, StorageKind], ...] = (
    ("key-value", StorageKind.KEY_VALUE),
    ("key value", StorageKind.KEY_VALUE),
    ("kv", StorageKind.KEY_VALUE),
    ("document", StorageKind.DOCUMENT),
    ("relational", StorageKind.RELATIONAL),
    ("object storage", StorageKind.FILE),
    ("file", StorageKind.FILE),
)
_ENGINES: dict[str, StorageKind] = {
    "postgres": StorageKind.RELATIONAL,
    "mysql": StorageKind.RELATIONAL,
    "mariadb": StorageKind.RELATIONAL,
    "sqlite": StorageKind.RELATIONAL,
    "oracle": StorageKind.RELATIONAL,
    "sql server": StorageKind.RELATIONAL,
    "mongo": StorageKind.DOCUMENT,
    "couch": StorageKind.DOCUMENT,
    "firestore": StorageKind.DOCUMENT,
    "elasticsearch": StorageKind.DOCUMENT,
    "redis": StorageKind.KEY_VALUE,
    "memcache": StorageKind.KEY_VALUE,
    "dynamodb": StorageKind.KEY_VALUE,
    "etcd": StorageKind.KEY_VALUE,
    "s3": StorageKind.FILE,
    "gcs": StorageKind.FILE,
    "blob": StorageKind.FILE,
    "minio": StorageKind.FILE,
    "filesystem": StorageKind.FILE,
    "disk": StorageKind.FILE,
}


def _undecided(text: str) -> bool:
    """An empty cell, a dash, or the `not decided` our renderer writes for a gap."""
    return text.strip().lower() in ("", "-", "—", "not decided", "undecided", "tbd")


def parse_storage(text: str, loc: Loc) -> Storage | None:
    """`PostgreSQL`, `Redis (key-value)`, `Document DB (MongoDB)`, `S3` -> Storage."""
    raw = text.strip().rstrip(".")
    if _undecided(raw):
        return None
    lowered = raw.lower()
    kind: StorageKind | None = None
    engine = raw
    for word, k in _KIND_WORDS:
        m = re.search(rf"\b{re.escape(word)}\b(\s+(db|database|store|storage))?", lowered)
        if m:
            kind = k
            engine = raw[: m.start()] + raw[m.end() :]
            break
    engine = re.sub(r"[()\[\],/:;—–-]+", " ", engine).strip()
    engine = re.sub(r"\s+", " ", engine)
    if engine.lower() in ("", "db", "database", "store", "storage"):
        engine = ""
    if kind is None:
        kind = next((k for word, k in _ENGINES.items() if word in lowered), StorageKind.RELATIONAL)
    return Storage(kind, engine or None, loc)


def parse_normalization(text: str, loc: Loc) -> Normalization | None:
    """`normalized (3NF) — rationale` / `Denormalized: rationale` -> Normalization."""
    lowered = text.lower()
    if "denormali" in lowered:
        level = NormalizationLevel.DENORMALIZED
    elif "normali" in lowered or re.search(r"\b[1-5]nf\b|\bbcnf\b", lowered):
        level = NormalizationLevel.NORMALIZED
    else:
        return None
    fm = re.search(r"\b([1-5]NF|BCNF)\b", text, re.I)
    rest = re.sub(r"^\s*(de)?normali[sz]ed\s*", "", text, flags=re.I)
    if fm:
        rest = rest.replace(f"({fm.group(1)})", "").replace(fm.group(1), "", 1)
    rationale = rest.strip(" -—–:;,.()")
    if rest.rstrip().endswith(".") and rationale:
        rationale = rest.strip(" -—–:;,(")
    return Normalization(level, rationale, fm.group(1).upper() if fm else None, loc)


def _partition_purpose(text: str) -> str:
    """The purpose in our renderer's `range on (k) — purpose; partitions: p1, p2` line."""
    head, sep, rest = text.partition(" — ")
    if not sep:
        return ""
    cut = rest.rfind("; partitions:")
    return (rest[:cut] if cut >= 0 else rest).strip()


def _freeze_entity(e: dict[str, Any]) -> DocEntity:
    return DocEntity(
        name=e["name"],
        table=e["table"],
        description=e["description"],
        fields=tuple(e["fields"]),
        has_field_table=e["has_field_table"],
        has_constraints_column=e["has_constraints_column"],
        relations=tuple(e["relations"]),
        indexes=tuple(e["indexes"]),
        storage=e["storage"],
        component=e["component"],
        normalization=e["normalization"],
        key_pattern=e["key_pattern"],
        loc=e["loc"],
        partition_purpose=e["partition_purpose"],
    )


# -- public: parse -----------------------------------------------------------------------------


def read_document(path: str | Path) -> str:
    """The text of a Markdown file; InputError when it cannot be read."""
    name = str(path)
    try:
        return Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(Problem(Loc(name), "file not found")) from None
    except IsADirectoryError:
        raise InputError(Problem(Loc(name), "is a directory, not a Markdown file")) from None
    except OSError as exc:
        raise InputError(Problem(Loc(name), f"cannot read: {exc.strerror}")) from None
    except UnicodeDecodeError as exc:
        raise InputError(Problem(Loc(name, 1, exc.start + 1), "not UTF-8 text")) from None


def parse_section(
    path: str | Path, options: ImportOptions | None = None, text: str | None = None
) -> Section:
    """Read every part of the Data Models section of `path`, each as written.

    Raises:
        InputError: the file cannot be read or holds no Data Models content at all.
    """
    name = str(path)
    if text is None:
        text = read_document(path)
    section = _Parser(name, text).parse(options or ImportOptions())
    if not (section.entities or section.erd_entities or section.sql):
        raise InputError(
            Problem(
                Loc(name, 1, 1),
                "no Data Models section found (no erDiagram, entity tables or SQL block)",
                "add a '## Data Models' section in the shape of step 03",
            )
        )
    return section


# -- public: merge -----------------------------------------------------------------------------


@dataclass
class _Merge:
    """Mutable state while merging the parts into entities."""

    section: Section
    unsupported: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # name_key -> entity name

    def find(self, name: str | None) -> str | None:
        if not name:
            return None
        return self.keys.get(name_key(name))


def match_sql(section: Section) -> dict[str, Entity]:
    """Doc entity name -> its CREATE TABLE (by table, then by name key)."""
    sql = section.sql_entities()
    by_table = {e.table.lower(): e for e in sql}
    by_key: dict[str, Entity] = {}
    for e in sql:
        by_key.setdefault(name_key(e.table), e)
        by_key.setdefault(name_key(e.name), e)
    out: dict[str, Entity] = {}
    for d in section.entities:
        hit = by_table.get(d.table.lower()) if d.table else None
        if hit is None and d.table:
            hit = by_key.get(name_key(d.table))
        if hit is None:
            hit = by_table.get(d.name.lower()) or by_key.get(name_key(d.name))
        if hit is not None and hit not in out.values():
            out[d.name] = hit
    return out


def match_erd(section: Section) -> dict[str, ErdEntity]:
    """Doc entity name -> its erDiagram entity (by name key, or by table)."""
    by_key = {name_key(e.name): e for e in section.erd_entities}
    out: dict[str, ErdEntity] = {}
    for d in section.entities:
        hit = by_key.get(name_key(d.name)) or (by_key.get(name_key(d.table)) if d.table else None)
        if hit is not None:
            out[d.name] = hit
    return out


def build_schema(section: Section) -> ImportResult:
    """Merge the parts of a parsed section into one resolved model."""
    m = _Merge(section)
    sql_of = match_sql(section)
    erd_of = match_erd(section)
    used_sql = {id(e) for e in sql_of.values()}
    used_erd = {e.name for e in erd_of.values()}
    drafts: list[Entity] = []
    for d in section.entities:
        drafts.append(_entity_from_doc(d, sql_of.get(d.name), erd_of.get(d.name), m))
    for ee in section.erd_entities:
        if ee.name not in used_erd:
            drafts.append(_entity_from_erd(ee, m))
    for se in section.sql_entities():
        if id(se) not in used_sql:
            drafts.append(se)
    for e in drafts:
        for k in (e.name, e.table):
            m.keys.setdefault(name_key(k), e.name)
    for ee in section.erd_entities:
        hit = m.find(ee.name)
        if hit:
            m.keys.setdefault(name_key(ee.name), hit)
    entities = _table_hints(section, [_resolve_fks(e, m) for e in drafts], m)
    m.keys.update({name_key(e.name): e.name for e in entities})
    relationships = _relationships(section, entities, m)
    queries = _queries(section, entities, m)
    for b in section.sql:
        if b.result is not None:
            m.unsupported.extend(b.result.unsupported)
            m.assumptions.extend(b.result.assumptions)
        for p in b.problems:
            m.unsupported.append(str(p))
    m.unsupported.extend(f"{p.loc}: {p.message}" for p in section.notes)
    dialect = "postgresql"
    for b in section.sql:
        if b.result is not None:
            dialect = b.result.schema.dialect
    schema = Schema(
        entities=tuple(entities),
        relationships=tuple(relationships),
        query_patterns=tuple(queries),
        migration=section.migration,
        decisions=section.decisions,
        project=section.project,
        dialect=dialect,
        source=section.path,
        loc=section.loc,
    )
    from pydev_workflow.spec.resolve import resolve

    schema, problems = resolve(schema)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.loc.file, p.loc.line, p.loc.col)))
    return ImportResult(
        schema=schema,
        unsupported=tuple(m.unsupported),
        assumptions=tuple(m.assumptions),
        counts=tuple(
            (what, n)
            for what, n in (
                ("lines or tables not understood", len(section.notes)),
                ("queries left out", sum("left out" in u for u in m.unsupported)),
            )
            if n
        ),
    )


def _doc_field_to_field(f: DocField, erd: ErdAttribute | None) -> Field:
    ftype = f.type
    if ftype is None and erd is not None:
        ftype = parse_doc_type(erd.type_text)
    return Field(
        name=f.name,
        type=ftype or FieldType(TypeKind.TEXT),
        nullable=not f.pk if f.nullable is None else f.nullable,
        unique=f.unique or (erd is not None and "UK" in erd.keys and not f.pk),
        default=f.default,
        check=f.check,
        description=f.description or (erd.comment if erd else ""),
        identity=f.identity,
        loc=f.loc,
    )


def _entity_from_doc(d: DocEntity, sql: Entity | None, erd: ErdEntity | None, m: _Merge) -> Entity:
    erd_attrs = {a.name: a for a in erd.attributes} if erd else {}
    doc_fields = {f.name: f for f in d.fields}
    fields: list[Field] = []
    # the table's order first, then columns only the SQL (or only the ERD) has
    for f in d.fields:
        base = _doc_field_to_field(f, erd_attrs.get(f.name))
        s = sql.field(f.name) if sql else None
        if s is not None:
            base = replace(
                s,
                type=_merge_type(f.type, s.type),
                description=base.description or s.description,
                loc=f.loc,
            )
        fields.append(base)
    if sql is not None:
        fields.extend(s for s in sql.fields if s.name not in doc_fields)
    elif not d.fields and erd is not None:
        fields.extend(_erd_field(a) for a in erd.attributes)
    names = {f.name for f in fields}
    if sql is not None and sql.primary_key:
        pk = sql.primary_key
    else:
        pk = tuple(f.name for f in d.fields if f.pk) or tuple(
            a.name
            for a in erd_attrs.values()
            if "PK" in a.keys and a.name in names and not d.fields
        )
    fks: list[ForeignKey] = list(sql.foreign_keys) if sql else []
    covered = {fk.fields for fk in fks}
    for f in d.fields:
        if (f.fk or f.fk_target) and (f.name,) not in covered:
            fks.append(
                ForeignKey(
                    fields=(f.name,),
                    ref_entity=f.fk_target or "",
                    ref_fields=(f.fk_field,) if f.fk_field else (),
                    on_delete=f.on_delete,
                    on_update=f.on_update,
                    loc=f.loc,
                )
            )
    if sql is None and not d.fields and erd is not None:
        fks.extend(
            ForeignKey((a.name,), "", (), loc=a.loc) for a in erd.attributes if "FK" in a.keys
        )
    indexes = _merge_indexes(d, sql)
    table = d.table or (sql.table if sql else snake_case(d.name))
    return Entity(
        name=d.name,
        table=table,
        fields=tuple(fields),
        primary_key=tuple(pk),
        foreign_keys=tuple(fks),
        uniques=sql.uniques if sql else (),
        checks=sql.checks if sql else (),
        indexes=tuple(indexes),
        component=d.component,
        description=d.description or (sql.description if sql else ""),
        storage=d.storage,
        partitioning=(
            replace(sql.partitioning, purpose=d.partition_purpose or sql.partitioning.purpose)
            if sql is not None and sql.partitioning is not None
            else None
        ),
        normalization=d.normalization,
        schema=sql.schema if sql else None,
        key_pattern=d.key_pattern,
        loc=d.loc,
    )


def _merge_type(doc: FieldType | None, sql: FieldType) -> FieldType:
    """The SQL's type: it is what runs (a table that says otherwise is lint-doc's business)."""
    del doc
    return sql


def _merge_indexes(d: DocEntity, sql: Entity | None) -> list[Index]:
    doc_by_name = {ix.name: ix for ix in d.indexes}
    out: list[Index] = []
    seen: set[str] = set()
    if sql is not None:
        for ix in sql.indexes:
            doc = doc_by_name.get(ix.name)
            out.append(
                replace(
                    ix,
                    purpose=ix.purpose or (doc.purpose if doc else ""),
                    loc=doc.loc if doc else ix.loc,
                )
            )
            seen.add(ix.name)
    for dx in d.indexes:
        if dx.name in seen or dx.name.upper() == "PK" or dx.name.lower().startswith("pk"):
            continue
        if sql is not None and _is_constraint_index(dx, sql):
            continue
        out.append(
            Index(
                name=dx.name,
                fields=dx.fields,
                method=dx.method,
                unique=dx.unique,
                where=dx.where,
                purpose=dx.purpose,
                loc=dx.loc,
            )
        )
    return out


def _is_constraint_index(dx: DocIndex, sql: Entity) -> bool:
    """A documented unique index that the SQL states as a UNIQUE constraint or column."""
    names = tuple(f.name for f in dx.fields)
    if not dx.unique:
        return False
    if len(names) == 1 and (f := sql.field(names[0])) is not None and f.unique:
        return True
    return any(u.fields == names or u.name == dx.name for u in sql.uniques)


def _erd_field(a: ErdAttribute) -> Field:
    return Field(
        name=a.name,
        type=parse_doc_type(a.type_text),
        nullable="PK" not in a.keys,
        unique="UK" in a.keys and "PK" not in a.keys,
        description=a.comment,
        loc=a.loc,
    )


def _entity_from_erd(ee: ErdEntity, m: _Merge) -> Entity:
    name = _erd_display_name(ee.name)
    m.assumptions.append(f"{ee.loc}: entity {ee.name} only appears in the erDiagram")
    return Entity(
        name=name,
        table=snake_case(name),
        fields=tuple(_erd_field(a) for a in ee.attributes),
        primary_key=tuple(a.name for a in ee.attributes if "PK" in a.keys),
        foreign_keys=tuple(
            ForeignKey((a.name,), "", (), loc=a.loc) for a in ee.attributes if "FK" in a.keys
        ),
        loc=ee.loc,
    )


def _resolve_fks(e: Entity, m: _Merge) -> Entity:
    """Point FKs written as tables (`users.id`) or bare `FK` at entities."""
    out: list[ForeignKey] = []
    for fk in e.foreign_keys:
        target = m.find(fk.ref_entity)
        if target is None and not fk.ref_entity and len(fk.fields) == 1:
            stem = re.sub(r"_?(id|uuid|key|pk)$", "", fk.fields[0], flags=re.I)
            target = m.find(stem) if stem else None
            if target is None:
                target = _erd_parent_of(e, m)
            if target is None:
                m.unsupported.append(
                    f"{fk.loc}: {e.name}.{fk.fields[0]} is marked FK but names no target"
                )
                continue
            m.assumptions.append(
                f"{fk.loc}: {e.name}.{fk.fields[0]} references {target} (from its name)"
            )
        if target is None:
            m.unsupported.append(f"{fk.loc}: {e.name} references unknown {fk.ref_entity!r}")
            continue
        out.append(replace(fk, ref_entity=target))
    return replace(e, foreign_keys=tuple(out))


def _table_hints(section: Section, entities: list[Entity], m: _Merge) -> list[Entity]:
    """`FK → users.id` names the table of User when nothing else does (no SQL, no heading)."""
    explicit = {d.name for d in section.entities if d.table} | {
        e.name for e in section.sql_entities()
    }
    hints: dict[str, str] = {}
    for d in section.entities:
        for f in d.fields:
            target = m.find(f.fk_target)
            if target and f.fk_target and f.fk_target != target and target not in explicit:
                hints.setdefault(target, f.fk_target)
    return [
        replace(e, table=hints[e.name])
        if e.name in hints and e.table == snake_case(e.name) and e.name not in explicit
        else e
        for e in entities
    ]


def _erd_parent_of(e: Entity, m: _Merge) -> str | None:
    parents = set()
    for r in m.section.erd_relations:
        if r.cardinality is Cardinality.ONE_TO_MANY:
            parent, child = r.parent_child
            if m.find(child) == e.name and m.find(parent):
                parents.add(m.find(parent))
    return parents.pop() if len(parents) == 1 else None


def _relationships(section: Section, entities: list[Entity], m: _Merge) -> list[Relationship]:
    by_name = {e.name: e for e in entities}
    rels: list[Relationship] = []
    for r in section.erd_relations:
        left, right = r.parent_child
        lname, rname = m.find(left), m.find(right)
        if lname is None or rname is None:
            m.unsupported.append(f"{r.loc}: relationship names an unknown entity")
            continue
        card = r.cardinality
        if card is Cardinality.ONE_TO_ONE and _holds_fk(by_name[lname], rname):
            lname, rname = rname, lname  # the FK holder is the child
        rels.append(Relationship(lname, rname, card, r.label, loc=r.loc))
    # rows of the entities' Relationships tables: add descriptions, or new relationships
    for d in section.entities:
        for dr in d.relations:
            me, other = m.find(dr.entity), m.find(dr.other)
            if me is None or other is None or dr.cardinality is None:
                m.unsupported.append(f"{dr.loc}: relationship row not understood")
                continue
            parent, child = (other, me) if dr.reversed else (me, other)
            if dr.cardinality is not Cardinality.ONE_TO_MANY and _holds_fk(by_name[parent], child):
                parent, child = child, parent
            card = dr.cardinality
            if _generated_description(dr.description, parent, child, rels):
                dr = replace(dr, description="")
            i = _find_rel(rels, parent, child, dr)
            if i is None:
                rels.append(
                    Relationship(
                        parent,
                        child,
                        card,
                        dr.label,
                        description=dr.description,
                        loc=dr.loc,
                    )
                )
            elif not rels[i].description and dr.description and not dr.reversed:
                rels[i] = replace(rels[i], description=dr.description)
    out: list[Relationship] = []
    for rel in rels:
        if rel.cardinality is Cardinality.MANY_TO_MANY and rel.via is None:
            via = _junction(entities, rel.left, rel.right)
            if via:
                rel = replace(rel, via=via)
        out.append(rel)
    # an ERD that draws the junction (A ||--o{ A_B }o--|| B) as two unlabelled 1:N lines and a
    # table that says A N:M B describe one relationship: keep the N:M
    junction_legs = {(side, r.via) for r in out if r.via for side in (r.left, r.right)}
    return [
        r
        for r in out
        if not (
            r.cardinality is Cardinality.ONE_TO_MANY
            and not r.label
            and (r.left, r.right) in junction_legs
        )
        and not _undeclared_fk_line(r, by_name)
    ]


def _undeclared_fk_line(r: Relationship, by_name: dict[str, Entity]) -> bool:
    """A line our renderer draws for a foreign key no relationship declares, not a declaration.

    It is labelled with the FK's fields and described `Child.fk references Parent`; the FK
    itself carries it, so reading it as a relationship would add one the spec never had.
    """
    child = by_name.get(r.right)
    if child is None or r.via is not None:
        return False
    return any(
        fk.ref_entity == r.left
        and r.label in ("", "_".join(fk.fields))
        and r.description == f"{r.right}.{', '.join(fk.fields)} references {r.left}"
        for fk in child.foreign_keys
    )


def _generated_description(text: str, parent: str, child: str, rels: list[Relationship]) -> bool:
    """`User creates Post` / `junction of Post tagged with Tag`: words our renderer derives."""
    if not text:
        return False
    words = text.removeprefix("junction of ").strip()
    for r in rels:
        phrase = f"{r.left} {r.label.replace('_', ' ')} {r.right}".strip()
        if _rendered_sentence(words, r) and {r.left, r.right} == {parent, child}:
            return True
        if words == phrase and (r.left, r.right) in (
            (parent, child),
            (child, parent),
            (r.left, r.right),
        ):
            return True
    return False


def _rendered_sentence(text: str, r: Relationship) -> bool:
    """Our renderer's sentence for `r` (renderers/markdown.relationship_sentence)."""
    from pydev_workflow.renderers.markdown import plural_name

    left, right = re.escape(r.left), re.escape(r.right)
    lefts, rights = re.escape(plural_name(r.left)), re.escape(plural_name(r.right))
    return any(
        re.fullmatch(p, text)
        for p in (
            rf"an? {left} .+(?: many {rights}| one {right}|, an? {right})"
            rf"(?: \([^()]*\)|, many-to-many through \S+)?",
            rf"{lefts} .+ {rights}(?:, many-to-many through \S+)?",
            rf"{left} ↔ {right}",
            rf"(?:many {rights} are|one {right} is) .+ an? {left}(?: \([^()]*\))?",
        )
    )


def _find_rel(rels: list[Relationship], parent: str, child: str, dr: DocRelation) -> int | None:
    candidates = [
        i
        for i, r in enumerate(rels)
        if {r.left, r.right} == {parent, child} and (not dr.label or r.label == dr.label)
    ]
    return candidates[0] if candidates else None


def _holds_fk(e: Entity, target: str) -> bool:
    return any(fk.ref_entity == target for fk in e.foreign_keys)


def _junction(entities: Iterable[Entity], a: str, b: str) -> str | None:
    for e in entities:
        targets = {fk.ref_entity for fk in e.foreign_keys}
        if {a, b} <= targets and e.name not in (a, b):
            return e.name
    return None


def _queries(section: Section, entities: list[Entity], m: _Merge) -> list[QueryPattern]:
    by_name = {e.name: e for e in entities}
    index_owner = {ix.name: e.name for e in entities for ix in e.indexes}
    out = []
    for q in section.queries:
        entity = m.find(q.entity) if q.entity else None
        idx = q.index if q.index not in ("", "—", "–") else None
        if entity is None and idx and idx in index_owner:
            entity = index_owner[idx]
        if entity is None:
            entity = _entity_in_words(q.name, by_name)
        uk = re.fullmatch(r"(?:UK|UNIQUE)\s*\(\s*(\w+)\s*\)", idx or "", re.I)
        if uk:  # `UK(email)`: the unique column serves it; not an index name
            idx = None
            if entity is None:
                owners = [e.name for e in entities if (f := e.field(uk.group(1))) and f.unique]
                entity = owners[0] if len(owners) == 1 else None
        filters = q.filters
        if entity and not q.has_filter_column and entity in by_name:
            filters = _guess_filters(q, by_name[entity], idx)
            if filters:
                m.assumptions.append(
                    f"{q.loc}: query {q.name!r} filters on {', '.join(map(str, filters))}"
                    " (read from its name / index)"
                )
        if not entity:
            # a query pattern without an entity cannot be analysed (nor written to a spec)
            m.unsupported.append(
                f"{q.loc}: query {q.name!r} left out: no entity named in it, its index or a column"
            )
            continue
        if idx and idx != "-" and idx.upper() != "PK":
            if not any(ix.name == idx for ix in by_name[entity].indexes):
                m.unsupported.append(
                    f"{q.loc}: query {q.name!r}: 'Index Used' {idx!r} is not an index of {entity}"
                )
                idx = None
        query = QueryPattern(
            name=q.name,
            entity=entity,
            filters=filters,
            order_by=q.order_by,
            frequency=q.frequency,
            index=idx,
            loc=q.loc,
        )
        out.append(_unless_planned(query, entities))
    return out


def _unless_planned(q: QueryPattern, entities: list[Entity]) -> QueryPattern:
    """Drop an `Index Used` the planner picks anyway: the model keeps only what it cannot derive.

    Our own renderer writes the planner's choice in that column; a hand-written index the
    planner would not choose, and `-` (a scan the author accepts), are kept.
    """
    if q.index is None or q.index == "-":
        return q
    from pydev_workflow.analysis import plan

    try:
        chosen = plan(Schema(entities=tuple(entities)), replace(q, index=None)).index
    except (KeyError, ValueError):
        return q
    return replace(q, index=None) if chosen == q.index else q


def _entity_in_words(text: str, by_name: dict[str, Entity]) -> str | None:
    words = [name_key(w) for w in re.findall(r"[A-Za-z_]+", text)]
    keyed = {name_key(n): n for n in by_name}
    keyed.update({name_key(e.table): e.name for e in by_name.values()})
    # an entity all of whose name parts the words name (`Tracks of a playlist` ->
    # PlaylistTrack) is more specific than one that matches a single word (Track)
    present = set(words)
    best: tuple[int, str] | None = None
    for e in by_name.values():
        parts = [name_key(p) for p in snake_case(e.name).split("_") if p]
        if len(parts) > 1 and all(p in present for p in parts):
            if best is None or len(parts) > best[0]:
                best = (len(parts), e.name)
    if best is not None:
        return best[1]
    for w in words:
        if w in keyed:
            return keyed[w]
    return None


def _guess_filters(q: DocQuery, e: Entity, idx: str | None) -> tuple[Filter, ...]:
    """The index's leading field, else the field after "by", else the primary key."""
    ix = next((i for i in e.indexes if i.name == idx), None)
    if ix is not None and ix.field_names:
        return (Filter(ix.field_names[0]),)
    bm = re.search(r"\bby\s+([A-Za-z_]+)", q.name, re.I)
    if bm:
        word = bm.group(1).lower()
        for f in e.fields:
            if f.name.lower() == word or name_key(f.name) == name_key(word):
                return (Filter(f.name),)
    if idx and idx.upper() == "PK" and e.primary_key:
        return tuple(Filter(n) for n in e.primary_key)
    return ()


# -- public: the importer ----------------------------------------------------------------------


def import_markdown(source: str, options: ImportOptions) -> ImportResult:
    """Import the hand-written `## Data Models` section of a Markdown file (e.g. ARCHITECTURE.md).

    Reads the Mermaid erDiagram, the `#### Entity` field tables, Relationships, Storage and
    Indexes of each entity, the Query Patterns and Migration Strategy tables and the ```sql
    block, and merges them: the SQL decides structure, the tables add descriptions.
    """
    return build_schema(parse_section(source, options))
