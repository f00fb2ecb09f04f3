"""Our own Markdown renderer's section of examples/blog reads back as the spec's model.

What the section cannot carry, and is therefore compared away:
- `component` of each entity, `project`, `decisions` (not part of the Data Models section);
- a query pattern's filters, order_by, group_by, aggregate, limit and description: the
  Query Patterns table has only Query | Frequency | Complexity | Index Used. Entity and the
  leading filter are read back from the index / the words of the query's name;
- `Index Used` is the planner's choice, so it is kept only where the planner would choose
  otherwise (always `-`, an accepted scan);
- the table name of an entity that is neither in the SQL block nor referenced by an FK;

The spec fixtures (Chinook, Sakila, storage-mix) read back the same way, and further modulo
- the entity, filters and Index Used of each query pattern (the table names none of them);
- the explicit `fk:` of a relationship (the importer leaves it to be derived from the FK);
- a key pattern equal to the one the renderer derives (`table:{pk}`): it comes back declared;
- a `native(...)` type spelled like a portable type (`character varying`), read as that type;
- a CHECK's spelling: the SQL block's (sqlglot-normalised) text is read, not the spec's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.markdown import import_markdown
from pydev_workflow.model import Field, Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.spec.load import load


def _carried(s: Schema, tables: dict[str, str]) -> Schema:
    """`s` without what the section cannot carry (see the module docstring)."""
    return replace(
        s,
        entities=tuple(
            replace(e, component=None, table=tables.get(e.name, e.table)) for e in s.entities
        ),
        query_patterns=tuple(
            replace(
                q,
                filters=q.filters[:1],
                order_by=(),
                group_by=(),
                aggregate=None,
                limit=None,
                description="",
                index=q.index if q.index == "-" else None,
            )
            for q in s.query_patterns
        ),
        decisions=(),
        project="",
        components=(),
    )


def test_blog_section_reads_back(example_spec: Path, tmp_path: Path) -> None:
    spec = load(example_spec)
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(
        "# Inkwell\n\n" + render("markdown", spec, RenderOptions(date="2024-01-01")),
        encoding="utf-8",
    )
    back = import_markdown(str(doc), ImportOptions(dialect="postgresql")).schema
    tables = {e.name: e.table for e in back.entities}
    want = _carried(spec, tables)
    got = _carried(back, tables)
    assert got.entities == want.entities
    assert got.relationships == want.relationships
    assert got.migration == want.migration
    assert [(q.name, q.entity, q.frequency) for q in got.query_patterns] == [
        (q.name, q.entity, q.frequency) for q in want.query_patterns
    ]
    # tables come back for every entity the SQL creates or an FK names
    assert {n: t for n, t in tables.items() if n != "MediaAsset"} == {
        e.name: e.table for e in spec.entities if e.name != "MediaAsset"
    }


SPECS = Path(__file__).parent / "fixtures" / "specs"


def _spelled(s: Schema) -> Schema:
    """`s` without what a fixture's section spells differently (see the module docstring)."""
    from pydev_workflow.importers.markdown import parse_doc_type
    from pydev_workflow.model import TypeKind

    def field(f: Field) -> Field:
        if f.type.kind is TypeKind.NATIVE and f.type.native:
            portable = parse_doc_type(f.type.native)
            if portable.kind is not TypeKind.NATIVE:
                f = replace(f, type=portable)
        return replace(f, check=_norm(f.check) if f.check else None)

    return replace(
        s,
        entities=tuple(
            replace(
                e,
                fields=tuple(field(f) for f in e.fields),
                checks=tuple(replace(c, expression=_norm(c.expression)) for c in e.checks),
                key_pattern=None,
            )
            for e in s.entities
        ),
        relationships=tuple(replace(r, fk=()) for r in s.relationships),
        query_patterns=(),
    )


def _norm(expr: str) -> str:
    """A CHECK expression as sqlglot writes it, so spelling and spacing do not count."""
    import sqlglot

    return str(sqlglot.parse_one(expr, read="postgres").sql("postgres"))


@pytest.mark.parametrize("name", ["chinook", "sakila", "storage-mix"])
def test_fixture_sections_read_back(name: str, tmp_path: Path) -> None:
    spec = load(SPECS / f"{name}.yaml")
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(render("markdown", spec, RenderOptions(date="2024-01-01")), encoding="utf-8")
    back = import_markdown(str(doc), ImportOptions(dialect=spec.dialect)).schema
    tables = {e.name: e.table for e in back.entities}
    want = _spelled(_carried(spec, tables))
    # the SQL renderer doubles `%` on PostgreSQL/MySQL (pinned below): read through it here
    got = _spelled(_carried(back, tables))
    assert got.entities == want.entities
    assert got.relationships == want.relationships
    assert got.migration == want.migration


@pytest.mark.parametrize("dialect", ["postgresql", "mysql"])
def test_percent_in_a_check_survives_the_ddl(dialect: str) -> None:
    from pydev_workflow.spec.load import loads

    spec = loads(
        "version: 1\nentities:\n  A:\n    table: a\n    fields:\n"
        "      id: {type: integer, pk: true}\n"
        "      n: {type: integer, check: n % 2 = 0}\n"
    )
    assert "n % 2 = 0" in render("sql", spec, RenderOptions(dialect=dialect))


def test_enum_type_names_and_query_entities_read_back(tmp_path: Path) -> None:
    """A named enum type keeps its name, a default-named one reads back unnamed; a query
    whose words name both ends of a junction is about the junction."""
    from pydev_workflow.spec.load import loads

    spec = loads(
        "version: 1\ndialect: postgresql\nentities:\n"
        "  Playlist:\n    table: playlists\n    fields:\n"
        "      id: {type: integer, pk: true}\n"
        "      mood: {type: 'enum(calm,loud)', enum_name: mood}\n"
        "      state: {type: 'enum(open,shut)'}\n"
        "  Track:\n    table: tracks\n    fields:\n      id: {type: integer, pk: true}\n"
        "  PlaylistTrack:\n    table: playlist_tracks\n    fields:\n"
        "      playlist_id: {type: integer, pk: true, references: Playlist.id}\n"
        "      track_id: {type: integer, pk: true, references: Track.id}\n"
        "relationships:\n"
        "  - {from: Playlist, to: Track, type: 'N:M', via: PlaylistTrack, label: holds}\n"
        "query_patterns:\n"
        "  - {name: Tracks of a playlist, entity: PlaylistTrack, filter: [playlist_id]}\n"
    )
    doc = tmp_path / "ARCHITECTURE.md"
    doc.write_text(render("markdown", spec, RenderOptions(date="2024-01-01")), encoding="utf-8")
    back = import_markdown(str(doc), ImportOptions(dialect="postgresql")).schema
    playlist = back.entity("Playlist")
    assert playlist is not None
    assert [f.type.enum_name for f in playlist.fields] == [None, "mood", None]
    assert [(q.name, q.entity) for q in back.query_patterns] == [
        ("Tracks of a playlist", "PlaylistTrack")
    ]
    assert [e.foreign_keys for e in back.entities] == [e.foreign_keys for e in spec.entities]
