"""CLI: `run`, the whole of step 03, printed phase by phase (or as JSON for agents)."""

# lazy: rich — only text output prints through Rich; --help, json, sarif and github never load it
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pydev_workflow.cli import options as opt
from pydev_workflow.cli.cmd_spec import today
from pydev_workflow.errors import ExitCode, InputError, Loc, Problem

if TYPE_CHECKING:
    from pydev_workflow.workflow.run import RunResult

_STYLE = {
    "banner": ("", "bold"),
    "phase": ("\n", "bold cyan"),
    "ok": ("  ✓ ", "green"),
    "fail": ("  ✗ ", "red"),
    "warn": ("  ! ", "yellow"),
    "info": ("  · ", ""),
    "question": ("  ? ", "bold yellow"),
    "answer": ("  ", "bold"),
    "evidence": ("      - ", "dim"),
}


def _splits(values: list[str] | None) -> tuple[str, ...]:
    return tuple(p.strip() for v in values or [] for p in v.split(",") if p.strip())


def register(app: typer.Typer) -> None:
    """Add `run` to the data-models app."""

    @app.command()
    def run(
        project: Path = opt.PROJECT,
        spec: Path | None = opt.SPEC,
        date: str | None = opt.DATE,
        fmt: str = opt.REPORT_FORMAT,
        exit_zero: bool = opt.EXIT_ZERO,
        no_commit: bool = typer.Option(False, "--no-commit", help="Write the docs, do not commit."),
        push: bool = typer.Option(False, "--push", help="Push to origin after committing."),
        skip_preflight: bool = typer.Option(
            False, "--skip-preflight", help="Continue when the pre-flight fails."
        ),
        check: bool = typer.Option(
            False,
            "--check",
            help="CI: exit 1 with a diff when ARCHITECTURE.md/DEV_LOG.md are stale; write nothing.",
        ),
        verify: list[str] | None = typer.Option(
            None,
            "--verify",
            help="Prove the model on engines: sqlite, postgresql, mariadb or database URLs "
            "(an engine name takes its URL from $PYDEV_WORKFLOW_DB_URL or [tool.pydev-workflow] "
            "db in pyproject.toml, else the local server).",
        ),
        rows: int = typer.Option(1000, "--rows", help="Rows per entity for --verify (>= 1)."),
        in_place: bool = typer.Option(
            False,
            "--in-place",
            help="--verify even in databases that already hold tables (a sandbox in them; only "
            "what verify creates is dropped).",
        ),
        select: list[str] | None = typer.Option(None, "--select", help="Only these check codes."),
        ignore: list[str] | None = typer.Option(None, "--ignore", help="Skip these check codes."),
        interactive: bool | None = typer.Option(
            None,
            "--interactive/--no-interactive",
            help="Below 80%, ask the questions one by one and write the answers into the spec "
            "(default: on a terminal, not with --format json or CI).",
        ),
    ) -> int:
        """Do step 03: pre-flight, phases 1-4, write the docs, commit, checkpoint."""
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow import report as out
        from pydev_workflow.workflow.config import project_paths
        from pydev_workflow.workflow.run import RunOptions, run_step

        fmt = out.output_format(fmt)
        if verify and rows < 1:
            # 0 rows would write "verified at 0 rows" into the documents: nothing was measured
            raise InputError(
                Problem(Loc("--rows"), "--rows must be at least 1", "e.g. --rows 1000")
            )
        paths = project_paths(project, spec)
        options = RunOptions(
            paths=paths,
            date=today(date),
            commit=not no_commit and not check,
            push=push,
            skip_preflight=skip_preflight,
            check=check,
            verify=_splits(verify),
            verify_rows=rows,
            verify_in_place=in_place,
            select=_splits(select),
            ignore=_splits(ignore),
        )
        if fmt != "text":
            result = run_step(options, lambda kind, text: None)  # never asks: agents read JSON
            if fmt == "json":
                sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
            else:  # the design's findings, then every engine's verification findings
                sys.stdout.write(out.machine(fmt, [*result.findings, *result.verify_findings]))
            return _exit(result, exit_zero)

        from rich.console import Console
        from rich.markup import escape

        console = Console(highlight=False, soft_wrap=True)

        def report(kind: str, text: str) -> None:
            prefix, style = _STYLE.get(kind, ("  ", ""))
            body = escape(text)
            console.print(f"{prefix}[{style}]{body}[/]" if style else f"{prefix}{body}")

        if _interactive(interactive, check):
            from dataclasses import replace

            # lazy: the prompt's modules load only on a terminal
            from pydev_workflow.workflow.answers import ask

            options = replace(options, ask=lambda points: ask(points, console))
        result = run_step(options, report)
        if result.diff:
            sys.stdout.write("\n" + result.diff)
        return _exit(result, exit_zero)


def _exit(result: RunResult, exit_zero: bool) -> int:
    """The run's exit code, with --exit-zero turning only findings (1) into 0.

    Never hidden: stale docs under --check, input errors (2), open questions (3), a refused
    commit (4), a bug (70).
    """
    if exit_zero and result.code is ExitCode.FINDINGS and not result.diff:
        return int(ExitCode.OK)
    return int(result.code)


def _interactive(flag: bool | None, check: bool) -> bool:
    """Ask at the prompt: as told, else only on a terminal outside CI (never for --check)."""
    import os

    if check:
        return False
    if flag is not None:
        return flag
    return sys.stdin.isatty() and sys.stdout.isatty() and not os.environ.get("CI")
