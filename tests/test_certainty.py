"""The 80% certainty rule: decision points, weights, questions and assumptions."""

from __future__ import annotations

import json
from pathlib import Path

from pydev_workflow.certainty import CATEGORY_WEIGHTS, Category, Certainty, assess
from pydev_workflow.checks import CheckContext, run_checks
from pydev_workflow.project import Component
from pydev_workflow.spec import load, loads

ROOT = Path(__file__).resolve().parent.parent

DECIDED = """\
migration: {tool: alembic, versioning: sequential, rollback: downgrade, data_migrations: batched}
storage: {kind: relational, engine: PostgreSQL}
entities:
  User:
    table: users
    component: Accounts
    normalization: {level: normalized, rationale: r}
    fields:
      id: {type: uuid, pk: true}
      name: {type: string(100)}
  Post:
    table: posts
    component: Publishing
    normalization: {level: normalized, rationale: r}
    fields:
      id: {type: uuid, pk: true}
      user_id: {type: uuid, references: User.id, on_delete: cascade}
      price: {type: "decimal(10,2)"}
    indexes:
      - {name: idx_posts_user_id, fields: [user_id]}
relationships:
  - {from: User, to: Post, type: "1:N", label: writes}
query_patterns:
  - {name: Posts of a user, entity: Post, filter: [user_id], frequency: high}
"""


def _assess(text: str, components: tuple[Component, ...] = ()) -> Certainty:
    schema = loads(text, "data-models.yaml")
    findings = run_checks(CheckContext(schema, components))
    return assess(schema, findings, components)


def _point(c: Certainty, key: str):  # type: ignore[no-untyped-def]
    return next(p for p in c.points if p.key == key)


def test_example_is_fully_decided() -> None:
    schema = load(ROOT / "examples" / "blog" / "data-models.yaml")
    c = assess(schema, run_checks(CheckContext(schema)))
    assert c.score == 100 and c.passed
    assert c.questions == () and c.assumptions == ()


def test_decided_spec_scores_100() -> None:
    c = _assess(DECIDED)
    assert c.score == 100 and c.passed
    assert abs(sum(p.weight for p in c.points) - 100) < 1e-9


def test_on_delete_question_is_specific() -> None:
    c = _assess(DECIDED.replace(", on_delete: cascade", ""))
    p = _point(c, "fk:Post.user_id:on_delete")
    assert not p.decided
    assert p.question == (
        "Post.user_id: when a User is deleted, should their posts be deleted (cascade), "
        "kept (set null) or block the delete (restrict)?"
    )
    assert p.assumption == "Post.user_id ON DELETE NO ACTION (engine default)"
    assert p.loc.file == "data-models.yaml" and p.loc.line == 17
    # the only FK: the whole on-delete share (15) is lost
    assert c.score == 85 and c.passed
    assert c.assumptions == ("Post.user_id ON DELETE NO ACTION (engine default)",)


def test_string_without_length_and_decimal_without_precision_are_undecided() -> None:
    c = _assess(DECIDED.replace("string(100)", "string").replace('"decimal(10,2)"', "decimal"))
    name = _point(c, "field:User.name:type")
    price = _point(c, "field:Post.price:type")
    assert not name.decided and not price.decided
    assert "User.name" in name.question and "length" in name.question
    assert "decimal(10,2)" in price.question
    assert _point(c, "field:User.id:type").decided
    # 2 of 5 typed fields open: 15 * 2/5 = 6 points lost
    assert c.score == 94


def test_unserved_query_names_the_index_and_scan_can_be_accepted() -> None:
    text = DECIDED.replace("filter: [user_id]", "filter: [price]")
    c = _assess(text)
    p = _point(c, "query:Posts of a user:index")
    assert not p.decided
    assert "CREATE INDEX idx_posts_price ON posts (price)" in p.question
    assert 'index: "-"' in p.question
    accepted = _assess(text.replace("frequency: high}", 'frequency: high, index: "-"}'))
    assert _point(accepted, "query:Posts of a user:index").decided


def test_no_query_patterns_is_one_open_point() -> None:
    c = _assess(DECIDED.split("query_patterns:")[0])
    p = _point(c, "queries:listed")
    assert not p.decided and "query_patterns" in p.question


