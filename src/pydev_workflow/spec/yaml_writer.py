"""Write spec YAML directly, byte for byte what ruamel.yaml's round-trip dumper writes (#11).

ruamel's emitter is pure Python and was 82% of `import db` at 1,000 tables. The spec needs only
a sliver of YAML: block mappings and sequences, one-line flow mappings and sequences, and
scalars. This module writes those itself and asks ruamel only about scalars it cannot prove
plain (the answer is cached), so the quoting rules stay ruamel's own. Where the answer would
depend on the column (long lines fold at `WIDTH`) or span lines, it hands the whole entity, or
the whole document, to ruamel: slower, never different. tests/test_yaml_writer.py compares
both writers on real specs and on random data.
"""

# lazy: ruamel — the reference and fallback writer only: dump writes the spec's YAML itself
from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

from pydev_workflow.spec.nodes import BAD_CHARS

#: ruamel's settings for spec files: one line per field keeps specs diffable
WIDTH = 4096
#: lines longer than this might fold in ruamel's output: such an entity goes through ruamel
_SAFE_WIDTH = WIDTH - 96
#: a key of this length or more is written `? key` by ruamel (its MAX_SIMPLE_KEY_LENGTH is 128)
_SIMPLE_KEY = 120


class FlowMap(dict[Any, Any]):
    """A mapping written on one line: `{type: uuid, pk: true}`."""


class FlowSeq(list[Any]):
    """A sequence written on one line: `[a, b]`."""


class Quoted(str):
    """A string always written double-quoted (`"1:N"`)."""

    __slots__ = ()


class _Fallback(Exception):
    """This piece of YAML is ruamel's to write (it depends on the column, or spans lines)."""


# Contexts of a scalar: block key, block value (or sequence item), flow key, flow value.
_BK, _BV, _FK, _FV = range(4)

#: plain in every context: a letter first; no indicator (`:`, `#`, `,`, brackets, quotes)
_PLAIN = re.compile(r"[A-Za-z][\w.()<>=+*/!&%@|'-]*(?: [\w.()<>=+*/!&%@|'-]+)*\Z", re.ASCII)
#: plain-looking words that YAML reads as booleans or null (1.1 words too, to be safe)
_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
#: printable ASCII that a double-quoted scalar writes as is
_DQ_PLAIN = re.compile(r"[ !#-\[\]-~]*\Z")
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
#: characters the loader refuses in the text (spec/nodes.py): written as escapes, in double
#: quotes (`\N`, `\L`, `\P`, `\x07`…), which plain and single-quoted styles cannot do
_MUST_ESCAPE = BAD_CHARS


def _scalar(v: Any, ctx: int) -> str:
    """The text of one scalar in context `ctx`."""
    t = type(v)
    if t is str:
        if len(v) < _SIMPLE_KEY and _PLAIN.match(v) and v.lower() not in _WORDS:
            return v  # type: ignore[no-any-return]
        if _MUST_ESCAPE.search(v):
            v, t = Quoted(v), Quoted
    elif t is bool:
        return "true" if v else "false"
    elif t is int:
        return str(v)
    elif v is None:
        return "null" if ctx >= _FK else ""
    elif t is Quoted and _DQ_PLAIN.match(v):
        return f'"{v}"'
    if t is float:  # 0.0 == -0.0: a cache would mix them up; floats are rare in specs
        return _ruamel_scalar.__wrapped__(t.__name__, v, ctx)
    return _ruamel_scalar(t.__name__, v, ctx)


#: (text before, text after) the scalar in ruamel's output for each context
_FRAMES = {_BV: ("k: ", "\n"), _BK: ("", ": 0\n"), _FV: ("{k: ", "}\n"), _FK: ("{", ": 0}\n")}


@lru_cache(maxsize=1 << 16)
def _ruamel_scalar(kind: str, v: Any, ctx: int) -> str:
    """Ask ruamel: the scalar written alone in the same context.

    `kind`, the name of the type of `v`, keeps equal values of other types apart in the cache
    (`"a"` and `Quoted("a")`).
    """
    x = _to_ruamel(v)
    doc: Any = {"k": x} if ctx in (_BV, _FV) else {x: 0}
    if ctx >= _FK:
        doc = _to_ruamel(FlowMap(doc))
    text = ruamel_write(doc)
    head, tail = _FRAMES[ctx]
    if not (text.startswith(head) and text.endswith(tail)):
        raise _Fallback
    out = text[len(head) : len(text) - len(tail)]
    if out.startswith("? ") or any(b in out for b in _BREAKS):
        raise _Fallback  # an explicit key, or a scalar over several lines: ruamel writes it
    return out


