"""What the data generator can read of an entity's CHECKs and uniqueness, via sqlglot.

A CHECK is parsed into per-column rules (allowed values, numeric bounds, length bounds,
excluded values, NULL / NOT NULL, LIKE patterns, `a <= b` orderings). An OR is satisfied by
its first branch that is fully readable; what cannot be read is kept as text, so the
generator can name it in a note instead of guessing silently.
"""

# lazy: sqlglot — rules and SARIF output load verify for its code tables only
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydev_workflow.model import Entity

#: our dialect names -> sqlglot's
_SQLGLOT = {"postgresql": "postgres", "mariadb": "mysql", "mysql": "mysql", "sqlite": "sqlite"}


@dataclass
class Rule:
    """What the CHECKs say about one column."""

    allowed: list[Any] | None = None  # IN (…) / = literal / = ANY (ARRAY[…]) / LIKE patterns
    excluded: list[Any] = field(default_factory=list)  # <> literal, NOT IN (…)
    lo: float | None = None  # inclusive numeric bounds
    hi: float | None = None
    min_len: int | None = None
    max_len: int | None = None
    earliest: dt.datetime | None = None  # inclusive time bounds (dates at midnight UTC)
    latest: dt.datetime | None = None
    patterns: list[re.Pattern[str]] = field(default_factory=list)  # ~, ~*, REGEXP
    null: bool = False  # the readable branch wants NULL
    not_null: bool = False
    after: list[tuple[str, bool]] = field(default_factory=list)  # (other column, strictly)


@dataclass
class Rules:
    """Per-column rules of one entity, and the CHECKs (texts) the generator cannot read."""

    columns: dict[str, Rule] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)

    def of(self, name: str) -> Rule:
        """The rule of column `name` (an empty one when no CHECK mentions it)."""
        return self.columns.setdefault(name, Rule())


class _Unreadable(Exception):
    pass


def parse(text: str, dialect: str) -> Any:
    """`text` as one sqlglot expression, trying the spec's dialect first; None if unparsable."""
    import sqlglot
    from sqlglot.errors import ParseError, TokenError

    first = _SQLGLOT.get(dialect, "postgres")
    for read in dict.fromkeys((first, "postgres", "mysql", "sqlite")):
        try:
            got = sqlglot.parse(text, read=read)
        except (ParseError, TokenError, ValueError):
            continue
        if len(got) == 1 and got[0] is not None:
            return got[0]
    return None


def strip(node: Any) -> Any:
    """`node` without parentheses and casts: `(name)::text` is `name`."""
    from sqlglot import exp

    while isinstance(node, exp.Paren | exp.Cast | exp.TryCast):
        node = node.this
    return node


def _column(node: Any) -> str | None:
    from sqlglot import exp

    node = strip(node)
    return node.name if isinstance(node, exp.Column) else None


def _literal(node: Any) -> Any:
    """The Python value of a literal (numbers as int/float), else raise _Unreadable."""
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.Neg):
        value = _literal(node.this)
        if isinstance(value, int | float):
            return -value
        raise _Unreadable
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.ByteString):  # PostgreSQL's E'…' escape string
        return str(node.this)
    if isinstance(node, exp.Literal):
        if node.is_string:
            return node.this
        text = node.this
        return float(text) if any(c in text for c in ".eE") else int(text)
    raise _Unreadable


_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400,
          "month": 30 * 86400, "year": 365 * 86400}  # fmt: skip
_INTERVAL = re.compile(r"^\s*(-?\d+)\s*([a-z]+?)s?\s*$", re.I)


def _interval(node: Any) -> dt.timedelta:
    """`interval '13 years'`, `'13 years'::interval`, `INTERVAL '1' DAY` (approximately)."""
    from sqlglot import exp

    node = strip(node)
    text = ""
    if isinstance(node, exp.Interval):
        unit = node.args.get("unit")
        text = f"{_literal(node.this)} {unit.name if unit is not None else ''}"
    elif isinstance(node, exp.Literal) and node.is_string:
        text = node.this
    m = _INTERVAL.match(text)
    if not m or m.group(2).lower() not in _UNITS:
        raise _Unreadable
    return dt.timedelta(seconds=int(m.group(1)) * _UNITS[m.group(2).lower()])


