"""What the step knows about the user's project besides the spec: components and paths."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydev_workflow.errors import Loc, loc_field


@dataclass(frozen=True, slots=True)
class Noun:
    """A thing ARCHITECTURE.md says a component owns or a store keeps: a candidate entity.

    `component` is None for a store note ("Redis (sessions)") that no component's text names;
    `store` is the store it was named under, if any ("Redis", "object storage").
    """

    text: str  # as written, lower-case: "credit notes"
    component: str | None
    loc: Loc = loc_field()
    store: str | None = None
    store_loc: Loc | None = field(default=None, compare=False)  # where the store note is


@dataclass(frozen=True, slots=True)
class Component:
    """A component named in ARCHITECTURE.md (step 02's output), with the nouns its text names."""

    name: str
    loc: Loc = loc_field()
    nouns: tuple[Noun, ...] = field(default=(), compare=False)
    #: folded words and phrases of its own text (its section, or its table row): what the
    #: component's description mentions, used to suggest an owner, never as entities
    mentions: frozenset[str] = field(default=frozenset(), compare=False)
