"""The one path from a loaded model to its findings and certainty, shared by every command.

`check`, `run` and `import` all call `review`, so the same spec and configuration give the same
findings whichever command reads them (target dialects, select/ignore from the command line or
[tool.pydev-workflow]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydev_workflow.certainty import Certainty, assess
from pydev_workflow.checks import CheckContext, Finding, Suppressions, run_checks
from pydev_workflow.dialects import DIALECTS, get_dialect
from pydev_workflow.model import Decision, Schema
from pydev_workflow.model.conventions import Conventions
from pydev_workflow.project import Component
from pydev_workflow.workflow.architecture import propose_storage
from pydev_workflow.workflow.config import Settings
from pydev_workflow.workflow.preflight import with_practices

if TYPE_CHECKING:
    from pydev_workflow.forked import ForkedCall


@dataclass(frozen=True)
class Review:
    """The design review of one model: its context, findings and certainty score."""

    context: CheckContext
    findings: tuple[Finding, ...]
    certainty: Certainty

    @property
    def dialects(self) -> tuple[str, ...]:
        """The target dialects the dialect-aware rules checked."""
        return self.context.dialects


def adopt_project(
    schema: Schema, components: Sequence[Component], conventions: Conventions | None
) -> tuple[Schema, tuple[Decision, ...]]:
    """The model as the project states it (storage from the architecture, CLAUDE.md practices).

    Entities whose storage the spec leaves open get the store ARCHITECTURE.md names for them
    (phase 3); CLAUDE.md's practices apply when the spec has no `conventions:`. Returns the
    schema and the storage decisions assumed from the architecture.
    """
    schema, hinted = propose_storage(schema, tuple(components))
    return with_practices(schema, conventions), hinted


def target_dialects(
    schema: Schema, requested: Sequence[str] = (), settings: Settings | None = None
) -> tuple[str, ...]:
    """The dialects to check: the command line's, else the configuration's, else the spec's.

    Raises:
        InputError: a name is no known dialect.
    """
    wanted = tuple(requested) or (settings.dialects if settings else ()) or (schema.dialect,)
    if any(d.lower() == "all" for d in wanted):
        wanted = DIALECTS.names()
    return tuple(dict.fromkeys(get_dialect(d).name for d in wanted))


def spec_suppressions(schema: Schema) -> Suppressions:
    """The spec's `ignore:` lists, by (entity, field or None), for `run_checks`."""
    out: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for e in schema.entities:
        if e.ignore:
            out[(e.name, None)] = e.ignore
        for f in e.fields:
            if f.ignore:
                out[(e.name, f.name)] = f.ignore
    return out


def review(
    schema: Schema,
    components: Sequence[Component] = (),
    *,
    settings: Settings | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    dialects: Sequence[str] = (),
    suppressions: Suppressions | None = None,
) -> Review:
    """Run the design rules and the 80% rule on `schema`, the same way for every command.

    `suppressions` maps (entity, field or None) to code prefixes not reported there.
    """
    settings = settings or Settings()
    suppressions = {**spec_suppressions(schema), **(suppressions or {})}
    ctx = CheckContext(
        schema=schema,
        components=tuple(components),
        dialects=target_dialects(schema, dialects, settings),
    )
    findings = run_checks(
        ctx,
        select=tuple(select) or settings.select,
        ignore=tuple(ignore) or settings.ignore,
        suppressions=suppressions,
    )
    certainty = assess(schema, findings, ctx.components, ctx.plans)
    return Review(ctx, tuple(findings), certainty)


#: Below this many entities a worker process costs more than it saves.
DDL_AHEAD_MIN_ENTITIES = 500


def ddl_block(schema: Schema, dialect: str) -> str:
    """The Database Schema (SQL) block of `schema`'s relational entities ("" when none)."""
    # imported here: `check` uses this module and renders nothing (its start-up stays lean)
    from pydev_workflow.renderers.base import RenderOptions
    from pydev_workflow.renderers.markdown import sql_text

    return sql_text(schema, RenderOptions(dialect=dialect))


def start_ddl(schema: Schema) -> ForkedCall[str] | None:
    """Compile the DDL block of `schema` on another core while the checks and the rest run.

    DDL compilation through SQLAlchemy is the longest single phase of `run` on a big spec and
    needs nothing but the model. Returns the job (its `future` goes into the RenderContext; the
    caller `stop()`s it when done), or None for small specs and where no fork is possible: the
    renderer then compiles the block itself.
    """
    if len(schema.entities) < DDL_AHEAD_MIN_ENTITIES:
        return None
    # imported here: `check` uses this module and compiles no DDL (its start-up stays lean)
    from pydev_workflow.dialects.metadata import sa_dialect
    from pydev_workflow.forked import fork_call

    # SQLAlchemy and the dialect are imported here: a forked child imports about twice as
    # slowly (each page it writes is copied first), and the worker is the longer path
    sa_dialect(schema.dialect)
    return fork_call(ddl_block, schema, schema.dialect)
