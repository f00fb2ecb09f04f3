"""Renderers: pure functions `render(schema, options) -> str`, one small module each."""

from __future__ import annotations

from pydev_workflow.registry import Registry
from pydev_workflow.renderers.base import Render, RenderOptions

RENDERERS: Registry[Render] = Registry(
    "renderer",
    {
        "mermaid": "pydev_workflow.renderers.mermaid:render",
        "markdown": "pydev_workflow.renderers.markdown:render",
        "sql": "pydev_workflow.renderers.sql:render",
        "devlog": "pydev_workflow.renderers.devlog:render",
        "jsonschema": "pydev_workflow.renderers.document:render",
        "keyvalue": "pydev_workflow.renderers.keyvalue:render",
        "sqlalchemy": "pydev_workflow.renderers.orm:render",
        "alembic": "pydev_workflow.renderers.migration:render",
    },
)


def render(name: str, schema: object, options: RenderOptions | None = None) -> str:
    """Render `schema` with the renderer called `name`."""
    return RENDERERS.get(name)(schema, options or RenderOptions())  # type: ignore[arg-type]


__all__ = ["RENDERERS", "Render", "RenderOptions", "render"]
