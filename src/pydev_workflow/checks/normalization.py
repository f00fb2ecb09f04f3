"""Normalization rules (DM4xx): repeating groups, copied attributes, id lists, unstated choices."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.model import (
    Entity,
    Field,
    NormalizationLevel,
    Schema,
    TypeKind,
    snake_case,
)

_NUMBERED = re.compile(r"^(?P<stem>[a-z][a-z0-9_]*?[a-z])_?(?P<n>\d+)$", re.I)
_LIST_KINDS = {TypeKind.STRING, TypeKind.TEXT, TypeKind.ARRAY, TypeKind.JSON, TypeKind.CHAR}
_ID_ITEM_KINDS = {TypeKind.UUID, TypeKind.INTEGER, TypeKind.BIGINT}


class _Decisions:
    """The words of every recorded decision, to see whether a field's design was decided."""

    def __init__(self, schema: Schema):
        self.schema = schema

    @cached_property
    def words(self) -> frozenset[str]:
        text = " ".join(f"{d.decision} {d.rationale}" for d in self.schema.decisions).lower()
        return frozenset(re.findall(r"[a-z0-9_]+", text))

    def recorded(self, e: Entity, f: Field) -> bool:
        """True if `e` is declared denormalized or a decision mentions the field."""
        if e.normalization is not None and e.normalization.level is NormalizationLevel.DENORMALIZED:
            return True
        return f.name.lower() in self.words


