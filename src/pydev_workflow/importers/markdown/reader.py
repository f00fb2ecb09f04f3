"""Reading a section: markdown-it block tokens walked into the parts of `Section`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.markdown.cells import (
    parse_normalization,
    parse_storage,
    partition_purpose,
)
from pydev_workflow.importers.markdown.erd import read_erd
from pydev_workflow.importers.markdown.parts import (
    DocEntity,
    DocQuery,
    ErdEntity,
    ErdRelation,
    Section,
    SqlBlock,
    plain,
)
from pydev_workflow.importers.markdown.sqlblock import read_sql_block
from pydev_workflow.importers.markdown.tables import (
    LABELS,
    Table,
    classify,
    read_decisions,
    read_fields,
    read_indexes,
    read_migration,
    read_queries,
    read_relations,
)
from pydev_workflow.model import Decision, MigrationStrategy

_HEADING_TABLE = re.compile(r"\(\s*`?([\w.]+)`?\s*\)|`([\w.]+)`")


_KV_RE = re.compile(r"^\s*\*\*([^*]+?)\*\*\s*:?\s*(.*)$")


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


class _Parser:
    """Walks markdown-it block tokens of the section and collects its parts."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.notes: list[Problem] = []
        self.label = ""  # the last bare `**Indexes**:` label: names the next table
        # the parts found so far
        self.erd_entities: dict[str, ErdEntity] = {}
        self.erd_relations: list[ErdRelation] = []
        self.erd_loc: Loc | None = None
        self.entities: list[dict[str, Any]] = []
        self.queries: list[DocQuery] = []
        self.migration: MigrationStrategy | None = None
        self.decisions: list[Decision] = []
        self.sql: list[SqlBlock] = []
        self.entities_level = 0  # level of an "Entities" heading, 0 when outside it
        self.current: dict[str, Any] | None = None

    def loc(self, line0: int, col: int = 1) -> Loc:
        return Loc(self.path, line0 + 1, col)

    # -- tokens -> blocks
    def blocks(self) -> tuple[list[tuple[str, Any]], Loc]:
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
                table, i = _read_table(tokens, i)
                out.append(("table", table))
            i += 1
        return out, self.loc(section_line)

    # -- the section
    def parse(self, options: ImportOptions) -> Section:
        blocks, section_loc = self.blocks()
        for kind, payload in blocks:
            if kind == "heading":
                level, title, line = payload
                self._heading(level, title, line)
            elif kind == "fence":
                info, content, line = payload
                self._fence(info, content, line, options)
            elif kind == "para":
                content, line = payload
                self._para(content, line, self.current)
            else:
                self._table(payload)
        docs = tuple(
            _freeze_entity(e)
            for e in self.entities
            if not e.get("tentative") or e["has_field_table"] or e["indexes"] or e["relations"]
        )
        return Section(
            path=self.path,
            loc=section_loc,
            erd_entities=tuple(self.erd_entities.values()),
            erd_relations=tuple(self.erd_relations),
            erd_loc=self.erd_loc,
            entities=docs,
            queries=tuple(self.queries),
            migration=self.migration,
            decisions=tuple(self.decisions),
            sql=tuple(self.sql),
            notes=tuple(self.notes),
        )

    def _heading(self, level: int, title: str, line: int) -> None:
        """A heading: ends the current entity or the Entities part, or starts an entity."""
        self.label = ""
        lowered = title.lower()
        if self.entities_level and level <= self.entities_level:
            self.entities_level = 0
        if self.current is not None and level <= self.current["level"]:
            self.current = None
        if lowered.strip() in ("entities", "entity definitions", "tables"):
            self.entities_level = level
            return
        if self.entities_level and level > self.entities_level:
            self.current = self._new_entity(title, level, line)
            self.entities.append(self.current)
            return
        if not any(w in lowered for w in _SECTION_WORDS):
            # a heading outside "Entities": an entity only if a field table follows
            self.current = self._new_entity(title, level, line)
            self.current["tentative"] = True
            self.entities.append(self.current)

    def _fence(self, info: str, content: str, line: int, options: ImportOptions) -> None:
        """A fenced block: the erDiagram or a SQL block; other fences are not the model."""
        if info.startswith("mermaid") and "erdiagram" in content.lower():
            self.erd_loc = self.loc(line)
            read_erd(content, line + 1, self.erd_entities, self.erd_relations, self.loc, self.notes)
        elif info.startswith(("sql", "postgres", "mysql", "sqlite")):
            self.sql.append(
                read_sql_block(self.path, content, line + 1, options, self.loc, self.notes)
            )

    def _table(self, table: Table) -> None:
        """A table, read as the kind its label or header says, into the part it belongs to."""
        kind_of = LABELS.get(self.label.split()[0] if self.label else "") or classify(table)
        self.label = ""
        current = self.current
        if kind_of == "fields" and current is not None:
            read_fields(table, current, self.loc)
        elif kind_of == "relations" and current is not None:
            current["relations"].extend(read_relations(table, current["name"], self.loc))
        elif kind_of == "indexes" and current is not None:
            current["indexes"].extend(read_indexes(table, self.loc))
        elif kind_of == "keys" and current is not None and table.rows:
            current["key_pattern"] = table.rows[0][0].strip() or current["key_pattern"]
        elif kind_of == "queries":
            self.queries.extend(read_queries(table, self.loc))
        elif kind_of == "migration":
            self.migration = read_migration(table, self.loc)
        elif kind_of == "decisions":
            self.decisions.extend(read_decisions(table, self.loc))
        else:
            self.notes.append(
                Problem(
                    self.loc(table.line),
                    f"table ({', '.join(table.header)}) not recognised",
                    code="table",
                )
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
                current["partition_purpose"] = partition_purpose(value)
            elif key == "description":
                current["description"] = value


def _read_table(tokens: list[Token], start: int) -> tuple[Table, int]:
    """The table whose `table_open` token is `tokens[start]`, and the index of its `table_close`."""
    j = start
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
    rows = tuple(tuple(plain(c) for c in r) + ("",) * (width - len(r)) for r in raw_rows)
    prose = tuple(
        tuple(c.replace("\\|", "|").strip() for c in r) + ("",) * (width - len(r)) for r in raw_rows
    )
    t = tokens[start]
    table = Table(
        header=tuple(plain(h).lower() for h in header),
        rows=rows,
        raw_rows=tuple(raw_rows),
        prose=prose,
        row_lines=tuple(row_lines),
        line=t.map[0] if t.map else 0,
    )
    return table, j


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
