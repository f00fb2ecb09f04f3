"""`pydev-workflow data-models run` end to end, in real temporary git repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tests.conftest import git

from pydev_workflow.cli.app import run_cli

MESSAGE = "docs: ARCHITECTURE.md - data models defined"


def run(project: Path, *args: str) -> int:
    return run_cli(["data-models", "run", "-C", str(project), "--date", "2026-11-25", *args])


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(project.iterdir())
        if p.is_file() and p.suffix in (".md", ".yaml")
    }


def test_run_writes_both_documents_and_commits_only_them(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arch_before = (project / "ARCHITECTURE.md").read_text(encoding="utf-8")
    log_before = (project / "DEV_LOG.md").read_text(encoding="utf-8")
    assert run(project) == 0
    out = capsys.readouterr().out
    assert "[STEP 03] DATA MODELS" in out
    for phase in ("Pre-Flight", "Phase 1", "Phase 2", "Phase 3", "Phase 4", "Checkpoint"):
        assert phase in out
    for question in (
        "Are all necessary entities captured?",
        "Are relationships correctly modeled?",
        "Will query patterns perform adequately?",
        "Any normalization concerns?",
    ):
        assert question in out

    arch = (project / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert arch.startswith(arch_before.rstrip("\n"))  # everything before is untouched
    section = arch[len(arch_before.rstrip("\n")) :]
    assert "## Data Models" in section and "> Last updated: 2026-11-25" in section
    for heading in (
        "### Entity Relationship Diagram",
        "### Entities",
        "### Query Patterns",
        "### Migration Strategy",
        "### Database Schema (SQL)",
    ):
        assert heading in section
    log = (project / "DEV_LOG.md").read_text(encoding="utf-8")
    assert log.startswith(log_before)
    assert "### 2026-11-25 Data Models Defined {#data-models}" in log

    assert git(project, "log", "-1", "--format=%s").strip() == MESSAGE
    files = git(project, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == ["ARCHITECTURE.md", "DEV_LOG.md"]
    assert git(project, "status", "--porcelain") == ""


def test_second_run_changes_no_byte_and_makes_no_commit(project: Path) -> None:
    assert run(project) == 0
    before = snapshot(project)
    head = git(project, "rev-parse", "HEAD")
    # a later date: the content did not change, so neither does `Last updated`
    assert run_cli(["data-models", "run", "-C", str(project), "--date", "2027-01-01"]) == 0
    assert snapshot(project) == before
    assert git(project, "rev-parse", "HEAD") == head
    log = (project / "DEV_LOG.md").read_text(encoding="utf-8")
    assert log.count("{#data-models}") == 1


def test_check_mode_reports_drift_with_a_diff_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "--check") == 1  # never run: the docs are stale
    assert "+## Data Models" in capsys.readouterr().out
    assert git(project, "status", "--porcelain") == ""
    assert run(project) == 0
    assert run(project, "--check") == 0
    spec = project / "data-models.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("description: headline", "description: title"),
        encoding="utf-8",
    )
    before = snapshot(project)
    capsys.readouterr()
    assert run(project, "--check") == 1
    out = capsys.readouterr().out
    assert "-| title |" in out and "+| title |" in out
    assert snapshot(project) == before


def test_user_changes_stay_out_of_the_commit(project: Path) -> None:
    (project / "notes.txt").write_text("staged\n", encoding="utf-8")
    git(project, "add", "notes.txt")
    (project / "CLAUDE.md").write_text("# changed, not staged\n", encoding="utf-8")
    assert run(project) == 0
    files = git(project, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == ["ARCHITECTURE.md", "DEV_LOG.md"]
    status = git(project, "status", "--porcelain").splitlines()
    assert "A  notes.txt" in status and " M CLAUDE.md" in status


def test_no_commit_and_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from tests.conftest import EXAMPLE

    dest = tmp_path / "plain"
    shutil.copytree(EXAMPLE, dest)
    assert run(dest) == 0
    assert "not a git repository: skipped the commit" in capsys.readouterr().out
    assert "## Data Models" in (dest / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_push_to_origin(project: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    git(project, "remote", "add", "origin", str(origin))
    git(project, "push", "-q", "origin", "main")
    assert run(project, "--push") == 0
    assert git(origin, "log", "-1", "--format=%s", "main").strip() == MESSAGE


UNDECIDED = """\
version: 1
entities:
  User:
    component: Accounts
    fields:
      id: {type: uuid, pk: true}
      email: string
  Post:
    component: Publishing
    fields:
      id: {type: uuid, pk: true}
      user_id: {type: uuid, references: User.id}
