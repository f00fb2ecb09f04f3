"""Convention rules (DM6xx): the project's practices (the spec's `conventions:`) hold everywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydev_workflow.checks import run_checks
from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.errors import Loc
from pydev_workflow.inflect import is_plural, plural, singular
from pydev_workflow.model import Cardinality, Conventions, Entity, Field, Schema, TypeKind
from pydev_workflow.model.conventions import MONEY_CENTS
from pydev_workflow.model.types import parse_type

#: Field names that hold an amount of money (and those that only look like it).
MONEY_NAME = re.compile(
    r"(?:^|_)(?:price|amount|total|subtotal|cost|fee|fees|balance|tax|discount|revenue|salary|"
    r"refund|payment|charge|paid|due|cents|credit|debit|payout|spend)(?:_|$)",
    re.I,
)
NOT_MONEY = re.compile(r"(?:^|_)(?:rate|percent|pct|ratio|count|quantity|qty|id|currency)(?:_|$)")
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")


def conventions(ctx: CheckContext) -> Conventions | None:
    """The spec's conventions, or None when it states none."""
    c = ctx.schema.conventions
    return c if c is not None and not c.empty else None


class ConventionCheck(Check):
    """A DM6xx rule: spec conventions warn; ones only proposed from CLAUDE.md are notes."""

    proposed = False

    def read(self, ctx: CheckContext) -> Conventions | None:
        """The conventions to hold the model to (None: none stated)."""
        c = conventions(ctx)
        self.proposed = bool(c is not None and c.proposed)
        return c

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
        """A finding; a note (info) while the practice is only proposed from CLAUDE.md."""
        if self.proposed:
            severity = Severity.INFO
            hint = f"{hint}; CLAUDE.md states it: add `conventions:` to the spec to enforce it"
        return super().finding(message, loc, entity, hint, fix, severity, field)


def junctions(schema: Schema) -> frozenset[str]:
    """Entities that are the `via` of an N:M relationship."""
    return frozenset(
        r.via for r in schema.relationships if r.cardinality is Cardinality.MANY_TO_MANY and r.via
    )


def is_money(f: Field) -> bool:
    """True when a numeric field's name says it holds money (price, amount_cents, total…)."""
    return (f.type.is_numeric) and bool(MONEY_NAME.search(f.name)) and not NOT_MONEY.search(f.name)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", name) if w]


class PrimaryKeyTypeConvention(ConventionCheck):
    """A primary key's type breaks the project's primary-key practice.

    ## What it does
    With `conventions: {primary_key: uuid}` (or bigint, …), checks that every relational
    entity with a one-column primary key declares it with that type.

    ## Why is this bad?
    The project chose one key type (CLAUDE.md); a table that differs breaks joins, foreign
    key types and the API's identifiers, and reviewers miss it because each table looks fine.

    ## Example
    ```yaml
    conventions: {primary_key: uuid}
    entities:
      Order:
        fields:
          id: {type: bigint, pk: true}
    ```

    ## Use instead
    ```yaml
    conventions: {primary_key: uuid}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM601"
    name = "primary-key-type-convention"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per primary key of another type."""
        c = self.read(ctx)
        if c is None or not c.primary_key:
            return
        want = parse_type(c.primary_key)
        for e in ctx.relational:
            if len(e.primary_key) != 1:
                continue
            f = e.field(e.primary_key[0])
            if f is None or f.type.kind is want.kind:
                continue
            yield self.finding(
                f"{e.table}.{f.name} is {f.type}, but {c.quoted('primary_key', c.primary_key)} "
                f"asks for {c.primary_key} primary keys",
                f.loc if f.loc.file else e.loc,
                e.name,
                field=f.name,
                hint=f"declare it as `type: {c.primary_key}`, or change conventions.primary_key",
            )


