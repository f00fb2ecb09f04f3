"""Load a data-models.yaml spec into the frozen model, reporting every problem at once."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TypeVar

from pydev_workflow.ddlnames import generated_name
from pydev_workflow.errors import InputError, Loc, Problem, did_you_mean
from pydev_workflow.inflect import plural
from pydev_workflow.model import (
    Action,
    Cardinality,
    CheckConstraint,
    Conventions,
    Decision,
    Default,
    DefaultKind,
    Entity,
    Field,
    FieldType,
    Filter,
    FilterOp,
    ForeignKey,
    Frequency,
    Generated,
    Index,
    IndexField,
    IndexMethod,
    MigrationStrategy,
    Normalization,
    NormalizationLevel,
    Options,
    Partition,
    Partitioning,
    PartitionMethod,
    QueryPattern,
    Relationship,
    Schema,
    Sequence,
    Storage,
    StorageKind,
    TypeKind,
    TypeSyntaxError,
    UniqueConstraint,
    parse_type,
    snake_case,
)
from pydev_workflow.model.conventions import MONEY_CENTS, NAMING_CASES, TABLE_NAMES
from pydev_workflow.model.partitions import PLAN_HINT, PlanError, default_partition, expand
from pydev_workflow.model.schema import NO_OPTIONS
from pydev_workflow.perf import gc_paused
from pydev_workflow.spec.nodes import Node, parse_yaml
from pydev_workflow.spec.refs import parse_reference

E = TypeVar("E", bound=Enum)

TOP_KEYS = (
    "version",
    "project",
    "dialect",
    "storage",
    "components",
    "entities",
    "relationships",
    "query_patterns",
    "migration",
    "decisions",
    "conventions",
    "not_entities",
    "sequences",
)
ENTITY_KEYS = (
    "table",
    "schema",
    "component",
    "description",
    "storage",
    "fields",
    "primary_key",
    "unique",
    "checks",
    "foreign_keys",
    "indexes",
    "partitioning",
    "normalization",
    "key_pattern",
    "options",
    "primary_key_name",
    "ignore",
)
FIELD_KEYS = (
    "type",
    "pk",
    "unique",
    "nullable",
    "default",
    "check",
    "description",
    "references",
    "on_delete",
    "on_update",
    "identity",
    "enum_name",
    "collation",
    "sequence",
    "generated",
    "auto_update",
    "options",
    "ignore",
)
INDEX_KEYS = ("name", "fields", "type", "unique", "where", "purpose", "options")
_EXTRA_FIELD_KEYS = frozenset(
    {"collation", "sequence", "generated", "auto_update", "options", "ignore"}
)
INDEX_FIELD_KEYS = ("field", "expression", "length", "opclass", "order")
GENERATED_KEYS = ("expression", "stored")
SEQUENCE_KEYS = ("name", "schema", "start", "increment", "min", "max", "cache", "cycle")
#: `name(60)`, `name text_pattern_ops`, `name(60) DESC`: a field key with a prefix length
#: and/or an operator class (which by PostgreSQL's convention ends in _ops)
_INDEX_KEY_RE = re.compile(r"^(\w+)(?:\((\d+)\))?(?:\s+(\w+_ops))?$")
REL_KEYS = ("from", "to", "type", "label", "via", "fk", "description")
QUERY_KEYS = (
    "name",
    "entity",
    "filter",
    "order_by",
    "group_by",
    "aggregate",
    "limit",
    "frequency",
    "description",
    "index",
)
MIGRATION_KEYS = ("tool", "versioning", "rollback", "data_migrations")
PARTITION_KEYS = ("method", "key", "purpose", "partitions", "default")
NORMALIZATION_KEYS = ("level", "form", "rationale")
STORAGE_KEYS = ("kind", "engine")
FK_KEYS = ("fields", "references", "on_delete", "on_update", "name")

_FILTER_OPS: dict[str, FilterOp] = {
    "=": FilterOp.EQ,
    "==": FilterOp.EQ,
    "eq": FilterOp.EQ,
    "in": FilterOp.IN,
    "<": FilterOp.RANGE,
    ">": FilterOp.RANGE,
    "<=": FilterOp.RANGE,
    ">=": FilterOp.RANGE,
    "between": FilterOp.RANGE,
    "range": FilterOp.RANGE,
    "like": FilterOp.PREFIX,
    "prefix": FilterOp.PREFIX,
    "contains": FilterOp.CONTAINS,
    "@>": FilterOp.CONTAINS,
    "search": FilterOp.CONTAINS,
    "not-null": FilterOp.NOT_NULL,
    "is-not-null": FilterOp.NOT_NULL,
}
_NOW = {"now()", "now", "current_timestamp", "current_timestamp()", "localtimestamp"}
_CHOICES: dict[type[Enum], dict[str, Enum]] = {}  # enum -> lowercased value -> member
_CHOSEN: dict[tuple[type[Enum], str], Enum] = {}  # (enum, text as written) -> member
#: type spellings as written -> their type (parse_type's cache serves the rest; a big spec
#: spells a few types 40,000 times)
_TYPES: dict[str, FieldType] = {}
_FIELD_KEY_SET = frozenset(FIELD_KEYS)
_KEY_SETS: dict[tuple[str, ...], frozenset[str]] = {}  # the allowed keys of Builder.keys
_MEMO_SIZE = 4096  # entries each of those memos keeps at most (a long-lived process loads many)
_UUID = {"gen_random_uuid()", "uuid()", "uuid_generate_v4()", "uuid4"}


def _bounded_type(text: str) -> str:
    """`text`, unless it nests deeper than any type (parse_type recurses once per level)."""
    if text.count("(") + text.count("[") <= MAX_TYPE_NESTING:  # hot: no deeper than that
        return text
    depth = deepest = 0
    for ch in text:
        if ch in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]":
            depth -= 1
    deepest = max(deepest, text.count("[]"))
    if deepest > MAX_TYPE_NESTING:
        raise TypeSyntaxError(
            f"type {text[:40]!r}… nests {deepest} levels; at most {MAX_TYPE_NESTING}"
            " (arrays take up to 6 dimensions)"
        )
    return text


class _Builder:
    """Walks the node tree and builds model objects, collecting problems as it goes."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    # -- reporting -----------------------------------------------------------------------------
    def error(self, loc: Loc, message: str, hint: str = "") -> None:
        self.problems.append(Problem(loc, message, hint))

    def keys(self, node: Node, allowed: tuple[str, ...], what: str) -> bool:
        """Report unknown keys of mapping `node`; False when `node` is not a mapping."""
        if not isinstance(node.value, dict):
            self.error(
                node.loc, f"{what} must be a mapping", f"expected keys: {', '.join(allowed)}"
            )
            return False
        known = _KEY_SETS.get(allowed)
        if known is None:
            known = _KEY_SETS[allowed] = frozenset(allowed)
        if known.issuperset(node.value):  # hot: every key is a known one
            return True
        for key in node.value:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed)
                self.error(node.key_loc(key), f"unknown key {key!r} in {what}", hint)
        return True

    # -- scalar readers ------------------------------------------------------------------------
    def text(self, node: Node | None, what: str, default: str = "") -> str:
        if node is None:
            return default
        value = node.value
        if type(value) is str:  # hot: most text is text
            return value
        if value is None:
            return default
        if not isinstance(value, dict | list):
            return str(value) if not isinstance(value, bool) else str(value).lower()
        self.error(node.loc, f"{what} must be text")
        return default

    def flag(self, node: Node | None, what: str, default: bool = False) -> bool:
        if node is None or node.value is None:
            return default
        if isinstance(node.value, bool):
            return node.value
        self.error(node.loc, f"{what} must be true or false, not {node.value!r}")
        return default

    def integer(self, node: Node | None, what: str, *, signed: bool = False) -> int | None:
        """A positive whole number (any whole number with `signed`, but 0 for an increment)."""
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            if value > 0 or (signed and (value < 0 or what != "increment")):
                return value
        kind = (
            "a non-zero whole number"
            if what == "increment" and signed
            else ("a whole number" if signed else "a positive whole number")
        )
        self.error(node.loc, f"{what} must be {kind}, not {value!r}")
        return None

    def choice(self, node: Node | None, enum: type[E], what: str) -> E | None:
        if node is None or node.value is None:
            return None
        chosen = _CHOSEN.get((enum, node.value)) if type(node.value) is str else None
        if chosen is not None:  # hot: a big spec spells the same few choices again and again
            return chosen  # type: ignore[return-value]
        raw = self.text(node, what).strip().lower().replace("_", "-")
        if enum is Action:
            raw = raw.replace("-", " ")
        by_value = _CHOICES.get(enum)
        if by_value is None:  # first member wins, as the scan in declaration order did
            by_value = _CHOICES[enum] = {}
            for m in enum:
                by_value.setdefault(str(m.value).lower(), m)
        member = by_value.get(raw)
        if member is not None:
            if type(node.value) is str and len(_CHOSEN) < _MEMO_SIZE:
                _CHOSEN[(enum, node.value)] = member
            return member  # type: ignore[return-value]
        values = [str(m.value) for m in enum]
        self.error(
            node.loc,
            f"{what} {node.value!r} is not one of: {', '.join(values)}",
            did_you_mean(raw, values),
        )
        return None

    def names(self, node: Node | None, what: str) -> tuple[str, ...]:
        """A name or list of names."""
        if node is None or node.value is None:
            return ()
        if node.is_scalar:
            return tuple(p.strip() for p in str(node.value).split(",") if p.strip())
        if node.is_seq:
            return tuple(self.text(item, what) for item in node.value)
        self.error(node.loc, f"{what} must be a name or a list of names")
        return ()

    def rule_codes(self, node: Node | None, what: str) -> tuple[str, ...]:
        """`ignore:` codes (DM301, DM3, ALL), upper-cased; each must start a known code."""
        codes = tuple(c.upper() for c in self.names(node, what))
        if not codes or node is None:
            return codes
        from pydev_workflow.checks import CHECKS  # lazy: checks import the spec's model only

        known = CHECKS.names()
        for code in codes:
            if code != "ALL" and not any(k.startswith(code) for k in known):
                self.error(
                    node.loc,
                    f"{what}: no rule code starts with {code!r}",
                    did_you_mean(code, known) or "see `pydev-workflow data-models rules`",
                )
        return codes

    def seq(self, node: Node | None, what: str) -> list[Node]:
        if node is None or node.value is None:
            return []
        if node.is_seq:
            return list(node.value)
        self.error(node.loc, f"{what} must be a list")
        return []

    # -- pieces --------------------------------------------------------------------------------
    def partition_plan(
        self, pv: dict[str, Node], table: str, method: PartitionMethod
    ) -> tuple[tuple[str, tuple[Partition, ...]] | None, Partition | None]:
        """`partitions: monthly from 2024-01 to 2026-12` (or `4` for hash) and `default:`.

        Returns ((plan text, its partitions) or None when the partitions are listed, the
        default partition or None).
        """
        plan = None
        node = pv.get("partitions")
        if node is not None and node.value is not None and node.is_scalar:
            text = self.text(node, "partitions")
            try:
                plan = (text, expand(table, method, text))
            except PlanError as exc:
                self.error(node.loc, f"partitions: {exc}", PLAN_HINT)
                plan = (text, ())
        default = None
        dnode = pv.get("default")
        if dnode is not None and dnode.value is not None and dnode.value is not False:
            if method is PartitionMethod.HASH:
                self.error(dnode.loc, "a hash partitioning has no default partition",
                           "remove `default`, or use range or list partitioning")  # fmt: skip
            else:
                name = None if dnode.value is True else self.text(dnode, "default partition")
                default = default_partition(table, name)
        return plan, default

    def default(self, node: Node | None) -> Default | None:
        if node is None or node.value is None:
            return None
        if node.is_map:
            if self.keys(node, ("sql", "value"), "default"):
                if "value" in node.value:  # a literal that would read as a call: {value: now()}
                    raw = node.value["value"].value
                    text = ("true" if raw else "false") if isinstance(raw, bool) else str(raw)
                    return Default(DefaultKind.LITERAL, text)
                return Default(DefaultKind.SQL, self.text(node.value.get("sql"), "default.sql"))
            return None
        value = node.value
        if isinstance(value, bool):
            return Default(DefaultKind.LITERAL, "true" if value else "false")
        if isinstance(value, int | float):
            return Default(DefaultKind.LITERAL, repr(value))
        if not node.is_scalar:
            self.error(node.loc, "default must be a value, now(), gen_random_uuid() or {sql: …}")
            return None
        lowered = str(value).strip().lower()
        if lowered in _NOW:
            return Default(DefaultKind.NOW)
        if lowered in _UUID:
            return Default(DefaultKind.UUID)
        return Default(DefaultKind.LITERAL, str(value))

    def storage(self, node: Node | None, inherited: Storage | None) -> Storage | None:
        if node is None or node.value is None:
            return inherited
        if node.is_scalar:
            kind = self.choice(node, StorageKind, "storage")
            return (
                Storage(kind, inherited.engine if inherited else None, node.loc) if kind else None
            )
        if not self.keys(node, STORAGE_KEYS, "storage"):
            return None
        kind = self.choice(node.value.get("kind"), StorageKind, "storage kind")
        engine = self.text(node.value.get("engine"), "storage engine") or None
        if kind is None and "kind" not in node.value:
            self.error(node.loc, "storage needs a kind", "relational, document, key-value or file")
        return Storage(kind or StorageKind.RELATIONAL, engine, node.loc)

    def reference(self, node: Node, what: str) -> tuple[str, tuple[str, ...]] | None:
        """`Entity.field`, `Entity(a, b)` or `Entity` (its primary key)."""
        raw = self.text(node, what)
        got = parse_reference(raw)
        if got is None:
            self.error(
                node.loc,
                f"cannot read reference {raw!r}",
                'write Entity.field (a name that is no plain word in double quotes: T."the id")',
            )
        return got

    def options(self, node: Node | None, what: str) -> Options:
        """`{engine: {key: value}}`: engine-specific options, kept as text."""
        if node is None or node.value is None:
            return Options()
        if not node.is_map:
            self.error(node.loc, f"{what} must map an engine to its options", "{mysql: {…}}")
            return Options()
        data: dict[str, dict[str, str]] = {}
        for engine, body in node.value.items():
            if body is None or not body.is_map:
                self.error(node.loc, f"{what} of {engine} must be a mapping of option to value")
                continue
            items: dict[str, str] = {}
            for k, x in body.value.items():
                if x is None or x.value is None:
                    continue
                value = "true" if x.value is True else "false" if x.value is False else str(x.value)
                if str(k) not in _TEXT_OPTIONS and not _OPTION_WORD.fullmatch(value):
                    self.error(
                        x.loc,
                        f"{what} {engine}.{k}: {value!r} is not one word",
                        "an engine option is a name or a number: InnoDB, utf8mb4_bin, DYNAMIC",
                    )
                    continue
                items[str(k)] = value
            data[str(engine)] = items
        return Options.make(data)

    def opclass(self, node: Node | None, what: str) -> str | None:
        """An index key's operator class: a name (it reaches the DDL as one)."""
        return self.word(node, f"{what} opclass", _OPCLASS, "an operator class name", _OPCLASS_HINT)

    def collation(self, node: Node) -> str | None:
        """A field's collation: a name as the engine lists it (it reaches the DDL as such)."""
        hint = "write the name the engine lists: utf8mb4_bin, C, en_US.utf8, und-x-icu"
        return self.word(node, "collation", _OPTION_WORD, "a collation name", hint)

    def word(
        self, node: Node | None, what: str, pattern: re.Pattern[str], kind: str, hint: str
    ) -> str | None:
        """A name the DDL takes as written: `pattern` or an error at its line (None)."""
        text = self.text(node, what) or None
        if text is not None and node is not None and not pattern.fullmatch(text):
            self.error(node.loc, f"{what} {text!r} is not {kind}", hint)
            return None
        return text

    def generated(self, node: Node) -> Generated | None:
        if node.is_scalar:
            return Generated(self.text(node, "generated"), True)
        if not self.keys(node, GENERATED_KEYS, "generated"):
            return None
        expr = self.text(node.value.get("expression"), "generated expression")
        if not expr:
            self.error(node.loc, "generated needs an expression", "generated: {expression: a + b}")
        stored = self.flag(node.value.get("stored"), "generated stored", True)
        return Generated(expr, stored)

    def sequence(self, node: Node) -> Sequence | None:
        if not self.keys(node, SEQUENCE_KEYS, "sequence"):
            return None
        v = node.value
        name = self.text(v.get("name"), "sequence name")
        if not name:
            self.error(node.loc, "sequence needs a name")
            return None
        return Sequence(
            name=name,
            schema=self.text(v.get("schema"), "sequence schema") or None,
            # PostgreSQL and MariaDB sequences count down too: negative bounds and steps
            start=self.integer(v.get("start"), "start", signed=True),
            increment=self.integer(v.get("increment"), "increment", signed=True),
            min_value=self.integer(v.get("min"), "min", signed=True),
            max_value=self.integer(v.get("max"), "max", signed=True),
            cache=self.integer(v.get("cache"), "cache"),
            cycle=self.flag(v.get("cycle"), "cycle"),
            loc=node.loc,
        )

    def index_field(
        self, node: Node, what: str, field_names: frozenset[str] = frozenset()
    ) -> IndexField | None:
        if node.is_map:
            if not self.keys(node, INDEX_FIELD_KEYS, what):
                return None
            v = node.value
            name = self.text(v.get("field"), f"{what} field")
            expr = self.text(v.get("expression"), f"{what} expression")
            if bool(name) == bool(expr):
                self.error(node.loc, f"{what} needs one of field or expression")
                return None
            order = self.text(v.get("order"), f"{what} order").strip().lower()
            if order not in ("", "asc", "desc"):
                self.error(v["order"].loc, f"{what} order must be asc or desc")
            return IndexField(
                name or expr,
                descending=order == "desc",
                expression=bool(expr),
                length=self.integer(v.get("length"), f"{what} length"),
                opclass=self.opclass(v.get("opclass"), what),
            )
        raw = self.text(node, what).strip()
        if not raw:
            self.error(node.loc, f"{what} is empty")
            return None
        descending = False
        lowered = raw.lower()
        if lowered.endswith(" desc"):
            descending, raw = True, raw[:-5].rstrip()
        elif lowered.endswith(" asc"):
            raw = raw[:-4].rstrip()
        if raw in field_names:  # a field whatever its name holds (quotes, spaces, `;`)
            return IndexField(raw, descending)
        m = _INDEX_KEY_RE.match(raw)
        if m and (m.group(2) or m.group(3)):
            length = int(m.group(2)) if m.group(2) else None
            return IndexField(m.group(1), descending, length=length, opclass=m.group(3))
        if "(" in raw or " " in raw:
            expr = raw[1:-1] if raw.startswith("(") and raw.endswith(")") else raw
            return IndexField(expr, descending, expression=True)
        return IndexField(raw, descending)

    def index(
        self, node: Node, entity_table: str, field_names: frozenset[str] = frozenset()
    ) -> Index | None:
        if not self.keys(node, INDEX_KEYS, "index"):
            return None
        v = node.value
        fields = tuple(
            f
            for f in (
                self.index_field(n, "index field", field_names) for n in self._list(v.get("fields"))
            )
            if f
        )
        if not fields:
            self.error(node.loc, "index needs fields", "fields: [a, b]")
        method = self.choice(v.get("type"), IndexMethod, "index type") or IndexMethod.BTREE
        unique = self.flag(v.get("unique"), "index unique")
        name = self.text(v.get("name"), "index name")
        if not name:
            prefix = "uq" if unique else "idx"
            parts = [f.name if not f.expression else "expr" for f in fields]
            name = generated_name(prefix, entity_table, parts)
        return Index(  # positional (hot: 10,000 indexes in a big spec), absent keys not read
            name,
            fields,
            method,
            unique,
            (self.text(v["where"], "index where") or None) if "where" in v else None,
            self.text(v["purpose"], "index purpose") if "purpose" in v else "",
            node.loc,
            self.options(v["options"], "index options") if "options" in v else NO_OPTIONS,
        )

    def _list(self, node: Node | None) -> list[Node]:
        """A single scalar or a list of scalars, as a list of nodes."""
        if node is None or node.value is None:
            return []
        if node.is_seq:
            return list(node.value)
        if node.is_scalar:
            return [
                Node(p.strip(), node.file, node.line, node.col) for p in str(node.value).split(",")
            ]
        self.error(node.loc, "expected a name or a list")
        return []

    # -- entity --------------------------------------------------------------------------------
    def field(
        self, name: str, node: Node, kloc: Loc, fks: list[ForeignKey], pks: list[str]
    ) -> Field | None:
        v = node.value
        if type(v) is not dict:
            if isinstance(v, list):
                self.keys(node, FIELD_KEYS, f"field {name!r}")  # says it must be a mapping
                return None
            v = {"type": node}  # shorthand: `name: string(100)`
        elif not _FIELD_KEY_SET.issuperset(v):  # hot: the keys are known ones
            self.keys(node, FIELD_KEYS, f"field {name!r}")
        tnode = v.get("type")
        if tnode is None or tnode.value is None:
            self.error(kloc, f"field {name!r} has no type", "add type: string, integer, uuid, …")
            return None
        ftype = _TYPES.get(tnode.value) if type(tnode.value) is str else None
        if ftype is None:
            ftype = self.field_type(tnode)
            if ftype is None:
                return None
        enum_name = (self.text(v["enum_name"], "enum_name") or None) if "enum_name" in v else None
        if enum_name is not None:
            if ftype.kind is not TypeKind.ENUM:
                self.error(v["enum_name"].loc, "enum_name needs an enum type", "type: enum(a,b)")
            else:
                ftype = replace(ftype, enum_name=enum_name)
        pk = self.flag(v["pk"], "pk") if "pk" in v else False
        if pk:
            pks.append(name)
        ref = v.get("references")
        if ref is not None and ref.value is not None:
            target = self.reference(ref, "references")
            if target:
                fks.append(
                    ForeignKey(  # positional (hot): fields, ref_entity, ref_fields, actions
                        (name,),
                        target[0],
                        target[1],
                        self.choice(v.get("on_delete"), Action, "on_delete"),
                        self.choice(v.get("on_update"), Action, "on_update"),
                        None,
                        ref.loc,
                    )
                )
        elif "on_delete" in v or "on_update" in v:
            where = v.get("on_delete") or v.get("on_update")
            assert where is not None
            self.error(
                where.loc, "on_delete/on_update need references", "add references: Entity.id"
            )
        # hot: 40,000 fields in a big spec, most with two or three keys; absent keys are not
        # read, and the arguments are positional (Field's order), which is faster
        fld = Field(
            name,
            ftype,
            self.flag(v["nullable"], "nullable", not pk) if "nullable" in v else not pk,
            self.flag(v["unique"], "unique") if "unique" in v else False,
            self.default(v["default"]) if "default" in v else None,
            (self.text(v["check"], "check") or None) if "check" in v else None,
            self.text(v["description"], "description") if "description" in v else "",
            self.flag(v["identity"], "identity") if "identity" in v else False,
            kloc,
        )
        return fld if _EXTRA_FIELD_KEYS.isdisjoint(v) else self._field_extras(fld, v)

    def field_type(self, tnode: Node) -> FieldType | None:
        """The type a field's `type:` spells (remembered in _TYPES), or None (reported)."""
        try:
            ftype = parse_type(_bounded_type(self.text(tnode, "type")))
        except TypeSyntaxError as exc:
            self.error(tnode.loc, str(exc))
            return None
        if type(tnode.value) is str and len(_TYPES) < _MEMO_SIZE:
            _TYPES[tnode.value] = ftype
        return ftype

    def _field_extras(self, f: Field, v: dict[str, Node]) -> Field:
        """The less common field keys (collation, sequence, generated, auto_update, options)."""
        gnode = v.get("generated")
        return replace(
            f,
            collation=self.collation(v["collation"]) if "collation" in v else None,
            sequence=(self.text(v["sequence"], "sequence") or None) if "sequence" in v else None,
            generated=self.generated(gnode)
            if gnode is not None and gnode.value is not None
            else None,
            auto_update=self.flag(v["auto_update"], "auto_update") if "auto_update" in v else False,
            options=self.options(v.get("options"), "field options"),
            ignore=self.rule_codes(v.get("ignore"), f"ignore of field {f.name!r}"),
        )

    def entity_fields(
        self, name: str, fnode: Node | None, kloc: Loc, fks: list[ForeignKey], pks: list[str]
    ) -> list[Field]:
        """The fields of entity `name`; their foreign keys and primary key go to `fks`, `pks`."""
        fields: list[Field] = []
        if fnode is None or not fnode.is_map or not fnode.value:
            self.error(
                (fnode.loc if fnode else kloc),
                f"entity {name!r} needs fields",
                "fields: {id: {type: uuid, pk: true}}",
            )
            return fields
        for fname, fval in fnode.value.items():
            f = self.field(fname, fval, fnode.key_loc(fname), fks, pks)
            if f:
                fields.append(f)
        return fields

    def uniques(self, node: Node | None) -> list[UniqueConstraint]:
        uniques: list[UniqueConstraint] = []
        for item in self.seq(node, "unique"):
            if item.is_map:
                if self.keys(item, ("fields", "name"), "unique constraint"):
                    uniques.append(
                        UniqueConstraint(
                            self.names(item.value.get("fields"), "unique fields"),
                            self.text(item.value.get("name"), "unique name") or None,
                            item.loc,
                        )
                    )
            else:
                uniques.append(UniqueConstraint(self.names(item, "unique"), None, item.loc))
        return uniques

    def checks(self, node: Node | None) -> list[CheckConstraint]:
        checks: list[CheckConstraint] = []
        for item in self.seq(node, "checks"):
            if item.is_map:
                if self.keys(item, ("expression", "name"), "check"):
                    checks.append(
                        CheckConstraint(
                            self.text(item.value.get("expression"), "check expression"),
                            self.text(item.value.get("name"), "check name") or None,
                            item.loc,
                        )
                    )
            else:
                checks.append(CheckConstraint(self.text(item, "check"), None, item.loc))
        return checks

    def foreign_keys(self, node: Node) -> list[ForeignKey]:
        """The entity's `foreign_keys:` list (multi-column keys)."""
        fks: list[ForeignKey] = []
        for item in self.seq(node, "foreign_keys"):
            if not self.keys(item, FK_KEYS, "foreign key"):
                continue
            iv = item.value
            rnode = iv.get("references")
            target = self.reference(rnode, "references") if rnode else None
            if rnode is None:
                self.error(item.loc, "foreign key needs references", "references: Entity(a, b)")
            if target:
                fks.append(
                    ForeignKey(
                        fields=self.names(iv.get("fields"), "foreign key fields"),
                        ref_entity=target[0],
                        ref_fields=target[1],
                        on_delete=self.choice(iv.get("on_delete"), Action, "on_delete"),
                        on_update=self.choice(iv.get("on_update"), Action, "on_update"),
                        name=self.text(iv.get("name"), "foreign key name") or None,
                        loc=item.loc,
                    )
                )
        return fks

    def partitioning(self, pnode: Node, table: str) -> Partitioning | None:
        if not self.keys(pnode, PARTITION_KEYS, "partitioning"):
            return None
        pv = pnode.value
        method = self.choice(pv.get("method"), PartitionMethod, "partitioning method")
        if method is None and "method" not in pv:
            self.error(pnode.loc, "partitioning needs a method", "range, list or hash")
        parts = []
        plan, default = self.partition_plan(pv, table, method or PartitionMethod.RANGE)
        if plan is not None:
            parts += list(plan[1])
        for item in self.seq(pv.get("partitions"), "partitions") if plan is None else ():
            if self.keys(item, ("name", "bound"), "partition"):
                parts.append(
                    Partition(
                        self.text(item.value.get("name"), "partition name"),
                        self.text(item.value.get("bound"), "partition bound"),
                    )
                )
        if default is not None:
            parts.append(default)
        return Partitioning(
            method=method or PartitionMethod.RANGE,
            key=self.names(pv.get("key"), "partitioning key"),
            purpose=self.text(pv.get("purpose"), "partitioning purpose"),
            partitions=tuple(parts),
            loc=pnode.loc,
            plan=plan[0] if plan is not None else None,
            default=default.name if default is not None else None,
        )

    def normalization(self, nnode: Node) -> Normalization | None:
        if nnode.is_scalar:
            level = self.choice(nnode, NormalizationLevel, "normalization")
            return Normalization(level, loc=nnode.loc) if level else None
        if not self.keys(nnode, NORMALIZATION_KEYS, "normalization"):
            return None
        nv = nnode.value
        level = self.choice(nv.get("level"), NormalizationLevel, "normalization level")
        if level is None and "level" not in nv:
            self.error(nnode.loc, "normalization needs a level", "normalized/denormalized")
        return Normalization(
            level or NormalizationLevel.NORMALIZED,
            self.text(nv.get("rationale"), "rationale"),
            self.text(nv.get("form"), "form") or None,
            nnode.loc,
        )

    def entity(self, name: str, node: Node, kloc: Loc, default_storage: Storage | None) -> Entity:
        ok = self.keys(node, ENTITY_KEYS, f"entity {name!r}")
        v: dict[str, Node] = node.value if ok else {}
        fks: list[ForeignKey] = []
        pks: list[str] = []
        fields = self.entity_fields(name, v.get("fields"), kloc, fks, pks)
        if "primary_key" in v:
            declared = self.names(v["primary_key"], "primary_key")
            if pks and tuple(pks) != declared and set(pks) != set(declared):
                self.error(v["primary_key"].loc, "primary_key disagrees with the fields' pk: true")
            pks = list(declared)
        pk_set = set(pks)
        # primary-key fields are never null
        fields = [
            replace(f, nullable=False) if f.name in pk_set and f.nullable else f for f in fields
        ]
        table = self.text(v.get("table"), "table") or self.default_table(name)
        uniques = self.uniques(v.get("unique")) if "unique" in v else []
        checks = self.checks(v.get("checks")) if "checks" in v else []
        if "foreign_keys" in v:
            fks += self.foreign_keys(v["foreign_keys"])
        field_names = frozenset(f.name for f in fields)
        indexes = [
            ix
            for ix in (
                self.index(n, table, field_names) for n in self.seq(v.get("indexes"), "indexes")
            )
            if ix
        ]
        pnode = v.get("partitioning")
        partitioning = (
            self.partitioning(pnode, table)
            if pnode is not None and pnode.value is not None
            else None
        )
        nnode = v.get("normalization")
        normalization = (
            self.normalization(nnode) if nnode is not None and nnode.value is not None else None
        )
        return Entity(
            name=name,
            table=table,
            fields=tuple(fields),
            primary_key=tuple(pks),
            foreign_keys=tuple(fks),
            uniques=tuple(uniques),
            checks=tuple(checks),
            indexes=tuple(indexes),
            component=self.text(v.get("component"), "component") or None,
            description=self.text(v.get("description"), "description"),
            storage=self.storage(v.get("storage"), default_storage),
            partitioning=partitioning,
            normalization=normalization,
            schema=self.text(v.get("schema"), "schema") or None,
            key_pattern=self.text(v.get("key_pattern"), "key_pattern") or None,
            loc=kloc,
            primary_key_name=self.text(v.get("primary_key_name"), "primary_key_name") or None,
            options=self.options(v.get("options"), "options"),
            ignore=self.rule_codes(v.get("ignore"), f"ignore of entity {name!r}"),
        )

    # -- top level ----------------------------------------------------------------------------
    def relationship(self, node: Node) -> Relationship | None:
        if not self.keys(node, REL_KEYS, "relationship"):
            return None
        v = node.value
        for required in ("from", "to", "type"):
            if required not in v:
                self.error(node.loc, f"relationship needs {required!r}", "from, to, type: 1:N")
        card = self.choice(v.get("type"), Cardinality, "relationship type")
        if card is None:
            return None
        return Relationship(  # positional (hot: 10,000 in a big spec), absent keys not read
            self.text(v.get("from"), "from"),
            self.text(v.get("to"), "to"),
            card,
            self.text(v["label"], "label") if "label" in v else "",
            (self.text(v["via"], "via") or None) if "via" in v else None,
            self.names(v["fk"], "fk") if "fk" in v else (),
            self.text(v["description"], "description") if "description" in v else "",
            node.loc,
        )

    def filter(self, node: Node) -> Filter | None:
        if node.is_map:
            if not self.keys(node, ("field", "op"), "filter"):
                return None
            fname = self.text(node.value.get("field"), "filter field")
            op_text = self.text(node.value.get("op"), "filter op", "eq")
        else:
            raw = self.text(node, "filter").strip()
            fname, _, op_text = raw.partition(" ")
            op_text = op_text.strip() or "eq"
        op = _FILTER_OPS.get(op_text.lower())
        if op is None:
            self.error(
                node.loc,
                f"unknown filter operator {op_text!r}",
                "use eq, in, range, prefix, contains (or =, <, >, between, like)",
            )
            return None
        return Filter(fname, op)

    def query(self, node: Node) -> QueryPattern | None:
        if not self.keys(node, QUERY_KEYS, "query pattern"):
            return None
        v = node.value
        name = self.text(v.get("name"), "query name")
        entity = self.text(v.get("entity"), "query entity")
        if not name:
            self.error(node.loc, "query pattern needs a name", "name: Get post by ID")
        if not entity:
            self.error(node.loc, "query pattern needs an entity", "entity: Post")
        filters = [f for f in (self.filter(n) for n in self._list(v.get("filter"))) if f]
        order = [
            f for f in (self.index_field(n, "order_by") for n in self._list(v.get("order_by"))) if f
        ]
        # hot: 10,000 queries in a big spec; absent keys are not read, arguments positional
        return QueryPattern(
            name,
            entity,
            tuple(filters),
            tuple(order),
            self.names(v["group_by"], "group_by") if "group_by" in v else (),
            (self.text(v["aggregate"], "aggregate") or None) if "aggregate" in v else None,
            self.integer(v["limit"], "limit") if "limit" in v else None,
            self.choice(v.get("frequency"), Frequency, "frequency") or Frequency.MEDIUM,
            self.text(v["description"], "description") if "description" in v else "",
            (self.text(v["index"], "index") or None) if "index" in v else None,
            node.loc,
        )

    def schema(self, root: Node) -> Schema:
        if not self.keys(root, TOP_KEYS, "the spec"):
            raise InputError(self.problems)
        v = root.value
        version = v.get("version")
        if version is not None and version.value not in (1, "1"):
            self.error(version.loc, f"unsupported spec version {version.value!r}", "use version: 1")
        default_storage = self.storage(v.get("storage"), None)
        self.plural_tables = _plural_tables(v.get("conventions"))
        entities: list[Entity] = []
        enode = v.get("entities")
        if enode is None or enode.value is None:
            self.error(root.loc, "the spec has no entities", "add entities: {User: {fields: …}}")
        elif not enode.is_map:
            self.error(enode.loc, "entities must be a mapping of name to entity")
        else:
            for name, body in enode.value.items():
                entities.append(self.entity(name, body, enode.key_loc(name), default_storage))
        migration = None
        mnode = v.get("migration")
        if (
            mnode is not None
            and mnode.value is not None
            and self.keys(mnode, MIGRATION_KEYS, "migration")
        ):
            mv = mnode.value
            migration = MigrationStrategy(
                tool=self.text(mv.get("tool"), "migration tool"),
                versioning=self.text(mv.get("versioning"), "migration versioning"),
                rollback=self.text(mv.get("rollback"), "migration rollback"),
                data_migrations=self.text(mv.get("data_migrations"), "data_migrations"),
                loc=mnode.loc,
            )
        decisions = []
        for item in self.seq(v.get("decisions"), "decisions"):
            if self.keys(item, ("decision", "rationale"), "decision"):
                decisions.append(
                    Decision(
                        self.text(item.value.get("decision"), "decision"),
                        self.text(item.value.get("rationale"), "rationale"),
                        item.loc,
                    )
                )
        return Schema(
            entities=tuple(entities),
            relationships=tuple(
                r
                for r in (self.relationship(n) for n in self.seq(v.get("relationships"), "rels"))
                if r
            ),
            query_patterns=tuple(
                q
                for q in (self.query(n) for n in self.seq(v.get("query_patterns"), "queries"))
                if q
            ),
            migration=migration,
            decisions=tuple(decisions),
            components=self.component_names(v.get("components")),
            project=self.text(v.get("project"), "project"),
            dialect=self.text(v.get("dialect"), "dialect") or "postgresql",
            conventions=_conventions(self, v.get("conventions")),
            not_entities=self.names(v.get("not_entities"), "not_entities"),
            component_nouns=_component_nouns(self, v.get("components")),
            source=self.filename,
            loc=root.loc,
            sequences=tuple(
                q
                for q in (self.sequence(n) for n in self.seq(v.get("sequences"), "sequences"))
                if q
            ),
        )

    plural_tables = False  # conventions: {naming: {tables: plural}} -> `Category` is categories

    def default_table(self, name: str) -> str:
        """The table of an entity that names none: snake case, plural if the project says so."""
        table = snake_case(name)
        if self.plural_tables:
            head, _, last = table.rpartition("_")
            table = f"{head}_{plural(last)}" if head else plural(last)
        return table

    def component_names(self, node: Node | None) -> tuple[str, ...]:
        """`components:`: names, or `{Billing: [invoices, refunds]}` items naming their nouns."""
        if node is not None and node.is_seq and any(i.is_map for i in node.value):
            out: list[str] = []
            for item in node.value:
                if item.is_map:
                    out.extend(str(k) for k in item.value)
                else:
                    out.append(self.text(item, "components"))
            return tuple(out)
        return self.names(node, "components")


