"""CLI: `check` (design rules + the certainty score) and `rules` (the rule catalogue)."""

# lazy: rich — only text output prints through Rich; --help, json, sarif and github never load it
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pydev_workflow.cli import options as opt
from pydev_workflow.errors import ExitCode, InputError, Loc, Problem

if TYPE_CHECKING:
    from pydev_workflow.certainty import Certainty
    from pydev_workflow.checks.base import Finding

_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _format(fmt: str) -> str:
    if fmt not in ("text", "json"):
        raise InputError(Problem(Loc("--format"), f"unknown format {fmt!r}", "text or json"))
    return fmt


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


def check_json(
    spec: str, dialects: tuple[str, ...], findings: list[Finding], certainty: Certainty, code: int
) -> dict[str, Any]:
    """The stable JSON document of `check --format json`."""
    return {
        "spec": spec,
        "dialects": list(dialects),
        "exit_code": code,
        "summary": _counts(findings),
        "findings": [f.to_json() for f in findings],
        "certainty": certainty.to_json(),
    }


def _print_text(findings: list[Finding], certainty: Certainty) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for f in findings:
        colour = _COLOURS[f.severity.value]
        hint = f" [dim]({escape(f.hint)})[/]" if f.hint else ""
        console.print(
            f"[bold]{escape(str(f.loc))}:[/] [{colour}]{f.code}[/] {escape(f.message)}{hint}"
        )
    counts = _counts(findings)
    if findings:
        console.print(
            f"\nFound {len(findings)} finding{'s' if len(findings) != 1 else ''}: "
            f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info."
        )
    else:
        console.print("All checks passed.")
    score = f"{certainty.score:.0f}%"
    if certainty.passed:
        console.print(f"Certainty: [green]{score}[/] (the 80% rule is met)")
        if certainty.assumptions:
            console.print("`run` would assume and record:")
            for a in certainty.assumptions:
                console.print(f"  - {escape(a)}")
    else:
        console.print(f"Certainty: [red]{score}[/] is below 80%: answer these in the spec first:")
        shown = certainty.questions[:SHOWN_QUESTIONS]
        for i, q in enumerate(shown, 1):
            console.print(f"  {i}. {escape(q)}")
        if len(certainty.questions) > len(shown):
            rest = len(certainty.questions) - len(shown)
            console.print(f"  … and {rest} more (heaviest first; --format json has all)")


def _print_machine(fmt: str, findings: list[Finding]) -> None:
    """SARIF 2.1.0 or GitHub workflow annotations (the certainty score stays in text/json)."""
    # lazy: SARIF needs the whole rules catalogue (verify's codes load SQLAlchemy)
    from pydev_workflow import report

    sys.stdout.write(report.machine(fmt, findings))


_KEYS = ("code", "name", "severity", "summary")
SHOWN_QUESTIONS = 30  # big imported schemas can raise thousands; the heaviest come first


def register(app: typer.Typer) -> None:
    """Add `check` and `rules` to the data-models app."""

    @app.command()
    def check(
        project: Path = opt.PROJECT,
        spec: Path | None = opt.SPEC,
        fmt: str = opt.REPORT_FORMAT,
        exit_zero: bool = opt.EXIT_ZERO,
        select: list[str] | None = typer.Option(
            None, "--select", help="Only codes with these prefixes (DM1, DM301, ALL); repeatable."
        ),
        ignore: list[str] | None = typer.Option(
            None, "--ignore", help="Skip codes with these prefixes; repeatable."
        ),
        dialect: list[str] | None = opt.DIALECT,
    ) -> int:
        """Check the spec's design rules and print the certainty score (exit 1 on findings)."""
        # lazy: a command loads its modules when it runs; --help loads none of them
        import gc

        from pydev_workflow import report
        from pydev_workflow.workflow.config import project_paths
        from pydev_workflow.workflow.pipeline import prepare_project

        fmt = report.output_format(fmt)
        paths = project_paths(project, spec)
        result = prepare_project(
            paths,
            select=opt.split_list(select),
            ignore=opt.split_list(ignore),
            dialects=opt.split_list(dialect),
        )
        # the model is frozen and lives until exit: keep the collector from rescanning it
        # (measured: checks + certainty on 5,000 entities 1.3 s -> 1.0 s)
        gc.freeze()
        shown = result.spec_name
        findings, certainty, dialects = list(result.findings), result.certainty, result.dialects
        failed = any(f.severity.fails for f in findings)
        code = int(ExitCode.FINDINGS if failed and not exit_zero else ExitCode.OK)
        if fmt == "json":
            doc = check_json(shown, dialects, findings, certainty, code)
            sys.stdout.write(json.dumps(doc, indent=2) + "\n")
        elif fmt in ("sarif", "github"):
            _print_machine(fmt, findings)
        else:
            _print_text(findings, certainty)
        return code

    @app.command()
    def rules(
        explain: str | None = typer.Option(
            None, "--explain", help="Print the documentation of one rule, e.g. DM101."
        ),
        fmt: str = opt.FORMAT,
    ) -> int:
        """List every code: design rules, doc-lint and verification codes (or explain one)."""
        # lazy: a command loads its modules when it runs; --help loads none of them
        from pydev_workflow.checks import CHECKS
        from pydev_workflow.checks.docs import all_docs, rule_doc
        from pydev_workflow.rules import explain as explain_rule
        from pydev_workflow.rules import other_codes

        fmt = _format(fmt)
        if explain:
            text = explain_rule(explain)
            if fmt == "json":
                code = explain.upper()
                if code not in CHECKS:
                    row = next(r for r in other_codes() if r[0] == code)
                    doc: dict[str, Any] = dict(zip(_KEYS, row, strict=True))
                    doc["sections"] = {}
                else:
                    d = rule_doc(CHECKS.get(code))
                    doc = {
                        "code": d.code,
                        "name": d.name,
                        "severity": d.severity,
                        "summary": d.summary,
                        "sections": dict(d.sections),
                    }
                sys.stdout.write(json.dumps(doc, indent=2) + "\n")
            else:
                sys.stdout.write(text)
            return int(ExitCode.OK)
        rows = [(d.code, d.name, d.severity, d.summary) for d in all_docs()] + other_codes()
        if fmt == "json":
            data = [dict(zip(_KEYS, r, strict=True)) for r in rows]
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
            return int(ExitCode.OK)
        width = max(len(r[1]) for r in rows)
        for code, name, severity, summary in rows:
            sys.stdout.write(f"{code:<5}  {name:<{width}}  {severity:<7}  {summary}\n")
        return int(ExitCode.OK)
