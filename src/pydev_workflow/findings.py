"""The one findings vocabulary: every rule, doc-lint and verification result is a Finding."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydev_workflow.errors import Loc


class Severity(Enum):
    """How bad a finding is: errors and warnings fail `check`, info never does."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def fails(self) -> bool:
        """True if a finding of this severity makes `check` exit 1."""
        return self is not Severity.INFO


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a design rule, the doc linter or verify, pointing at its line."""

    code: str
    name: str
    severity: Severity
    message: str
    loc: Loc
    entity: str | None = None
    hint: str = ""
    fix: object | None = field(default=None, compare=False)  # e.g. the suggested Index
    field: str | None = None  # the field (column) of `entity` the finding is about, if one

    def __str__(self) -> str:
        text = f"{self.loc}: {self.code} {self.message}"
        return text + (f" ({self.hint})" if self.hint else "")

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order of output: file, line, column, then code."""
        return (self.loc.file, self.loc.line, self.loc.col, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        """Plain, stable data for --format json."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "location": str(self.loc),
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.col,
            "entity": self.entity,
            "hint": self.hint,
        }
