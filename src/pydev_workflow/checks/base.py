"""The vocabulary of the design checks: Severity, Finding, CheckContext and the Check base class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any, ClassVar

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.errors import Loc
from pydev_workflow.model import Entity, Schema, StorageKind
from pydev_workflow.project import Component


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
    """One problem a check found, pointing at the spec line of the node concerned."""

    code: str
    name: str
    severity: Severity
    message: str
    loc: Loc
    entity: str | None = None
    hint: str = ""
    fix: object | None = field(default=None, compare=False)  # e.g. the suggested Index

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


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read; derived data (query plans) is computed once and shared."""

    schema: Schema
    components: tuple[Component, ...] = ()
    dialects: tuple[str, ...] = ("postgresql",)

    @cached_property
    def plans(self) -> tuple[QueryPlan, ...]:
        """The plan of every query pattern (analysis.plans), computed once per run."""
        return plans(self.schema)

    @cached_property
    def relational(self) -> tuple[Entity, ...]:
        """Entities stored in a relational database (the ones that become SQL tables)."""
        return tuple(e for e in self.schema.entities if e.storage_kind is StorageKind.RELATIONAL)


class Check:
    """A design rule. Subclasses set `code`, `name`, `severity` and implement `run`.

    The class docstring is the rule's documentation, in ruff's shape: a summary line, then the
    sections *What it does*, *Why is this bad?*, *Example* and *Use instead* (spec YAML).
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Yield the findings of this rule for `ctx`."""
        raise NotImplementedError

    def finding(
        self,
        message: str,
        loc: Loc,
        entity: str | None = None,
        hint: str = "",
        fix: object | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A Finding of this rule."""
        return Finding(
            self.code, self.name, severity or self.severity, message, loc, entity, hint, fix
        )

    @classmethod
    def summary(cls) -> str:
        """The first line of the rule's docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0].strip() if cls.__doc__ else ""
