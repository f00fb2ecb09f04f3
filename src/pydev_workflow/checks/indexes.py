"""Index rules (DM3xx): unindexed foreign keys, redundant and unused indexes, unserved queries."""

from __future__ import annotations

from collections.abc import Iterator

from pydev_workflow.analysis import covers_fk, used_indexes
from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.ddlnames import generated_name
from pydev_workflow.model import (
    Entity,
    Frequency,
    Index,
    IndexField,
    IndexMethod,
    PartitionMethod,
)


def create_index_text(entity: Entity, ix: Index) -> str:
    """A one-line CREATE INDEX for messages (the DDL renderer compiles the real statement)."""
    table = f"{entity.schema}.{entity.table}" if entity.schema else entity.table
    using = f" USING {ix.method.value}" if ix.method is not IndexMethod.BTREE else ""
    unique = "UNIQUE " if ix.unique else ""
    keys = ", ".join(str(k) for k in ix.fields)
    where = f" WHERE {ix.where}" if ix.where else ""
    return f"CREATE {unique}INDEX {ix.name} ON {table}{using} ({keys}){where}"


def fk_index(entity: Entity, fields: tuple[str, ...]) -> Index:
    """The index that would cover a foreign key: idx_<table>_<fields>."""
    return Index(
        generated_name("idx", entity.table, fields),
        tuple(IndexField(n) for n in fields),
        purpose="foreign key: joins and cascades",
    )


class UnindexedForeignKey(Check):
    """A foreign key whose columns lead no index.

    ## What it does
    For each foreign key of a relational entity, looks for the primary key, a unique constraint or
    a btree/hash index whose leading columns are exactly the FK columns (in any order).

    ## Why is this bad?
    Deleting or updating a parent row makes the engine look up its children: without an index
    that is a full scan of the child table per parent row (PostgreSQL does not index FKs for you),
    and joins from parent to children scan too.

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
        indexes:
          - {name: idx_posts_user_id, fields: [user_id]}
    ```
    """

    code = "DM301"
    name = "unindexed-foreign-key"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per FK without a covering index."""
        for e in ctx.relational:
            for fk in e.foreign_keys:
                if covers_fk(e, fk.fields) is not None:
                    continue
                ix = fk_index(e, fk.fields)
                yield self.finding(
                    f"foreign key {e.name}.{', '.join(fk.fields)} has no index "
                    f"(joins and cascades from {fk.ref_entity} scan {e.table})",
                    fk.loc,
                    e.name,
                    hint=create_index_text(e, ix),
                    fix=ix,
                    field=fk.fields[0] if len(fk.fields) == 1 else None,
                )


class RedundantPrefixIndex(Check):
    """An index whose keys are a prefix of another index of the same entity.

    ## What it does
    Compares the indexes of each entity (and its primary key and unique constraints): a
    non-unique index whose keys are the leading keys of another btree index with the same method
    and the same `where` is redundant. Identical indexes count too.

    ## Why is this bad?
    The longer index serves every lookup the shorter one does. The extra index costs disk,
    memory and time on every insert and update, and confuses the planner.

    ## Example
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          status: {type: string(20)}
          published_at: {type: timestamp(tz)}
        indexes:
          - {name: idx_posts_status, fields: [status]}
          - {name: idx_posts_status_published_at, fields: [status, published_at]}
    ```

    ## Use instead
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          status: {type: string(20)}
          published_at: {type: timestamp(tz)}
        indexes:
          - {name: idx_posts_status_published_at, fields: [status, published_at]}
    ```
    """

    code = "DM302"
    name = "redundant-prefix-index"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per redundant index."""
        for e in ctx.relational:
            if not e.indexes:
                continue
            # other access paths: PK and unique constraints are btree indexes too
            others: list[tuple[str, tuple[IndexField, ...], IndexMethod, str | None]] = []
            if e.primary_key:
                others.append(
                    (
                        "the primary key",
                        tuple(IndexField(n) for n in e.primary_key),
                        IndexMethod.BTREE,
                        None,
                    )
                )
            for u in e.uniques:
                label = u.name or f"unique ({', '.join(u.fields)})"
                others.append(
                    (label, tuple(IndexField(n) for n in u.fields), IndexMethod.BTREE, None)
                )
            others.extend((ix.name, ix.fields, ix.method, ix.where) for ix in e.indexes)
            for pos, ix in enumerate(e.indexes):
                if ix.unique or not ix.fields:
                    continue
                n = len(ix.fields)
                later = {i.name for i in e.indexes[pos + 1 :]}
                for label, keys, method, where in others:
                    if label == ix.name or method is not ix.method or where != ix.where:
                        continue
                    if keys[:n] != ix.fields or len(keys) < n:
                        continue
                    if len(keys) == n:
                        # identical twins: report only the later of the two
                        if label in later:
                            continue
                        what = "duplicates"
                    else:
                        what = "is a prefix of"
                    yield self.finding(
                        f"index {ix.name} {what} {label} on {e.name}",
                        ix.loc,
                        e.name,
                        hint=f"drop {ix.name}: {label} serves the same lookups",
                    )
                    break


