"""Coverage rules (DM5xx): components have entities, entities owners, nouns an entity."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.errors import Loc, did_you_mean
from pydev_workflow.inflect import noun_key, singular
from pydev_workflow.model import Entity, Schema
from pydev_workflow.project import Component, Noun


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


@dataclass(frozen=True, slots=True)
class NounCoverage:
    """One architecture noun and what covers it: an entity, a `not_entities:` entry, or nothing."""

    noun: Noun
    entity: str | None = None  # the entity that holds it
    excluded: bool = False  # listed under not_entities

    @property
    def covered(self) -> bool:
        """True when an entity holds the noun or the spec says it is not an entity."""
        return self.entity is not None or self.excluded

    def to_json(self) -> dict[str, object]:
        """Plain data for --format json and the checkpoint."""
        return {
            "noun": self.noun.text,
            "component": self.noun.component,
            "store": self.noun.store,
            "entity": self.entity,
            "not_an_entity": self.excluded,
            "location": str(self.noun.loc),
        }


def _entity_keys(e: Entity) -> set[str]:
    return {noun_key(e.name), noun_key(e.table)}


@dataclass(frozen=True)
class EntityIndex:
    """Every entity's folded keys, computed once per schema.

    Looking up many nouns then stays linear in the schema's size (a scan of every entity per
    noun was quadratic: `check` took 90 s of CPU at 5,000 entities with a noun per entity).
    """

    first: dict[str, Entity]  # folded key -> the first entity, in spec order, with that key
    keys: tuple[tuple[Entity, frozenset[str]], ...]  # spec order


def entity_index(schema: Schema) -> EntityIndex:
    """The folded keys of `schema`'s entities, for `holder`."""
    keys = tuple((e, frozenset(_entity_keys(e))) for e in schema.entities)
    first: dict[str, Entity] = {}
    for e, ks in keys:
        for k in ks:
            first.setdefault(k, e)
    return EntityIndex(first, keys)


def holder(noun: Noun, schema: Schema, index: EntityIndex | None = None) -> Entity | None:
    """The entity that holds `noun`, or None.

    Same name or table (singular/plural and case folded), or, in the noun's component, an
    entity whose name ends with it (`lines` -> InvoiceLine) or whose description names it
    (`images` -> "An image uploaded for a post"). `index`: entity_index(schema), when many
    nouns are looked up.
    """
    key = noun_key(noun.text)
    if not key:
        return None
    index = index if index is not None else entity_index(schema)
    found = index.first.get(key)
    if found is not None:
        return found
    comp = (noun.component or "").lower()
    words = noun.text.split()
    phrase = " ".join([*words[:-1], singular(words[-1])]) if words else ""
    named = re.compile(rf"\b{re.escape(phrase)}(?:e?s)?\b", re.I) if phrase else None
    for e, keys in index.keys:
        if comp and (e.component or "").lower() != comp:
            continue
        if len(key) >= 4 and any(k.endswith(key) for k in keys):
            return e
        if named is not None and named.search(e.description):
            return e
    return None


def spec_nouns(schema: Schema) -> tuple[Noun, ...]:
    """The nouns the spec itself gives per component (`components: [{Billing: [refunds]}]`)."""
    return tuple(
        Noun(text.lower(), comp, schema.loc)
        for comp, texts in schema.component_nouns
        for text in texts
    )


def noun_coverage(schema: Schema, components: Sequence[Component]) -> tuple[NounCoverage, ...]:
    """Every architecture noun (ARCHITECTURE.md and the spec) and the entity that covers it.

    The checkpoint's first question answers from this: `[c for c in result if not c.covered]`
    are the things the architecture names that the model lacks.
    """
    excluded = {noun_key(n) for n in schema.not_entities}
    index = entity_index(schema)
    out: list[NounCoverage] = []
    seen: set[tuple[str, str]] = set()
    for noun in (*(n for c in components for n in c.nouns), *spec_nouns(schema)):
        key = noun_key(noun.text)
        ident = ((noun.component or "").lower(), key)
        if not key or ident in seen:
            continue
        seen.add(ident)
        e = holder(noun, schema, index)
        out.append(NounCoverage(noun, e.name if e else None, key in excluded))
    return tuple(out)


def _suggested_name(text: str) -> str:
    words = text.split()
    words[-1] = singular(words[-1])
    return "".join(w[:1].upper() + w[1:] for w in words)


class ArchitectureNounWithoutEntity(Check):
    """A thing the architecture names has no entity.

    ## What it does
    Reads the nouns of each component in ARCHITECTURE.md (the components table's
    Responsibilities / Owns / Data columns, the bullets under a component heading, and notes
    such as "Redis (sessions, rate limits)") and of the spec's `components: [{Billing: [..]}]`,
    and looks for an entity holding each: same name or table with case and plural folded, or in
    the same component an entity whose name ends with it or whose description names it.

    ## Why is this bad?
    Step 02 said the component keeps these things; a model without them answers the
    checkpoint's "are all necessary entities captured?" with no. When a noun is not data
    (an activity, a value inside another entity), say so under `not_entities:`.

    ## Example
    ```yaml
    components:
      - Billing: [invoices, refunds]
    entities:
      Invoice:
        component: Billing
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    components:
      - Billing: [invoices, refunds]
    not_entities: [refunds]   # a refund is a negative invoice line here
    entities:
      Invoice:
        component: Billing
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM504"
    name = "architecture-noun-without-entity"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per architecture noun that no entity holds."""
        for c in noun_coverage(ctx.schema, ctx.components):
            if c.covered:
                continue
            n = c.noun
            where = f"under {n.component}" if n.component else f"in {n.store}"
            kept = f" (kept in {n.store})" if n.store and n.component else ""
            suggestion = _suggested_name(n.text)
            comp = f" with `component: {n.component}`" if n.component else ""
            yield self.finding(
                f'the architecture names "{n.text}" {where}{kept} but no entity holds it',
                n.loc if n.loc.file else ctx.schema.loc,
                None,
                hint=f"add an entity such as {suggestion}{comp}, or list it under "
                f"`not_entities:` in the spec",
            )


def coverage_evidence(schema: Schema, components: Sequence[Component]) -> list[str]:
    """Checkpoint question 1's evidence from the architecture's nouns, one line per component.

    `Billing: invoices → Invoice, refunds → missing`; things listed under `not_entities`
    read `checkout (not an entity)`. Empty when the architecture names no nouns.
    """
    by_comp: dict[str, list[str]] = {}
    for c in noun_coverage(schema, components):
        key = c.noun.component or (f"{c.noun.store} (overview)" if c.noun.store else "(overview)")
        if c.entity:
            text = f"{c.noun.text} → {c.entity}"
        elif c.excluded:
            text = f"{c.noun.text} (not an entity)"
        else:
            text = f"{c.noun.text} → missing"
        by_comp.setdefault(key, []).append(text)
    return [f"{comp}: {', '.join(items)}" for comp, items in by_comp.items()]
