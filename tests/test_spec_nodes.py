"""The spec's node builder (a lean walk over parser events) against ruamel.yaml's own composer.

`spec/nodes.py` builds located nodes straight from ruamel.yaml's parser events, for speed.
ruamel's pure-Python composer builds the same tree the slow way; on every YAML file of the
examples and the test fixtures, and on generated big specs, both must give the same shape,
the same keys in the same order, the same line:column of every key and value, and the same
scalars. Bad input (duplicate keys, aliases, nesting, second documents) is covered, message by
message, in test_spec_limits.py and test_hostile.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from pydev_workflow.errors import InputError
from pydev_workflow.spec.nodes import Node, _plain, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for base in (ROOT / "examples", ROOT / "tests")
    for pattern in ("*.yaml", "*.yml")
    for p in base.rglob(pattern)
)


def _ours(node: Node) -> Any:
    """The shape, positions and values of one of our nodes."""
    if isinstance(node.value, dict):
        keys = [
            (k, node.key_loc(k).line, node.key_loc(k).col, _ours(v)) for k, v in node.value.items()
        ]
        return ("map", node.line, node.col, keys)
    if isinstance(node.value, list):
        return ("seq", node.line, node.col, [_ours(v) for v in node.value])
    return ("scalar", node.line, node.col, node.value)


def _theirs(node: Any) -> Any:
    """The same of a node composed by ruamel.yaml (plain scalars resolved as the spec does)."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, MappingNode):
        keys = [
            (k.value, k.start_mark.line + 1, k.start_mark.column + 1, _theirs(v))
            for k, v in node.value
        ]
        return ("map", line, col, keys)
    if isinstance(node, SequenceNode):
        return ("seq", line, col, [_theirs(v) for v in node.value])
    assert isinstance(node, ScalarNode)
    value = node.value if node.style else _plain(node.value)
    return ("scalar", line, col, value)


def _same(text: str) -> None:
    try:
        ours = parse_yaml(text, "s.yaml")
    except InputError:
        return  # bad input: its messages are tested elsewhere
    theirs = YAML(typ="safe", pure=True).compose(text)
    assert theirs is not None
    assert _ours(ours) == _theirs(theirs)


def test_there_are_fixtures() -> None:
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_fixture_builds_the_tree_ruamel_composes(path: Path) -> None:
    _same(path.read_text(encoding="utf-8-sig"))


def test_a_generated_spec_builds_the_tree_ruamel_composes() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_step import spec_text
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    _same(spec_text(60))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {b: 1, c: [1, 2]}\nd: *x\ne: &y 3\nf: *y\n",
        "- a\n- b: c\n  d: [e, {f: g}]\n- [[1, 2], [3]]\n",
        "q: 'quoted'\nr: \"1\"\ns: |\n  block\n  text\nt: >\n  folded\n",
        "n: ~\no: null\np: true\nq: 0x1F\nr: 1_000\ns: .5\nt: -\nu: +1\nv: 1e3\n",
        "{a: {b: {c: [1, {d: e}]}}}",
        "--- \nkey: value\n...\n",
        "",
    ],
)
def test_shapes_build_the_tree_ruamel_composes(text: str) -> None:
    if not text:
        assert parse_yaml(text, "s.yaml").value == {}
        return
    _same(text)


def test_yaml_1_2_that_ruamel_writes_loads() -> None:
    """ruamel.yaml's round trip writes `{type: 1:N}` unquoted in a flow mapping (YAML 1.2);
    libyaml, the C parser, refuses it: the pure parser reads it."""
    from pydev_workflow.spec import loads

    schema = loads(
        "entities:\n  A: {fields: {id: {type: int, pk: true}}}\n"
        "  B: {fields: {id: {type: int, pk: true}, a_id: {type: int, references: A.id}}}\n"
        "relationships:\n- {from: A, to: B, type: 1:N, label: has, fk: [a_id]}\n",
        "s.yaml",
    )
    assert [r.cardinality.value for r in schema.relationships] == ["1:N"]
