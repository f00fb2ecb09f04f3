"""The one frozen internal data model every importer produces and every renderer reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from pydev_workflow.errors import Loc, loc_field
from pydev_workflow.model.conventions import Conventions
from pydev_workflow.model.types import FieldType


class Cardinality(Enum):
    """Relationship types of the seed's Phase 2."""

    ONE_TO_ONE = "1:1"
    ONE_TO_MANY = "1:N"
    MANY_TO_MANY = "N:M"


class StorageKind(Enum):
    """Storage types of the seed's Phase 3."""

    RELATIONAL = "relational"
    DOCUMENT = "document"
    KEY_VALUE = "key-value"
    FILE = "file"


class IndexMethod(Enum):
    """Index access methods and kinds."""

    BTREE = "btree"
    HASH = "hash"
    GIN = "gin"
    GIST = "gist"
    BRIN = "brin"
    SPGIST = "spgist"
    FULLTEXT = "fulltext"  # MySQL/MariaDB FULLTEXT index
    SPATIAL = "spatial"  # MySQL/MariaDB SPATIAL index


@dataclass(frozen=True, slots=True)
class Options:
    """Engine-specific options of a table, column or index, keyed by engine.

    Only what has no portable meaning lives here: MySQL's `ENGINE=`, `ROW_FORMAT=`, table and
    column character sets, SQLite's `AUTOINCREMENT`, … Keys and values are plain text; the
    engine key is a dialect name (`mysql` also serves MariaDB, `mariadb` only MariaDB).
    Spec: `options: {mysql: {engine: InnoDB, charset: utf8mb4}}`.
    """

    items: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items)

    def of(self, *engines: str) -> dict[str, str]:
        """The options under the keys `engines`, merged in that order (later ones win).

        Which keys an engine reads is the dialect's data (`Dialect.options_of`).
        """
        out: dict[str, str] = {}
        for key in engines:
            for name, items in self.items:
                if name == key:
                    out.update(items)
        return out

    def get(self, engine: str, key: str) -> str | None:
        """One option for `engine`, or None."""
        return self.of(engine).get(key)

    def as_dict(self) -> dict[str, dict[str, str]]:
        """`{engine: {key: value}}`, in declaration order."""
        return {name: dict(items) for name, items in self.items}

    @staticmethod
    def make(data: dict[str, dict[str, str]]) -> Options:
        """Options from `{engine: {key: value}}` (empty engines dropped)."""
        return Options(tuple((k, tuple(v.items())) for k, v in data.items() if v))


NO_OPTIONS = Options()


class PartitionMethod(Enum):
    """How a large table is split."""

    RANGE = "range"
    LIST = "list"
    HASH = "hash"


class Frequency(Enum):
    """How often a query pattern runs."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Action(Enum):
    """Referential action on delete / on update."""

    CASCADE = "cascade"
    SET_NULL = "set null"
    SET_DEFAULT = "set default"
    RESTRICT = "restrict"
    NO_ACTION = "no action"

    @property
    def sql(self) -> str:
        """The SQL spelling (`SET NULL`)."""
        return self.value.upper()


class NormalizationLevel(Enum):
    """The normalization choice of an entity."""

    NORMALIZED = "normalized"
    DENORMALIZED = "denormalized"


class FilterOp(Enum):
    """How a query pattern constrains a field; decides which index can serve it."""

    EQ = "eq"
    IN = "in"
    RANGE = "range"
    PREFIX = "prefix"  # LIKE 'abc%'
    CONTAINS = "contains"  # full text / array / json containment: gin
    NOT_NULL = "not-null"

    @property
    def is_equality(self) -> bool:
        """Equality-like predicates can use any position of a btree prefix."""
        return self in (FilterOp.EQ, FilterOp.IN)


class DefaultKind(Enum):
    """What a column default is."""

    LITERAL = "literal"  # a value: number, string, boolean
    NOW = "now"  # the current timestamp
    UUID = "uuid"  # a generated UUID
    SQL = "sql"  # an engine expression kept verbatim


@dataclass(frozen=True, slots=True)
class Default:
    """A column default. Literal values are kept as their spec text."""

    kind: DefaultKind
    value: str | None = None

    def __str__(self) -> str:
        if self.kind is DefaultKind.NOW:
            return "now()"
        if self.kind is DefaultKind.UUID:
            return "gen_random_uuid()"
        return self.value or ""


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated (computed) column: its SQL expression and whether it is stored."""

    expression: str
    stored: bool = True


