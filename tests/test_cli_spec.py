"""`init`, `schema` and `render` end to end, and the JSON Schema agreeing with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.spec import load

EXAMPLE_SPECS = sorted(
    [Path(__file__).parent.parent / "examples" / "blog" / "data-models.yaml"]
    + list((Path(__file__).parent / "fixtures" / "specs").glob("*.yaml"))
)


@pytest.mark.parametrize("spec", EXAMPLE_SPECS, ids=lambda p: p.stem)
def test_json_schema_accepts_what_the_loader_accepts(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema
    from ruamel.yaml import YAML

    assert run_cli(["data-models", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    load(spec)
    jsonschema.validate(YAML(typ="safe").load(spec.read_text(encoding="utf-8")), schema)


def test_json_schema_rejects_unknown_keys(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    run_cli(["data-models", "schema"])
    schema = json.loads(capsys.readouterr().out)
    bad = {"entities": {"A": {"fields": {"id": "uuid"}, "indexs": []}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_init_writes_a_stub_per_component(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ARCHITECTURE.md").write_text(
        "# X\n\n## Components\n\n### Billing\n\nMoney.\n\n### Users\n\nPeople.\n", encoding="utf-8"
    )
    assert run_cli(["data-models", "init", "-C", str(tmp_path)]) == 0
    spec = tmp_path / "data-models.yaml"
    schema = load(spec)
    assert [(e.name, e.component) for e in schema.entities] == [
        ("Billing", "Billing"),
        ("User", "Users"),
    ]
    text = spec.read_text(encoding="utf-8")
    assert "What objects does the system manage?" in text
    # a second init refuses to overwrite and writes nothing
    before = spec.read_bytes()
    assert run_cli(["data-models", "init", "-C", str(tmp_path)]) == 2
    assert "spec already exists" in capsys.readouterr().err
    assert spec.read_bytes() == before


def test_render_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["data-models", "render", "-C", "examples/blog", "--format", "mermiad"])
    assert code == 2
    assert "did you mean 'mermaid'" in capsys.readouterr().err


def test_render_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["data-models", "render", "-C", "examples/blog", "--date", "2026-13-40"])
    assert code == 2
    assert "not a date" in capsys.readouterr().err