def _moment(node: Any) -> dt.datetime:
    """A point in time: a date/timestamp literal, or now / CURRENT_DATE +/- an interval.

    Read at generation time: the rows are made now.
    """
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.CurrentDate | exp.CurrentTimestamp | exp.CurrentDatetime):
        now = dt.datetime.now(dt.UTC)
        return (
            now.replace(hour=0, minute=0, second=0, microsecond=0)
            if isinstance(node, exp.CurrentDate)
            else now
        )
    if isinstance(node, exp.Anonymous | exp.Func) and node.name.lower() in ("now",):
        return dt.datetime.now(dt.UTC)
    if isinstance(node, exp.Sub | exp.Add):
        base, delta = _moment(node.this), _interval(node.expression)
        return base - delta if isinstance(node, exp.Sub) else base + delta
    if isinstance(node, exp.Literal) and node.is_string:
        try:
            got = dt.datetime.fromisoformat(node.this.strip())
        except ValueError:
            raise _Unreadable from None
        return got if got.tzinfo else got.replace(tzinfo=dt.UTC)
    raise _Unreadable


def _array_values(node: Any) -> list[Any]:
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.Array):
        return [_literal(x) for x in node.expressions]
    raise _Unreadable


_LENGTH_FUNCS = ("length", "char_length", "character_length", "octet_length", "len")


def _length_of(node: Any) -> str | None:
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.Length):
        return _column(node.this)
    if isinstance(node, exp.Anonymous) and node.name.lower() in _LENGTH_FUNCS:
        if len(node.expressions) == 1:
            return _column(node.expressions[0])
    return None


_FLIP = {"GT": "LT", "GTE": "LTE", "LT": "GT", "LTE": "GTE", "EQ": "EQ", "NEQ": "NEQ"}


#: one (column, (what, value)) condition of a CHECK
Atom = tuple[str, Any]


def _atoms(node: Any, out: list[Atom], required: frozenset[str] = frozenset()) -> None:
    """Collect (column, constraint) atoms of a conjunction; raise _Unreadable otherwise."""
    out.extend(_atoms_of(strip(node), required))


def _atoms_of(node: Any, required: frozenset[str]) -> list[Atom]:
    """The atoms of one (stripped) condition, by the kind of node it is."""
    for kinds, read_atoms in _readers():
        if isinstance(node, kinds):
            return read_atoms(node, required)
    if type(node).__name__ in _FLIP:
        return _comparison(node)
    raise _Unreadable


@lru_cache(maxsize=1)
def _readers() -> tuple[tuple[Any, Callable[[Any, frozenset[str]], list[Atom]]], ...]:
    """(sqlglot node classes, reader) in the order they are tried."""
    from sqlglot import exp

    return (
        (exp.And, _conjunction),
        (exp.Or, _disjunction),
        (exp.Boolean, lambda n, _r: [] if n.this else _unreadable()),
        (exp.Column, lambda n, _r: [(n.name, ("in", [True]))]),
        (exp.Not, lambda n, _r: _negation(strip(n.this))),
        (exp.Is, lambda n, _r: _is(n)),
        (exp.In, lambda n, _r: _in(n)),
        (exp.Between, lambda n, _r: _between(n)),
        (exp.RegexpLike | exp.RegexpILike, lambda n, _r: _regex(n)),
        (exp.Like, lambda n, _r: _like(n)),
    )


def _unreadable() -> list[Atom]:
    raise _Unreadable


def _conjunction(node: Any, required: frozenset[str]) -> list[Atom]:
    return _atoms_of(strip(node.this), required) + _atoms_of(strip(node.expression), required)


def _disjunction(node: Any, required: frozenset[str]) -> list[Atom]:
    """The first branch of an OR that a row can satisfy (NULL in a NOT NULL column cannot)."""
    for branch in _or_branches(node):
        try:
            tried = _atoms_of(strip(branch), required)
        except _Unreadable:
            continue
        if any(what == "null" and col in required for col, (what, _v) in tried):
            continue  # NULL in a NOT NULL column: this branch cannot hold
        return tried
    raise _Unreadable


