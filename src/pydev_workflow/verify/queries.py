"""Query patterns as real SQL: build, EXPLAIN per engine, read the access path, time it."""

# lazy: sqlalchemy — rules and SARIF output load verify for its code tables only
from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.dialects.plans import Access, my_access, pg_access, sqlite_access
from pydev_workflow.model import Entity, FilterOp, QueryPattern

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.engine import Connection


@dataclass(frozen=True, slots=True)
class BuiltQuery:
    """A query pattern compiled for one engine, with parameter values from the loaded data."""

    pattern: QueryPattern
    sql: str  # parameterised, as the driver receives it
    params: Any  # dict or tuple, matching the driver's paramstyle


def build(
    pattern: QueryPattern,
    table: sa.Table,
    sample: dict[str, Any],
    sorted_values: dict[str, list[Any]],
    conn: Connection,
) -> BuiltQuery:
    """SQLAlchemy Core SELECT for `pattern`: filters, order, group/aggregate and limit.

    Parameter values come from rows that were loaded (`sample`), so equality filters hit data;
    a range spans about a tenth of the values, a prefix is a value's first three characters.
    """
    import sqlalchemy as sa

    # full text, array and JSON containment operators (PostgreSQL), else LIKE
    native = adapter_for(conn.dialect.name).native_containment
    conds: list[Any] = []
    for i, f in enumerate(pattern.filters):
        col = table.c[f.field]
        # parameter names are ours (`p0`, `lo1`): a field name may hold any character, and a
        # bind name is spliced into the SQL text by some paramstyles
        value = sample.get(f.field)
        if f.op is FilterOp.EQ:
            conds.append(col == sa.bindparam(f"p{i}", value, type_=sa.types.NullType()))
        elif f.op is FilterOp.IN:
            values = [value] + [v for v in sorted_values.get(f.field, [])[:2] if v != value]
            conds.append(col.in_(sa.bindparam(f"p{i}", values, expanding=True)))
        elif f.op is FilterOp.RANGE:
            vals = sorted_values.get(f.field) or [value]
            lo, hi = vals[int(len(vals) * 0.45)], vals[int(len(vals) * 0.55)]
            conds.append(col.between(sa.bindparam(f"lo{i}", lo), sa.bindparam(f"hi{i}", hi)))
        elif f.op is FilterOp.PREFIX:
            conds.append(col.like(sa.bindparam(f"p{i}", f"{str(value)[:3]}%")))
        elif f.op is FilterOp.CONTAINS:
            conds.append(_contains(col, str(i), value, native))
        else:
            conds.append(col.isnot(None))
    if pattern.group_by or pattern.aggregate:
        agg: Any = sa.literal_column(pattern.aggregate or "count(*)")
        stmt = sa.select(*[table.c[g] for g in pattern.group_by], agg).select_from(table)
        if pattern.group_by:
            stmt = stmt.group_by(*[table.c[g] for g in pattern.group_by])
    else:
        stmt = sa.select(table)
    if conds:
        stmt = stmt.where(*conds)
    for o in pattern.order_by:
        expr: Any = sa.literal_column(o.name) if o.expression else table.c[o.name]
        stmt = stmt.order_by(expr.desc() if o.descending else expr.asc())
    if pattern.limit:
        stmt = stmt.limit(pattern.limit)
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if compiled.positional:
        positional = tuple(params[k] for k in compiled.positiontup or ())
        return BuiltQuery(pattern, str(compiled), positional)
    return BuiltQuery(pattern, str(compiled), dict(params))


def _contains(col: Any, name: str, value: Any, native: bool) -> Any:
    """Containment as the column's type spells it: full text, array or JSON, else LIKE."""
    import sqlalchemy as sa

    type_name = type(col.type).__name__.upper()
    if native and type_name == "TSVECTOR":
        word = str(value).split()[0].strip("'").split(":")[0] if value else "alpha"
        return col.op("@@")(sa.func.plainto_tsquery(sa.bindparam(f"p_{name}", word)))
    if native and isinstance(col.type, sa.ARRAY):
        items = list(value)[:1] if isinstance(value, list | tuple) else []
        return col.contains(sa.bindparam(f"p_{name}", items, type_=col.type))
    if native and type_name == "JSONB":
        if isinstance(value, str):  # the sample holds what was written: JSON text
            value = json.loads(value)
        doc = {k: v for k, v in list(value.items())[:1]} if isinstance(value, dict) else {}
        return col.contains(sa.bindparam(f"p_{name}", doc, type_=col.type))
    return col.like(sa.bindparam(f"p_{name}", f"%{str(value)[:3]}%"))


def explain(conn: Connection, dialect: str, q: BuiltQuery, labels: dict[str, str]) -> Access:
    """Run the engine's EXPLAIN and condense it into an Access (the adapter knows how)."""
    return adapter_for(dialect).explain(conn, q.sql, q.params, labels)


#: the EXPLAIN parsers live with the engine adapters (dialects/plans.py); the old names stay
_sqlite_access, _pg_access, _my_access = sqlite_access, pg_access, my_access


def index_labels(conn: Connection, dialect: str, entity: Entity) -> dict[str, str]:
    """Engine index name -> the label the static analysis uses ("PK", "UK(col)", index name)."""
    out: dict[str, str] = {}
    declared = {ix.name for ix in entity.indexes}
    rows, inherited = adapter_for(dialect).index_catalog(conn, entity.table)
    # the analysis names a unique constraint by its name when it has one
    named = {frozenset(u.fields): u.name for u in entity.uniques if u.name}
    for name, primary, unique, cols in rows:
        if primary:
            out[name] = "PK"
        elif name in declared:
            out[name] = name
        elif unique:
            out[name] = named.get(frozenset(cols)) or f"UK({', '.join(cols)})"
    for child, parent in inherited:
        if parent in out:
            out[child] = out[parent]
    return out


def timed(conn: Connection, q: BuiltQuery, repeat: int = 5) -> tuple[float, int]:
    """Median wall time (seconds) of running `q`, and the number of rows it returned."""
    times = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(conn.exec_driver_sql(q.sql, q.params).all())
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


__all__ = ["Access", "BuiltQuery", "build", "explain", "index_labels", "timed"]
