"""`init`: a first data-models.yaml: a stub entity per thing ARCHITECTURE.md's components name.

Phase 1 from the architecture: each noun of a component's text (workflow/architecture.py)
becomes a stub under that component (one generic stub for a component that names none).
Phase 3: a noun the architecture keeps in a store ("Redis (sessions)") gets that store as its
storage, recorded as an assumption in `decisions:`. The conventions CLAUDE.md's practices
state (workflow/preflight.py) become the `conventions:` block and shape every stub.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from pydev_workflow.inflect import noun_key, singular
from pydev_workflow.model.conventions import Conventions
from pydev_workflow.project import Component, Noun
from pydev_workflow.workflow.architecture import store_kind

DISCOVERY_QUESTIONS = (
    "What objects does the system manage?",
    "What state needs to persist?",
    "What are the core domain concepts?",
)


def _entity_name(noun: str) -> str:
    """`credit notes` -> CreditNote, `addresses` -> Address (the last word made singular)."""
    words = re.findall(r"[A-Za-z0-9]+", noun)
    if not words:
        return "Entity"
    words[-1] = singular(words[-1])
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return "E" + name if name[0].isdigit() else name


def _pascal(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Entity"
    if name[0].isdigit():
        name = "E" + name
    # a component is usually plural or an activity; its first entity is singular
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss") and len(name) > 3:
        return name[:-1]
    return name


def _q(text: str) -> str:
    """A YAML-safe scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def stub_spec(
    project: str, components: Sequence[Component], conventions: Conventions | None = None
) -> str:
    """The text of a new spec: the discovery questions, the conventions, a stub per noun."""
    lines = [
        "# data-models.yaml: step 03 (Data Models) of the pydev workflow.",
        "#",
        "# Entity Discovery Questions; answer them by adding entities below:",
        *(f"#   - {q}" for q in DISCOVERY_QUESTIONS),
        "#",
        "# For each entity decide: fields and types, relationships (1:1, 1:N, N:M), storage",
        "# (relational, document, key-value, file), normalization, indexes, partitioning.",
        "# Then list the query patterns, the migration strategy and your decisions.",
        "# Format: docs/spec.md. Editor validation: `pydev-workflow data-models schema`.",
        "# Check it: `pydev-workflow data-models check`.",
        "# Do the step: `pydev-workflow data-models run`.",
        "version: 1",
        f"project: {_q(project)}",
        "dialect: postgresql",
        "# storage: {kind: relational, engine: PostgreSQL}   # the default storage of every entity",
        "",
        *_conventions_lines(conventions),
        "# Things ARCHITECTURE.md names that are not entities (activities, values kept inside",
        "# another entity): list them here and `check` stops asking for them (DM504).",
        "not_entities: []",
        "",
        "entities:",
    ]
    used: set[str] = set()
    assumed: list[tuple[str, Noun, str, str]] = []  # entity, noun, kind, engine
    stubs = list(components) or [Component("Core")]
    seen_nouns: set[str] = set()
    for comp in stubs:
        nouns = []
        for noun in comp.nouns:
            key = noun_key(noun.text)
            if key and key not in seen_nouns:
                seen_nouns.add(key)
                nouns.append(noun)
        mine = [n for n in nouns if n.component == comp.name]
        if mine:
            where = f" ({mine[0].loc})" if mine[0].loc.file else ""
            texts = ", ".join(f'"{n.text}"' for n in mine)
            lines += [
                f"  # Component {comp.name}{where} names {texts}: each is a candidate entity.",
                "  # Fill it in, or delete it and list the noun under not_entities.",
            ]
        elif components:
            lines.append(
                f"  # Component {comp.name}: which entities does it need? "
                "Rename and copy this stub."
            )
        todo: list[Noun | None] = [*mine] if mine else ([] if nouns else [None])
        for maybe in todo:
            name = _unique(_entity_name(maybe.text) if maybe else _pascal(comp.name), used)
            lines += _stub(name, comp.name if components else None, maybe, conventions, assumed)
        for noun in (n for n in nouns if n.component is None):
            lines.append(
                f'  # {noun.store} keeps "{noun.text}" ({noun.loc}): which component owns it?'
            )
            name = _unique(_entity_name(noun.text), used)
            lines += _stub(name, None, noun, conventions, assumed)
    lines += [
        'relationships: []   # - {from: User, to: Post, type: "1:N", label: creates}',
        "",
        "query_patterns: []  # - {name: Get post by ID, entity: Post, filter: [id], "
        "frequency: high}",
        "",
        "migration:",
        '  tool: ""             # alembic, prisma migrate, …',
        '  versioning: ""       # sequential, timestamp',
        '  rollback: ""         # how a bad migration is undone',
        '  data_migrations: ""  # how data is moved',
        "",
        *_decisions_lines(assumed),
    ]
    return "\n".join(lines) + "\n"


