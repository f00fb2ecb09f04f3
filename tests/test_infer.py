"""Relationship inference: junctions are N:M, unique keys 1:1, the rest 1:N; names -> FKs."""

from __future__ import annotations

from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.sql import import_sql_text
from pydev_workflow.model import Cardinality

SQL = """
CREATE TABLE users (id int PRIMARY KEY, name text);
CREATE TABLE profiles (id int PRIMARY KEY, user_id int UNIQUE REFERENCES users (id));
CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id), title text);
CREATE TABLE tags (id int PRIMARY KEY, label text);
CREATE TABLE post_tags (
  post_id int REFERENCES posts (id),
  tag_id int REFERENCES tags (id),
  created_at timestamp DEFAULT now(),
  PRIMARY KEY (post_id, tag_id)
);
CREATE TABLE likes (
  post_id int REFERENCES posts (id),
  user_id int REFERENCES users (id),
  weight int
);
CREATE TABLE categories (id int PRIMARY KEY, name text);
CREATE TABLE companies (id int PRIMARY KEY);
CREATE TABLE products (id int PRIMARY KEY, category_id int, company_id int, owner_id int);
"""


def rels(infer: bool = False) -> dict[tuple[str, str], Cardinality]:
    options = ImportOptions(dialect="postgresql", infer_relations=infer)
    result = import_sql_text([("s.sql", SQL)], options)
    return {(r.via or r.left, r.right): r.cardinality for r in result.schema.relationships}


def test_cardinality_from_foreign_keys() -> None:
    found = rels()
    assert found[("Users", "Profiles")] is Cardinality.ONE_TO_ONE  # unique FK
    assert found[("Users", "Posts")] is Cardinality.ONE_TO_MANY
    assert found[("PostTags", "Tags")] is Cardinality.MANY_TO_MANY  # two FKs + a timestamp
    # a third, non-timestamp column makes `likes` an entity of its own, not a junction
    assert found[("Posts", "Likes")] is Cardinality.ONE_TO_MANY
    assert found[("Users", "Likes")] is Cardinality.ONE_TO_MANY
    assert not any(right == "Products" for _, right in found)  # no FKs, nothing inferred


def test_infer_relations_from_names_is_reported_as_assumptions() -> None:
    result = import_sql_text(
        [("s.sql", SQL)], ImportOptions(dialect="postgresql", infer_relations=True)
    )
    products = result.schema.entity("Products")
    assert products is not None
    assert products.fk_of("category_id").ref_entity == "Categories"  # type: ignore[union-attr]
    assert products.fk_of("company_id").ref_entity == "Companies"  # type: ignore[union-attr]  # -ies
    assert products.fk_of("owner_id") is None  # no `owner(s)` table
    assert sum("inferred from the name" in a for a in result.assumptions) == 2
    assert rels(infer=True)[("Categories", "Products")] is Cardinality.ONE_TO_MANY
