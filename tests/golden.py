"""assert_golden: compare text with tests/golden/<case>/<name>; UPDATE_GOLDEN=1 rewrites."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(case: str, name: str, actual: str) -> None:
    """Assert `actual` equals the golden file; show a unified diff when it does not."""
    path = GOLDEN / case / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.exists():  # never written silently: a new golden is reviewed by eye first
        raise AssertionError(f"golden file {path} is missing (run with UPDATE_GOLDEN=1, review it)")
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=str(path.relative_to(GOLDEN)),
                tofile="actual",
            )
        )
        raise AssertionError(f"golden mismatch (UPDATE_GOLDEN=1 to accept):\n{diff}")
