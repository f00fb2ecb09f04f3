"""Read the components step 02 wrote into ARCHITECTURE.md (found with markdown-it-py).

Components may be written three ways, all recognised:
- sub-headings under a heading that contains "Component" (`## Components` / `### Auth`);
- a table with a "Component" column, anywhere in the document;
- a bullet list under a heading that contains "Component" (`- **Auth**: …`, `- Auth — …`).
The Data Models section itself is skipped: entities are not components.
"""

from __future__ import annotations

import re
from typing import Any

from pydev_workflow.errors import Loc
from pydev_workflow.project import Component

_STRIP = re.compile(r"[*_`]+")
_SPLIT = re.compile(r"\s+(?:[—–:(-]|\|)\s*|:\s*|\s+—|\s+–")
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]\s*|[A-Z][.)]\s+)")


def _md() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _clean(text: str) -> str:
    text = _STRIP.sub("", text).strip()
    text = _NUMBERING.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their text
    return text.strip().strip(".").strip()


def _bullet_name(text: str) -> str:
    bold = re.match(r"^\s*(\*\*|__)(.+?)\1", text)
    if bold:
        return _clean(bold.group(2))
    code = re.match(r"^\s*`([^`]+)`", text)
    if code:
        return code.group(1).strip()
    return _clean(_SPLIT.split(text, maxsplit=1)[0])


def _blank_data_models(text: str) -> str:
    """`text` with the `## Data Models` section's lines emptied (line numbers kept).

    That section is ours, can be megabytes on big schemas, and holds no components; the
    splice's section finder (markdown-it where a line needs it) locates it cheaply, so the
    full markdown-it parse below only reads the rest of the document.
    """
    from pydev_workflow.workflow.splice import find_section, split_lines

    span = find_section(text, "Data Models", level=2)
    if span is None:
        return text
    lines = split_lines(text)
    blanked = ["\n" if line.endswith(("\n", "\r")) else "" for line in lines[span.start : span.end]]
    return "".join(lines[: span.start] + blanked + lines[span.end :])


def parse_components(text: str, filename: str = "ARCHITECTURE.md") -> tuple[Component, ...]:
    """Every component ARCHITECTURE.md names, in document order, without duplicates."""
    tokens = _md().parse(_blank_data_models(text))
    found: list[Component] = []
    seen: set[str] = set()

    def add(name: str, line: int) -> None:
        key = name.lower()
        if name and key not in seen and len(name) <= 80:
            seen.add(key)
            found.append(Component(name, Loc(filename, line, 1)))

    # heading stack: (level, title) of the enclosing headings
    stack: list[tuple[int, str]] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            title = _clean(tokens[i + 1].content)
            while stack and stack[-1][0] >= level:
                stack.pop()
            in_components = any("component" in t.lower() for _, t in stack)
            in_data_models = any(t.lower() == "data models" for _, t in stack)
            if in_components and not in_data_models and "component" not in title.lower():
                # only the level directly below the Components heading counts
                parent_level = next(lv for lv, t in reversed(stack) if "component" in t.lower())
                if level == parent_level + 1:
                    add(title, tok.map[0] + 1 if tok.map else 0)
            stack.append((level, title))
            i += 3
            continue
        in_data_models = any(t.lower() == "data models" for _, t in stack)
        if tok.type == "table_open" and not in_data_models:
            i = _table(tokens, i, add)
            continue
        if tok.type == "bullet_list_open" and tok.level == 0 and not in_data_models:
            if stack and "component" in stack[-1][1].lower():
                i = _bullets(tokens, i, add)
                continue
        i += 1
    return tuple(found)


def _table(tokens: Any, i: int, add: Any) -> int:
    """Read a table starting at tokens[i]; add its Component column; return the next index."""
    headers: list[str] = []
    col: int | None = None
    row: list[tuple[str, int]] = []
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
            col = next((k for k, h in enumerate(headers) if "component" in h.lower()), None)
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline":
            line = (t.map[0] + 1) if t.map else 0
            if in_head:
                headers.append(_clean(t.content))
            else:
                row.append((t.content, line))
        elif t.type == "tr_close" and not in_head and col is not None and col < len(row):
            content, line = row[col]
            add(_clean(content), line)
        i += 1
    return i + 1


def _bullets(tokens: Any, i: int, add: Any) -> int:
    """Read a top-level bullet list: the first inline of each item names a component."""
    depth = 0
    want = False
    while i < len(tokens):
        t = tokens[i]
        if t.type == "bullet_list_open":
            depth += 1
        elif t.type == "bullet_list_close":
            depth -= 1
            if depth == 0:
                return i + 1
        elif t.type == "list_item_open" and depth == 1:
            want = True
        elif t.type == "inline" and want:
            add(_bullet_name(t.content), (t.map[0] + 1) if t.map else 0)
            want = False
        i += 1
    return i
