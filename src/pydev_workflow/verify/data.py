"""Synthetic rows for verify: typed, unique where declared, FK-consistent, skewed, bulk-loaded."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import adapter_for
from pydev_workflow.model import (
    Entity,
    Field,
    FieldType,
    Partition,
    PartitionMethod,
    Schema,
    TypeKind,
)
from pydev_workflow.verify.constraints import Rule, referenced_columns
from pydev_workflow.verify.constraints import read as read_rules

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_YEAR = 365 * 24 * 3600
_WORDS = (
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
)  # fmt: skip
BATCH = 5000
_UUID_STRIDE = 0x1E3779B97F4A7C15  # odd: i -> base + i*stride is one-to-one mod 2**62
_UUID_LOW = (1 << 62) - 1
#: kinds whose made values (int, float, str, bytes, bool) every driver takes as they are
_AS_MADE = frozenset(
    {TypeKind.INTEGER, TypeKind.BIGINT, TypeKind.SMALLINT, TypeKind.STRING, TypeKind.CHAR,
     TypeKind.TEXT, TypeKind.FLOAT, TypeKind.ENUM, TypeKind.BYTES, TypeKind.BINARY,
     TypeKind.BOOLEAN}
)  # fmt: skip
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
    #: (table, units) -> the combinations of a finite unique set already written
    used: dict[tuple[str, str], set[tuple[int, ...]]] = field(default_factory=dict)
    #: (entity, message): what the generator could not satisfy (notes, not findings)
    notes: list[tuple[str, str]] = field(default_factory=list)
    #: (entity, message): rows the engine rejected although the generator meant them to fit
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)  # tables left empty

    def note(self, entity: str, message: str) -> None:
        """Remember a note once (verify loads at two scales)."""
        if (entity, message) not in self.notes:
            self.notes.append((entity, message))


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
    """The smallest c >= 1 with gcd(1 + p*c, q) == 1 (keeps combinations spread)."""
    from math import gcd

    c = 1
    while gcd(1 + p * c, q) != 1:
        c += 1
    return c


def columns_read(e: Entity, text: str, dialect: str) -> list[str]:
    """The fields of `e` an SQL expression reads, found as the engine resolves a bare name.

    An unquoted name that is not a field as written is matched without case: RT's
    `LOWER(Name)` reads the field `name` on every engine (PostgreSQL folds it, MySQL and
    SQLite compare column names without case).
    """
    folded = {f.name.lower(): f.name for f in e.fields}
    return [
        name if e.field(name) is not None else folded.get(name.lower(), name)
        for name in referenced_columns(text, dialect)
    ]


def unique_sets(e: Entity, dialect: str) -> list[tuple[str, ...]]:
    """Every column set the engine keeps unique, smallest first, duplicates removed.

    PK, unique fields and constraints, and unique indexes (an expression key counts its
    columns; a partial one is kept for all rows, which is stricter than the engine).
    """
    sets: list[tuple[str, ...]] = []
    if e.primary_key:
        sets.append(e.primary_key)
    sets += [(f.name,) for f in e.fields if f.unique]
    sets += [u.fields for u in e.uniques]
    for ix in e.indexes:
        if not ix.unique:
            continue
        keys: list[str] = []
        for k in ix.fields:
            keys += columns_read(e, k.name, dialect) if k.expression else [k.name]
        keys = [c for c in dict.fromkeys(keys) if e.field(c) is not None]
        if keys:
            sets.append(tuple(keys))
    seen: set[frozenset[str]] = set()
    out: list[tuple[str, ...]] = []
    for cols in sorted(sets, key=len):
        if frozenset(cols) not in seen:
            seen.add(frozenset(cols))
            out.append(cols)
    return out


class _Combo:
    """Distinct combinations of a unique set whose columns all have finite domains.

    Each domain is a list that only grows (a parent's keys, an enum's values), so an index
    into it names the same value at every scale; the combinations used so far are kept in
    `Generated`, and each row takes the next unused one.
    """

    def __init__(self, domains: list[list[Any]], used: set[tuple[int, ...]], rnd: random.Random):
        self.domains = domains
        self.sizes = [len(d) for d in domains]
        self.used = used
        self.rnd = rnd
        self.total = 1
        for n in self.sizes:
            self.total *= n
        self.strides = [1 + self.sizes[0] * _coprime_step(self.sizes[0], n) for n in self.sizes[1:]]
        self.cursor = 0
        self.last = -1
        self.value: tuple[Any, ...] | None = None

    @property
    def capacity(self) -> int:
        """How many more rows can get a combination of their own."""
        return max(self.total - len(self.used), 0)

    def _digits(self, k: int) -> tuple[int, ...]:
        first = k % self.sizes[0]
        rest = k // self.sizes[0]
        digits = [first]
        for size, stride in zip(self.sizes[1:], self.strides, strict=True):
            digits.append((rest * stride + first) % size)
            rest //= size
        return tuple(digits)

    def at(self, i: int) -> tuple[Any, ...] | None:
        """The combination of row `i` (None when every combination is taken)."""
        if i == self.last:
            return self.value
        self.last = i
        self.value = None
        while self.cursor < self.total:
            digits = self._digits(self.cursor)
            self.cursor += 1
            if digits in self.used:
                continue
            self.used.add(digits)
            self.value = tuple(d[n] for d, n in zip(self.domains, digits, strict=True))
            break
        return self.value


class _PerRow:
    """One random pick per row shared by several columns (a composite foreign key)."""

    def __init__(self, pick: Callable[[int], tuple[Any, ...] | None]):
        self.pick = pick
        self.last = -1
        self.value: tuple[Any, ...] | None = None

    def at(self, i: int) -> tuple[Any, ...] | None:
        if i != self.last:
            self.last, self.value = i, self.pick(i)
        return self.value


_BOOLEANS = [True, False]


def _next_after(value: Any, strictly: bool) -> Any:
    """The smallest value not before `value` (after it when `strictly`)."""
    if not strictly:
        return value
    if isinstance(value, dt.datetime):
        return value + dt.timedelta(seconds=1)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value + 1
    return value


class RowMaker:
    """Makes the rows of one entity; values are plain Python objects (adapted per engine later).

    It honours what the engine enforces and it can read: every unique set (PK, unique fields,
    constraints and indexes: one column counting up, or distinct combinations when every
    column has a finite domain, such as a 1:1 foreign key or a junction), NOT NULL on every
    type, the CHECKs `constraints.read` understands, enum values and partition bounds. What
    it cannot satisfy is in `notes`; `blocked` says why the table cannot be loaded at all.
    """

    def __init__(
        self,
        schema: Schema,
        e: Entity,
        gen: Generated,
        seed: int,
        fk_tables: set[str],
        dialect: str = "",
        actual: Entity | None = None,
    ):
        self.schema = schema
        self.e = e
        self.gen = gen
        self.dialect = dialect
        self.actual = actual
        self.rnd = random.Random(f"{seed}:{e.table}")
        self.rules = read_rules(e, schema.dialect)
        # the columns a generated column or an expression index computes from: small
        # numbers, so that what the engine computes fits its type (round(length / 60.0, 2)
        # is numeric(4,2) in pagila; Danbooru indexes image_width * image_height, an integer)
        computed = [f.generated.expression for f in e.fields if f.generated is not None] + [
            k.name for ix in e.indexes for k in ix.fields if k.expression
        ]
        self.feeds: set[str] = {
            name for text in computed for name in columns_read(e, text, schema.dialect)
        }
        self.notes: list[str] = [
            f"CHECK ({text}) of {e.table}: the generator cannot read it" for text in
            self.rules.unreadable
        ]  # fmt: skip
        self.blocked: str | None = None
        self.fk_of: dict[str, tuple[str, str]] = {}
        # composite foreign keys: their columns, and the key of the parent's tuples in gen.keys
        self.groups: list[tuple[tuple[str, ...], tuple[str, str]]] = []
        taken: set[str] = set()
        self.orphans: set[str] = set()  # FK columns whose parent has no rows: NULL
        for fk in e.foreign_keys:
            parent = schema.entity(fk.ref_entity)
            if parent is None or taken & set(fk.fields):
                continue
            if parent.name not in fk_tables or parent.table in gen.skipped:
                self.orphans |= set(fk.fields)
                continue
            taken |= set(fk.fields)
            if len(fk.fields) == 1:
                self.fk_of[fk.fields[0]] = (parent.table, fk.ref_fields[0])
            else:
                self.groups.append((fk.fields, (parent.table, ",".join(fk.ref_fields))))
        self.window: tuple[str, list[tuple[Any, Any]], list[Any]] | None = partition_domain(e)
        self.pure: set[str] = set()  # columns whose value is a function of the row number only
        self.counting: set[str] = set()  # columns made unique by counting up
        self.per_column: dict[str, Callable[[int], Any]] = {}
        self.combos: list[tuple[_Combo, bool]] = []  # (combo, may fall back to NULL)
        self._shared: dict[int, _PerRow] = {}
        self._plan_uniques()
        # a generated (computed) column is the engine's to fill: every engine rejects a value
        written = [f for f in e.fields if f.generated is None]
        self.makers: list[tuple[str, Callable[[int], Any]]] = [
            (f.name, self.per_column.get(f.name) or self._maker(f)) for f in written
        ]
        self.fixups: list[tuple[int, int, bool]] = []  # (column, must not be before, strictly)
        position = {f.name: n for n, f in enumerate(written)}
        for col, rule in self.rules.columns.items():
            for other, strictly in rule.after:
                if col in position and other in position and col not in self.per_column:
                    self.fixups.append((position[col], position[other], strictly))

    # -- domains and uniqueness ---------------------------------------------------------------
    def _unit(self, col: str) -> str:
        for n, (cols, _key) in enumerate(self.groups):
            if col in cols:
                return f"\x00group{n}"
        return col

    def _domain(self, unit: str) -> list[Any] | None:
        """The finite list of values a unit can take, or None (as many as needed)."""
        if unit.startswith("\x00group"):
            return self.gen.keys.get(self.groups[int(unit[6:])][1], [])
        if unit in self.fk_of:
            return self.gen.keys.get(self.fk_of[unit], [])
        f = self.e.field(unit)
        assert f is not None
        allowed = self._allowed(f)
        if allowed is not None:
            return allowed
        if f.type.kind is TypeKind.ENUM:
            return list(f.type.values)
        if f.type.kind is TypeKind.BOOLEAN:
            return _BOOLEANS
        if self.window is not None and self.window[0] == unit and self.window[2]:
            return list(self.window[2])
        return None

    def _allowed(self, f: Field) -> list[Any] | None:
        rule = self.rules.columns.get(f.name)
        if rule is None or rule.allowed is None:
            return None
        values = [v for v in rule.allowed if v not in rule.excluded]
        if f.type.kind is TypeKind.ENUM:
            values = [v for v in values if v in f.type.values]
        return values

    def _plan_uniques(self) -> None:
        e = self.e
        distinct: set[str] = set()
        combined: list[set[str]] = []
        for cols in unique_sets(e, self.schema.dialect):
            units = list(dict.fromkeys(self._unit(c) for c in cols))
            if any(u in distinct for u in units) or any(c <= set(units) for c in combined):
                continue  # a smaller unique set inside it is unique already
            free = [u for u in units if u in [f.name for f in e.fields] and self._domain(u) is None]
            if free:
                distinct.add(free[0])
                self.counting.add(free[0])
                continue
            if any(u in c for c in combined for u in units):
                self.notes.append(
                    f"unique ({', '.join(cols)}) of {e.table} overlaps another unique set of "
                    "finite values: rows may repeat a combination"
                )
                continue
            domains = [self._domain(u) or [] for u in units]
            key = (e.table, ",".join(units))
            used = self.gen.used.setdefault(key, set())
            combo = _Combo(domains, used, self.rnd)
            nullable = any(
                (f := e.field(c)) is not None and f.nullable and not e.is_pk(c) for c in cols
            )
            self.combos.append((combo, nullable))
            combined.append(set(units))
            for pos, u in enumerate(units):
                if u.startswith("\x00group"):
                    gcols = self.groups[int(u[6:])][0]
                    for k, c in enumerate(gcols):
                        self.per_column[c] = self._combo_column(combo, pos, k, c)
                else:
                    self.per_column[u] = self._combo_column(combo, pos, None, u)

    def _combo_column(
        self, combo: _Combo, pos: int, sub: int | None, col: str
    ) -> Callable[[int], Any]:
        f = self.e.field(col)
        nullable = f is not None and f.nullable and not self.e.is_pk(col)
        domain = combo.domains[pos]
        rnd = self.rnd

        def value(i: int) -> Any:
            got = combo.at(i)
            if got is None:  # every combination taken: NULL where allowed, else any value
                if nullable or not domain:
                    return None
                v = domain[rnd.randrange(len(domain))]
            else:
                v = got[pos]
            return v[sub] if sub is not None and v is not None else v

        return value

    # -- one column ---------------------------------------------------------------------------
    def _parent_values(self, col: str) -> list[Any]:
        return self.gen.keys.get(self.fk_of[col], [])

    def _maker(self, f: Field) -> Callable[[int], Any]:
        rule = self.rules.columns.get(f.name)
        if f.name in self.orphans:
            return lambda i: None
        if rule is not None and rule.null and f.nullable:
            return lambda i: None  # the CHECK branch the generator can satisfy wants NULL
        for n, (cols, _key) in enumerate(self.groups):
            if f.name in cols:
                return self._group_maker(n, cols.index(f.name), f)
        unique = f.name in self.counting
        if f.name in self.fk_of:
            return self._fk_maker(f, rule)
        choices = self._allowed(f)
        if choices:
            return lambda i: self.rnd.choice(choices)
        if choices == [] and not f.nullable:
            self.notes.append(f"{self.e.table}.{f.name}: its CHECKs allow no value")
        if self.window is not None and self.window[0] == f.name:
            return self._window_maker(f, unique)
        t = f.type
        if t.kind is TypeKind.NATIVE:
            held = self.actual.field(f.name) if self.actual is not None else None
            if held is None or held.type.kind is TypeKind.NATIVE:
                return self._native_field_maker(f, held, unique)
            t = held.type  # the engine holds it as a portable type (TEXT elsewhere)
        if unique and (t.kind in _PURE_KINDS or t.is_numeric):
            self.pure.add(f.name)
        return self._checked(f, rule, self._value_maker(t, f, unique))

    def _fk_maker(self, f: Field, rule: Rule | None) -> Callable[[int], Any]:
        """A parent's key, skewed: a few parents have many children, like real data."""
        rnd, values_of, col = self.rnd, self._parent_values, f.name
        nullable = f.nullable and not (rule is not None and rule.not_null)

        def fk(i: int) -> Any:
            values = values_of(col)
            if not values or (nullable and rnd.random() < 0.05):
                return None
            return values[int(len(values) * rnd.random() ** 2)]

        if rule is None or not (rule.excluded or rule.allowed is not None):
            return fk
        # a CHECK on the key (`type <> 3`): only the parents it allows
        banned, allowed = set(rule.excluded), rule.allowed

        def fk_allowed(i: int) -> Any:
            for _ in range(20):
                v = fk(i)
                if v is None or (v not in banned and (allowed is None or v in allowed)):
                    return v
            return None

        return fk_allowed

    def _native_field_maker(
        self, f: Field, held: Field | None, unique: bool
    ) -> Callable[[int], Any]:
        """Values of an engine type kept verbatim (`native(tsvector)`), or NULL and a note."""
        t = f.type
        # the spec's spelling first: the engine may read a type back as "unknown"
        native = _native_maker(t.native or "", self.dialect, unique, self.rnd)
        if native is None and held is not None:
            native = _native_maker(held.type.native or "", self.dialect, unique, self.rnd)
        if native is not None:
            return native
        if not f.nullable:
            self.blocked = (
                f"{self.e.table}.{f.name} is NOT NULL {t.native}, a type the generator "
                "has no value for"
            )
        return lambda i: None

    def _checked(
        self, f: Field, rule: Rule | None, maker: Callable[[int], Any]
    ) -> Callable[[int], Any]:
        """`maker` held to the CHECK's patterns and excluded values."""
        if rule is not None and rule.patterns:
            maker = self._matching(f, rule.patterns, maker)
        if rule is None or not rule.excluded:
            return maker
        banned = set(rule.excluded)

        def avoid(i: int, base: Callable[[int], Any] = maker) -> Any:
            v = base(i)
            return v if v not in banned else base(i + 7919)

        return avoid

    def _matching(
        self, f: Field, patterns: list[re.Pattern[str]], maker: Callable[[int], Any]
    ) -> Callable[[int], Any]:
        """A maker whose values match the CHECK's regular expressions (`~`, REGEXP).

        The engine's regex dialects agree with Python's on the simple patterns CHECKs use
        (codes, e-mail shapes); the first candidate whose first values all match is taken.
        """
        self.pure.discard(f.name)
        width = f.type.length or 200
        # `\d{11}`: digits of each width a pattern names, numbered so they stay distinct
        found = [int(w) for p in patterns for w in re.findall(r"\{(\d+)\}", p.pattern)]
        widths = sorted({w + extra for w in found for extra in (0, 1)})
        candidates: list[Callable[[int], Any]] = [
            maker,
            *[(lambda i, w=w: str(i).rjust(w, "0")[-w:]) for w in widths if w <= width],
            lambda i: f"u{i}@example.com",
            lambda i: str(10**6 + i)[-width:],
            lambda i: _letters(i).lower(),
            lambda i: _letters(i).upper(),
            lambda i: _letters(i).capitalize(),
        ]
        for candidate in candidates:
            values = [candidate(i) for i in range(40)]
            if all(isinstance(v, str) and all(p.search(v) for p in patterns) for v in values):
                return candidate
        self.notes.append(
            f"{self.e.table}.{f.name}: no generated value matches "
            + ", ".join(p.pattern for p in patterns)
        )
        return maker

    def _group_maker(self, n: int, pos: int, f: Field) -> Callable[[int], Any]:
        cols, key = self.groups[n]
        shared = self._shared.get(n)
        if shared is None:
            rnd, gen = self.rnd, self.gen
            nullable = all((x := self.e.field(c)) is not None and x.nullable for c in cols)

            def pick(i: int) -> tuple[Any, ...] | None:
                values = gen.keys.get(key, [])
                if not values or (nullable and rnd.random() < 0.05):
                    return None
                return values[int(len(values) * rnd.random() ** 2)]  # type: ignore[no-any-return]

            shared = self._shared[n] = _PerRow(pick)

        def value(i: int) -> Any:
            got = shared.at(i)
            return None if got is None else got[pos]

        return value

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

    def _value_maker(self, t: FieldType, f: Field, unique: bool) -> Callable[[int], Any]:
        k = t.kind
        rule = self.rules.columns.get(f.name) or Rule()
        if k is TypeKind.UUID:
            return self._uuid_maker(f)
        if k in (TypeKind.STRING, TypeKind.CHAR, TypeKind.TEXT):
            return self._text_maker(t, f, rule, unique)
        if t.is_integer or k is TypeKind.DECIMAL or k is TypeKind.FLOAT:
            return self._number_maker(t, f, rule, unique)
        if k in (TypeKind.TIMESTAMP, TypeKind.DATE) and (rule.earliest or rule.latest):
            return self._time_window(k, rule, unique)
        made = self._temporal_maker(k, unique) or self._plain_maker(t, unique)
        if made is not None:
            return made
        if k is TypeKind.ARRAY:
            return self._array_maker(t, f, unique)
        if k is TypeKind.NATIVE:
            native = _native_maker(t.native or "", self.dialect, unique, self.rnd)
            if native is not None:
                return native
        return lambda i: None

    def _uuid_maker(self, f: Field) -> Callable[[int], Any]:
        # distinct per row without a SHA-1 per value: a fixed high half (a version 4 UUID,
        # which MariaDB's UUID type checks) and low 62 bits stepping by an odd stride
        base = uuid.uuid5(uuid.NAMESPACE_URL, self.e.table + "." + f.name).int
        high = ((base >> 64) & ~0xF000 | 0x4000) << 64 | 0b10 << 62
        return lambda i: uuid.UUID(int=high | (base + i * _UUID_STRIDE) & _UUID_LOW)

    def _text_maker(self, t: FieldType, f: Field, rule: Rule, unique: bool) -> Callable[[int], Any]:
        rnd, k, name = self.rnd, t.kind, f.name
        length = t.length or 200
        if rule.max_len is not None:
            length = max(min(length, rule.max_len), 1)
        least = rule.min_len or 1
        if k is TypeKind.CHAR and t.length:
            least = max(least, min(t.length, length))
        pad = "x" * least

        def fit(text: str) -> str:
            text = text[-length:]
            return text if len(text) >= least else (text + pad)[:least]

        if unique:
            if length < 12:  # short codes (char(2)): base 36 digits stay distinct
                return lambda i: fit(_base36(i).rjust(least, "0"))
            if "email" in name:
                return lambda i: fit(f"u{i}@example.com")
            return lambda i: fit(f"{name[:8]}-{i}")
        if k is TypeKind.CHAR:
            return lambda i: "".join(rnd.choice("abcdef") for _ in range(length))
        pool = [fit(" ".join(rnd.choice(_WORDS) for _ in range(3))) for _ in range(200)]
        return lambda i: pool[int(len(pool) * rnd.random() ** 2)]

    def _number_maker(
        self, t: FieldType, f: Field, rule: Rule, unique: bool
    ) -> Callable[[int], Any]:
        rnd, k = self.rnd, t.kind
        top = {
            TypeKind.TINYINT: 120,
            TypeKind.SMALLINT: 32000,
            TypeKind.MEDIUMINT: 8_000_000,
            TypeKind.INTEGER: 2_000_000_000,
        }.get(k, 10**12)
        if k is TypeKind.DECIMAL and t.precision:
            top = 10 ** (t.precision - (t.scale or 0)) - 1
        low = int(math.ceil(rule.lo)) if rule.lo is not None else 1
        loose = _FEED_TOP if f.name in self.feeds else 1_000_000
        high = int(math.floor(rule.hi)) if rule.hi is not None else min(top, loose)
        high = max(high, low)
        if unique or f.identity:
            return lambda i: low + i
        if k is TypeKind.DECIMAL:
            return lambda i: Decimal(rnd.randint(low, high))
        if k is TypeKind.FLOAT:
            return lambda i: rnd.uniform(low, high)
        return lambda i: rnd.randint(low, high)

    def _temporal_maker(self, k: TypeKind, unique: bool) -> Callable[[int], Any] | None:
        """Timestamps, dates, times and intervals: stepping when unique, else random."""
        rnd = self.rnd
        if k is TypeKind.TIMESTAMP:
            if unique:
                return lambda i: _EPOCH + dt.timedelta(seconds=i)
            return lambda i: _EPOCH + dt.timedelta(seconds=rnd.randrange(_YEAR))
        if k is TypeKind.DATE:
            if unique:
                return lambda i: (_EPOCH + dt.timedelta(days=i)).date()
            return lambda i: (_EPOCH + dt.timedelta(days=rnd.randrange(3650))).date()
        if k is TypeKind.TIME:
            if unique:
                return lambda i: dt.time(i // 3600 % 24, i // 60 % 60, i % 60)
            return lambda i: dt.time(rnd.randrange(24), rnd.randrange(60), rnd.randrange(60))
        if k is TypeKind.INTERVAL:
            if unique:
                return lambda i: dt.timedelta(seconds=i)
            return lambda i: dt.timedelta(seconds=rnd.randrange(86400))
        return None

    def _plain_maker(self, t: FieldType, unique: bool) -> Callable[[int], Any] | None:
        """Booleans, enums, JSON and bytes."""
        rnd, k = self.rnd, t.kind
        if k is TypeKind.BOOLEAN:
            return lambda i: rnd.random() < 0.8  # low cardinality: skewed
        if k is TypeKind.ENUM:
            values = t.values
            weights = [1.0 / (n + 1) ** 1.5 for n in range(len(values))]
            return lambda i: rnd.choices(values, weights)[0]
        if k is TypeKind.JSON:
            return lambda i: {"n": i, "tag": rnd.choice(_WORDS)}
        if k in (TypeKind.BYTES, TypeKind.BINARY):
            # within the column's length; BINARY(n) holds exactly n bytes
            size = min(t.length or 8, 8) if k is TypeKind.BYTES else t.length or 1
            top = 256**size
            return lambda i: (i % top).to_bytes(size, "big")
        return None

    def _array_maker(self, t: FieldType, f: Field, unique: bool) -> Callable[[int], Any]:
        rnd = self.rnd
        if t.item is not None and t.item.kind is not TypeKind.ARRAY:
            item = self._value_maker(t.item, f, False)
            return lambda i: [item(i * 4 + n) for n in range(i % 4 if not unique else 1)]
        if unique:
            return lambda i: [str(i)]
        return lambda i: [rnd.choice(_WORDS) for _ in range(rnd.randrange(4))]

    def _time_window(self, k: TypeKind, rule: Rule, unique: bool) -> Callable[[int], Any]:
        """Times (or dates) between the bounds a CHECK sets, `<= CURRENT_DATE - '13 years'`."""
        rnd = self.rnd
        lo = rule.earliest or ((rule.latest or _EPOCH) - dt.timedelta(days=3650))
        hi = rule.latest or (lo + dt.timedelta(days=3650))
        span = max(int((hi - lo).total_seconds()), 1)
        if k is TypeKind.DATE:
            days = max(span // 86400, 1)
            if unique:
                return lambda i: (lo + dt.timedelta(days=i % days)).date()
            return lambda i: (lo + dt.timedelta(days=rnd.randrange(days))).date()
        if unique:
            return lambda i: lo + dt.timedelta(seconds=i % span)
        return lambda i: lo + dt.timedelta(seconds=rnd.randrange(span))

    def rows(
        self,
        start: int,
        stop: int,
        adapt: Sequence[Callable[[Any], Any] | None] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Rows `start`..`stop-1` as tuples in field order, each value through `adapt[n]`.

        A column whose adapter is None is written as made (most are: numbers, text, keys
        copied from a parent), so the hot loop calls one function per value.
        """
        makers = [m for _, m in self.makers]
        fixups = self.fixups
        if not fixups:
            if adapt is not None:
                makers = [
                    m if ad is None else _through(m, ad)
                    for m, ad in zip(makers, adapt, strict=True)
                ]
            for i in range(start, stop):
                yield tuple([m(i) for m in makers])
            return
        for i in range(start, stop):
            row = [m(i) for m in makers]
            for col, other, strictly in fixups:
                v, w = row[col], row[other]
                if v is not None and w is not None:
                    try:
                        if v < w or (strictly and v == w):
                            row[col] = _next_after(w, strictly)
                    except TypeError:
                        pass
            if adapt is not None:
                row = [v if ad is None else ad(v) for v, ad in zip(row, adapt, strict=True)]
            yield tuple(row)

    def written_as_made(self, col: str) -> bool:
        """True when every engine's driver takes `col`'s values as they are made.

        Numbers, text and enum labels pass through every driver; foreign keys copy values a
        parent already adapted. Times, UUIDs, JSON, decimals and intervals need `adapter`.
        """
        f = self.e.field(col)
        if f is None:
            return False
        if col in self.fk_of or any(col in cols for cols, _key in self.groups):
            return True
        return f.type.kind in _AS_MADE

    @property
    def columns(self) -> list[str]:
        """The columns written, in field order (a generated column is the engine's to fill)."""
        return [n for n, _ in self.makers]

    def capacity(self) -> int | None:
        """How many more rows the finite unique sets allow (None: no limit)."""
        caps = [combo.capacity for combo, nullable in self.combos if not nullable]
        return min(caps) if caps else None


#: the largest number made for a column a generated column or an expression index computes
#: from (no CHECK bound)
_FEED_TOP = 100


def _through(make: Callable[[int], Any], adapt: Callable[[Any], Any]) -> Callable[[int], Any]:
    """`make` whose values pass through `adapt`."""
    return lambda i: adapt(make(i))


def _base36(i: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        out = digits[i % 36] + out
        i //= 36
        if not i:
            return out


def _letters(i: int) -> str:
    """`i` in base 26 letters (a, b, …, ba, bb): distinct words made of letters only."""
    out = ""
    while True:
        out = chr(97 + i % 26) + out
        i //= 26
        if not i:
            return out


#: text forms the engines accept for common native types, by the type's base name
#: (PostgreSQL: https://www.postgresql.org/docs/current/datatype.html; MariaDB:
#: https://mariadb.com/kb/en/data-types/); `i` makes each value distinct where it can
_NATIVE_VALUES: dict[str, Callable[[int], Any]] = {
    "inet": lambda i: f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
    "cidr": lambda i: f"10.{i >> 16 & 255}.{i >> 8 & 255}.0/24",
    "macaddr": lambda i: "08:00:2b:" + ":".join(f"{i >> s & 255:02x}" for s in (16, 8, 0)),
    "macaddr8": lambda i: "08:00:2b:01:02:" + ":".join(f"{i >> s & 255:02x}" for s in (16, 8, 0)),
    "tsvector": lambda i: f"{_WORDS[i % 20]} {_WORDS[i // 20 % 20]} w{i}",
    "tsquery": lambda i: _WORDS[i % 20],
    "point": lambda i: f"({i},{i % 97})",
    "lseg": lambda i: f"[({i},0),({i},1)]",
    "box": lambda i: f"(({i},1),({i + 1},0))",
    "path": lambda i: f"[({i},0),({i},1)]",
    "polygon": lambda i: f"(({i},0),({i},1),({i + 1},0))",
    "circle": lambda i: f"<({i},0),1>",
    "line": lambda i: f"{{1,-1,{i}}}",
    "money": lambda i: f"{i % 100000}.{i % 100:02d}",
    "xml": lambda i: f'<v n="{i}"/>',
    "int4range": lambda i: f"[{i},{i + 10})",
    "int8range": lambda i: f"[{i},{i + 10})",
    "numrange": lambda i: f"[{i},{i + 10})",
    "daterange": lambda i: f"[2024-01-01,2024-02-{1 + i % 27:02d})",
    "tsrange": lambda i: "[2024-01-01 00:00,2024-01-02 00:00)",
    "tstzrange": lambda i: "[2024-01-01 00:00+00,2024-01-02 00:00+00)",
    "cube": lambda i: f"({i},{i % 7})",
    "hstore": lambda i: f'"n"=>"{i}"',
    "citext": lambda i: f"text-{i}",
    "name": lambda i: f"name_{i}",
    '"char"': lambda i: chr(97 + i % 26),
    "oid": lambda i: i + 1,
    "year": lambda i: 1901 + i % 255,
    "tinytext": lambda i: f"text-{i}",
    "mediumtext": lambda i: f"text-{i}",
    "longtext": lambda i: f"text-{i}",
    "tinyint": lambda i: i % 100,
    "mediumint": lambda i: i,
    "inet4": lambda i: f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}",
    "inet6": lambda i: f"fe80::{i & 0xFFFF:x}",
    "uuid": lambda i: str(uuid.uuid5(uuid.NAMESPACE_OID, str(i))),
    "interval": lambda i: f"{i % 1000} seconds",
    "jsonb": lambda i: json.dumps({"n": i}),
    "json": lambda i: json.dumps({"n": i}),
}
_NATIVE_BASE = re.compile(r"^\s*(\"char\"|[a-z_][a-z0-9_ ]*?)\s*(?:\((.*)\))?\s*(\[\])?\s*$", re.I)


def _native_maker(
    native: str, dialect: str, unique: bool, rnd: random.Random
) -> Callable[[int], Any] | None:
    """Values `dialect` accepts for a column of native type `native`, or None (unknown)."""
    m = _NATIVE_BASE.match(native)
    if not m:
        return None
    base, args, array = m.group(1).lower().strip(), m.group(2), m.group(3)
    if array:
        return None
    if base in ("enum", "set") and args:  # MySQL: a listed value
        values = _literals(args)
        return (lambda i: values[i % len(values)]) if values else None
    if base in ("bit", "bit varying", "varbit"):
        width = int(args) if args and args.strip().isdigit() else 1
        if adapter_for(dialect).bit_as_integer:
            return lambda i: i % (2**width)
        return lambda i: format(i % (2**width), f"0{width}b")
    if base == "vector":  # pgvector: [x, y, …] of the declared dimension
        dims = int(args) if args and args.strip().isdigit() else 3
        return lambda i: "[" + ",".join(str((i + n) % 10) for n in range(dims)) + "]"
    if base in ("tinyint", "mediumint") and not unique:
        return lambda i: rnd.randrange(100)
    return _NATIVE_VALUES.get(base)


# -- adapting values to an engine's storage ----------------------------------------------------
def adapter(dialect: str, actual: FieldType | None) -> Callable[[Any], Any]:
    """A function turning a generated value into what `dialect`'s driver stores for `actual`."""
    engine = adapter_for(dialect)
    if engine.copy_load:  # COPY: the driver adapts dates, decimals, UUIDs itself
        return _copy_adapter(actual)

    def common(v: Any) -> Any:
        return _stored(v, actual, engine.text_temporals)

    return common


def _plain(v: Any) -> Any:
    return v


def _copy_adapter(actual: FieldType | None) -> Callable[[Any], Any]:
    """What COPY cannot adapt itself: JSON text, naive timestamps, UUIDs into text columns."""
    k = actual.kind if actual is not None else None
    if k is TypeKind.JSON:
        return lambda v: None if v is None else json.dumps(v)
    if k is TypeKind.TIMESTAMP and actual is not None and not actual.timezone:
        return lambda v: v.replace(tzinfo=None) if isinstance(v, dt.datetime) else v
    if k in (TypeKind.CHAR, TypeKind.STRING, TypeKind.TEXT):
        return lambda v: str(v) if isinstance(v, uuid.UUID) else v
    return _plain


def _stored(v: Any, actual: FieldType | None, text_temporals: bool) -> Any:
    """`v` as an executemany driver stores it (text temporals where the engine keeps text)."""
    if v is None:
        return None
    if isinstance(v, uuid.UUID):
        return v.hex if actual is not None and actual.length == 32 else str(v)
    if isinstance(v, dt.datetime):
        v = v.astimezone(dt.UTC).replace(tzinfo=None)
        return v if not text_temporals else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time) and text_temporals:
        return v.isoformat()
    if isinstance(v, dict | list):
        return json.dumps(v)
    if isinstance(v, Decimal) and text_temporals:
        return str(v)
    if isinstance(v, dt.timedelta):
        return int(v.total_seconds())
    if isinstance(v, bool):
        return int(v)
    return v


def _quote(dialect: str, name: str) -> str:
    """`name` quoted by the engine's own identifier preparer for the bulk-load statement."""
    return adapter_for(dialect).quote_for_load(name)


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
    just appends. Each table is its own transaction: a table the engine rejects is left
    empty and named in `gen.notes` (a constraint the generator cannot satisfy, said by
    name) or `gen.failures` (the generator meant its rows to fit: the tool's own failure),
    and the other tables still load; children of an empty table get NULL or stay empty.
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
            if e.table in gen.skipped:
                continue
            maker = RowMaker(schema, e, gen, seed, tables, dialect, actual.entity(e.table))
            added = _load_table(raw, dialect, schema, e, maker, gen, upto, predicted)
            total += added
            if added and progress is not None:
                progress(e.table, added)
        if predicted:
            _foreign_key_checks(raw, dialect, on=True)
        raw.commit()
    finally:
        raw.close()
    return LoadStats(total, time.perf_counter() - started)


def _load_table(
    raw: Any,
    dialect: str,
    schema: Schema,
    e: Entity,
    maker: RowMaker,
    gen: Generated,
    upto: int,
    predicted: set[tuple[str, str]],
) -> int:
    """Grow the table of `e` to `upto` rows (or what its unique values allow); rows added."""
    for message in maker.notes:
        gen.note(e.name, message)
    orphan = _missing_parent(schema, e, maker, gen)
    if maker.blocked or orphan:
        gen.note(e.name, f"{e.table} not loaded: {maker.blocked or orphan}")
        gen.skipped.add(e.table)
        return 0
    have = gen.counts.get(e.table, 0)
    want = upto
    cap = maker.capacity()
    if cap is not None and have + cap < want:
        want = have + cap
    if want <= have:
        return 0
    try:
        kept, sample = _write_rows(raw, dialect, schema, e, maker, gen, (have, want), predicted)
        raw.commit()
    except Exception as exc:  # noqa: BLE001 - the engine's message goes into the report
        raw.rollback()
        if predicted:
            _foreign_key_checks(raw, dialect, on=False)
        _rejected(gen, e, maker, exc, have)
        return 0
    for key, values in kept.items():
        gen.keys.setdefault(key, []).extend(values)
    gen.samples[e.table] = sample
    gen.counts[e.table] = want
    return want - have


def _write_rows(
    raw: Any,
    dialect: str,
    schema: Schema,
    e: Entity,
    maker: RowMaker,
    gen: Generated,
    span: tuple[int, int],
    predicted: set[tuple[str, str]],
) -> tuple[dict[tuple[str, str], list[Any]], list[dict[str, Any]]]:
    """Write rows span[0]..span[1]-1 in batches; the keys children need, and a sample."""
    a = maker.actual
    adapters = [
        None
        if maker.written_as_made(c)
        else adapter(dialect, af.type if a and (af := a.field(c)) else None)
        for c in maker.columns
    ]
    cols = maker.columns
    idx = {c: n for n, c in enumerate(cols)}
    keep = [k for k in _key_sets(schema, e) if all(c in idx for c in k)]
    kept: dict[tuple[str, str], list[Any]] = {}
    sample: list[dict[str, Any]] = list(gen.samples.get(e.table, []))
    have, want = span
    for start in range(have, want, BATCH):
        stop = min(want, start + BATCH)
        batch = list(maker.rows(start, stop, adapters))
        _write(raw, dialect, e.table, cols, batch, _space(dialect, e))
        _keep_keys(kept, keep, idx, e.table, batch, predicted)
        if len(sample) < 50:
            sample.extend(dict(zip(cols, r, strict=True)) for r in batch[: 50 - len(sample)])
        else:  # keep the sample spread over the whole table
            sample[stop % 50] = dict(zip(cols, batch[-1], strict=True))
    return kept, sample


def _keep_keys(
    kept: dict[tuple[str, str], list[Any]],
    keep: list[Any],
    idx: dict[str, int],
    table: str,
    batch: list[Any],
    predicted: set[tuple[str, str]],
) -> None:
    """Remember the values of each key set children may reference (one column, or a tuple)."""
    for k in keep:
        if len(k) == 1:
            if (table, k[0]) not in predicted:
                pos = idx[k[0]]
                kept.setdefault((table, k[0]), []).extend(r[pos] for r in batch)
        else:
            at = [idx[c] for c in k]
            kept.setdefault((table, ",".join(k)), []).extend(tuple(r[p] for p in at) for r in batch)


def _engine_text(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def _rejected(gen: Generated, e: Entity, maker: RowMaker, exc: BaseException, have: int) -> None:
    """Sort a table the engine rejected into a note or the generator's own failure.

    A note when the generator said it cannot satisfy some constraint of it (named there),
    else a failure of the tool. Rows of an earlier scale stay.
    """
    text = _engine_text(exc)
    if have == 0:
        gen.skipped.add(e.table)
    if maker.notes:
        gen.note(e.name, f"{e.table} not loaded: {text} ({'; '.join(maker.notes)})")
    else:
        message = f"{e.table}: the engine rejected the generated rows: {text}"
        if (e.name, message) not in gen.failures:
            gen.failures.append((e.name, message))


def _missing_parent(schema: Schema, e: Entity, maker: RowMaker, gen: Generated) -> str | None:
    """Why `e` cannot be loaded when a NOT NULL foreign key's parent has no rows."""
    for fk in e.foreign_keys:
        parent = schema.entity(fk.ref_entity)
        if parent is None or parent.name == e.name:
            continue
        nullable = any((f := e.field(c)) is not None and f.nullable for c in fk.fields)
        if not nullable and all(c in maker.orphans for c in fk.fields):
            return f"its parent {parent.table} has no rows (NOT NULL {', '.join(fk.fields)})"
    return None


def _key_sets(schema: Schema, e: Entity) -> list[tuple[str, ...]]:
    """The column sets of `e` some foreign key references (children need their values)."""
    out: list[tuple[str, ...]] = []
    for _child, fk in schema.children_of(e.name):
        if fk.ref_fields not in out:
            out.append(fk.ref_fields)
    return out


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
    engine = adapter_for(dialect)
    sql = engine.foreign_key_checks(on)
    if sql is None:
        return  # SQLite turning it on: leave it as the driver opened it (enforcement off)
    cur = raw.cursor()
    try:
        cur.execute(sql)
    except Exception:  # noqa: BLE001 - no privilege: load with checks on, the engine will say
        if engine.error_aborts_transaction:
            raw.rollback()
    finally:
        cur.close()


def _write(
    raw: Any,
    dialect: str,
    table: str,
    cols: list[str],
    rows: list[tuple[Any, ...]],
    space: str | None = None,
) -> None:
    q = [_quote(dialect, c) for c in cols]
    name = (
        _quote(dialect, table)
        if space is None
        else f"{_quote(dialect, space)}.{_quote(dialect, table)}"
    )
    engine = adapter_for(dialect)
    cur = raw.cursor()
    try:
        if engine.copy_load:
            with cur.copy(f"COPY {name} ({', '.join(q)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            mark = "%s" if engine.load_with_format_params else "?"
            marks = ", ".join([mark] * len(cols))
            sql = f"INSERT INTO {name} ({', '.join(q)}) VALUES ({marks})"
            cur.executemany(sql, rows)
    finally:
        cur.close()


def _space(dialect: str, e: Entity) -> str | None:
    """The schema a table lives in (None: the sandbox's default).

    PostgreSQL keeps a model's schemas (its sandbox is then a database of its own); the
    other engines hold every table in the sandbox itself.
    """
    engine = adapter_for(dialect)
    if engine.spec_schemas == "database" and e.schema and e.schema != engine.default_schema:
        return e.schema
    return None


__all__ = ["BATCH", "Generated", "LoadStats", "RowMaker", "adapter", "load", "load_order"]


def sandbox_partitions(schema: Schema) -> tuple[Schema, list[str]]:
    """`schema` with a catch-all partition for each partitioned entity that declares none.

    Such a table rejects every row (rule DM306 says so before verify); the sandbox gets a
    DEFAULT partition (one hash partition for HASH) so the rest of the model can still be
    loaded and measured, and the returned notes say what was added.
    """
    from dataclasses import replace

    notes: list[str] = []
    entities = []
    for e in schema.entities:
        p = e.partitioning
        if p is None or p.partitions or p.default is not None:
            entities.append(e)
            continue
        if p.method is PartitionMethod.HASH:
            part = Partition(f"{e.table}_p0", "FOR VALUES WITH (MODULUS 1, REMAINDER 0)")
        else:
            part = Partition(f"{e.table}_default", "DEFAULT")
        notes.append(
            f"{e.table} declares no partitions (DM306): the sandbox adds {part.name} to load it"
        )
        entities.append(replace(e, partitioning=replace(p, partitions=(part,))))
    if not notes:
        return schema, notes
    return replace(schema, entities=tuple(entities)), notes
