"""Git through its command line: where the repository is, whether it is busy, commit and push."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.workflow.steps import COMMIT_MESSAGE

NOT_A_REPOSITORY = "not a git repository: skipped the commit"

# marker in the git directory -> (operation, how to get out of it)
_BUSY = (
    ("MERGE_HEAD", "merge", "git merge --continue` or `git merge --abort"),
    ("rebase-merge", "rebase", "git rebase --continue` or `git rebase --abort"),
    ("rebase-apply", "rebase", "git rebase --continue` or `git rebase --abort"),
    ("CHERRY_PICK_HEAD", "cherry-pick", "git cherry-pick --continue` or `git cherry-pick --abort"),
    ("REVERT_HEAD", "revert", "git revert --continue` or `git revert --abort"),
)


class CommitStatus(Enum):
    """What `commit_paths` did."""

    COMMITTED = "committed"
    UNCHANGED = "unchanged"  # the paths had no changes: no commit was made
    NOT_A_REPOSITORY = "not-a-repository"  # the project is not in git: nothing to commit to


@dataclass(frozen=True, slots=True)
class CommitResult:
    """The outcome of committing the step's documents."""

    status: CommitStatus
    detail: str  # one line for the user
    sha: str = ""
    paths: tuple[str, ...] = ()  # repository-relative paths that the commit holds

    @property
    def committed(self) -> bool:
        """Whether a new commit was made."""
        return self.status is CommitStatus.COMMITTED

    def __str__(self) -> str:
        return self.detail


@dataclass(frozen=True, slots=True)
class PushResult:
    """The outcome of pushing the current branch."""

    pushed: bool
    detail: str
    remote: str = ""
    branch: str = ""

    def __str__(self) -> str:
        return self.detail


@dataclass(frozen=True, slots=True)
class RepoState:
    """A repository that is ready to commit into."""

    root: Path
    branch: str | None  # None when HEAD is detached
    has_commits: bool


