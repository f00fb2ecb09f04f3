"""The commit holds only the step's change: real git repositories, real hooks, real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import git

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import ExitCode
from pydev_workflow.workflow.fs import remove_stale_temps, write_atomic
from pydev_workflow.workflow.git import RunLock

MESSAGE = "docs: ARCHITECTURE.md - data models defined"
USER_ARCH = "\n<!-- the user's own note, not yet committed -->\n"


def run(project: Path, *args: str) -> int:
    return run_cli(["data-models", "run", "-C", str(project), "--date", "2026-11-25", *args])


def _edit_top(path: Path, line: str) -> None:
    # an edit far from the Data Models section: after the first heading
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    path.write_text(f"{first}\n{line}{rest}", encoding="utf-8")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_users_uncommitted_edits_stay_out_of_the_commit(project: Path) -> None:
    arch, log = project / "ARCHITECTURE.md", project / "DEV_LOG.md"
    _edit_top(arch, USER_ARCH)
    _edit_top(log, "\nA note the user is still writing.\n")
    head_before = git(project, "rev-parse", "HEAD").strip()

    assert run(project) == 0

    committed_arch = git(project, "show", "HEAD:ARCHITECTURE.md")
    committed_log = git(project, "show", "HEAD:DEV_LOG.md")
    assert "the user's own note" not in committed_arch
    assert "still writing" not in committed_log
    assert "## Data Models" in committed_arch and "{#data-models}" in committed_log
    # the commit is HEAD's version plus exactly our section / entry
    diff = git(project, "diff", head_before, "HEAD", "--", "ARCHITECTURE.md")
    assert "+## Data Models" in diff and "user's own note" not in diff
    # the user's edits are in the work tree, unstaged, and they are the only difference
    assert git(project, "diff", "--cached") == ""
    status = git(project, "status", "--porcelain").splitlines()
    assert sorted(status) == [" M ARCHITECTURE.md", " M DEV_LOG.md"]
    worktree_diff = git(project, "diff", "--", "ARCHITECTURE.md")
    added = [ln for ln in worktree_diff.splitlines() if ln.startswith("+") and "+++" not in ln]
    assert added == ["+<!-- the user's own note, not yet committed -->", "+"]
    assert "## Data Models" in arch.read_text(encoding="utf-8")


def test_a_staged_edit_of_the_user_stays_staged(project: Path) -> None:
    arch = project / "ARCHITECTURE.md"
    _edit_top(arch, USER_ARCH)
    git(project, "add", "ARCHITECTURE.md")
    assert run(project) == 0
    assert "user's own note" not in git(project, "show", "HEAD:ARCHITECTURE.md")
    staged = git(project, "diff", "--cached", "--", "ARCHITECTURE.md")
    added = [ln for ln in staged.splitlines() if ln.startswith("+") and "+++" not in ln]
    assert added == ["+<!-- the user's own note, not yet committed -->", "+"]
    assert git(project, "diff", "--", "ARCHITECTURE.md") == ""  # index == work tree
    assert git(project, "status", "--porcelain").splitlines() == ["M  ARCHITECTURE.md"]


@pytest.mark.parametrize("hook", ["pre-commit", "commit-msg"])
def test_a_failing_hook_is_exit_4_with_the_documents_written(
    project: Path, hook: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / ".git" / "hooks" / hook
    path.write_text("#!/bin/sh\necho 'line too long in ARCHITECTURE.md' >&2\nexit 1\n")
    path.chmod(0o755)
    head = git(project, "rev-parse", "HEAD")

    assert run(project) == ExitCode.NOT_COMMITTED == 4
    out = capsys.readouterr().out
    assert "written but not committed" in out and "line too long in ARCHITECTURE.md" in out
    assert "run the step again" in out
    assert git(project, "rev-parse", "HEAD") == head
    assert "## Data Models" in (project / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert git(project, "diff", "--cached") == ""  # nothing left staged behind the user's back

    # the way forward: fix the hook's complaint, run again; the unchanged docs get committed
    path.unlink()
    assert run(project) == 0
    assert git(project, "log", "-1", "--format=%s").strip() == MESSAGE
    assert git(project, "status", "--porcelain") == ""


def test_json_reports_exit_4_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    path = project / ".git" / "hooks" / "pre-commit"
    path.write_text("#!/bin/sh\nexit 1\n")
    path.chmod(0o755)
    assert run(project, "--format", "json") == 4
    data = json.loads(capsys.readouterr().out)
    assert data["exit_code"] == 4 and "not committed" in data["message"]
    assert data["written"] == ["ARCHITECTURE.md", "DEV_LOG.md"] and data["commit"] == ""


@pytest.mark.parametrize("push", [False, True])
def test_detached_head_is_refused_before_writing(
    project: Path, tmp_path: Path, push: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(project, "remote", "add", "origin", str(origin))
    git(project, "checkout", "-q", "--detach")
    before = (project / "ARCHITECTURE.md").read_bytes()
    head = git(project, "rev-parse", "HEAD")
    assert run(project, *(["--push"] if push else [])) == 2
    err = capsys.readouterr().err
    assert "HEAD is detached" in err and "git switch -c NAME" in err
    assert ("no branch to push" in err) is push
    assert (project / "ARCHITECTURE.md").read_bytes() == before
    assert git(project, "rev-parse", "HEAD") == head
    assert run(project, "--no-commit") == 0  # the documents alone are fine


def test_push_without_origin_is_refused_before_writing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / "ARCHITECTURE.md").read_bytes()
    assert run(project, "--push") == 2
    assert "no remote 'origin'" in capsys.readouterr().err
    assert (project / "ARCHITECTURE.md").read_bytes() == before
    assert git(project, "log", "--format=%s").splitlines() == ["initial"]


def test_stale_temp_files_of_a_killed_run_are_removed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = _dead_pid()
    stale = project / f".ARCHITECTURE.md.{dead}.k1ll3d_.tmp"
    stale.write_text("half a document")
    live = project / f".DEV_LOG.md.{os.getpid()}.wr1t1ng.tmp"  # a live writer: keep
    live.write_text("being written")
    foreign = project / ".ARCHITECTURE.md.swp.tmp"  # not our naming: keep
    foreign.write_text("someone else's")
    assert run(project, "--no-commit") == 0
    out = capsys.readouterr().out
    assert f"removed .ARCHITECTURE.md.{dead}.k1ll3d_.tmp" in out
    assert not stale.exists() and live.exists() and foreign.exists()


def test_write_atomic_names_its_temp_file_with_the_pid(tmp_path: Path) -> None:
    # a child writes and is killed mid-write (SIGKILL before the rename): what it leaves has
    # our naming with its pid, and the next sweep removes it
    target = tmp_path / "ARCHITECTURE.md"
    code = (
        "import os, tempfile, signal\n"
        "from pydev_workflow.workflow import fs\n"
        f"fd, tmp = tempfile.mkstemp(dir={str(tmp_path)!r}, prefix=fs._temp_prefix("
        f"fs.Path({str(target)!r})), suffix='.tmp')\n"
        "os.write(fd, b'half')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False)
    assert proc.returncode == -9
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".ARCHITECTURE.md.")]
    assert len(left) == 1 and left[0].name.endswith(".tmp")
    assert remove_stale_temps(target) == left
    write_atomic(target, "whole\n")
    assert [p.name for p in tmp_path.iterdir()] == ["ARCHITECTURE.md"]


def test_a_second_run_stops_at_once_naming_the_lock_holder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from pydev_workflow.workflow.git import RunLock\n"
            f"lock = RunLock(Path({str(project)!r})); lock.acquire()\n"
            "print('locked', flush=True); time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = (project / "ARCHITECTURE.md").read_bytes()
        assert run(project) == 2
        err = capsys.readouterr().err
        assert f"run is in progress in this project (pid {holder.pid})" in err
        assert (project / "ARCHITECTURE.md").read_bytes() == before
    finally:
        holder.kill()
        holder.communicate()
    # the kernel dropped the dead holder's lock: the next run goes ahead
    assert run(project) == 0
    with RunLock(project):  # and releases it when done
        pass


def test_two_runs_at_once_never_race_on_the_index(project: Path) -> None:
    cmd = [
        sys.executable, "-m", "pydev_workflow", "data-models", "run", "-C", str(project),
        "--date", "2026-11-25", "--format", "json",
    ]  # fmt: skip
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(p.communicate(timeout=120)[1], p.returncode) for p in procs]
    for err, code in results:
        assert code in (0, 2), err
        assert "index.lock" not in err
        if code == 2:
            assert "another pydev-workflow run is in progress" in err
    subjects = git(project, "log", "--format=%s").splitlines()
    assert subjects == [MESSAGE, "initial"]
    assert git(project, "status", "--porcelain") == ""


def test_bom_and_crlf_survive_in_the_committed_version(project: Path) -> None:
    arch = project / "ARCHITECTURE.md"
    text = arch.read_text(encoding="utf-8").replace("\n", "\r\n")
    arch.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    git(project, "commit", "-qam", "crlf and bom")
    _edit_top(arch, "<!-- mine -->\r\n")
    assert run(project) == 0
    committed = subprocess.run(
        ["git", "show", "HEAD:ARCHITECTURE.md"], cwd=project, capture_output=True, check=True
    ).stdout
    assert committed.startswith(b"\xef\xbb\xbf") and b"<!-- mine -->" not in committed
    assert b"## Data Models\r\n" in committed and b"\n" not in committed.replace(b"\r\n", b"")
    assert b"<!-- mine -->" in arch.read_bytes()


def test_an_untracked_devlog_is_committed_whole(project: Path) -> None:
    git(project, "rm", "-q", "--cached", "DEV_LOG.md")
    git(project, "commit", "-qm", "untrack the log")
    assert run(project) == 0
    assert git(project, "show", "HEAD:DEV_LOG.md") == (project / "DEV_LOG.md").read_text(
        encoding="utf-8"
    )
    assert git(project, "status", "--porcelain") == ""
