"""The seed's pre-flight: CLAUDE.md read, ARCHITECTURE.md has components, step 02 logged as done."""

# lazy: markdown_it — import (sql, db, dbml, sqlalchemy, django) loads this, reads no Markdown
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.model import Schema
from pydev_workflow.model.conventions import Conventions
from pydev_workflow.project import Component
from pydev_workflow.steps import DATA_MODELS, Step, previous, step
from pydev_workflow.workflow.architecture import parse_components
from pydev_workflow.workflow.config import ProjectPaths
from pydev_workflow.workflow.devlog import find_step_entry
from pydev_workflow.workflow.fs import Document, read_document

SHAPES = (
    "sub-headings under a '## Components' heading, a table with a 'Component' column, "
    "or a bullet list under a heading that contains 'Component'"
)


@dataclass(frozen=True, slots=True)
class PreflightItem:
    """One pre-flight item: what was checked, whether it passed, and what was found."""

    name: str  # the seed's wording: "Read CLAUDE.md"
    ok: bool
    detail: str  # what was found, or what is wrong
    loc: Loc  # the file (line 1 unless something more precise is known)
    hint: str = ""  # what to do when it failed

    def problem(self) -> Problem:
        """This failed item as an input problem (`file:line:col: error: detail (hint)`)."""
        return Problem(self.loc, self.detail, self.hint, code="preflight")


@dataclass(frozen=True, slots=True)
class ClaudeInfo:
    """What pre-flight read from CLAUDE.md."""

    title: str
    size: int  # bytes
    practices: tuple[str, ...]  # the list items, as written


@dataclass(frozen=True, slots=True)
class Preflight:
    """The pre-flight results, one item per seed item, in the seed's order."""

    items: tuple[PreflightItem, ...]
    claude: ClaudeInfo | None = None
    components: tuple[Component, ...] = ()
    #: ARCHITECTURE.md as read, when it names components: `run` splices this text (read and
    #: parsed once; on a big model it is megabytes) instead of reading the file again
    architecture: Document | None = None

    @property
    def conventions(self) -> Conventions | None:
        """The conventions CLAUDE.md's practices propose (None when it states none)."""
        return propose_conventions(self.claude.practices) if self.claude else None

    @property
    def ok(self) -> bool:
        """Whether every item passed."""
        return all(item.ok for item in self.items)

    @property
    def failed(self) -> tuple[PreflightItem, ...]:
        """The items that did not pass."""
        return tuple(item for item in self.items if not item.ok)

    def raise_if_failed(self) -> None:
        """Raise one InputError listing every failed item, so the user fixes them all at once.

        Raises:
            InputError: At least one item failed.
        """
        if not self.ok:
            raise InputError([item.problem() for item in self.failed])


def _md() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("inline")


def _read(path: Path, display: str) -> Document | PreflightItem:
    """The document, or the failed item saying why it cannot be read (named by the caller)."""
    try:
        return read_document(path, missing_ok=True, display=display)
    except InputError as exc:
        p = exc.problems[0]
        return PreflightItem("", False, p.message, p.loc, p.hint)


def claude_info(text: str, fallback_title: str = "CLAUDE.md") -> ClaudeInfo:
    """The title (first heading) and the practices (list items) of a CLAUDE.md text."""
    tokens = _md().parse(text)
    title = ""
    practices: list[str] = []
    want_item = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and not title:
            title = tokens[i + 1].content.strip()
        elif tok.type == "list_item_open":
            want_item = True
        elif tok.type == "inline" and want_item:
            practices.append(" ".join(tok.content.split()))
            want_item = False
    return ClaudeInfo(title or fallback_title, len(text.encode("utf-8")), tuple(practices))


def _check_claude(paths: ProjectPaths) -> tuple[PreflightItem, ClaudeInfo | None]:
    name = "Read CLAUDE.md"
    shown = paths.display(paths.claude)
    doc = _read(paths.claude, shown)
    if isinstance(doc, PreflightItem):
        return PreflightItem(name, False, doc.detail, doc.loc, doc.hint), None
    loc = Loc(shown, 1, 1)
    if not doc.exists:
        init = step("project-init")
        return PreflightItem(
            name,
            False,
            f"{shown} not found",
            loc,
            f"create it with the project's best practices, as in step {init.number:02d}, "
            f"{init.title.lower()}",
        ), None
    info = claude_info(doc.text, shown)
    if not doc.text.strip():
        return PreflightItem(
            name, False, f"{shown} is empty", loc, "write the project's best practices into it"
        ), info
    n = len(info.practices)
    detail = f"{info.title!r}, {n} practice{'s' if n != 1 else ''}, {info.size} bytes"
    proposed = propose_conventions(info.practices)
    if proposed is not None:
        detail += f"; conventions: {describe_conventions(proposed)}"
    return PreflightItem(name, True, detail, loc), info


