"""Import a hand-written Markdown `## Data Models` section (ERD, tables, SQL) back into the model.

The section is read in two stages. `parse_section` reads each part of the document on its own
(the Mermaid erDiagram, the `#### Entity` tables, the Relationships / Indexes / Query Patterns /
Migration tables, the ```sql block) into `Section`, keeping the line of every item; `lintdoc`
compares those parts. `build_schema` merges them into one model: the SQL block is the executable
truth for structure, the tables add descriptions, storage and everything the SQL does not state.

Reading: `reader` (markdown-it tokens -> blocks -> parts) with `tables` (what a table is and its
rows), `cells` (one cell's text: types, constraints, storage), `erd` (the erDiagram) and
`sqlblock` (the ```sql block); `parts` holds what they produce. Merging: `assemble` (the model)
with `matching` (which SQL table / ERD block each entity is), `entities`, `relations`, `queries`.
"""

from __future__ import annotations

from pydev_workflow.importers.base import ImportOptions, ImportResult, one_source
from pydev_workflow.importers.markdown.assemble import build_schema
from pydev_workflow.importers.markdown.cells import (
    parse_constraints,
    parse_doc_type,
    parse_normalization,
    parse_storage,
    same_type,
)
from pydev_workflow.importers.markdown.matching import match_erd, match_sql
from pydev_workflow.importers.markdown.parts import (
    DocEntity,
    DocField,
    DocIndex,
    DocQuery,
    DocRelation,
    ErdAttribute,
    ErdEntity,
    ErdRelation,
    Section,
    SqlBlock,
    name_key,
    plain,
)
from pydev_workflow.importers.markdown.reader import parse_section, read_document


def import_markdown(source: str, options: ImportOptions) -> ImportResult:
    """Import the hand-written `## Data Models` section of a Markdown file (e.g. ARCHITECTURE.md).

    Reads the Mermaid erDiagram, the `#### Entity` field tables, Relationships, Storage and
    Indexes of each entity, the Query Patterns and Migration Strategy tables and the ```sql
    block, and merges them: the SQL decides structure, the tables add descriptions.
    """
    one_source(options, "import markdown")
    return build_schema(parse_section(source, options))


__all__ = [
    "DocEntity",
    "DocField",
    "DocIndex",
    "DocQuery",
    "DocRelation",
    "ErdAttribute",
    "ErdEntity",
    "ErdRelation",
    "Section",
    "SqlBlock",
    "build_schema",
    "import_markdown",
    "match_erd",
    "match_sql",
    "name_key",
    "parse_constraints",
    "parse_doc_type",
    "parse_normalization",
    "parse_section",
    "parse_storage",
    "plain",
    "read_document",
    "same_type",
]
