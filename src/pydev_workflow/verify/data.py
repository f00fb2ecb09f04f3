"""Synthetic rows for verify: typed, unique where declared, FK-consistent, skewed, bulk-loaded."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydev_workflow.model import Entity, Field, FieldType, Schema, TypeKind

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_YEAR = 365 * 24 * 3600
_WORDS = (
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
)  # fmt: skip
_BOUND = re.compile(r"^\s*\(?\s*(\w+)\s*\)?\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)\s*$")
BATCH = 5000


def load_order(entities: Sequence[Entity], schema: Schema) -> list[Entity]:
    """Entities with parents before children (self-references and cycles broken by nulls)."""
    names = {e.name for e in entities}
    done: list[Entity] = []
    seen: set[str] = set()
    visiting: set[str] = set()

    def visit(e: Entity) -> None:
        if e.name in seen or e.name in visiting:
            return
        visiting.add(e.name)
        for fk in e.foreign_keys:
            parent = schema.entity(fk.ref_entity)
            if parent is not None and parent.name in names and parent.name != e.name:
                visit(parent)
        visiting.discard(e.name)
        seen.add(e.name)
        done.append(e)

    for e in entities:
        visit(e)
    return done


@dataclass
class Generated:
    """What the generator knows after loading: each table's key values, for children and queries."""

    keys: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # (table, col) -> values
    samples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # table -> some rows
    counts: dict[str, int] = field(default_factory=dict)


def _bounds(e: Entity, f: Field) -> tuple[float | None, float | None]:
    """Numeric bounds of `f` read from simple CHECKs such as `size_bytes > 0`."""
    lo: float | None = None
    hi: float | None = None
    exprs = [f.check] if f.check else []
    exprs += [c.expression for c in e.checks]
    for text in exprs:
        for part in re.split(r"\s+and\s+", text or "", flags=re.I):
            m = _BOUND.match(part)
            if not m or m.group(1) != f.name:
                continue
            value = float(m.group(3))
            op = m.group(2)
            if op == ">":
                lo = value + 1
            elif op == ">=":
                lo = value
            elif op == "<":
                hi = value - 1
            else:
                hi = value
    return lo, hi


def _coprime_step(p: int, q: int) -> int:
    """The smallest c >= 1 with gcd(1 + p*c, q) == 1 (keeps junction pairs distinct)."""
    from math import gcd

    c = 1
    while gcd(1 + p * c, q) != 1:
        c += 1
    return c


