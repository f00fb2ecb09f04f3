"""Documentation renderers: golden files on the example and corpus specs, and their rules."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from golden import assert_golden
from pydev_workflow.model import Schema
from pydev_workflow.renderers import RenderOptions, render
from pydev_workflow.renderers import mermaid as mermaid_mod
from pydev_workflow.spec.load import load, loads

ROOT = Path(__file__).resolve().parent.parent
SPECS = {
    "blog": ROOT / "examples" / "blog" / "data-models.yaml",
    "chinook": ROOT / "tests" / "fixtures" / "specs" / "chinook.yaml",
    "sakila": ROOT / "tests" / "fixtures" / "specs" / "sakila.yaml",
    "storage-mix": ROOT / "tests" / "fixtures" / "specs" / "storage-mix.yaml",
}
# renderer -> golden file name
GOLDEN = {
    "mermaid": "mermaid.mmd",
    "devlog": "devlog.md",
    "jsonschema": "jsonschema.json",
    "keyvalue": "keyvalue.md",
    "markdown": "markdown.md",
}
OPTIONS = RenderOptions(date="2025-01-15")
HAS_SQL = importlib.util.find_spec("pydev_workflow.renderers.sql") is not None


def _spec(case: str) -> Schema:
    return load(SPECS[case])


@pytest.mark.parametrize("renderer", sorted(GOLDEN))
@pytest.mark.parametrize("case", sorted(SPECS))
def test_golden(case: str, renderer: str) -> None:
    """Every documentation renderer on the example, the two corpus specs and the edge cases."""
    if renderer == "markdown" and not HAS_SQL:
        pytest.skip("the sql renderer (renderers/sql.py) does not exist yet")
    schema = _spec(case)
    # the spec's own dialect, as `run` passes it: Sakila's SQL block is SQLite DDL
    text = render(renderer, schema, RenderOptions(date=OPTIONS.date, dialect=schema.dialect))
    assert text.endswith("\n") and not text.endswith("\n\n")
    if renderer == "markdown":
        text = _elide_sql(text, schema, RenderOptions(date=OPTIONS.date, dialect=schema.dialect))
    assert_golden(case, GOLDEN[renderer], text)


SQL_PLACEHOLDER = "-- (the sql renderer's DDL; golden-tested in its own sql-* files)"


def _elide_sql(text: str, schema: Schema, options: RenderOptions) -> str:
    """The section with its SQL fence body replaced by a placeholder, after checking the body.

    The DDL is the sql renderer's (golden-tested by its owner); this golden keeps what this
    module decides, so a DDL change does not churn four section goldens.
    """
    from pydev_workflow.renderers.markdown import sql_text

    head, sep, rest = text.partition("### Database Schema (SQL)\n\n```sql\n")
    if not sep:
        return text
    body, fence, tail = rest.rpartition("```\n")
    assert fence and tail == ""
    assert body == sql_text(schema, options).rstrip("\n") + "\n"
    return head + sep + SQL_PLACEHOLDER + "\n" + fence


@pytest.mark.parametrize("renderer", sorted(set(GOLDEN) - {"markdown"}))
def test_pure_and_deterministic(renderer: str) -> None:
    """Same model, same bytes; the date comes only from the options."""
    schema = _spec("blog")
    first = render(renderer, schema, OPTIONS)
    assert render(renderer, load(SPECS["blog"]), OPTIONS) == first
    other = render(renderer, schema, RenderOptions(date="2031-12-31"))
    assert ("2031-12-31" in other) == (renderer == "devlog")


# -- mermaid ----------------------------------------------------------------------------------
def _mini(body: str) -> Schema:
    return loads("version: 1\n" + body)


def test_mermaid_seed_shape() -> None:
    """The seed's four relationship lines come first, junction hidden, then the blocks."""
    text = render("mermaid", _spec("blog"), OPTIONS)
    lines = text.splitlines()
    assert lines[:5] == [
        "erDiagram",
        "    USER ||--o{ POST : creates",
        "    USER ||--o{ COMMENT : writes",
        "    POST ||--o{ COMMENT : has",
        "    POST }o--o{ TAG : tagged_with",
    ]
    assert "POST_TAG" not in text
    assert '        uuid id PK "unique identifier"' in lines
    assert '        string(255) email UK "sign-in address"' in lines
    assert '        uuid user_id FK "author"' in lines


CROW = """
entities:
  A:
    fields:
      id: {type: integer, pk: true}
  B:
    fields:
      id: {type: integer, pk: true}
      a_id: {type: integer, nullable: NULLABLE, unique: UNIQUE, references: A.id}
relationships:
  - {from: A, to: B, type: "1:N", label: owns}
"""


