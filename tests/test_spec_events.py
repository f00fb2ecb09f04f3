"""The C parser's event constructors, swapped while a spec is read (spec/nodes.py, _SHAPES).

ruamel.yaml.clib's parser makes every event by calling ruamel.yaml's event classes, looked up
as globals of its module `_ruamel_yaml`; the spec reader swaps them for lean constructors
while it reads, and puts them back. These tests hold the guard to its word: the classes are
back after every parse (also a failed one), and any other shape of the module (classes that
are not ruamel.yaml's, constructors that do not fit) reads the spec through the real events,
into the same tree.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import events

from pydev_workflow.errors import InputError
from pydev_workflow.spec import nodes
from pydev_workflow.spec.nodes import MAX_DEPTH, parse_yaml

c_module = pytest.importorskip("_ruamel_yaml")

ROOT = Path(__file__).resolve().parent.parent
NAMES = tuple(nodes._SHAPES)


def _spec(n: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_step import spec_text
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return str(spec_text(n))


SHAPES = (
    "a: &x {b: 1, c: [1, 2]}\nd: *x\ne: &y 3\nf: *y\n"
    "q: 'quoted'\nr: \"1\"\ns: |\n  block\nt: !!int '7'\nu: !!str 8\nv: ~\n"
    "w:\n- [[1, 2], [3]]\n- {k: l}\n? m\n: n\n"
)


def _classes_are_ruamels() -> bool:
    return all(getattr(c_module, n) is getattr(events, n) for n in NAMES)


@pytest.fixture
def probe_again(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Forget the probe's verdict for one test (it is taken once per process)."""
    monkeypatch.setattr(nodes._Swap, "ok", None)
    yield


def test_the_swap_is_trusted_here_and_undone_after_a_parse() -> None:
    tree = parse_yaml(_spec(20), "s.yaml")
    assert nodes._Swap.ok is True  # this install's clib fits: the fast path is taken
    assert _classes_are_ruamels()
    assert nodes._tree(tree) == nodes._tree(nodes._build(_real(_spec(20)), "s.yaml", []))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [b\n", "invalid YAML"),
        ("a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n", "nests deeper"),
        ("a: *nowhere\n", "unknown alias"),
        ("a: 1\na: 2\n", "duplicate key"),
    ],
)
def test_the_classes_are_back_after_a_failed_parse(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_yaml(text, "s.yaml")
    assert _classes_are_ruamels()


def _real(text: str) -> Any:
    """The C parser's real events, shaped as _build reads them."""
    return nodes._shaped(c_module.CParser(text).get_event)


@pytest.mark.parametrize("text", [SHAPES, _spec(5)])
def test_the_swapped_and_the_real_events_build_one_tree(text: str) -> None:
    fast = parse_yaml(text, "s.yaml")
    assert nodes._tree(fast) == nodes._tree(nodes._build(_real(text), "s.yaml", []))
    pure = nodes._build(nodes._pure_events(text), "s.yaml", [])
    assert nodes._tree(fast) == nodes._tree(pure)


def test_classes_that_are_not_ruamels_are_left_alone(
    probe_again: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another library (or a newer clib) put its own class there: no swap, same tree."""

    class OtherScalarEvent(events.ScalarEvent):
        __slots__ = ()

    monkeypatch.setattr(c_module, "ScalarEvent", OtherScalarEvent)
    tree = parse_yaml(SHAPES, "s.yaml")
    assert nodes._Swap.ok is False
    assert c_module.ScalarEvent is OtherScalarEvent
    assert nodes._tree(tree) == nodes._tree(nodes._build(_real(SHAPES), "s.yaml", []))


def test_constructors_that_do_not_fit_fail_the_probe(
    probe_again: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clib that calls the classes with other arguments: the probe fails, real events serve."""

    def narrow(anchor: Any, tag: Any, implicit: Any) -> Any:  # fewer arguments than it gets
        raise AssertionError("never called with three arguments")

    monkeypatch.setitem(nodes._SHAPES, "ScalarEvent", narrow)
    tree = parse_yaml(SHAPES, "s.yaml")
    assert nodes._Swap.ok is False
    assert _classes_are_ruamels()
    assert nodes._tree(tree) == nodes._tree(nodes._build(_real(SHAPES), "s.yaml", []))


def test_a_probe_that_builds_another_tree_fails(
    probe_again: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Constructors that run but read the arguments in another order: not trusted."""

    def swapped_marks(*args: Any) -> tuple[Any, ...]:
        return (*args[:4], args[5], args[4], *args[6:])  # the end mark for the start

    monkeypatch.setitem(nodes._SHAPES, "ScalarEvent", swapped_marks)
    tree = parse_yaml(SHAPES, "s.yaml")
    assert nodes._Swap.ok is False
    assert _classes_are_ruamels()
    assert nodes._tree(tree) == nodes._tree(nodes._build(_real(SHAPES), "s.yaml", []))
