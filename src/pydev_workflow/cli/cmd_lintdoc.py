"""CLI: `lint-doc FILE` — is a hand-written Data Models section consistent with itself?"""

from __future__ import annotations

from pathlib import Path

import typer

from pydev_workflow.cli import options as opt
from pydev_workflow.errors import ExitCode


def register(app: typer.Typer) -> None:
    """Add `lint-doc` to the data-models app."""

    @app.command(name="lint-doc")
    def lint_doc(
        document: Path = typer.Argument(
            ..., help="The Markdown file holding the Data Models section, e.g. ARCHITECTURE.md."
        ),
        fmt: str = opt.REPORT_FORMAT,
        exit_zero: bool = opt.EXIT_ZERO,
    ) -> int:
        """Report every inconsistency between the ERD, the tables and the SQL of the section.

        Exit 0 when consistent, 1 when not, 2 when the file cannot be read.
        """
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow import __version__, report
        from pydev_workflow.lintdoc import format_json, format_text, lint_document

        fmt = report.output_format(fmt)
        findings = lint_document(document)
        if fmt == "json":
            typer.echo(format_json(findings))
        elif fmt == "sarif":
            doc = report.sarif(report.records(findings), report.all_rules(), __version__)
            typer.echo(report.dumps(doc), nl=False)
        elif fmt == "github":
            typer.echo(report.github(report.records(findings)), nl=False)
        else:
            typer.echo(format_text(findings), nl=False)
        return int(ExitCode.FINDINGS if findings and not exit_zero else ExitCode.OK)
