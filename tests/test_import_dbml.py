"""DBML importer: the corpus files import and load back; refs, enums, indexes, notes, groups."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pydev_workflow.errors import InputError
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.dbml import import_dbml, import_dbml_text
from pydev_workflow.model import Action, Cardinality, FieldType, IndexMethod, Schema, TypeKind
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads


def without_enum_names(schema: Schema) -> Schema:
    """The spec does not (yet) write enum type names; compare without them."""

    def strip(t: FieldType) -> FieldType:
        return replace(t, enum_name=None, item=strip(t.item) if t.item else None)

    entities = tuple(
        replace(e, fields=tuple(replace(f, type=strip(f.type)) for f in e.fields))
        for e in schema.entities
    )
    return replace(schema, entities=entities)


CASES = [
    ("ecommerce.dbml", 5),
    ("db2dbml-postgres-schema.dbml", 15),
    ("dbml2sql-schema.dbml", 6),
]


@pytest.mark.parametrize(("name", "tables"), CASES)
def test_corpus_dbml_imports_and_loads_back(corpus: Path, name: str, tables: int) -> None:
    result = import_dbml(str(corpus / "dbml" / name), ImportOptions())
    assert len(result.schema.entities) == tables
    assert loads(dumps(result.schema)) == result.schema


def test_ecommerce_notes_groups_enums_and_indexes(corpus: Path) -> None:
    result = import_dbml(str(corpus / "dbml" / "ecommerce.dbml"), ImportOptions())
    s = result.schema
    assert s.project == "ecommerce_db" and s.components == ("ecommerce_core",)
    users = s.entity("Users")
    assert users is not None
    assert users.description == "Stores user account information"
    assert users.component == "ecommerce_core"
    status = users.field("status")
    assert status is not None and status.type.kind is TypeKind.ENUM
    assert status.type.enum_name == "user_status" and status.default.value == "active"  # type: ignore[union-attr]
    assert users.field("id").identity  # type: ignore[union-attr]
    assert [ix.fields[0].name for ix in users.indexes if ix.unique] == ["email"]
    assert any("Project note" in u for u in result.unsupported)


def test_db2dbml_checks_that_pydbml_cannot_read_are_kept(corpus: Path) -> None:
    s = import_dbml(str(corpus / "dbml" / "db2dbml-postgres-schema.dbml"), ImportOptions()).schema
    users = s.entity("Users")
    assert users is not None and "~*" in (users.field("email").check or "")  # type: ignore[union-attr]
    products = s.entity("Products")
    assert products is not None
    assert [(c.expression, c.name) for c in products.checks] == [
        ("created_at <= updated_at", "chk_created_at")
    ]
    composite = s.entity("TableWithCompositePrimaryAndUniqueIndexes")
    assert composite is not None and composite.primary_key == ("col1", "col2")


REFS = """
Project shop {
  database_type: 'MySQL'
}
Enum "order status" {
  "new"
  "paid"
}
Table users as U {
  id int [pk, increment]
  email varchar(255) [unique, not null, note: 'sign-in']
  Note: 'people'
}
Table profiles {
  id int [pk]
  user_id int [unique, ref: - users.id]
}
Table orders {
  id int [pk]
  user_id int [not null]
  status "order status" [default: 'new']
  placed timestamp [default: `now()`]
  indexes {
    (user_id, placed) [name: 'orders_user_placed', note: 'a user history']
    status [type: hash]
  }
}
Table tags {
  id int [pk]
}
Ref: orders.user_id > users.id [delete: cascade]
Ref: tags.id <> orders.id
TableGroup sales {
  orders
  users
}
"""


def test_refs_cardinality_and_junction() -> None:
    result = import_dbml_text(REFS, "shop.dbml", ImportOptions())
    s = result.schema
    assert s.dialect == "mysql"
    orders = s.entity("Orders")
    assert orders is not None
    fk = orders.fk_of("user_id")
    assert fk is not None and fk.ref_entity == "Users" and fk.on_delete is Action.CASCADE
    assert orders.field("status").type.values == ("new", "paid")  # type: ignore[union-attr]
    ix = {i.name: i for i in orders.indexes}
    assert ix["orders_user_placed"].purpose == "a user history"
    assert ix[next(n for n in ix if n != "orders_user_placed")].method is IndexMethod.HASH
    rels = {(r.left, r.right): r for r in s.relationships}
    assert rels[("Users", "Profiles")].cardinality is Cardinality.ONE_TO_ONE
    assert rels[("Users", "Orders")].cardinality is Cardinality.ONE_TO_MANY
    junction = [r for r in s.relationships if r.cardinality is Cardinality.MANY_TO_MANY]
    assert [(r.left, r.right, r.via) for r in junction] == [("Tags", "Orders", "TagsOrders")]
    assert any("junction" in a for a in result.assumptions)
    assert s.entity("Users").component == "sales"  # type: ignore[union-attr]
    assert s.entity("Users").field("email").description == "sign-in"  # type: ignore[union-attr]
    assert loads(dumps(s)) == s


def test_syntax_error_shows_pydbml_position() -> None:
    with pytest.raises(InputError) as info:
        import_dbml_text("Table x {\n  id int [pk\n}\n", "bad.dbml", ImportOptions())
    loc = info.value.problems[0].loc
    assert (loc.file, loc.line) == ("bad.dbml", 3) and loc.col >= 1
    assert "DBML" in info.value.problems[0].message


def test_a_ref_to_a_table_that_is_not_there_is_located_at_the_ref() -> None:
    """pydbml gives no place for it; the message points at the Ref that names the table."""
    text = "Table roles {\n  id int [pk]\n}\n\nRef: role_permissions.role_id > roles.id\n"
    with pytest.raises(InputError) as err:
        import_dbml_text(text, "shop.dbml", ImportOptions())
    assert str(err.value).startswith("shop.dbml:5:6: error: DBML: Table")
