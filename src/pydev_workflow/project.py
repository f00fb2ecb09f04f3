"""What the step knows about the user's project besides the spec: components and paths."""

from __future__ import annotations

from dataclasses import dataclass

from pydev_workflow.errors import Loc, loc_field


@dataclass(frozen=True, slots=True)
class Component:
    """A component named in ARCHITECTURE.md (step 02's output)."""

    name: str
    loc: Loc = loc_field()
