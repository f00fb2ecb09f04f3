"""The fidelity harness on the corpus: apply, import, render, apply, compare; nothing unexplained.

benchmarks/fidelity.py does the work (and prints the figures); this module runs it on every
corpus schema of moderate size, on the engine it was written for, and across dialects for the
PostgreSQL ones (each refusal of the target must have been predicted by a note).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

HARNESS = Path(__file__).resolve().parent.parent / "benchmarks" / "fidelity.py"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pydev_fidelity_harness", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fidelity = _harness()
CASES = [c for c in fidelity.CASES if not c.big]
_SERVER = {"postgresql": "postgresql", "mariadb": "mariadb"}


def _engine_ready(request: pytest.FixtureRequest, dialect: str) -> None:
    if dialect == "sqlite":
        return
    url = request.getfixturevalue(f"{_SERVER[dialect]}_url")  # fails under CI when missing
    client = "psql" if dialect == "postgresql" else "mysql"
    if shutil.which(client) is None:
        pytest.skip(f"{client} (the engine's own client) applies the original file")
    base = url.rsplit("/", 1)[0] + "/"
    if dialect == "postgresql":
        fidelity.PG_URL = base + "postgres"
    else:
        fidelity.MY_URL = base


@pytest.mark.db("postgresql")
@pytest.mark.db("mariadb")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_same_engine_has_no_unexplained_difference(
    case: object, corpus: Path, request: pytest.FixtureRequest
) -> None:
    _engine_ready(request, case.dialect)  # type: ignore[attr-defined]
    res = fidelity.run_case(corpus, case)
    assert [str(d) for d in res.unexplained] == []


PG_CASES = [c for c in CASES if c.dialect == "postgresql"]


@pytest.mark.db("mariadb")
@pytest.mark.parametrize("target", ["mariadb", "sqlite"])
@pytest.mark.parametrize("case", PG_CASES, ids=[c.name for c in PG_CASES])
def test_postgresql_schemas_elsewhere_refuse_only_what_was_said(
    case: object, target: str, corpus: Path, request: pytest.FixtureRequest
) -> None:
    _engine_ready(request, target)
    res = fidelity.run_case(corpus, case, target)
    assert [str(d) for d in res.unexplained] == []


def test_accepted_normalisations_are_documented() -> None:
    text = (HARNESS.parent.parent / "docs" / "fidelity.md").read_text(encoding="utf-8")
    for code in fidelity.ACCEPTED:
        assert f"| {code} |" in text, code


@pytest.mark.db("postgresql")
@pytest.mark.db("mariadb")
@pytest.mark.parametrize("case", fidelity.DEBIAN_CASES, ids=[c.name for c in fidelity.DEBIAN_CASES])
def test_debian_package_schemas_have_no_unexplained_difference(
    case: object, request: pytest.FixtureRequest
) -> None:
    _engine_ready(request, case.dialect)  # type: ignore[attr-defined]
    root = fidelity.fetch_package(case.package)  # type: ignore[attr-defined]
    if root is None:
        pytest.skip(f"apt-get download {case.package} is not possible here")  # type: ignore[attr-defined]
    res = fidelity.run_case(root, case)
    assert [str(d) for d in res.unexplained] == []