class RowMaker:
    """Makes the rows of one entity; values are plain Python objects (adapted per engine later)."""

    def __init__(self, schema: Schema, e: Entity, gen: Generated, seed: int, fk_tables: set[str]):
        self.schema = schema
        self.e = e
        self.gen = gen
        self.rnd = random.Random(f"{seed}:{e.table}")
        self.fk_of: dict[str, tuple[str, str]] = {}
        self.pair_fks: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
        for fk in e.foreign_keys:
            parent = schema.entity(fk.ref_entity)
            if parent is None or parent.name not in fk_tables:
                continue
            if len(fk.fields) == 1:
                self.fk_of[fk.fields[0]] = (parent.table, fk.ref_fields[0])
        # a composite key made only of FK columns (a junction) needs distinct combinations
        self.junction = bool(e.primary_key) and all(n in self.fk_of for n in e.primary_key)
        self.makers: list[tuple[str, Callable[[int], Any]]] = [
            (f.name, self._maker(f)) for f in e.fields
        ]

    def _parent_values(self, col: str) -> list[Any]:
        return self.gen.keys.get(self.fk_of[col], [])

    def _maker(self, f: Field) -> Callable[[int], Any]:
        e, rnd, t = self.e, self.rnd, f.type
        unique = (
            f.unique or e.primary_key == (f.name,) or any(u.fields == (f.name,) for u in e.uniques)
        )
        if f.name in self.fk_of:
            if self.junction and f.name in e.primary_key:
                return self._junction_maker(f.name)
            values_of = self._parent_values
            col = f.name
            nullable = f.nullable

            def fk(i: int) -> Any:
                values = values_of(col)
                if not values or (nullable and rnd.random() < 0.05):
                    return None
                # skewed: a few parents have many children, like real data
                return values[int(len(values) * rnd.random() ** 2)]

            return fk
        return self._value_maker(t, f, unique)

    def _junction_maker(self, col: str) -> Callable[[int], Any]:
        pk = self.e.primary_key
        pos = pk.index(col)
        values_of = self._parent_values

        def pick(i: int) -> Any:
            sizes = [max(1, len(values_of(c))) for c in pk]
            # row i -> a distinct combination: the first key cycles, the others advance with a
            # stride coprime to their size, so every parent gets some rows (not all on one)
            first = i % sizes[0]
            rest = i // sizes[0]
            digits = [first]
            for size in sizes[1:]:
                stride = 1 + sizes[0] * _coprime_step(sizes[0], size)
                digits.append((rest * stride + first) % size)
                rest //= size
            values = values_of(col)
            return values[digits[pos]] if values else None

        return pick

    def _value_maker(self, t: FieldType, f: Field, unique: bool) -> Callable[[int], Any]:
        rnd = self.rnd
        k = t.kind
        name = f.name
        if k is TypeKind.UUID:
            seed_ns = uuid.uuid5(uuid.NAMESPACE_URL, self.e.table + "." + name)
            return lambda i: uuid.uuid5(seed_ns, str(i))
        if k in (TypeKind.STRING, TypeKind.CHAR, TypeKind.TEXT):
            length = t.length or 200
            if unique:
                if "email" in name:
                    return lambda i: f"u{i}@example.com"[-length:]
                return lambda i: f"{name[:8]}-{i}"[-length:]
            if k is TypeKind.CHAR:
                return lambda i: "".join(rnd.choice("abcdef") for _ in range(length))
            pool = [" ".join(rnd.choice(_WORDS) for _ in range(3)) for _ in range(200)]
            return lambda i: pool[int(len(pool) * rnd.random() ** 2)][:length]
        if t.is_integer or k is TypeKind.DECIMAL or k is TypeKind.FLOAT:
            lo, hi = _bounds(self.e, f)
            top = {TypeKind.SMALLINT: 32000, TypeKind.INTEGER: 2_000_000_000}.get(k, 10**12)
            if k is TypeKind.DECIMAL and t.precision:
                top = 10 ** (t.precision - (t.scale or 0)) - 1
            low = int(lo) if lo is not None else 1
            high = int(hi) if hi is not None else min(top, 1_000_000)
            if unique or f.identity:
                return lambda i: low + i
            if k is TypeKind.DECIMAL:
                scale = t.scale or 0
                return lambda i: (
                    Decimal(rnd.randint(low, high)).scaleb(-scale)
                    if scale
                    else Decimal(rnd.randint(low, high))
                )
            if k is TypeKind.FLOAT:
                return lambda i: rnd.uniform(low, high)
            return lambda i: rnd.randint(low, high)
        if k is TypeKind.BOOLEAN:
            return lambda i: rnd.random() < 0.8  # low cardinality: skewed
        if k is TypeKind.ENUM:
            values = t.values
            weights = [1.0 / (n + 1) ** 1.5 for n in range(len(values))]
            return lambda i: rnd.choices(values, weights)[0]
        if k is TypeKind.TIMESTAMP:
            if unique:
                return lambda i: _EPOCH + dt.timedelta(seconds=i)
            return lambda i: _EPOCH + dt.timedelta(seconds=rnd.randrange(_YEAR))
        if k is TypeKind.DATE:
            return lambda i: (_EPOCH + dt.timedelta(days=rnd.randrange(3650))).date()
        if k is TypeKind.TIME:
            return lambda i: dt.time(rnd.randrange(24), rnd.randrange(60), rnd.randrange(60))
        if k is TypeKind.JSON:
            return lambda i: {"n": i, "tag": rnd.choice(_WORDS)}
        if k is TypeKind.BYTES:
            return lambda i: i.to_bytes(8, "big")
        if k is TypeKind.INTERVAL:
            return lambda i: dt.timedelta(seconds=rnd.randrange(86400))
        if k is TypeKind.ARRAY:
            return lambda i: [rnd.choice(_WORDS) for _ in range(rnd.randrange(4))]
        return lambda i: None  # native types: left NULL

    def rows(self, start: int, stop: int) -> Iterator[tuple[Any, ...]]:
        """Rows `start`..`stop-1` as tuples in field order."""
        makers = [m for _, m in self.makers]
        for i in range(start, stop):
            yield tuple(m(i) for m in makers)

    @property
    def columns(self) -> list[str]:
        """Column names in field order."""
        return [n for n, _ in self.makers]

    def capacity(self) -> int | None:
        """How many distinct rows a junction can hold (product of its parents' counts)."""
        if not self.junction:
            return None
        out = 1
        for c in self.e.primary_key:
            out *= max(1, len(self._parent_values(c)))
        return out


