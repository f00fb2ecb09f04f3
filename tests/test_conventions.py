"""Project practices as conventions: CLAUDE.md -> proposals, init writes them, checks cite them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.checks import CheckContext, run_checks
from pydev_workflow.cli.app import run_cli
from pydev_workflow.model import StorageKind
from pydev_workflow.spec import load, loads
from pydev_workflow.spec.dump import dumps
from pydev_workflow.workflow.architecture import parse_components, propose_storage
from pydev_workflow.workflow.preflight import describe_conventions, propose_conventions

PRACTICES = (
    "Use **UUID primary keys** everywhere",
    "Every table has `created_at` and `updated_at`",
    "Store money as integer cents, never floats",
    "Soft delete: set `deleted_at`, never DELETE rows",
    "snake_case, plural table names",
    "All timestamps are timestamptz in UTC",
    "Python 3.12 and ruff",
)


def test_practices_become_conventions_quoting_their_words() -> None:
    c = propose_conventions(PRACTICES)
    assert c is not None
    assert (c.primary_key, c.required_fields, c.money) == (
        "uuid",
        ("created_at", "updated_at"),
        "integer-cents",
    )
    assert (c.naming_case, c.table_names, c.soft_delete, c.timestamps) == (
        "snake",
        "plural",
        "deleted_at",
        "tz",
    )
    assert c.practice("money") == "Store money as integer cents, never floats"
    assert c.practice("primary_key") == "Use UUID primary keys everywhere"
    assert describe_conventions(c).startswith("uuid primary keys, created_at and updated_at")
    assert propose_conventions(["Python 3.12 and ruff"]) is None
    decimal = propose_conventions(["Money amounts are NUMERIC(19,4)"])
    assert decimal is not None and decimal.money == "decimal(19,4)"


def test_conventions_round_trip_and_plural_default_tables() -> None:
    spec = """
conventions:
  primary_key: uuid
  naming: {case: snake, tables: plural}
  practices: {primary_key: UUID keys}
entities:
  Category: {fields: {id: {type: uuid, pk: true}}}
  OrderItem: {table: order_lines, fields: {id: {type: uuid, pk: true}}}
"""
    schema = loads(spec)
    assert [e.table for e in schema.entities] == ["categories", "order_lines"]
    assert loads(dumps(schema)) == schema


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("{money: euros}", "conventions money 'euros' is neither integer-cents nor a decimal type"),
        ("{naming: {case: kebab}}", "conventions naming case 'kebab' is not one of: snake, camel"),
        ("{timestamps: local}", "conventions timestamps 'local' is not tz"),
        ("{primary_key: uuidd}", "conventions primary_key"),
        ("{pk: uuid}", "unknown key 'pk' in conventions"),
    ],
)
def test_bad_conventions_are_input_errors(block: str, message: str) -> None:
    from pydev_workflow.errors import InputError

    with pytest.raises(InputError) as err:
        loads(
            f"conventions: {block}\nentities: {{A: {{fields: {{id: {{type: uuid, pk: true}}}}}}}}\n"
        )
    assert message in str(err.value)


def test_violations_quote_the_practice() -> None:
    c = propose_conventions(PRACTICES)
    assert c is not None
    schema = loads(
        """
entities:
  Order:
    table: orders
    fields:
      id: {type: bigint, pk: true}
      total: {type: "decimal(10,2)"}
      placed_at: {type: timestamp}
