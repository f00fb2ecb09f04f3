"""Replacing one Markdown section of a user's document without touching a byte outside it."""

# lazy: markdown_it — import (sql, db, dbml, sqlalchemy, django) loads this, reads no Markdown
from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.workflow.fs import ends_with_newline, newline_style

_BOM = "\ufeff"
_ATTRS = re.compile(r"\s*\{#[^}]*\}\s*$")
_EMPHASIS = re.compile(r"[*_`]+")
_ANY_NEWLINE = re.compile(r"\r\n|\r|\n")
_LAST_UPDATED = re.compile(r"^(>[ \t]*Last updated:[ \t]*)\[?(\d{4}-\d{2}-\d{2})\]?", re.M | re.I)
_PROBE = "## pydev-workflow-probe"

_KIND = {
    "fence": "code block",
    "code_block": "indented code block",
    "html_block": "HTML block",
    "blockquote_open": "block quote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "paragraph_open": "paragraph",
}


@functools.lru_cache(maxsize=1)
def _md() -> Any:
    from markdown_it import MarkdownIt

    # block structure is all we need; skipping inline parsing makes big documents cheap
    return MarkdownIt("commonmark").disable("inline")


@dataclass(frozen=True, slots=True)
class Mark:
    """A top-level heading or thematic break (`---`), by 0-based line span [start, end)."""

    kind: str  # "heading" | "hr"
    level: int  # heading level; 0 for a thematic break
    title: str  # the heading's text as written (without the #s)
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    """Lines [start, end) (0-based) of a document: one section or entry."""

    start: int
    end: int
    closed_by_heading: bool  # ends where a following heading starts (not at EOF or a `---`)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


# str.splitlines also breaks at these; where none occurs it splits exactly as markdown-it counts
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    r"""`workflow.fs.split_lines` at C speed (documents have 350,000 lines).

    Lines keep their endings; `\\r\\n`, `\\r` and `\\n` each end a line, as markdown-it
    counts them, so mark spans index the result.
    """
    return list(_lines(text))


@functools.lru_cache(maxsize=2)
def _lines(text: str) -> tuple[str, ...]:
    # cached: a run extracts the old section, then splices the same document
    if _ODD_BREAKS.search(text) is None:
        return tuple(text.splitlines(keepends=True))
    return tuple(_LINE.findall(text))


def _line_offset(text: str, n: int) -> int:
    """The offset where line `n` (0-based) of `text` starts (len(text) past the last line)."""
    end = 0
    for end_match in itertools.islice(_LINE.finditer(text), n):
        end = end_match.end()
    return end if n else 0


#: `_line_offset` for the other modules of the workflow
line_offset = _line_offset


def _strip_bom(text: str) -> tuple[str, str]:
    return (_BOM, text[1:]) if text.startswith(_BOM) else ("", text)


def marks(text: str) -> list[Mark]:
    """The top-level headings and thematic breaks of `text`, as markdown-it finds them.

    A `## x` inside a fenced or indented code block, an HTML block or a block quote is not
    a heading of the document and is not listed.
    """
    return list(_marks(text))


#: text -> its marks, the last few texts (one run extracts the old section and then splices
#: the same document; `remember_marks` seeds it with marks found in another process)
_MARKS: dict[str, tuple[Mark, ...]] = {}
_MARKS_KEPT = 4


def _marks(text: str) -> tuple[Mark, ...]:
    found = _MARKS.get(text)
    if found is None:
        found = tuple(_hybrid_marks(text))
        remember_marks(text, found)
    return found


def remember_marks(text: str, found: Sequence[Mark]) -> None:
    """Keep `found` as the marks of `text` (as `marks(text)` found them, in another process)."""
    _MARKS.pop(text, None)
    _MARKS[text] = tuple(found)
    while len(_MARKS) > _MARKS_KEPT:
        del _MARKS[next(iter(_MARKS))]


