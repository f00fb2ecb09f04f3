"""The importer contract: a source in, a resolved Schema plus what could not be carried over out."""

from __future__ import annotations

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
