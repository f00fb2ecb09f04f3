"""YAML text -> a light tree of nodes that remember their file:line:column (via ruamel.yaml)."""

from __future__ import annotations

import re
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem

_NULLS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F]+|0o[0-7]+)$")
_BAD_KEY = object()
_SPECIAL_START = frozenset("0123456789-+.~")
_WORDS = frozenset({"", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class Node:
    """A YAML value with its location.

    `value` is a `dict[str, Node]` for mappings (with the position of each key), a
    `list[Node]` for sequences and a plain Python scalar otherwise. Positions are kept as
    numbers and turned into Loc objects only when asked: big specs have a million nodes.
    """

    __slots__ = ("value", "file", "line", "col", "key_pos")

    def __init__(self, value: Any, file: str, line: int, col: int) -> None:
        self.value = value
        self.file = file
        self.line = line
        self.col = col
        self.key_pos: dict[str, tuple[int, int]] = {}

    @classmethod
    def at(cls, value: Any, loc: Loc, key_locs: dict[str, Loc] | None = None) -> Node:
        """A node at `loc` (for values the loader synthesises)."""
        node = cls(value, loc.file, loc.line, loc.col)
        for k, kl in (key_locs or {}).items():
            node.key_pos[k] = (kl.line, kl.col)
        return node

    @property
    def loc(self) -> Loc:
        """Where the value starts."""
        return Loc(self.file, self.line, self.col)

    def key_loc(self, key: str) -> Loc:
        """Where mapping key `key` starts."""
        line, col = self.key_pos.get(key, (self.line, self.col))
        return Loc(self.file, line, col)

    @property
    def key_locs(self) -> dict[str, Loc]:
        """Every key's location (for reporting)."""
        return {k: self.key_loc(k) for k in self.key_pos}

    @property
    def is_map(self) -> bool:
        """True for a mapping."""
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        """True for a sequence."""
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        """True for a scalar (string, number, boolean or null)."""
        return not isinstance(self.value, dict | list)

    def plain(self) -> Any:
        """The value as plain Python data, locations dropped."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def _loc(mark: Any, filename: str) -> Loc:
    return Loc(filename, mark.line + 1, mark.column + 1)


def _scalar_event(ev: Any) -> Any:
    text = ev.value
    if ev.style or (ev.tag and ev.tag != "!"):  # quoted, block or explicitly tagged: a string
        if ev.tag and str(ev.tag).endswith(("int", "float", "bool", "null")):
            return _plain(text)
        return text
    return _plain(text)


def _plain(text: str) -> Any:
    """YAML 1.2 core-schema resolution of a plain scalar."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    first = text[:1]
    if first.isdigit() or first in "-+.":
        try:
            return int(text.replace("_", ""), 0) if _INT.match(text) else float(text)
        except ValueError:
            return text
    return text


def _build(next_event: Any, filename: str, problems: list[Problem]) -> Node | None:
    """Build nodes from parser events: much faster than ruamel's composer and resolver.

    `next_event()` returns the next event, or None at the end. Hot loop: a 5,000-entity spec
    has about 750,000 events, so keys are read without building nodes for them.
    """
    from ruamel.yaml import events as ev_mod

    scalar_t, map_t, seq_t = ev_mod.ScalarEvent, ev_mod.MappingStartEvent, ev_mod.SequenceStartEvent
    end_t = (ev_mod.MappingEndEvent, ev_mod.SequenceEndEvent)
    alias_t, doc_end_t, stream_end_t = (
        ev_mod.AliasEvent,
        ev_mod.DocumentEndEvent,
        ev_mod.StreamEndEvent,
    )
    root: Node | None = None
    # stack entries: [node, pending key or None, key line, key col, is mapping]
    stack: list[list[Any]] = []
    anchors: dict[str, Node] = {}

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        parent: Node = top[0]
        pv = parent.value
        if not top[4]:
            pv.append(node)
            return
        key = top[1]
        if key is None:  # a non-scalar (or aliased) key
            problems.append(Problem(node.loc, "a key must be a plain word", "write `name: value`"))
            top[1] = _BAD_KEY
            return
        top[1] = None
        if key is _BAD_KEY:
            return
        if key in pv:
            first = parent.key_pos[key][0]
            problems.append(
                Problem(
                    Loc(filename, top[2], top[3]),
                    f"duplicate key {key!r} (first at line {first})",
                    "remove or rename one of them",
                )
            )
            return
        pv[key] = node
        parent.key_pos[key] = (top[2], top[3])

    while True:
        ev = next_event()
        if ev is None:
            break
        t = type(ev)
        if t is scalar_t:
            mark = ev.start_mark
            if stack:
                top = stack[-1]
                if top[4] and top[1] is None:  # a mapping key: no node needed
                    top[1] = ev.value
                    top[2] = mark.line + 1
                    top[3] = mark.column + 1
                    continue
            if ev.style or ev.tag:
                value = _scalar_event(ev)
            else:
                text = ev.value
                value = _plain(text) if text[:1] in _SPECIAL_START or text in _WORDS else text
            node = Node(value, filename, mark.line + 1, mark.column + 1)
            if ev.anchor:
                anchors[ev.anchor] = node
            attach(node)
        elif t is map_t or t is seq_t:
            mark = ev.start_mark
            is_map = t is map_t
            node = Node({} if is_map else [], filename, mark.line + 1, mark.column + 1)
            if ev.anchor:
                anchors[ev.anchor] = node
            attach(node)
            stack.append([node, None, 0, 0, is_map])
        elif t in end_t:
            stack.pop()
        elif t is alias_t:
            target = anchors.get(ev.anchor)
            if target is None:
                loc = _loc(ev.start_mark, filename)
                problems.append(Problem(loc, f"unknown alias *{ev.anchor}"))
                target = Node.at(None, loc)
            attach(target)
        elif (t is doc_end_t and root is not None) or t is stream_end_t:
            break
    return root


def _event_source(text: str) -> Any:
    """A `next_event()` over ruamel.yaml's C parser (ruamel.yaml.clib), else its pure parser."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:  # pure-Python fallback, about 5x slower on big specs
        from ruamel.yaml import YAML

        events = iter(YAML(typ="safe", pure=True).parse(text))
        return lambda: next(events, None)
    return CParser(text).get_event


def parse_yaml(text: str, filename: str) -> Node:
    """Parse YAML `text` into nodes; syntax errors and duplicate keys raise InputError."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        problems: list[Problem] = []
        tree = _build(_event_source(text), filename, problems)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(mark, filename) if mark is not None else Loc(filename)
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError(Problem(loc, f"invalid YAML: {what}", "fix the YAML syntax")) from None
    except YAMLError as exc:
        raise InputError(Problem(Loc(filename, 1, 1), f"invalid YAML: {exc}")) from None
    if problems:
        raise InputError(problems)
    if tree is None:
        return Node({}, filename, 1, 1)
    if problems:
        raise InputError(problems)
    return tree
