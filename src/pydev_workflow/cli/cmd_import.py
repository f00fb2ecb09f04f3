"""CLI: `import KIND SOURCE…` — any registered importer to a spec file, written atomically."""

# lazy: rich — only a terminal gets the spinner; --help and piped runs never load Rich
from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pydev_workflow.errors import ExitCode, InputError, Loc, Problem
from pydev_workflow.importers import IMPORTERS
from pydev_workflow.model import Schema

if TYPE_CHECKING:
    from pydev_workflow.forked import WaitingChild

#: how many not-carried-over statements are listed one by one before "… and N more"
SHOWN = 20


def register(app: typer.Typer) -> None:
    """Add `import` to the data-models app."""

    @app.command(name="import")
    def import_(
        kind: str = typer.Argument(
            ..., help="What to read: " + ", ".join(IMPORTERS.names()) + ".", show_default=False
        ),
        sources: list[str] = typer.Argument(
            ...,
            help="File(s), module:attr, app label or database URL. Several SQL files are read "
            "in order as one script.",
            show_default=False,
        ),
        output: Path = typer.Option(
            Path("data-models.yaml"), "--output", "-o", help="The spec file to write."
        ),
        merge: bool = typer.Option(
            False, "--merge", help="Merge into the existing spec, keeping your prose and decisions."
        ),
        dialect: str | None = typer.Option(
            None, "--dialect", "-d", help="SQL dialect of the source: postgresql, mysql, sqlite."
        ),
        strict: bool = typer.Option(
            False, "--strict", help="Stop at the first statement that does not parse (exit 2)."
        ),
        infer_relations: bool = typer.Option(
            False, "--infer-relations", help="Guess missing foreign keys from names (x_id -> x)."
        ),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing spec."),
        verbose: bool = typer.Option(
            False, "--verbose", "-v", help="List everything not carried over, not just counts."
        ),
    ) -> int:
        """Import a model from SQL, DBML, ORM models, a database or Markdown into a spec."""
        # a small source: the summary's child starts first, its start-up alongside ours
        early = _early_checks(sources)
        try:
            # lazy: a command loads its modules when it runs; --help loads none of them
            from pydev_workflow.importers import ImportOptions
            from pydev_workflow.importers.facts import import_model
            from pydev_workflow.spec.load import load
            from pydev_workflow.workflow.fs import write_atomic

            IMPORTERS.get(kind)  # an unknown kind gets a did-you-mean, before anything is read
            shown = str(output)
            if output.exists() and not (merge or force):
                raise InputError(
                    Problem(
                        Loc(shown), "spec already exists", "pass --merge, or --force to replace it"
                    )
                )
            options = ImportOptions(dialect=dialect, strict=strict, infer_relations=infer_relations)
            imported = import_model(kind, sources, options, busy=_spinner)
            result, schema = imported.result, imported.schema
            notes: tuple[str, ...] = ()
            if merge and output.exists():
                # lazy: only --merge reads the spec it merges into
                from pydev_workflow.importers.merge import merge_report

                schema, notes = merge_report(load(output, shown), schema)
            header = f"Imported by pydev-workflow from {kind}: {imported.named}"
            text, reloaded, summary = _dump_and_check(schema, header, output, early)
        finally:
            if early is not None:
                early.stop()
        write_atomic(output, text)
        echo = typer.echo
        echo(
            f"wrote {shown}: {len(reloaded.entities)} entities, "
            f"{len(reloaded.relationships)} relationships"
        )
        if result.counts:
            echo("not carried over (counts): " + ", ".join(f"{k} {n}" for k, n in result.counts))
        listed = result.unsupported if verbose else result.unsupported[:SHOWN]
        for line in listed:
            echo(f"  {line}", err=True)
        if len(result.unsupported) > len(listed):
            echo(f"  … and {len(result.unsupported) - len(listed)} more (--verbose)", err=True)
        for line in result.assumptions:
            echo(f"assumption: {line}")
        for line in imported.facts:
            echo(f"stated by the source: {line}")
        for line in notes:
            echo(f"merge: {line}")
        for line in summary or _summary(reloaded, output):
            echo(line)
        return int(ExitCode.OK)


def _spinner(text: str) -> AbstractContextManager[object]:
    """A spinner on a terminal (big databases and dumps take seconds); nothing when piped.

    rich is imported only for a terminal: piped, the import is one module lighter.
    """
    import sys

    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(text)


#: sources smaller than this (bytes, all files) get the summary's child forked before the import:
#: its start-up (the rules, SQLAlchemy) overlaps the import, and the small model it is then
#: sent costs little to pickle; a bigger model is inherited by a child forked after the import
EARLY_BELOW = 200_000


def _early_checks(sources: list[str]) -> WaitingChild[tuple[str, str]] | None:
    """The summary's child, forked now for a small source (None: fork after the import)."""
    import os

    # lazy: a command loads its modules when it runs; --help loads none of them
    from pydev_workflow.forked import fork_waiting

    if not all(os.path.isfile(s) for s in sources):  # a database URL, module:attr, an app label
        return None
    if sum(os.path.getsize(s) for s in sources) >= EARLY_BELOW:
        return None
    return fork_waiting(_summary_of, _warm)


def _warm() -> None:
    """In the early child: load what the summary's checks load, while the parent imports."""
    import importlib

    # lazy: the child's start-up, done before the model arrives (the rules compile DDL with it)
    for name in ("sqlalchemy", "pydev_workflow.workflow.pipeline"):
        importlib.import_module(name)


def _summary_of(args: tuple[Schema, Path]) -> tuple[str, str]:
    return _summary(*args)


def _dump_and_check(
    schema: Schema, header: str, output: Path, early: WaitingChild[tuple[str, str]] | None
) -> tuple[str, Schema, tuple[str, str] | None]:
    """The spec text, the model it reloads to, and the summary's lines when a child made them.

    The summary's checks run in a child (`early`, or one forked now that inherits the model)
    while the spec is dumped and reloaded. The child checks the model the spec is dumped from:
    its lines hold for the spec when the spec reloads to an equal model (locations aside);
    otherwise they are None and the caller checks the reloaded spec itself.
    """
    # lazy: a command loads its modules when it runs; --help loads none of them
    from pydev_workflow.forked import fork_call
    from pydev_workflow.spec.dump import dumps
    from pydev_workflow.spec.load import loads

    shown = str(output)
    checked = replace(schema, source=shown)
    checking = early.send((checked, output)) if early else fork_call(_summary, checked, output)
    try:
        text = dumps(schema, header=header)
        reloaded = loads(text, shown)  # it loads before anything is written (not re-read)
        summary = checking.result() if checking and reloaded == schema else None
    finally:
        if checking is not None:
            checking.stop()
    return text, reloaded, summary


def _summary(schema: Schema, spec: Path) -> tuple[str, str]:
    """The imported model through the same design rules and certainty score as `check`.

    Two lines: the findings by code with the certainty score, and the command that details them.
    """
    from collections import Counter

    # lazy: the design rules load only when an import is checked
    from pydev_workflow.workflow.pipeline import prepare

    result = prepare(schema)
    findings, certainty = result.findings, result.certainty
    by_code = Counter(f.code for f in findings)
    summary = ", ".join(f"{code} ×{n}" for code, n in sorted(by_code.items())) or "no findings"
    return (
        f"checks: {summary}; certainty {certainty.score:.0f}%",
        f"next: `pydev-workflow data-models check --spec {spec}` for the details",
    )
