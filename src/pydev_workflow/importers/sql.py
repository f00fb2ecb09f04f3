"""Import SQL DDL (PostgreSQL, MySQL/MariaDB, SQLite scripts and dumps) into the model.

The work is cut into small parts: sqlsplit.py splits a script into statements, sqlstatements.py
hands each to its handler (sqltable.py, sqlalter.py, sqlobjects.py), which read types and
defaults with sqltypes.py into one sqlstate.ImportState; sqlfinish.py turns that into the model.
This module is the entry point and reports what the model calls but does not carry.
"""

from __future__ import annotations

import gc
import gzip
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import sqlglot
from sqlglot import exp

from pydev_workflow.dialects import get_dialect
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.importers.base import ImportOptions, ImportResult
from pydev_workflow.importers.infer import infer_foreign_keys, relationships
from pydev_workflow.importers.sqlfinish import drop_default_names, finish, spec_fk_order
from pydev_workflow.importers.sqlparallel import PARALLEL_FROM, read_statements
from pydev_workflow.importers.sqlsplit import Lines, mysql_only_comments, split_statements
from pydev_workflow.importers.sqlstate import SQLGLOT_DIALECTS, ImportState
from pydev_workflow.model import DefaultKind, Entity, Schema
from pydev_workflow.spec.resolve import resolve

__all__ = [
    "SQLGLOT_DIALECTS",
    "called_functions",
    "drop_default_names",
    "import_sql",
    "import_sql_text",
    "read_source",
    "spec_fk_order",
]


def _guess_dialect(text: str) -> str:
    if "`" in text or re.search(r"\bAUTO_INCREMENT\b|\bENGINE\s*=", text, re.I):
        return "mysql"
    if re.search(r"\bAUTOINCREMENT\b|CREATE\s+TABLE\s+\[", text, re.I):
        return "sqlite"
    return "postgresql"


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a script is read.

    Each statement's sqlglot tree is a cycle (every node points at its parent) that only the
    collector frees, while the tables read so far pile up as long-lived objects: at the default
    threshold (700 allocations) the full collections that follow cost a fifth of a 5,000-table
    import. Garbage is still collected, in batches of 10,000 allocations; the thresholds are
    restored after.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 10_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def import_sql_text(
    sources: list[tuple[str, str]],
    options: ImportOptions,
    project: str = "",
    *,
    parallel_from: int = PARALLEL_FROM,
) -> ImportResult:
    """Import SQL from (display name, text) pairs, read in order as one script.

    A script of `parallel_from` characters or more is read on two cores (sqlparallel.py), with
    the same result.
    """
    with _fewer_collections():
        return _import_sql_text(sources, options, project, parallel_from)


def _import_sql_text(
    sources: list[tuple[str, str]], options: ImportOptions, project: str, parallel_from: int
) -> ImportResult:
    assumptions: list[str] = []
    if options.dialect:
        dialect = get_dialect(options.dialect).name
    else:
        dialect = _guess_dialect("\n".join(text[:20000] for _, text in sources))
        assumptions.append(f"dialect not given: read as {dialect} (pass --dialect to choose)")
    state = ImportState(dialect, options.strict)
    state.assumptions.extend(assumptions)
    statements = [st for name, text in sources for st in split_statements(text, name, dialect)]
    if state.engine.hash_comments:
        for name, text in sources:
            _mysql_only(state, name, text)
    read_statements(state, statements, sum(len(t) for _, t in sources), parallel_from)
    schema = finish(state, project)
    if options.infer_relations:
        schema, inferred = infer_foreign_keys(schema)
        state.assumptions.extend(inferred)
    schema = replace(schema, relationships=relationships(schema))
    schema, problems = resolve(schema)
    if problems:  # a bug here, not bad input: the importer must produce a consistent model
        raise InputError(problems)
    # statements that did not parse matter most: list them first, then the functions the model
    # calls but does not carry (an engine without them rejects what calls them)
    failed = [u for u in state.unsupported if ": cannot read" in u]
    rest = [u for u in state.unsupported if ": cannot read" not in u]
    calls = called_functions(schema, dialect, state.functions)
    return ImportResult(
        schema=schema,
        unsupported=tuple(failed + calls + rest),
        assumptions=tuple(state.assumptions),
        counts=tuple(sorted(state.counts.items())),
    )


def _mysql_only(state: ImportState, name: str, text: str) -> None:
    """List the executable comments only MySQL 5.7 and newer runs (MariaDB skips them)."""
    found = mysql_only_comments(text)
    lines = Lines(text) if found else None
    for at, comment in found:
        assert lines is not None
        line, col = lines.at(at)
        state.counts["MySQL-only executable comments (5.7 and newer)"] += 1
        shown = " ".join(comment.split())[:70]
        state.unsupported.append(
            f"{Loc(name, line, col)}: {shown} (runs on MySQL 5.7 and newer only, MariaDB "
            "skips it: not read)"
        )


# words sqlglot may read as a call: `x <> ALL (ARRAY[…])`
_NOT_FUNCTIONS = frozenset({"all", "any", "some", "exists", "array", "row", "values", "in"})


