"""Integrity rules (DM1xx): keys, foreign keys, the relationships they realise, type limits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.dialects import get_dialect
from pydev_workflow.dialects.base import Dialect, Limits
from pydev_workflow.model import Action, Cardinality, Entity, Field, FieldType, TypeKind


def _type_gap(a: FieldType, b: FieldType) -> tuple[bool, bool]:
    """(differs at all, differs in kind): a length/precision gap is milder than a kind gap."""
    if a.kind is not b.kind:
        return True, True
    if a.kind in (TypeKind.STRING, TypeKind.CHAR) and a.length != b.length:
        return True, False
    if a.kind is TypeKind.DECIMAL and (a.precision, a.scale) != (b.precision, b.scale):
        return True, False
    return False, False


class FkTypeMismatch(Check):
    """A foreign key's type differs from the type of the field it references.

    ## What it does
    Compares each foreign-key field with the referenced field: the type family (uuid, integer,
    bigint, string …) must be the same, and so should string length and decimal precision.

    ## Why is this bad?
    Most engines refuse the constraint (PostgreSQL: "incompatible types"), and those that accept
    it compare with casts, so joins cannot use the index. A length gap means values that fit the
    parent do not fit the child.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: integer, references: User.id, on_delete: cascade}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
    ```
    """

    code = "DM101"
    name = "fk-type-mismatch"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per mismatched FK field."""
        schema = ctx.schema
        for e in schema.entities:
            for fk in e.foreign_keys:
                target = schema.entity(fk.ref_entity)
                if target is None:
                    continue
                for name, ref in zip(fk.fields, fk.ref_fields, strict=False):
                    f, r = e.field(name), target.field(ref)
                    if f is None or r is None:
                        continue
                    differs, kind = _type_gap(f.type, r.type)
                    if differs:
                        yield self.finding(
                            f"{e.name}.{name} is {f.type} but references "
                            f"{target.name}.{ref} of type {r.type}",
                            f.loc,
                            e.name,
                            hint=f"make it {r.type}",
                            severity=None if kind else Severity.WARNING,
                            field=name,
                        )


class MissingPrimaryKey(Check):
    """A relational entity has no primary key.

    ## What it does
    Finds relational entities (those that become SQL tables) without `pk: true` on any field and
    without `primary_key: [...]`.

    ## Why is this bad?
    Rows cannot be addressed, updated or referenced reliably; replication and ORMs need a key;
    duplicates creep in unnoticed.

    ## Example
    ```yaml
    entities:
      AuditEvent:
        fields:
          happened_at: {type: timestamp(tz), nullable: false}
          action: {type: string(50), nullable: false}
    ```

    ## Use instead
    ```yaml
    entities:
      AuditEvent:
        fields:
          id: {type: bigint, pk: true, identity: true}
          happened_at: {type: timestamp(tz), nullable: false}
          action: {type: string(50), nullable: false}
    ```
    """

    code = "DM102"
    name = "missing-primary-key"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per relational entity without a key."""
        for e in ctx.relational:
            if not e.primary_key:
                yield self.finding(
                    f"{e.name} has no primary key",
                    e.loc,
                    e.name,
                    hint="mark a field `pk: true` or add `primary_key: [...]`",
                )


class OneToOneWithoutUniqueFk(Check):
    """A 1:1 relationship whose foreign key is not unique, so it is really 1:N.

    ## What it does
    For every `1:1` relationship, looks at the child's foreign key that realises it and checks
    that those columns are unique (primary key, `unique: true`, a unique constraint or index).

    ## Why is this bad?
    Without uniqueness the database happily stores two profiles for one user: the model says
    1:1, the data says 1:N, and code that reads "the" profile picks one at random.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Profile:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
    relationships:
      - {from: User, to: Profile, type: "1:1", label: has}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Profile:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, unique: true, references: User.id, on_delete: cascade}
    relationships:
      - {from: User, to: Profile, type: "1:1", label: has}
    ```
    """

    code = "DM103"
    name = "one-to-one-without-unique-fk"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per 1:1 relationship with a non-unique FK."""
        schema = ctx.schema
        for rel in schema.relationships:
            if rel.cardinality is not Cardinality.ONE_TO_ONE:
                continue
            fk = schema.relationship_fk(rel)
            child = schema.entity(rel.right)
            if fk is None or child is None or child.is_unique(fk.fields):
                continue
            cols = ", ".join(fk.fields)
            yield self.finding(
                f"1:1 {rel.left} -> {rel.right} but {rel.right}.{cols} is not unique",
                rel.loc,
                rel.right,
                hint=f"add `unique: true` to {rel.right}.{cols}, or make the relationship 1:N",
            )


