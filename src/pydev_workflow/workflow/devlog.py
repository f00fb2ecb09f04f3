"""DEV_LOG.md: the step's entry, written once and updated in place, and whether a step is done."""

from __future__ import annotations

import re

from pydev_workflow.steps import Step
from pydev_workflow.workflow.splice import (
    Mark,
    Span,
    append_block,
    ensure_heading_at,
    heading_key,
    keep_date,
    marks,
    replace_lines,
    split_lines,
)

_BOM = "\ufeff"
_HEADING_DATE = re.compile(r"\A(#{1,6}[ \t]+)\[?(\d{4}-\d{2}-\d{2})\]?")
_ANY_NEWLINE = re.compile(r"\r\n|\r|\n")


def _anchor_re(anchor: str) -> re.Pattern[str]:
    return re.compile(r"\{#" + re.escape(anchor) + r"\}\s*$")


def _entry_span(found: list[Mark], n_lines: int, anchor: str) -> Span | None:
    """The entry: from its `{#anchor}` heading through its closing `---`.

    Without a `---`, it ends before the next heading of level <= 3 (or of its own level, if
    deeper) or at the end of the document.
    """
    pattern = _anchor_re(anchor)
    for i, m in enumerate(found):
        if m.kind == "heading" and pattern.search(m.title):
            stop = max(3, m.level)
            for nxt in found[i + 1 :]:
                if nxt.kind == "hr":
                    return Span(m.start, nxt.end, False)
                if nxt.level <= stop:
                    return Span(m.start, nxt.start, True)
            return Span(m.start, n_lines, False)
    return None


def find_entry(devlog_text: str, anchor: str = "data-models") -> Span | None:
    """The 0-based line span of the entry whose heading ends with `{#anchor}`, or None."""
    body = devlog_text.removeprefix(_BOM)
    return _entry_span(marks(body), len(split_lines(body)), anchor)


def extract_entry(devlog_text: str, anchor: str = "data-models") -> str | None:
    """The entry's text exactly as written, or None when there is none."""
    body = devlog_text.removeprefix(_BOM)
    span = find_entry(body, anchor)
    return None if span is None else "".join(split_lines(body)[span.start : span.end])


def keep_entry_date(old_entry: str | None, new_entry: str) -> str:
    """`new_entry` with the old heading date (`### YYYY-MM-DD …`) if all else is identical."""
    return keep_date(old_entry, new_entry, _HEADING_DATE)


def _closed(entry_text: str) -> str:
    """The entry, ending with the seed's closing `---` line (added if the text lacks it)."""
    body = entry_text.removeprefix(_BOM).rstrip()
    found = marks(body)
    if found and found[-1].kind == "hr" and found[-1].end >= len(split_lines(body)):
        return body + "\n"
    return body + "\n\n---\n"


def _check_entry(entry: str, anchor: str) -> None:
    found = marks(entry)
    n = len(split_lines(entry))
    first = found[0] if found else None
    if first is None or first.kind != "heading" or first.start != 0:
        raise ValueError("the new DEV_LOG entry must start with its heading")
    span = _entry_span(found, n, anchor)
    if span is None or span.start != 0 or span.end != n:
        raise ValueError(
            f"the new DEV_LOG entry must have a heading ending with {{#{anchor}}} and end with "
            "its own `---` line, with no other heading of level <= 3 and no block left open"
        )


def upsert_entry(
    devlog_text: str,
    entry_text: str,
    anchor: str = "data-models",
    *,
    filename: str = "DEV_LOG.md",
) -> str:
    """Write the step's entry into DEV_LOG.md: replace it in place, or append it once.

    The entry starts at the heading ending with `{#anchor}` and ends after its closing `---`
    line (or before the next heading of level <= 3). A re-run replaces it rather than adding
    another, and keeps its old date when nothing else changed, so an unchanged spec changes no
    byte. Every byte outside the entry is kept; the entry takes the log's line-ending style;
    BOM and trailing-newline state are kept. An entry without a closing `---` gets one.

    Args:
        devlog_text: DEV_LOG.md as read (a leading BOM is kept).
        entry_text: The new entry, starting with its `### … {#anchor}` heading.
        anchor: The step's DEV_LOG anchor.
        filename: The log's name for error messages.

    Raises:
        InputError: The log ends inside an unclosed block, so an appended entry would vanish
            into it.
        ValueError: The entry does not start with its anchored heading or leaves a block open.
    """
    bom = _BOM if devlog_text.startswith(_BOM) else ""
    body = devlog_text.removeprefix(_BOM)
    entry = _closed(entry_text)
    _check_entry(entry, anchor)
    span = find_entry(body, anchor)
    if span is not None:
        old = "".join(split_lines(body)[span.start : span.end])
        return bom + replace_lines(body, span, keep_entry_date(old, entry))
    result, start = append_block(body, entry)
    heading = _ANY_NEWLINE.split(entry, maxsplit=1)[0]
    level = len(heading) - len(heading.lstrip("#"))
    ensure_heading_at(result, start, heading.lstrip("#").strip(), max(level, 1), filename)
    return bom + result


def find_step_entry(devlog_text: str, step: Step) -> int | None:
    """The 1-based line of the heading that shows `step` done, or None.

    A heading counts when it ends with the step's anchor (`{#system-architecture}`) or its
    words contain the step's title ("System Architecture"), case-insensitively.
    """
    body = devlog_text.removeprefix(_BOM)
    pattern = _anchor_re(step.anchor)
    title = heading_key(step.title)
    for m in marks(body):
        if m.kind == "heading" and (pattern.search(m.title) or title in heading_key(m.title)):
            return m.start + 1
    return None


def step_complete(devlog_text: str, step: Step) -> bool:
    """Whether DEV_LOG.md has an entry for `step` (by its anchor or its title's words)."""
    return find_step_entry(devlog_text, step) is not None
