"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path

import typer

SPEC = typer.Option(
    None,
    "--spec",
    "-s",
    help="The spec file (default: data-models.yaml, or [tool.pydev-workflow] spec in "
    "pyproject.toml).",
)
PROJECT = typer.Option(
    Path("."),
    "--project",
    "-C",
    help="The project directory (CLAUDE.md, ARCHITECTURE.md, DEV_LOG.md).",
)
FORMAT = typer.Option(
    "text", "--output-format", "--format", "-f", help="Output format: text or json."
)
REPORT_FORMAT = typer.Option(
    "text",
    "--output-format",
    "--format",
    "-f",
    help="Output format: text, json, sarif (SARIF 2.1.0) or github (workflow annotations).",
)
EXIT_ZERO = typer.Option(
    False,
    "--exit-zero",
    help="Exit 0 even when findings are reported (input errors still exit 2).",
)
DIALECT = typer.Option(
    None,
    "--dialect",
    "-d",
    help="Target dialects for naming rules (default: the spec's), a,b or all; repeatable.",
)
DATE = typer.Option(None, "--date", help="The date to write (YYYY-MM-DD); default: today.")


def split_list(values: list[str] | None) -> tuple[str, ...]:
    """`--select DM1,DM2 --select DM5` -> ("DM1", "DM2", "DM5")."""
    return tuple(p.strip() for v in values or [] for p in v.split(",") if p.strip())
