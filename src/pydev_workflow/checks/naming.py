"""Naming rules (DM2xx): reserved words, identifier length limits and case-insensitive clashes."""

from __future__ import annotations

from collections.abc import Iterator

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.ddlnames import fk_constraint_name as fk_constraint_name  # old import path
from pydev_workflow.dialects import get_dialect
from pydev_workflow.errors import Loc
from pydev_workflow.model import Entity


def _identifiers(e: Entity) -> Iterator[tuple[str, str, Loc]]:
    """(what, identifier, loc) of every SQL name an entity produces."""
    yield "table", e.table, e.loc
    for f in e.fields:
        yield "column", f.name, f.loc
    for ix in e.indexes:
        yield "index", ix.name, ix.loc
    for fk in e.foreign_keys:
        yield "constraint", fk.name or fk_constraint_name(e, fk.fields), fk.loc
    for u in e.uniques:
        if u.name:
            yield "constraint", u.name, u.loc
    for c in e.checks:
        if c.name:
            yield "constraint", c.name, c.loc


class ReservedWordIdentifier(Check):
    """A table or column name is a reserved word in a target dialect.

    ## What it does
    Looks up every table and column name of the relational entities in the reserved-word list of
    each target dialect (`--dialect`, default the spec's `dialect:`), as SQLAlchemy knows them.

    ## Why is this bad?
    Generated DDL quotes such names, but every hand-written query, report and migration must
    quote them too (`"user"`, `` `order` ``); forgetting it is a syntax error on one engine only.

    ## Example
    ```yaml
    entities:
      Order:
        table: order
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    entities:
      Order:
        table: orders
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM201"
    name = "reserved-word-identifier"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per reserved identifier, naming the dialects concerned."""
        dialects = [get_dialect(d) for d in ctx.dialects]
        for e in ctx.relational:
            names = [("table", e.table, e.loc)] + [("column", f.name, f.loc) for f in e.fields]
            for what, ident, loc in names:
                hits = [d.name for d in dialects if d.is_reserved(ident)]
                if hits:
                    where = f"{e.table}.{ident}" if what == "column" else ident
                    yield self.finding(
                        f"{what} {where} is a reserved word in {', '.join(hits)}",
                        loc,
                        e.name,
                        hint="rename it, e.g. a plural table name or a prefixed column",
                        field=ident if what == "column" else None,
                    )


class IdentifierTooLong(Check):
    """An identifier is longer than a target dialect allows.

    ## What it does
    Measures the table, column, index and constraint names the spec gives against the
    identifier limit of each target dialect: PostgreSQL 63 bytes, MySQL and MariaDB 64
    characters. A name the tool makes up (`fk_<table>_<field>`, `idx_<table>_<fields>` where
    the spec gives none) is cut to 63 bytes and ends with a hash of the whole name instead.

    ## Why is this bad?
    MySQL and MariaDB reject the statement; PostgreSQL silently truncates the name, so two long
    index names can collide and migrations refer to names that do not exist.

    ## Example
    ```yaml
    entities:
      Subscription:
        table: subscriptions
        fields:
          id: {type: uuid, pk: true}
          billing_provider_customer_reference_identifier_for_reconciliation: {type: string(100)}
    ```

    ## Use instead
    ```yaml
    entities:
      Subscription:
        table: subscriptions
        fields:
          id: {type: uuid, pk: true}
          provider_customer_ref: {type: string(100)}
    ```
    """

    code = "DM202"
    name = "identifier-too-long"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per identifier over the limit."""
        limits = sorted(
            (d.max_identifier_length, d.limits.identifier_bytes, d.name)
            for d in (get_dialect(n) for n in ctx.dialects)
            if d.max_identifier_length
        )
        if not limits:
            return
        for e in ctx.relational:
            for what, ident, loc in _identifiers(e):
                # PostgreSQL counts bytes (NAMEDATALEN), MySQL characters: a name of accented
                # letters can fit one and not the other
                for limit, in_bytes, dialect in limits:
                    size = len(ident.encode("utf-8")) if in_bytes else len(ident)
                    if size > limit:
                        unit = "bytes" if in_bytes else "characters"
                        yield self.finding(
                            f"{what} name {ident} is {size} {unit}; {dialect} allows {limit}",
                            loc,
                            e.name,
                            hint=f"shorten it to at most {limit} {unit}",
                            field=ident if what == "column" else None,
                        )
                        break


class CaseInsensitiveNameCollision(Check):
    """Two names differ only in letter case.

    ## What it does
    Finds tables (per database schema), fields of one entity, and indexes (per database schema)
    whose names are equal when compared case-insensitively.

    ## Why is this bad?
    MySQL on Windows and macOS folds table names, PostgreSQL folds unquoted names to lower case,
    and column names are case-insensitive everywhere: `Users` and `users` are one table to some
    engines and two to others.

    ## Example
    ```yaml
    entities:
      User:
        table: Users
        fields:
          id: {type: uuid, pk: true}
      LegacyUser:
        table: users
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        table: users
        fields:
          id: {type: uuid, pk: true}
      LegacyUser:
        table: legacy_users
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM203"
    name = "case-insensitive-name-collision"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per name that collides with an earlier one."""
        tables: dict[tuple[str, str], Entity] = {}
        indexes: dict[tuple[str, str], str] = {}
        for e in ctx.relational:
            ns = (e.schema or "").lower()
            key = (ns, e.table.lower())
            other = tables.setdefault(key, e)
            if other is not e:
                yield self.finding(
                    f"table {e.table} of {e.name} collides with table {other.table} of "
                    f"{other.name} (case-insensitive)",
                    e.loc,
                    e.name,
                    hint="give one of them a different table name",
                )
            seen: dict[str, str] = {}
            for f in e.fields:
                first = seen.setdefault(f.name.lower(), f.name)
                if first != f.name:
                    yield self.finding(
                        f"field {e.name}.{f.name} collides with {e.name}.{first} "
                        "(case-insensitive)",
                        f.loc,
                        e.name,
                        hint="rename one of them",
                        field=f.name,
                    )
            for ix in e.indexes:
                first = indexes.setdefault((ns, ix.name.lower()), ix.name)
                if first != ix.name:
                    yield self.finding(
                        f"index {ix.name} collides with index {first} (case-insensitive)",
                        ix.loc,
                        e.name,
                        hint="index names share one namespace per database schema",
                    )