class MissingRequiredField(ConventionCheck):
    """A table lacks a column the project requires on every table.

    ## What it does
    With `conventions: {required_fields: [created_at, updated_at]}`, checks that every
    relational entity has each of those fields.

    ## Why is this bad?
    Audit columns the project relies on (sync, caching, support) are missing from the one table
    that needs them when it matters; adding them later means a migration and a backfill.

    ## Example
    ```yaml
    conventions: {required_fields: [created_at]}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    conventions: {required_fields: [created_at]}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
          created_at: {type: timestamp(tz), nullable: false, default: now()}
    ```
    """

    code = "DM602"
    name = "missing-required-field"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per entity and missing required field."""
        c = self.read(ctx)
        if c is None or not c.required_fields:
            return
        for e in ctx.relational:
            missing = [n for n in c.required_fields if e.field(n) is None]
            if missing:
                names = ", ".join(missing)
                yield self.finding(
                    f"{e.name} has no {names}, but "
                    f"{c.quoted('required_fields', ', '.join(c.required_fields))} requires "
                    f"{'it' if len(missing) == 1 else 'them'} on every table",
                    e.loc,
                    e.name,
                    hint=f"add {names} to {e.name}",
                )


class NamingConvention(ConventionCheck):
    """A table or column name breaks the project's naming practice.

    ## What it does
    With `conventions: {naming: {case: snake, tables: plural}}`, checks that table and column
    names are in that case (snake_case or camelCase) and that table names are plural (or
    singular): the last word of the name, `order_items` -> items.

    ## Why is this bad?
    Mixed naming makes every query a guess (`orderItem` or `order_items`?) and ORMs map names
    inconsistently; the practice exists so nobody has to look it up.

    ## Example
    ```yaml
    conventions: {naming: {case: snake, tables: plural}}
    entities:
      OrderItem:
        table: orderItem
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    conventions: {naming: {case: snake, tables: plural}}
    entities:
      OrderItem:
        table: order_items
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM603"
    name = "naming-convention"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per table or column name that breaks the practice."""
        c = self.read(ctx)
        if c is None or not (c.naming_case or c.table_names):
            return
        pattern = _SNAKE if c.naming_case == "snake" else _CAMEL
        practice = c.quoted("naming", f"{c.naming_case or ''} {c.table_names or ''}".strip())
        for e in ctx.relational:
            if c.naming_case and not pattern.match(e.table):
                yield self.finding(
                    f"table {e.table} is not {c.naming_case} case ({practice})",
                    e.loc,
                    e.name,
                    hint=f"set `table:` to a {c.naming_case}-case name",
                )
            words = _words(e.table)
            if c.table_names and words:
                last = words[-1]
                wrong = is_plural(last) if c.table_names == "singular" else not is_plural(last)
                if wrong:
                    fixed = singular(last) if c.table_names == "singular" else plural(last)
                    better = e.table[: len(e.table) - len(last)] + fixed
                    yield self.finding(
                        f"table {e.table} is not {c.table_names} ({practice})",
                        e.loc,
                        e.name,
                        hint=f"`table: {better}`",
                    )
            if c.naming_case:
                for f in e.fields:
                    if not pattern.match(f.name):
                        yield self.finding(
                            f"column {e.table}.{f.name} is not {c.naming_case} case ({practice})",
                            f.loc if f.loc.file else e.loc,
                            e.name,
                            field=f.name,
                            hint=f"rename it in {c.naming_case} case",
                        )


class MoneyRepresentation(ConventionCheck):
    """A money column breaks the project's money practice.

    ## What it does
    With `conventions: {money: integer-cents}` (or a decimal such as `decimal(19,4)`), checks
    every numeric field whose name says it holds money (price, amount, total, fee, balance,
    `*_cents`, …; not rates, counts or quantities) for that representation. A float is never
    right for money.

    ## Why is this bad?
    Money in floats loses cents; money in two representations means conversions at every
    boundary and totals that differ by a rounding.

    ## Example
    ```yaml
    conventions: {money: integer-cents}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
          total: {type: "decimal(10,2)"}
    ```

    ## Use instead
    ```yaml
    conventions: {money: integer-cents}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
          total_cents: {type: bigint}
    ```
    """

    code = "DM604"
    name = "money-representation"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per money field in another representation."""
        c = self.read(ctx)
        if c is None or not c.money:
            return
        cents = c.money == MONEY_CENTS
        want = None if cents else parse_type(c.money)
        practice = c.quoted("money", c.money)
        for e in ctx.relational:
            for f in e.fields:
                if not is_money(f) or (e.fk_of(f.name) is not None):
                    continue
                if cents:
                    ok = f.type.is_integer
                    hint = f"store it as `{f.name.removesuffix('_cents')}_cents: {{type: bigint}}`"
                else:
                    ok = f.type == want
                    hint = f"`type: {c.money}`"
                if not ok:
                    yield self.finding(
                        f"{e.table}.{f.name} is {f.type}, but money is {c.money} ({practice})",
                        f.loc if f.loc.file else e.loc,
                        e.name,
                        field=f.name,
                        hint=hint,
                    )


class MissingSoftDeleteColumn(ConventionCheck):
    """A table has no soft-delete column although the project deletes softly.

    ## What it does
    With `conventions: {soft_delete: deleted_at}`, checks that every relational entity that is
    not an N:M junction has that column, nullable (NULL: not deleted).

    ## Why is this bad?
    Code that filters `deleted_at IS NULL` everywhere breaks on the one table without it, and a
    hard delete there loses the row the practice promised to keep.

    ## Example
    ```yaml
    conventions: {soft_delete: deleted_at}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    conventions: {soft_delete: deleted_at}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
          deleted_at: {type: timestamp(tz)}
    ```
    """

    code = "DM605"
    name = "missing-soft-delete-column"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per entity without (a nullable) soft-delete column."""
        c = self.read(ctx)
        if c is None or not c.soft_delete:
            return
        skip = junctions(ctx.schema)
        practice = c.quoted("soft_delete", c.soft_delete)
        for e in ctx.relational:
            if e.name in skip:
                continue
            f = e.field(c.soft_delete)
            if f is None:
                yield self.finding(
                    f"{e.name} has no {c.soft_delete} column ({practice})",
                    e.loc,
                    e.name,
                    hint=f"add `{c.soft_delete}: {{type: timestamp(tz)}}` (NULL: not deleted)",
                )
            elif not f.nullable:
                yield self.finding(
                    f"{e.table}.{f.name} is NOT NULL, so no row can be live ({practice})",
                    f.loc if f.loc.file else e.loc,
                    e.name,
                    field=f.name,
                    hint="make it nullable: NULL means not deleted",
                )


class TimestampWithoutTimeZone(ConventionCheck):
    """A timestamp without time zone in a project that stores them with one.

    ## What it does
    With `conventions: {timestamps: tz}`, checks every timestamp and time field of every entity
    for `timestamp(tz)`.

    ## Why is this bad?
    A naive timestamp is read in whatever zone the server or client has; mixing them with
    zoned ones shifts events by hours, twice a year differently.

    ## Example
    ```yaml
    conventions: {timestamps: tz}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
          placed_at: {type: timestamp}
    ```

    ## Use instead
    ```yaml
    conventions: {timestamps: tz}
    entities:
      Order:
        fields:
          id: {type: uuid, pk: true}
          placed_at: {type: timestamp(tz)}
    ```
    """

    code = "DM606"
    name = "timestamp-without-time-zone"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per timestamp field without time zone."""
        c = self.read(ctx)
        if c is None or c.timestamps != "tz":
            return
        practice = c.quoted("timestamps", "tz")
        for e in ctx.schema.entities:
            for f in e.fields:
                if f.type.kind is TypeKind.TIMESTAMP and not f.type.timezone:
                    yield self.finding(
                        f"{e.table}.{f.name} is a timestamp without time zone ({practice})",
                        f.loc if f.loc.file else e.loc,
                        e.name,
                        field=f.name,
                        hint="`type: timestamp(tz)`",
                    )


def violations(schema: Schema, entity: Entity | None = None) -> list[Finding]:
    """The DM6xx findings of `schema` (of one entity), for the checkpoint to cite."""
    found = run_checks(CheckContext(schema), select=["DM6"])
    return [f for f in found if entity is None or f.entity == entity.name]


def convention_evidence(schema: Schema) -> list[str]:
    """The checkpoint's citation of the project's practices: each one, quoted, and how it holds.

    `practice "Use UUID primary keys everywhere" (primary_key: uuid): holds` or `: 2 violation(s)
    (DM601)`. Empty when the spec states no conventions.
    """
    c = schema.conventions
    if c is None or c.empty:
        return []
    found = violations(schema)
    codes = {
        "primary_key": "DM601",
        "required_fields": "DM602",
        "naming": "DM603",
        "money": "DM604",
        "soft_delete": "DM605",
        "timestamps": "DM606",
    }
    values = {
        "primary_key": c.primary_key,
        "required_fields": ", ".join(c.required_fields),
        "naming": " ".join(x for x in (c.naming_case, c.table_names) if x),
        "money": c.money,
        "soft_delete": c.soft_delete,
        "timestamps": c.timestamps,
    }
    out = []
    for key, code in codes.items():
        if not values[key]:
            continue
        n = sum(1 for f in found if f.code == code)
        words = c.practice(key)
        name = f'practice "{words}" ({key}: {values[key]})' if words else f"{key}: {values[key]}"
        out.append(f"{name}: {'holds' if not n else f'{n} violation(s) ({code})'}")
    return out
