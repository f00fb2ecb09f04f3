"""The Mermaid erDiagram of a section: its entity blocks, attributes and relationship lines."""

from __future__ import annotations

import re

from pydev_workflow.errors import Problem
from pydev_workflow.importers.markdown.parts import ErdAttribute, ErdEntity, ErdRelation, LocFn

_ERD_REL_RE = re.compile(
    r"^\s*(\"[^\"]+\"|[\w\-]+)\s*([|}][|o]|[|o][|{])?\s*(--|\.\.)\s*([|o][|{]|[|}][|o])?\s*"
    r"(\"[^\"]+\"|[\w\-]+)\s*:\s*(.*?)\s*$"
)


_ERD_BLOCK_RE = re.compile(r"^\s*(\"[^\"]+\"|[\w\-]+)\s*(?:\[\s*\"?([^\]\"]*)\"?\s*\])?\s*\{\s*$")


_ERD_ATTR_RE = re.compile(
    r"^\s*([\w\-()\[\],.]+)\s+([\w\-*]+)\s*((?:\s*(?:PK|FK|UK)\s*,?)*)\s*(\".*\")?\s*$"
)


def read_erd(
    content: str,
    first: int,
    entities: dict[str, ErdEntity],
    relations: list[ErdRelation],
    loc: LocFn,
    notes: list[Problem],
) -> None:
    """Read an erDiagram fence into `entities` and `relations`; the rest into `notes`."""
    block: tuple[str, int, list[ErdAttribute]] | None = None
    for n, raw in enumerate(content.splitlines()):
        line = first + n
        text = raw.split("%%", 1)[0].rstrip()
        if not text.strip() or text.strip().lower() == "erdiagram":
            continue
        if block is not None:
            if text.strip() == "}":
                name, bline, attrs = block
                entities[name] = ErdEntity(name, tuple(attrs), loc(bline))
                block = None
                continue
            am = _ERD_ATTR_RE.match(text)
            if am:
                keys = tuple(k.strip() for k in re.split(r"[,\s]+", am.group(3) or "") if k)
                block[2].append(
                    ErdAttribute(
                        name=am.group(2),
                        type_text=am.group(1),
                        keys=keys,
                        comment=(am.group(4) or "").strip('"'),
                        loc=loc(line, len(raw) - len(raw.lstrip()) + 1),
                    )
                )
            else:
                notes.append(Problem(loc(line), "erDiagram attribute not understood", code="erd"))
            continue
        bm = _ERD_BLOCK_RE.match(text)
        if bm:
            name = bm.group(1).strip('"')
            block = (name, line, [])
            continue
        rm = _ERD_REL_RE.match(text)
        if rm and rm.group(2) and rm.group(4):
            left, right = rm.group(1).strip('"'), rm.group(5).strip('"')
            relations.append(
                ErdRelation(
                    left=left,
                    right=right,
                    left_many="}" in rm.group(2),
                    right_many="{" in rm.group(4),
                    label=rm.group(6).strip().strip('"'),
                    loc=loc(line, len(raw) - len(raw.lstrip()) + 1),
                )
            )
            for side in (left, right):
                entities.setdefault(side, ErdEntity(side, (), loc(line)))
            continue
        notes.append(
            Problem(loc(line), f"erDiagram line not understood: {text.strip()}", code="erd")
        )
    if block is not None:
        name, bline, attrs = block
        entities[name] = ErdEntity(name, tuple(attrs), loc(bline))