def _fk_count(junction: Entity, target: str) -> int:
    return sum(1 for fk in junction.foreign_keys if fk.ref_entity == target)


class ManyToManyInvalidJunction(Check):
    """An N:M relationship without a junction entity that references both sides.

    ## What it does
    Every `N:M` relationship needs `via: <Junction>`, and that junction entity needs a foreign
    key to each side (two to the same entity for a self-relationship such as followers).

    ## Why is this bad?
    Relational databases cannot store N:M directly. Without a real junction the relationship is
    drawn in the diagram but nothing in the schema can hold it, or the "junction" accepts ids
    that point nowhere.

    ## Example
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
      Tag:
        fields:
          id: {type: uuid, pk: true}
    relationships:
      - {from: Post, to: Tag, type: "N:M", label: tagged_with}
    ```

    ## Use instead
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
      Tag:
        fields:
          id: {type: uuid, pk: true}
      PostTag:
        fields:
          post_id: {type: uuid, pk: true, references: Post.id, on_delete: cascade}
          tag_id: {type: uuid, pk: true, references: Tag.id, on_delete: cascade}
    relationships:
      - {from: Post, to: Tag, type: "N:M", label: tagged_with, via: PostTag}
    ```
    """

    code = "DM104"
    name = "many-to-many-invalid-junction"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per N:M relationship without a valid junction."""
        schema = ctx.schema
        for rel in schema.relationships:
            if rel.cardinality is not Cardinality.MANY_TO_MANY:
                continue
            junction = schema.entity(rel.via) if rel.via else None
            if junction is None:
                yield self.finding(
                    f"N:M {rel.left} -> {rel.right} has no junction entity",
                    rel.loc,
                    rel.left,
                    hint=f"add an entity with FKs to both and name it in `via:` "
                    f"(e.g. {rel.left}{rel.right})",
                )
                continue
            if rel.left == rel.right:
                missing = [rel.left] if _fk_count(junction, rel.left) < 2 else []
            else:
                missing = [s for s in (rel.left, rel.right) if not _fk_count(junction, s)]
            for side in missing:
                yield self.finding(
                    f"junction {junction.name} of N:M {rel.left} -> {rel.right} "
                    f"has no foreign key to {side}",
                    rel.loc,
                    junction.name,
                    hint=f"add a field to {junction.name} with `references: {side}`",
                )


class RelationshipWithoutFk(Check):
    """A declared 1:1 or 1:N relationship that no foreign key realises.

    ## What it does
    For each `1:1` / `1:N` relationship `from: A, to: B`, looks for a foreign key on B (the child,
    the "many" side) that references A.

    ## Why is this bad?
    The diagram promises a link the schema does not enforce: orphans, no cascade, and the
    generated DDL has no constraint. Often `from` and `to` are simply swapped.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          author: {type: string(100)}
    relationships:
      - {from: User, to: Post, type: "1:N", label: writes}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
    relationships:
      - {from: User, to: Post, type: "1:N", label: writes}
    ```
    """

    code = "DM105"
    name = "relationship-without-fk"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per relationship without a realising FK."""
        schema = ctx.schema
        for rel in schema.relationships:
            if rel.cardinality is Cardinality.MANY_TO_MANY:
                continue
            if schema.relationship_fk(rel) is not None:
                continue
            parent = schema.entity(rel.left)
            child = schema.entity(rel.right)
            if parent is None or child is None:
                continue
            reverse = any(fk.ref_entity == child.name for fk in parent.foreign_keys)
            hint = (
                f"the FK is on {parent.name}: swap `from` and `to`"
                if reverse
                else f"add a field to {child.name} with `references: {parent.name}`"
            )
            fields = f" on {', '.join(rel.fk)}" if rel.fk else ""
            yield self.finding(
                f"relationship {rel.left} -> {rel.right} has no foreign key{fields} "
                f"from {child.name} to {parent.name}",
                rel.loc,
                child.name,
                hint=hint,
            )


class FkWithoutRelationship(Check):
    """A foreign key that no declared relationship describes.

    ## What it does
    Lists foreign keys that do not realise any entry of `relationships:` (1:1/1:N, or one side of
    an N:M junction).

    ## Why is this bad?
    It is not wrong, but the ERD and the Relationships tables are drawn from `relationships:`,
    so the link is invisible in the documentation and its label and cardinality are unstated.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid, references: User.id, on_delete: cascade}
    relationships:
      - {from: User, to: Post, type: "1:N", label: writes}
    ```
    """

    code = "DM106"
    name = "fk-without-relationship"
    severity = Severity.INFO

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per FK not described by a relationship."""
        schema = ctx.schema
        realised: set[tuple[str, tuple[str, ...]]] = set()
        junction_sides: set[tuple[str, str]] = set()
        for rel in schema.relationships:
            if rel.cardinality is Cardinality.MANY_TO_MANY:
                if rel.via:
                    junction_sides.update({(rel.via, rel.left), (rel.via, rel.right)})
                continue
            fk = schema.relationship_fk(rel)
            if fk is not None:
                realised.add((rel.right, fk.fields))
        for e in schema.entities:
            for fk in e.foreign_keys:
                if (e.name, fk.fields) in realised or (e.name, fk.ref_entity) in junction_sides:
                    continue
                yield self.finding(
                    f"foreign key {e.name}.{', '.join(fk.fields)} -> {fk.ref_entity} "
                    f"has no declared relationship",
                    fk.loc,
                    e.name,
                    hint=f'add `{{from: {fk.ref_entity}, to: {e.name}, type: "1:N", label: …}}` '
                    "to relationships",
                    field=fk.fields[0] if len(fk.fields) == 1 else None,
                )