def _check_architecture(
    paths: ProjectPaths,
) -> tuple[PreflightItem, tuple[Component, ...], Document | None]:
    name = "Read ARCHITECTURE.md"
    shown = paths.display(paths.architecture)
    arch = previous(DATA_MODELS)
    doc = _read(paths.architecture, shown)
    if isinstance(doc, PreflightItem):
        return PreflightItem(name, False, doc.detail, doc.loc, doc.hint), (), None
    loc = Loc(shown, 1, 1)
    if not doc.exists:
        what = f"step {arch.number:02d}, {arch.title.lower()}" if arch else "the previous step"
        return (
            PreflightItem(
                name,
                False,
                f"{shown} not found",
                loc,
                f"create it with the project's components first: {what}",
            ),
            (),
            None,
        )
    # its marks are kept (splice's cache): the run finds its Data Models section in this text
    components = parse_components(doc.text, shown, keep_marks=True)
    if not components:
        return (
            PreflightItem(
                name,
                False,
                f"{shown} names no components",
                loc,
                f"list them as {SHAPES}",
            ),
            (),
            None,
        )
    names = ", ".join(c.name for c in components)
    detail = f"{len(components)} component{'s' if len(components) != 1 else ''} ({names})"
    return PreflightItem(name, True, detail, loc), components, doc


def _check_devlog(paths: ProjectPaths, prev: Step | None) -> PreflightItem:
    shown = paths.display(paths.devlog)
    if prev is None:
        return PreflightItem(f"Check {shown}", True, "no previous step", Loc(shown))
    number = f"{prev.number:02d}"
    name = "Check DEV_LOG.md"
    doc = _read(paths.devlog, shown)
    if isinstance(doc, PreflightItem):
        return PreflightItem(name, False, doc.detail, doc.loc, doc.hint)
    loc = Loc(shown, 1, 1)
    how = (
        f"finish step {number}, {prev.title.lower()}, and log it as "
        f"'### YYYY-MM-DD {prev.entry_title} {{#{prev.anchor}}}'"
    )
    if not doc.exists:
        return PreflightItem(name, False, f"{shown} not found", loc, how)
    line = find_step_entry(doc.text, prev)
    if line is None:
        return PreflightItem(
            name, False, f"{shown} does not show step {number} ({prev.title}) complete", loc, how
        )
    return PreflightItem(
        name, True, f"step {number} ({prev.title}) complete, line {line}", Loc(shown, line, 1)
    )


def preflight(paths: ProjectPaths, current: Step = DATA_MODELS) -> Preflight:
    """Run the seed's pre-flight for `current` (step 03) and return every item's result.

    1. Read CLAUDE.md: its title, size and practices are reported.
    2. Read ARCHITECTURE.md: it must name at least one component (three shapes accepted).
    3. Check DEV_LOG.md: the previous step (02) must be logged as complete, by its anchor
       (`{#system-architecture}`) or a heading with its title ("System Architecture").

    Nothing raises for a failed item; call `raise_if_failed()` to turn failures into one
    InputError.
    """
    claude_item, claude = _check_claude(paths)
    arch_item, components, arch = _check_architecture(paths)
    devlog_item = _check_devlog(paths, previous(current))
    return Preflight((claude_item, arch_item, devlog_item), claude, components, arch)


# -- CLAUDE.md practices -> conventions ---------------------------------------------------------

