"""YAML text -> a light tree of nodes that remember their file:line:column (via ruamel.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydev_workflow.errors import InputError, Loc, Problem

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass(slots=True)
class Node:
    """A YAML value with its location.

    `value` is a `dict[str, Node]` for mappings (with `key_locs` for each key), a
    `list[Node]` for sequences and a plain Python scalar otherwise.
    """

    value: Any
    loc: Loc
    key_locs: dict[str, Loc] = field(default_factory=dict)

    @property
    def is_map(self) -> bool:
        """True for a mapping."""
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        """True for a sequence."""
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        """True for a scalar (string, number, boolean or null)."""
        return not isinstance(self.value, dict | list)

    def plain(self) -> Any:
        """The value as plain Python data, locations dropped."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def _loc(mark: Any, filename: str) -> Loc:
    return Loc(filename, mark.line + 1, mark.column + 1)


def _scalar(node: Any) -> Any:
    tag = node.tag or ""
    text = node.value
    if node.style:  # quoted or block scalars are always strings
        return text
    if tag.endswith(":null") or (tag.endswith(":str") is False and text in _NULLS):
        return None
    if tag.endswith(":bool") or text in _BOOLS:
        return _BOOLS.get(text, text)
    if tag.endswith(":int"):
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if tag.endswith(":float"):
        try:
            return float(text)
        except ValueError:
            return text
    return text


def _convert(node: Any, filename: str, problems: list[Problem]) -> Node:
    loc = _loc(node.start_mark, filename)
    kind = node.id
    if kind == "mapping":
        out: dict[str, Node] = {}
        key_locs: dict[str, Loc] = {}
        for knode, vnode in node.value:
            kloc = _loc(knode.start_mark, filename)
            if knode.id != "scalar":
                problems.append(Problem(kloc, "a key must be a plain word", "write `name: value`"))
                continue
            key = str(knode.value)
            if key in out:
                problems.append(
                    Problem(
                        kloc,
                        f"duplicate key {key!r} (first at line {key_locs[key].line})",
                        "remove or rename one of them",
                    )
                )
                continue
            key_locs[key] = kloc
            out[key] = _convert(vnode, filename, problems)
        return Node(out, loc, key_locs)
    if kind == "sequence":
        return Node([_convert(v, filename, problems) for v in node.value], loc)
    return Node(_scalar(node), loc)


def parse_yaml(text: str, filename: str) -> Node:
    """Parse YAML `text` into nodes; syntax errors and duplicate keys raise InputError."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        yaml = YAML(typ="safe", pure=False)  # the C parser when ruamel.yaml.clib is present
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(mark, filename) if mark is not None else Loc(filename)
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise InputError(Problem(loc, f"invalid YAML: {what}", "fix the YAML syntax")) from None
    except YAMLError as exc:
        raise InputError(Problem(Loc(filename, 1, 1), f"invalid YAML: {exc}")) from None
    if root is None:
        return Node({}, Loc(filename, 1, 1))
    problems: list[Problem] = []
    tree = _convert(root, filename, problems)
    if problems:
        raise InputError(problems)
    return tree