@pytest.mark.parametrize(
    ("nullable", "unique", "line"),
    [
        ("false", "false", "A ||--o{ B : owns"),
        ("true", "false", "A |o--o{ B : owns"),
        ("false", "true", "A ||--o| B : owns"),
        ("true", "true", "A |o--o| B : owns"),
    ],
)
def test_mermaid_crows_feet_from_the_model(nullable: str, unique: str, line: str) -> None:
    """Parent side from the FK's nullability, child side from its uniqueness."""
    schema = _mini(CROW.replace("NULLABLE", nullable).replace("UNIQUE", unique))
    assert f"    {line}" in render("mermaid", schema, OPTIONS).splitlines()


def test_mermaid_draws_undeclared_foreign_keys_with_the_field_name() -> None:
    """An FK no relationship covers is still drawn, labelled with its field."""
    schema = _mini(
        CROW.split("relationships:")[0].replace("NULLABLE", "false").replace("UNIQUE", "false")
    )
    assert "    A ||--o{ B : a_id" in render("mermaid", schema, OPTIONS).splitlines()


def test_mermaid_types_are_parser_safe() -> None:
    """No comma or space inside a type token; the seed's spellings otherwise."""
    schema = _spec("storage-mix")
    text = render("mermaid", schema, OPTIONS)
    assert "decimal(10-2) total" in text
    assert "character_varying home_region" in text
    assert "string(30)[] tags" in text
    assert "timestamp placed_at PK" in text
    for line in text.splitlines():
        if line.startswith("        "):
            type_token = line.split()[0]
            assert "," not in type_token
    assert "sign-in 'address'" in text  # a double quote would end the comment


def test_mermaid_simplified_lists_lonely_entities() -> None:
    """Relationship lines only, plus bare names of entities without any line."""
    text = render("mermaid", _spec("sakila"), RenderOptions(simplified=True))
    assert "{" not in text.replace("o{", "")
    assert text.splitlines()[-1] == "    FILM_TEXT"


def test_entity_names_upper_snake() -> None:
    """`PostTag` -> `POST_TAG`, as the seed's USER/POST spelling."""
    assert mermaid_mod.entity_name("PostTag") == "POST_TAG"
    assert mermaid_mod.entity_name("User") == "USER"


# -- markdown ---------------------------------------------------------------------------------
@pytest.fixture
def md(monkeypatch: pytest.MonkeyPatch) -> object:
    """render("markdown", …); until renderers/sql.py exists its SQL block is a placeholder."""
    from pydev_workflow.renderers import markdown

    if not HAS_SQL:
        monkeypatch.setattr(markdown, "sql_text", lambda schema, options: "-- sql\n")

    def run(schema: Schema, options: RenderOptions = OPTIONS) -> str:
        return render("markdown", schema, options)

    return run


def test_markdown_headings_in_seed_order(md: Any) -> None:
    """`## Data Models`, Last updated, ERD, Entities, Query Patterns, Migration, SQL."""
    text = md(_spec("blog"))
    assert text.startswith(
        "## Data Models\n\n> Last updated: 2025-01-15\n\n"
        "### Entity Relationship Diagram\n\n```mermaid\nerDiagram\n"
    )
    order = [
        "### Entities",
        "#### User",
        "### Query Patterns",
        "### Migration Strategy",
        "### Database Schema (SQL)",
    ]
    positions = [text.index(h + "\n") for h in order]
    assert positions == sorted(positions)
    user = text[text.index("#### User") : text.index("#### Post")]
    items = [
        "| Field | Type | Constraints | Description |",
        "**Relationships**:",
        "**Storage**: PostgreSQL (relational)",
        "**Normalization**:",
        "**Indexes**: none",
        "\n---\n",
    ]
    at = [user.index(i) for i in items]
    assert at == sorted(at)
    assert "| created_at | TIMESTAMPTZ | NOT NULL, DEFAULT NOW | creation time |" in user
    assert "| updated_at | TIMESTAMPTZ | | last modification |" in user
    assert "Decisions" not in text


def test_markdown_constraints_and_escaping(md: Any) -> None:
    """FK with action, table checks on their field, partitioning, `|` escaped in cells."""
    text = md(_spec("storage-mix"))
    assert "| customer_id | BIGINT | FK → customers.id ON DELETE SET NULL, " in text
    assert "CHECK (coupon_code <> '')" in text
    assert "**Partitioning**: range on (placed_at) — drop old months cheaply" in text
    assert "unpaid orders \\| dunning" in text
    assert "placed_at WHERE paid = false" in text
    assert '"$jsonSchema"' in text and "**Keys**:" in text


def test_markdown_query_patterns_from_the_analysis(md: Any) -> None:
    """Frequency capitalised, complexity from the index analysis, verify notes appended."""
    options = RenderOptions(date="2025-01-15", verified={"Get post by ID": "verified on sqlite"})
    text = md(_spec("blog"), options)
    assert "| Get post by ID | High | O(1) (verified on sqlite) | PK |" in text
    assert "| Comments per post report | Low | O(n) | - |" in text
    assert "| List an author's posts | High | O(log n) | idx_posts_user_id_created_at |" in text


