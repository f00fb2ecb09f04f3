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
#: `COPY t (…) FROM STDIN …;` (pg_dump's data, psql scripts): its rows follow in the script
_COPY_FROM_STDIN = re.compile(r"COPY\b[^;]*?\bFROM\s+STDIN\b", re.I | re.S)
#: the line that ends COPY FROM STDIN's rows
_END_OF_COPY = re.compile(r"^\\\.[ \t]*\r?$", re.M)
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
    return _Splitter(text, file, dialect).run()


#: what unwrap_versioned stops at: quotes, comments, and the end of a versioned comment
_VERSIONED_TOKENS = re.compile(r"['\"`]|--[^\n]*|#[^\n]*|/\*(?:(M?)!(\d{0,6}))?|\*/")
#: versions of MySQL's own releases from 5.7 on: MariaDB skips `/*!50700 … */` to `/*!99999`
_MYSQL_ONLY = range(50700, 100000)


def unwrap_versioned(text: str) -> str:
    """MySQL's executable comments read as the code they hold, as the servers read them.

    `/*!50610 ALTER TABLE t ENGINE=InnoDB */` runs on servers of that version or newer, and
    MariaDB runs `/*M!100101 … */` too; mysqldump wraps partitioning, views, triggers and
    session settings in them. The markers become spaces, so every offset (line and column)
    stays where it was. A comment only MySQL 5.7 and newer runs (versions 50700 to 99999,
    which MariaDB skips) stays a comment: `mysql_only_comments` lists them.
    """
    if "/*!" not in text and "/*M!" not in text:
        return text
    out = list(text)
    for j, end, inner in _versioned(text):
        if inner is not None:
            out[j:inner] = " " * (inner - j)
            out[end - 2 : end] = "  "
    return "".join(out)


