"""The shape of the package: a lazy CLI, no new import cycles between its parts, C901 on."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


#: an engine's name, an alias, or a prefix built on one (`postg`, `mysql_`, `postgresql+psycopg`)
_ENGINE_NAME = re.compile(r"(postg\w*|mysql|mariadb|sqlite3?)([_+.:].*)?", re.I)
#: string methods that compare their argument with the string (prefix/suffix tests)
_STR_TESTS = frozenset({"startswith", "endswith", "removeprefix", "removesuffix"})


def _engine_literal(node: ast.expr | None) -> bool:
    """A string literal naming an engine, or a tuple/list/set/dict holding one."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_engine_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_engine_literal(k) for k in node.keys)
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _ENGINE_NAME.fullmatch(node.value) is not None
    )


def _engine_tests(tree: ast.AST) -> list[ast.AST]:
    """Every comparison, membership or prefix test of anything against an engine's name."""
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):  # ==, !=, in, not in, is: whatever the variable
            hit = any(_engine_literal(s) for s in (node.left, *node.comparators))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            hit = node.func.attr in _STR_TESTS and any(_engine_literal(a) for a in node.args)
        elif isinstance(node, ast.match_case):
            hit = any(
                isinstance(p, ast.MatchValue) and _engine_literal(p.value)
                for p in ast.walk(node.pattern)
            )
        else:
            hit = False
        if hit:
            found.append(node)
    return found


#: (file, test) pairs outside dialects/ allowed to test an engine's name, each with its reason;
#: the list only shrinks
ENGINE_NAME_TESTS: dict[tuple[str, str], str] = {
    (
        "importers/markdown/reader.py",
        "info.startswith(('sql', 'postgres', 'mysql', 'sqlite'))",
    ): "a Markdown fence's language tag (```postgres), not an engine the run targets",
}


def _engine_name_tests(root: Path) -> set[tuple[str, str]]:
    found = set()
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("dialects/"):
            continue
        for node in _engine_tests(ast.parse(path.read_text(encoding="utf-8"))):
            found.add((rel, ast.unparse(node)))
    return found


def test_engine_names_are_compared_only_in_dialects() -> None:
    found = _engine_name_tests(PKG)
    # an entry another lane's change makes stale does not fail here: remove it when you see it
    assert found - ENGINE_NAME_TESTS.keys() == set(), sorted(found - ENGINE_NAME_TESTS.keys())


@pytest.mark.parametrize(
    "code",
    [
        'if d == "mariadb": pass',
        'x = family != "postgresql"',
        'ok = kind in ("mysql", "mariadb")',
        'ok = "sqlite" in names',
        'ok = prefix.startswith("postg")',
        'ok = key.startswith(("mysql_", "mariadb_"))',
        'ok = url.drivername == "postgresql+psycopg"',
        'match d:\n    case "sqlite":\n        pass',
    ],
)
def test_any_comparison_with_an_engine_name_is_caught(code: str) -> None:
    assert _engine_tests(ast.parse(code))


@pytest.mark.parametrize(
    "code",
    [
        'dialect: str = "postgresql"',  # a default value
        'help_text = "postgresql, mysql, mariadb or sqlite"',  # CLI help
        'opts = {"mysql": found}',  # the key of an options map
        'adapter = adapter_for("mariadb")',  # asking the registry for an engine
        'ok = text.startswith("sql")',
    ],
)
def test_other_uses_of_an_engine_name_are_allowed(code: str) -> None:
    assert not _engine_tests(ast.parse(code))


def test_generated_code_does_not_compare_engine_names_either() -> None:
    """Code the renderers write (Alembic revisions, ORM modules) asks the Dialect records too:
    no string literal outside dialects/ holds `== "postgresql"` and the like."""
    import re

    compare = re.compile(r"""(==|!=)\s*["'](postgres|postgresql|mysql|mariadb|sqlite)["']""")
    found = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG).as_posix()
        if rel.startswith("dialects/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if compare.search(node.value):
                    found.append((rel, node.value.strip()))
    assert found == []