def markdown_it_marks(text: str) -> tuple[Mark, ...]:
    """The marks from one markdown-it parse of the whole text (the reference `marks` matches)."""
    found: list[Mark] = []
    tokens = _md().parse(text)
    for i, tok in enumerate(tokens):
        if tok.level != 0 or tok.map is None:
            continue
        if tok.type == "heading_open":
            found.append(
                Mark("heading", int(tok.tag[1]), tokens[i + 1].content, tok.map[0], tok.map[1])
            )
        elif tok.type == "hr":
            found.append(Mark("hr", 0, "", tok.map[0], tok.map[1]))
    return tuple(found)


# -- the fast path ------------------------------------------------------------------------------
# markdown-it costs about 5 µs a line; the Data Models section of 5,000 entities has 350,000
# lines and is parsed two or three times per run. Almost all of them are lines whose block
# structure is plain: ATX headings, `|` rows, `**Storage**:` paragraphs, `---`, fenced code.
# `_hybrid_marks` cuts the document before every line that starts like an ATX heading, scans
# each piece line by line when every line in it is of a kind listed below, and hands any other
# piece to markdown-it. A piece may only be cut off where markdown-it would start a top-level
# block at the next heading line: the scanner knows (no fence is open), and for a piece that
# markdown-it parsed, the heading line is parsed along with it and must come out as a
# top-level heading. Otherwise the rest of the document goes to markdown-it in one piece.
# tests/test_splice_marks.py checks against markdown-it on generated documents.
_HEADING_START = re.compile(r"#{1,6}(?:[ \t]|$)")
_ATX = re.compile(r"(#{1,6})(?: +(.*?))? *")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})[\w+.-]*")
_HR = re.compile(r"-{3,}|\*{3,}|_{3,}")
_ORDERED_ITEM = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
_MD_TRIM = "".join(
    chr(c)
    for c in sorted({0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x2028, 0x2029, *range(0x2000, 0x200B)})
)
# first characters of a line that may start something other than a paragraph (or continue a
# setext heading): any line starting with one of them is left to markdown-it, except the
# shapes `_scan_line` recognises
_RISKY_START = frozenset(" \t#>*-+_=~`<[0123456789")
# a bullet item whose text starts plainly (`- - -` would be a break, `-  x` indents its text)
_BULLET = re.compile(r"- (?:\*\*)?[A-Za-z0-9]")
_BLANK, _PARA, _QUOTE, _BLOCK, _ITEM = 0, 1, 2, 3, 4


def _scan_line(line: str, prev: int) -> tuple[int, Mark | None, tuple[str, int] | None] | None:
    """(state after, mark, fence opened) for one top-level line, or None when unsure."""
    if not line:
        return _BLANK, None, None
    first = line[0]
    if prev == _QUOTE and first != ">":
        return None  # lazy continuation of the quote's paragraph: leave it to markdown-it
    if first == "-" and _BULLET.match(line):
        # a list item: what its text opens closes with the item, which ends at the next line
        # unless that line is indented (left to markdown-it) or lazily continues its text
        return _ITEM, None, None
    if prev == _ITEM:
        return None  # lazy continuation of the item's paragraph, or a break or a quote
    if first not in _RISKY_START:
        return _PARA, None, None
    if first == "#":
        return _scan_heading(line)
    if first == ">":
        return _QUOTE, None, None
    if first in "`~":
        m = _FENCE_OPEN.fullmatch(line)
        if m is None:
            return None
        return _BLOCK, None, (first, len(m.group(1)))
    return _scan_other(line, first, prev)


def _scan_heading(line: str) -> tuple[int, Mark | None, tuple[str, int] | None] | None:
    """An ATX heading line whose title is plain, or None when unsure."""
    m = _ATX.fullmatch(line)
    title = (m.group(2) or "") if m else ""
    if m is None or title.endswith("#") or title != title.strip(_MD_TRIM):
        return None
    return _BLOCK, Mark("heading", len(m.group(1)), title, 0, 0), None


def _scan_other(
    line: str, first: str, prev: int
) -> tuple[int, Mark | None, tuple[str, int] | None] | None:
    """A break, a bold paragraph start or a number that starts no list; None when unsure."""
    if _HR.fullmatch(line):
        # after a paragraph line `---` underlines a setext heading instead
        return (_BLOCK, Mark("hr", 0, "", 0, 0), None) if prev in (_BLANK, _BLOCK) else None
    if first == "*" and line[1:2] not in ("", " ", "\t") and line.strip("* \t"):
        return _PARA, None, None  # `**Storage**: …`: neither a list item nor a break
    if first.isdigit() and not _ORDERED_ITEM.match(line):
        return _PARA, None, None
    return None


