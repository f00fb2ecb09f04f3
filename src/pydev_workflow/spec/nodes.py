"""YAML text -> a light tree of nodes that remember their file:line:column (via ruamel.yaml)."""

# lazy: ruamel, _ruamel_yaml — lint-doc, rules and schema load the spec modules, read no YAML
from __future__ import annotations

import re
import threading
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem

_NULLS = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F]+|0o[0-7]+)$")
_BAD_KEY = object()
_SPECIAL_START = frozenset("0123456789-+.~")
_WORDS = frozenset({"", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"})
#: the first characters of the plain scalars that may resolve to something but text (a
#: number, or one of _WORDS); every other plain scalar is its text, without calling _plain
_RESOLVE_FIRST = _SPECIAL_START | frozenset(w[:1] for w in _WORDS)
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

#: nesting deeper than this is no spec (a real one is about 7 deep); the YAML parser slows
#: down quadratically with depth, so the limit is checked while the events arrive
MAX_DEPTH = 64
#: nodes the aliases may expand to in all (a "billion laughs" document is tiny but huge)
MAX_EXPANDED = 10_000_000
# characters no spec holds: C0 controls but tab/LF/CR, DEL, C1 controls (YAML 1.1 reads NEL as
# a line break and would shift every later line number), line/paragraph separators (the same),
# lone surrogates and a byte-order mark after the start
#: characters a spec may not hold raw (YAML escapes them inside double quotes)
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
_LINE_BREAK = re.compile("\r\n|\r|\n")


#: a key's position is packed into one int, line << _LINE_SHIFT | column: a tuple of two ints
#: costs three objects, and a big spec has half a million keys
_LINE_SHIFT = 32
_COL_MASK = (1 << _LINE_SHIFT) - 1
#: the key positions a mapping keeps itself (see Node.kpos): almost every mapping has none,
#: so they share one empty dict, never written (a mapping that needs one gets its own)
_NO_KEYS: dict[str, int] = {}
#: Node.kpos of a node under no mapping key (an item, the document)
_NO_KEY = -1


def _kpos(line: int, kline: int, kcol: int) -> int:
    """Node.kpos of a node at `line` under the key at kline:kcol."""
    return kcol if kline == line else kline << _LINE_SHIFT | kcol


class Node:
    """A YAML value with its location.

    `value` is a `dict[str, Node]` for mappings (with the position of each key), a
    `list[Node]` for sequences and a plain Python scalar otherwise. Positions are kept as
    numbers and turned into Loc objects only when asked: big specs have a million nodes.
    """

    __slots__ = ("value", "file", "line", "col", "kpos", "key_pos")

    def __init__(self, value: Any, file: str, line: int, col: int, kpos: int = _NO_KEY) -> None:
        self.value = value
        self.file = file
        self.line = line
        self.col = col
        # where the key this node sits under starts: its column when the key is on the node's
        # own line (a small int, which Python shares), else packed (see _LINE_SHIFT). A node
        # keeps its key's position so a mapping needs no dict of them: a big spec has 100,000
        # mappings. A node an alias repeats sits under several keys: the mapping keeps those.
        self.kpos = kpos
        # key positions this mapping keeps itself, packed: the keys of aliased nodes and of
        # synthesised mappings (Node.at)
        self.key_pos: dict[str, int] = _NO_KEYS

    @classmethod
    def at(cls, value: Any, loc: Loc, key_locs: dict[str, Loc] | None = None) -> Node:
        """A node at `loc` (for values the loader synthesises)."""
        node = cls(value, loc.file, loc.line, loc.col)
        if key_locs:
            node.key_pos = {k: kl.line << _LINE_SHIFT | kl.col for k, kl in key_locs.items()}
        return node

    @property
    def loc(self) -> Loc:
        """Where the value starts."""
        return Loc(self.file, self.line, self.col)

    def key_loc(self, key: str) -> Loc:
        """Where mapping key `key` starts."""
        pos = self.key_pos.get(key)
        if pos is not None:
            return Loc(self.file, pos >> _LINE_SHIFT, pos & _COL_MASK)
        child = self.value.get(key) if type(self.value) is dict else None
        if child is None or child.kpos < 0:
            return Loc(self.file, self.line, self.col)
        pos = child.kpos
        if pos >> _LINE_SHIFT:
            return Loc(self.file, pos >> _LINE_SHIFT, pos & _COL_MASK)
        return Loc(self.file, child.line, pos)

    @property
    def key_locs(self) -> dict[str, Loc]:
        """Every key's location (for reporting)."""
        keys = self.value if type(self.value) is dict else self.key_pos
        return {k: self.key_loc(k) for k in keys}

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


def _scalar(text: str, tag: Any, style: Any) -> Any:
    """The value of a scalar that is quoted, a block or tagged (a plain one: see _build)."""
    if style or (tag and tag != "!"):  # quoted, block or explicitly tagged: a string
        if tag and str(tag).endswith(("int", "float", "bool", "null")):
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


class _Done(Exception):
    """The end of the document: the walk stops."""


class _Doc:
    """What the rare events need: anchors, the sizes of anchored collections, problems."""

    __slots__ = (
        "filename",
        "problems",
        "anchors",
        "sizes",
        "next_event",
        "holder",
        "key",
        "aliased",
    )

    def __init__(self, next_event: Any, filename: str, problems: list[Problem]) -> None:
        self.next_event = next_event
        self.filename = filename
        self.problems = problems
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, int] = {}
        self.holder: list[Node] = []  # the document's root node, once there is one
        self.key: Any = None  # the open mapping's pending key after open() or other()
        self.aliased: Node | None = None  # the node an alias being attached stands for

    def attach(
        self,
        cur: Node | None,
        cur_value: Any,
        in_map: bool,
        key: Any,
        kline: int,
        kcol: int,
        node: Node,
    ) -> Any:
        """Attach `node` to the open collection; the mapping's next pending key."""
        if not in_map:
            cur_value.append(node)
            return key
        if type(key) is str and key not in cur_value:
            cur_value[key] = node
            if node.kpos == _NO_KEY and node is not self.aliased:
                node.kpos = _kpos(node.line, kline, kcol)
            else:  # a node an alias repeats: this mapping keeps where its key is
                if cur.key_pos is _NO_KEYS:  # type: ignore[union-attr]
                    cur.key_pos = {}  # type: ignore[union-attr]
                cur.key_pos[key] = kline << _LINE_SHIFT | kcol  # type: ignore[union-attr]
            return None
        return self.misplaced(cur, key, kline, kcol, node)  # type: ignore[arg-type]

    def open(
        self,
        ev: list[Any],
        cur: Node | None,
        cur_value: Any,
        in_map: bool,
        key: Any,
        kline: int,
        kcol: int,
        depth: int,
    ) -> Node:
        """The node of a collection that starts, attached; the parent's key goes to self.key.

        `ev` is the start shaped as [anchor, start mark, is a mapping] (see _END).
        """
        anchor, mark, is_map = ev
        node = Node({} if is_map else [], self.filename, mark.line + 1, mark.column + 1)
        if anchor:
            self.anchors[anchor] = node
        self.key = self.attach(cur, cur_value, in_map, key, kline, kcol, node)
        if depth >= MAX_DEPTH:
            raise self.too_deep(mark)
        return node

    def other(
        self,
        ev: Any,
        count: int,
        cur: Node | None,
        cur_value: Any,
        in_map: bool,
        key: Any,
        kline: int,
        kcol: int,
    ) -> int:
        """An alias (attached), the end of the stream or document (_Done), or nothing to build.

        Returns the node count; the open mapping's pending key goes to self.key.
        """
        from ruamel.yaml import events as ev_mod

        t = type(ev)
        self.key = key
        if t is ev_mod.AliasEvent:
            node, count = self.alias(ev, count)
            self.aliased = node
            self.key = self.attach(cur, cur_value, in_map, key, kline, kcol, node)
            self.aliased = None
        elif ev is None or t is ev_mod.StreamEndEvent:
            raise _Done
        elif t is ev_mod.DocumentEndEvent and self.holder:
            self.second_document()
            raise _Done
        return count

    def alias(self, ev: Any, count: int) -> tuple[Node, int]:
        """The node alias `ev` stands for, and the node count with what it expands to."""
        target = self.anchors.get(ev.anchor)
        loc = _loc(ev.start_mark, self.filename)
        if target is None:
            self.problems.append(Problem(loc, f"unknown alias *{ev.anchor}"))
            target = Node.at(None, loc)
        elif target.is_scalar:
            count += 1
        elif id(target) not in self.sizes:  # the alias sits inside its own anchor: a cycle
            self.problems.append(
                Problem(loc, f"alias *{ev.anchor} refers to a node that contains it")
            )
            target = Node.at(None, loc)
        else:
            count += self.sizes[id(target)]
        if count > MAX_EXPANDED:
            raise InputError(
                Problem(
                    loc,
                    f"the aliases expand to more than {MAX_EXPANDED:,} nodes",
                    "write the values out, or use fewer nested aliases",
                )
            )
        return target, count

    def second_document(self) -> None:
        """After the first document: a second one is a problem (silently dropped otherwise)."""
        from ruamel.yaml.events import DocumentStartEvent

        following = self.next_event()
        if type(following) is DocumentStartEvent:
            self.problems.append(
                Problem(
                    _loc(following.start_mark, self.filename),
                    "a second YAML document starts here; a spec is one document",
                    "remove this `---` and what follows, or merge it into the first",
                )
            )

    def misplaced(self, parent: Node, key: Any, kline: int, kcol: int, node: Node) -> Any:
        """Attach `node` under a key that is no plain word or a duplicate: the next key state."""
        if key is None:  # a non-scalar (or aliased) key
            self.problems.append(
                Problem(node.loc, "a key must be a plain word", "write `name: value`")
            )
            return _BAD_KEY
        if key is not _BAD_KEY:  # a duplicate
            first = parent.key_loc(key).line
            self.problems.append(
                Problem(
                    Loc(self.filename, kline, kcol),
                    f"duplicate key {key!r} (first at line {first})",
                    "remove or rename one of them",
                )
            )
        return None

    def too_deep(self, mark: Any) -> InputError:
        """The error for a collection nested deeper than MAX_DEPTH."""
        return InputError(
            Problem(
                _loc(mark, self.filename),
                f"the YAML nests deeper than {MAX_DEPTH} levels",
                "a spec is about 7 levels deep: flatten it",
            )
        )


def _build(next_event: Any, filename: str, problems: list[Problem]) -> Node | None:
    """Build nodes from parser events: much faster than ruamel's composer and resolver.

    `next_event()` returns the next event shaped as _END says, or None at the end. Hot loop:
    a 5,000-entity spec has about 750,000 events. The open collection's state lives in local
    variables (pushed on a stack of tuples when a nested one opens), keys are read without
    building nodes for them, and scalars are attached here; collections, aliases and the rare
    events (ends of documents, bad keys) go through `_Doc`.
    """
    doc = _Doc(next_event, filename, problems)
    anchors = doc.anchors
    # the open collection: its node, its value, whether a mapping, the pending key and where
    # it is, and the node count where an anchored collection started (-1: no anchor)
    cur: Node | None = None
    cur_value: Any = doc.holder
    in_map = False
    key: Any = None
    kline = kcol = 0
    start = -1
    stack: list[tuple[Node | None, Any, bool, Any, int]] = []
    count = 0  # nodes so far, counting what each alias stands for
    end = _END
    try:
        while True:
            ev = next_event()
            count += 1
            if type(ev) is tuple:  # a scalar: (anchor, tag, implicit, value, start mark, …)
                mark = ev[4]
                if in_map and key is None:  # a mapping key: no node needed
                    key = ev[3]
                    kline = mark.line + 1
                    kcol = mark.column + 1
                    continue
                text = ev[3]
                if ev[6] or ev[1] is not None:  # quoted, a block or tagged
                    value = _scalar(text, ev[1], ev[6])
                else:  # plain: most plain scalars are their text
                    value = _plain(text) if text[:1] in _RESOLVE_FIRST else text
                line = mark.line + 1
                if not in_map:  # a sequence's item, or the document (see _Doc.holder)
                    node = Node(value, filename, line, mark.column + 1)
                    cur_value.append(node)
                elif type(key) is str and key not in cur_value:
                    # the key's position (see Node.kpos): mostly on the value's line
                    node = Node(
                        value,
                        filename,
                        line,
                        mark.column + 1,
                        kcol if kline == line else kline << _LINE_SHIFT | kcol,
                    )
                    cur_value[key] = node
                    key = None
                else:
                    node = Node(value, filename, line, mark.column + 1)
                    key = doc.misplaced(cur, key, kline, kcol, node)  # type: ignore[arg-type]
                if ev[0]:
                    anchors[ev[0]] = node
            elif ev is end:
                if start >= 0:  # an anchored collection: what an alias to it stands for
                    doc.sizes[id(cur)] = count - start
                cur, cur_value, in_map, key, start = stack.pop()
            elif type(ev) is list:  # a collection starts: [anchor, start mark, is a mapping]
                node = doc.open(ev, cur, cur_value, in_map, key, kline, kcol, len(stack))
                stack.append((cur, cur_value, in_map, doc.key, start))
                start = count if ev[0] else -1
                cur, cur_value, in_map, key = node, node.value, ev[2], None
            else:
                count = doc.other(ev, count, cur, cur_value, in_map, key, kline, kcol)
                key = doc.key
    except _Done:
        pass
    return doc.holder[0] if doc.holder else None


# The C parser (ruamel.yaml.clib's Cython module _ruamel_yaml) makes each event by calling
# ruamel.yaml's event classes, which it looks up as globals of its module: three nested
# Python __init__ calls per event, half the time of reading a big spec (0.53 s of 0.91 s at
# 5,000 entities; libyaml itself takes 0.09 s). While _build reads the C parser's events,
# those globals are swapped for constructors that keep only what _build reads (_SHAPES),
# under a lock and put back in `finally`. Nothing else in this project uses _ruamel_yaml
# (ruamel.yaml's own loaders and dumpers here are pure Python); a program embedding this one
# whose other thread read YAML with ruamel's C loader during the swap would get the lean
# shapes (this CLI's threads read pipes, never YAML). The swap is used only when
# the globals are ruamel.yaml's own classes and a probe document builds the same tree
# through it as through the real events (_fast_events); otherwise the real events are
# shaped one by one (_shaped), as the pure parser's are.

#: the end of a mapping or sequence. _build reads events in these shapes: a scalar is the
#: tuple of ScalarEvent's arguments (anchor, tag, implicit, value, start mark, end mark,
#: style); a collection start is [anchor, start mark, is a mapping]; every other event
#: (stream, document, alias) is ruamel.yaml's own
_END = object()


def _scalar_shape(*args: Any) -> tuple[Any, ...]:
    return args


def _mapping_shape(anchor: Any, tag: Any, implicit: Any, start: Any, *_: Any) -> list[Any]:
    return [anchor, start, True]


def _sequence_shape(anchor: Any, tag: Any, implicit: Any, start: Any, *_: Any) -> list[Any]:
    return [anchor, start, False]


def _end_shape(*_: Any) -> object:
    return _END


#: the constructors swapped in, by the name of the event class they stand for
_SHAPES = {
    "ScalarEvent": _scalar_shape,
    "MappingStartEvent": _mapping_shape,
    "SequenceStartEvent": _sequence_shape,
    "MappingEndEvent": _end_shape,
    "SequenceEndEvent": _end_shape,
}
#: a document with every shape of event, built both ways before the swap is trusted
_PROBE = (
    "a: &x 'q'\nb: [1, !!str 2, *x, {c: ~}, !!int '3']\n? k\n: |\n  t\n"
    'd:\n- &y {e: f}\n- *y\n- "g"\n'
)


class _Swap:
    """The lock held while the constructors are swapped, and the probe's verdict."""

    lock = threading.Lock()
    ok: bool | None = None  # None: not probed yet in this process


def _shaped(next_event: Any) -> Any:
    """`next_event()` of ruamel.yaml's real events, shaped as _build reads them (see _END)."""
    from ruamel.yaml import events

    scalar_t, map_t, seq_t = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
    end_t = (events.MappingEndEvent, events.SequenceEndEvent)

    def shaped() -> Any:
        ev = next_event()
        if isinstance(ev, scalar_t):
            return (ev.anchor, ev.tag, ev.implicit, ev.value, ev.start_mark, ev.end_mark, ev.style)
        if isinstance(ev, map_t | seq_t):
            return [ev.anchor, ev.start_mark, isinstance(ev, map_t)]
        if isinstance(ev, end_t):
            return _END
        return ev

    return shaped


def _swapped_build(module: Any, text: str, filename: str, problems: list[Problem]) -> Any:
    """_build over the C parser with its event constructors swapped (see _SHAPES)."""
    with _Swap.lock:
        saved = {name: getattr(module, name) for name in _SHAPES}
        try:
            module.__dict__.update(_SHAPES)
            return _build(module.CParser(text).get_event, filename, problems)
        finally:
            module.__dict__.update(saved)


def _tree(node: Node | None) -> Any:
    """Everything of a node tree (the probe's comparison)."""
    if node is None:
        return None
    value = node.value
    if type(value) is dict:
        value = [(k, _tree(v)) for k, v in value.items()]
    elif type(value) is list:
        value = [_tree(v) for v in value]
    return (value, node.line, node.col, node.kpos, dict(node.key_pos))


def _fast_events(module: Any) -> bool:
    """Whether the C parser's event constructors may be swapped (once per process)."""
    if _Swap.ok is None:
        from ruamel.yaml import events

        ok = all(getattr(module, name, None) is getattr(events, name) for name in _SHAPES)
        if ok:
            try:
                real: list[Problem] = []
                want = _tree(_build(_shaped(module.CParser(_PROBE).get_event), "p", real))
                swapped: list[Problem] = []
                got = _tree(_swapped_build(module, _PROBE, "p", swapped))
                ok = got == want and swapped == real
            except Exception:  # any other shape of the C module: its real events, shaped
                ok = False
        _Swap.ok = ok
    return _Swap.ok


def _c_build(text: str, filename: str, problems: list[Problem]) -> Node | None:
    """The node tree of `text` by ruamel.yaml's C parser (libyaml), else by its pure one."""
    try:
        import _ruamel_yaml
    except ImportError:  # pure-Python fallback, about 5x slower on big specs
        return _build(_pure_events(text), filename, problems)
    if _fast_events(_ruamel_yaml):
        return _swapped_build(_ruamel_yaml, text, filename, problems)  # type: ignore[no-any-return]
    return _build(_shaped(_ruamel_yaml.CParser(text).get_event), filename, problems)


def _pure_events(text: str) -> Any:
    """`next_event()` over ruamel.yaml's pure-Python parser, shaped as _build reads them."""
    from ruamel.yaml import YAML

    events = iter(YAML(typ="safe", pure=True).parse(text))
    return _shaped(lambda: next(events, None))


def _built(text: str, filename: str, problems: list[Problem]) -> Node | None:
    """The node tree of `text`, by the C parser, else by the pure one.

    The C parser is libyaml, which reads YAML 1.1: a `:` inside a plain scalar of a flow
    mapping (`{type: 1:N}`) is an error there and YAML 1.2, which ruamel.yaml itself writes
    when a script edits a spec. The pure parser reads YAML 1.2; the C parser's error stands
    when it fails too.
    """
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return _c_build(text, filename, problems)
    except MarkedYAMLError as exc:
        first = exc
    problems.clear()
    try:
        return _build(_pure_events(text), filename, problems)
    except MarkedYAMLError:
        raise first from None


def parse_yaml(text: str, filename: str) -> Node:
    """Parse YAML `text` into nodes; syntax errors and duplicate keys raise InputError."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    bad = BAD_CHARS.search(text, 1 if text.startswith("\ufeff") else 0)
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
        tree = _built(text, filename, problems)
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
