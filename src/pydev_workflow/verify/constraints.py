"""What the data generator can read of an entity's CHECKs and uniqueness, via sqlglot.

A CHECK is parsed into per-column rules (allowed values, numeric bounds, length bounds,
excluded values, NULL / NOT NULL, LIKE patterns, `a <= b` orderings). An OR is satisfied by
its first branch that is fully readable; what cannot be read is kept as text, so the
generator can name it in a note instead of guessing silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
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


def _atoms(node: Any, out: list[tuple[str, Any]], required: frozenset[str] = frozenset()) -> None:
    """Collect (column, constraint) atoms of a conjunction; raise _Unreadable otherwise."""
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.And):
        _atoms(node.this, out, required)
        _atoms(node.expression, out, required)
        return
    if isinstance(node, exp.Or):
        for branch in _or_branches(node):
            tried: list[tuple[str, Any]] = []
            try:
                _atoms(branch, tried, required)
            except _Unreadable:
                continue
            if any(what == "null" and col in required for col, (what, _v) in tried):
                continue  # NULL in a NOT NULL column: this branch cannot hold
            out.extend(tried)
            return
        raise _Unreadable
    if isinstance(node, exp.Boolean) and node.this:
        return
    if isinstance(node, exp.Column):
        out.append((node.name, ("in", [True])))
        return
    if isinstance(node, exp.Not):
        inner = strip(node.this)
        if isinstance(inner, exp.Column):
            out.append((inner.name, ("in", [False])))
            return
        if isinstance(inner, exp.Is) and isinstance(strip(inner.expression), exp.Null):
            col = _column(inner.this)
            if col:
                out.append((col, ("not_null", None)))
                return
        if isinstance(inner, exp.In) and (col := _column(inner.this)):
            out.append((col, ("not_in", [_literal(x) for x in inner.expressions])))
            return
        raise _Unreadable
    if isinstance(node, exp.Is):
        # sqlglot reads `x IS NOT NULL` as Is(x, NULL, negate=True)
        col, right, negate = _column(node.this), strip(node.expression), node.args.get("negate")
        if col and isinstance(right, exp.Null):
            out.append((col, ("not_null" if negate else "null", None)))
            return
        if col and isinstance(right, exp.Boolean):
            out.append((col, ("not_in" if negate else "in", [bool(right.this)])))
            return
        raise _Unreadable
    if isinstance(node, exp.In):
        col = _column(node.this)
        if col and node.expressions:
            out.append((col, ("in", [_literal(x) for x in node.expressions])))
            return
        raise _Unreadable
    if isinstance(node, exp.Between):
        col, length = _column(node.this), _length_of(node.this)
        lo, hi = _literal(node.args["low"]), _literal(node.args["high"])
        if col:
            out += [(col, ("GTE", lo)), (col, ("LTE", hi))]
            return
        if length:
            out += [(length, ("len_GTE", lo)), (length, ("len_LTE", hi))]
            return
        raise _Unreadable
    if isinstance(node, exp.RegexpLike | exp.RegexpILike):
        col = _column(node.this)
        pattern = _literal(node.expression)
        if col and isinstance(pattern, str):
            flags = re.I if isinstance(node, exp.RegexpILike) else 0
            try:
                out.append((col, ("regex", re.compile(pattern, flags))))
            except re.error:
                raise _Unreadable from None
            return
        raise _Unreadable
    if isinstance(node, exp.Like):
        col = _column(node.this)
        pattern = _literal(node.expression)
        if col and isinstance(pattern, str):
            out.append((col, ("in", [pattern.replace("%", "").replace("_", "x")])))
            return
        raise _Unreadable
    kind = type(node).__name__
    if kind in _FLIP:
        left, right = node.this, node.expression
        if isinstance(strip(right), exp.Any | exp.All):
            col = _column(left)
            values = _array_values(strip(right).this)
            if col and kind == "EQ" and isinstance(strip(right), exp.Any):
                out.append((col, ("in", values)))
                return
            if col and kind == "NEQ" and isinstance(strip(right), exp.All):
                out.append((col, ("not_in", values)))
                return
            raise _Unreadable
        for a, b, op in ((left, right, kind), (right, left, _FLIP[kind])):
            col, length = _column(a), _length_of(a)
            other = _column(b)
            if col and other and op in ("GT", "GTE", "LT", "LTE"):
                # a >= b: a comes after b (ordered columns of one row)
                if op in ("GT", "GTE"):
                    out.append((col, ("after", (other, op == "GT"))))
                else:
                    out.append((other, ("after", (col, op == "LT"))))
                return
            if col or length:
                try:
                    value = _literal(b)
                    if isinstance(value, str) and col and op not in ("EQ", "NEQ"):
                        value = _moment(b)
                except _Unreadable:
                    if not col:
                        continue
                    try:
                        value = _moment(b)
                    except _Unreadable:
                        continue
                if col:
                    out.append((col, (op, value)))
                else:
                    out.append((str(length), ("len_" + op, value)))
                return
    raise _Unreadable


def _or_branches(node: Any) -> list[Any]:
    from sqlglot import exp

    node = strip(node)
    if isinstance(node, exp.Or):
        return _or_branches(node.this) + _or_branches(node.expression)
    return [node]


def _apply(rule: Rule, what: str, value: Any) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if what == "in":
        rule.allowed = (
            list(value) if rule.allowed is None else [v for v in rule.allowed if v in value]
        )
    elif what == "not_in":
        rule.excluded += list(value)
    elif what == "null":
        rule.null = True
    elif what == "not_null":
        rule.not_null = True
    elif what == "after":
        rule.after.append(value)
    elif what == "regex":
        rule.patterns.append(value)
    elif isinstance(value, dt.datetime) and what in ("GT", "GTE", "LT", "LTE"):
        step = dt.timedelta(days=1)  # strict bounds: a day inside, for dates and times alike
        if what in ("GT", "GTE"):
            lo = value + step if what == "GT" else value
            rule.earliest = lo if rule.earliest is None else max(rule.earliest, lo)
        else:
            hi = value - step if what == "LT" else value
            rule.latest = hi if rule.latest is None else min(rule.latest, hi)
    elif what == "EQ":
        _apply(rule, "in", [value])
    elif what == "NEQ":
        rule.excluded.append(value)
    elif what in ("GT", "GTE") and number:
        lo = value + (1 if what == "GT" and isinstance(value, int) else 0)
        rule.lo = lo if rule.lo is None else max(rule.lo, lo)
    elif what in ("LT", "LTE") and number:
        hi = value - (1 if what == "LT" and isinstance(value, int) else 0)
        rule.hi = hi if rule.hi is None else min(rule.hi, hi)
    elif what.startswith("len_") and number:
        op = what[4:]
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
    elif what in ("GT", "GTE", "LT", "LTE"):
        raise _Unreadable  # a date or string bound: not read (yet)
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
