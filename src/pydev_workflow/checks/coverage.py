"""Coverage rules (DM5xx): every ARCHITECTURE.md component has entities, every entity an owner."""

from __future__ import annotations

from collections.abc import Iterator

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.errors import Loc, did_you_mean


def known_components(ctx: CheckContext) -> dict[str, tuple[str, Loc]]:
    """Lower-case name -> (name, loc) of components from ARCHITECTURE.md and the spec."""
    known: dict[str, tuple[str, Loc]] = {}
    for c in ctx.components:
        # a component built without a location points at the spec instead of nowhere
        known.setdefault(c.name.lower(), (c.name, c.loc if c.loc.file else ctx.schema.loc))
    for name in ctx.schema.components:
        known.setdefault(name.lower(), (name, ctx.schema.loc))
    return known


class ComponentWithoutEntity(Check):
    """An architecture component owns no entity.

    ## What it does
    Compares the components of ARCHITECTURE.md (step 02) and the spec's `components:` with the
    `component:` of every entity (case-insensitively).

    ## Why is this bad?
    Either the component keeps no data (then say so in ARCHITECTURE.md), or its entities are
    missing from the model: the seed's first checkpoint question, "are all necessary entities
    captured?", answers no.

    ## Example
    ```yaml
    components: [Accounts, Billing]
    entities:
      User:
        component: Accounts
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    components: [Accounts, Billing]
    entities:
      User:
        component: Accounts
        fields:
          id: {type: uuid, pk: true}
      Invoice:
        component: Billing
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM501"
    name = "component-without-entity"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per component without entities."""
        owned = {e.component.lower() for e in ctx.schema.entities if e.component}
        for key, (name, loc) in known_components(ctx).items():
            if key not in owned:
                yield self.finding(
                    f"component {name} has no entity",
                    loc,
                    None,
                    hint=f"add its entities with `component: {name}`, or note in "
                    "ARCHITECTURE.md that it stores nothing",
                )


class UnknownComponent(Check):
    """An entity names a component that the architecture does not have.

    ## What it does
    When components are known (ARCHITECTURE.md or the spec's `components:`), checks that every
    entity's `component:` is one of them, with a did-you-mean for typos.

    ## Why is this bad?
    The Data Models section groups entities by component; a misspelt or invented component
    breaks the link between step 02's architecture and the data model.

    ## Example
    ```yaml
    components: [Accounts]
    entities:
      User:
        component: Acounts
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    components: [Accounts]
    entities:
      User:
        component: Accounts
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM502"
    name = "unknown-component"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per entity with an unknown component."""
        known = known_components(ctx)
        if not known:
            return
        names = [name for name, _ in known.values()]
        for e in ctx.schema.entities:
            if e.component and e.component.lower() not in known:
                hint = did_you_mean(e.component, names) or "known: " + ", ".join(names)
                yield self.finding(
                    f"{e.name} names unknown component {e.component}",
                    e.loc,
                    e.name,
                    hint=hint,
                )


class EntityWithoutComponent(Check):
    """An entity has no owning component.

    ## What it does
    Lists entities without `component:`.

    ## Why is this bad?
    Every entity should belong to exactly one component of the architecture, so that ownership
    of its data (who writes it, who migrates it) is clear.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        component: Accounts
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM503"
    name = "entity-without-component"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per entity without a component."""
        for e in ctx.schema.entities:
            if not e.component:
                yield self.finding(
                    f"{e.name} has no component",
                    e.loc,
                    e.name,
                    hint="add `component: <ARCHITECTURE.md component>`",
                )