def _env() -> dict[str, str]:
    # never wait for a password prompt; C locale so messages are stable
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"}


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=_env(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise InputError(
            Problem(Loc(), "git is not installed", "install git, or pass --no-commit")
        ) from None
    if check and proc.returncode != 0:
        raise InputError(_failure(args, proc))
    return proc


def _failure(args: Sequence[str], proc: subprocess.CompletedProcess[str]) -> Problem:
    lines = [ln.strip() for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
    why = lines[-1] if lines else f"exit status {proc.returncode}"
    why = why.removeprefix("fatal: ").removeprefix("error: ")
    return Problem(Loc(), f"git {args[0]} failed: {why}")


def _dir(path: Path | str) -> Path:
    p = Path(path)
    return p if p.is_dir() else p.parent


def repo_root(path: Path | str) -> Path | None:
    """The top directory of the git work tree holding `path`, or None outside one.

    Also None when git itself is not installed: then there is no repository to commit to.
    """
    cwd = _dir(path)
    if not cwd.is_dir():
        return None
    try:
        proc = _git(cwd, "rev-parse", "--show-toplevel", check=False)
    except InputError:
        return None
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return Path(proc.stdout.strip())


def in_progress(path: Path | str) -> tuple[str, str, str] | None:
    """The operation in progress as (name, marker path relative to the root, how to end it).

    Returns None when no merge, rebase, cherry-pick or revert is in progress.
    """
    root = repo_root(path)
    if root is None:
        return None
    args = [a for marker, _, _ in _BUSY for a in ("--git-path", marker)]
    found = _git(root, "rev-parse", *args).stdout.splitlines()
    for (_, name, how), where in zip(_BUSY, found, strict=True):
        full = Path(where) if Path(where).is_absolute() else root / where
        if full.exists():
            try:
                shown = str(full.relative_to(root))
            except ValueError:
                shown = str(full)
            return name, shown, how
    return None


def state(path: Path | str) -> RepoState | None:
    """The repository holding `path`, checked to be ready for a commit; None outside git.

    Raises:
        InputError: A merge, rebase, cherry-pick or revert is in progress: the user must
            finish or abort it first (committing in the middle would mix our change into it).
    """
    root = repo_root(path)
    if root is None:
        return None
    busy = in_progress(root)
    if busy is not None:
        name, marker, how = busy
        raise InputError(
            Problem(
                Loc(marker),
                f"a {name} is in progress in this repository",
                f"finish or abort the {name} first: `{how}`",
            )
        )
    head = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    branch = head.stdout.strip() if head.returncode == 0 else None
    has_commits = _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    return RepoState(root, branch, has_commits.returncode == 0)


def _config(root: Path, key: str) -> str:
    proc = _git(root, "config", "--get", key, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def check_identity(root: Path) -> None:
    """Make sure git knows who commits: user.name and user.email (or the GIT_* variables).

    Git would otherwise invent `user@host` addresses or refuse mid-way; we refuse up front
    and say how to fix it.

    Raises:
        InputError: The name or the e-mail address is not configured.
    """
    env = os.environ
    name = all(
        env.get(var) or _config(root, key) or _config(root, "user.name")
        for var, key in (
            ("GIT_AUTHOR_NAME", "author.name"),
            ("GIT_COMMITTER_NAME", "committer.name"),
        )
    )
    email = all(
        env.get(var) or _config(root, key) or _config(root, "user.email") or env.get("EMAIL")
        for var, key in (
            ("GIT_AUTHOR_EMAIL", "author.email"),
            ("GIT_COMMITTER_EMAIL", "committer.email"),
        )
    )
    problems = []
    if not name:
        problems.append(
            Problem(
                Loc(),
                "git does not know your name",
                'set it with `git config --global user.name "Your Name"`, or pass --no-commit',
            )
        )
    if not email:
        problems.append(
            Problem(
                Loc(),
                "git does not know your e-mail address",
                "set it with `git config --global user.email you@example.com`, "
                "or pass --no-commit",
            )
        )
    if problems:
        raise InputError(problems)


def _relative(root: Path, paths: Sequence[Path | str]) -> list[str]:
    rel: list[str] = []
    real_root = root.resolve()
    for p in paths:
        full = Path(p) if Path(p).is_absolute() else Path.cwd() / p
        try:
            rel.append(full.resolve().relative_to(real_root).as_posix())
        except ValueError:
            raise InputError(
                Problem(Loc(str(p)), f"{p} is outside the git repository at {root.name}")
            ) from None
    return rel


def commit_paths(
    root: Path | str | None, paths: Sequence[Path | str], message: str = COMMIT_MESSAGE
) -> CommitResult:
    """Commit exactly `paths` with `message`; every other change of the user stays as it was.

    Other staged changes stay staged and out of the commit; unstaged changes stay unstaged.
    This is `git add -- paths` followed by `git commit --only -- paths`. Nothing is committed
    when the paths have no changes. Outside a git repository (or with `root` None) the commit
    is skipped with a clear detail, not an error.

    Args:
        root: The project directory (any directory inside the work tree), or None.
        paths: The files to commit (absolute, or relative to the current directory).
        message: The commit message (the seed's by default).

    Raises:
        InputError: A merge/rebase/cherry-pick/revert is in progress, git does not know the
            user's name or e-mail, a path lies outside the repository, or git itself fails
            (e.g. a pre-commit hook rejects the commit).
    """
    repo = state(root) if root is not None else None
    if repo is None:
        return CommitResult(CommitStatus.NOT_A_REPOSITORY, NOT_A_REPOSITORY)
    top = repo.root
    rel = _relative(top, paths)
    # a path that neither exists nor is tracked has nothing to commit (git add would fail)
    tracked = set(_git(top, "ls-files", "-z", "--", *rel).stdout.split("\0")) if rel else set()
    rel = [r for r in rel if (top / r).exists() or r in tracked]
    if not rel:
        return CommitResult(CommitStatus.UNCHANGED, "nothing to commit: the files do not exist")
    _git(top, "add", "-A", "--", *rel)
    diff = _git(top, "diff", "--cached", "--name-only", "-z", "--", *rel)
    changed = tuple(p for p in diff.stdout.split("\0") if p)
    if not changed:
        return CommitResult(
            CommitStatus.UNCHANGED,
            f"nothing to commit: {', '.join(rel)} unchanged since the last commit",
            paths=tuple(rel),
        )
    check_identity(top)
    _git(top, "commit", "--quiet", "--only", "-m", message, "--", *rel)
    sha = _git(top, "rev-parse", "HEAD").stdout.strip()
    return CommitResult(
        CommitStatus.COMMITTED,
        f"committed {', '.join(changed)} as {sha[:7]}: {message}",
        sha=sha,
        paths=changed,
    )


def push(root: Path | str | None, remote: str = "origin") -> PushResult:
    """Push the current branch to `remote` (the seed's `git push origin main`).

    Outside a repository nothing is pushed, with a clear detail, not an error.

    Raises:
        InputError: HEAD is detached, the remote does not exist, or the push fails (e.g.
            rejected because the remote has new commits: pull first).
    """
    repo = state(root) if root is not None else None
    if repo is None:
        return PushResult(False, "not a git repository: skipped the push")
    if repo.branch is None:
        raise InputError(
            Problem(Loc(), "HEAD is detached: there is no branch to push", "check out a branch")
        )
    remotes = _git(repo.root, "remote").stdout.split()
    if remote not in remotes:
        raise InputError(
            Problem(
                Loc(),
                f"the repository has no remote '{remote}'",
                f"add it with `git remote add {remote} URL`, or leave out --push",
            )
        )
    target = f"HEAD:refs/heads/{repo.branch}"
    proc = _git(repo.root, "push", "--porcelain", remote, target, check=False)
    if proc.returncode != 0:
        problem = _failure(("push",), proc)
        raise InputError(
            Problem(
                problem.loc,
                problem.message,
                f"the commit is made locally; pull from {remote} and push again",
            )
        )
    return PushResult(True, f"pushed {repo.branch} to {remote}", remote, repo.branch)
