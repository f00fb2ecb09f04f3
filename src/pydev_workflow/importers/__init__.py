"""Importers: existing sources (SQL, DBML, ORM models, a database, Markdown) -> the model."""

from __future__ import annotations

from pydev_workflow.importers.base import Importer, ImportOptions, ImportResult
from pydev_workflow.registry import Registry

IMPORTERS: Registry[Importer] = Registry(
    "importer",
    {
        "sql": "pydev_workflow.importers.sql:import_sql",
        "dbml": "pydev_workflow.importers.dbml:import_dbml",
        "sqlalchemy": "pydev_workflow.importers.sqlalchemy:import_sqlalchemy",
        "django": "pydev_workflow.importers.django:import_django",
        "db": "pydev_workflow.importers.database:import_database",
        "markdown": "pydev_workflow.importers.markdown:import_markdown",
    },
)

__all__ = ["IMPORTERS", "ImportOptions", "ImportResult", "Importer"]