def _negation(inner: Any) -> list[Atom]:
    from sqlglot import exp

    if isinstance(inner, exp.Column):
        return [(inner.name, ("in", [False]))]
    if isinstance(inner, exp.Is) and isinstance(strip(inner.expression), exp.Null):
        col = _column(inner.this)
        if col:
            return [(col, ("not_null", None))]
    if isinstance(inner, exp.In) and (col := _column(inner.this)):
        return [(col, ("not_in", [_literal(x) for x in inner.expressions]))]
    raise _Unreadable


def _is(node: Any) -> list[Atom]:
    from sqlglot import exp

    # sqlglot reads `x IS NOT NULL` as Is(x, NULL, negate=True)
    col, right, negate = _column(node.this), strip(node.expression), node.args.get("negate")
    if col and isinstance(right, exp.Null):
        return [(col, ("not_null" if negate else "null", None))]
    if col and isinstance(right, exp.Boolean):
        return [(col, ("not_in" if negate else "in", [bool(right.this)]))]
    raise _Unreadable


def _in(node: Any) -> list[Atom]:
    col = _column(node.this)
    if col and node.expressions:
        return [(col, ("in", [_literal(x) for x in node.expressions]))]
    raise _Unreadable


def _between(node: Any) -> list[Atom]:
    col, length = _column(node.this), _length_of(node.this)
    lo, hi = _literal(node.args["low"]), _literal(node.args["high"])
    if col:
        return [(col, ("GTE", lo)), (col, ("LTE", hi))]
    if length:
        return [(length, ("len_GTE", lo)), (length, ("len_LTE", hi))]
    raise _Unreadable


def _regex(node: Any) -> list[Atom]:
    from sqlglot import exp

    col = _column(node.this)
    pattern = _literal(node.expression)
    if not (col and isinstance(pattern, str)):
        raise _Unreadable
    flags = re.I if isinstance(node, exp.RegexpILike) else 0
    try:
        return [(col, ("regex", re.compile(pattern, flags)))]
    except re.error:
        raise _Unreadable from None


def _like(node: Any) -> list[Atom]:
    col = _column(node.this)
    pattern = _literal(node.expression)
    if col and isinstance(pattern, str):
        return [(col, ("in", [pattern.replace("%", "").replace("_", "x")]))]
    raise _Unreadable


def _comparison(node: Any) -> list[Atom]:
    """`a op b` with a column (or a length) on either side, or `x = ANY (ARRAY[…])`."""
    from sqlglot import exp

    kind = type(node).__name__
    left, right = node.this, node.expression
    if isinstance(strip(right), exp.Any | exp.All):
        return _any_all(kind, left, strip(right))
    for a, b, op in ((left, right, kind), (right, left, _FLIP[kind])):
        got = _bound(a, b, op)
        if got is not None:
            return got
    raise _Unreadable


def _any_all(kind: str, left: Any, right: Any) -> list[Atom]:
    from sqlglot import exp

    col = _column(left)
    values = _array_values(right.this)
    if col and kind == "EQ" and isinstance(right, exp.Any):
        return [(col, ("in", values))]
    if col and kind == "NEQ" and isinstance(right, exp.All):
        return [(col, ("not_in", values))]
    raise _Unreadable


def _bound(a: Any, b: Any, op: str) -> list[Atom] | None:
    """`a op b` read with `a` as the column (or its length); None: not this way round."""
    col, length = _column(a), _length_of(a)
    other = _column(b)
    if col and other and op in ("GT", "GTE", "LT", "LTE"):
        # a >= b: a comes after b (ordered columns of one row)
        if op in ("GT", "GTE"):
            return [(col, ("after", (other, op == "GT")))]
        return [(other, ("after", (col, op == "LT")))]
    if not (col or length):
        return None
    value = _bound_value(b, op, col)
    if value is _NONE:
        return None
    if col:
        return [(col, (op, value))]
    return [(str(length), ("len_" + op, value))]


#: no value could be read
_NONE = object()


def _bound_value(b: Any, op: str, col: str | None) -> Any:
    """The constant `b` (a moment where a column is ordered against a string), or _NONE."""
    try:
        value = _literal(b)
        if isinstance(value, str) and col and op not in ("EQ", "NEQ"):
            value = _moment(b)
        return value
    except _Unreadable:
        if not col:
            return _NONE
    try:
        return _moment(b)
    except _Unreadable:
        return _NONE