CONVENTIONS_KEYS = (
    "primary_key",
    "required_fields",
    "naming",
    "money",
    "soft_delete",
    "timestamps",
    "practices",
)
NAMING_KEYS = ("case", "tables")


def _plural_tables(node: Node | None) -> bool:
    """True when `conventions: {naming: {tables: plural}}`: default table names are plural."""
    naming = node.value.get("naming") if node is not None and node.is_map else None
    tables = naming.value.get("tables") if naming is not None and naming.is_map else None
    return tables is not None and str(tables.value).strip().lower() == "plural"


def _component_nouns(b: _Builder, node: Node | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The nouns given per component in `components: [{Billing: [invoices, refunds]}]`."""
    if node is None or not node.is_seq:
        return ()
    out: list[tuple[str, tuple[str, ...]]] = []
    for item in node.value:
        if item.is_map:
            for name, nouns in item.value.items():
                out.append((str(name), b.names(nouns, f"nouns of component {name}")))
    return tuple(out)


def _one_of(
    b: _Builder, node: Node, key: str, raw: Node | None, allowed: tuple[str, ...]
) -> str | None:
    """A conventions word that must be one of `allowed` (None when absent or not allowed)."""
    text = b.text(raw, f"conventions {key}").strip().lower()
    if text and text not in allowed:
        b.error(
            raw.loc if raw else node.loc,
            f"conventions {key} {text!r} is not one of: " + ", ".join(allowed),
            did_you_mean(text, allowed),
        )
        return None
    return text or None


def _case_word(raw: Node) -> Node:
    """`snake_case` / `snake`: the naming case without its suffix."""
    return Node.at(str(raw.value).lower().removesuffix("_case").removesuffix("case"), raw.loc)


def _conventions_naming(
    b: _Builder, node: Node, naming: Node | None
) -> tuple[str | None, str | None]:
    """The naming case and table-name form of `conventions: naming:`."""
    if naming is None or naming.value is None:
        return None, None
    if naming.is_scalar:  # `naming: snake_case` / `naming: snake`
        return _one_of(b, node, "naming", _case_word(naming), NAMING_CASES), None
    if not b.keys(naming, NAMING_KEYS, "conventions naming"):
        return None, None
    raw_case = naming.value.get("case")
    if raw_case is not None and raw_case.is_scalar:
        raw_case = _case_word(raw_case)
    case = _one_of(b, node, "naming case", raw_case, NAMING_CASES)
    tables = _one_of(b, node, "naming tables", naming.value.get("tables"), TABLE_NAMES)
    return case, tables


def _conventions_types(b: _Builder, v: dict[str, Node]) -> tuple[str | None, str | None]:
    """The primary-key type and the money type of `conventions:`."""
    pk = b.text(v.get("primary_key"), "conventions primary_key").strip().lower() or None
    if pk is not None:
        try:
            parse_type(pk)
        except TypeSyntaxError as exc:
            b.error(v["primary_key"].loc, f"conventions primary_key: {exc}", "e.g. uuid, bigint")
            pk = None
    money = b.text(v.get("money"), "conventions money").strip().lower() or None
    if money is not None and money != MONEY_CENTS:
        try:
            if parse_type(money).kind is not TypeKind.DECIMAL:
                raise TypeSyntaxError("not a decimal")
        except TypeSyntaxError:
            b.error(
                v["money"].loc,
                f"conventions money {money!r} is neither {MONEY_CENTS} nor a decimal type",
                "e.g. integer-cents or decimal(19,4)",
            )
            money = None
    return pk, money


def _conventions(b: _Builder, node: Node | None) -> Conventions | None:
    """The `conventions:` block: the project's practices (docs/spec.md, Conventions)."""
    if node is None or node.value is None:
        return None
    if not b.keys(node, CONVENTIONS_KEYS, "conventions"):
        return None
    v = node.value
    pk, money = _conventions_types(b, v)
    case, tables = _conventions_naming(b, node, v.get("naming"))
    timestamps = b.text(v.get("timestamps"), "conventions timestamps").strip().lower() or None
    if timestamps in ("utc", "timestamptz", "with time zone", "timestamp(tz)"):
        timestamps = "tz"
    if timestamps is not None and timestamps != "tz":
        b.error(
            v["timestamps"].loc,
            f"conventions timestamps {timestamps!r} is not tz",
            "timestamps: tz (every timestamp with its time zone), or leave it out",
        )
        timestamps = None
    practices: list[tuple[str, str]] = []
    pnode = v.get("practices")
    if (
        pnode is not None
        and pnode.value is not None
        and b.keys(pnode, CONVENTIONS_KEYS[:-1], "conventions practices")
    ):
        practices = [(k, b.text(p, f"practice {k}")) for k, p in pnode.value.items()]
    return Conventions(
        primary_key=pk,
        required_fields=b.names(v.get("required_fields"), "conventions required_fields"),
        naming_case=case,
        table_names=tables,
        money=money,
        soft_delete=b.text(v.get("soft_delete"), "conventions soft_delete").strip() or None,
        timestamps=timestamps,
        practices=tuple(practices),
        loc=node.loc,
    )


#: what an engine option or a collation may be: one word (InnoDB, utf8mb4_0900_ai_ci, C,
#: en_US.utf8, de-DE-x-icu); these reach the DDL as written
_OPTION_WORD = re.compile(r"[\w.\-]+")
#: engine options that are text, written as quoted strings (never one word)
_TEXT_OPTIONS = frozenset({"comment"})
#: an operator class: a name, maybe schema-qualified (text_pattern_ops, public.gin_trgm_ops)
_OPCLASS = re.compile(r"[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?")
_OPCLASS_HINT = "e.g. text_pattern_ops, gin_trgm_ops"


def build(root: Node, filename: str) -> Schema:
    """Build and validate a Schema from parsed nodes; raises InputError listing every problem."""
    builder = _Builder(filename)
    schema = builder.schema(root)
    # lazy: `schema` loads this module for its key tables only; resolving waits for a spec
    from pydev_workflow.spec.resolve import resolve

    schema, problems = resolve(schema, fragments=False)  # checked below, at their own lines
    builder.problems.extend(problems)
    builder.problems.extend(sql_fragment_problems(root))
    if builder.problems:
        raise InputError(sorted(builder.problems, key=_problem_order))
    return schema


def _problem_order(p: Problem) -> tuple[str, int, int]:
    return (p.loc.file, p.loc.line, p.loc.col)


#: a spec larger than this is no hand-kept design document (5,000 entities are about 5 MiB)
MAX_SPEC_BYTES = 50 * 1024 * 1024
#: a type spelling nesting more parentheses than this is no type (array(array(…)) six deep is 7)
MAX_TYPE_NESTING = 16


def _too_big(size: int, name: str) -> InputError:
    return InputError(
        Problem(
            Loc(name),
            f"spec is {size:,} bytes, over the limit of {MAX_SPEC_BYTES // 1024 // 1024} MiB",
            "split the model, or check that this is the spec file",
        )
    )


def _names_field(node: Node, names: Collection[str]) -> bool:
    """Is index key `node` a field of the entity (`name`, `name desc`), whatever the name holds?"""
    if not isinstance(node.value, str):
        return False
    text = node.value.strip()
    if text.lower().endswith((" desc", " asc")):
        text = text[: text.rindex(" ")].rstrip()
    return text in names


def _key_expression(raw: str) -> str | None:
    """The SQL expression of an index or order_by key, as _Builder.index_field reads it."""
    text = raw.strip()
    lowered = text.lower()
    if lowered.endswith((" desc", " asc")):
        text = text[: text.rindex(" ")].rstrip()
    m = _INDEX_KEY_RE.match(text)
    if m and (m.group(2) or m.group(3)):
        return None  # a field with a prefix length or an operator class: `name(60)`, `name ops`
    if "(" not in text and " " not in text:
        return None  # a field name
    return text[1:-1] if text.startswith("(") and text.endswith(")") else text


_SQL_FIELD_KEYS = frozenset({"default", "check", "generated"})
_SQL_ENTITY_KEYS = frozenset({"checks", "indexes", "partitioning"})


def sql_fragment_problems(root: Node) -> list[Problem]:
    """Every raw SQL fragment of the spec that is not exactly one expression, at its line.

    SQL defaults, field and entity CHECKs, index predicates and expression keys, partition
    bounds, query aggregates and sort expressions reach the engine as text: each is parsed
    with sqlglot in the spec's dialect (spec/fragments.py). Shapes the builder rejects are
    skipped here: it reports them.
    """
    problems: list[Problem] = []
    top = root.value if root.is_map else {}
    dnode = top.get("dialect")
    dialect = "postgresql"
    if dnode is not None and dnode.is_scalar and dnode.value is not None:
        # lazy: `schema` reads only this module's key tables, not the dialect registry
        from pydev_workflow.dialects import get_dialect

        try:  # the spec's dialect, known here so the message points at it
            dialect = get_dialect(str(dnode.value)).name
        except InputError as exc:
            problems.extend(replace(p, loc=dnode.loc) for p in exc.problems)
    fragments = _Fragments(dialect, problems)
    for ename, entity in _mapping(_child(root, "entities")).items():
        fragments.entity(ename, entity)
    for item in _items(_child(root, "query_patterns")):
        aggregate, order_by = _child(item, "aggregate"), _child(item, "order_by")
        if aggregate is None and order_by is None:  # hot: most queries hold no SQL
            continue
        name = _child(item, "name")
        what = f"query {name.value!r}" if name is not None else "a query pattern"
        fragments.check(aggregate, f"aggregate of {what}")
        for key in _items(order_by):
            fragments.check(key, f"order_by of {what}", key=True)
    return problems


def _child(node: Node | None, key: str) -> Node | None:
    return node.value.get(key) if node is not None and isinstance(node.value, dict) else None


def _mapping(node: Node | None) -> dict[str, Node]:
    return node.value if node is not None and node.is_map else {}


def _items(node: Node | None) -> list[Node]:
    if node is None:
        return []
    if node.is_seq:
        return list(node.value)
    if node.is_scalar and node.value is not None:
        parts = str(node.value).split(",")
        return [Node(part, node.file, node.line, node.col) for part in parts]
    return []


class _Fragments:
    """Checks the SQL fragments of a spec's nodes with sqlglot, collecting problems."""

    def __init__(self, dialect: str, problems: list[Problem]) -> None:
        self.dialect = dialect
        self.problems = problems

    def check(self, node: Node | None, what: str, kind: str = "", key: bool = False) -> None:
        if node is None or not isinstance(node.value, str) or not node.value.strip():
            return
        text: str | None = node.value
        if key:
            text = _key_expression(node.value)
        if text:
            # lazy: `schema` reads only this module's key tables, not fragments (sqlglot)
            from pydev_workflow.spec.fragments import EXPRESSION, fragment_problem

            why = fragment_problem(text, self.dialect, kind or EXPRESSION)
            if why is not None:
                self.problems.append(
                    Problem(
                        node.loc,
                        f"{what} {why}",
                        "write one SQL expression, e.g. `price > 0`: no `;`, comment, "
                        "statement or subquery",
                    )
                )

    def entity(self, ename: str, entity: Node) -> None:
        for fname, field in _mapping(_child(entity, "fields")).items():
            fv = field.value  # hot: 40,000 fields in a big spec, few with SQL
            if type(fv) is not dict or not (_SQL_FIELD_KEYS & fv.keys()):
                continue
            sql, check = _child(fv.get("default"), "sql"), fv.get("check")
            if sql is not None:  # hot: most defaults are values, now() or gen_random_uuid()
                self.check(sql, f"default of {ename}.{fname}")
            if check is not None:
                self.check(check, f"check of {ename}.{fname}")
            gen = fv.get("generated")
            if gen is not None:  # `generated: a + b` or `{expression: a + b, stored: true}`
                expr = _child(gen, "expression") if gen.is_map else gen
                self.check(expr, f"generated expression of {ename}.{fname}")
        if type(entity.value) is not dict or not (_SQL_ENTITY_KEYS & entity.value.keys()):
            return
        for item in _items(_child(entity, "checks")):
            self.check(_child(item, "expression") if item.is_map else item, f"check of {ename}")
        for item in _items(_child(entity, "indexes")):
            self.index(ename, entity, item)
        # lazy: `schema` reads only this module's key tables, not fragments (sqlglot)
        from pydev_workflow.spec.fragments import BOUND

        for item in _items(_child(_child(entity, "partitioning"), "partitions")):
            self.check(_child(item, "bound"), f"bound of a partition of {ename}", BOUND)

    def index(self, ename: str, entity: Node, item: Node) -> None:
        where = _child(item, "where")
        names = _mapping(_child(entity, "fields")).keys()
        keys = [key for key in _items(_child(item, "fields")) if not _names_field(key, names)]
        if where is None and not keys:  # hot: most indexes list fields and nothing else
            return
        name = _child(item, "name")
        what = f"index {name.value}" if name is not None else f"an index of {ename}"
        self.check(where, f"where of {what}")
        for key in keys:
            self.check(key, f"key of {what}", key=True)


@gc_paused()
def loads(text: str, filename: str = "data-models.yaml") -> Schema:
    """Parse and validate spec text."""
    if len(text) > MAX_SPEC_BYTES:
        raise _too_big(len(text.encode("utf-8")), filename)
    return build(parse_yaml(text, filename), filename)


def load(path: str | Path, display: str | None = None) -> Schema:
    """Load the spec file at `path`; `display` is the name used in messages."""
    p = Path(path)
    name = display or str(path)
    try:
        size = p.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise _too_big(size, name)
        with p.open("rb") as fh:  # at most the limit, whatever stat said (/dev/zero says 0)
            raw = fh.read(MAX_SPEC_BYTES + 1)
        if len(raw) > MAX_SPEC_BYTES:
            raise _too_big(len(raw), name)
    except FileNotFoundError:
        raise InputError(
            Problem(Loc(name), "spec file not found", "run `pydev-workflow data-models init`")
        ) from None
    except OSError as exc:
        raise InputError(Problem(Loc(name), f"cannot read spec: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(Loc(name, 1, exc.start + 1), "spec is not UTF-8 text")) from None
    return loads(text, name)