def _fence_closes(line: str, fence: tuple[str, int]) -> bool | None:
    """Whether `line` closes the open fence; None when unsure (tabs, trailing blanks)."""
    marker, length = fence
    rest = line.lstrip(" \t")
    if not rest.startswith(marker):
        return False
    indent = line[: len(line) - len(rest)]
    if "\t" in indent:
        return None
    if len(indent) >= 4:
        return False  # an indented code line, not a closing fence
    tail = rest.lstrip(marker)
    if len(rest) - len(tail) < length:
        return False
    if not tail:
        return True
    return None if not tail.strip(" \t") else False


def _scan(lines: Sequence[str], start: int) -> tuple[list[Mark], int] | None:
    """Marks of lines[start:stop], stop being the next heading-start line outside a fence."""
    found: list[Mark] = []
    prev = _BLANK
    fence: tuple[str, int] | None = None
    i = start
    n = len(lines)
    heading_start = _HEADING_START.match
    risky = _RISKY_START
    while i < n:
        line = lines[i]
        if fence is not None:
            closes = fence[0] in line and _fence_closes(line, fence)  # the usual line: no marker
            if closes is None:
                return None
            if closes:
                fence, prev = None, _BLOCK
            i += 1
            continue
        first = line[:1]
        if first not in risky and prev != _QUOTE and prev != _ITEM:
            # the usual line (a `|` row, a blank line, prose): _scan_line's answer, inlined
            prev = _PARA if first else _BLANK
            i += 1
            continue
        if i > start and first == "#" and heading_start(line):
            break
        step = _scan_line(line, prev)
        if step is None:
            return None
        prev, mark, fence = step
        if mark is not None:
            found.append(Mark(mark.kind, mark.level, mark.title, i, i + 1))
        i += 1
    return found, i


def _parsed(lines: Sequence[str], start: int, stop: int) -> tuple[list[Mark], bool]:
    """markdown-it's marks of lines[start:stop], and whether line `stop` starts a new block.

    Line `stop` (a heading-start line) is parsed along with the piece: when it comes out as a
    top-level heading, nothing the piece opened is still open there.
    """
    probe = stop < len(lines)
    text = "\n".join(lines[start : stop + 1 if probe else stop]) + "\n"
    found = [
        Mark(m.kind, m.level, m.title, m.start + start, m.end + start)
        for m in markdown_it_marks(text)
    ]
    if not probe:
        return found, True
    clean = bool(found) and found[-1].kind == "heading" and found[-1].start == stop
    return (found[:-1] if clean else found), clean


def _hybrid_marks(text: str) -> list[Mark]:
    norm = _ANY_NEWLINE.sub("\n", text) if "\r" in text else text  # as markdown-it normalises
    norm = norm.replace("\0", "\ufffd")
    if not norm:
        return []
    lines = norm.split("\n")
    if norm.endswith("\n"):
        lines.pop()
    return _marks_of_lines(lines)


def _marks_of_lines(lines: list[str]) -> list[Mark]:
    r"""`_hybrid_marks` of the text these lines make (no `\r`, no NUL, `\n` between them)."""
    heading_starts = [i for i, ln in enumerate(lines) if ln[:1] == "#" and _HEADING_START.match(ln)]
    found: list[Mark] = []
    i, n = 0, len(lines)
    while i < n:
        scanned = _scan(lines, i)
        if scanned is not None:
            found += scanned[0]
            i = scanned[1]
            continue
        k = bisect.bisect_right(heading_starts, i)
        stop = heading_starts[k] if k < len(heading_starts) else n
        piece, clean = _parsed(lines, i, stop)
        if not clean:  # something stays open across the heading line: parse all the rest
            piece, _ = _parsed(lines, i, n)
            stop = n
        found += piece
        i = stop
    return found


