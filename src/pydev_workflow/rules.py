"""The rules catalogue: every code the tool reports, docs/rules.md and `rules --explain`.

Design rules (DM…) are documented by their check docstrings (checks/docs.py); the doc-lint
(MD…) and verification (V…) codes by their tables (report.all_rules). This module puts the
families together, above both, so that the checks depend on neither the doc linter nor verify.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydev_workflow.checks import CHECKS
from pydev_workflow.checks.docs import DOCS_PATH, all_docs, rule_doc
from pydev_workflow.report import all_rules

#: the reporting families outside the design rules: (code prefix, title, who reports them)
FAMILIES = (
    (
        "MD",
        "Document-lint codes",
        "`lint-doc` reports these on a hand-written Data Models section.",
    ),
    (
        "V",
        "Verification codes",
        "`verify` and `run --verify` report these from the real engines (round trip, plans, data)",
    ),
)


def other_codes() -> list[tuple[str, str, str, str]]:
    """(code, name, severity, summary) of every doc-lint and verification code."""
    return [(r.code, r.name, r.level, r.summary) for r in all_rules() if r.code not in CHECKS]


def explain(code: str) -> str:
    """The Markdown documentation of one code (unknown codes get a did-you-mean InputError)."""
    wanted = code.upper()
    if wanted not in CHECKS:
        for other, name, severity, summary in other_codes():
            if other == wanted:
                family = next(text for prefix, _, text in FAMILIES if other.startswith(prefix))
                return f"# {other} {name} ({severity})\n\n{summary}.\n\n{family}.\n"
    doc = rule_doc(CHECKS.get(wanted))
    lines = [f"# {doc.code} {doc.name} ({doc.severity})", "", doc.summary, ""]
    for heading, body in doc.sections:
        lines += [f"## {heading}", body, ""]
    return "\n".join(lines).rstrip() + "\n"


def rules_markdown() -> str:
    """The whole docs/rules.md text."""
    docs = all_docs()
    out = [
        "# Data-model checks",
        "",
        "<!-- Generated from the rule docstrings by `python -m pydev_workflow.rules`;"
        " do not edit. -->",
        "",
        "`pydev-workflow data-models check` runs these rules on the spec. Select or ignore them "
        "by code prefix like ruff (`--select DM3 --ignore DM303`); `pydev-workflow data-models "
        "rules --explain DM101` prints one entry. Errors and warnings make `check` exit 1; "
        "info findings never do. Each error also counts as an undecided point of the certainty "
        "score (docs/certainty.md).",
        "",
        "| Code | Name | Severity | Summary |",
        "|------|------|----------|---------|",
    ]
    for d in docs:
        out.append(f"| [{d.code}](#{d.code.lower()}) | {d.name} | {d.severity} | {d.summary} |")
    for d in docs:
        out += ["", f"## {d.code}", "", f"**{d.name}** ({d.severity}): {d.summary}"]
        for heading, body in d.sections:
            out += ["", f"### {heading}", "", body]
    others = other_codes()
    for prefix, title, text in FAMILIES:
        out += ["", f"# {title}", "", text + ".", "", "| Code | Name | Severity | Summary |"]
        out.append("|------|------|----------|---------|")
        for code, name, severity, summary in others:
            if code.startswith(prefix):
                out.append(f"| {code} | {name} | {severity} | {summary} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md (or the path given), or `--check` that it is current."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if not a.startswith("--")]
    target = Path(paths[0]) if paths else DOCS_PATH
    text = rules_markdown()
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is stale: run python -m pydev_workflow.rules", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
