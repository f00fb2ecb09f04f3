"""Relationships in words: ERD labels and the sentences of the Relationships tables.

Shared by the Mermaid and Markdown renderers; pure functions of the model.
"""

from __future__ import annotations

import re

from pydev_workflow.inflect import plural
from pydev_workflow.inflect import singular as one
from pydev_workflow.model import (
    Cardinality,
    ForeignKey,
    Relationship,
    Schema,
    StorageKind,
    snake_case,
)

#: What a foreign key's role says the parent does: `shops.owner_id` -> a User owns many Shops.
ROLE_VERBS = {
    "owner": "owns",
    "author": "writes",
    "creator": "created",
    "created_by": "created",
    "sender": "sent",
    "recipient": "received",
    "buyer": "bought",
    "seller": "sells",
    "customer": "places",
    "assignee": "is assigned",
    "reviewer": "reviews",
    "uploader": "uploaded",
}


def singular(word: str) -> str:
    """`categories` -> `category` (inflect.singular)."""
    return one(word)


def plural_name(name: str) -> str:
    """`Category` -> `Categories`, `Address` -> `Addresses`, `Person` -> `People`."""
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name) or [name]
    last = words[-1]
    more = plural(last.lower())
    if last[:1].isupper():
        more = more[:1].upper() + more[1:]
    return name[: len(name) - len(last)] + more


def _article(word: str) -> str:
    w = word.lower()
    if w.startswith(("uni", "use", "usa", "usu", "ura", "uti", "ubi", "eu")):
        return "a"  # a User, a Unit, a Usage record; an Upload, an Update
    return "an" if w[:1] in "aeiou" else "a"


def _mechanical(schema: Schema, r: Relationship, fk: ForeignKey | None) -> bool:
    """True when a label is column or table names, not words: `owner_id`, `products_categories`."""
    label = r.label.strip().lower()
    if not label:
        return True
    if fk is not None and label in ("_".join(fk.fields).lower(), ", ".join(fk.fields).lower()):
        return True
    if label.endswith("_id") or label.endswith(" id"):
        return True
    if r.cardinality is Cardinality.MANY_TO_MANY:
        via = schema.entity(r.via) if r.via else None
        names = {snake_case(r.left), snake_case(r.right)}
        names |= {e.table for e in (schema.entity(r.left), schema.entity(r.right)) if e}
        joined = label.replace(" ", "_")
        if via is not None and joined in (via.table.lower(), snake_case(via.name)):
            return True
        if sum(1 for n in names if n and n in joined) >= 2:
            return True
    return False


def role_verb(schema: Schema, r: Relationship, fk: ForeignKey | None) -> str:
    """What the parent does, from the FK column's role: owner_id -> owns, user_id -> has."""
    if fk is None or len(fk.fields) != 1:
        return "has"
    parent = schema.entity(r.left)
    role = re.sub(r"_?id$", "", fk.fields[0].lower())
    same = {snake_case(r.left), parent.table if parent else "", ""}
    if role in same or (parent is not None and role == singular(parent.table)):
        return "has"
    return ROLE_VERBS.get(role, f"is the {role.replace('_', ' ')} of")


def erd_label(schema: Schema, r: Relationship, fk: ForeignKey | None) -> str:
    """The ERD label of `r`: its own words, else a phrase (`owns`, `via products_categories`)."""
    if r.cardinality is Cardinality.MANY_TO_MANY:
        if r.label and not _mechanical(schema, r, None):
            return r.label
        via = schema.entity(r.via) if r.via else None
        return f"via {via.table if via else r.via}" if r.via else (r.label or "has")
    if r.label and not _mechanical(schema, r, fk):
        return r.label
    return role_verb(schema, r, fk)


def relationship_sentence(schema: Schema, r: Relationship) -> str:
    """A relationship as a reviewer would write it, from its label or its foreign key.

    `a User creates many Posts (posts.user_id)`, `a User owns many Shops (shops.owner_id)`
    (the FK column's role when the label is only the column's name), `Posts tagged with Tags,
    many-to-many through post_tags`, `Products and Categories, many-to-many through
    products_categories`.
    """
    if r.cardinality is Cardinality.MANY_TO_MANY:
        via = schema.entity(r.via) if r.via else None
        through = f", many-to-many through {via.table if via else r.via}" if r.via else ""
        left, right = plural_name(r.left), plural_name(r.right)
        if _mechanical(schema, r, None):
            return f"{left} and {right}{through}" if through else f"{left} ↔ {right}"
        verb = _verb(r.label)
        return f"{_article(r.left)} {r.left} {verb} many {right}{through}"
    fk = schema.relationship_fk(r)
    child = schema.entity(r.right)
    where = ""
    if fk is not None and child is not None and child.storage_kind is StorageKind.RELATIONAL:
        where = f" ({child.table}.{', '.join(fk.fields)})"  # the column that realises it
    if not _mechanical(schema, r, fk):
        words = r.label.replace("_", " ").split()
        if words and singular(words[-1].lower()) == snake_case(r.right).replace("_", " "):
            words = words[:-1] or ["has"]  # houses_customer: an Address houses many Customers
        first = words[0] if words else ""
        if len(words) > 1 and words[-1] in _CHILD_SIDE and not first.endswith(("s", "ed")):
            # spoken_in reads from the child: many Films are spoken in a Language
            rest = " ".join(words)
            if r.cardinality is Cardinality.ONE_TO_ONE:
                return f"one {r.right} is {rest} {_article(r.left)} {r.left}{where}"
            return f"many {plural_name(r.right)} are {rest} {_article(r.left)} {r.left}{where}"
        verb = _verb("_".join(words))
    else:
        verb = role_verb(schema, r, fk)
    subject = f"{_article(r.left)} {r.left}"
    if r.cardinality is Cardinality.ONE_TO_ONE:
        if verb.startswith("has ") and verb != "has one":  # has_profile: has one profile, a …
            return f"{subject} has one {verb[4:]}, {_article(r.right)} {r.right}{where}"
        return f"{subject} {verb} one {r.right}{where}"
    return f"{subject} {verb} many {plural_name(r.right)}{where}"


_CHILD_SIDE = frozenset(("in", "of", "to", "from", "at", "on", "for"))
_PARTICIPLES = frozenset("sold made written held kept built bought paid sent known shown".split())


def _verb(label: str) -> str:
    """A label as a verb phrase: `tagged_with` -> `is tagged with`, `creates` stays."""
    words = label.replace("_", " ").split()
    if len(words) > 1 and (words[0].endswith("ed") or words[0] in _PARTICIPLES):
        words.insert(0, "is")  # a Post is tagged with many Tags
    return " ".join(words)


__all__ = [
    "ROLE_VERBS",
    "erd_label",
    "plural_name",
    "relationship_sentence",
    "role_verb",
    "singular",
]
