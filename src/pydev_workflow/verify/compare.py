"""Compare SQL expressions by meaning: CHECKs, defaults and index predicates as sqlglot trees.

An engine gives back what it stored, not what was written: PostgreSQL turns
`rating BETWEEN 1 AND 5` into `(rating >= 1) AND (rating <= 5)`, `x IN ('a')` into
`x = ANY (ARRAY['a'::text])`, adds `::text` casts and parentheses; MariaDB quotes with
backticks. `normalize` parses an expression (the engine's dialect first) and rewrites it
into one canonical form, so two spellings of one condition compare equal. The round-trip diff
(verify/diff.py) takes this as its `normalize` argument.
"""

# lazy: sqlglot — rules and SARIF output load verify for its code tables only
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.dialects.metadata import portable_now
from pydev_workflow.verify.constraints import parse
from pydev_workflow.verify.diff import norm_sql


def _canonical(node: Any, dialect: str) -> Any:
    """`node` rewritten: no casts or parentheses, BETWEEN as two bounds, ANY/ALL as IN.

    PostgreSQL's `'now'::date` / `'now'::timestamp` are CURRENT_DATE / CURRENT_TIMESTAMP (the
    DDL writes them so for the other engines).
    """
    engine = adapter_for(dialect)

    def rewrite(n: Any) -> Any:
        for step in _REWRITES:
            got = step(n, engine)
            if got is not _SKIP:
                return got
        return n

    # repeat: a rewrite may uncover another (a cast inside parentheses)
    for _ in range(4):
        node = node.transform(rewrite)
    return node


#: what a rewrite step returns for a node it does not touch
_SKIP = object()


def _now(n: Any, engine: Any) -> Any:
    """`('now'::text)::date` is CURRENT_DATE, as the DDL writes it."""
    now = portable_now(n)
    return now if now is not n else _SKIP


def _octet_length(n: Any, engine: Any) -> Any:
    """OCTET_LENGTH(x) is LENGTH(x) where the engine reads lengths back so."""
    from sqlglot import exp

    if (
        engine.length_as_octet_length
        and isinstance(n, exp.Anonymous)
        and n.name.lower() == "octet_length"
        and len(n.expressions) == 1
    ):
        return exp.Length(this=n.expressions[0].copy())
    return _SKIP


def _interval_literal(n: Any, engine: Any) -> Any:
    """Every spelling of an interval constant as one literal."""
    from sqlglot import exp

    if isinstance(n, exp.Interval) or (
        isinstance(n, exp.Cast)
        and n.to.is_type(exp.DataType.Type.INTERVAL)
        and isinstance(n.this, exp.Literal)
    ):
        return _interval(n)
    return _SKIP


def _unwrapped(n: Any, engine: Any) -> Any:
    """No casts, no parentheses."""
    from sqlglot import exp

    return n.this if isinstance(n, exp.Cast | exp.TryCast | exp.Paren) else _SKIP


def _between(n: Any, engine: Any) -> Any:
    """BETWEEN as its two bounds."""
    from sqlglot import exp

    if not isinstance(n, exp.Between):
        return _SKIP
    return exp.and_(
        exp.GTE(this=n.this.copy(), expression=n.args["low"].copy()),
        exp.LTE(this=n.this.copy(), expression=n.args["high"].copy()),
    )


def _any_as_in(n: Any, engine: Any) -> Any:
    """`x = ANY (ARRAY[…])` as `x IN (…)` (`<> ALL` as NOT IN)."""
    from sqlglot import exp

    if not (isinstance(n, exp.EQ | exp.NEQ) and isinstance(n.expression, exp.Any | exp.All)):
        return _SKIP
    arr = n.expression.this
    while isinstance(arr, exp.Cast | exp.Paren):
        arr = arr.this
    if not isinstance(arr, exp.Array):
        return _SKIP
    got = exp.In(this=n.this.copy(), expressions=[x.copy() for x in arr.expressions])
    return got if isinstance(n, exp.EQ) else exp.Not(this=got)


