"""The importer contract: a source in, a resolved Schema plus what could not be carried over out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.model import Schema


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Options every importer understands (each ignores what does not apply to it)."""

    dialect: str | None = None  # SQL dialect of the source (sql importer)
    strict: bool = False  # stop at the first unparseable statement
    infer_relations: bool = False  # x_id -> x / xs when the source has no FK
    schemas: tuple[str, ...] = ()  # database schemas to read (db importer); () = default
    extra_sources: tuple[str, ...] = ()  # further sources read after `source`, in order
    debug: bool = False


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import produced."""

    schema: Schema
    unsupported: tuple[str, ...] = ()  # "file:line: CREATE FUNCTION … (functions are not modelled)"
    assumptions: tuple[str, ...] = ()  # e.g. inferred relationships
    counts: tuple[tuple[str, int], ...] = ()  # ("functions", 12), ("views", 3) …


def one_source(options: ImportOptions, what: str) -> None:
    """Refuse further sources where an importer reads one (rather than ignore them)."""
    if options.extra_sources:
        extra = options.extra_sources[0]
        shown = extra if "://" not in extra else "the second source"  # a URL may hold a secret
        raise InputError(
            Problem(
                Loc(shown),
                f"{what} reads one source at a time",
                "import each on its own, then the next with --merge into the same spec",
            )
        )


class Importer(Protocol):
    """The importer signature: `source` is a path, module:attr, URL or app label."""

    def __call__(self, source: str, options: ImportOptions) -> ImportResult:  # pragma: no cover
        """Read `source` and return the model; raise InputError for unusable input."""
        ...


#: what becomes of PostgreSQL's textual json (the model's JSON is jsonb there)
JSON_AS_JSONB = (
    "json read as JSON, which PostgreSQL gets as jsonb (binary: the text's whitespace, key "
    "order and duplicate keys are not kept)"
)


_SQL_STRING = re.compile(r"('(?:[^']|'')*')")


def fold_names(text: str) -> str:
    """A native type's spelling with its names in lower case and its quoted values as written.

    `SET('Trailers','Deleted Scenes')` -> `set('Trailers','Deleted Scenes')`: a SET or ENUM
    value is data, the type name is not.
    """
    return "".join(p if p.startswith("'") else p.lower() for p in _SQL_STRING.split(text))
