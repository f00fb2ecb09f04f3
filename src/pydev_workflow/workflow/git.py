"""Git through its command line: where the repository is, whether it is busy, commit and push."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.steps import COMMIT_MESSAGE
from pydev_workflow.workflow.fs import document_from_bytes, read_document

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
                "set it with `git config --global user.email you@example.com`, or pass --no-commit",
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


def check_remote(root: Path, remote: str = "origin") -> None:
    """Make sure `remote` exists, so `--push` is refused before anything is written.

    Raises:
        InputError: The repository has no such remote.
    """
    remotes = _git(root, "remote").stdout.split()
    if remote not in remotes:
        raise InputError(
            Problem(
                Loc(),
                f"the repository has no remote '{remote}'",
                f"add it with `git remote add {remote} URL`, or leave out --push",
            )
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
    check_remote(repo.root, remote)
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


# -- the safe commit: HEAD's version of each document plus only the tool's change ------------


class CommitFailed(InputError):
    """Git refused the commit (a pre-commit or commit-msg hook, usually).

    The documents were written already: the step's work is on disk, not in history. The run
    reports it with exit code 4, not 2 (which promises that nothing was written).
    """


Transform = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class _Planned:
    rel: str
    mode: str
    head_sha: str  # "" when HEAD does not hold the file
    commit_sha: str  # the blob to commit: HEAD's text with only our change
    index_sha: str  # the blob the real index gets afterwards ("" = leave the entry alone)


@dataclass(frozen=True, slots=True)
class CommitPlan:
    """What `commit_change` will commit; built before any document is written."""

    root: Path
    message: str
    files: tuple[_Planned, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        """Repository-relative paths whose committed content changes."""
        return tuple(f.rel for f in self.files if f.commit_sha != f.head_sha)


def _blob(root: Path, spec: str) -> bytes | None:
    proc = subprocess.run(
        ["git", "cat-file", "blob", spec], cwd=root, env=_env(), capture_output=True, check=False
    )
    return proc.stdout if proc.returncode == 0 else None


def _hash(root: Path, data: bytes, rel: str | None) -> str:
    args = ["git", "hash-object", "-w", "--stdin"]
    args += [f"--path={rel}"] if rel is not None else ["--no-filters"]
    proc = subprocess.run(args, cwd=root, env=_env(), input=data, capture_output=True, check=False)
    if proc.returncode != 0:
        raise InputError(Problem(Loc(), f"git hash-object failed: {proc.stderr.decode().strip()}"))
    return proc.stdout.decode().strip()


def _entries(root: Path, *args: str) -> dict[str, tuple[str, str]]:
    """Map each path to (mode, sha) from `git ls-files -s -z` or `git ls-tree -z`."""
    proc = subprocess.run(
        ["git", *args], cwd=root, env=_env(), capture_output=True, text=True, check=False
    )
    out: dict[str, tuple[str, str]] = {}
    for line in proc.stdout.split("\0"):
        if not line:
            continue
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if args[0] == "ls-tree":  # mode type sha
            out[path] = (parts[0], parts[2])
        else:  # mode sha stage
            out[path] = (parts[0], parts[1])
    return out


def _apply(root: Path, rel: str, data: bytes, transform: Transform, display: str) -> bytes:
    doc = document_from_bytes(root / rel, data, display=f"{display} ({rel})")
    return doc.encode(transform(doc.text))


def plan_commit(
    repo: RepoState, changes: Mapping[Path, Transform], message: str = COMMIT_MESSAGE
) -> CommitPlan:
    """Work out the commit of only the tool's change to each file, before anything is written.

    Each transform (e.g. "replace the Data Models section") is applied to the file as HEAD
    holds it, so the commit never carries the user's uncommitted edits to the same file; the
    real index later gets the transform of what it holds, so a staged edit stays staged. A file
    that HEAD and the index do not hold is new: its whole working-tree text is committed.

    Raises:
        InputError: A path lies outside the repository, or HEAD's version cannot be read
            (not UTF-8, or the transform rejects it).
    """
    top = repo.root
    rels = _relative(top, list(changes))
    head = _entries(top, "ls-tree", "-z", "HEAD", "--", *rels) if repo.has_commits else {}
    index = _entries(top, "ls-files", "-s", "-z", "--", *rels)
    files: list[_Planned] = []
    for transform, rel in zip(changes.values(), rels, strict=True):
        mode, head_sha = head.get(rel, ("100644", ""))
        if head_sha:
            base = _blob(top, head_sha) or b""
            commit_sha = _hash(top, _apply(top, rel, base, transform, "HEAD"), None)
        elif rel in index:
            base = _blob(top, index[rel][1]) or b""
            mode = index[rel][0]
            commit_sha = _hash(top, _apply(top, rel, base, transform, "index"), None)
        else:
            full = top / rel
            if not full.exists():
                data = b""
                commit_sha = _hash(top, _apply(top, rel, data, transform, "new"), rel)
            else:
                # a new file: the transform of what is on disk now, through git's filters
                doc = read_document(full)
                commit_sha = _hash(top, doc.encode(transform(doc.text)), rel)
        if rel in index and index[rel][1] not in (head_sha, ""):
            # the user staged an edit to this file: keep it staged, with our change in it
            staged = _blob(top, index[rel][1]) or b""
            index_sha = _hash(top, _apply(top, rel, staged, transform, "index"), None)
        else:
            index_sha = commit_sha
        files.append(_Planned(rel, mode, head_sha, commit_sha, index_sha))
    return CommitPlan(top, message, tuple(files))


def commit_change(plan: CommitPlan) -> CommitResult:
    """Commit `plan` through a private index; the user's index and work tree stay theirs.

    The commit is `git commit` on a temporary index (GIT_INDEX_FILE) holding HEAD's tree
    with only our blobs swapped in, so hooks run as usual and see exactly what is committed.
    Afterwards the real index entries of the documents are moved to the committed content
    (or to the user's staged content with our change), so `git status` shows only the
    user's own edits.

    Raises:
        CommitFailed: Git refused the commit (a hook, usually). Nothing was committed.
    """
    top = plan.root
    changed = plan.paths
    if not changed:
        return CommitResult(
            CommitStatus.UNCHANGED,
            f"nothing to commit: {', '.join(f.rel for f in plan.files)} unchanged since the "
            "last commit",
            paths=tuple(f.rel for f in plan.files),
        )
    git_index = Path(_git(top, "rev-parse", "--git-path", "index").stdout.strip())
    git_index = git_index if git_index.is_absolute() else top / git_index
    tmp_index = git_index.with_name(f"pydev-workflow-index.{os.getpid()}")
    env = {**_env(), "GIT_INDEX_FILE": str(tmp_index)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=top, env=env, capture_output=True, text=True, check=False
        )

    try:
        tmp_index.unlink(missing_ok=True)
        if _git(top, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0:
            proc = run("read-tree", "HEAD")
            if proc.returncode != 0:
                raise InputError(_failure(("read-tree",), proc))
        for f in plan.files:
            proc = run("update-index", "--add", "--cacheinfo", f"{f.mode},{f.commit_sha},{f.rel}")
            if proc.returncode != 0:
                raise InputError(_failure(("update-index",), proc))
        proc = run("commit", "--quiet", "-m", plan.message)
        if proc.returncode != 0:
            why = _failure(("commit",), proc).message
            raise CommitFailed(
                Problem(
                    Loc(),
                    f"{', '.join(changed)} written but not committed: {why}",
                    "fix what the hook reports and run the step again, which commits only its "
                    "own change; or commit the files yourself",
                )
            )
    finally:
        tmp_index.unlink(missing_ok=True)
        tmp_index.with_name(tmp_index.name + ".lock").unlink(missing_ok=True)
    for f in plan.files:
        if f.index_sha:
            _git(top, "update-index", "--add", "--cacheinfo", f"{f.mode},{f.index_sha},{f.rel}")
    sha = _git(top, "rev-parse", "HEAD").stdout.strip()
    return CommitResult(
        CommitStatus.COMMITTED,
        f"committed {', '.join(changed)} as {sha[:7]}: {plan.message}",
        sha=sha,
        paths=changed,
    )


def require_branch(repo: RepoState, *, push: bool = False) -> None:
    """Refuse a detached HEAD before anything is written.

    A commit on a detached HEAD belongs to no branch: the next `git switch` leaves it behind,
    reachable only through the reflog, and `--push` has no branch to push. So the step stops
    with exit 2 and nothing written, rather than making a commit the user can lose.

    Raises:
        InputError: HEAD is detached.
    """
    if repo.branch is None and repo.has_commits:
        raise InputError(
            Problem(
                Loc(),
                "HEAD is detached: a commit here would belong to no branch"
                + (" and there is no branch to push" if push else ""),
                "check out a branch (`git switch -c NAME`), or pass --no-commit",
            )
        )


# -- one run at a time ------------------------------------------------------------------------


class RunLock:
    """An exclusive `fcntl` lock that keeps two runs on one project from racing.

    The lock file lives in the git directory (`.git/pydev-workflow.lock`, invisible to the
    work tree) or, outside git, in the temp directory keyed by the project's real path. The
    kernel drops the lock when the process dies, so a killed run never blocks the next one.
    """

    def __init__(self, project: Path) -> None:
        root = repo_root(project)
        if root is not None:
            git_path = _git(root, "rev-parse", "--git-path", "pydev-workflow.lock").stdout
            where = Path(git_path.strip())
            self.path = where if where.is_absolute() else root / where
        else:
            import hashlib
            import tempfile

            key = hashlib.sha256(str(Path(project).resolve()).encode()).hexdigest()[:16]
            self.path = Path(tempfile.gettempdir()) / f"pydev-workflow-{key}.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or fail at once.

        Raises:
            InputError: Another run holds it (its pid is named when known).
        """
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise InputError(
                Problem(
                    Loc(),
                    f"another pydev-workflow run is in progress in this project{who}",
                    "wait for it to finish, then run again",
                )
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (the file stays: unlinking a lock file races with the next taker)."""
        if self._fd is not None:
            import fcntl

            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
