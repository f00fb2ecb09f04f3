"""The shape of the package: a lazy CLI, no new import cycles between its parts, C901 on."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "src" / "pydev_workflow"

#: Two parts that import each other (directly, at any depth of a function), with the edge that
#: makes each a cycle. Each lives in a file another lane was changing this session; remove the
#: entry when the edge goes (the test then keeps the cycle from coming back).
KNOWN_CYCLES: set[frozenset[str]] = set()


def _part(module: str) -> str:
    """The part of the package a module belongs to: `checks`, `workflow`, `pipeline`..."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _exists(module: str) -> bool:
    """True for a module of this package (not a name imported from one)."""
    if not module.startswith("pydev_workflow."):
        return False
    base = PKG.parent / module.replace(".", "/")
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _edges() -> set[tuple[str, str]]:
    edges: set[tuple[str, str]] = set()
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG.parent).with_suffix("")
        module = ".".join(p for p in rel.parts if p != "__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for target in targets:
                if _exists(target):
                    a, b = _part(module), _part(target)
                    if a and b and a != b:
                        edges.add((a, b))
    return edges


def test_no_new_cycles_between_the_parts_of_the_package() -> None:
    edges = _edges()
    mutual = {frozenset(e) for e in edges if (e[1], e[0]) in edges}
    assert mutual - KNOWN_CYCLES == set(), "a new import cycle between parts of the package"


def test_help_loads_neither_sqlalchemy_nor_sqlglot() -> None:
    code = (
        "import runpy, sys\n"
        "sys.argv = ['pydev-workflow', '--help']\n"
        "try:\n"
        "    runpy.run_module('pydev_workflow', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlglot'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert "HEAVY []" in done.stderr, done.stderr


def test_mccabe_complexity_is_enforced() -> None:
    text = (PKG.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"C90"' in text and "max-complexity = 13" in text


def test_the_model_imports_nothing_of_the_package_but_errors_and_findings() -> None:
    assert {b for a, b in _edges() if a == "model"} <= {"errors", "findings"}


def _names_an_engine(node: ast.expr) -> bool:
    """`dialect`, `engine`, `self.dialect`, `dialect.name`: a value that names an engine."""
    if isinstance(node, ast.Attribute) and node.attr == "name":
        node = node.value
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return "dialect" in name.lower() or "engine" in name.lower()


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return bool(node.elts) and all(_is_text(e) for e in node.elts)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


#: files outside dialects/ that still compare an engine's name to a literal (owned by other
#: lanes this session); the list only shrinks
ENGINE_NAME_TESTS: set[str] = set()  # none left outside dialects/


def test_engine_names_are_compared_only_in_dialects() -> None:
    found = set()
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).as_posix()
        if rel.startswith("dialects/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(_names_an_engine(s) for s in sides) and any(_is_text(s) for s in sides):
                    found.add(f"{rel}:{node.lineno}")
    assert {f.rsplit(":", 1)[0] for f in found} <= ENGINE_NAME_TESTS, sorted(found)