def _expressions(e: Entity) -> Iterable[tuple[str, str]]:
    """(what, SQL text) of every expression of entity `e` an engine evaluates."""
    for f in e.fields:
        if f.check:
            yield f"CHECK of {e.table}.{f.name}", f.check
        if f.default is not None and f.default.kind is DefaultKind.SQL and f.default.value:
            yield f"default of {e.table}.{f.name}", f.default.value
    for c in e.checks:
        yield f"CHECK {c.name or ''} of {e.table}".replace("  ", " "), c.expression
    for ix in e.indexes:
        for k in ix.fields:
            if k.expression:
                yield f"index {ix.name} on {e.table}", k.name
        if ix.where:
            yield f"index {ix.name} on {e.table}", ix.where


def called_functions(
    schema: Schema,
    dialect: str,
    defined: dict[str, tuple[str, Loc]] | None = None,
    source: str = "",
) -> list[str]:
    """What the model calls but does not carry: one line per SQL function, naming its callers.

    A function is reported when the source defines it (CREATE FUNCTION, which is not
    modelled) or when sqlglot does not know it as a built-in (an extension's, a newer
    engine's, or one defined elsewhere). An engine without it rejects each table or index
    that calls it, so the line says which.

    Args:
        schema: the imported model.
        dialect: our dialect name of the source.
        defined: functions the source creates: lower-case (qualified) name -> (name, loc).
        source: the file named where an entity has no location of its own (DBML).
    """
    read = SQLGLOT_DIALECTS.get(dialect, "postgres")
    defined = defined or {}
    by_short: dict[str, str] = {k.rsplit(".", 1)[-1]: k for k in defined}
    callers: dict[str, list[str]] = {}
    tables: dict[str, set[str]] = {}
    first: dict[str, Loc] = {}
    parsed: dict[str, list[str]] = {}
    for e in schema.entities:
        for what, text in _expressions(e):
            names = parsed.get(text)
            if names is None:
                try:
                    tree = sqlglot.parse_one("SELECT " + text, read=read)
                except Exception:  # noqa: BLE001 - an expression sqlglot cannot read: no calls
                    tree = None
                names = []
                for node in tree.find_all(exp.Anonymous) if tree is not None else ():
                    name = str(node.name)
                    parent = node.parent
                    if isinstance(parent, exp.Dot) and parent.expression is node:
                        name = f"{parent.this.name}.{name}"
                    names.append(name)
                parsed[text] = names
            for name in names:
                key = name.lower()
                if key.rsplit(".", 1)[-1] in _NOT_FUNCTIONS:
                    continue
                key = key if key in defined else by_short.get(key.rsplit(".", 1)[-1], key)
                if what not in callers.setdefault(key, []):
                    callers[key].append(what)
                tables.setdefault(key, set()).add(e.table)
                first.setdefault(key, e.loc if e.loc.file else Loc(source))
    out = []
    for key in sorted(callers):
        who = callers[key]
        shown = ", ".join(who[:3]) + (f", … ({len(who)} in all)" if len(who) > 3 else "")
        if key in defined:
            name, loc = defined[key]
            n, t = len(who), len(tables[key])
            out.append(
                f"{loc}: function {name} is not carried over (functions: not modelled), yet "
                f"{n} expression{'s' * (n != 1)} on {t} table{'s' * (t != 1)} "
                f"call{'s' * (n == 1)} it ({shown}): an engine without it rejects them; "
                "create it there first"
            )
        else:
            out.append(
                f"{first[key]}: function {key} is called ({shown}) but neither defined in the "
                "source nor a built-in sqlglot knows: the engine must provide it (an "
                "extension, a newer version, or a function created elsewhere)"
            )
    return out


#: the magic number of a gzip file (RFC 1952): `pg_dump | gzip`, Debian's schema.sql.gz
_GZIP_MAGIC = b"\x1f\x8b"


def read_source(path: str) -> str:
    """The text of a source file (gzip-compressed or not), or an InputError saying why not."""
    p = Path(path)
    try:
        raw = p.read_bytes()
        if raw.startswith(_GZIP_MAGIC):
            raw = gzip.decompress(raw)
    except FileNotFoundError:
        raise InputError(Problem(Loc(path), "file not found")) from None
    except OSError as exc:  # gzip's BadGzipFile is one too: a truncated or broken archive
        why = exc.strerror or str(exc)
        raise InputError(Problem(Loc(path), f"cannot read: {why}")) from None
    except EOFError:
        raise InputError(Problem(Loc(path), "cannot read: the gzip file is truncated")) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(Problem(Loc(path, line, 1), "not UTF-8 text")) from None


def import_sql(source: str, options: ImportOptions) -> ImportResult:
    """Import SQL DDL files: `source`, then `options.extra_sources`, read as one script.

    CREATE TABLE (every constraint form), CREATE TYPE … AS ENUM, CREATE DOMAIN (as the base
    type), CREATE INDEX, ALTER TABLE … ADD CONSTRAINT / SET DEFAULT / ATTACH PARTITION,
    COMMENT ON, PARTITION BY / PARTITION OF and serial/identity columns are modelled; other
    statements are counted and listed in the result.
    """
    paths = (source, *getattr(options, "extra_sources", ()))
    texts = [(p, read_source(p)) for p in paths]
    return import_sql_text(texts, options)