"""
    )
    from dataclasses import replace

    findings = run_checks(CheckContext(replace(schema, conventions=c)), select=["DM6"])
    text = "\n".join(str(f) for f in findings)
    assert sorted(f.code for f in findings) == ["DM601", "DM602", "DM604", "DM605", "DM606"]
    assert 'the project\'s practice "Use UUID primary keys everywhere"' in text
    assert 'the project\'s practice "Store money as integer cents, never floats"' in text


def test_init_writes_nouns_stubs_conventions_and_storage_assumptions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ARCHITECTURE.md").write_text(
        "# Shop\n\nRedis (sessions, rate limits) and object storage (uploads).\n\n"
        "## Components\n\n| Component | Owns |\n|---|---|\n"
        "| Accounts | customers, sessions |\n| Billing | invoices and refunds |\n",
        encoding="utf-8",
    )
    (tmp_path / "CLAUDE.md").write_text("# P\n\n" + "".join(f"- {p}\n" for p in PRACTICES))
    assert run_cli(["data-models", "init", "-C", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "conventions from CLAUDE.md: uuid primary keys" in out
    schema = load(tmp_path / "data-models.yaml")
    assert [(e.name, e.component) for e in schema.entities] == [
        ("Customer", "Accounts"),
        ("Session", "Accounts"),
        ("RateLimit", None),
        ("Upload", None),
        ("Invoice", "Billing"),
        ("Refund", "Billing"),
    ]
    kinds = {e.name: e.storage.kind if e.storage else None for e in schema.entities}
    assert kinds["Session"] is StorageKind.KEY_VALUE and kinds["Upload"] is StorageKind.FILE
    assert kinds["Customer"] is None  # undecided: the architecture did not say
    assert [d.decision for d in schema.decisions][0] == "Session: key-value storage in Redis"
    assert schema.conventions is not None and schema.conventions.money == "integer-cents"
    assert [e.table for e in schema.entities][:2] == ["customers", "sessions"]
    # the stubs follow the conventions they were written with
    assert not run_checks(CheckContext(schema), select=["DM6"])


def test_storage_proposed_for_undecided_entities_as_assumptions() -> None:
    components = parse_components(
        "# X\n\nData: MongoDB (events), Redis (sessions), S3 (avatars).\n\n"
        "## Components\n\n- **Accounts**: users, sessions, avatars\n- **Audit**: events\n"
    )
    schema = loads(
        """
entities:
  User: {component: Accounts, fields: {id: {type: uuid, pk: true}}}
  Session: {component: Accounts, fields: {id: {type: uuid, pk: true}}}
  Avatar: {component: Accounts, storage: relational, fields: {id: {type: uuid, pk: true}}}
  Event: {component: Audit, fields: {id: {type: uuid, pk: true}}}
"""
    )
    new, decisions = propose_storage(schema, components)
    kinds = {
        e.name: (e.storage.kind, e.storage.engine) if e.storage else None for e in new.entities
    }
    assert kinds == {
        "User": None,
        "Session": (StorageKind.KEY_VALUE, "Redis"),
        "Avatar": (StorageKind.RELATIONAL, None),  # the spec decided: kept
        "Event": (StorageKind.DOCUMENT, "MongoDB"),
    }
    assert [d.decision for d in decisions] == [
        "Session: key-value storage in Redis",
        "Event: document storage in MongoDB",
    ]
    assert "set Session.storage in the spec to overrule" in decisions[0].rationale
    assert new.decisions[-2:] == decisions


def test_claude_practices_apply_as_notes_when_the_spec_states_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # an imported schema: no conventions block, and tables that break CLAUDE.md's practices
    (tmp_path / "CLAUDE.md").write_text("# P\n\n" + "".join(f"- {p}\n" for p in PRACTICES))
    spec = tmp_path / "data-models.yaml"
    spec.write_text(
        "entities:\n  Order:\n    table: orders\n    fields:\n"
        "      id: {type: bigint, pk: true}\n      total: {type: float}\n",
        encoding="utf-8",
    )
    assert run_cli(["data-models", "check", "-C", str(tmp_path), "--select", "DM6"]) == 0
    out = capsys.readouterr().out
    assert "DM601 orders.id is bigint, but the project's practice \"Use UUID primary keys" in out
    assert "DM604 orders.total is float" in out
    assert "add `conventions:` to the spec to enforce it" in out
    # stated in the spec, the same practice is a warning
    spec.write_text(spec.read_text(encoding="utf-8") + "conventions: {primary_key: uuid}\n")
    assert run_cli(["data-models", "check", "-C", str(tmp_path), "--select", "DM6"]) == 1
    out = capsys.readouterr().out
    assert "DM601" in out and "DM604" not in out  # the spec's block replaces the proposal