query_patterns:
  - {name: Posts of a user, entity: Post, filter: [user_id], frequency: high}
"""


def test_below_80_percent_asks_specific_questions_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "data-models.yaml").write_text(UNDECIDED, encoding="utf-8")
    git(project, "commit", "-qam", "undecided spec")
    before = snapshot(project)
    assert run(project) == 3
    out = capsys.readouterr().out
    assert "below 80%" in out
    assert "Post.user_id" in out and "cascade" in out
    assert snapshot(project) == before
    assert run(project, "--format", "json") == 3
    data = json.loads(capsys.readouterr().out)
    assert data["exit_code"] == 3
    assert data["certainty"]["score"] < 80
    assert any("Post.user_id" in q for q in data["certainty"]["questions"])
    assert snapshot(project) == before


def test_preflight_failure_is_an_input_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "DEV_LOG.md").write_text("# Log\n\nNothing yet.\n", encoding="utf-8")
    before = snapshot(project)
    assert run(project) == 2
    err = capsys.readouterr().err
    assert err.startswith("DEV_LOG.md:") and "error:" in err
    assert "Traceback" not in err
    assert snapshot(project) == before
    assert run(project, "--skip-preflight", "--no-commit") == 0


def test_missing_architecture_is_an_input_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "ARCHITECTURE.md").unlink()
    assert run(project) == 2
    assert "ARCHITECTURE.md" in capsys.readouterr().err
    assert not (project / "ARCHITECTURE.md").exists()


def test_merge_in_progress_is_an_input_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(project, "checkout", "-q", "-b", "other")
    (project / "CLAUDE.md").write_text("# other\n", encoding="utf-8")
    git(project, "commit", "-qam", "other")
    git(project, "checkout", "-q", "main")
    (project / "CLAUDE.md").write_text("# main\n", encoding="utf-8")
    git(project, "commit", "-qam", "main")
    subprocess.run(["git", "merge", "-q", "other"], cwd=project, capture_output=True)
    before = snapshot(project)
    assert run(project) == 2
    assert "merge is in progress" in capsys.readouterr().err
    assert snapshot(project) == before


def test_malformed_spec_is_reported_with_location(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = project / "data-models.yaml"
    broken = "entities:\n  User:\n    fields: {id: {type: uuid, pk: true\n"
    spec.write_text(broken, encoding="utf-8")
    before = snapshot(project)
    assert run(project) == 2
    err = capsys.readouterr().err
    assert err.startswith("data-models.yaml:") and "invalid YAML" in err
    assert snapshot(project) == before


def test_debug_shows_the_traceback(project: Path) -> None:
    (project / "data-models.yaml").write_text("entities: [\n", encoding="utf-8")
    from pydev_workflow.errors import InputError

    with pytest.raises(InputError):
        run_cli(["--debug", "data-models", "run", "-C", str(project)])


def test_json_output_has_the_checkpoint(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "--format", "json", "--no-commit") == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["number"] for a in data["checkpoint"]] == [1, 2, 3, 4]
    assert all(a["evidence"] for a in data["checkpoint"])
    assert data["written"] == ["ARCHITECTURE.md", "DEV_LOG.md"]
