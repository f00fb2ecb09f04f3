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
            "as `import db` would write it, in one step (--format mermaid).",
        ),
    ) -> int:
        """Render the spec (or a live database with --db) with one renderer (stdout, or -o)."""
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow.dialects import get_dialect
        from pydev_workflow.renderers import RenderOptions
        from pydev_workflow.workflow.fs import write_atomic

        renderer = RENDERERS.get(fmt)  # unknown names get a did-you-mean
        if db is not None:
            model, prepared = database_model(db, fmt, spec), None
        else:
            # lazy: the pipeline (design rules, DDL context) loads only for a spec
            from pydev_workflow.workflow.config import project_paths
            from pydev_workflow.workflow.pipeline import prepare_project

            prepared = prepare_project(project_paths(project, spec))  # the model `run` documents
            model = prepared.schema
        chosen = get_dialect(dialect or model.dialect).name
        text = renderer(model, RenderOptions(date=today(date), dialect=chosen))
        if prepared is not None and fmt in ("sql", "migration", "orm"):
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


#: what `render --db` renders: diagrams, which print no SQL fragment (default, CHECK, index
#: predicate) of the model, and come out as `import db` + `render` make them (a test says so)
DB_FORMATS = frozenset({"mermaid"})


def database_model(url: str, fmt: str = "mermaid", spec: Path | None = None) -> Schema:
    """The model of the live database at `url` for `render --db`, as `import db` writes it.

    The same reflection, the same facts the source states (relational tables on its engine);
    no spec file in between, so no YAML is written or read. Its SQL fragments are
    not parsed: a diagram prints none (the spec loader checks them when a spec is written).

    Raises:
        InputError: --spec given too, a format other than DB_FORMATS, and what `import db`
            refuses (no tables).
    """
    if spec is not None:
        raise InputError(Problem(Loc("--db"), "--db and --spec both given", "pass one"))
    if fmt not in DB_FORMATS:
        raise InputError(
            Problem(
                Loc("--db"),
                f"--db renders {', '.join(sorted(DB_FORMATS))} only",
                f"`import db URL` first, then `render --format {fmt}` of that spec",
            )
        )
    # lazy: only --db reads a database (SQLAlchemy and the driver load here)
    from pydev_workflow.importers import ImportOptions
    from pydev_workflow.importers.database import import_database
    from pydev_workflow.importers.facts import stated_facts
    from pydev_workflow.verify.urls import redact

    result = import_database(url, ImportOptions())
    if not result.schema.entities:
        raise InputError(Problem(Loc(redact(url)), "found no tables to render"))
    schema, _ = stated_facts(result.schema, "db", redact(url))
    return schema
