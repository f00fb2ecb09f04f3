"""The Markdown importer reads hand-written Data Models sections back into the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from pydev_workflow.errors import InputError, Loc
from pydev_workflow.importers import IMPORTERS, ImportOptions
from pydev_workflow.importers.markdown import import_markdown, parse_doc_type, parse_storage
from pydev_workflow.model import Cardinality, FieldType, StorageKind, TypeKind
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
OPTS = ImportOptions()


def _import(name: str):  # noqa: ANN202 - test helper
    return import_markdown(str(FIXTURES / name), OPTS)


def test_registered_under_markdown() -> None:
    assert IMPORTERS.get("markdown") is import_markdown


@pytest.mark.parametrize("name", ["shop.md", "library.md", "tasks.md", "inconsistent.md"])
def test_every_fixture_imports_and_round_trips_through_the_spec(name: str) -> None:
    schema = _import(name).schema
    assert loads(dumps(schema)) == schema


def test_shop_merges_tables_erd_and_sql() -> None:
    result = _import("shop.md")
    s = result.schema
    assert [e.name for e in s.entities] == [
        "Customer",
        "Order",
        "OrderItem",
        "Product",
        "Category",
        "ProductCategory",
    ]
    order = s.entity("Order")
    assert order is not None and order.table == "orders"
    status = order.field("status")
    assert status is not None and status.type.values == ("cart", "placed", "shipped", "cancelled")
    assert status.description == "order state" and not status.nullable
    fk = order.fk_of("customer_id")
    # the FK comes from ALTER TABLE … ADD CONSTRAINT in the SQL block, with its action
    assert fk is not None and fk.ref_entity == "Customer" and fk.on_delete is not None
    assert [ix.name for ix in order.indexes] == [
        "idx_orders_customer_id_placed_at",
        "idx_orders_status",
    ]
    assert order.indexes[0].fields[1].descending
    assert order.indexes[0].purpose == "a customer's order history"
    item = s.entity("OrderItem")
    assert item is not None and item.primary_key == ("order_id", "product_id")
    assert item.field("quantity").check == "quantity > 0"  # type: ignore[union-attr]
    rels = {(r.left, r.right): r for r in s.relationships}
    assert rels["Customer", "Order"].label == "places"
    assert rels["Customer", "Order"].cardinality is Cardinality.ONE_TO_MANY
    assert rels["Product", "OrderItem"].label == "ordered as"
    nm = rels["Product", "Category"]
    assert nm.cardinality is Cardinality.MANY_TO_MANY and nm.via == "ProductCategory"
    assert s.entity("Customer").storage.engine == "PostgreSQL"  # type: ignore[union-attr]
    assert s.migration is not None and s.migration.tool == "alembic"
    queries = {q.name: q for q in s.query_patterns}
    assert queries["Order history of a customer"].entity == "Order"
    # the planner picks that index anyway, so the model does not need to say it
    assert queries["Order history of a customer"].index is None
    assert queries["Order history of a customer"].filters[0].field == "customer_id"
    # "Revenue per month" names no entity: left out and reported, never a bad spec
    assert "Revenue per month" not in queries
    assert any("Revenue per month" in u for u in result.unsupported)


def test_locations_point_at_the_markdown_lines() -> None:
    s = _import("shop.md").schema
    text = (FIXTURES / "shop.md").read_text().splitlines()
    customer = s.entity("Customer")
    assert customer is not None
    assert text[customer.loc.line - 1] == "#### Customer"
    email = customer.field("email")
    assert email is not None and text[email.loc.line - 1].startswith("| email |")
    order = s.entity("Order")
    assert order is not None
    assert "idx_orders_status" in text[order.indexes[1].loc.line - 1]


def test_library_header_case_extra_columns_and_missing_tables() -> None:
    """Upper/lower-case headers, Example/notes columns, entities without Indexes tables."""
    s = _import("library.md").schema
    member = s.entity("Member")
    assert member is not None and member.table == "members"
    assert [f.name for f in member.fields] == ["id", "card_number", "name", "email"]
    assert member.field("id").identity  # type: ignore[union-attr]
    assert member.field("card_number").description == "library card"  # type: ignore[union-attr]
    loan = s.entity("Loan")
    assert loan is not None
    open_ix = next(ix for ix in loan.indexes if ix.name == "idx_loans_open")
    assert open_ix.where is not None and "returned_at" in open_ix.where
    book = s.entity("Book")
    assert book is not None and book.field("isbn").type == FieldType(TypeKind.CHAR, length=13)  # type: ignore[union-attr]
    rels = {(r.left, r.right): r for r in s.relationships}
    assert rels["Book", "Author"].via == "BookAuthor"
    assert rels["Book", "Copy"].label == "has copies"


def test_tasks_without_sql_or_entities_heading() -> None:
    """No SQL block, `### Entity` headings, `Column | Data type | Key | Notes` tables."""
    result = _import("tasks.md")
    s = result.schema
    task = s.entity("Task")
    assert task is not None and task.table == "task"
    assert task.storage is not None and task.storage.engine == "SQLite"
    assert task.normalization is not None and task.normalization.level.value == "denormalized"
    # a bare `FK` is pointed at Project from the column name, and reported as an assumption
    assert task.fk_of("project_id").ref_entity == "Project"  # type: ignore[union-attr]
    assert any("project_id references Project" in a for a in result.assumptions)
    settings = s.entity("UserSettings")
    assert settings is not None and settings.fk_of("user_id").ref_entity == "User"  # type: ignore[union-attr]
    cache = s.entity("BoardCache")
    assert cache is not None and cache.storage is not None
    assert cache.storage.kind is StorageKind.KEY_VALUE and cache.storage.engine == "Redis"
    rels = {(r.left, r.right): r for r in s.relationships}
    # the junction drawn as two 1:N lines in the ERD plus "Label | M:N" in the table: one N:M
    assert rels["Task", "Label"].via == "TaskLabel"
    assert ("Task", "TaskLabel") not in rels
    assert rels["User", "UserSettings"].cardinality is Cardinality.ONE_TO_ONE
    q = {q.name: q for q in s.query_patterns}["Tasks of a project by due date"]
    assert q.entity == "Task" and q.filters[0].field == "project_id"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VARCHAR(255)", "string(255)"),
        ("`varchar(20)`", "string(20)"),
        ("TIMESTAMPTZ", "timestamp(tz)"),
        ("timestamp with time zone", "timestamp(tz)"),
        ("UUID", "uuid"),
        ("SERIAL", "integer"),
        ("DECIMAL(12,2)", "decimal(12,2)"),
        ("ENUM(draft, published)", "enum(draft,published)"),
        ("TEXT[]", "array(text)"),
        ("DOUBLE", "float"),
        ("REAL", "float(24)"),
        ("TSVECTOR", "native(tsvector)"),
        ("jsonb", "json"),
        ("datetime", "timestamp"),
    ],
)
def test_doc_types(text: str, expected: str) -> None:
    assert str(parse_doc_type(text)) == expected


@pytest.mark.parametrize(
    ("text", "kind", "engine"),
    [
        ("PostgreSQL", StorageKind.RELATIONAL, "PostgreSQL"),
        ("Redis (key-value)", StorageKind.KEY_VALUE, "Redis"),
        ("Key-Value (Redis)", StorageKind.KEY_VALUE, "Redis"),
        ("Document DB (MongoDB)", StorageKind.DOCUMENT, "MongoDB"),
        ("S3", StorageKind.FILE, "S3"),
        ("Relational DB", StorageKind.RELATIONAL, None),
    ],
)
def test_storage_text(text: str, kind: StorageKind, engine: str | None) -> None:
    s = parse_storage(text, Loc())
    assert s is not None and s.kind is kind and s.engine == engine


def test_missing_file_and_empty_document(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        import_markdown(str(tmp_path / "nope.md"), OPTS)
    empty = tmp_path / "ARCHITECTURE.md"
    empty.write_text("# Arch\n\nNothing here yet.\n")
    with pytest.raises(InputError, match="no Data Models section"):
        import_markdown(str(empty), OPTS)


def test_dangling_reference_is_an_input_error_with_the_line(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(
        "## Data Models\n\n#### Post\n\n| Field | Type | Constraints | Description |\n"
        "|---|---|---|---|\n| id | UUID | PK | id |\n\n**Indexes**:\n\n"
        "| Index Name | Fields | Type | Purpose |\n|---|---|---|---|\n"
        "| idx_posts_x | missing_field | btree | oops |\n"
    )
    with pytest.raises(InputError) as info:
        import_markdown(str(doc), OPTS)
    assert ":13:" in str(info.value) and "missing_field" in str(info.value)


def test_cli_import_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pydev_workflow.cli.app import run_cli

    out = tmp_path / "data-models.yaml"
    code = run_cli(
        ["data-models", "import", "markdown", str(FIXTURES / "library.md"), "-o", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    from pydev_workflow.spec.load import load

    assert load(out).entity("Loan") is not None