def _unique(name: str, used: set[str]) -> str:
    base, n = name, 2
    while name.lower() in used:
        name, n = f"{base}{n}", n + 1
    used.add(name.lower())
    return name


def _conventions_lines(c: Conventions | None) -> list[str]:
    """The `conventions:` block proposed from CLAUDE.md, each practice quoted."""
    if c is None or c.empty:
        return [
            "# The project's practices, checked on every entity (DM6xx), e.g.:",
            "# conventions: {primary_key: uuid, required_fields: [created_at, updated_at]}",
            "",
        ]
    lines = ["# The project's practices, read from CLAUDE.md; `check` holds every entity to them."]
    lines.append("conventions:")
    if c.primary_key:
        lines.append(f"  primary_key: {c.primary_key}")
    if c.required_fields:
        lines.append(f"  required_fields: [{', '.join(c.required_fields)}]")
    naming = ", ".join(
        f"{k}: {v}" for k, v in (("case", c.naming_case), ("tables", c.table_names)) if v
    )
    if naming:
        lines.append(f"  naming: {{{naming}}}")
    if c.money:
        lines.append(f"  money: {_q(c.money)}")
    if c.soft_delete:
        lines.append(f"  soft_delete: {c.soft_delete}")
    if c.timestamps:
        lines.append(f"  timestamps: {c.timestamps}")
    if c.practices:
        lines.append("  practices:               # the words `check` quotes")
        lines += [f"    {k}: {_q(text)}" for k, text in c.practices]
    return [*lines, ""]


def _pk_line(c: Conventions | None) -> str:
    pk = (c.primary_key if c else None) or "uuid"
    if pk == "uuid":
        return (
            "      id: {type: uuid, pk: true, default: gen_random_uuid(), "
            "description: unique identifier}"
        )
    if pk in ("bigint", "integer", "smallint"):
        return f"      id: {{type: {pk}, pk: true, identity: true, description: unique identifier}}"
    return f"      id: {{type: {_q(pk)}, pk: true, description: unique identifier}}"


def _stub(
    name: str,
    component: str | None,
    noun: Noun | None,
    c: Conventions | None,
    assumed: list[tuple[str, Noun, str, str]],
) -> list[str]:
    """One stub entity; a noun kept in a store gets that store's storage, as an assumption."""
    storage = "    # storage: relational         # relational | document | key-value | file"
    known = store_kind(noun.store) if noun is not None and noun.store else None
    if noun is not None and known is not None:
        engine, kind = known
        storage = (
            f"    storage: {{kind: {kind.value}, engine: {_q(engine)}}}   "
            f"# assumed: {noun.store_loc or noun.loc} keeps {noun.text} in {noun.store}"
        )
        assumed.append((name, noun, kind.value, engine))
    required = list(c.required_fields) if c and c.required_fields else ["created_at", "updated_at"]
    if c and c.soft_delete and c.soft_delete not in required:
        required.append(c.soft_delete)
    fields = [_pk_line(c)]
    for f in required:
        if f == "created_at":
            fields.append(
                "      created_at: {type: timestamp(tz), nullable: false, default: now(), "
                "description: creation time}"
            )
        elif f == "updated_at":
            fields.append("      updated_at: {type: timestamp(tz), description: last modification}")
        elif c and f == c.soft_delete:
            fields.append(
                f"      {f}: {{type: timestamp(tz), description: deletion time (null while live)}}"
            )
        elif f.endswith(("_at", "_on")):
            fields.append(f"      {f}: {{type: timestamp(tz)}}")
        else:
            fields.append(f"      {f}: {{type: text}}")
    what = f"the {noun.text} of ARCHITECTURE.md" if noun is not None else "what this entity is"
    return [
        f"  {name}:",
        *([f"    component: {_q(component)}"] if component else []),
        f'    description: ""            # {what}',
        storage,
        '    # normalization: {level: normalized, rationale: ""}',
        "    fields:",
        *fields,
        "",
    ]


def _decisions_lines(assumed: list[tuple[str, Noun, str, str]]) -> list[str]:
    if not assumed:
        return ["decisions: []       # - {decision: PostgreSQL, rationale: relational integrity}"]
    lines = ["decisions:           # assumptions the tool made: change the spec to overrule them"]
    for name, noun, kind, engine in assumed:
        decision = f"{name}: {kind} storage in {engine}"
        why = (
            f"assumed from {noun.store_loc or noun.loc}: the architecture keeps {noun.text} "
            f"in {noun.store}; set {name}.storage to overrule"
        )
        lines.append(f"  - {{decision: {_q(decision)}, rationale: {_q(why)}}}")
    return lines
