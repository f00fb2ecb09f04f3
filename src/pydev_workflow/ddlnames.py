"""Names the DDL gives what the spec leaves unnamed, shared by checks, DDL, importers and ORM.

A leaf module (it needs only the model), so that the DDL builder, the SQL importer and the ORM
renderer can name a foreign key the way the naming checks measure it without importing checks.
"""

from __future__ import annotations

from pydev_workflow.model import Entity


def fk_constraint_name(entity: Entity, fields: tuple[str, ...]) -> str:
    """The name the DDL gives an unnamed foreign key: fk_<table>_<fields> (as in the seed)."""
    return f"fk_{entity.table}_{'_'.join(fields)}"
