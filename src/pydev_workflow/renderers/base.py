"""What every renderer takes: the model and a few options; no clocks, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from pydev_workflow.model import Schema

if TYPE_CHECKING:  # the context module imports the renderers that import this one
    from pydev_workflow.renderers.context import RenderContext


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Options shared by renderers. The date is an input, never read from a clock."""

    date: str = "1970-01-01"  # YYYY-MM-DD for `Last updated` / DEV_LOG headings
    dialect: str = "postgresql"
    # query name -> "verified on <engine>: <access path>" notes from `verify`, if any
    verified: Mapping[str, str] = field(default_factory=dict)
    simplified: bool = False  # mermaid: relationships only, no attribute blocks (DEV_LOG)
    # what the renderers of one schema share, computed once by the caller (render_context);
    # None, or a context of another schema object: each renderer computes what it needs
    context: RenderContext | None = None


class Render(Protocol):
    """The renderer signature."""

    def __call__(self, schema: Schema, options: RenderOptions) -> str:  # pragma: no cover
        """Return the rendered text, ending with a newline."""
        ...
