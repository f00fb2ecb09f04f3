"""CLI: `init` (a first spec), `schema` (its JSON Schema) and `render` (any renderer)."""

from __future__ import annotations

import sys
from datetime import date as _date
from pathlib import Path

import typer

from pydev_workflow.cli import options as opt
from pydev_workflow.errors import ExitCode, InputError, Loc, Problem
from pydev_workflow.model import Schema
from pydev_workflow.project import Component
from pydev_workflow.renderers import RENDERERS


def today(value: str | None) -> str:
    """`value` checked as YYYY-MM-DD, or today's date."""
    if value is None:
        return _date.today().isoformat()
    try:
        return _date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(
            Problem(Loc("--date"), f"not a date: {value!r}", "use YYYY-MM-DD")
        ) from None


def register(app: typer.Typer) -> None:
    """Add init, schema and render to the data-models app."""

    @app.command()
    def init(
        project: Path = opt.PROJECT,
        spec: Path | None = opt.SPEC,
        force: bool = typer.Option(False, "--force", help="Overwrite an existing spec."),
    ) -> int:
        """Write data-models.yaml: one stub entity per ARCHITECTURE.md component."""
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow.spec import loads
        from pydev_workflow.workflow.architecture import parse_components
        from pydev_workflow.workflow.config import project_paths
        from pydev_workflow.workflow.fs import write_atomic
        from pydev_workflow.workflow.init import stub_spec
        from pydev_workflow.workflow.preflight import (
            claude_info,
            describe_conventions,
            propose_conventions,
        )

        paths = project_paths(project, spec)
        shown = paths.display(paths.spec)
        if paths.spec.exists() and not force:
            raise InputError(
                Problem(Loc(shown), "spec already exists", "edit it, or pass --force to start over")
            )
        components: tuple[Component, ...] = ()
        if paths.architecture.is_file():
            text = paths.architecture.read_text(encoding="utf-8-sig")
            components = parse_components(text, paths.display(paths.architecture))
        name = paths.root.resolve().name
        conventions = None
        if paths.claude.is_file():  # CLAUDE.md's practices become the conventions block
            practices = claude_info(paths.claude.read_text(encoding="utf-8-sig")).practices
            conventions = propose_conventions(practices)
        text = stub_spec(name, components, conventions)
        count = len(loads(text, shown).entities)  # what init writes must load
        write_atomic(paths.spec, text)
        names = ", ".join(c.name for c in components)
        typer.echo(
            f"wrote {shown}: {count} stub entit{'y' if count == 1 else 'ies'}"
            + (f" for components {names}" if components else "")
        )
        if conventions is not None:
            typer.echo(f"conventions from CLAUDE.md: {describe_conventions(conventions)}")
        typer.echo("next: edit it, then `pydev-workflow data-models check`")
        return int(ExitCode.OK)

    @app.command()
    def schema() -> int:
        """Print the JSON Schema of the spec, for editors."""
        import json

        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow.spec.jsonschema import spec_json_schema

        typer.echo(json.dumps(spec_json_schema(), indent=2))
        return int(ExitCode.OK)

    @app.command()
    def render(
        fmt: str = typer.Option(
            "markdown",
            "--format",
            "-f",
            help="One of: " + ", ".join(RENDERERS.names()) + ".",
        ),
        dialect: str | None = typer.Option(
            None, "--dialect", "-d", help="SQL dialect: postgresql, sqlite, mysql, mariadb."
        ),
        project: Path = opt.PROJECT,
        spec: Path | None = opt.SPEC,
        date: str | None = opt.DATE,
        output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE."),
        db: str | None = typer.Option(
            None,
            "--db",
            help="Render the model of this live database (a URL, read-only) instead of a spec, "
            "as `import db` would write it, in one step.",
        ),
    ) -> int:
        """Render the spec (or a live database with --db) with one renderer (stdout, or -o)."""
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow.dialects import get_dialect
        from pydev_workflow.renderers import RenderOptions
        from pydev_workflow.workflow.fs import write_atomic

        renderer = RENDERERS.get(fmt)  # unknown names get a did-you-mean
        ddl_formats = ("sql", "migration", "orm")
        if db is not None:
            model = database_model(db, fmt, spec)
            prepared = None
            if fmt in ddl_formats:
                # lazy: the pipeline's DDL context, for what the engine cannot hold
                from pydev_workflow.workflow.pipeline import prepare

                prepared = prepare(model)
        else:
            # lazy: the pipeline (design rules, DDL context) loads only for a spec
            from pydev_workflow.workflow.config import project_paths
            from pydev_workflow.workflow.pipeline import prepare_project

            prepared = prepare_project(project_paths(project, spec))  # the model `run` documents
            model = prepared.schema
        chosen = get_dialect(dialect or model.dialect).name
        text = renderer(model, RenderOptions(date=today(date), dialect=chosen))
        if prepared is not None and fmt in ddl_formats:
            # what this engine cannot hold, at the spec line
            display = get_dialect(chosen).display
            for note, loc, _ in prepared.ddl.notes(chosen):
                message = note if display in note else f"{display}: {note}"
                sys.stderr.write(f"{loc}: DM701 {message}\n")
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
            typer.echo(f"wrote {output}")
        return int(ExitCode.OK)


#: what `render --db` draws from the model as reflected: diagrams print no SQL fragment (default,
#: CHECK, index predicate), so nothing needs the spec loader's checks of them first
DIRECT_FORMATS = frozenset({"mermaid"})


def database_model(url: str, fmt: str = "mermaid", spec: Path | None = None) -> Schema:
    """The model of the live database at `url` for `render --db`, as `import db` writes it.

    The same import (`import_model`: the same reflection, the same facts the source states). A
    diagram is drawn from it directly; every other format from the spec text it dumps to,
    read back as `import db` reads back what it writes (each SQL fragment parsed, at its line),
    so `render --db` and `import db` then `render` print the same. No file is written.

    Raises:
        InputError: --spec given too, what `import db` refuses (no tables, a fragment the spec
            loader rejects).
    """
    if spec is not None:
        raise InputError(Problem(Loc("--db"), "--db and --spec both given", "pass one"))
    # lazy: only --db reads a database (SQLAlchemy and the driver load here)
    from pydev_workflow.importers import ImportOptions
    from pydev_workflow.importers.facts import import_model

    imported = import_model("db", [url], ImportOptions(), purpose="render")
    if fmt in DIRECT_FORMATS:
        return imported.schema
    # lazy: the spec's writer and loader, for the formats that print SQL fragments
    from pydev_workflow.spec.dump import dumps
    from pydev_workflow.spec.load import loads

    header = f"Imported by pydev-workflow from db: {imported.named}"
    return loads(dumps(imported.schema, header=header), imported.named)