_IDENT = re.compile(r"`?\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b`?")
_EVERY_TABLE = re.compile(
    r"\b(?:every|all|each)\s+(?:\w+\s+)?(?:tables?|entit(?:y|ies)|models?|rows?|records?)\b", re.I
)
_PK = re.compile(r"\b(?:primary[- ]keys?|pks?|ids?|identifiers?|keys)\b", re.I)
_DECIMAL = re.compile(r"\b(?:decimal|numeric)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)", re.I)


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[*`]+", "", text).split())


def propose_conventions(practices: Sequence[str]) -> Conventions | None:
    """The conventions a CLAUDE.md's practices state, each quoting the practice it came from.

    Recognised: UUID / bigint primary keys, columns every table has ("every table has
    created_at and updated_at"), money as integer cents or decimal(p,s), soft delete (and its
    column), timestamps in UTC / with time zone / timestamptz, snake_case or camelCase names
    and plural or singular table names. None when no practice is recognised.
    """
    found: dict[str, object] = {}
    quotes: dict[str, str] = {}
    for raw in practices:
        for key, value in (*_keys_and_columns(raw), *_types_and_names(raw)):
            if key not in found:
                found[key] = value
                quotes[key] = _plain(raw).rstrip(".")
    if not found:
        return None
    practice_of = dict(quotes)
    if "naming_case" in practice_of or "table_names" in practice_of:
        practice_of["naming"] = practice_of.pop("naming_case", "") or practice_of["table_names"]
        practice_of.pop("table_names", None)
    return Conventions(
        primary_key=found.get("primary_key"),  # type: ignore[arg-type]
        required_fields=found.get("required_fields", ()),  # type: ignore[arg-type]
        naming_case=found.get("naming_case"),  # type: ignore[arg-type]
        table_names=found.get("table_names"),  # type: ignore[arg-type]
        money=found.get("money"),  # type: ignore[arg-type]
        soft_delete=found.get("soft_delete"),  # type: ignore[arg-type]
        timestamps=found.get("timestamps"),  # type: ignore[arg-type]
        practices=tuple(sorted(practice_of.items(), key=lambda kv: _ORDER.index(kv[0]))),
    )


def _keys_and_columns(raw: str) -> list[tuple[str, object]]:
    """What one practice says about primary keys, soft delete and columns every table has."""
    text, plain = raw.lower(), _plain(raw)
    out: list[tuple[str, object]] = []
    if _PK.search(text) and re.search(r"\buuids?\b|\bguids?\b", text):
        out.append(("primary_key", "uuid"))
    elif _PK.search(text) and re.search(r"\bbigint\b|\bbigserial\b|\b64-bit\b", text):
        out.append(("primary_key", "bigint"))
    if re.search(r"\bsoft[- ]?delet", text):
        cols = [c for c in _IDENT.findall(plain) if c.endswith(("_at", "_on")) or "delet" in c]
        out.append(("soft_delete", cols[0] if cols else "deleted_at"))
    elif _EVERY_TABLE.search(text):
        cols = [c for c in _IDENT.findall(plain) if not c.startswith(("snake", "camel"))]
        if cols:
            out.append(("required_fields", tuple(dict.fromkeys(cols))))
    return out


def _types_and_names(raw: str) -> list[tuple[str, object]]:
    """What one practice says about money, timestamps, naming case and table names."""
    text = raw.lower()
    out: list[tuple[str, object]] = []
    if re.search(r"\b(?:money|monetary|amounts?|prices?|currency|currencies)\b", text):
        dec = _DECIMAL.search(text)
        if re.search(r"\bcents\b|\bminor units?\b|\bpence\b", text):
            out.append(("money", "integer-cents"))
        elif dec:
            out.append(("money", f"decimal({dec.group(1)},{dec.group(2)})"))
    if re.search(r"\btimestamps?\b|\bdates?\s+and\s+times?\b|\btimes\b", text) and re.search(
        r"\butc\b|\btimestamptz\b|\btime ?zones?\b|\btimestamp\(tz\)", text
    ):
        out.append(("timestamps", "tz"))
    if re.search(r"\bsnake[_ ]?case\b", text):
        out.append(("naming_case", "snake"))
    elif re.search(r"\bcamel[_ ]?case\b", text):
        out.append(("naming_case", "camel"))
    if re.search(r"\btables?\b", text):
        if re.search(r"\bplural\b", text):
            out.append(("table_names", "plural"))
        elif re.search(r"\bsingular\b", text):
            out.append(("table_names", "singular"))
    return out


def with_practices(schema: Schema, proposed: Conventions | None) -> Schema:
    """`schema` held to CLAUDE.md's practices when its spec states no `conventions:`.

    The spec decides: a `conventions:` block (even a partial one) replaces the proposal. The
    proposal is marked `proposed`, so its violations are notes that quote the practice, not
    warnings (see checks/conventions.py).
    """
    if schema.conventions is not None or proposed is None or proposed.empty:
        return schema
    return replace(schema, conventions=replace(proposed, proposed=True))


_ORDER = ("primary_key", "required_fields", "naming", "money", "soft_delete", "timestamps")


def describe_conventions(c: Conventions) -> str:
    """One line naming each convention: `uuid primary keys, created_at and updated_at on…`."""
    parts: list[str] = []
    if c.primary_key:
        parts.append(f"{c.primary_key} primary keys")
    if c.required_fields:
        parts.append(f"{' and '.join(c.required_fields)} on every table")
    naming = " ".join(x for x in (c.naming_case and f"{c.naming_case}_case", c.table_names) if x)
    if naming:
        parts.append(f"{naming} names")
    if c.money:
        parts.append(f"money as {c.money}")
    if c.soft_delete:
        parts.append(f"soft delete by {c.soft_delete}")
    if c.timestamps:
        parts.append("timestamps with time zone")
    return ", ".join(parts)
