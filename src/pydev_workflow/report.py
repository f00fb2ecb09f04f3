"""The outputs CI reads: findings of any command as JSON records, SARIF 2.1.0 or GitHub annotations.

Design rules (DM…), document-lint rules (MD…) and verification codes (V…) are reported through
the same four output styles, so a CI job can treat every command alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydev_workflow import __version__
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.verify.codes import DIFF_CODES, INFO_CODES, VERIFY_CODES

OUTPUT_FORMATS = ("text", "json", "sarif", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/pydev-workflow/pydev-workflow"

# SARIF levels are error / warning / note; our severities map onto them
_LEVELS = {"error": "error", "warning": "warning", "info": "note", "note": "note"}


class FindingLike(Protocol):
    """What every finding type has: a code, a message and a location."""

    @property
    def code(self) -> str: ...  # noqa: D102

    @property
    def message(self) -> str: ...  # noqa: D102

    @property
    def loc(self) -> Loc: ...  # noqa: D102


@dataclass(frozen=True, slots=True)
class Record:
    """One finding reduced to what every output style needs."""

    code: str
    name: str
    level: str  # error, warning, note
    message: str
    file: str
    line: int
    col: int
    hint: str = ""


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One entry of the rule catalogue, for SARIF's `tool.driver.rules`."""

    code: str
    name: str
    summary: str
    level: str = "warning"


def output_format(value: str) -> str:
    """Validate an `--output-format` value.

    Raises:
        InputError: the value is not one of OUTPUT_FORMATS.
    """
    if value not in OUTPUT_FORMATS:
        raise InputError(
            Problem(Loc("--output-format"), f"unknown output format {value!r}", _choices())
        )
    return value


def _choices() -> str:
    return "one of " + ", ".join(OUTPUT_FORMATS)


def record(finding: FindingLike, default_level: str = "warning") -> Record:
    """Reduce any finding (design rule, doc lint, verification) to a Record."""
    severity = getattr(finding, "severity", None)
    raw = getattr(severity, "value", None) or default_level
    name = getattr(finding, "name", "") or ""
    loc = finding.loc
    return Record(
        code=finding.code,
        name=str(name),
        level=_LEVELS.get(str(raw), "warning"),
        message=finding.message,
        file=loc.file,
        line=loc.line,
        col=loc.col,
        hint=str(getattr(finding, "hint", "") or ""),
    )


def records(findings: Iterable[FindingLike], default_level: str = "warning") -> list[Record]:
    """`record` over many findings, in their order."""
    return [record(f, default_level) for f in findings]


def fails(recs: Sequence[Record]) -> bool:
    """True when a record is an error or a warning (notes never fail a run)."""
    return any(r.level != "note" for r in recs)


# -- GitHub workflow commands -------------------------------------------------------------------
# https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
_GH_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(recs: Sequence[Record]) -> str:
    """One `::error file=…,line=…,col=…,title=…::message` line per record."""
    lines = []
    for r in recs:
        props = []
        if r.file:
            props.append(f"file={_gh_property(r.file)}")
            if r.line:
                props.append(f"line={r.line}")
                if r.col:
                    props.append(f"col={r.col}")
        title = f"{r.code} {r.name}".strip()
        props.append(f"title={_gh_property(title)}")
        message = r.message + (f" ({r.hint})" if r.hint else "")
        lines.append(f"::{_GH_LEVEL[r.level]} {','.join(props)}::{_gh_data(message)}")
    return "".join(line + "\n" for line in lines)


# -- SARIF 2.1.0 --------------------------------------------------------------------------------


def sarif(recs: Sequence[Record], rules: Sequence[RuleInfo], version: str) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: the rule catalogue and one result per record."""
    catalogue = {r.code: r for r in rules}
    for r in recs:  # a code the catalogue lacks still gets a rule entry
        catalogue.setdefault(r.code, RuleInfo(r.code, r.name or r.code, r.message, r.level))
    ordered = sorted(catalogue.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(ordered)}
    driver: dict[str, Any] = {
        "name": "pydev-workflow",
        "version": version,
        "informationUri": INFORMATION_URI,
        "rules": [_sarif_rule(r) for r in ordered],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(r, index[r.code]) for r in recs],
            }
        ],
    }


def _sarif_rule(rule: RuleInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rule.code, "shortDescription": {"text": rule.summary or rule.code}}
    if rule.name:
        out["name"] = rule.name
    out["defaultConfiguration"] = {"level": _LEVELS.get(rule.level, "warning")}
    return out


def _sarif_result(r: Record, rule_index: int) -> dict[str, Any]:
    text = r.message + (f" ({r.hint})" if r.hint else "")
    result: dict[str, Any] = {
        "ruleId": r.code,
        "ruleIndex": rule_index,
        "level": r.level,
        "message": {"text": text},
    }
    if r.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": r.file}}
        if r.line > 0:
            region: dict[str, Any] = {"startLine": r.line}
            if r.col > 0:
                region["startColumn"] = r.col
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
    return result


def machine(fmt: str, findings: Iterable[FindingLike]) -> str:
    """`findings` as SARIF 2.1.0 (with the whole rule catalogue) or as GitHub annotations."""
    recs = records(findings)
    if fmt == "sarif":
        return dumps(sarif(recs, all_rules(), __version__))
    return github(recs)


def dumps(document: Any) -> str:
    """Stable JSON text with a trailing newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def all_rules() -> list[RuleInfo]:
    """Every code the tool can report: design rules, doc-lint rules, verification codes."""
    # lazy: the rules' documentation and lint-doc's table load only for SARIF and `rules`
    from pydev_workflow.checks.docs import all_docs
    from pydev_workflow.lintdoc import RULES as DOC_RULES

    out = [RuleInfo(d.code, d.name, d.summary, d.severity) for d in all_docs()]
    out += [RuleInfo(r.code, r.name, r.summary, "warning") for r in DOC_RULES]
    verify_codes = {**DIFF_CODES, **VERIFY_CODES}
    out += [
        RuleInfo(code, name, text, "info" if code in INFO_CODES else "error")
        for code, (name, text) in verify_codes.items()
    ]
    return out
