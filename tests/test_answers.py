"""Questions asked at the prompt, answers written into the spec with its comments and layout."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from tests.conftest import git

from pydev_workflow.certainty import assess
from pydev_workflow.checks import CheckContext, run_checks
from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import InputError
from pydev_workflow.spec import load
from pydev_workflow.workflow.answers import apply_answers, ask

MIGRATION = re.compile(r"^migration:\n(?:  .*\n)+", re.M)


def make_uncertain(spec: Path) -> str:
    """The example without its migration strategy, storage default and one on_delete."""
    text = spec.read_text(encoding="utf-8")
    text = MIGRATION.sub("", text)
    text = text.replace("storage: {kind: relational, engine: PostgreSQL}\n", "")
    text = text.replace(
        "user_id: {type: uuid, nullable: false, references: User.id, on_delete: cascade, "
        "description: author}",
        "user_id: {type: uuid, nullable: false, references: User.id, description: author}"
        "  # who wrote it",
    )
    spec.write_text(text, encoding="utf-8")
    return text


def _certainty(spec: Path):  # type: ignore[no-untyped-def]
    schema = load(spec)
    return assess(schema, run_checks(CheckContext(schema)))


def test_answers_are_written_with_comments_and_layout_kept(project: Path) -> None:
    spec = project / "data-models.yaml"
    before = make_uncertain(spec)
    c = _certainty(spec)
    assert not c.passed
    console = Console(file=io.StringIO(), width=120, force_terminal=False)
    keys = [p.spec_key for p in c.undecided]
    assert "entities.Post.fields.user_id.on_delete" in keys and "migration.tool" in keys
    # one answer per question: by number, by label, skip, …
    replies = {
        "entities.Post.fields.user_id.on_delete": "restrict",
        "migration.tool": "1",
        "migration.versioning": "2",
        "migration.rollback": "1",
        "migration.data_migrations": "s",
    }
    stream = io.StringIO(
        "".join(replies.get(k, "1" if k.endswith(".storage") else "s") + "\n" for k in keys)
    )
    answers = ask(c.undecided, console, stream)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "entities.Post.fields.user_id.on_delete" in shown and "1. cascade" in shown

    text = apply_answers(spec, answers, "data-models.yaml")

    assert spec.read_text(encoding="utf-8") == text
    # every comment survives, and every line not answered is byte-identical
    for line in before.splitlines():
        if "#" in line:
            assert line[line.index("#") :] in text
    assert (
        "      user_id: {type: uuid, nullable: false, references: User.id, description: author, "
        "on_delete: restrict} # who wrote it" in text
    )
    assert "migration:\n  tool: alembic\n  versioning: timestamped revisions\n" in text
    assert "data_migrations" not in text  # skipped: left open
    changed = [ln for ln in text.splitlines() if ln not in before.splitlines()]
    assert all(
        "on_delete: restrict" in ln
        or ln.startswith(("migration:", "  tool:", "  versioning:", "  rollback:", "    storage:"))
        for ln in changed
    ), changed
    after = _certainty(spec)
    assert after.passed and after.score > c.score
    post = load(spec).entity("Post")
    assert post is not None and post.fk_of("user_id").on_delete.value == "restrict"  # type: ignore[union-attr]


def test_q_stops_asking_and_keeps_earlier_answers(project: Path) -> None:
    spec = project / "data-models.yaml"
    make_uncertain(spec)
    c = _certainty(spec)
    console = Console(file=io.StringIO(), width=120)
    answers = ask(c.undecided, console, io.StringIO("1\nq\n1\n"))
    assert len(answers) == 1


def test_an_answer_that_breaks_the_spec_writes_nothing(project: Path) -> None:
    from pydev_workflow.certainty import Choice

    spec = project / "data-models.yaml"
    make_uncertain(spec)
    before = spec.read_bytes()
    point = next(p for p in _certainty(spec).undecided if p.spec_key == "migration.tool")
    bad = Choice("bad", ((("entities", "Post", "fields", "user_id", "on_delete"), "explode"),))
    with pytest.raises(InputError, match="on_delete"):
        apply_answers(spec, [(point, bad)], "data-models.yaml")
    assert spec.read_bytes() == before


def test_foreign_key_in_the_foreign_keys_list_and_short_field_type(tmp_path: Path) -> None:
    spec = tmp_path / "data-models.yaml"
    spec.write_text(
        "# my spec\n"
        "entities:\n"
        "  A:\n"
        "    fields:\n"
        "      id: {type: uuid, pk: true}\n"
        "      b_id: uuid     # the B\n"
        "      note: string   # free text?\n"
        "    foreign_keys:\n"
        "      - {fields: [b_id], references: B(id)}\n"
        "  B:\n"
        "    fields:\n"
        "      id: {type: uuid, pk: true}\n",
        encoding="utf-8",
    )
    c = _certainty(spec)
    by_key = {p.spec_key: p for p in c.undecided}
    fk = by_key["entities.A.fields.b_id.on_delete"]
    note = by_key["entities.A.fields.note.type"]
    answers = [
        (fk, next(ch for ch in fk.choices if ch.label == "set null")),
        (note, next(ch for ch in note.choices if ch.label == "string(255)")),
    ]
    text = apply_answers(spec, answers, "data-models.yaml")
    assert "      - {fields: [b_id], references: B(id), on_delete: set null}\n" in text
    assert "      note: string(255) # free text?\n" in text or "note: string(255)" in text
    assert text.startswith("# my spec\n") and "# the B" in text and "# free text?" in text
    a = load(spec).entity("A")
    assert a is not None and a.fk_of("b_id").on_delete.value == "set null"  # type: ignore[union-attr]


def test_run_interactive_asks_writes_and_goes_on(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    make_uncertain(spec)
    git(project, "commit", "-qam", "uncertain spec")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 40))
    code = run_cli(["data-models", "run", "-C", str(project), "--date", "2026-11-25",
                    "--interactive"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "answer(s) written (comments and layout kept)" in out
    assert "going on with the answers" in out and "Checkpoint" in out
    assert "on_delete: cascade" in spec.read_text(encoding="utf-8")
    assert git(project, "log", "-1", "--format=%s").strip() == (
        "docs: ARCHITECTURE.md - data models defined"
    )


def test_no_interactive_and_json_never_ask(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    before = make_uncertain(spec)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 40))
    args = ["data-models", "run", "-C", str(project), "--date", "2026-11-25"]
    assert run_cli([*args, "--no-interactive"]) == 3
    assert run_cli([*args, "--format", "json"]) == 3
    assert run_cli(args) == 3  # stdin is no terminal: no questions asked
    assert spec.read_text(encoding="utf-8") == before
    out = capsys.readouterr().out
    assert "entities.Post.fields.user_id.on_delete: cascade | restrict]" in out


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_pseudo_terminal_run_asks_by_itself(project: Path) -> None:
    spec = project / "data-models.yaml"
    make_uncertain(spec)
    git(project, "commit", "-qam", "uncertain spec")
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pydev_workflow", "data-models", "run", "-C", str(project),
         "--date", "2026-11-25"],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    os.write(master, b"2\n" * 40)  # the terminal buffers the lines; each prompt reads one
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        out += chunk
    code = proc.wait(timeout=60)
    os.close(master)
    text = out.decode("utf-8", "replace")
    assert code == 0, text
    assert "answer (1-" in text and "answer(s) written" in text
    assert "on_delete: restrict" in spec.read_text(encoding="utf-8")


def test_adding_an_index_and_accepting_a_risk_are_written_where_they_belong(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "data-models.yaml"
    spec.write_text(
        "entities:\n"
        "  User:\n"
        "    fields:\n"
        "      id: {type: uuid, pk: true}\n"
        "\n"
        "  Post:\n"
        "    table: posts\n"
        "    partitioning: {method: range, key: [created_at]}\n"
        "    fields:\n"
        "      id: {type: uuid, pk: true}\n"
        "      user_id: {type: uuid, references: User.id, on_delete: cascade}\n"
        "      created_at: {type: timestamp(tz)}\n"
        "      status: string(20)\n"
        "    indexes:\n"
        "      - {name: idx_posts_created_at, fields: [created_at]}\n"
        "\n"
        "# the queries we know\n"
        "query_patterns:\n"
        "  - {name: Feed, entity: Post, filter: [status], frequency: high}\n",
        encoding="utf-8",
    )
    c = _certainty(spec)
    by_key = {p.key: p for p in c.undecided}
    query = by_key["query:Feed:index"]
    fk = by_key["risk:Post.user_id:fk-index"]
    part = by_key["risk:Post:partitions"]
    answers = [
        (query, query.choices[0]),  # add the suggested index
        (fk, fk.choices[0]),  # add the FK's index
        (part, next(ch for ch in part.choices if ch.label == "accept")),
    ]
    text = apply_answers(spec, answers, "data-models.yaml")
    assert (
        "    indexes:\n"
        "      - {name: idx_posts_created_at, fields: [created_at]}\n"
        "      - {name: idx_posts_status, fields: [status], purpose: Feed}\n"
        "      - {name: idx_posts_user_id, fields: [user_id], purpose: joins and deletes "
        "through Post.user_id}\n"
        "\n"
        "# the queries we know\n"
    ) in text
    assert "decisions:\n  - {decision: Post is partitioned with no partitions declared" in text
    after = _certainty(spec)
    assert not any(p.key.startswith(("risk:", "query:")) for p in after.undecided)
