"""Each design rule's documentation, parsed from its check docstring (rules.py builds the rest)."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path

from pydev_workflow.checks import CHECKS
from pydev_workflow.checks.base import Check

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
_FENCE = re.compile(r"```yaml\n(.*?)```", re.S)
DOCS_PATH = Path("docs") / "rules.md"


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A rule's documentation, parsed from its class docstring."""

    code: str
    name: str
    severity: str
    summary: str
    sections: tuple[tuple[str, str], ...]  # (heading, markdown body) in SECTIONS order

    def section(self, heading: str) -> str:
        """The body of one section ("" when absent)."""
        return dict(self.sections).get(heading, "")

    def yaml(self, heading: str) -> str:
        """The YAML snippet of the Example or Use instead section."""
        m = _FENCE.search(self.section(heading))
        return m.group(1) if m else ""


def rule_doc(cls: type[Check]) -> RuleDoc:
    """Parse the docstring of a check class.

    Raises:
        ValueError: the docstring lacks a summary or one of the four sections.
    """
    text = inspect.cleandoc(cls.__doc__ or "")
    head, *parts = re.split(r"^## ", text, flags=re.M)
    found: dict[str, str] = {}
    for part in parts:
        title, _, body = part.partition("\n")
        found[title.strip()] = body.strip()
    missing = [s for s in SECTIONS if s not in found]
    if not head.strip() or missing:
        raise ValueError(f"{cls.__name__}: docstring lacks {missing or ['a summary line']}")
    return RuleDoc(
        cls.code,
        cls.name,
        cls.severity.value,
        " ".join(head.split()),
        tuple((s, found[s]) for s in SECTIONS),
    )


def all_docs() -> tuple[RuleDoc, ...]:
    """Docs of every registered rule, in code order."""
    return tuple(rule_doc(cls) for _, cls in CHECKS.items())
