"""Merge: the source's structure, the user's prose, names, query patterns and decisions."""

from __future__ import annotations

from pathlib import Path

from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.merge import merge, merge_report
from pydev_workflow.importers.sql import import_sql_text
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import load, loads

SQL = """
CREATE TABLE users (id uuid PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, name varchar(100),
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz, nickname text);
CREATE TABLE posts (id uuid PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id),
  title varchar(200) NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX idx_posts_user_id_created_at ON posts (user_id, created_at DESC);
"""


def test_merge_keeps_the_users_prose_and_decisions(example_spec: Path) -> None:
    existing = load(example_spec)
    imported = import_sql_text([("s.sql", SQL)], ImportOptions(dialect="postgresql")).schema
    merged, notes = merge_report(existing, imported)
    user = merged.entity("User")
    assert user is not None and user.table == "users"  # the user's entity name is kept
    assert user.description == "A person who writes posts or comments"
    assert user.component == "Accounts"
    assert user.field("email").description == "sign-in address"  # type: ignore[union-attr]
    assert user.field("nickname") is not None  # new column from the source
    post = merged.entity("Post")
    assert post is not None and post.fk_of("user_id").ref_entity == "User"  # type: ignore[union-attr]
    assert post.field("slug") is None  # structure comes from the source
    ix = {i.name: i for i in post.indexes}
    assert ix["idx_posts_user_id_created_at"].purpose == "an author's posts, newest first"
    assert merged.migration == existing.migration and merged.decisions == existing.decisions
    assert merged.project == existing.project
    # entities the source does not have (Redis, S3, …) stay
    assert merged.entity("Session") is not None and merged.entity("Tag") is not None
    # query patterns on fields that are gone are dropped, and said so
    names = [q.name for q in merged.query_patterns]
    assert "Get post by ID" in names and "Get post by slug" not in names
    assert any("Get post by slug" in n for n in notes)
    # the user's label wins for a relationship both sides know
    creates = [r for r in merged.relationships if (r.left, r.right) == ("User", "Post")]
    assert [r.label for r in creates] == ["creates"]
    assert loads(dumps(merged)) == merged
    assert merge(existing, imported) == merged


def test_merge_takes_the_sources_sequences_and_keeps_the_specs_own() -> None:
    from pydev_workflow.importers.merge import merge_report
    from pydev_workflow.model import Schema, Sequence

    existing = Schema(sequences=(Sequence("invoice_no", start=1), Sequence("planned_no")))
    imported = Schema(sequences=(Sequence("invoice_no", start=1000), Sequence("order_no")))
    merged, notes = merge_report(existing, imported)
    assert [(q.name, q.start) for q in merged.sequences] == [
        ("invoice_no", 1000),
        ("order_no", None),
        ("planned_no", None),
    ]
    assert "sequence planned_no: kept from the spec (not in the source)" in notes