def _or_branches(node: Any) -> list[Any]:
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.Or):
        return _or_branches(node.this) + _or_branches(node.expression)
    return [node]


def _apply(rule: Rule, what: str, value: Any) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    simple = _SIMPLE.get(what)
    if simple is not None:
        simple(rule, value)
    elif isinstance(value, dt.datetime) and what in _BOUNDS:
        _apply_moment(rule, what, value)
    elif what == "EQ":
        _apply(rule, "in", [value])
    elif what == "NEQ":
        rule.excluded.append(value)
    elif what in _BOUNDS and number:
        _apply_number(rule, what, value)
    elif what.startswith("len_") and number:
        _apply_length(rule, what[4:], value)
    else:  # a date or string bound: not read (yet)
        raise _Unreadable


_BOUNDS = ("GT", "GTE", "LT", "LTE")


def _allow(rule: Rule, value: Any) -> None:
    rule.allowed = list(value) if rule.allowed is None else [v for v in rule.allowed if v in value]


def _set_null(rule: Rule, value: Any) -> None:
    rule.null = True


def _set_not_null(rule: Rule, value: Any) -> None:
    rule.not_null = True


#: the atoms that set one property of the rule
_SIMPLE: dict[str, Callable[[Rule, Any], None]] = {
    "in": _allow,
    "not_in": lambda rule, value: rule.excluded.extend(value),
    "null": _set_null,
    "not_null": _set_not_null,
    "after": lambda rule, value: rule.after.append(value),
    "regex": lambda rule, value: rule.patterns.append(value),
}


def _apply_moment(rule: Rule, what: str, value: dt.datetime) -> None:
    step = dt.timedelta(days=1)  # strict bounds: a day inside, for dates and times alike
    if what in ("GT", "GTE"):
        lo = value + step if what == "GT" else value
        rule.earliest = lo if rule.earliest is None else max(rule.earliest, lo)
    else:
        hi = value - step if what == "LT" else value
        rule.latest = hi if rule.latest is None else min(rule.latest, hi)


def _apply_number(rule: Rule, what: str, value: float) -> None:
    if what in ("GT", "GTE"):
        lo = value + (1 if what == "GT" and isinstance(value, int) else 0)
        rule.lo = lo if rule.lo is None else max(rule.lo, lo)
    else:
        hi = value - (1 if what == "LT" and isinstance(value, int) else 0)
        rule.hi = hi if rule.hi is None else min(rule.hi, hi)


def _apply_length(rule: Rule, op: str, value: float) -> None:
    if op in ("GT", "GTE"):
        n = int(value) + (1 if op == "GT" else 0)
        rule.min_len = n if rule.min_len is None else max(rule.min_len, n)
    elif op in ("LT", "LTE"):
        n = int(value) - (1 if op == "LT" else 0)
        rule.max_len = n if rule.max_len is None else min(rule.max_len, n)
    elif op == "EQ":
        rule.min_len = rule.max_len = int(value)
    else:
        raise _Unreadable


def read(e: Entity, dialect: str) -> Rules:
    """The rules every CHECK of `e` (field and table level) puts on its columns."""
    out = Rules()
    texts = [f.check for f in e.fields if f.check] + [c.expression for c in e.checks]
    names = {f.name for f in e.fields}
    required = frozenset(f.name for f in e.fields if not f.nullable or e.is_pk(f.name))
    for text in texts:
        assert text is not None
        node = parse(text, dialect)
        atoms: list[tuple[str, Any]] = []
        try:
            if node is None:
                raise _Unreadable
            _atoms(node, atoms, required)
            staged = Rules()
            for col, (what, value) in atoms:
                if col not in names:
                    raise _Unreadable
                _apply(staged.of(col), what, value)
        except _Unreadable:
            out.unreadable.append(text)
            continue
        for col, (what, value) in atoms:
            _apply(out.of(col), what, value)
    return out


def referenced_columns(text: str, dialect: str) -> tuple[str, ...]:
    """The column names an SQL expression (an index key) reads, in order of appearance."""
    from sqlglot import exp

    node = parse(text, dialect)
    if node is None:
        return ()
    return tuple(dict.fromkeys(c.name for c in node.find_all(exp.Column)))


__all__ = ["Rule", "Rules", "parse", "read", "referenced_columns", "strip"]