def heading_key(title: str) -> str:
    """A heading title for comparison: no `{#anchor}`, no emphasis, collapsed spaces, casefolded."""
    title = _ATTRS.sub("", title)
    title = _EMPHASIS.sub("", title)
    return " ".join(title.split()).casefold()


def find_section(
    text: str, heading: str = "Data Models", *, level: int = 2, found: Sequence[Mark] | None = None
) -> Span | None:
    """The lines of the first `## heading` section, up to the next heading of level <= `level`.

    The section runs to the end of the document when no such heading follows.

    Args:
        text: The document (a leading BOM is ignored).
        heading: The section's title, compared case-insensitively without emphasis.
        level: The heading level of the section (2 for `##`).
        found: Marks already computed for `text`.
    """
    _, body = _strip_bom(text)
    all_marks = list(found) if found is not None else marks(body)
    key = heading_key(heading)
    for i, m in enumerate(all_marks):
        if m.kind == "heading" and m.level == level and heading_key(m.title) == key:
            for nxt in all_marks[i + 1 :]:
                if nxt.kind == "heading" and nxt.level <= level:
                    return Span(m.start, nxt.start, True)
            return Span(m.start, line_count(body), False)
    return None


def line_count(text: str) -> int:
    """len(split_lines(text)), without splitting (or caching the lines of) a big document."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (1 if text and not text.endswith(("\n", "\r")) else 0)


def fresh_marks(text: str) -> list[Mark]:
    """`marks(text)`, computed now and not kept.

    For a document read once, such as the pre-flight's ARCHITECTURE.md: the cache would hold
    it, megabytes, for the whole run.
    """
    return _hybrid_marks(text)


def extract_section(text: str, heading: str = "Data Models", *, level: int = 2) -> str | None:
    """The section's text exactly as written (its line endings, trailing blank lines), or None."""
    _, body = _strip_bom(text)
    span = find_section(body, heading, level=level)
    if span is None:
        return None
    return _span_text(body, span)


def _span_bounds(text: str, span: Span) -> tuple[int, int]:
    """The offsets of lines span.start..span.end of `text` (no BOM), as split_lines counts.

    Found without splitting the document into lines: a section of a big schema is megabytes,
    and a cached tuple of its 300,000 lines would be 30 MiB more at the run's peak.
    """
    begin = _line_offset(text, span.start)
    end = len(text) if span.end >= line_count(text) else _line_offset(text, span.end)
    return begin, end


def _span_text(text: str, span: Span) -> str:
    """`"".join(split_lines(text)[span.start : span.end])`."""
    begin, end = _span_bounds(text, span)
    return text[begin:end]


def _canonical(text: str) -> str:
    _, body = _strip_bom(text)
    return (_ANY_NEWLINE.sub("\n", body) if "\r" in body else body).strip()


#: characters compared at a time by _same_canonical
_CHUNK = 1 << 20


def _stripped_bounds(text: str) -> tuple[int, int]:
    """The offsets of text.strip() in `text`."""
    begin, end = 0, len(text)
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end


def _same_canonical(a: str, b: str) -> bool:
    """`_canonical(a) == _canonical(b)`, comparing a megabyte at a time instead of copying both."""
    if "\r" in a or "\r" in b or a.startswith(_BOM) or b.startswith(_BOM):
        return _canonical(a) == _canonical(b)
    a0, a1 = _stripped_bounds(a)
    b0, b1 = _stripped_bounds(b)
    if a1 - a0 != b1 - b0:
        return False
    return all(
        a[a0 + i : min(a0 + i + _CHUNK, a1)] == b[b0 + i : min(b0 + i + _CHUNK, b1)]
        for i in range(0, a1 - a0, _CHUNK)
    )


def keep_date(old: str | None, new: str, pattern: re.Pattern[str]) -> str:
    """`new` with the date of `old` (group 2 of `pattern`'s first match) when nothing else differs.

    This is what makes a re-run with an unchanged spec change no byte: the date moves only
    when the content does.
    """
    if old is None:
        return new
    m_new = pattern.search(new)
    m_old = pattern.search(old)
    if m_new is None or m_old is None:
        return new
    if m_new.group(2) == m_old.group(2):  # the candidate is `new`: no copy of megabytes
        return new
    candidate = new[: m_new.start(2)] + m_old.group(2) + new[m_new.end(2) :]
    return candidate if _same_canonical(candidate, old) else new


