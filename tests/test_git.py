"""Committing only the step's documents, in real temporary git repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import git
from pydev_workflow.errors import InputError
from pydev_workflow.steps import COMMIT_MESSAGE
from pydev_workflow.workflow.git import (
    NOT_A_REPOSITORY,
    CommitStatus,
    check_identity,
    commit_paths,
    in_progress,
    push,
    repo_root,
    state,
)

DOCS = ("ARCHITECTURE.md", "DEV_LOG.md")


def _status(root: Path) -> str:
    return git(root, "status", "--porcelain")


def test_repo_root_and_state(project: Path, tmp_path: Path) -> None:
    assert repo_root(project) == project.resolve()
    assert repo_root(project / "ARCHITECTURE.md") == project.resolve()
    outside = tmp_path / "plain"
    outside.mkdir()
    assert repo_root(outside) is None
    assert state(outside) is None
    st = state(project)
    assert st is not None and st.branch == "main" and st.has_commits


def test_commits_only_the_docs_and_leaves_the_rest_alone(project: Path) -> None:
    # the user's own work in progress: one staged file, one unstaged change, one untracked
    (project / "staged.txt").write_text("staged\n")
    git(project, "add", "staged.txt")
    with (project / "CLAUDE.md").open("a") as fh:
        fh.write("- unstaged change\n")
    (project / "untracked.txt").write_text("u\n")
    with (project / "ARCHITECTURE.md").open("a") as fh:
        fh.write("\n## Data Models\n\nnew\n")
    with (project / "DEV_LOG.md").open("a") as fh:
        fh.write("\n### 2026-12-01 Data Models Defined {#data-models}\n\n---\n")
    before = _status(project)

    result = commit_paths(project, [project / d for d in DOCS])

    assert result.status is CommitStatus.COMMITTED and result.committed
    assert result.paths == DOCS
    assert git(project, "log", "-1", "--format=%s").strip() == COMMIT_MESSAGE
    assert git(project, "rev-parse", "HEAD").strip() == result.sha
    files = git(project, "show", "--name-only", "--format=", "HEAD").split()
    assert files == list(DOCS)
    after = _status(project)
    assert after.splitlines() == [ln for ln in before.splitlines() if not ln.endswith(DOCS)]
    assert "A  staged.txt" in after  # still staged, not committed
    assert " M CLAUDE.md" in after  # still unstaged
    assert "?? untracked.txt" in after
    assert str(result).startswith("committed ARCHITECTURE.md, DEV_LOG.md as ")


def test_partially_staged_other_file_keeps_its_index_and_worktree(project: Path) -> None:
    claude = project / "CLAUDE.md"
    claude.write_text(claude.read_text() + "- staged line\n")
    git(project, "add", "CLAUDE.md")
    claude.write_text(claude.read_text() + "- unstaged line\n")
    staged = git(project, "diff", "--cached")
    unstaged = git(project, "diff")
    (project / "DEV_LOG.md").write_text("# Log\n\nchanged\n")
    assert commit_paths(project, [project / d for d in DOCS]).committed
    assert git(project, "diff", "--cached") == staged
    assert git(project, "diff") == unstaged


def test_nothing_changed_means_no_commit(project: Path) -> None:
    head = git(project, "rev-parse", "HEAD")
    result = commit_paths(project, [project / d for d in DOCS])
    assert result.status is CommitStatus.UNCHANGED and not result.committed
    assert "nothing to commit" in result.detail and "unchanged" in result.detail
    assert git(project, "rev-parse", "HEAD") == head


def test_relative_paths_from_a_subdirectory_and_new_files(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = project / "docs"
    sub.mkdir()
    (sub / "ARCHITECTURE.md").write_text("# new\n")
    monkeypatch.chdir(sub)
    result = commit_paths(sub, ["ARCHITECTURE.md", "DEV_LOG.md"])  # DEV_LOG.md does not exist
    assert result.committed and result.paths == ("docs/ARCHITECTURE.md",)


def test_first_commit_in_an_empty_repository(tmp_path: Path, project: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "other.txt").write_text("x\n")
    git(root, "add", "other.txt")
    (root / "ARCHITECTURE.md").write_text("# A\n")
    result = commit_paths(root, [root / "ARCHITECTURE.md"])
    assert result.committed
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["ARCHITECTURE.md"]
    assert "A  other.txt" in _status(root)


def test_outside_a_repository_the_commit_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "ARCHITECTURE.md").write_text("# A\n")
    result = commit_paths(tmp_path, [tmp_path / "ARCHITECTURE.md"])
    assert result.status is CommitStatus.NOT_A_REPOSITORY
    assert result.detail == NOT_A_REPOSITORY == "not a git repository: skipped the commit"
    assert commit_paths(None, []).status is CommitStatus.NOT_A_REPOSITORY
    assert not push(tmp_path).pushed


def test_path_outside_the_repository_is_an_input_error(project: Path, tmp_path: Path) -> None:
    stray = tmp_path / "elsewhere.md"
    stray.write_text("x")
    with pytest.raises(InputError, match="outside the git repository"):
        commit_paths(project, [stray])


def _conflict(root: Path) -> None:
    git(root, "checkout", "-q", "-b", "other")
    (root / "CLAUDE.md").write_text("other\n")
    git(root, "commit", "-q", "-am", "other")
    git(root, "checkout", "-q", "main")
    (root / "CLAUDE.md").write_text("main\n")
    git(root, "commit", "-q", "-am", "main")


def test_merge_in_progress_is_an_input_error(project: Path) -> None:
    _conflict(project)
    with pytest.raises(subprocess.CalledProcessError):
        git(project, "merge", "other")
    assert in_progress(project) == (
        "merge",
        ".git/MERGE_HEAD",
        "git merge --continue` or `git merge --abort",
    )
    with pytest.raises(InputError) as exc:
        commit_paths(project, [project / "DEV_LOG.md"])
    assert str(exc.value) == (
        ".git/MERGE_HEAD: error: a merge is in progress in this repository "
        "(finish or abort the merge first: `git merge --continue` or `git merge --abort`)"
    )
    git(project, "merge", "--abort")
    assert in_progress(project) is None


@pytest.mark.parametrize(
    ("start", "name"),
    [(("rebase", "other"), "rebase"), (("cherry-pick", "other"), "cherry-pick")],
)
def test_rebase_and_cherry_pick_in_progress(
    project: Path, start: tuple[str, str], name: str
) -> None:
    _conflict(project)
    with pytest.raises(subprocess.CalledProcessError):
        git(project, *start)
    with pytest.raises(InputError, match=f"a {name} is in progress.*finish or abort the {name}"):
        state(project)


def test_revert_in_progress(project: Path) -> None:
    (project / "CLAUDE.md").write_text("one\n")
    git(project, "commit", "-q", "-am", "one")
    (project / "CLAUDE.md").write_text("two\n")
    git(project, "commit", "-q", "-am", "two")
    with pytest.raises(subprocess.CalledProcessError):
        git(project, "revert", "--no-edit", "HEAD~1")
    with pytest.raises(InputError, match="a revert is in progress"):
        state(project)


def test_missing_identity_says_how_to_set_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (project / "DEV_LOG.md").write_text("changed\n")
    head = git(project, "rev-parse", "HEAD")
    with pytest.raises(InputError) as exc:
        commit_paths(project, [project / "DEV_LOG.md"])
    assert str(exc.value).splitlines() == [
        "error: git does not know your name (set it with `git config --global user.name "
        '"Your Name"`, or pass --no-commit)',
        "error: git does not know your e-mail address (set it with `git config --global "
        "user.email you@example.com`, or pass --no-commit)",
    ]
    assert git(project, "rev-parse", "HEAD") == head
    subprocess.run(["git", "config", "user.name", "Repo User"], cwd=project, check=True)
    subprocess.run(["git", "config", "user.email", "r@example.com"], cwd=project, check=True)
    check_identity(project)
    assert commit_paths(project, [project / "DEV_LOG.md"]).committed


def test_failing_pre_commit_hook_is_an_input_error(project: Path) -> None:
    hook = project / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'trailing whitespace found' >&2\nexit 1\n")
    hook.chmod(0o755)
    (project / "DEV_LOG.md").write_text("changed\n")
    with pytest.raises(InputError, match="git commit failed: trailing whitespace found"):
        commit_paths(project, [project / "DEV_LOG.md"])


def test_push_to_a_local_bare_origin(project: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    with pytest.raises(InputError, match="no remote 'origin'.*git remote add origin URL"):
        push(project)
    git(project, "remote", "add", "origin", str(origin))
    (project / "DEV_LOG.md").write_text("changed\n")
    commit = commit_paths(project, [project / "DEV_LOG.md"])
    result = push(project)
    assert result.pushed and str(result) == "pushed main to origin"
    remote_head = git(origin, "rev-parse", "refs/heads/main").strip()
    assert remote_head == commit.sha


def test_rejected_push_is_an_input_error(project: Path, tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(project, "remote", "add", "origin", str(origin))
    git(project, "push", "-q", "origin", "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    (clone / "README").write_text("theirs\n")
    git(clone, "add", "README")
    git(clone, "commit", "-q", "-m", "theirs")
    git(clone, "push", "-q", "origin", "main")
    (project / "DEV_LOG.md").write_text("mine\n")
    commit_paths(project, [project / "DEV_LOG.md"])
    with pytest.raises(InputError, match="git push failed.*pull from origin and push again"):
        push(project)


def test_detached_head_cannot_push(project: Path) -> None:
    git(project, "checkout", "-q", "--detach")
    with pytest.raises(InputError, match="HEAD is detached"):
        push(project)
