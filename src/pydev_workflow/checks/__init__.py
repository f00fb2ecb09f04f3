"""The design checks: the CHECKS registry (code -> rule class) and `run_checks`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydev_workflow.checks.base import Check, CheckContext, Finding, Severity
from pydev_workflow.errors import InputError, Loc, Problem, did_you_mean
from pydev_workflow.perf import gc_paused
from pydev_workflow.registry import Registry

_M = "pydev_workflow.checks"

#: Every rule, by code. Adding a rule: a class in one of the modules, a line here and
#: tests/checks/<code>.yaml; then `python -m pydev_workflow.rules` regenerates docs/rules.md.
CHECKS: Registry[type[Check]] = Registry(
    "check",
    {
        "DM101": f"{_M}.integrity:FkTypeMismatch",
        "DM102": f"{_M}.integrity:MissingPrimaryKey",
        "DM103": f"{_M}.integrity:OneToOneWithoutUniqueFk",
        "DM104": f"{_M}.integrity:ManyToManyInvalidJunction",
        "DM105": f"{_M}.integrity:RelationshipWithoutFk",
        "DM106": f"{_M}.integrity:FkWithoutRelationship",
        "DM107": f"{_M}.integrity:FkReferencesNonUnique",
        "DM108": f"{_M}.integrity:TypeParameterOutOfRange",
        "DM109": f"{_M}.integrity:SetNullOnNotNull",
        "DM110": f"{_M}.integrity:IdentityNotInteger",
        "DM201": f"{_M}.naming:ReservedWordIdentifier",
        "DM202": f"{_M}.naming:IdentifierTooLong",
        "DM203": f"{_M}.naming:CaseInsensitiveNameCollision",
        "DM301": f"{_M}.indexes:UnindexedForeignKey",
        "DM302": f"{_M}.indexes:RedundantPrefixIndex",
        "DM303": f"{_M}.indexes:UnusedIndex",
        "DM304": f"{_M}.indexes:QueryWithoutIndex",
        "DM305": f"{_M}.indexes:QuerySortStep",
        "DM306": f"{_M}.indexes:PartitionsMissing",
        "DM307": f"{_M}.indexes:UniqueHashIndex",
        "DM401": f"{_M}.normalization:RepeatingGroup",
        "DM402": f"{_M}.normalization:CopiedParentAttribute",
        "DM403": f"{_M}.normalization:IdListField",
        "DM404": f"{_M}.normalization:MissingNormalizationChoice",
        "DM501": f"{_M}.coverage:ComponentWithoutEntity",
        "DM502": f"{_M}.coverage:UnknownComponent",
        "DM503": f"{_M}.coverage:EntityWithoutComponent",
        "DM504": f"{_M}.coverage:ArchitectureNounWithoutEntity",
        "DM601": f"{_M}.conventions:PrimaryKeyTypeConvention",
        "DM602": f"{_M}.conventions:MissingRequiredField",
        "DM603": f"{_M}.conventions:NamingConvention",
        "DM604": f"{_M}.conventions:MoneyRepresentation",
        "DM605": f"{_M}.conventions:MissingSoftDeleteColumn",
        "DM606": f"{_M}.conventions:TimestampWithoutTimeZone",
        "DM701": f"{_M}.portability:TargetCannotHold",
    },
)


def _validate(prefixes: Iterable[str], option: str) -> tuple[str, ...]:
    """Upper-cased prefixes; one that matches no code is an input error (typo protection)."""
    out: list[str] = []
    codes = CHECKS.names()
    for raw in prefixes:
        p = raw.strip().upper()
        if not p:
            continue
        if p != "ALL" and not any(c.startswith(p) for c in codes):
            hint = did_you_mean(p, codes) or "codes look like DM101; `rules` lists them"
            raise InputError(Problem(Loc(option), f"no check code starts with {raw!r}", hint))
        out.append(p)
    return tuple(out)


def selected_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[str, ...]:
    """The codes that run: those matching a `select` prefix (all when empty), minus `ignore`.

    Prefixes work like ruff's: "DM1" selects DM101…DM199, "ALL" selects everything.
    """
    sel = _validate(select, "--select")
    ign = _validate(ignore, "--ignore")

    def match(code: str, prefixes: tuple[str, ...]) -> bool:
        return any(p == "ALL" or code.startswith(p) for p in prefixes)

    return tuple(c for c in CHECKS.names() if (not sel or match(c, sel)) and not match(c, ign))


#: Per-entity/field suppression: (entity name, field name or None for the whole entity) -> the
#: code prefixes not to report there (like `ignore`: "DM2" drops DM201…DM299, "ALL" drops all).
Suppressions = Mapping[tuple[str, str | None], Iterable[str]]


def suppressed(finding: Finding, suppressions: Suppressions) -> bool:
    """True if `suppressions` names the finding's code for its entity or its field.

    An entry for the entity (field None) covers the entity and all its fields; an entry for a
    field covers only findings about that field.
    """
    if finding.entity is None:
        return False
    keys: list[tuple[str, str | None]] = [(finding.entity, None)]
    if finding.field is not None:
        keys.append((finding.entity, finding.field))
    code = finding.code.upper()
    for key in keys:
        for prefix in suppressions.get(key, ()):
            p = prefix.strip().upper()
            if p and (p == "ALL" or code.startswith(p)):
                return True
    return False


def run_codes(ctx: CheckContext, codes: Iterable[str]) -> dict[str, list[Finding]]:
    """The findings of each rule of `codes` on `ctx`, by code (unfiltered, unsorted).

    One share of a run: `merge_findings` makes the run's list of the shares' union.
    """
    return {code: list(CHECKS.get(code)().run(ctx)) for code in codes}


def merge_findings(
    by_code: Mapping[str, Iterable[Finding]],
    codes: Iterable[str],
    suppressions: Suppressions | None = None,
) -> list[Finding]:
    """The findings of `codes` (in that order) without the suppressed ones, sorted.

    The sort is stable: findings with equal keys keep the order of `codes`, so shares computed
    anywhere merge into exactly the list one pass over `codes` gives.
    """
    findings = [f for code in codes for f in by_code[code]]
    if suppressions:
        findings = [f for f in findings if not suppressed(f, suppressions)]
    findings.sort(key=Finding.sort_key)
    return findings


@gc_paused()
def run_checks(
    ctx: CheckContext,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    suppressions: Suppressions | None = None,
) -> list[Finding]:
    """Run the selected checks on `ctx`; findings sorted by file, line, column, then code.

    Findings `suppressions` names for their entity or field are dropped.

    Raises:
        InputError: a select/ignore prefix matches no code.
    """
    codes = selected_codes(select, ignore)
    return merge_findings(run_codes(ctx, codes), codes, suppressions)


__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "Finding",
    "Severity",
    "Suppressions",
    "merge_findings",
    "run_checks",
    "run_codes",
    "selected_codes",
    "suppressed",
]