def keep_date_if_unchanged(old_section: str | None, new_section: str) -> str:
    """`new_section` with the old `> Last updated: YYYY-MM-DD` date if all else is identical.

    Line endings and trailing blank lines do not count as differences.
    """
    return keep_date(old_section, new_section, _LAST_UPDATED)


def _block(new_text: str, nl: str) -> str:
    """`new_text` without trailing blank lines, in the document's line-ending style, + one nl."""
    return _block_body(new_text, nl) + nl


def _block_body(new_text: str, nl: str) -> str:
    """`_block` without its final nl (which the caller joins in: no copy of megabytes more)."""
    _, body = _strip_bom(new_text)
    body = body.rstrip()
    if nl == "\n" and "\r" not in body:  # already in the style: skip a pass over megabytes
        return body
    return _ANY_NEWLINE.sub(nl, body)


def replace_lines(text: str, span: Span, new_text: str) -> str:
    """Replace lines span.start..span.end of `text` (no BOM) with `new_text`.

    The block is written in `text`'s line-ending style; one blank line separates it from a
    following heading; at the end of the document the original trailing-newline state is kept.
    """
    nl = newline_style(text)
    begin, end = _span_bounds(text, span)
    ending = nl  # after the block, which is joined in once (it may be megabytes)
    if end < len(text):  # lines follow the span
        if span.closed_by_heading:
            ending += nl
    elif not ends_with_newline(text):
        ending = ""
    return "".join((text[:begin], _block_body(new_text, nl), ending, text[end:]))


def _replaced_by_itself(text: str, span: Span, new_text: str) -> bool:
    r"""Would `replace_lines(text, span, new_text)` give `text` back, byte for byte?

    Compared a megabyte at a time, without building the result: for a section in `\n` style
    (anything else is left to `replace_lines` and the caller's comparison).
    """
    if "\r" in text or "\r" in new_text or new_text.startswith(_BOM):
        return False
    begin, end = _span_bounds(text, span)
    size = len(new_text)
    while size and new_text[size - 1].isspace():  # `_block_body`'s rstrip, without the copy
        size -= 1
    ending = "\n"
    if end < len(text):
        if span.closed_by_heading:
            ending += "\n"
    elif not ends_with_newline(text):
        ending = ""
    if end - begin != size + len(ending) or text[end - len(ending) : end] != ending:
        return False
    return all(
        text[begin + i : begin + min(i + _CHUNK, size)] == new_text[i : min(i + _CHUNK, size)]
        for i in range(0, size, _CHUNK)
    )


def append_block(text: str, new_text: str) -> tuple[str, int]:
    """Append `new_text` after one blank line; return the result and the block's first line.

    Only bytes are added at the end: a missing final newline is added before the blank line,
    and the block itself ends without one if the document did.
    """
    nl = newline_style(text)
    block = _block(new_text, nl)
    if not text:
        return block, 0
    last_line = _lines(text)[-1]
    add = "" if ends_with_newline(text) else nl
    if last_line.strip():
        add += nl  # the blank line before the new block
    start = len(_lines(text + add))
    if not ends_with_newline(text):
        block = block[: -len(nl)]
    return text + add + block, start


def _enclosing(text: str, line: int) -> tuple[str, int] | None:
    """The top-level block of `text` that contains `line`, as (kind, 1-based first line)."""
    for tok in _md().parse(text):
        if tok.level == 0 and tok.map is not None and tok.map[0] <= line < tok.map[1]:
            return _KIND.get(tok.type, tok.type.removesuffix("_open")), tok.map[0] + 1
    return None


