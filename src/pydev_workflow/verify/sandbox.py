"""Throwaway places to verify in: the old import path of `pydev_workflow.dialects.sandbox`.

The sandboxes live below verify, next to the engine adapters whose hooks they drive
(`dialects/sandbox.py`), so that the adapters never import verify.
"""

from __future__ import annotations

from pydev_workflow.dialects.sandbox import (
    MARKER,
    PREFIX,
    Sandbox,
    catalog,
    connect,
    drop_new,
    new_name,
    open_sandbox,
    owner_of,
    refuse,
    server_sandbox,
    sqlite_sandbox,
    sweep,
)

__all__ = [
    "MARKER",
    "PREFIX",
    "Sandbox",
    "catalog",
    "connect",
    "drop_new",
    "new_name",
    "open_sandbox",
    "owner_of",
    "refuse",
    "server_sandbox",
    "sqlite_sandbox",
    "sweep",
]
