"""The second example, examples/shop: the whole step end to end in a temporary git repository.

Five components in a table with responsibilities and owned things, an overview that names its
stores ("Redis (sessions, carts, rate limits)", "object storage (product images)"), CLAUDE.md
practices (UUID keys, created_at/updated_at, money as integer cents, timestamptz, snake_case
plural tables) and a 14-entity spec that leaves storage to the architecture where it says it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import ROOT, git, git_copy

from pydev_workflow.cli.app import run_cli

SHOP = ROOT / "examples" / "shop"
MESSAGE = "docs: ARCHITECTURE.md - data models defined"


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return git_copy(SHOP, tmp_path / "shop", monkeypatch, "step 02: system architecture")


def test_the_whole_step_on_the_shop(shop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arch_before = (shop / "ARCHITECTURE.md").read_text(encoding="utf-8")
    code = run_cli(["data-models", "run", "-C", str(shop), "--date", "2026-11-27", "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0, data["message"]
    assert data["entities"] == 14 and data["findings"] == []
    assert data["certainty"]["score"] >= 80

    # the written section: every entity, prose a reviewer keeps
    arch = (shop / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert arch.startswith(arch_before.rstrip("\n"))
    section = arch[len(arch_before.rstrip("\n")) :]
    assert len(re.findall(r"^#### ", section, re.M)) == 14
    assert "| a Customer places many Orders (orders.customer_id) |" in section
    assert "a Product is listed in many Categories, many-to-many through product_categories" in (
        section
    )
    assert (
        "| idx_orders_customer_id_placed_at | customer_id, placed_at DESC | btree | serves: "
        in (section)
    )
    assert "FK lookup: order_items.product_id → products" in section
    assert "**Storage**: Redis (key-value)" in section  # Session and Cart, from the overview
    assert "**Storage**: object storage (file)" in section  # ProductImage

    # the assumptions recorded: storage the architecture named, with the line it came from
    log = (shop / "DEV_LOG.md").read_text(encoding="utf-8")
    assert "### 2026-11-27 Data Models Defined {#data-models}" in log
    assert re.search(
        r"\| Session: key-value storage in Redis \| assumed from ARCHITECTURE\.md:\d+:1: the "
        r"architecture keeps sessions in Redis; set Session\.storage in the spec to overrule \|",
        log,
    )
    assert "| ProductImage: file storage in object storage |" in log
    assert "| Cart: key-value storage in Redis |" in log

    # the commit holds the two documents only
    assert git(shop, "log", "-1", "--format=%s").strip() == MESSAGE
    assert sorted(git(shop, "show", "--name-only", "--format=", "HEAD").split()) == [
        "ARCHITECTURE.md",
        "DEV_LOG.md",
    ]
    assert git(shop, "status", "--porcelain") == ""

    # the checkpoint
    answers = {a["number"]: a for a in data["checkpoint"]}
    assert [answers[n]["answer"] for n in (1, 2, 3, 4)] == ["ok"] * 4
    assert "Billing: Invoice, Payment, Refund" in answers[1]["evidence"]
    assert any("Overdue invoices" in line for line in answers[3]["evidence"])


def test_a_missing_thing_and_a_broken_practice_are_reported(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = shop / "data-models.yaml"
    text = spec.read_text(encoding="utf-8")
    # drop Refund (the architecture says Billing owns refunds) and store a price as a decimal
    start = text.index("  Refund:\n")
    text = text[:start] + text[text.index("  Shipment:\n") :]
    text = text.replace('  - {from: Payment, to: Refund, type: "1:N", label: refunded_by}\n', "")
    text = text.replace("price_cents: {type: bigint,", 'price_cents: {type: "decimal(10,2)",')
    spec.write_text(text, encoding="utf-8")
    assert run_cli(["data-models", "check", "-C", str(shop)]) == 1
    out = capsys.readouterr().out
    assert re.search(
        r'ARCHITECTURE\.md:\d+:1: DM504 the architecture names "refunds" under Billing \(kept in '
        r"PostgreSQL\) but no entity holds it",
        out,
    )
    assert (
        "DM604 products.price_cents is decimal(10,2), but money is integer-cents (the project's "
        'practice "Store money as integer cents (bigint), never floats or decimals; the currency '
        'lives beside it")'
    ) in out

    code = run_cli(["data-models", "run", "-C", str(shop), "--no-commit", "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0  # warnings: the documents are written, the checkpoint says what to look at
    first = data["checkpoint"][0]
    assert first["answer"] == "needs attention"
    assert any('"refunds" under Billing' in line for line in first["evidence"])


def test_init_on_the_shop_proposes_every_thing_and_the_practices(
    shop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (shop / "data-models.yaml").unlink()
    assert run_cli(["data-models", "init", "-C", str(shop)]) == 0
    out = capsys.readouterr().out
    assert "conventions from CLAUDE.md: uuid primary keys, created_at and updated_at on every " in (
        out
    )
    from pydev_workflow.spec import load

    schema = load(shop / "data-models.yaml")
    names = [e.name for e in schema.entities]
    for name in ("Customer", "Address", "Session", "Product", "Category", "ProductImage"):
        assert name in names
    for name in ("Cart", "Order", "OrderItem", "Invoice", "Payment", "Refund", "Shipment"):
        assert name in names
    assert schema.conventions is not None and schema.conventions.money == "integer-cents"
    storage = {e.name: e.storage for e in schema.entities}
    assert storage["Session"] is not None and storage["Session"].engine == "Redis"


def test_checkpoint_evidence_helpers_on_the_shop() -> None:
    from pydev_workflow.checks.conventions import convention_evidence
    from pydev_workflow.checks.coverage import coverage_evidence
    from pydev_workflow.spec import load
    from pydev_workflow.workflow.architecture import parse_components, propose_storage

    components = parse_components((SHOP / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    schema, _ = propose_storage(load(SHOP / "data-models.yaml"), components)  # as `run` does
    lines = coverage_evidence(schema, components)
    assert (
        "Billing: card payments → Payment, invoices → Invoice, payments → Payment, refunds → Refund"
        in lines
    )
    assert "Redis (overview): rate limits (not an entity)" in lines
    assert any("checkout (not an entity)" in line for line in lines)
    cited = convention_evidence(schema)
    assert cited[0] == (
        'practice "Use UUID primary keys everywhere, generated by the database" '
        "(primary_key: uuid): holds"
    )
    assert len(cited) == 5 and all(line.endswith("holds") for line in cited)


def test_the_json_schema_accepts_the_shop_spec() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    from pydev_workflow.spec.jsonschema import spec_json_schema

    data = YAML(typ="safe").load((SHOP / "data-models.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, spec_json_schema())
    bad = {**data, "conventions": {**data["conventions"], "money": 7}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, spec_json_schema())
