"""SQL dialects as data: capabilities, limits and reserved words, one small unit per engine."""

from __future__ import annotations

from pydev_workflow.dialects.base import Dialect
from pydev_workflow.registry import Registry

DIALECTS: Registry[Dialect] = Registry(
    "dialect",
    {
        "postgresql": "pydev_workflow.dialects.postgresql:DIALECT",
        "sqlite": "pydev_workflow.dialects.sqlite:DIALECT",
        "mysql": "pydev_workflow.dialects.mysql:DIALECT",
        "mariadb": "pydev_workflow.dialects.mariadb:DIALECT",
    },
)

_ALIASES = {"postgres": "postgresql", "pg": "postgresql", "sqlite3": "sqlite"}


def get_dialect(name: str) -> Dialect:
    """The dialect called `name` (aliases such as `postgres` accepted)."""
    key = name.strip().lower()
    return DIALECTS.get(_ALIASES.get(key, key))


__all__ = ["DIALECTS", "Dialect", "get_dialect"]
