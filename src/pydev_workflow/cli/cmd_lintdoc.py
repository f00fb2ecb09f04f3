"""CLI: `lint-doc FILE` — is a hand-written Data Models section consistent with itself?"""

from __future__ import annotations

from pathlib import Path

import typer

from pydev_workflow.cli import options as opt
from pydev_workflow.errors import ExitCode, InputError, Loc, Problem


def register(app: typer.Typer) -> None:
    """Add `lint-doc` to the data-models app."""

    @app.command(name="lint-doc")
    def lint_doc(
        document: Path = typer.Argument(
            ..., help="The Markdown file holding the Data Models section, e.g. ARCHITECTURE.md."
        ),
        fmt: str = opt.FORMAT,
    ) -> int:
        """Report every inconsistency between the ERD, the tables and the SQL of the section.

        Exit 0 when consistent, 1 when not, 2 when the file cannot be read.
        """
        from pydev_workflow.lintdoc import format_json, format_text, lint_document

        if fmt not in ("text", "json"):
            raise InputError(Problem(Loc("--format"), f"unknown format {fmt!r}", "text or json"))
        findings = lint_document(document)
        typer.echo(format_json(findings) if fmt == "json" else format_text(findings), nl=False)
        if fmt == "json":
            typer.echo("")
        return int(ExitCode.FINDINGS if findings else ExitCode.OK)
