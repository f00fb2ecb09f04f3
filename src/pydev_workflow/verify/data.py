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
#: kinds whose unique values are a function of the row number alone (see RowMaker.key_values)
_PURE_KINDS = frozenset(
    {TypeKind.UUID, TypeKind.STRING, TypeKind.CHAR, TypeKind.TEXT, TypeKind.TIMESTAMP,
     TypeKind.DATE}
)  # fmt: skip


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


_IN_LIST = re.compile(r"^\s*\(?\s*(\w+)\s*\)?\s+in\s*\((.*)\)\s*$", re.I | re.S)
_LIKE = re.compile(r"(\w+)\s+like\s+'((?:[^']|'')*)'", re.I)
_IS_NULL_OR = re.compile(r"^\s*\(?\s*(\w+)\s+is\s+null\s+or\b", re.I)
_LITERAL = re.compile(r"'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(MINVALUE|MAXVALUE)", re.I)


def _literals(text: str) -> list[Any]:
    """The literals of an SQL list: strings unquoted, numbers as int/float."""
    out: list[Any] = []
    for m in _LITERAL.finditer(text):
        if m.group(1) is not None:
            out.append(m.group(1).replace("''", "'"))
        elif m.group(2) is not None:
            num = m.group(2)
            out.append(float(num) if "." in num else int(num))
        else:
            out.append(None)  # MINVALUE / MAXVALUE: open end
    return out


def _choices(e: Entity, f: Field) -> tuple[list[Any] | None, bool]:
    """Values a CHECK allows for `f`, and whether NULL is the only safe value.

    Reads `f IN (…)` and `f LIKE 'x' OR …`; NULL is the only safe value when the generator
    cannot read the rest (`f IS NULL OR <something it cannot read>`).
    """
    exprs = [f.check] if f.check else []
    exprs += [c.expression for c in e.checks]
    only_null = False
    for text in exprs:
        m = _IN_LIST.match(text or "")
        if m and m.group(1) == f.name:
            values = _literals(m.group(2))
            if values and None not in values:
                return values, False
        likes = [(col, pat) for col, pat in _LIKE.findall(text or "") if col == f.name]
        if likes:
            # any one alternative of an OR chain; `%` and `_` become nothing / a letter
            return [
                pat.replace("''", "'").replace("%", "").replace("_", "x") for _, pat in likes
            ], (False)
        m = _IS_NULL_OR.match(text or "")
        if m and m.group(1) == f.name and f.nullable:
            only_null = True
    return None, only_null


_RANGE_BOUND = re.compile(r"FROM\s*\((.*?)\)\s*TO\s*\((.*?)\)\s*$", re.I | re.S)
_LIST_BOUND = re.compile(r"IN\s*\((.*)\)\s*$", re.I | re.S)


def _parse_bound(value: Any, t: FieldType) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if t.kind is TypeKind.TIMESTAMP:
        got = dt.datetime.fromisoformat(value)
        return got if got.tzinfo else got.replace(tzinfo=dt.UTC)
    if t.kind is TypeKind.DATE:
        return dt.date.fromisoformat(value[:10])
    return value