class RepeatingGroup(Check):
    """Numbered fields that hold a list: phone1, phone2, phone3 (a repeating group).

    ## What it does
    Finds two or more fields of an entity with the same stem and consecutive numbers
    (`phone1`/`phone2`, `address_line_1`/`address_line_2`), the classic violation of first
    normal form.

    ## Why is this bad?
    The count is frozen into the schema: a fourth phone needs a migration, queries must test
    every column (`WHERE phone1 = ? OR phone2 = ? …`), and empty slots are NULLs.

    ## Example
    ```yaml
    entities:
      Customer:
        fields:
          id: {type: uuid, pk: true}
          phone1: {type: string(30)}
          phone2: {type: string(30)}
    ```

    ## Use instead
    ```yaml
    entities:
      Customer:
        fields:
          id: {type: uuid, pk: true}
      CustomerPhone:
        fields:
          id: {type: uuid, pk: true}
          customer_id: {type: uuid, references: Customer.id, on_delete: cascade}
          phone: {type: string(30)}
    relationships:
      - {from: Customer, to: CustomerPhone, type: "1:N", label: has}
    ```
    """

    code = "DM401"
    name = "repeating-group"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per group of numbered fields."""
        for e in ctx.schema.entities:
            groups: dict[str, list[tuple[int, Field]]] = {}
            for f in e.fields:
                m = _NUMBERED.match(f.name)
                if m:
                    groups.setdefault(m["stem"].lower(), []).append((int(m["n"]), f))
            for stem, members in groups.items():
                numbers = sorted(n for n, _ in members)
                consecutive = all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False))
                # ipv4/ipv6 or sha1/sha256 are names, not slots: demand 1, 2, … (or 0, 1, …)
                if len(members) < 2 or not consecutive or numbers[0] > 2:
                    continue
                names = ", ".join(f.name for _, f in members)
                first = min(members, key=lambda m: m[1].loc.line)[1]
                yield self.finding(
                    f"{e.name} has a repeating group {names}",
                    first.loc,
                    e.name,
                    hint=f"move {stem} into its own entity with a foreign key to {e.name}",
                )


class CopiedParentAttribute(Check):
    """A field copies an attribute of the entity its foreign key references.

    ## What it does
    For each foreign key, looks for fields of the child named like a parent field with the
    parent's prefix (`author_name`, `user_email` next to `user_id`) or exactly like a unique
    parent field (`email`), of the same type. Entities declared `normalization: {level:
    denormalized}` and fields named in a decision are exempt.

    ## Why is this bad?
    The copy goes stale when the parent changes (update anomaly). If the copy is deliberate
    (e.g. a price at the time of the order), say so: it is a decision someone will ask about.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
          email: {type: string(255), unique: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
          user_email: {type: string(255)}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
          email: {type: string(255), unique: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
    ```
    """

    code = "DM402"
    name = "copied-parent-attribute"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per copied attribute without a recorded decision."""
        schema = ctx.schema
        decisions = _Decisions(schema)
        for e in schema.entities:
            fk_fields = {n for fk in e.foreign_keys for n in fk.fields}
            reported: set[str] = set()
            for fk in e.foreign_keys:
                parent = schema.entity(fk.ref_entity)
                if parent is None or parent is e:
                    continue
                prefixes = {snake_case(parent.name), parent.table}
                if len(fk.fields) == 1 and fk.fields[0].endswith("_id"):
                    prefixes.add(fk.fields[0][: -len("_id")])
                for f in e.fields:
                    if f.name in fk_fields or f.name in reported or e.is_pk(f.name):
                        continue
                    source = self._source(parent, f, prefixes)
                    if source is None or decisions.recorded(e, f):
                        continue
                    reported.add(f.name)
                    yield self.finding(
                        f"{e.name}.{f.name} copies {parent.name}.{source.name} "
                        "without a recorded denormalization decision",
                        f.loc,
                        e.name,
                        hint=f"join {parent.name} through {', '.join(fk.fields)}, or record why "
                        f"in decisions (or set {e.name} normalization level: denormalized)",
                        field=f.name,
                    )

    @staticmethod
    def _source(parent: Entity, f: Field, prefixes: set[str]) -> Field | None:
        candidates: list[Field] = []
        for prefix in prefixes:
            if f.name.startswith(prefix + "_"):
                pf = parent.field(f.name[len(prefix) + 1 :])
                if pf is not None:
                    candidates.append(pf)
        same = parent.field(f.name)
        if same is not None and same.unique:
            candidates.append(same)
        for pf in candidates:
            if not parent.is_pk(pf.name) and pf.type.kind is f.type.kind:
                return pf
        return None


class IdListField(Check):
    """A list of ids stored in one text, array or JSON field instead of a relation.

    ## What it does
    Finds fields named like `tag_ids`, `*_ids` or `*_list` whose type is string, text, array or
    json, and arrays of uuid/integer ids. Entities declared denormalized and fields named in a
    decision are exempt.

    ## Why is this bad?
    The database cannot enforce that the ids exist (no foreign key), cannot index "which rows
    contain id X" cheaply (except with a GIN index), and removing one id rewrites the whole value.

    ## Example
    ```yaml
    entities:
      Tag:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          tag_ids: {type: text}
    ```

    ## Use instead
    ```yaml
    entities:
      Tag:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
      PostTag:
        fields:
          post_id: {type: uuid, pk: true, references: Post.id, on_delete: cascade}
          tag_id: {type: uuid, pk: true, references: Tag.id, on_delete: cascade}
    relationships:
      - {from: Post, to: Tag, type: "N:M", label: tagged_with, via: PostTag}
    ```
    """

    code = "DM403"
    name = "id-list-field"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per id-list field."""
        decisions = _Decisions(ctx.schema)
        for e in ctx.schema.entities:
            for f in e.fields:
                t = f.type
                name = f.name.lower()
                by_name = (
                    name == "ids" or name.endswith("_ids") or name.endswith("_list")
                ) and t.kind in _LIST_KINDS
                by_type = (
                    t.kind is TypeKind.ARRAY and t.item is not None and t.item.kind is TypeKind.UUID
                ) or (
                    t.kind is TypeKind.ARRAY
                    and t.item is not None
                    and t.item.kind in _ID_ITEM_KINDS
                    and name.endswith("_ids")
                )
                if not (by_name or by_type) or decisions.recorded(e, f):
                    continue
                yield self.finding(
                    f"{e.name}.{f.name} stores a list of ids in one {t} field",
                    f.loc,
                    e.name,
                    hint="model it as a relationship (a junction entity for N:M), or record "
                    "the denormalization in decisions",
                    field=f.name,
                )


class MissingNormalizationChoice(Check):
    """An entity does not state its normalization choice.

    ## What it does
    Lists entities without `normalization: {level: normalized|denormalized, rationale: …}`.

    ## Why is this bad?
    The seed asks for the normalization decision per entity; without it readers cannot tell a
    deliberate copy from an accident, and the certainty score counts it as undecided.

    ## Example
    ```yaml
    entities:
      Tag:
        fields:
          id: {type: uuid, pk: true}
    ```

    ## Use instead
    ```yaml
    entities:
      Tag:
        normalization: {level: normalized, rationale: names live once}
        fields:
          id: {type: uuid, pk: true}
    ```
    """

    code = "DM404"
    name = "missing-normalization-choice"
    severity = Severity.INFO

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per entity without a normalization choice."""
        for e in ctx.schema.entities:
            if e.normalization is None:
                yield self.finding(
                    f"{e.name} states no normalization choice",
                    e.loc,
                    e.name,
                    hint="add `normalization: {level: normalized, rationale: …}`",
                )