def _inline(v: Any, ctx: int, col: int = 0, floor: int = 0) -> str:
    """A scalar, or a whole collection in flow style, starting at column `col`.

    ruamel pads a flow collection that starts inside a flow sequence near the left margin
    (`[[ []]]`, its `seq_flow_align`); far enough right it adds nothing. `floor` is a column
    past any such padding (the start column, plus 7, plus 4 per level): a collection in a flow
    sequence left of it is ruamel's to write.
    """
    t = type(v)
    if t is FlowMap or t is dict:
        parts = []
        col += 1
        for k, x in v.items():
            head = _scalar(k, _FK) + ": "
            text = head + _inline(x, _FV, col + len(head), floor + 4)
            parts.append(text)
            col += len(text) + 2
        return "{" + ", ".join(parts) + "}"
    if t is FlowSeq or t is list:
        parts = []
        col += 1
        for x in v:
            text = _flow_item(x, col, floor + 4)
            parts.append(text)
            col += len(text) + 2
        return "[" + ", ".join(parts) + "]"
    return _scalar(v, ctx)


def _flow_item(v: Any, col: int, floor: int) -> str:
    """An item of a flow sequence: a one-pair mapping there goes without braces (`[a: b]`)."""
    t = type(v)
    if t is FlowMap or t is dict or t is FlowSeq or t is list:
        if col < floor:
            raise _Fallback
        if len(v) == 1 and (t is FlowMap or t is dict):
            ((k, x),) = v.items()
            head = _scalar(k, _FK) + ": "
            return head + _inline(x, _FV, col + len(head), floor + 4)
    return _inline(v, _FV, col, floor)


def _map(m: dict[Any, Any], indent: int, lead: str, out: list[str]) -> None:
    """A block mapping with keys at column `indent`; the first key follows `lead`."""
    pad = " " * indent
    for k, v in m.items():
        _value(lead + _scalar(k, _BK) + ":", v, indent, out)
        lead = pad


def _value(head: str, v: Any, indent: int, out: list[str]) -> None:
    """`key:` then its value, for a mapping at column `indent`."""
    t = type(v)
    if t is dict and v:
        out.append(head + "\n")
        _map(v, indent + 2, " " * (indent + 2), out)
    elif t is list and v:
        out.append(head + "\n")
        _seq(v, indent, None, out)
    elif v is None:
        out.append(head + "\n")
    else:
        col = len(head) + 1
        out.append(head + " " + _inline(v, _BV, col, col + 7) + "\n")


def _seq(items: list[Any], indent: int, lead: str | None, out: list[str]) -> None:
    """A block sequence under a node at column `indent`: dashes at indent + 2, items at + 4.

    `lead` is the dash of an enclosing sequence item this one starts on (`-   - x`).
    """
    dash = " " * (indent + 2) + "- "
    first = dash if lead is None else lead + "  - "
    for item in items:
        t = type(item)
        if t is dict and item:
            _map(item, indent + 4, first, out)
        elif t is list and item:
            _seq(item, indent + 4, first, out)
        else:
            col = len(first)
            out.append(first + _inline(item, _BV, col, col + 7) + "\n")
        first = dash


def _entities(entities: dict[Any, Any], out: list[str]) -> None:
    """The `entities:` block, one entity at a time; ruamel writes an entity we cannot."""
    out.append("entities:\n")
    for name, body in entities.items():
        lines: list[str] = []
        try:
            _map({name: body}, 2, "  ", lines)
            if max(map(len, lines)) > _SAFE_WIDTH:
                raise _Fallback
        except _Fallback:
            lines = [ruamel_write({"entities": {name: body}}).split("\n", 1)[1]]
        out += lines


def write(data: dict[Any, Any]) -> str:
    """`data` as YAML text, the same bytes as `ruamel_write(data)`, but fast."""
    out: list[str] = []
    try:
        for k, v in data.items():
            if k == "entities" and type(v) is dict and v:
                _entities(v, out)
            else:
                _value(_scalar(k, _BK) + ":", v, 0, out)
        if max(map(len, out), default=0) > _SAFE_WIDTH:
            raise _Fallback
    except _Fallback:
        return ruamel_write(data)
    return "".join(out)


def _to_ruamel(v: Any) -> Any:
    """`v` with the markers replaced by ruamel's own styled types."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    t = type(v)
    if t is FlowMap:
        m = CommentedMap((k, _to_ruamel(x)) for k, x in v.items())
        m.fa.set_flow_style()
        return m
    if t is FlowSeq:
        s = CommentedSeq(_to_ruamel(x) for x in v)
        s.fa.set_flow_style()
        return s
    if t is dict:
        return {_to_ruamel(k): _to_ruamel(x) for k, x in v.items()}
    if t is str and _MUST_ESCAPE.search(v):
        return DoubleQuotedScalarString(v)
    if t is list:
        return [_to_ruamel(x) for x in v]
    if t is Quoted:
        return DoubleQuotedScalarString(v)
    return v


def ruamel_write(data: Any) -> str:
    """`data` as YAML text written by ruamel.yaml (the reference, and the fallback)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(_to_ruamel(data), buf)
    return buf.getvalue()