def _probe_lines(body: str) -> list[str]:
    r"""The lines `_hybrid_marks` splits `body.rstrip() + "\n\n" + _PROBE + "\n"` into.

    Split from `body` itself: the block may be megabytes, and two copies of it (stripped, then
    with the probe) were the peak of a run's memory.
    """
    if "\r" in body or "\0" in body:
        probe = body.rstrip() + "\n\n" + _PROBE + "\n"
        probe = _ANY_NEWLINE.sub("\n", probe).replace("\0", "\ufffd")
        return probe.split("\n")[:-1]
    lines = body.split("\n")
    while lines and (not lines[-1] or lines[-1].isspace()):
        lines.pop()  # rstrip's blank lines, as far as `\\n` breaks them
    if not lines:
        return ["", "", _PROBE]
    lines[-1] = lines[-1].rstrip()
    return [*lines, "", _PROBE]


def check_block(new_text: str, heading: str, level: int, what: str) -> None:
    """Make sure a generated block starts with its heading and closes every construct it opens.

    A block that left a code fence open would swallow the rest of the document on the next
    run, so this is checked before anything is written.

    Raises:
        ValueError: The block is malformed (a bug in whoever rendered it).
    """
    _, body = _strip_bom(new_text)
    found = _marks_of_lines(_probe_lines(body))  # not cached: a probe is never parsed again
    heads = [m for m in found if m.kind == "heading" and m.level <= level]
    first = found[0] if found else None
    if first is None or first.start != 0 or first.kind != "heading" or first.level != level:
        raise ValueError(f"the new {what} must start with a level-{level} heading")
    if heading_key(first.title) != heading_key(heading):
        raise ValueError(f"the new {what} starts with {first.title!r}, not {heading!r}")
    if len(heads) != 2 or heads[-1].title != _PROBE.lstrip("# "):
        raise ValueError(
            f"the new {what} contains another level-{level} heading or leaves a block open"
        )


def splice_section(
    document_text: str,
    new_section_text: str,
    heading: str = "Data Models",
    *,
    level: int = 2,
    filename: str = "ARCHITECTURE.md",
) -> str:
    """Replace (or append) the `## heading` section, leaving every other byte as it was.

    The section is found with markdown-it, so a `## Data Models` inside a code fence or an
    indented block is not a heading; it ends at the next heading of level <= `level` or at the
    end of the document. Missing, it is appended at the end after one blank line. The new
    section takes the document's line-ending style; the BOM and the trailing-newline state are
    kept. Splicing the same section twice gives the same bytes as splicing it once.

    Args:
        document_text: The whole document, as read (a leading BOM is kept).
        new_section_text: The new section, starting with its heading line.
        heading: The section's title.
        level: The section's heading level.
        filename: The document's name for error messages.

    Raises:
        InputError: The document ends inside an unclosed block (e.g. a code fence without its
            closing line), so an appended section would become part of it.
        ValueError: `new_section_text` does not start with the heading or leaves a block open.
    """
    bom, body = _strip_bom(document_text)
    span = find_section(body, heading, level=level)
    if span is not None and _replaced_by_itself(body, span, new_section_text):
        return document_text  # a re-run: not one byte changes, and no copy of megabytes is made
    if span is not None:
        old = _span_text(body, span)
        # an unchanged section was already parsed as a well-formed section of this document
        if not _same_canonical(old, new_section_text):
            check_block(new_section_text, heading, level, "section")
        return bom + replace_lines(body, span, new_section_text)
    check_block(new_section_text, heading, level, "section")
    result, start = append_block(body, new_section_text)
    ensure_heading_at(result, start, heading, level, filename)
    return bom + result


def ensure_heading_at(text: str, start: int, heading: str, level: int, filename: str) -> None:
    """Raise InputError unless line `start` of `text` is the top-level `heading` we appended."""
    prefix = text[: _line_offset(text, start)]  # only the lines before it: not the block
    probe = prefix + "#" * level + " " + heading + "\n"
    if any(m.kind == "heading" and m.start == start for m in _hybrid_marks(probe)):
        return
    where = _enclosing(probe, start)
    kind, line = where if where is not None else ("block", start + 1)
    raise InputError(
        Problem(
            Loc(filename, line, 1),
            f"{filename} ends inside an unclosed {kind} that starts here; a new "
            f"'{'#' * level} {heading}' section appended after it would become part of it",
            f"close the {kind} (for a code fence: add its closing ``` line), then run again",
        )
    )