def partition_domain(e: Entity) -> tuple[str, list[tuple[Any, Any]], list[Any]] | None:
    """(key column, [lo, hi) ranges, listed values) a row must fall into to find a partition.

    None when any row fits: no partitioning, HASH, a DEFAULT partition, a composite key, or
    bounds the generator cannot read.
    """
    p = e.partitioning
    if p is None or len(p.key) != 1 or not p.partitions:
        return None
    f = e.field(p.key[0])
    if f is None:
        return None
    ranges: list[tuple[Any, Any]] = []
    listed: list[Any] = []
    for part in p.partitions:
        bound = part.bound.strip()
        if re.search(r"\bDEFAULT\b", bound, re.I):
            return None
        m = _RANGE_BOUND.search(bound)
        if m:
            lo, hi = _literals(m.group(1)), _literals(m.group(2))
            if len(lo) != 1 or len(hi) != 1:
                return None
            try:
                ranges.append((_parse_bound(lo[0], f.type), _parse_bound(hi[0], f.type)))
            except ValueError:
                return None
            continue
        m = _LIST_BOUND.search(bound)
        if m:
            listed += [v for v in _literals(m.group(1)) if v is not None]
            continue
        return None
    return f.name, ranges, listed


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
        # any other composite key or unique: one plain column counting up keeps rows distinct
        self.counting: set[str] = set()
        for cols in [e.primary_key, *(u.fields for u in e.uniques)]:
            if len(cols) > 1 and not all(n in self.fk_of for n in cols):
                if not any(n in self.counting for n in cols):
                    self.counting.add(next(n for n in cols if n not in self.fk_of))
        domain = partition_domain(e)
        self.window: tuple[str, list[tuple[Any, Any]], list[Any]] | None = domain
        self.pure: set[str] = set()  # columns whose value is a function of the row number only
        self.makers: list[tuple[str, Callable[[int], Any]]] = [
            (f.name, self._maker(f)) for f in e.fields
        ]

    def _parent_values(self, col: str) -> list[Any]:
        return self.gen.keys.get(self.fk_of[col], [])

    def _maker(self, f: Field) -> Callable[[int], Any]:
        e, rnd, t = self.e, self.rnd, f.type
        unique = (
            f.unique
            or e.primary_key == (f.name,)
            or any(u.fields == (f.name,) for u in e.uniques)
            or f.name in self.counting
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
        choices, only_null = _choices(e, f)
        if choices and not unique:
            return lambda i: rnd.choice(choices)
        if only_null:
            return lambda i: None  # `f IS NULL OR …` that the generator cannot read: NULL passes
        if self.window is not None and self.window[0] == f.name:
            return self._window_maker(f, unique)
        if unique and (t.kind in _PURE_KINDS or t.is_numeric):
            self.pure.add(f.name)
        return self._value_maker(t, f, unique)

    def _window_maker(self, f: Field, unique: bool) -> Callable[[int], Any]:
        """Values inside the partitions' bounds, so every row finds its partition."""
        assert self.window is not None
        _col, ranges, listed = self.window
        rnd = self.rnd
        if listed:
            return lambda i: listed[i % len(listed)] if unique else rnd.choice(listed)
        spans: list[tuple[Any, Any]] = []
        for lo, hi in ranges:
            if isinstance(lo, dt.datetime | dt.date) or isinstance(hi, dt.datetime | dt.date):
                start = lo if lo is not None else hi - dt.timedelta(days=365)
                stop = hi if hi is not None else start + dt.timedelta(days=365)
                spans.append((start, stop))
            elif isinstance(lo, int | float) or isinstance(hi, int | float):
                start = lo if lo is not None else hi - 1_000_000
                stop = hi if hi is not None else start + 1_000_000
                spans.append((start, stop))
        if not spans:
            return self._value_maker(f.type, f, unique)

        def pick(i: int) -> Any:
            start, stop = spans[i % len(spans)]
            if isinstance(start, dt.datetime):
                width = int((stop - start).total_seconds())
                offset = (i // len(spans)) % width if unique else rnd.randrange(width)
                return start + dt.timedelta(seconds=offset)
            if isinstance(start, dt.date):
                days = (stop - start).days
                return start + dt.timedelta(days=rnd.randrange(max(days, 1)))
            width = int(stop - start)
            return start + ((i // len(spans)) % width if unique else rnd.randrange(width))

        return pick

    def key_values(self, col: str, stop: int) -> list[Any] | None:
        """Values of `col` for rows 0..stop-1 before they are written (None: not predictable).

        An FK cycle (Sakila: store.manager_staff_id -> staff, staff.store_id -> store) means
        one side is written before its parent exists; a key that is a function of the row
        number alone can be handed to the children in advance.
        """
        if col not in self.pure:
            return None
        maker = dict(self.makers)[col]
        return [maker(i) for i in range(stop)]

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
            top = {
                TypeKind.TINYINT: 120,
                TypeKind.SMALLINT: 32000,
                TypeKind.INTEGER: 2_000_000_000,
            }.get(k, 10**12)
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
            if unique:
                return lambda i: (_EPOCH + dt.timedelta(days=i)).date()
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
        if k is TypeKind.NATIVE and (t.native or "").lower() in ("tsvector", "text", "citext"):
            # a tsvector's text input is its lexemes: https://www.postgresql.org/docs/current/datatype-textsearch.html
            return lambda i: " ".join(rnd.choice(_WORDS) for _ in range(3))
        return lambda i: None  # other native types: left NULL

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
    order = load_order(entities, schema)
    predicted = _predict_cycle_keys(dialect, schema, order, actual, gen, seed, tables, upto)
    raw = engine.raw_connection()
    try:
        if predicted:
            _foreign_key_checks(raw, dialect, on=False)
        for e in order:
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
                adapter(dialect, af.type if a and (af := a.field(c)) else None)
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
                    if (e.table, c) not in predicted:
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
        if predicted:
            _foreign_key_checks(raw, dialect, on=True)
        raw.commit()
    finally:
        raw.close()
    return LoadStats(total, time.perf_counter() - started)


def _predict_cycle_keys(
    dialect: str,
    schema: Schema,
    order: Sequence[Entity],
    actual: Schema,
    gen: Generated,
    seed: int,
    tables: set[str],
    upto: int,
) -> set[tuple[str, str]]:
    """Hand the keys of parents written after their children (FK cycles) out in advance.

    Returns the (table, column) keys whose complete value lists are now in `gen.keys`.
    """
    position = {e.name: n for n, e in enumerate(order)}
    out: set[tuple[str, str]] = set()
    for e in order:
        for fk in e.foreign_keys:
            parent = schema.entity(fk.ref_entity)
            if parent is None or parent.name not in tables or len(fk.fields) != 1:
                continue
            if position[parent.name] < position[e.name]:
                continue  # written before the child: its keys are real rows already
            if parent.name == e.name and e.field(fk.fields[0]) is not None:
                if e.field(fk.fields[0]).nullable:  # type: ignore[union-attr]
                    continue  # a self-reference takes keys of earlier batches, or NULL
            col = fk.ref_fields[0]
            values = RowMaker(schema, parent, gen, seed, tables).key_values(col, upto)
            if values is None:
                continue
            a = actual.entity(parent.table)
            af = a.field(col) if a is not None else None
            ad = adapter(dialect, af.type if af is not None else None)
            gen.keys[(parent.table, col)] = [ad(v) for v in values]
            out.add((parent.table, col))
    return out


def _foreign_key_checks(raw: Any, dialect: str, *, on: bool) -> None:
    """Switch FK enforcement of this session off while an FK cycle loads, and back on.

    The sandbox is ours and every key we write exists once the load is done, so checking
    at the end of the cycle is not needed. PostgreSQL: `session_replication_role = replica`
    skips the FK triggers (https://www.postgresql.org/docs/current/runtime-config-client.html;
    it needs a superuser, without one the cycle's first row fails and verify says so);
    MariaDB: `FOREIGN_KEY_CHECKS` (https://mariadb.com/kb/en/server-system-variables/);
    SQLite: `PRAGMA foreign_keys` (off unless a connection turns it on).
    """
    sql = {
        "postgresql": f"SET session_replication_role = {'origin' if on else 'replica'}",
        "sqlite": f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}",
    }.get(dialect, f"SET FOREIGN_KEY_CHECKS = {1 if on else 0}")
    if dialect == "sqlite" and on:
        return  # leave SQLite as the driver opened it (enforcement off)
    cur = raw.cursor()
    try:
        cur.execute(sql)
    except Exception:  # noqa: BLE001 - no privilege: load with checks on, the engine will say
        if dialect == "postgresql":
            raw.rollback()
    finally:
        cur.close()


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
