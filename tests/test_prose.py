"""Prose a reviewer would keep: relationship sentences and index purposes from the model."""

from __future__ import annotations

from pydev_workflow.renderers.markdown import index_rows, relationship_sentence, served_by_index
from pydev_workflow.spec import loads

SPEC = """
entities:
  User: {table: users, fields: {id: {type: uuid, pk: true}}}
  Shop:
    table: shops
    fields:
      id: {type: uuid, pk: true}
      owner_id: {type: uuid, nullable: false, references: User.id}
    indexes:
      - {name: idx_shops_owner_id, fields: [owner_id]}
  Product:
    table: products
    fields:
      id: {type: uuid, pk: true}
      shop_id: {type: uuid, nullable: false, references: Shop.id}
      sku: {type: string(40), nullable: false}
      created_at: {type: timestamp(tz), nullable: false}
    indexes:
      - {name: uq_products_shop_id_sku, fields: [shop_id, sku], unique: true}
      - {name: idx_products_created_at, fields: [created_at]}
  Category: {table: categories, fields: {id: {type: uuid, pk: true}}}
  ProductCategory:
    table: products_categories
    primary_key: [product_id, category_id]
    fields:
      product_id: {type: uuid, references: Product.id}
      category_id: {type: uuid, references: Category.id}
relationships:
  - {from: User, to: Shop, type: "1:N", label: owner_id}
  - {from: Shop, to: Product, type: "1:N", label: shop_id}
  - {from: Product, to: Category, type: "N:M", label: products_categories, via: ProductCategory}
  - {from: User, to: Product, type: "1:N", label: created_by}
query_patterns:
  - {name: Newest products, entity: Product, order_by: [created_at DESC], limit: 20}
"""


def test_sentences_from_fk_roles_not_column_names() -> None:
    schema = loads(
        SPEC.replace('  - {from: User, to: Product, type: "1:N", label: created_by}\n', "")
    )
    texts = [relationship_sentence(schema, r) for r in schema.relationships]
    assert texts == [
        "a User owns many Shops (shops.owner_id)",
        "a Shop has many Products (products.shop_id)",
        "Products and Categories, many-to-many through products_categories",
    ]


def test_sentences_from_real_verbs() -> None:
    schema = loads(
        """
entities:
  Language: {fields: {id: {type: uuid, pk: true}}}
  Film: {fields: {id: {type: uuid, pk: true}, language_id: {type: uuid, references: Language.id}}}
  Tag: {fields: {id: {type: uuid, pk: true}}}
  FilmTag:
    primary_key: [film_id, tag_id]
    fields:
      film_id: {type: uuid, references: Film.id}
      tag_id: {type: uuid, references: Tag.id}
relationships:
  - {from: Language, to: Film, type: "1:N", label: spoken_in}
  - {from: Film, to: Tag, type: "N:M", label: tagged_with, via: FilmTag}
"""
    )
    texts = [relationship_sentence(schema, r) for r in schema.relationships]
    assert texts == [
        "many Films are spoken in a Language (film.language_id)",
        "a Film is tagged with many Tags, many-to-many through film_tag",
    ]


def test_index_purpose_from_queries_or_shape() -> None:
    schema = loads(SPEC)
    served = served_by_index(schema)
    product = schema.entity("Product")
    shop = schema.entity("Shop")
    assert product is not None and shop is not None
    purposes = {name: purpose for name, _, _, purpose in index_rows(product, served, schema)}
    assert purposes == {
        "uq_products_shop_id_sku": "unique: one Product per shop_id, sku",
        "idx_products_created_at": "serves: Newest products",
    }
    assert index_rows(shop, served, schema)[0][3] == (
        "FK lookup: shops.owner_id → users (joins, parent deletes)"
    )


def test_erd_labels_read_as_phrases_and_name_the_junction() -> None:
    from pydev_workflow.renderers import RENDERERS, RenderOptions

    text = RENDERERS.get("mermaid")(loads(SPEC), RenderOptions(date="2026-01-01", simplified=True))
    assert "USER ||--o{ SHOP : owns" in text
    assert "SHOP ||--o{ PRODUCT : has" in text
    assert 'PRODUCT }o--o{ CATEGORY : "via products_categories"' in text