def test_missing_migration_and_storage_is_exactly_80() -> None:
    text = (
        DECIDED.split("\n", 1)[1]
        .replace("storage: {kind: relational, engine: PostgreSQL}\n", "")
        .replace("    normalization: {level: normalized, rationale: r}\n", "")
    )
    c = _assess(text)
    assert [p.key for p in c.points if p.category is Category.MIGRATION and not p.decided] == [
        "migration:tool",
        "migration:versioning",
        "migration:rollback",
        "migration:data_migrations",
    ]
    assert c.score == 80 and c.passed  # the boundary passes
    assert "Migration tool: alembic" in c.assumptions
    assert "User is normalized (3NF)" in c.assumptions


def test_errors_are_open_points_never_assumed() -> None:
    c = _assess(DECIDED.replace("user_id: {type: uuid", "user_id: {type: integer"))
    errors = [p for p in c.points if p.category is Category.ERRORS]
    assert len(errors) == 1 and not errors[0].decided
    assert errors[0].question.startswith("DM101 Post.user_id is integer")
    assert errors[0].assumption == ""
    assert c.score == 85


def test_below_80_asks_heaviest_first() -> None:
    text = (
        "entities:\n  A:\n    fields:\n      id: {type: uuid, pk: true}\n"
        "      b_id: {type: uuid, references: B.id}\n"
        "  B:\n    fields:\n      id: {type: uuid, pk: true}\n"
    )
    c = _assess(text, (Component("Core"),))
    assert not c.passed and c.score < 80
    weights = [p.weight for p in c.undecided]
    assert weights == sorted(weights, reverse=True)
    assert c.questions[0].startswith("A.b_id: when a B is deleted")
    assert any("(one of: Core)" in q for q in c.questions)


def test_absent_categories_are_rescaled() -> None:
    c = _assess("entities:\n  A:\n    fields:\n      id: {type: uuid, pk: true}\n")
    assert Category.ON_DELETE not in {p.category for p in c.points}
    absent = (Category.ON_DELETE, Category.RISKS)
    total = sum(CATEGORY_WEIGHTS.values()) - sum(CATEGORY_WEIGHTS[c] for c in absent)
    storage = _point(c, "entity:A:storage")
    assert abs(storage.weight - CATEGORY_WEIGHTS[Category.STORAGE] * 100 / total) < 1e-9


def test_json_lists_every_point() -> None:
    c = _assess(DECIDED.replace(", on_delete: cascade", ""))
    doc = json.loads(json.dumps(c.to_json()))
    assert doc["score"] == 85 and doc["passed"] is True and doc["threshold"] == 80
    assert len(doc["points"]) == len(c.points)
    point = next(p for p in doc["points"] if p["key"] == "fk:Post.user_id:on_delete")
    assert point["decided"] is False and point["location"] == "data-models.yaml:17:41"
    cat = next(x for x in doc["categories"] if x["category"] == "on-delete")
    assert cat == {"category": "on-delete", "decided": 0, "total": 1, "weight": 15.0, "earned": 0}


def test_normalization_is_assumed_unless_a_normalization_rule_fires() -> None:
    text = DECIDED.replace("    normalization: {level: normalized, rationale: r}\n", "")
    c = _assess(text)
    p = _point(c, "entity:User:normalization")
    assert p.decided and p.assumed and c.score == 100
    assert "User is normalized (3NF)" in c.assumptions and c.questions == ()
    # a copied parent attribute (DM402) makes it a question again, naming the finding
    copied = text.replace(
        '      price: {type: "decimal(10,2)"}\n',
        '      price: {type: "decimal(10,2)"}\n      user_name: {type: string(100)}\n',
    )
    c = _assess(copied)
    p = _point(c, "entity:Post:normalization")
    assert not p.decided and "DM402" in p.question
    assert p.spec_key == "entities.Post.normalization"
    assert [ch.label for ch in p.choices] == ["normalized", "denormalized"]


def test_component_is_no_question_when_there_are_no_components() -> None:
    text = DECIDED.replace("    component: Accounts\n", "")
    lone = _point(_assess(text), "entity:User:component")
    assert lone.decided and lone.assumed
    asked = _point(_assess(text, (Component("Accounts"),)), "entity:User:component")
    assert not asked.decided and [ch.label for ch in asked.choices] == ["Accounts"]


