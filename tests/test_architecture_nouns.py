"""Phase 1 from the architecture: the nouns each component's text names, and their coverage."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pydev_workflow.checks import CheckContext, run_checks
from pydev_workflow.checks.coverage import noun_coverage
from pydev_workflow.model import StorageKind
from pydev_workflow.spec import loads
from pydev_workflow.workflow.architecture import (
    noun_key,
    parse_components,
    phrases,
    plural,
    singular,
    store_kind,
)

ARCH = """\
# Shop

## Overview
Data lives in PostgreSQL (orders, customers), Redis (sessions, rate limits) and
object storage (uploads).

## Components
| Component | Responsibilities | Technology |
|---|---|---|
| Accounts | Sign-up, login, customer profiles, sessions | FastAPI |
| Billing | Issues invoices, credit notes and refunds | Stripe |

### Catalog
- Products and categories
- **Owns:** price lists

## Data Models
### Entities
#### Ghost
"""


def _nouns() -> dict[str, list[tuple[str, str | None, str | None]]]:
    return {
        c.name: [(n.text, n.component, n.store) for n in c.nouns] for c in parse_components(ARCH)
    }


def test_nouns_per_component_from_table_bullets_and_store_notes() -> None:
    nouns = _nouns()
    assert list(nouns) == ["Accounts", "Billing", "Catalog"]
    assert ("customer profiles", "Accounts", None) in nouns["Accounts"]
    assert ("sessions", "Accounts", "Redis") in nouns["Accounts"]  # the store note says where
    assert [n for n, _, _ in nouns["Billing"]] == ["invoices", "credit notes", "refunds"]
    assert [n for n, _, _ in nouns["Catalog"]] == ["products", "categories", "price lists"]
    # store notes that no component names ride on the first component, without a component
    assert ("rate limits", None, "Redis") in nouns["Accounts"]
    assert ("uploads", None, "object storage") in nouns["Accounts"]
    assert all("sign" not in n and "login" not in n for n, _, _ in nouns["Accounts"])


def test_phrases_drop_activities_and_verbs() -> None:
    assert phrases("Writing, editing and publishing posts; tags") == ["posts", "tags"]
    assert phrases("Comments on posts") == ["comments", "posts"]
    assert phrases("Images uploaded for posts") == ["images", "posts"]
    assert phrases("Manages user accounts and authentication") == ["user accounts"]


def test_folding() -> None:
    assert noun_key("Credit notes") == noun_key("CreditNote") == noun_key("credit_note")
    assert singular("categories") == "category" and plural("category") == "categories"
    assert singular("addresses") == "address" and singular("status") == "status"
    assert store_kind("redis") == ("Redis", StorageKind.KEY_VALUE)
    assert store_kind("Object storage") == ("object storage", StorageKind.FILE)


def test_coverage_and_dm504() -> None:
    schema = loads(
        """
not_entities: [rate limits, customer profiles]
entities:
  Customer: {component: Accounts, fields: {id: {type: uuid, pk: true}}}
  Session: {component: Accounts, fields: {id: {type: uuid, pk: true}}}
  Invoice: {component: Billing, table: invoices, fields: {id: {type: uuid, pk: true}}}
  Product: {component: Catalog, fields: {id: {type: uuid, pk: true}}}
  Category: {component: Catalog, fields: {id: {type: uuid, pk: true}}}
""",
        "data-models.yaml",
    )
    components = parse_components(ARCH)
    coverage = noun_coverage(schema, components)
    uncovered = sorted(c.noun.text for c in coverage if not c.covered)
    assert uncovered == ["credit notes", "orders", "price lists", "refunds", "uploads"]
    assert {c.noun.text: c.entity for c in coverage}["sessions"] == "Session"
    findings = run_checks(CheckContext(schema, components), select=["DM504"])
    assert [f.loc.line for f in findings] == [4, 4, 11, 11, 15]
    messages = [f.message for f in findings]
    assert 'the architecture names "uploads" in object storage but no entity holds it' in messages
    assert 'the architecture names "refunds" under Billing but no entity holds it' in messages


def test_technology_bullets_are_not_things() -> None:
    text = "# X\n\n## Components\n\n### Billing\n\n- Uses FastAPI and Stripe\n- invoices\n"
    (billing,) = parse_components(text)
    assert [n.text for n in billing.nouns] == ["invoices"]


_PIECES = [*"ab |-*#:()\n,;`_", "Redis (", "\n## Components\n", "| Component | Owns |\n|---|---|\n"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_any_markdown_parses_without_crashing(text: str) -> None:
    for component in parse_components(text):
        for noun in component.nouns:
            assert noun.text == noun.text.lower() and noun.text.strip()
            assert noun_key(noun.text)


@given(st.text(max_size=200))
def test_phrases_are_short_lowercase_runs(text: str) -> None:
    for phrase in phrases(text):
        words = phrase.split()
        assert 1 <= len(words) <= 3 and phrase == phrase.lower()


def test_compounds_about_an_activity_are_dropped_whole() -> None:
    assert phrases("user management, invoices") == ["invoices"]
    assert phrases("cache, job queues and sessions") == ["sessions"]


def test_owns_lines_in_prose_under_a_component_heading() -> None:
    text = (
        "# X\n\n## Components\n\n### Auth Service\n\nHandles authentication for everyone.\n"
        "**Data:** users, refresh tokens\n\n**Responsibilities:**\n\n- Manage API keys\n"
    )
    (auth,) = parse_components(text)
    assert [n.text for n in auth.nouns] == ["users", "refresh tokens", "keys"]


def test_holder_with_a_shared_index_answers_as_a_fresh_lookup() -> None:
    """noun_coverage builds the entity index once (linear in the schema); same answers."""
    from pydev_workflow.checks.coverage import entity_index, holder

    schema = loads(
        """
entities:
  Customer: {component: Accounts, fields: {id: {type: uuid, pk: true}}}
  CreditNote: {component: Billing, fields: {id: {type: uuid, pk: true}}}
  InvoiceLine: {component: Billing, fields: {id: {type: uuid, pk: true}}}
  Picture: {component: Catalog, description: A price list for one market,
            fields: {id: {type: uuid, pk: true}}}
  Customers: {table: clients, fields: {id: {type: uuid, pk: true}}}
""",
        "data-models.yaml",
    )
    index = entity_index(schema)
    nouns = [n for c in parse_components(ARCH) for n in c.nouns]
    assert nouns
    for noun in nouns:
        assert holder(noun, schema, index) == holder(noun, schema), noun.text
    assert {n.text: getattr(holder(n, schema, index), "name", None) for n in nouns}[
        "price lists"
    ] == "Picture"
