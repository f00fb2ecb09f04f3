"""CLI: `verify`, the model proved on a real engine (SQLite in memory by default)."""

# lazy: rich — only text output prints through Rich; --help, json, sarif and github never load it
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from pydev_workflow.cli import options as opt
from pydev_workflow.errors import ExitCode, InputError, Loc, Problem


def render_text(report: Any, width: int | None = None) -> str:
    """The report as Rich tables (plain text when not a terminal)."""
    import io

    from rich.console import Console
    from rich.table import Table

    # markup off: a name such as `[a]` is text, not a Rich style tag
    console = Console(
        record=True, width=width or 140, file=io.StringIO(), markup=False, highlight=False
    )
    console.print(
        f"verify on {report.engine} ({report.target}), sandbox {report.sandbox}, "
        f"scales {', '.join(map(str, report.scales))} rows"
    )
    if report.differences:
        t = Table(title="Round trip")
        for col in ("Code", "Subject", "Difference"):
            t.add_column(col)
        for d in report.differences:
            t.add_row(d.code + ("" if d.is_finding else " (note)"), d.subject, d.message)
        console.print(t)
    elif any(f.code == "V301" for f in report.findings):
        console.print("round trip: not compared (the engine rejected the DDL, see below)")
    else:
        console.print("round trip: 0 differences")
    if report.queries:
        t = Table(title="Query patterns")
        for col in (
            "Query",
            "Frequency",
            "Access path",
            "Analysis",
            "Complexity",
            "Time per scale",
        ):
            t.add_column(col)
        for q in report.queries:
            times = " → ".join(
                f"{m.seconds * 1000:.2f} ms @ {m.table_rows}" for m in q.measurements
            )
            t.add_row(
                q.pattern.name,
                q.pattern.frequency.value,
                str(q.access),
                q.static_index,
                q.complexity,
                times,
            )
        console.print(t)
    for f in report.findings:
        console.print(
            f"{f.loc}: {f.code} {f.message}" + ("" if f.severity.value == "error" else " (note)")
        )
    for m in report.messages:
        console.print(f"note: {m}")
    for s in report.loads:
        console.print(
            f"loaded {s.rows} rows in {s.seconds:.2f} s ({s.rows_per_second:,.0f} rows/s)"
        )
    console.print("result: " + ("findings" if report.has_findings else "ok"))
    return console.export_text()


def register(app: typer.Typer) -> None:
    """Add `verify` to the data-models app."""

    @app.command()
    def verify(
        project: Path = opt.PROJECT,
        spec: Path | None = opt.SPEC,
        db: str | None = typer.Option(
            None,
            "--db",
            help="Database URL (postgresql://…, mysql+pymysql://…, mariadb://…, "
            "sqlite:///file.db) or engine name; default: $PYDEV_WORKFLOW_DB_URL, else "
            "[tool.pydev-workflow] db in pyproject.toml, else SQLite in memory.",
        ),
        rows: int = typer.Option(2000, "--rows", "-n", help="Rows per table at the largest scale."),
        in_place: bool = typer.Option(
            False, "--in-place", help="Run even if the target database already has tables."
        ),
        fmt: str = opt.REPORT_FORMAT,
        exit_zero: bool = opt.EXIT_ZERO,
    ) -> int:
        """Apply the DDL in a throwaway sandbox, round-trip it, and measure every query pattern."""
        import signal

        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow import report as out
        from pydev_workflow.verify.core import verify as run_verify
        from pydev_workflow.verify.urls import configured_urls, resolve
        from pydev_workflow.workflow.config import project_paths
        from pydev_workflow.workflow.pipeline import prepare_project

        fmt = out.output_format(fmt)
        if rows < 1:
            raise InputError(Problem(Loc("--rows"), "--rows must be at least 1"))
        paths = project_paths(project, spec)
        prepared = prepare_project(paths)  # the model `run --verify` proves
        model = prepared.schema
        target = resolve(db, configured_urls(paths.root), "--db")

        def _terminate(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt  # unwinds through the sandbox's finally: it is dropped

        signal.signal(signal.SIGTERM, _terminate)
        progress_cb = None
        bar = None
        if rows >= 20000 and fmt == "text" and sys.stderr.isatty():
            from rich.progress import Progress

            bar = Progress(transient=True)
            task = bar.add_task("loading rows", total=None)
            bar.start()

            def progress_cb(table: str, n: int) -> None:
                bar.update(task, advance=n, description=f"loading {table}")

        try:
            report = run_verify(
                model,
                target,
                rows,
                in_place=in_place,
                progress=progress_cb,
                compiler=prepared.ddl.statements,
            )
        finally:
            if bar is not None:
                bar.stop()
        if fmt == "json":
            typer.echo(json.dumps(report.to_json(), indent=2))
        elif fmt in ("sarif", "github"):  # round-trip differences and verify's own findings
            sys.stdout.write(out.machine(fmt, report.all_findings()))
        else:
            sys.stdout.write(render_text(report))
        failed = report.has_findings and not exit_zero
        return int(ExitCode.FINDINGS if failed else ExitCode.OK)
