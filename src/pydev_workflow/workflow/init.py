"""`init`: a first data-models.yaml with one stub entity per ARCHITECTURE.md component."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from pydev_workflow.project import Component

DISCOVERY_QUESTIONS = (
    "What objects does the system manage?",
    "What state needs to persist?",
    "What are the core domain concepts?",
)


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


def stub_spec(project: str, components: Sequence[Component]) -> str:
    """The text of a new spec: header with the discovery questions, one stub per component."""
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
        "entities:",
    ]
    used: set[str] = set()
    stubs = list(components) or [Component("Core")]
    for comp in stubs:
        name = _pascal(comp.name)
        base, n = name, 2
        while name.lower() in used:
            name, n = f"{base}{n}", n + 1
        used.add(name.lower())
        lines += [
            f"  # Component {comp.name}: which entities does it need? Rename and copy this stub.",
            f"  {name}:",
            *([f"    component: {_q(comp.name)}"] if components else []),
            '    description: ""            # what this entity is',
            "    # storage: relational         # relational | document | key-value | file",
            '    # normalization: {level: normalized, rationale: ""}',
            "    fields:",
            "      id: {type: uuid, pk: true, default: gen_random_uuid(), "
            "description: unique identifier}",
            "      created_at: {type: timestamp(tz), nullable: false, default: now(), "
            "description: creation time}",
            "      updated_at: {type: timestamp(tz), description: last modification}",
            "",
        ]
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
        "decisions: []       # - {decision: PostgreSQL, rationale: relational integrity}",
    ]
    return "\n".join(lines) + "\n"
