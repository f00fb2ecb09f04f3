"""CLI: `lint-doc FILE` — is a hand-written Data Models section consistent with itself?"""

from __future__ import annotations

import sys
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
        project: Path = opt.PROJECT,
        fmt: str = opt.REPORT_FORMAT,
        exit_zero: bool = opt.EXIT_ZERO,
        design: bool = typer.Option(
            False,
            "--design",
            help="Also run the design rules (DM…) on the section's model, as `check` does.",
        ),
        select: list[str] | None = typer.Option(
            None,
            "--select",
            help="Only codes with these prefixes (MD1, MD105; DM3 runs the design rules; ALL); "
            "repeatable.",
        ),
        ignore: list[str] | None = typer.Option(
            None, "--ignore", help="Skip codes with these prefixes (MD…, DM…); repeatable."
        ),
        dialect: list[str] | None = opt.DIALECT,
    ) -> int:
        """Report every inconsistency between the ERD, the tables and the SQL of the section.

        With --design (or a DM code in --select) the design rules of `check` run on the model
        the section describes, in the same list. Exit 0 when clean, 1 on findings, 2 when the
        file cannot be read.
        """
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow import report
        from pydev_workflow.lintdoc import format_json, format_text, prepare_document, wants_design
        from pydev_workflow.workflow.config import project_paths

        fmt = report.output_format(fmt)
        sel = opt.split_list(select)
        design = design or wants_design(sel)
        prepared = prepare_document(
            document,
            project_paths(project),
            select=sel,
            ignore=opt.split_list(ignore),
            dialects=opt.split_list(dialect),
            design=design,
        )
        findings = prepared.findings if design else prepared.doc_findings
        if fmt == "json":
            sys.stdout.write(format_json(findings) + "\n")
        elif fmt in ("sarif", "github"):
            sys.stdout.write(report.machine(fmt, findings))
        else:
            sys.stdout.write(format_text(findings, design))
        failed = any(f.severity.fails for f in findings)
        return int(ExitCode.FINDINGS if failed and not exit_zero else ExitCode.OK)