class FkReferencesNonUnique(Check):
    """A foreign key references columns that are not unique in the target.

    ## What it does
    Checks that the referenced fields of every foreign key are the target's primary key or are
    covered by a unique field, constraint or (non-partial) unique index.

    ## Why is this bad?
    SQL requires it (PostgreSQL: "there is no unique constraint matching given keys"): the DDL
    fails, and conceptually a child row would point at several parents.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
          email: {type: string(255)}
      Invite:
        fields:
          id: {type: uuid, pk: true}
          email: {type: string(255), references: User.email, on_delete: cascade}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true}
          email: {type: string(255), unique: true}
      Invite:
        fields:
          id: {type: uuid, pk: true}
          email: {type: string(255), references: User.email, on_delete: cascade}
    ```
    """

    code = "DM107"
    name = "fk-references-non-unique"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Yield one finding per FK whose target columns are not unique."""
        schema = ctx.schema
        for e in schema.entities:
            for fk in e.foreign_keys:
                target = schema.entity(fk.ref_entity)
                if target is None or not fk.ref_fields or target.is_unique(fk.ref_fields):
                    continue
                cols = ", ".join(fk.ref_fields)
                yield self.finding(
                    f"{e.name}.{', '.join(fk.fields)} references {target.name}.{cols}, "
                    "which is not unique",
                    fk.loc,
                    e.name,
                    hint=f"reference {target.name}'s primary key or make {cols} unique",
                    field=fk.fields[0] if len(fk.fields) == 1 else None,
                )


def _type_overruns(
    t: FieldType, limits: Limits, display: str, charset: str | None = None
) -> Iterator[str]:
    """What of type `t` is beyond one engine's limits, as phrases naming the engine.

    `charset` is the column's character set where the engine counts string limits in bytes.
    """
    k = t.kind
    if k is TypeKind.DECIMAL and t.precision is not None:
        if limits.decimal_precision and t.precision > limits.decimal_precision:
            yield f"precision {t.precision} is over {display}'s {limits.decimal_precision}"
        if t.scale is not None:
            if limits.decimal_scale and t.scale > limits.decimal_scale:
                yield f"scale {t.scale} is over {display}'s {limits.decimal_scale}"
            if limits.scale_within_precision and t.scale > t.precision:
                yield f"scale {t.scale} is over the precision {t.precision} ({display})"
    elif k is TypeKind.FLOAT and t.length is not None:
        if limits.float_precision and t.length > limits.float_precision:
            yield f"{t.length} bits is over {display}'s {limits.float_precision}"
    elif k is TypeKind.STRING and t.length is not None:
        most = limits.varchar_chars(charset)
        if most and t.length > most:
            within = f" in {charset}" if charset and limits.varchar_bytes else ""
            yield f"length {t.length} is over {display}'s {most}{within}"
    elif k is TypeKind.CHAR and t.length is not None:
        if limits.char_length and t.length > limits.char_length:
            yield f"length {t.length} is over {display}'s {limits.char_length}"
    elif k is TypeKind.ARRAY and t.item is not None:
        yield from _type_overruns(t.item, limits, display, charset)


def _charset(e: Entity, f: Field, d: Dialect) -> str | None:
    """The character set `f` has on engine `d` (None: the engine's default)."""
    return d.charset_of(e.options, f.options, f.collation)


def _row_bytes(e: Entity, d: Dialect) -> int:
    """A lower bound of one row's size as MySQL counts it: its string and char columns."""
    total = 0
    for f in e.fields:
        t = f.type
        if t.kind is TypeKind.STRING:  # VARCHAR: characters at their widest, a length prefix
            total += (t.length or 255) * d.limits.char_bytes(_charset(e, f, d)) + 2
        elif t.kind is TypeKind.CHAR:
            total += (t.length or 1) * d.limits.char_bytes(_charset(e, f, d))
    return total


class TypeParameterOutOfRange(Check):
    """A type's length, precision or scale is beyond what a target dialect takes.

    ## What it does
    Compares each field's type parameters with the limits of every target dialect: decimal
    precision and scale (PostgreSQL 1000; MySQL 65 and 30, MariaDB 65 and 38, with the scale
    at most the precision), float precision in bits (53), string length (PostgreSQL 10485760;
    MySQL 65,535 bytes, so 16383 utf8mb4 or 65535 latin1 characters), char length (MySQL 255),
    and MySQL's 65,535-byte row of string columns. MySQL counts each column in its own
    character set: the field's `charset` option or collation, else its table's, else utf8mb4.

    ## Why is this bad?
    The engine rejects the CREATE TABLE ("NUMERIC precision 1001 must be between 1 and 1000",
    "Column length too big", "Row size too large"), so the design cannot be deployed as
    written, and a migration tool finds out only when it runs.

    ## Example
    ```yaml
    entities:
      Invoice:
        fields:
          id: {type: uuid, pk: true}
          total: {type: "decimal(1001,2)"}
    ```

    ## Use instead
    ```yaml
    entities:
      Invoice:
        fields:
          id: {type: uuid, pk: true}
          total: {type: "decimal(12,2)"}
    ```
    """

    code = "DM108"
    name = "type-parameter-out-of-range"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per field over a limit, and per MySQL row that is too wide."""
        dialects = [get_dialect(n) for n in ctx.dialects]
        for e in ctx.relational:
            for f in e.fields:
                over = [
                    p
                    for d in dialects
                    for p in _type_overruns(f.type, d.limits, d.display, _charset(e, f, d))
                ]
                if over:
                    yield self.finding(
                        f"{e.name}.{f.name} {f.type}: {'; '.join(over)}",
                        f.loc,
                        e.name,
                        hint="lower it, or use type: text (long strings) or decimal without "
                        "parameters",
                    )
            for d in dialects:
                limit = d.limits.row_bytes
                size = _row_bytes(e, d) if limit else 0
                if limit and size > limit:
                    yield self.finding(
                        f"a row of {e.table} takes at least {size} bytes of string columns; "
                        f"{d.display} allows {limit}",
                        e.loc,
                        e.name,
                        hint="make the longest strings type: text (not counted in the row)",
                    )


class SetNullOnNotNull(Check):
    """A foreign key that sets NULL on delete or update, on a column that cannot be NULL.

    ## What it does
    Reports each foreign key with `on_delete: set null` (or `on_update: set null`) whose
    columns include a NOT NULL (or primary-key) field.

    ## Why is this bad?
    The action can never succeed: PostgreSQL accepts the DDL and then fails the parent's DELETE
    with a not-null violation in production; MySQL and MariaDB refuse the foreign key outright
    ("Foreign key constraint is incorrectly formed", errno 150). Either the child may outlive
    its parent (the column is nullable) or it may not (cascade or restrict).

    ## Example
    ```yaml
    entities:
      Rental:
        fields:
          id: {type: integer, pk: true}
      Payment:
        fields:
          id: {type: integer, pk: true}
          rental_id: {type: integer, nullable: false, references: Rental.id, on_delete: set null}
    ```

    ## Use instead
    ```yaml
    entities:
      Rental:
        fields:
          id: {type: integer, pk: true}
      Payment:
        fields:
          id: {type: integer, pk: true}
          rental_id: {type: integer, references: Rental.id, on_delete: set null}
    ```
    """

    code = "DM109"
    name = "set-null-on-not-null"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Yield one finding per SET NULL action on a foreign key with a NOT NULL column."""
        for e in ctx.schema.entities:
            for fk in e.foreign_keys:
                when = [
                    what
                    for what, action in (("delete", fk.on_delete), ("update", fk.on_update))
                    if action is Action.SET_NULL
                ]
                required = [
                    c for c in fk.fields if (f := e.field(c)) is not None and not f.nullable
                ]
                required += [c for c in fk.fields if e.is_pk(c) and c not in required]
                if not when or not required:
                    continue
                yield self.finding(
                    f"{e.name}.{', '.join(fk.fields)} is set to NULL on "
                    f"{' and '.join(when)} of {fk.ref_entity}, but {', '.join(required)} "
                    "cannot be NULL",
                    fk.loc,
                    e.name,
                    hint="make the column nullable, or use on_delete: cascade or restrict",
                )


class IdentityNotInteger(Check):
    """An identity (auto-increment) field whose type is not an integer.

    ## What it does
    Reports each field with `identity: true` whose type is not `integer`, `bigint`,
    `smallint` or `tinyint`: a DBML `uuid [pk, increment]`, for instance.

    ## Why is this bad?
    Only integers number themselves: PostgreSQL's identity columns take smallint, integer or
    bigint, SQLite numbers only an INTEGER PRIMARY KEY, MySQL's AUTO_INCREMENT is for integer
    columns. The DDL cannot ask for it, so the application sets the value, and the design says
    otherwise. A generated UUID is `default: uuid`.

    ## Example
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true, identity: true}
    ```

    ## Use instead
    ```yaml
    entities:
      User:
        fields:
          id: {type: uuid, pk: true, default: uuid}
    ```
    """

    code = "DM110"
    name = "identity-not-integer"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per identity field of a type that is not an integer."""
        for e in ctx.relational:
            for f in e.fields:
                if f.identity and not f.type.is_integer:
                    hint = (
                        "use default: uuid"
                        if f.type.kind is TypeKind.UUID
                        else ("make it an integer, or drop identity")
                    )
                    yield self.finding(
                        f"{e.name}.{f.name} is an identity, but {f.type} does not number itself",
                        f.loc,
                        e.name,
                        hint=hint,
                    )
