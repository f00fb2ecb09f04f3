"""`init`, then `import --merge`: stubs become the imported tables rather than sit beside them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.importers.merge import fold
from pydev_workflow.spec.load import load

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "blog"

SQL = """\
CREATE TABLE accounts (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);
CREATE TABLE media (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id),
  url text NOT NULL);
CREATE TABLE posts (id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id),
  title varchar(200) NOT NULL);
"""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("User", "users"),
        ("OrderItem", "order_items"),
        ("Category", "categories"),
        ("Status", "statuses"),
        ("Person", "people"),
        ("Address", "Addresses"),
        ("CreditNote", "CREDIT_NOTES"),
    ],
)
def test_fold_matches_singular_and_plural_in_any_case(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_things_apart() -> None:
    assert fold("Post") != fold("Posting") and fold("Class") != fold("Clas")


def test_init_then_import_merge_maps_stubs_onto_the_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    for name in ("CLAUDE.md", "ARCHITECTURE.md", "DEV_LOG.md"):
        shutil.copy(EXAMPLE / name, project / name)
    assert run_cli(["data-models", "init", "-C", str(project)]) == 0
    spec = project / "data-models.yaml"
    stubs = load(spec)
    assert [e.name for e in stubs.entities] == ["Account", "Publishing", "Discussion", "Media"]
    # the user fills in a stub's prose before importing
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            '  Account:\n    component: "Accounts"\n    description: ""',
            '  Account:\n    component: "Accounts"\n    description: "Someone who signs in"',
        ),
        encoding="utf-8",
    )
    (project / "schema.sql").write_text(SQL, encoding="utf-8")
    capsys.readouterr()

    code = run_cli(
        ["data-models", "import", "sql", str(project / "schema.sql"), "--dialect", "postgresql",
         "-o", str(spec), "--merge"]
    )  # fmt: skip

    assert code == 0
    out = capsys.readouterr().out
    merged = load(spec)
    names = [e.name for e in merged.entities]
    # Account <- accounts and Media <- media; Posts is new; the two unmatched stubs stay, said so
    assert sorted(names) == ["Account", "Discussion", "Media", "Posts", "Publishing"]
    account = merged.entity("Account")
    assert account is not None and account.table == "accounts"
    assert account.description == "Someone who signs in" and account.component == "Accounts"
    assert [f.name for f in account.fields] == ["id", "email"]  # the table's columns
    media = merged.entity("Media")
    assert media is not None and media.component == "Media" and media.table == "media"
    assert media.foreign_keys[0].ref_entity == "Account"  # references follow the user's name
    posts = merged.entity("Posts")
    assert posts is not None and posts.foreign_keys[0].ref_entity == "Account"
    assert (
        "merge: Account: the init stub Account (table account) now holds table accounts from "
        "the source (Accounts: names match singular/plural, any case)" in out
    )
    assert "merge: Publishing: init stub kept: no table of the source matches it" in out
    assert "merge: Posts: new entity from the source" in out
    # the source's own fact is recorded, not asked
    assert any("relational tables on PostgreSQL" in d.decision for d in merged.decisions)


def test_another_component_or_an_ambiguous_name_is_not_folded() -> None:
    from pydev_workflow.importers.merge import merge_report
    from pydev_workflow.spec.load import loads

    def spec(body: str) -> str:
        return "entities:\n" + body

    def entity(name: str, extra: str = "") -> str:
        return f"  {name}:\n{extra}    fields:\n      id: {{type: uuid, pk: true}}\n"

    imported = loads(spec(entity("Users", "    component: Billing\n")))
    other = loads(spec(entity("User", "    component: Accounts\n")))
    merged, notes = merge_report(other, imported)
    assert {e.name for e in merged.entities} == {"User", "Users"}
    assert "Users: new entity from the source" in notes

    # two of the user's entities fold to `user`: no guess is made
    two = loads(spec(entity("User") + entity("Users", "    table: accounts\n")))
    person = loads(spec(entity("Person", "    table: users\n")))
    merged, notes = merge_report(two, person)
    assert {e.name for e in merged.entities} == {"User", "Users", "Person"}