@dataclass(frozen=True, slots=True)
class Field:
    """One attribute of an entity."""

    name: str
    type: FieldType
    nullable: bool = True
    unique: bool = False
    default: Default | None = None
    check: str | None = None
    description: str = ""
    identity: bool = False  # auto-increment / serial / identity column
    loc: Loc = loc_field()
    collation: str | None = None  # the engine's collation name (COLLATE)
    sequence: str | None = None  # the name of the sequence that numbers an identity column
    generated: Generated | None = None  # GENERATED ALWAYS AS (…) STORED / VIRTUAL
    auto_update: bool = False  # set to the current timestamp on every UPDATE (MySQL ON UPDATE)
    options: Options = NO_OPTIONS  # engine-specific: mysql charset, sqlite autoincrement
    ignore: tuple[str, ...] = ()  # rule codes (prefixes) not reported for this field


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A reference from `fields` of the owning entity to `ref_fields` of `ref_entity`."""

    fields: tuple[str, ...]
    ref_entity: str
    ref_fields: tuple[str, ...]
    on_delete: Action | None = None  # None: not decided (engine default NO ACTION)
    on_update: Action | None = None
    name: str | None = None
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class UniqueConstraint:
    """A named or multi-column unique constraint (single unnamed ones live on Field)."""

    fields: tuple[str, ...]
    name: str | None = None
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class CheckConstraint:
    """A table-level CHECK constraint, expression kept as SQL text."""

    expression: str
    name: str | None = None
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class IndexField:
    """One key of an index or ordering: a field name or an SQL expression.

    `length` is a key prefix length (MySQL `name(60)`), `opclass` an operator class
    (PostgreSQL `name text_pattern_ops`).
    """

    name: str
    descending: bool = False
    expression: bool = False  # `name` is an SQL expression, not a field
    length: int | None = None
    opclass: str | None = None

    def __str__(self) -> str:
        text = f"({self.name})" if self.expression else self.name
        if self.length is not None:
            text += f"({self.length})"
        if self.opclass:
            text += f" {self.opclass}"
        return text + (" DESC" if self.descending else "")


@dataclass(frozen=True, slots=True)
class Index:
    """A secondary index."""

    name: str
    fields: tuple[IndexField, ...]
    method: IndexMethod = IndexMethod.BTREE
    unique: bool = False
    where: str | None = None  # partial index predicate
    purpose: str = ""
    loc: Loc = loc_field()
    options: Options = NO_OPTIONS  # engine-specific (e.g. mysql parser for FULLTEXT)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Plain field keys, in order (expressions excluded)."""
        return tuple(f.name for f in self.fields if not f.expression)


@dataclass(frozen=True, slots=True)
class Partition:
    """One named partition with its bound clause as SQL text (FOR VALUES …)."""

    name: str
    bound: str


@dataclass(frozen=True, slots=True)
class Partitioning:
    """How an entity's rows are split."""

    method: PartitionMethod
    key: tuple[str, ...]
    purpose: str = ""
    partitions: tuple[Partition, ...] = ()
    loc: Loc = loc_field()
    #: the one-line plan the spec wrote (`monthly from 2024-01 to 2026-12`, `4`), if any;
    #: `partitions` holds what it expands to (model/partitions.py)
    plan: str | None = None
    #: the name of the catch-all DEFAULT partition, if the spec asks for one (it is also
    #: the last of `partitions`)
    default: str | None = None