def test_markdown_sql_block_holds_only_relational_entities() -> None:
    """Document and key-value entities get their own layout, never DDL."""
    from pydev_workflow.renderers.markdown import relational_part

    names = {e.name for e in relational_part(_spec("storage-mix")).entities}
    assert names == {"Customer", "CustomerProfile", "Order", "Coupon", "Review"}


# -- devlog, document, key-value --------------------------------------------------------------
def test_devlog_entry_template() -> None:
    """Heading with anchor, summary, tables, simplified ERD, next step, closing rule."""
    text = render("devlog", _spec("blog"), OPTIONS)
    assert text.startswith(
        "### 2025-01-15 Data Models Defined {#data-models}\n\n"
        "**Summary**: Designed data models and storage strategy\n\n"
    )
    assert "| User | 5 | PostgreSQL |" in text
    assert "| Session | 4 | Redis |" in text
    assert "    USER ||--o{ POST : creates\n```" not in text  # more lines follow
    assert "uuid id PK" not in text  # simplified: no attribute blocks
    assert "| Sessions in Redis with a TTL |" in text
    assert "| Post: Normalized (3NF) | Author name is joined from users, never copied |" in text
    assert text.endswith("**Next Steps**:\n- Proceed to core logic design\n\n---\n")


def test_document_validator() -> None:
    """Required = non-nullable fields; nullable enum allows null; BSON types mapped."""
    from pydev_workflow.renderers.document import json_schema

    cart = _spec("storage-mix").entity("CartLine")
    assert cart is not None
    v = json_schema(cart)
    assert v["required"] == ["_id", "customer_id", "sku", "quantity", "added_at"]
    assert v["properties"]["state"]["enum"] == ["open", "saved", None]
    assert v["properties"]["added_at"]["bsonType"] == "date"
    out = json.loads(render("jsonschema", _spec("storage-mix"), OPTIONS))
    assert list(out) == ["cart_lines"]


def test_keyvalue_pattern_and_ttl() -> None:
    """Declared key pattern, else `{table}:{pk}`; TTL from expires_at / ttl fields."""
    from pydev_workflow.renderers.keyvalue import key_spec

    session = _spec("blog").entity("Session")
    limit = _spec("storage-mix").entity("RateLimit")
    assert session is not None and limit is not None
    s = key_spec(session)
    assert s.pattern == "session:{token}"
    assert s.value_fields == ("user_id", "user_name", "expires_at")
    assert "EXPIREAT" in s.ttl
    r = key_spec(limit)
    assert r.pattern == "rate_limit:{customer_id}:{minute}"
    assert "EXPIRE)" in r.ttl


# -- the real Mermaid parser ------------------------------------------------------------------
PARSE_JS = """
import fs from 'node:fs';
import mermaid from 'mermaid';
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = [];
for (const text of texts) {
  try { await mermaid.parse(text); out.push(null); }
  catch (e) { out.push(String(e.message || e)); }
}
console.log(JSON.stringify(out));
"""
# 10 is the last version with the strict attribute lexer (no commas), 11 the current one
MERMAID_VERSIONS = ("10.9.3", "11.17.2")


def _mermaid_dir(version: str) -> Path:
    """A directory outside the repository with mermaid@version installed (cached)."""
    base = Path(
        os.environ.get("PYDEV_MERMAID_CACHE")
        or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "pydev-workflow-tests"
    )
    where = base / f"mermaid-{version}"
    if not (where / "node_modules" / "mermaid" / "package.json").exists():
        where.mkdir(parents=True, exist_ok=True)
        (where / "package.json").write_text('{"name": "mermaid-check", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", f"mermaid@{version}"],
            cwd=where,
            check=True,
            capture_output=True,
            timeout=600,
        )
    (where / "parse.mjs").write_text(PARSE_JS)
    return where


@pytest.mark.parametrize("version", MERMAID_VERSIONS)
def test_mermaid_output_parses_with_real_mermaid(version: str) -> None:
    """Every diagram we emit (full and simplified) parses with Mermaid 10 and 11 under node."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm are not installed")
    where = _mermaid_dir(version)
    texts = [
        render("mermaid", _spec(case), RenderOptions(simplified=simple))
        for case in sorted(SPECS)
        for simple in (False, True)
    ]
    # a control: the raw spelling `decimal(10,2)` breaks the version-10 lexer
    texts.append("erDiagram\n    A {\n        decimal(10,2) total\n    }\n")
    proc = subprocess.run(
        ["node", str(where / "parse.mjs")],
        input=json.dumps(texts),
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors = json.loads(proc.stdout.strip().splitlines()[-1])
    assert errors[:-1] == [None] * (len(texts) - 1)
    assert (errors[-1] is not None) == version.startswith("10.")
