"""`ignore:` on an entity or a field: named rule codes are not reported there, and only there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import ExitCode, InputError
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.load import loads

SPEC = """\
entities:
  User:
    table: users
    fields:
      id: {type: uuid, pk: true}
  Post:
    table: posts
    fields:
      id: {type: uuid, pk: true}
      user_id: {type: uuid, references: User.id, on_delete: cascade@FIELD@}
      editor_id: {type: uuid, references: User.id, on_delete: cascade}
@ENTITY@"""


def _spec(field_ignore: str, entity_ignore: str) -> str:
    return SPEC.replace("@FIELD@", field_ignore).replace("@ENTITY@", entity_ignore)


def _codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> list[tuple[str, str]]:
    (tmp_path / "data-models.yaml").write_text(text, encoding="utf-8")
    run_cli(["data-models", "check", "-C", str(tmp_path), "-f", "json", "--select", "DM3"])
    doc = json.loads(capsys.readouterr().out)
    return [(f["code"], f["message"]) for f in doc["findings"]]


def test_field_ignore_drops_only_that_fields_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = _codes(tmp_path, capsys, _spec("", ""))
    assert sorted(c for c, _ in plain) == ["DM301", "DM301"]
    text = _spec(", ignore: [dm301]", "")
    left = _codes(tmp_path, capsys, text)
    assert [c for c, _ in left] == ["DM301"] and "editor_id" in left[0][1]


def test_entity_ignore_covers_its_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _spec("", "    ignore: DM3\n")
    assert _codes(tmp_path, capsys, text) == []


def test_ignore_round_trips_through_the_spec() -> None:
    schema = loads(_spec(", ignore: [DM301]", "    ignore: [DM2]\n"))
    post = schema.entity("Post")
    assert post is not None and post.ignore == ("DM2",)
    field = post.field("user_id")
    assert field is not None and field.ignore == ("DM301",)
    assert loads(dumps(schema)) == schema


def test_an_unknown_code_is_a_located_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError) as caught:
        loads(_spec(", ignore: [XX9]", ""))
    assert "data-models.yaml:10:" in str(caught.value) and "no rule code starts with 'XX9'" in str(
        caught.value
    )
    (tmp_path / "data-models.yaml").write_text(_spec(", ignore: [XX9]", ""), encoding="utf-8")
    assert run_cli(["data-models", "check", "-C", str(tmp_path)]) == ExitCode.USAGE
