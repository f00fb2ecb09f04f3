"""Pure renderers: what they share comes in a RenderContext, never from module-level memos."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import pytest

from pydev_workflow.model import Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.renderers.context import render_context
from pydev_workflow.renderers.markdown import sql_text
from pydev_workflow.spec import load

ROOT = Path(__file__).resolve().parent.parent
SPECS = [
    ROOT / "examples" / "blog" / "data-models.yaml",
    *sorted((ROOT / "tests" / "fixtures" / "specs").glob("*.yaml")),
]


@pytest.mark.parametrize(
    "spec", SPECS, ids=lambda p: p.parent.name if p.stem == "data-models" else p.stem
)
@pytest.mark.parametrize("renderer", ["markdown", "devlog", "mermaid"])
def test_a_shared_context_gives_the_same_text(spec: Path, renderer: str) -> None:
    schema = load(spec)
    plain = RenderOptions(date="2026-01-01", dialect=schema.dialect)
    shared = replace(plain, context=render_context(schema))
    assert render(renderer, schema, shared) == render(renderer, schema, plain)


def test_a_context_of_another_schema_object_is_not_used(example_spec: Path) -> None:
    """A context is for the schema object it was computed from: a changed copy gets its own."""
    schema = load(example_spec)
    fewer = replace(schema, relationships=schema.relationships[1:])
    options = RenderOptions(date="2026-01-01", context=render_context(schema))
    for name in ("markdown", "devlog", "mermaid"):
        assert render(name, fewer, options) == render(name, fewer, RenderOptions(date="2026-01-01"))
        assert render(name, fewer, options) != render(name, schema, options)


def test_rendering_twice_from_shared_tuples_recomputes(example_spec: Path) -> None:
    """No answer is kept between calls: two schemas sharing their entity tuple render apart."""
    schema = load(example_spec)
    first = render("mermaid", schema, RenderOptions())
    other = replace(schema, relationships=())
    assert render("mermaid", other, RenderOptions()) != first
    assert render("mermaid", schema, RenderOptions()) == first


def test_the_sql_block_comes_from_the_context_or_its_future(example_spec: Path) -> None:
    schema = load(example_spec)
    options = RenderOptions(date="2026-01-01", dialect=schema.dialect)
    expected = render("markdown", schema, options)
    ddl = sql_text(schema, options)
    done: Future[str] = Future()
    done.set_result(ddl)
    for sql in (ddl, done):
        ctx = render_context(schema, sql=sql, sql_dialect=schema.dialect)
        assert render("markdown", schema, replace(options, context=ctx)) == expected
    # a failed future, or one for another dialect: the renderer compiles the block itself
    failed: Future[str] = Future()
    failed.set_exception(RuntimeError("worker died"))
    for ctx in (
        render_context(schema, sql=failed, sql_dialect=schema.dialect),
        render_context(schema, sql="-- not this", sql_dialect="mysql"),
    ):
        assert render("markdown", schema, replace(options, context=ctx)) == expected


def test_the_context_holds_what_the_renderers_share(example_spec: Path) -> None:
    from pydev_workflow.analysis import plans
    from pydev_workflow.renderers import mermaid

    schema: Schema = load(example_spec)
    ctx = render_context(schema)
    assert ctx.edges == mermaid.edges(schema)
    assert ctx.uncovered == mermaid.uncovered_fks(schema)
    assert ctx.plans == plans(schema)
    assert set(ctx.relationships) <= {e.name for e in schema.entities}


@pytest.mark.parametrize(
    "module", ["keyvalue", "tables", "phrases", "mermaid", "document", "devlog"]
)
def test_renderers_below_markdown_do_not_import_it(module: str) -> None:
    """The keyvalue <-> markdown cycle is gone: the table helpers live in renderers.tables."""
    code = (
        f"import sys, pydev_workflow.renderers.{module}; "
        "print('pydev_workflow.renderers.markdown' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_relations_computed_before_the_decisions_serve_the_documented_model(
    example_spec: Path,
) -> None:
    """`run` computes the ERD lines and Relationships rows while its DDL workers compile; the
    model it documents adds decisions only, so they are taken as they are (another model's
    are not: it gets its own)."""
    from pydev_workflow.model import Decision

    schema = load(example_spec)
    early = render_context(schema, query_plans=())
    documented = replace(schema, decisions=(*schema.decisions, Decision("assumed", "why")))
    ctx = render_context(documented, relations=early)
    assert ctx.schema is documented and ctx.relationships is early.relationships
    assert ctx.edges is early.edges and ctx.uncovered is early.uncovered
    assert ctx == replace(render_context(documented), sql=None)
    other = replace(schema, entities=schema.entities[:-1])
    mine = render_context(other, relations=early)
    assert mine.relationships is not early.relationships
    assert mine.relationships == render_context(other).relationships
    opts = RenderOptions(date="2026-01-01", context=ctx)
    assert render("markdown", documented, opts) == render(
        "markdown", documented, RenderOptions(date="2026-01-01")
    )
