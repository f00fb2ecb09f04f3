"""Names the DDL gives what the spec leaves unnamed, shared by checks, DDL, importers and ORM.

A leaf module (it needs only the model), so that the DDL builder, the SQL importer and the ORM
renderer can name a foreign key the way the naming checks measure it without importing checks.
"""

from __future__ import annotations

import hashlib

from pydev_workflow.model import Entity

#: the longest generated name: PostgreSQL keeps 63 bytes of a name (NAMEDATALEN - 1), MySQL and
#: MariaDB 64 characters; SQLite has no limit
GENERATED_NAME_BYTES = 63


def generated_name(prefix: str, table: str, parts: tuple[str, ...] | list[str]) -> str:
    """`<prefix>_<table>_<parts…>`, the name the tool gives what the spec leaves unnamed.

    Longer than every engine keeps (GENERATED_NAME_BYTES), it is cut and ends with 8 hex digits
    of the whole name's hash, so two long names stay two names and each run gives the same one
    (PostgreSQL would cut it silently, and SQLAlchemy refuses it).
    """
    name = "_".join((prefix, table, *parts))
    data = name.encode("utf-8")
    if len(data) <= GENERATED_NAME_BYTES:
        return name
    digest = hashlib.sha1(data).hexdigest()[:8]
    head = data[: GENERATED_NAME_BYTES - 9].decode("utf-8", errors="ignore")
    return f"{head}_{digest}"


def fk_constraint_name(entity: Entity, fields: tuple[str, ...]) -> str:
    """The name the DDL gives an unnamed foreign key: fk_<table>_<fields> (as in the seed)."""
    return generated_name("fk", entity.table, fields)


def fk_constraint_names(entity: Entity) -> tuple[str, ...]:
    """The name of each foreign key of `entity`, in order: the spec's, else fk_<table>_<fields>.

    Two keys on the same columns (to two parents) would get one generated name, which the
    engine refuses for the second: a generated name already taken in the table gets _2, _3…
    """
    taken = {fk.name.lower() for fk in entity.foreign_keys if fk.name}
    out: list[str] = []
    for fk in entity.foreign_keys:
        if fk.name:
            out.append(fk.name)
            continue
        base = fk_constraint_name(entity, fk.fields)
        name, i = base, 2
        while name.lower() in taken:
            name, i = f"{base}_{i}", i + 1
        taken.add(name.lower())
        out.append(name)
    return tuple(out)