def mysql_only_comments(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each executable comment that only MySQL 5.7 and newer runs."""
    if "/*!" not in text:
        return []
    return [(j, text[j:end]) for j, end, inner in _versioned(text) if inner is None]


def _versioned(text: str) -> Iterator[tuple[int, int, int | None]]:
    """Each executable comment: (start, end, where its code starts; None if MySQL-only)."""
    search = _VERSIONED_TOKENS.search
    i = 0
    while (m := search(text, i)) is not None:
        tok, j = m.group(), m.start()
        if tok in ("'", '"', "`"):
            i = _quote_end_escaped(text, tok, j + 1)
            if i < 0:
                return
            continue
        if not tok.startswith("/*"):
            i = m.end()  # a line comment, or a stray `*/`
            continue
        if tok == "/*":  # a plain comment: nothing inside it counts
            end = text.find("*/", m.end())
            if end < 0:
                return
            i = end + 2
            continue
        end = _comment_end(text, m.end())
        if end < 0:
            return
        version = int(m.group(2)) if m.group(2) else 0
        mysql_only = not m.group(1) and version in _MYSQL_ONLY
        yield j, end, None if mysql_only else m.end()
        i = end


def _comment_end(text: str, i: int) -> int:
    """Past the `*/` closing a comment whose content starts at `i` (quotes inside honoured)."""
    search = _VERSIONED_TOKENS.search
    while (m := search(text, i)) is not None:
        tok = m.group()
        if tok == "*/":
            return m.end()
        if tok in ("'", '"', "`"):
            i = _quote_end_escaped(text, tok, m.start() + 1)
            if i < 0:
                return -1
        else:
            i = m.end()
    return -1


def _quote_end_escaped(text: str, quote: str, i: int) -> int:
    """Past the quote closing one opened before `i` (doubled quotes and backslashes); -1."""
    while True:
        j = text.find(quote, i)
        if j < 0:
            return -1
        if quote == "'" and _escaped(text, j):
            i = j + 1
            continue
        if j + 1 < len(text) and text[j + 1] == quote:
            i = j + 2
            continue
        return j + 1


class _Splitter:
    """One pass over a script: `pos` is where scanning resumes, `start` where a statement began."""

    def __init__(self, text: str, file: str, dialect: str):
        self.engine = adapter_for(dialect)
        if self.engine.hash_comments:  # MySQL/MariaDB: `/*!…*/` is code
            text = unwrap_versioned(text)
        self.text = text
        self.file = file
        self.lines = Lines(text)
        self.backslash = self.engine.hash_comments
        if self.engine.bracket_names:
            self.tokens = _TOKENS_BRACKETS
        else:
            self.tokens = _TOKENS_HASH if self.backslash else _TOKENS
        self.base_tokens = self.tokens
        self.delimiter = ";"
        self.n = len(text)
        self.pos = 0
        self.start: int | None = None  # offset of the current statement's first significant char

    def run(self) -> Iterator[Statement]:
        text, n = self.text, self.n
        while self.pos < n:
            m = self.tokens.search(text, self.pos)
            if m is None:
                rest = text[self.pos :]
                if self.start is None and rest.strip():
                    self.start = self.pos + (len(rest) - len(rest.lstrip()))
                break
            if self.start is None:
                gap = text[self.pos : m.start()]
                if gap.strip():
                    self.start = self.pos + (len(gap) - len(gap.lstrip()))
            st = self.token(m)
            if st is not None:
                yield st
        if self.start is not None:
            st = self.emit(n)
            if st:
                yield st

    def emit(self, end: int, meta: bool = False) -> Statement | None:
        """The statement from `start` to `end` (None if blank); no statement is open after."""
        if self.start is None:
            return None
        body = self.text[self.start : end].strip()
        line, col = self.lines.at(self.start)
        self.start = None
        return Statement(body, Loc(self.file, line, col), meta) if body else None

    def token(self, m: re.Match[str]) -> Statement | None:
        """Read past token `m`; the statement it ends, if any."""
        tok = m.group(0)
        head = tok.lstrip(" \t")
        if tok == self.delimiter:
            return self.terminator(m)
        if tok.startswith("--") or tok.startswith("#"):
            self.pos = m.end()
        elif tok == "/*":
            end = self.text.find("*/", m.end())
            self.pos = self.n if end < 0 else end + 2
        elif head.startswith("\\") or head.upper().startswith("DELIMITER"):
            return self.meta_command(m, tok, head)
        elif tok in ("'", '"', "`", "["):
            self.quoted(m, tok)
        elif tok.startswith("$"):
            if self.start is None:
                self.start = m.start()
            end = self.text.find(tok, m.end())
            self.pos = self.n if end < 0 else end + len(tok)
        else:
            return self.terminator(m)
        return None

    def meta_command(self, m: re.Match[str], tok: str, head: str) -> Statement | None:
        """A psql meta-command or mysql `DELIMITER` line: a statement of its own (`meta`)."""
        if self.start is not None and self.start < m.start():
            self.pos = m.end()  # a backslash inside a statement (e.g. E'\n' in PostgreSQL)
            return None
        eol = self.text.find("\n", m.end())
        eol = self.n if eol < 0 else eol
        if not head.startswith("\\"):
            self.set_delimiter(self.text[m.end() : eol].strip() or ";")
        self.start = m.start() + (len(tok) - len(head))
        self.pos = eol
        return self.emit(eol, meta=True)

    def set_delimiter(self, delimiter: str) -> None:
        """`DELIMITER //`: from here a statement ends at `//`, and a `;` is part of it.

        The delimiter is a token of its own, found before the others at the same place (so
        `DELIMITER $$` is no dollar quote); `;` is still scanned, to be skipped.
        """
        self.delimiter = delimiter
        if delimiter == ";":
            self.tokens = self.base_tokens
            return
        self.tokens = re.compile(re.escape(delimiter) + "|" + self.base_tokens.pattern, re.M | re.I)

    def quoted(self, m: re.Match[str], tok: str) -> None:
        """Skip a quoted string or name (doubled quotes, MySQL backslash escapes)."""
        text, n = self.text, self.n
        if self.start is None:
            self.start = m.start()
        close = "]" if tok == "[" else tok
        i = m.end()
        while True:
            j = text.find(close, i)
            if j < 0:
                i = n
                break
            if self.backslash and tok == "'" and _escaped(text, j):
                i = j + 1
                continue
            if close != "]" and j + 1 < n and text[j + 1] == close:
                i = j + 2  # doubled quote
                continue
            i = j + 1
            break
        self.pos = i

    def terminator(self, m: re.Match[str]) -> Statement | None:
        """A `;`: the end of a statement, unless inside a trigger body or another delimiter."""
        text = self.text
        if self.delimiter != ";" and m.group(0) != self.delimiter:
            self.pos = m.end()  # a `;` inside a routine's body
            return None
        if self.start is None:
            self.pos = m.start() + len(self.delimiter)
            return None
        current = text[self.start : m.start()]
        if (
            self.delimiter == ";"
            and self.engine.trigger_blocks
            and _TRIGGER_HEAD.match(current)
            and _BEGIN.search(current)
            and not _END_AT_TAIL.search(current)
        ):
            self.pos = m.end()  # a `;` inside a trigger body
            return None
        st = self.emit(m.start())
        self.pos = m.start() + len(self.delimiter)
        if st is not None and _COPY_FROM_STDIN.match(st.text):
            # psql reads the rows that follow, up to a line `\.`: data, not statements (an
            # apostrophe in them would open a quote that swallows the script's next tables)
            end = _END_OF_COPY.search(text, self.pos)
            self.pos = self.n if end is None else end.end()
        return st


#: a quoted string or name: what balanced() and the key readers look past
QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


def balanced(text: str) -> bool:
    """Do the parentheses of `text` (outside quotes) close in order?"""
    depth = 0
    for ch in QUOTED.sub("''", text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _escaped(text: str, j: int) -> bool:
    """True if the quote at `j` is preceded by an odd number of backslashes."""
    k = j - 1
    count = 0
    while k >= 0 and text[k] == "\\":
        count += 1
        k -= 1
    return count % 2 == 1


#: what split_top stops at: quotes, comments, brackets (the separator is added per call)
_TOP_TOKENS = r"['\"`(\[)\]]|--|/\*"
_TOP: dict[str, re.Pattern[str]] = {}
#: what matching_paren stops at
_PAREN_TOKENS = re.compile(r"['\"`()]|--")


def _top_pattern(sep: str) -> re.Pattern[str]:
    pattern = _TOP.get(sep)
    if pattern is None:
        # a separator of more than one character never matches (it is compared per character)
        extra = "|" + re.escape(sep) if len(sep) == 1 else ""
        pattern = _TOP[sep] = re.compile(_TOP_TOKENS + extra)
    return pattern


def split_top(text: str, sep: str = ",") -> list[tuple[int, str]]:
    """Split on top-level `sep` (outside parentheses and quotes): (offset, part) pairs.

    The scan jumps from one token that matters (a quote, a comment, a bracket, `sep`) to the
    next with one regular expression, so a long table body costs a few steps per element.
    """
    out: list[tuple[int, str]] = []
    search = _top_pattern(sep).search
    depth = 0
    begin = 0
    i = 0
    while (m := search(text, i)) is not None:
        j = m.start()
        tok = m.group()
        if tok in ("'", '"', "`"):
            i = _quote_end(text, tok, j + 1)
            if i < 0:
                break  # an unterminated quote runs to the end
        elif tok == "--":
            i = text.find("\n", j)
            if i < 0:
                break
        elif tok == "/*":
            i = text.find("*/", j + 2)
            if i < 0:
                break
            i += 2
        else:
            if tok in ("(", "["):
                depth += 1
            elif tok in (")", "]"):
                depth -= 1
            elif depth == 0:
                out.append((begin, text[begin:j]))
                begin = j + 1
            i = j + 1
    out.append((begin, text[begin:]))
    return out


def _quote_end(text: str, quote: str, i: int) -> int:
    """The offset just past the quote closing one opened before `i`; -1 if it never closes.

    A doubled quote (`''`) stands for the quote character and stays inside.
    """
    n = len(text)
    while True:
        j = text.find(quote, i)
        if j < 0:
            return -1
        if j + 1 < n and text[j + 1] == quote:
            i = j + 2
            continue
        return j + 1


def matching_paren(text: str, open_at: int) -> int:
    """Offset of the `)` closing the `(` at `open_at`, or -1."""
    depth = 0
    i = open_at
    search = _PAREN_TOKENS.search
    while (m := search(text, i)) is not None:
        j = m.start()
        tok = m.group()
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if depth == 0:
                return j
        elif tok == "--":
            i = text.find("\n", j)
            if i < 0:
                return -1
            continue
        else:  # a quote: to the next one (a doubled quote closes and reopens)
            i = text.find(tok, j + 1)
            if i < 0:
                return -1
        i = j + 1 if tok in "()" else i + 1
    return -1


#: what strip_comments stops at: quotes and the starts of comments (MySQL: `#` too)
_COMMENT_TOKENS = re.compile(r"['\"`]|--|/\*")
_COMMENT_TOKENS_HASH = re.compile(r"['\"`#]|--|/\*")
_NOT_NEWLINE = re.compile(r"[^\n]+")


def strip_comments(text: str, hash_comments: bool = False) -> str:
    """`text` with `--` and `/* */` comments blanked out (quotes honoured).

    Offsets and line breaks are preserved, so positions found in the result are positions in
    `text`. With `hash_comments` (MySQL), `#` to the end of the line is a comment too.
    """
    if "--" not in text and "/*" not in text and not (hash_comments and "#" in text):
        return text
    search = (_COMMENT_TOKENS_HASH if hash_comments else _COMMENT_TOKENS).search
    n = len(text)
    out: list[str] = []
    done = 0  # text before this offset is in `out`
    i = 0
    while (m := search(text, i)) is not None:
        j = m.start()
        tok = m.group()
        if tok in ("'", '"', "`"):
            i = text.find(tok, j + 1) + 1
            if i == 0:
                break  # an unterminated quote runs to the end
            continue
        if tok == "/*":
            end = text.find("*/", j + 2)
            end = n if end < 0 else end + 2
        else:
            end = text.find("\n", j)
            end = n if end < 0 else end
        out.append(text[done:j])
        out.append(_NOT_NEWLINE.sub(lambda c: " " * len(c.group()), text[j:end]))
        done = i = end
    out.append(text[done:])
    return "".join(out)