# -- adapting values to an engine's storage ----------------------------------------------------
def adapter(dialect: str, actual: FieldType | None) -> Callable[[Any], Any]:
    """A function turning a generated value into what `dialect`'s driver stores for `actual`."""
    k = actual.kind if actual is not None else None

    def plain(v: Any) -> Any:
        return v

    if dialect == "postgresql":
        if k is TypeKind.JSON:
            return lambda v: None if v is None else json.dumps(v)
        if k is TypeKind.TIMESTAMP and actual is not None and not actual.timezone:
            return lambda v: v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v
        if k in (TypeKind.CHAR, TypeKind.STRING, TypeKind.TEXT):
            return lambda v: str(v) if isinstance(v, uuid.UUID) else v
        return plain

    def common(v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, uuid.UUID):
            if actual is not None and actual.length == 32:
                return v.hex
            return str(v)
        if isinstance(v, dt.datetime):
            v = v.astimezone(dt.UTC).replace(tzinfo=None)
            return v if dialect != "sqlite" else v.isoformat(sep=" ")
        if isinstance(v, dt.date | dt.time) and dialect == "sqlite":
            return v.isoformat()
        if isinstance(v, dict | list):
            return json.dumps(v)
        if isinstance(v, Decimal) and dialect == "sqlite":
            return str(v)
        if isinstance(v, dt.timedelta):
            return int(v.total_seconds())
        if isinstance(v, bool):
            return int(v)
        return v

    return common


def _quote(dialect: str, name: str) -> str:
    return f"`{name}`" if dialect in ("mysql", "mariadb") else f'"{name}"'


@dataclass(frozen=True, slots=True)
class LoadStats:
    """Rows loaded and how long it took."""

    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        """Throughput."""
        return self.rows / self.seconds if self.seconds > 0 else float("inf")


def load(
    engine: Engine,
    dialect: str,
    schema: Schema,
    entities: Sequence[Entity],
    actual: Schema,
    gen: Generated,
    upto: int,
    seed: int = 7,
    progress: Callable[[str, int], None] | None = None,
) -> LoadStats:
    """Grow each table of `entities` to `upto` rows (parents first), in bulk.

    PostgreSQL loads with COPY (psycopg), the others with executemany, which pymysql turns
    into multi-row INSERTs. `gen` remembers keys between calls, so loading at two scales
    just appends.
    """
    started = time.perf_counter()
    total = 0
    tables = {e.name for e in entities}
    raw = engine.raw_connection()
    try:
        for e in load_order(entities, schema):
            maker = RowMaker(schema, e, gen, seed, tables)
            have = gen.counts.get(e.table, 0)
            want = upto
            cap = maker.capacity()
            if cap is not None:
                want = min(want, cap)
            if want <= have:
                continue
            a = actual.entity(e.table)
            adapters = [
                adapter(dialect, a.field(c).type if a and a.field(c) else None)
                for c in maker.columns
            ]
            cols = maker.columns
            keep_keys = [c for c in cols if _is_key(schema, e, c)]
            idx = {c: n for n, c in enumerate(cols)}
            for start in range(have, want, BATCH):
                stop = min(want, start + BATCH)
                batch = [
                    tuple(ad(v) for ad, v in zip(adapters, row, strict=True))
                    for row in maker.rows(start, stop)
                ]
                _write(raw, dialect, e.table, cols, batch)
                for c in keep_keys:
                    gen.keys.setdefault((e.table, c), []).extend(r[idx[c]] for r in batch)
                sample = gen.samples.setdefault(e.table, [])
                if len(sample) < 50:
                    sample.extend(
                        dict(zip(cols, r, strict=True)) for r in batch[: 50 - len(sample)]
                    )
                else:  # keep the sample spread over the whole table
                    sample[stop % 50] = dict(zip(cols, batch[-1], strict=True))
                total += len(batch)
                if progress is not None:
                    progress(e.table, len(batch))
            gen.counts[e.table] = want
        raw.commit()
    finally:
        raw.close()
    return LoadStats(total, time.perf_counter() - started)


def _is_key(schema: Schema, e: Entity, col: str) -> bool:
    """Is `col` referenced by some FK (so children need its values)?"""
    for _child, fk in schema.children_of(e.name):
        if col in fk.ref_fields:
            return True
    return False


def _write(
    raw: Any, dialect: str, table: str, cols: list[str], rows: list[tuple[Any, ...]]
) -> None:
    q = [_quote(dialect, c) for c in cols]
    cur = raw.cursor()
    try:
        if dialect == "postgresql":
            with cur.copy(f"COPY {_quote(dialect, table)} ({', '.join(q)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            mark = "?" if dialect == "sqlite" else "%s"
            marks = ", ".join([mark] * len(cols))
            sql = f"INSERT INTO {_quote(dialect, table)} ({', '.join(q)}) VALUES ({marks})"
            cur.executemany(sql, rows)
    finally:
        cur.close()


__all__ = ["BATCH", "Generated", "LoadStats", "RowMaker", "adapter", "load", "load_order"]
