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


def test_missing_migration_and_normalization_is_exactly_80() -> None:
    text = DECIDED.split("\n", 1)[1].replace(
        "    normalization: {level: normalized, rationale: r}\n", ""
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
    total = sum(CATEGORY_WEIGHTS.values()) - CATEGORY_WEIGHTS[Category.ON_DELETE]
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
