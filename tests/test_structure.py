"""The shape of the package: a lazy CLI, no new import cycles between its parts, C901 on,
imports at module top unless a `# lazy:` comment says why."""

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


#: third-party packages heavy enough that importing one inside a function needs a reason too
HEAVY = frozenset({"sqlalchemy", "sqlglot", "markdown_it", "ruamel", "_ruamel_yaml", "rich"})


def _in_function_imports(tree: ast.AST) -> list[tuple[ast.Import | ast.ImportFrom, ast.AST]]:
    """Every import statement inside a function (at any depth), with the node holding it."""
    found: list[tuple[ast.Import | ast.ImportFrom, ast.AST]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                if in_function:
                    found.append((child, node))
            else:
                visit(child, in_function)

    visit(tree, False)
    return found


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The top-level packages an import statement reads (`pydev_workflow` for relative ones)."""
    if isinstance(node, ast.ImportFrom):
        return {"pydev_workflow" if node.level else (node.module or "").split(".")[0]}
    return {a.name.split(".")[0] for a in node.names}


def _has_reason(lines: list[str], node: ast.Import | ast.ImportFrom, parent: ast.AST) -> bool:
    """A `# lazy: …` comment ends the import, sits on the comment lines right above it, or
    above the first import of the run of import statements it belongs to."""
    body: list[ast.stmt] = []
    for name in ("body", "orelse", "finalbody"):
        seq = getattr(parent, name, None)
        if isinstance(seq, list) and node in seq:
            body = seq
    current: ast.stmt = node
    while True:
        end = current.end_lineno or current.lineno
        if any("# lazy:" in lines[n - 1] for n in range(current.lineno, end + 1)):
            return True
        n = current.lineno - 1
        while n >= 1 and lines[n - 1].strip().startswith("#"):
            if lines[n - 1].strip().startswith("# lazy:"):
                return True
            n -= 1
        i = body.index(current) if current in body else 0
        if i == 0 or not isinstance(body[i - 1], (ast.Import, ast.ImportFrom)):
            return False
        current = body[i - 1]


def _module_reasons(lines: list[str]) -> set[str]:
    """Heavy packages a module-level `# lazy: <package>[, <package>] …` line explains for the
    whole module (one line, not one per function, for a library used in many functions)."""
    named: set[str] = set()
    for line in lines:
        if line.startswith("# lazy:"):
            named |= set(re.findall(r"[a-z_]+", line[len("# lazy:") :].split("—")[0])) & HEAVY
    return named


def _unexplained_lazy_imports(root: Path, packages: frozenset[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        module_wide = _module_reasons(lines) if packages is HEAVY else set()
        for node, parent in _in_function_imports(ast.parse(text)):
            wanted = _imported(node) & packages
            if wanted and not wanted <= module_wide and not _has_reason(lines, node, parent):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_imports_of_the_package_sit_at_module_top_or_say_why() -> None:
    """An import of the package's own modules inside a function hides a dependency (and the
    cycles it makes): move it to the top, or say on a `# lazy: …` line which start-up it
    keeps fast or which cycle it breaks."""
    assert _unexplained_lazy_imports(PKG, frozenset({"pydev_workflow"})) == []


def test_heavy_libraries_imported_in_functions_say_why() -> None:
    """SQLAlchemy, sqlglot, markdown-it, ruamel.yaml and Rich cost tens of milliseconds each:
    one imported inside a function is there for a command's start-up, and says so, on the
    import or once for the module (`# lazy: sqlalchemy — render --format mermaid …`)."""
    assert _unexplained_lazy_imports(PKG, HEAVY) == []


def test_a_module_level_reason_names_its_packages() -> None:
    lines = ["# lazy: sqlalchemy, sqlglot — rules loads this module for its tables", "x = 1"]
    assert _module_reasons(lines) == {"sqlalchemy", "sqlglot"}
    assert _module_reasons(["    # lazy: sqlalchemy — indented: one import only"]) == set()


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("def f():\n    from pydev_workflow import x\n", False),
        ("def f():\n    # lazy: check skips it\n    from pydev_workflow import x\n", True),
        ("def f():\n    from pydev_workflow import x  # lazy: breaks a cycle with y\n", True),
        ("def f():\n    # lazy: why\n    import json\n\n    from pydev_workflow import x\n", True),
        ("def f():\n    # lazy: why\n    import json\n    y = 1\n    from . import x", False),
        ("def f():\n    if a:\n        from . import x\n", False),
        ("def f():\n    import sqlalchemy as sa\n", True),  # not the package: the other test
        ("from pydev_workflow import x\n", True),
    ],
)
def test_the_lazy_rule_reads_comments_as_documented(code: str, ok: bool) -> None:
    tree = ast.parse(code)
    lines = code.splitlines()
    bad = [
        n
        for n, parent in _in_function_imports(tree)
        if "pydev_workflow" in _imported(n) and not _has_reason(lines, n, parent)
    ]
    assert (not bad) is ok


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
