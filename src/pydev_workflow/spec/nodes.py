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

#: nesting deeper than this is no spec (a real one is about 7 deep); the YAML parser slows
#: down quadratically with depth, so the limit is checked while the events arrive
MAX_DEPTH = 64
#: nodes the aliases may expand to in all (a "billion laughs" document is tiny but huge)
MAX_EXPANDED = 10_000_000
# characters no spec holds: C0 controls but tab/LF/CR, DEL, C1 controls (YAML 1.1 reads NEL as
# a line break and would shift every later line number), line/paragraph separators (the same),
# lone surrogates and a byte-order mark after the start
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
_LINE_BREAK = re.compile("\r\n|\r|\n")


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


def position_loc(text: str, position: int, filename: str) -> Loc:
    """The line and column of character `position` (lines end at CR LF, CR or LF, as in YAML)."""
    before = text[:position]
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return Loc(filename, len(breaks) + 1, position - start + 1)


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
    # stack entries: [node, pending key or None, key line, key col, is mapping, node count at
    # the start of an anchored collection or -1]
    stack: list[list[Any]] = []
    anchors: dict[str, Node] = {}
    # nodes so far, counting what each alias stands for; the size of each finished anchor
    count = 0
    sizes: dict[int, int] = {}

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
        count += 1
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
            if len(stack) >= MAX_DEPTH:
                raise InputError(
                    Problem(
                        Loc(filename, mark.line + 1, mark.column + 1),
                        f"the YAML nests deeper than {MAX_DEPTH} levels",
                        "a spec is about 7 levels deep: flatten it",
                    )
                )
            stack.append([node, None, 0, 0, is_map, count if ev.anchor else -1])
        elif t in end_t:
            top = stack.pop()
            if top[5] >= 0:  # an anchored collection: what an alias to it stands for
                sizes[id(top[0])] = count - top[5]
        elif t is alias_t:
            target = anchors.get(ev.anchor)
            loc = _loc(ev.start_mark, filename)
            if target is None:
                problems.append(Problem(loc, f"unknown alias *{ev.anchor}"))
                target = Node.at(None, loc)
            elif target.is_scalar:
                count += 1
            elif id(target) not in sizes:  # the alias sits inside its own anchor: a cycle
                problems.append(
                    Problem(loc, f"alias *{ev.anchor} refers to a node that contains it")
                )
                target = Node.at(None, loc)
            else:
                count += sizes[id(target)]
            if count > MAX_EXPANDED:
                raise InputError(
                    Problem(
                        loc,
                        f"the aliases expand to more than {MAX_EXPANDED:,} nodes",
                        "write the values out, or use fewer nested aliases",
                    )
                )
            attach(target)
        elif t is doc_end_t and root is not None:
            following = next_event()
            if type(following) is ev_mod.DocumentStartEvent:  # silently dropped otherwise
                problems.append(
                    Problem(
                        _loc(following.start_mark, filename),
                        "a second YAML document starts here; a spec is one document",
                        "remove this `---` and what follows, or merge it into the first",
                    )
                )
            break
        elif t is stream_end_t:
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

    bad = _BAD_CHAR.search(text, 1 if text.startswith("\ufeff") else 0)
    if bad is not None:  # before the parser: its marks count some of these as line breaks
        raise InputError(
            Problem(
                position_loc(text, bad.start(), filename),
                f"invalid YAML: control character U+{ord(bad.group()):04X}",
                "remove it; write a tab or line break as \\t or \\n inside double quotes",
            )
        )
    try:
        problems: list[Problem] = []
        tree = _build(_event_source(text), filename, problems)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(mark, filename) if mark is not None else Loc(filename)
        what = " ".join((exc.problem or exc.context or "invalid YAML").split())
        raise InputError(Problem(loc, f"invalid YAML: {what}", "fix the YAML syntax")) from None
    except YAMLError as exc:
        # a reader error knows the character position only; other errors say nothing of it
        position = getattr(exc, "position", None)
        loc = (
            position_loc(text, position, filename)
            if isinstance(position, int)
            else Loc(filename, 1, 1)
        )
        what = " ".join(str(getattr(exc, "reason", None) or exc).split("\n")[0].split())
        raise InputError(Problem(loc, f"invalid YAML: {what}", "fix the YAML syntax")) from None
    if problems:
        raise InputError(problems)
    if tree is None:
        return Node({}, filename, 1, 1)
    if problems:
        raise InputError(problems)
    return tree
