"""Split SQL scripts into statements with their file:line:col, honouring quotes and dump syntax."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.errors import Loc


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL statement (without its terminator) and where it starts."""

    text: str
    loc: Loc
    meta: bool = False  # a client meta-command (psql `\set`, mysql `DELIMITER`), not SQL


class Lines:
    """Offset -> (line, column) for one text, built once."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        """1-based line and column of `offset`."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1


# Tokens that change how the following characters are read. Brackets quote names only in
# SQLite / SQL Server scripts (in PostgreSQL `text[]` is an array type).
_BASE = r"--[^\n]*|/\*|'|\"|`|\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$|;|^[ \t]*\\|^[ \t]*DELIMITER[ \t]"
_TOKENS = re.compile(_BASE, re.M | re.I)
_TOKENS_BRACKETS = re.compile(_BASE + r"|\[", re.M | re.I)
#: MySQL also takes `#` to the end of the line as a comment
#: (https://dev.mysql.com/doc/refman/8.0/en/comments.html)
_TOKENS_HASH = re.compile(r"#[^\n]*|" + _BASE, re.M | re.I)
_TRIGGER_HEAD = re.compile(r"\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\b", re.I)
_BEGIN = re.compile(r"\bBEGIN\b", re.I)
_END_AT_TAIL = re.compile(r"\bEND\s*$", re.I)


def split_statements(text: str, file: str, dialect: str = "postgresql") -> Iterator[Statement]:
    r"""Yield the statements of an SQL script in order.

    Handles `--` and `/* */` comments, '…' strings (with backslash escapes in MySQL), quoted
    identifiers, PostgreSQL dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`, as pg_dump writes
    function bodies), psql meta-commands (`\\set`, `\\c`), MySQL `DELIMITER`, and SQLite/MySQL
    trigger bodies (`BEGIN … END;`). A statement that never ends is yielded at end of input.
    """
    lines = Lines(text)
    engine = adapter_for(dialect)
    backslash = engine.hash_comments
    tokens = _TOKENS_BRACKETS if engine.bracket_names else _TOKENS_HASH if backslash else _TOKENS
    delimiter = ";"
    n = len(text)
    pos = 0
    start: int | None = None  # offset of the current statement's first significant character

    def emit(end: int, meta: bool = False) -> Statement | None:
        nonlocal start
        if start is None:
            return None
        body = text[start:end].strip()
        line, col = lines.at(start)
        start = None
        return Statement(body, Loc(file, line, col), meta) if body else None

    while pos < n:
        m = tokens.search(text, pos)
        if m is None:
            if start is None and text[pos:].strip():
                start = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
            break
        if start is None:
            gap = text[pos : m.start()]
            if gap.strip():
                start = pos + (len(gap) - len(gap.lstrip()))
        tok = m.group(0)
        head = tok.lstrip(" \t")
        if tok.startswith("--") or tok.startswith("#"):
            pos = m.end()
        elif tok == "/*":
            end = text.find("*/", m.end())
            pos = n if end < 0 else end + 2
        elif head.startswith("\\"):
            if start is not None and start < m.start():
                pos = m.end()  # a backslash inside a statement (e.g. E'\n' in PostgreSQL)
                continue
            eol = text.find("\n", m.end())
            eol = n if eol < 0 else eol
            start = m.start() + (len(tok) - len(head))
            st = emit(eol, meta=True)
            if st:
                yield st
            pos = eol
        elif head.upper().startswith("DELIMITER"):
            if start is not None and start < m.start():
                pos = m.end()
                continue
            eol = text.find("\n", m.end())
            eol = n if eol < 0 else eol
            delimiter = text[m.end() : eol].strip() or ";"
            start = m.start() + (len(tok) - len(head))
            st = emit(eol, meta=True)
            if st:
                yield st
            pos = eol
        elif tok in ("'", '"', "`", "["):
            if start is None:
                start = m.start()
            close = "]" if tok == "[" else tok
            i = m.end()
            while True:
                j = text.find(close, i)
                if j < 0:
                    i = n
                    break
                if backslash and tok == "'" and _escaped(text, j):
                    i = j + 1
                    continue
                if close != "]" and j + 1 < n and text[j + 1] == close:
                    i = j + 2  # doubled quote
                    continue
                i = j + 1
                break
            pos = i
        elif tok.startswith("$"):
            if start is None:
                start = m.start()
            end = text.find(tok, m.end())
            pos = n if end < 0 else end + len(tok)
        else:  # ";"
            if delimiter != ";" and not text.startswith(delimiter, m.start()):
                pos = m.end()
                continue
            if start is None:
                pos = m.start() + len(delimiter)
                continue
            current = text[start : m.start()]
            if (
                delimiter == ";"
                and engine.trigger_blocks
                and _TRIGGER_HEAD.match(current)
                and _BEGIN.search(current)
                and not _END_AT_TAIL.search(current)
            ):
                pos = m.end()  # a `;` inside a trigger body
                continue
            st = emit(m.start())
            if st:
                yield st
            pos = m.start() + len(delimiter)
    if start is not None:
        st = emit(n)
        if st:
            yield st


def _escaped(text: str, j: int) -> bool:
    """True if the quote at `j` is preceded by an odd number of backslashes."""
    k = j - 1
    count = 0
    while k >= 0 and text[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1


def split_top(text: str, sep: str = ",") -> list[tuple[int, str]]:
    """Split on top-level `sep` (outside parentheses and quotes): (offset, part) pairs."""
    out: list[tuple[int, str]] = []
    depth = 0
    quote = ""
    begin = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                if i + 1 < n and text[i + 1] == quote:
                    i += 2
                    continue
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "-" and text.startswith("--", i):
            eol = text.find("\n", i)
            i = n if eol < 0 else eol
            continue
        elif ch == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            out.append((begin, text[begin:i]))
            begin = i + 1
        i += 1
    out.append((begin, text[begin:]))
    return out


def matching_paren(text: str, open_at: int) -> int:
    """Offset of the `)` closing the `(` at `open_at`, or -1."""
    depth = 0
    quote = ""
    i = open_at
    n = len(text)
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "-" and text.startswith("--", i):
            eol = text.find("\n", i)
            i = n if eol < 0 else eol
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def strip_comments(text: str, hash_comments: bool = False) -> str:
    """`text` with `--` and `/* */` comments blanked out (quotes honoured).

    Offsets and line breaks are preserved, so positions found in the result are positions in
    `text`. With `hash_comments` (MySQL), `#` to the end of the line is a comment too.
    """
    if "--" not in text and "/*" not in text and not (hash_comments and "#" in text):
        return text
    out = list(text)
    i = 0
    n = len(text)
    quote = ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif text.startswith("--", i) or text.startswith("/*", i) or (hash_comments and ch == "#"):
            if ch in "-#":
                end = text.find("\n", i)
                end = n if end < 0 else end
            else:
                end = text.find("*/", i + 2)
                end = n if end < 0 else end + 2
            for k in range(i, end):
                if out[k] != "\n":
                    out[k] = " "
            i = end
            continue
        i += 1
    return "".join(out)
