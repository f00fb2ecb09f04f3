"""The vocabulary of the design checks: Severity, Finding, CheckContext and the Check base class."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from pydev_workflow.analysis import QueryPlan, plans
from pydev_workflow.errors import Loc
from pydev_workflow.findings import Finding as Finding  # re-exported: checks import it from here
from pydev_workflow.findings import Severity as Severity
from pydev_workflow.model import Entity, Schema, StorageKind
from pydev_workflow.project import Component

#: (text, spec location, entity) of each construct a target dialect cannot hold (DM701)
TargetNotes = list[tuple[str, Loc, str | None]]


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may read; derived data (query plans) is computed once and shared."""

    schema: Schema
    components: tuple[Component, ...] = ()
    dialects: tuple[str, ...] = ("postgresql",)
    #: what a dialect cannot hold of `schema`, from the DDL build the caller already made (the
    #: pipeline's one build per dialect); None: DM701 translates the spec itself
    target_notes: Callable[[str], TargetNotes] | None = field(default=None, compare=False)

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
        field: str | None = None,
    ) -> Finding:
        """A Finding of this rule (`field`: the one field of `entity` it is about)."""
        return Finding(
            self.code, self.name, severity or self.severity, message, loc, entity, hint, fix, field
        )

    @classmethod
    def summary(cls) -> str:
        """The first line of the rule's docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0].strip() if cls.__doc__ else ""