class UnusedIndex(Check):
    """An index that no query pattern uses.

    ## What it does
    Runs the query-pattern analysis and reports each declared index that serves none of the
    patterns. An index whose leading keys are a foreign key counts as used (the engine uses it for
    joins and ON DELETE cascades), and so does a unique index (it enforces a constraint). The rule
    is silent when the spec has no query patterns at all (the certainty score asks for them).

    ## Why is this bad?
    Every index slows down writes and takes memory; one that serves no known query is either
    dead weight or a sign that a query pattern is missing from the spec.

    ## Example
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          title: {type: string(200)}
        indexes:
          - {name: idx_posts_title, fields: [title]}
    query_patterns:
      - {name: Get post by ID, entity: Post, filter: [id], frequency: high}
    ```

    ## Use instead
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          title: {type: string(200)}
        indexes:
          - {name: idx_posts_title, fields: [title]}
    query_patterns:
      - {name: Get post by ID, entity: Post, filter: [id], frequency: high}
      - {name: Find post by title, entity: Post, filter: [title], frequency: medium}
    ```
    """

    code = "DM303"
    name = "unused-index"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per index no query pattern uses."""
        schema = ctx.schema
        if not schema.query_patterns:
            return
        used = used_indexes(schema, ctx.plans)
        for e in ctx.relational:
            fk_sets = [frozenset(fk.fields) for fk in e.foreign_keys]
            for ix in e.indexes:
                if ix.unique or (e.name, ix.name) in used:
                    continue
                names = ix.field_names
                if any(frozenset(names[: len(s)]) == s for s in fk_sets):
                    continue
                yield self.finding(
                    f"index {ix.name} on {e.name} serves no query pattern",
                    ix.loc,
                    e.name,
                    hint="add the query pattern it is for, or drop the index",
                )


class QueryWithoutIndex(Check):
    """A query pattern that no index serves: it scans the whole table.

    ## What it does
    Runs the query-pattern analysis: when neither the primary key, a unique field nor an index
    can reach the rows, the pattern is a full scan (O(n)). The message names the index that would
    serve it, with its CREATE INDEX. Patterns marked `index: "-"` (a scan is intended) are exempt.

    ## Why is this bad?
    A scan is fine on a small table and a disaster on a large one: cost grows with every row.
    The query patterns are the contract the schema must serve.

    ## Example
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          status: {type: string(20)}
    query_patterns:
      - {name: Posts by status, entity: Post, filter: [status], frequency: high}
    ```

    ## Use instead
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          status: {type: string(20)}
        indexes:
          - {name: idx_posts_status, fields: [status]}
    query_patterns:
      - {name: Posts by status, entity: Post, filter: [status], frequency: high}
    ```
    """

    code = "DM304"
    name = "query-without-index"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per unserved query pattern."""
        for p in ctx.plans:
            if p.served or p.accepted_scan:
                continue
            q, e = p.query, p.entity
            what = ", ".join(str(f) for f in q.filters) or ", ".join(str(o) for o in q.order_by)
            message = f"query {q.name!r} ({q.frequency.value}) scans {e.table}"
            if what:
                message += f": no index serves {what}"
            hint = 'or mark it `index: "-"` if a scan is intended'
            if p.suggestion is not None:
                message += f"; {p.suggestion.name} would"
                hint = create_index_text(e, p.suggestion) + "; " + hint
            yield self.finding(message, q.loc, e.name, hint=hint, fix=p.suggestion)