def _numeric_string(n: Any, engine: Any) -> Any:
    """PostgreSQL writes `IN (-1, 0)` back as `'-1'::integer`: a number."""
    from sqlglot import exp

    if not (isinstance(n, exp.Literal) and n.is_string):
        return _SKIP
    text = n.this
    try:
        float(text)
    except ValueError:
        return _SKIP
    return exp.Literal.number(text) if text and text.strip() == text else _SKIP


def _boolean(n: Any, engine: Any) -> Any:
    """MariaDB's TRUE is 1 (TINYINT)."""
    from sqlglot import exp

    if isinstance(n, exp.Boolean) and engine.boolean_as_integer:
        return exp.Literal.number(1 if n.this else 0)
    return _SKIP


def _identifier(n: Any, engine: Any) -> Any:
    """Names unquoted and in lower case."""
    from sqlglot import exp

    return (
        exp.Identifier(this=n.name.lower(), quoted=False)
        if isinstance(n, exp.Identifier)
        else _SKIP
    )


def _number(n: Any, engine: Any) -> Any:
    """1.0 is 1."""
    from sqlglot import exp

    if not (isinstance(n, exp.Literal) and not n.is_string):
        return _SKIP
    value = float(n.this)
    return exp.Literal.number(int(value) if value.is_integer() else value)


#: the rewrites in order; the first that touches a node wins
_REWRITES: tuple[Callable[[Any, Any], Any], ...] = (
    _now,
    _octet_length,
    _interval_literal,
    _unwrapped,
    _between,
    _any_as_in,
    _numeric_string,
    _boolean,
    _identifier,
    _number,
)


def _interval(node: Any) -> Any:
    """`INTERVAL '13' YEAR`, `interval '13 years'` and `'13 years'::interval` as one literal."""
    from sqlglot import exp

    if isinstance(node, exp.Interval):
        unit = node.args.get("unit")
        text = f"{node.this.name} {unit.name if unit is not None else ''}"
    else:
        text = node.this.name
    words = text.lower().split()
    words = [w[:-1] if w.endswith("s") and not w[:-1].isdigit() else w for w in words]
    return exp.Interval(this=exp.Literal.string(" ".join(words)))


def _key(node: Any) -> str:
    """A canonical text: commutative AND/OR operands and IN lists sorted."""
    from sqlglot import exp

    if isinstance(node, exp.And | exp.Or):
        parts = sorted(_key(x) for x in _flatten(node, type(node)))
        return f"{type(node).__name__.lower()}(" + ",".join(parts) + ")"
    if isinstance(node, exp.In):
        values = sorted(_key(x) for x in node.expressions)
        return f"in({_key(node.this)};" + ",".join(values) + ")"
    if isinstance(node, exp.EQ | exp.NEQ):
        sides = sorted((_key(node.this), _key(node.expression)))
        return f"{type(node).__name__.lower()}(" + ",".join(sides) + ")"
    return str(node.sql(dialect="postgres", normalize=True, identify=False))


def _flatten(node: Any, kind: Any) -> list[Any]:
    if isinstance(node, kind):
        return _flatten(node.this, kind) + _flatten(node.expression, kind)
    return [node]


@lru_cache(maxsize=8192)
def normalize(text: str, dialect: str) -> str:
    """One canonical text per meaning; unparsable text falls back to the diff's own folding."""
    node = parse(text, dialect)
    if node is None:
        return norm_sql(text)
    try:
        return _key(_canonical(node, dialect))
    except Exception:  # noqa: BLE001 - sqlglot cannot print some trees back: fold the text
        return norm_sql(text)


def normalizer(dialect: str) -> Callable[[str], str]:
    """`normalize` bound to `dialect`, as verify.diff.diff takes it."""
    return lambda text: normalize(text, dialect)


__all__ = ["normalize", "normalizer"]