@dataclass(frozen=True, slots=True)
class Normalization:
    """The normalization choice of an entity and why."""

    level: NormalizationLevel
    rationale: str = ""
    form: str | None = None  # e.g. "3NF"
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class Storage:
    """Where an entity lives: the kind, and the engine (PostgreSQL, MongoDB, Redis, S3…)."""

    kind: StorageKind = StorageKind.RELATIONAL
    engine: str | None = None
    loc: Loc = loc_field()


# Entity and Schema keep a __dict__ (no slots) so that lookup tables are built once,
# lazily, by cached_property; they are still frozen.
@dataclass(frozen=True)
class Entity:
    """A persistent domain concept."""

    name: str
    table: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    uniques: tuple[UniqueConstraint, ...] = ()
    checks: tuple[CheckConstraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    component: str | None = None
    description: str = ""
    storage: Storage | None = None  # None: not decided
    partitioning: Partitioning | None = None
    normalization: Normalization | None = None
    schema: str | None = None  # database schema / namespace, if any
    key_pattern: str | None = None  # key-value storage: e.g. "session:{id}"
    loc: Loc = loc_field()
    primary_key_name: str | None = None  # a user-given primary key constraint name
    options: Options = NO_OPTIONS  # engine-specific: mysql engine/charset/collate/row_format
    ignore: tuple[str, ...] = ()  # rule codes (prefixes) not reported for this entity

    @cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def field(self, name: str) -> Field | None:
        """The field called `name`, or None."""
        return self._by_name.get(name)

    def is_pk(self, name: str) -> bool:
        """True if `name` is part of the primary key."""
        return name in self.primary_key

    def fk_of(self, name: str) -> ForeignKey | None:
        """The single-column foreign key on field `name`, if any."""
        for fk in self.foreign_keys:
            if fk.fields == (name,):
                return fk
        return None

    def is_unique(self, names: tuple[str, ...]) -> bool:
        """True if the columns `names` are unique (PK, unique field, constraint or index)."""
        wanted = set(names)
        if self.primary_key and set(self.primary_key) <= wanted:
            return True
        if any(self._by_name[n].unique for n in names if n in self._by_name):
            return True
        if any(set(u.fields) <= wanted for u in self.uniques):
            return True
        return any(
            ix.unique and ix.where is None and ix.field_names and set(ix.field_names) <= wanted
            for ix in self.indexes
        )

    @property
    def storage_kind(self) -> StorageKind:
        """The storage kind, relational when undecided."""
        return self.storage.kind if self.storage else StorageKind.RELATIONAL


@dataclass(frozen=True, slots=True)
class Relationship:
    """A relationship between two entities, as drawn in the ERD.

    `left` is the "one" side (the parent) for 1:N and 1:1, `right` the child that holds the
    foreign key. For N:M, `via` names the junction entity.
    """

    left: str
    right: str
    cardinality: Cardinality
    label: str = ""
    via: str | None = None
    fk: tuple[str, ...] = ()  # the child's FK fields (1:N, 1:1); derived when empty
    description: str = ""
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class Filter:
    """One predicate of a query pattern."""

    field: str
    op: FilterOp = FilterOp.EQ

    def __str__(self) -> str:
        return self.field if self.op is FilterOp.EQ else f"{self.field} {self.op.value}"


@dataclass(frozen=True, slots=True)
class QueryPattern:
    """A query the model must serve."""

    name: str
    entity: str
    filters: tuple[Filter, ...] = ()
    order_by: tuple[IndexField, ...] = ()
    group_by: tuple[str, ...] = ()
    aggregate: str | None = None  # e.g. "count(*)"
    limit: int | None = None
    frequency: Frequency = Frequency.MEDIUM
    description: str = ""
    index: str | None = None  # an index the author says serves it; "-" means a scan is accepted
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class MigrationStrategy:
    """The seed's Migration Strategy table."""

    tool: str = ""
    versioning: str = ""
    rollback: str = ""
    data_migrations: str = ""
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True)
class Sequence:
    """A named sequence that no identity column owns (nextval('…') in application code)."""

    name: str
    schema: str | None = None
    start: int | None = None
    increment: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    cache: int | None = None
    cycle: bool = False
    loc: Loc = loc_field()

    def settings(self) -> tuple[tuple[str, int], ...]:
        """(spec key, value) of the numbers it sets: start, increment, min, max, cache."""
        pairs = (
            ("start", self.start),
            ("increment", self.increment),
            ("min", self.min_value),
            ("max", self.max_value),
            ("cache", self.cache),
        )
        return tuple((k, v) for k, v in pairs if v is not None)


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision and its rationale (the seed's Decisions Made table)."""

    decision: str
    rationale: str
    loc: Loc = loc_field()


_SNAKE_1 = re.compile(r"(.)([A-Z][a-z]+)")
_SNAKE_2 = re.compile(r"([a-z0-9])([A-Z])")


def snake_case(name: str) -> str:
    """`BlogPost` -> `blog_post`, `HTTPRequest` -> `http_request`."""
    return _SNAKE_2.sub(r"\1_\2", _SNAKE_1.sub(r"\1_\2", name)).replace("-", "_").lower()


@dataclass(frozen=True)
class Schema:
    """A whole data model: the single source every renderer and check reads."""

    entities: tuple[Entity, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    query_patterns: tuple[QueryPattern, ...] = ()
    migration: MigrationStrategy | None = None
    decisions: tuple[Decision, ...] = ()
    components: tuple[str, ...] = ()  # components declared in the spec (ARCHITECTURE.md adds more)
    project: str = ""
    dialect: str = "postgresql"  # the default SQL dialect of documentation output
    conventions: Conventions | None = None  # the project's practices (DM6xx)
    not_entities: tuple[str, ...] = ()  # architecture nouns the author says are not entities
    component_nouns: tuple[tuple[str, tuple[str, ...]], ...] = ()  # spec: component -> nouns
    source: str = field(default="", compare=False)  # the file it was loaded from, for messages
    loc: Loc = loc_field()
    sequences: tuple[Sequence, ...] = ()

    @cached_property
    def _entities(self) -> dict[str, Entity]:
        return {e.name: e for e in self.entities}

    @cached_property
    def _tables(self) -> dict[str, Entity]:
        return {e.table: e for e in self.entities}

    def entity(self, name: str) -> Entity | None:
        """The entity called `name` (or whose table is `name`), or None."""
        return self._entities.get(name) or self._tables.get(name)

    def children_of(self, name: str) -> tuple[tuple[Entity, ForeignKey], ...]:
        """Every (entity, fk) whose foreign key points at entity `name`."""
        return self._children.get(name, ())

    @cached_property
    def _children(self) -> dict[str, tuple[tuple[Entity, ForeignKey], ...]]:
        out: dict[str, list[tuple[Entity, ForeignKey]]] = {}
        for e in self.entities:
            for fk in e.foreign_keys:
                target = self.entity(fk.ref_entity)
                out.setdefault(target.name if target else fk.ref_entity, []).append((e, fk))
        return {k: tuple(v) for k, v in out.items()}

    def relationship_fk(self, rel: Relationship) -> ForeignKey | None:
        """The child's foreign key that realises a 1:1 / 1:N relationship, if any."""
        child = self.entity(rel.right)
        parent = self.entity(rel.left)
        if child is None or parent is None:
            return None
        candidates = [fk for fk in child.foreign_keys if self.entity(fk.ref_entity) is parent]
        if rel.fk:
            candidates = [fk for fk in candidates if fk.fields == rel.fk]
        return candidates[0] if len(candidates) >= 1 else None


def sql_entities(schema: Schema) -> tuple[Entity, ...]:
    """Entities that live as SQL tables: relational ones, and file metadata rows.

    Document and key-value entities are rendered as JSON Schema / key patterns, not tables.
    """
    keep = (StorageKind.RELATIONAL, StorageKind.FILE)
    return tuple(e for e in schema.entities if e.storage_kind in keep)
