"""Asking the certainty questions on a terminal, and writing the answers into the spec.

The spec is edited with ruamel.yaml's round-trip mode, so the user's comments, key order
and flow/block layout survive; the edited text must load as a valid spec before it replaces
the file (atomically).
"""

# lazy: rich — run --output-format json (and sarif, github) loads this module and prints no Rich
from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from pydev_workflow.certainty import Choice, DecisionPoint
from pydev_workflow.errors import InputError, Loc, Problem
from pydev_workflow.spec.load import loads
from pydev_workflow.workflow.fs import read_document, write_atomic

Answer = tuple[DecisionPoint, Choice]

_SKIP, _STOP = "s", "q"


def askable(points: Sequence[DecisionPoint]) -> list[DecisionPoint]:
    """The undecided points a choice can settle (errors and free-text ones are edited by hand)."""
    return [p for p in points if not p.decided and any(c.edits for c in p.choices)]


def ask(
    points: Sequence[DecisionPoint], console: Any, stream: TextIO | None = None
) -> list[Answer]:
    """Ask each question one by one with a Rich prompt; return the answers chosen.

    Each question shows its spec key and numbered choices; the answer is a number or the
    choice itself, `s` skips the question, `q` stops asking (answers so far are kept).

    Args:
        points: The undecided decision points, heaviest first.
        console: A Rich console to print to.
        stream: Where answers are read from (the terminal when None).
    """
    from rich.markup import escape
    from rich.prompt import Prompt

    open_points = askable(points)
    answers: list[Answer] = []
    for n, p in enumerate(open_points, 1):
        console.print(f"\n[bold]{n}/{len(open_points)}[/] {escape(p.question)}")
        console.print(f"  [dim]{escape(p.spec_key)} · {escape(str(p.loc))}[/]")
        usable = [c for c in p.choices if c.edits]
        for i, c in enumerate(usable, 1):
            console.print(f"  {i}. {escape(c.label)}")
        allowed = [str(i) for i in range(1, len(usable) + 1)] + [c.label for c in usable]
        reply = Prompt.ask(
            f"  answer (1-{len(usable)}, {_SKIP} = skip, {_STOP} = stop)",
            console=console,
            choices=[*allowed, _SKIP, _STOP],
            show_choices=False,
            default=_SKIP,
            show_default=False,
            stream=stream,
        )
        if reply == _STOP:
            break
        if reply == _SKIP:
            continue
        choice = (
            usable[int(reply) - 1]
            if reply.isdigit()
            else next(c for c in usable if c.label == reply)
        )
        answers.append((p, choice))
    return answers


def _yaml() -> Any:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _scalar(value: Any) -> Any:
    if isinstance(value, str):
        # `decimal(10,2)` splits at the comma inside a flow mapping; `1:N` needs quotes too
        risky = any(ch in value for ch in ",:{}[]#&*!|>'\"%@`") or value.strip() != value
        return DoubleQuotedScalarString(value) if risky or value in ("-", "") else value
    if isinstance(value, dict):
        m = CommentedMap({k: _scalar(v) for k, v in value.items()})
        m.fa.set_flow_style()
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq([_scalar(v) for v in value])
        s.fa.set_flow_style()
        return s
    return value


def _child(node: Any, step: Any, path: tuple[Any, ...]) -> Any:
    if isinstance(step, tuple):  # ("match", key, value): the list item whose key has value
        _, key, want = step
        want = list(want) if isinstance(want, tuple) else want
        for item in node or []:
            got = item.get(key) if isinstance(item, dict) else None
            if got == want or (isinstance(got, list) and list(got) == want):
                return item
        raise KeyError(path)
    if not isinstance(node, dict):
        raise KeyError(path)
    if node.get(step) is None:
        _put(node, step, CommentedMap())
    return node[step]


def _fk_item(doc: Any, entity: str, column: str) -> Any:
    """The `foreign_keys` item of `entity` on `column` alone, or None."""
    for item in doc["entities"][entity].get("foreign_keys") or []:
        if isinstance(item, dict) and list(item.get("fields") or []) == [column]:
            return item
    return None


def _edit(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    *steps, last = path
    if last == "+":  # append to the list at steps
        *parents, key = steps
        node = doc
        for step in parents:
            node = _child(node, step, path)
        if not isinstance(node.get(key), list):
            _put(node, key, CommentedSeq())
        seq = node[key]
        seq.append(_scalar(value))
        last = len(seq) - 2
        if last >= 0 and last in seq.ca.items:
            # the blank line after the list belongs after its new last item
            seq.ca.items[last + 1] = seq.ca.items.pop(last)
        return
    if len(steps) == 4 and steps[0] == "entities" and steps[2] == "fields":
        entity, column = steps[1], steps[3]
        fields = doc["entities"][entity]["fields"]
        current = fields.get(column)
        if last == "on_delete" and not (isinstance(current, dict) and "references" in current):
            item = _fk_item(doc, entity, column)  # declared in the entity's foreign_keys
            if item is None:
                raise KeyError(path)
            item["on_delete"] = _scalar(value)
            return
        if last == "type" and not isinstance(current, dict):
            fields[column] = _scalar(value)  # the short form `name: string`
            return
    node = doc
    for step in steps:
        node = _child(node, step, path)
    _put(node, last, _scalar(value))


def _put(node: Any, key: str, value: Any) -> None:
    """Set `key`; a new key of an entity goes before its `fields`, not after the last line.

    Appending to a block mapping would put the key after the blank line that ends the
    entity (ruamel keeps that line with the last value), so it would read as part of the next.
    """
    if key in node or "fields" not in node or node.fa.flow_style():
        node[key] = value
        return
    node.insert(list(node).index("fields"), key, value)


def apply_answers(spec: Path, answers: Sequence[Answer], display: str | None = None) -> str:
    """Write `answers` into the spec file, keeping its comments and layout; return the text.

    The new text is loaded as a spec before the file is replaced, so an answer can never
    leave a spec that does not load.

    Raises:
        InputError: The spec cannot be read, an answer's place is not in it, or the result
            would not load (nothing is written then).
    """
    shown = display or str(spec)
    doc_file = read_document(spec, display=shown)
    yaml = _yaml()
    data = yaml.load(doc_file.text)
    for point, choice in answers:
        for path, value in choice.edits:
            try:
                _edit(data, path, value)
            except (KeyError, TypeError, AttributeError):
                raise InputError(
                    Problem(
                        Loc(shown, point.loc.line, point.loc.col),
                        f"cannot write the answer {choice.label!r} at {point.spec_key}",
                        f"set it by hand in {shown}",
                    )
                ) from None
    buf = io.StringIO()
    yaml.dump(data, buf)
    text = buf.getvalue()
    if doc_file.newline != "\n":
        text = text.replace("\n", doc_file.newline)
    loads(text, shown)  # raises InputError with the location if an answer broke it
    write_atomic(spec, doc_file.encode(text), mode=doc_file.mode)
    return text
