"""Reading the user's documents with their byte-level habits, and writing them back atomically."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from pydev_workflow.errors import InputError, Loc, Problem

BOM = b"\xef\xbb\xbf"
_NEWLINES = re.compile(r"\r\n|\r|\n")


def newline_style(text: str) -> str:
    r"""The line ending a text mostly uses: `\\r\\n` or `\\n` (`\\n` when it has none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


def ends_with_newline(text: str) -> bool:
    """Whether `text` ends with a line ending (an empty text counts as ending cleanly)."""
    return not text or text.endswith(("\n", "\r"))


@dataclass(frozen=True, slots=True)
class Document:
    """A text file as found on disk: its text plus what must survive a rewrite.

    `text` is the decoded content without the BOM and with the file's own line endings,
    so slices of it map back to the exact bytes.
    """

    path: Path
    text: str
    bom: bool = False
    newline: str = "\n"
    trailing_newline: bool = True
    exists: bool = True
    mode: int | None = None
    #: the file as it was when read (inode, size, modification time in ns); None: not from disk
    stamp: tuple[int, int, int] | None = None

    def encode(self, text: str) -> bytes:
        """`text` as bytes for this file: UTF-8, with the BOM if the file had one."""
        return (BOM if self.bom else b"") + text.encode("utf-8")


def _decode_problem(path: Path, data: bytes, exc: UnicodeDecodeError, display: str) -> Problem:
    start = exc.start + (len(BOM) if data.startswith(BOM) else 0)
    line = data.count(b"\n", 0, start) + 1
    col = start - (data.rfind(b"\n", 0, start) + 1) + 1
    return Problem(
        Loc(display, line, col),
        f"{path.name} is not valid UTF-8 (byte 0x{data[start]:02x})",
        "save the file as UTF-8",
    )


def read_document(
    path: Path | str, *, missing_ok: bool = False, display: str | None = None
) -> Document:
    """Read a UTF-8 text file, remembering its BOM, line-ending style and trailing newline.

    Args:
        path: The file to read.
        missing_ok: Return an empty Document with `exists=False` instead of failing when
            the file does not exist.
        display: The name to use in error locations (defaults to the path as given).

    Raises:
        InputError: The file is missing (unless `missing_ok`), unreadable, or not UTF-8;
            the location names the offending line and column.
    """
    p = Path(path)
    name = display if display is not None else str(path)
    try:
        before = p.stat()
        data = p.read_bytes()
        mode = stat.S_IMODE(before.st_mode)
    except FileNotFoundError:
        if missing_ok:
            return Document(p, "", exists=False)
        raise InputError(Problem(Loc(name, 1, 1), f"{p.name} not found")) from None
    except IsADirectoryError:
        raise InputError(Problem(Loc(name), f"{p.name} is a directory, not a file")) from None
    except OSError as exc:
        raise InputError(Problem(Loc(name), f"cannot read {p.name}: {exc.strerror}")) from None
    return replace(document_from_bytes(p, data, display=name, mode=mode), stamp=_stamp(before))


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def changed_since_read(doc: Document) -> bool:
    """True when `doc.path` is no longer the file `read_document` read.

    Edited, replaced, created or removed since: writing over it would lose that change.
    """
    try:
        now = doc.path.stat()
    except FileNotFoundError:
        return doc.exists
    if not doc.exists:
        return True
    return doc.stamp is not None and _stamp(now) != doc.stamp


def document_from_bytes(
    path: Path | str, data: bytes, *, display: str | None = None, mode: int | None = None
) -> Document:
    """A Document from bytes that came from elsewhere than the file (e.g. git's HEAD blob).

    Raises:
        InputError: The bytes are not UTF-8; the location names the line and column.
    """
    p = Path(path)
    name = display if display is not None else str(path)
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(_decode_problem(p, data, exc, name)) from None
    return Document(
        path=p,
        text=text,
        bom=bom,
        newline=newline_style(text),
        trailing_newline=ends_with_newline(text),
        exists=True,
        mode=mode,
    )


def _umask() -> int:
    # os.umask can only be read by setting it; restore it at once
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_prefix(target: Path) -> str:
    # the pid in the name lets the next run tell a dead run's leftover from a live writer's
    return f".{target.name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temps(path: Path | str) -> list[Path]:
    """Remove the temp files a killed run left next to `path`; return what was removed.

    Only our own naming is touched (`.<name>.<pid>.<random>.tmp`, as `write_atomic` makes
    them), only regular files, and only when that pid is no longer running: a live writer's
    temp file, or any file of another tool, stays.
    """
    target = Path(os.path.realpath(path))
    pattern = re.compile(re.escape(f".{target.name}.") + r"(\d+)\.[A-Za-z0-9_]+\.tmp")
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in sorted(names):
        m = pattern.fullmatch(name)
        if m is None or _alive(int(m.group(1))):
            continue
        leftover = target.parent / name
        if leftover.is_symlink() or not leftover.is_file():
            continue
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def write_atomic(path: Path | str, data: str | bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data` atomically: temp file in the same directory, fsync, rename.

    A reader sees either the old or the new file, never half of one, even if the process
    dies mid-write. The file keeps its permission bits (`mode` overrides; new files get the
    usual 0666 minus umask). A symlink is followed, so the link stays a link.

    Args:
        path: The file to write.
        data: Text (written as UTF-8, newlines untouched) or exact bytes.
        mode: Permission bits for the file.

    Raises:
        InputError: The directory does not exist or is not writable.
    """
    target = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if mode is None:
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".tmp")
    except OSError as exc:
        raise InputError(
            Problem(Loc(str(path)), f"cannot write {target.name}: {exc.strerror}")
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    # make the rename itself durable; not every platform can open a directory
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_document(doc: Document, text: str) -> bool:
    """Write `text` to `doc.path` with the document's BOM, atomically; skip if no byte changes.

    Returns:
        True when the file was written, False when its bytes were already `text`.
    """
    if doc.exists and text is doc.text:  # spliced to itself (a re-run): not encoded twice
        return False
    payload = doc.encode(text)
    if doc.exists and doc.encode(doc.text) == payload:
        return False
    write_atomic(doc.path, payload, mode=doc.mode)
    return True


def split_lines(text: str) -> list[str]:
    r"""Split into lines that keep their endings, as markdown-it counts lines.

    `\\r\\n`, `\\r` and `\\n` each end a line, so markdown-it's token maps index the result.
    """
    out: list[str] = []
    pos = 0
    for m in _NEWLINES.finditer(text):
        out.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out