class QuerySortStep(Check):
    """A high-frequency query pattern whose index does not deliver the rows in order.

    ## What it does
    For `frequency: high` patterns with `order_by` that an index serves, checks that the order
    keys follow the equality keys in that index (in the same or fully reversed direction). If not,
    the engine sorts the matching rows on every call; the message names the index that avoids it.

    ## Why is this bad?
    A sort step reads all matching rows before returning the first: `LIMIT 20` stops being
    cheap, and memory or temp files grow with the data.

    ## Example
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid}
          created_at: {type: timestamp(tz)}
        indexes:
          - {name: idx_posts_user_id, fields: [user_id]}
    query_patterns:
      - name: Author's posts
        entity: Post
        filter: [user_id]
        order_by: [created_at desc]
        frequency: high
    ```

    ## Use instead
    ```yaml
    entities:
      Post:
        fields:
          id: {type: uuid, pk: true}
          user_id: {type: uuid}
          created_at: {type: timestamp(tz)}
        indexes:
          - {name: idx_posts_user_id_created_at, fields: [user_id, created_at desc]}
    query_patterns:
      - name: Author's posts
        entity: Post
        filter: [user_id]
        order_by: [created_at desc]
        frequency: high
    ```
    """

    code = "DM305"
    name = "query-sort-step"
    severity = Severity.WARNING

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per high-frequency pattern that needs a sort."""
        for p in ctx.plans:
            q, e = p.query, p.entity
            if not p.served or not p.sort_needed or q.frequency is not Frequency.HIGH:
                continue
            order = ", ".join(str(o) for o in q.order_by)
            message = f"high-frequency query {q.name!r} sorts by {order} after reading {p.index}"
            hint = "add an index whose keys are the equality filters, then the order"
            if p.suggestion is not None:
                message += f"; {p.suggestion.name} would return rows in order"
                hint = create_index_text(e, p.suggestion)
            yield self.finding(message, q.loc, e.name, hint=hint, fix=p.suggestion)


_PLAN_EXAMPLE = {
    PartitionMethod.RANGE: "partitions: monthly from 2024-01 to 2026-12 and default: true",
    PartitionMethod.LIST: "partitions: [{name: <table>_a, bound: \"FOR VALUES IN ('a')\"}] "
    "and default: true",
    PartitionMethod.HASH: "partitions: 4",
}


class PartitionsMissing(Check):
    """A partitioned entity that declares no partition for its rows to go to.

    ## What it does
    Looks at every relational entity with `partitioning` and reports the ones whose spec lists
    no partitions, gives no plan (`partitions: monthly from … to …`, `partitions: 4`) and asks
    for no default partition.

    ## Why is this bad?
    A partitioned table holds no rows itself: PostgreSQL rejects every INSERT with "no
    partition of relation found for row" until a partition covers it, and MariaDB refuses to
    create a RANGE or LIST partitioned table without partitions. Which partitions exist, who
    creates the next month's, and where rows outside every range go are design decisions; left
    out, they surface as a failed write in production.

    ## Example
    ```yaml
    entities:
      Event:
        fields:
          id: {type: bigint}
          at: {type: timestamp(tz), nullable: false}
        primary_key: [id, at]
        partitioning: {method: range, key: [at]}
    ```

    ## Use instead
    ```yaml
    entities:
      Event:
        fields:
          id: {type: bigint}
          at: {type: timestamp(tz), nullable: false}
        primary_key: [id, at]
        partitioning:
          method: range
          key: [at]
          partitions: monthly from 2024-01 to 2026-12
          default: true
    ```
    """

    code = "DM306"
    name = "partitions-missing"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per partitioned entity without partitions."""
        for e in ctx.relational:
            p = e.partitioning
            if p is None or p.partitions or p.default is not None:
                continue
            how = f"{p.method.value} ({', '.join(p.key)})"
            yield self.finding(
                f"{e.name} is partitioned by {how} but declares no partitions: every row is "
                "rejected until one covers it",
                p.loc,
                e.name,
                hint="declare them under partitioning: "
                + _PLAN_EXAMPLE[p.method].replace("<table>", e.table),
            )


class UniqueHashIndex(Check):
    """A unique index with the hash method.

    ## What it does
    Reports each index declared `unique: true` with `type: hash`.

    ## Why is this bad?
    PostgreSQL's hash indexes cannot enforce uniqueness: `CREATE UNIQUE INDEX … USING hash`
    fails ("access method "hash" does not support unique indexes"), and InnoDB silently builds
    a B-tree instead. A unique lookup is served as well by a B-tree, which PostgreSQL can
    make unique.

    ## Example
    ```yaml
    entities:
      Product:
        fields:
          id: {type: integer, pk: true}
          sku: {type: string(20)}
        indexes:
          - {name: idx_products_sku, fields: [sku], unique: true, type: hash}
    ```

    ## Use instead
    ```yaml
    entities:
      Product:
        fields:
          id: {type: integer, pk: true}
          sku: {type: string(20)}
        indexes:
          - {name: idx_products_sku, fields: [sku], unique: true}
    ```
    """

    code = "DM307"
    name = "unique-hash-index"
    severity = Severity.ERROR

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        """Yield one finding per unique hash index."""
        for e in ctx.relational:
            for ix in e.indexes:
                if ix.unique and ix.method is IndexMethod.HASH:
                    yield self.finding(
                        f"unique index {ix.name} on {e.name} uses the hash method, which "
                        "cannot enforce uniqueness",
                        ix.loc,
                        e.name,
                        hint="drop `type: hash` (a B-tree serves equality lookups too)",
                    )
