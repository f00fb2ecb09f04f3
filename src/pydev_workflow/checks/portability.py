"""Portability: what a target engine cannot hold of the spec, at the spec line."""

from __future__ import annotations

from collections.abc import Iterator

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.metadata import cannot_hold
from pydev_workflow.errors import InputError


class TargetCannotHold(Check):
    """A target engine cannot hold something the spec says; the DDL for it differs.

    ## What it does
    Translates the spec for every target dialect (the spec's own, or those given with
    `check --dialect`) and reports each construct that engine cannot hold, and what it becomes:
    an unsigned number on PostgreSQL (a wider type with a CHECK), `timestamp(tz)` on MySQL
    (TIMESTAMP, 1970-2038 only), a TEXT key without a prefix length on MySQL, an array on
    SQLite (JSON), a partial index on MySQL (a full index), a collation of another engine…
    The rule for each engine lives in its DDL translation; the same text is the `-- not
    expressible in …` comment of `render sql`.

    ## Why is this bad?
    The database you get is not the one the spec describes: rows the design allows are refused,
    or rows it forbids are accepted, and nothing says so until production.

    ## Example
    ```yaml
    dialect: postgresql
    entities:
      Counter:
        fields:
          id: {type: integer, pk: true}
          hits: {type: "integer(unsigned)"}
    ```

    ## Use instead
    ```yaml
    dialect: postgresql
    entities:
      Counter:
        fields:
          id: {type: integer, pk: true}
          hits: {type: bigint, check: hits >= 0}
    ```
    """

    code = "DM701"
    name = "target-cannot-hold"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per construct a target dialect cannot hold."""
        notes_of = ctx.target_notes or (lambda dialect: cannot_hold(ctx.schema, dialect))
        for dialect in ctx.dialects:
            try:
                notes = notes_of(dialect)
            except InputError:  # the spec cannot be translated at all: other checks say why
                continue
            display = get_dialect(dialect).display
            for text, loc, entity in notes:
                # a loss is a warning; how a construct is spelled there (VARCHAR(255)) is info
                lost = text.startswith("not expressible")
                yield self.finding(
                    text if display in text else f"{display}: {text}",
                    loc,
                    entity,
                    severity=None if lost else Severity.INFO,
                )
