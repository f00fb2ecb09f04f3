"""verify: prove the model on a real engine (sandbox, DDL, round trip, data, EXPLAIN)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydev_workflow.verify.core import VerifyReport

__all__ = ["verify"]


def verify(*args: Any, **kwargs: Any) -> VerifyReport:
    """Run `pydev_workflow.verify.core.verify` (imported on first use: it pulls in SQLAlchemy)."""
    # lazy: `import` loads verify.urls through this package; verify.core (SQLAlchemy, the
    # sandbox, about 0.3 s) stays out of its start-up
    from pydev_workflow.verify.core import verify as run

    return run(*args, **kwargs)
