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
CREATE TABLE profiles (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);
CREATE TABLE images (id bigserial PRIMARY KEY, profile_id bigint NOT NULL REFERENCES profiles (id),
  url text NOT NULL);
CREATE TABLE audit_events (id bigserial PRIMARY KEY,
  profile_id bigint NOT NULL REFERENCES profiles (id), what varchar(200) NOT NULL);
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
    # init proposes one stub per thing the architecture says a component owns
    assert [e.name for e in stubs.entities] == [
        "Profile", "Session", "Post", "Tag", "Comment", "Image"
    ]  # fmt: skip
    # the user fills in a stub's prose before importing
    stub = '  Profile:\n    component: "Accounts"\n    description: ""'
    text = spec.read_text(encoding="utf-8")
    assert stub in text
    spec.write_text(
        text.replace(stub, '  Profile:\n    component: "Accounts"\n    description: "Who writes"'),
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
    # Profile <- profiles and Image <- images; AuditEvents is new; unmatched stubs stay, said so
    assert sorted(names) == ["AuditEvents", "Comment", "Image", "Post", "Profile", "Session", "Tag"]
    profile = merged.entity("Profile")
    assert profile is not None and profile.table == "profiles"
    assert profile.description == "Who writes" and profile.component == "Accounts"
    assert [f.name for f in profile.fields] == ["id", "email"]  # the table's columns
    image = merged.entity("Image")
    assert image is not None and image.component == "Media" and image.table == "images"
    assert image.foreign_keys[0].ref_entity == "Profile"  # references follow the user's name
    events = merged.entity("AuditEvents")
    assert events is not None and events.foreign_keys[0].ref_entity == "Profile"
    assert (
        "merge: Profile: the init stub Profile (table profile) now holds table profiles from "
        "the source (Profiles: names match singular/plural, any case)" in out
    )
    assert "merge: Post: init stub kept: no table of the source matches it" in out
    assert "merge: AuditEvents: new entity from the source" in out
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
