"""The DEV_LOG.md entry of the data-models step, in the seed's template."""

from __future__ import annotations

from dataclasses import replace

from pydev_workflow.model import Entity, Schema
from pydev_workflow.renderers import mermaid
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.tables import table
from pydev_workflow.steps import DATA_MODELS, Step, following

SUMMARY = "Designed data models and storage strategy"


def heading(date: str, step: Step = DATA_MODELS) -> str:
    """`### 2025-01-02 Data Models Defined {#data-models}`."""
    return f"### {date} {step.entry_title} {{#{step.anchor}}}"


def storage_cell(e: Entity) -> str:
    """Where an entity lives: the engine, else the storage kind, else `not decided`."""
    if e.storage is None:
        return "not decided"
    return e.storage.engine or e.storage.kind.value


def decision_rows(schema: Schema) -> list[tuple[str, str]]:
    """The schema's decisions, then one normalization row per entity that states one."""
    rows = [(d.decision, d.rationale) for d in schema.decisions]
    for e in schema.entities:
        n = e.normalization
        if n is None:
            continue
        level = n.level.value.capitalize() + (f" ({n.form})" if n.form else "")
        rows.append((f"{e.name}: {level}", n.rationale or "-"))
    return rows


def next_steps(step: Step = DATA_MODELS) -> list[str]:
    """`Proceed to core logic design`, from the step that follows."""
    nxt = following(step)
    return [f"Proceed to {nxt.title.lower()} design"] if nxt else ["Workflow complete"]


def render(schema: Schema, options: RenderOptions) -> str:
    """The DEV_LOG entry: heading, summary, entities, simplified ERD, decisions, next steps."""
    entities = [(e.name, str(len(e.fields)), storage_cell(e)) for e in schema.entities]
    diagram = mermaid.render(schema, replace(options, simplified=True)).rstrip("\n")
    decisions = decision_rows(schema)
    out = [heading(options.date), "", f"**Summary**: {SUMMARY}", ""]
    out += ["**Entities Defined**:", "", table(("Entity", "Fields", "Storage"), entities), ""]
    out += ["**Relationships**:", "", "```mermaid", diagram, "```", ""]
    if decisions:
        out += ["**Decisions Made**:", "", table(("Decision", "Rationale"), decisions), ""]
    else:
        out += ["**Decisions Made**: none", ""]
    out += ["**Next Steps**:"] + [f"- {s}" for s in next_steps()] + ["", "---"]
    return "\n".join(out) + "\n"


__all__ = ["SUMMARY", "decision_rows", "heading", "next_steps", "render", "storage_cell"]