def test_every_question_names_its_spec_key_and_choices() -> None:
    c = _assess(DECIDED.replace(", on_delete: cascade", "").replace("string(100)", "string"))
    on_delete = _point(c, "fk:Post.user_id:on_delete")
    assert on_delete.spec_key == "entities.Post.fields.user_id.on_delete"
    assert [ch.label for ch in on_delete.choices] == ["cascade", "set null", "restrict"]
    assert on_delete.ask.endswith(
        "[entities.Post.fields.user_id.on_delete: cascade | set null | restrict]"
    )
    doc = c.to_json()
    assert {
        "key": "entities.Post.fields.user_id.on_delete",
        "question": on_delete.question,
        "choices": ["cascade", "set null", "restrict"],
        "location": "data-models.yaml:17:41",
    } in doc["open_questions"]
    assert all(q["key"] for q in doc["open_questions"])
    name = _point(c, "field:User.name:type")
    assert name.spec_key == "entities.User.fields.name.type"
    assert "text" in [ch.label for ch in name.choices]


def test_real_risks_are_questions_and_a_decision_accepts_them() -> None:
    risky = DECIDED.replace(
        "    indexes:\n      - {name: idx_posts_user_id, fields: [user_id]}\n",
        "    partitioning: {method: range, key: [id]}\n",
    ).replace("filter: [user_id]", "filter: [id]")
    c = _assess(risky)
    fk = _point(c, "risk:Post.user_id:fk-index")
    part = _point(c, "risk:Post:partitions")
    assert not fk.decided and not part.decided
    assert "high-frequency queries read Post" in fk.question
    assert "CREATE INDEX idx_posts_user_id ON posts (user_id)" in fk.question
    assert [ch.label for ch in fk.choices] == ["add idx_posts_user_id", "accept"]
    assert "declares no partitions" in part.question
    accepted = (
        risky
        + "decisions:\n"
        + "".join(f"  - {{decision: {p.assumption}, rationale: we know}}\n" for p in (fk, part))
    )
    c = _assess(accepted)
    assert _point(c, "risk:Post.user_id:fk-index").decided
    assert _point(c, "risk:Post:partitions").decided
    # without a high-frequency query near it, an unindexed FK stays a warning, not a question
    calm = _assess(risky.replace("frequency: high", "frequency: low"))
    assert not any(p.key.endswith("fk-index") for p in calm.points)


def test_a_component_whose_own_text_names_an_entity_is_suggested_first() -> None:
    """ARCHITECTURE.md describes components in prose (PowerDNS-style); the one component whose
    section names the table is offered first, and a table two sections name gets none."""
    from pydev_workflow.certainty import assess
    from pydev_workflow.spec import loads
    from pydev_workflow.workflow.architecture import parse_components

    doc = (
        "# Arch\n\n## Components\n\n### DNS API\nServes domains and records.\n\n"
        "### Zone Editor\nEdits domains, comments and domain metadata.\n\n"
        "### Key Manager\nStores cryptokeys and TSIG keys.\n\n## Operations\nNightly backups.\n"
    )
    components = parse_components(doc)
    spec = loads(
        "entities:\n"
        + "".join(
            f"  {n}:\n    fields: {{id: {{type: integer, pk: true}}}}\n"
            for n in ("Domains", "Tsigkeys", "Domainmetadata", "Backup")
        )
    )
    asked = {p.key: p for p in assess(spec, [], components).points}

    def text(name: str) -> str:
        return asked[f"entity:{name}:component"].question

    assert "suggested: Key Manager" in text("Tsigkeys")
    assert asked["entity:Tsigkeys:component"].choices[0].label == "Key Manager"
    assert "suggested: Zone Editor" in text("Domainmetadata")
    assert "suggested" not in text("Domains")  # named by two components
    assert "suggested" not in text("Backup")  # "Operations" is no component


def test_spec_points_is_a_named_tuple_and_assess_runs_with_the_collector_paused() -> None:
    # a decorator once landed on the class instead of `assess`
    from pydev_workflow.certainty import SpecPoints, assess

    assert isinstance(SpecPoints, type) and SpecPoints._fields[0] == "types_and_fks"
    assert hasattr(assess, "__wrapped__")  # gc_paused() wraps it
