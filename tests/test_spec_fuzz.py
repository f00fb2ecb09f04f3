"""Fuzz the spec loader: any text is a Schema or located one-line errors, never a crash or hang.

Three sources of input: random YAML-ish text, random YAML documents built from the spec's own
keys, and real specs mutated byte by byte. Each goes through `loads`; a sample also goes through
the CLI's `check`. A deadline per example catches hangs (the loader must fail fast on deep or
aliased YAML); the whole file runs in about 15 seconds.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import InputError
from pydev_workflow.model import Schema
from pydev_workflow.spec import loads
from pydev_workflow.spec.load import (
    ENTITY_KEYS,
    FIELD_KEYS,
    INDEX_KEYS,
    PARTITION_KEYS,
    QUERY_KEYS,
    REL_KEYS,
    TOP_KEYS,
)

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "examples" / "blog" / "data-models.yaml"] + sorted(
    (ROOT / "tests" / "fixtures" / "specs").glob("*.yaml")
)
TEXTS = [p.read_text(encoding="utf-8") for p in SPECS]
NAME = "fuzz.yaml"
LINE = re.compile(r"^fuzz\.yaml(:\d+:\d+)?: error: [^\n\r]+$")
CLI_LINE = re.compile(r"^(\S*fuzz\.yaml(:\d+:\d+)?: )?error: |^… and \d+ more problems$")

#: PYDEV_FUZZ_EXAMPLES=5000 for a longer hunt; the suite's default keeps the file near 10 s
EXAMPLES = int(os.environ.get("PYDEV_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=2),  # a hang or a quadratic blow-up fails the example
    database=None,  # nothing written to .hypothesis/
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

for _text in TEXTS:  # warm the imports (sqlglot, SQLAlchemy) outside the deadline
    loads(_text, NAME)


def outcome(text: str) -> Schema | None:
    """Load `text`: a Schema, or None after asserting every problem is located and one line."""
    try:
        return loads(text, NAME)
    except InputError as exc:
        assert exc.problems, "an InputError names at least one problem"
        for problem in exc.problems:
            line = str(problem)
            assert LINE.match(line), repr(line)
            assert problem.loc.file == NAME
        return None


# -- random text ---------------------------------------------------------------------------------
TOKENS = st.sampled_from(
    list("{}[]:,-&*!|>'\"#%@?`~ \n\t\r\\.;()/")
    + list("abcdefghijklmnopqrstuvwxyzAEIOU0123456789_")
    + ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "é", "ß", "→"]
    + [k + ": " for k in TOP_KEYS + ENTITY_KEYS + FIELD_KEYS]
    + ["---", "...", "&a ", "*a", "<<: ", "!!str ", "!!binary ", "%YAML 1.2\n", "    "]
)
YAMLISH = st.lists(TOKENS, max_size=120).map("".join)


@FUZZ
@given(YAMLISH)
def test_random_text_is_a_schema_or_located_errors(text: str) -> None:
    outcome(text)


# -- random documents over the spec's vocabulary ------------------------------------------------
KEYS = st.sampled_from(
    sorted(
        set(TOP_KEYS + ENTITY_KEYS + FIELD_KEYS + INDEX_KEYS + REL_KEYS + QUERY_KEYS)
        | set(PARTITION_KEYS)
        | {"id", "User", "Post", "sql", "expression", "name", "bound", "x\ny", "a;b"}
    )
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "uuid",
            "string(255)",
            "decimal(1001,2)",
            "float(999)",
            "string(99999999999)",
            "array(array(array(int)))",
            "enum(a,b,a)",
            "native()",
            "now()",
            "User.id",
            "User(id, id)",
            "1:N",
            "N:M",
            "x > 0; DROP TABLE t",
            "x > 0 -- c",
            "(SELECT 1)",
            "FOR VALUES FROM (1) TO (2)",
            "lower(name) desc",
            "count(*)",
            "a\nb",
            "",
        ]
    ),
    st.text(max_size=20),
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=40,
)


def _yaml(data: object) -> str:
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None
    yaml.dump(data, out)
    return out.getvalue()


@FUZZ
@given(st.dictionaries(KEYS, DOCS, max_size=6))
def test_random_documents_are_a_schema_or_located_errors(data: dict[str, object]) -> None:
    outcome(_yaml(data))


def _entities(draw: st.DrawFn) -> dict[str, object]:
    fields = draw(st.dictionaries(KEYS, st.dictionaries(st.sampled_from(FIELD_KEYS), SCALARS)))
    body = draw(st.dictionaries(st.sampled_from(ENTITY_KEYS), DOCS, max_size=4))
    body["fields"] = {"id": {"type": "uuid", "pk": True}, **fields}
    return {"User": body}


@FUZZ
@given(st.composite(_entities)())
def test_random_entities_are_a_schema_or_located_errors(entities: dict[str, object]) -> None:
    outcome(_yaml({"entities": entities}))


# -- real specs, mutated -----------------------------------------------------------------------
@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "indent"]))
        if kind == "insert":
            text = text[:at] + draw(YAMLISH.filter(bool)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif kind == "replace":
            text = text[:at] + draw(st.sampled_from(list(":{}[]-&*'\"#\n\t\x00"))) + text[at + 1 :]
        elif kind == "duplicate":
            end = text.find("\n", at)
            line = text[text.rfind("\n", 0, at) + 1 : end if end >= 0 else len(text)]
            text = text[:at] + line + "\n" + text[at:]
        else:
            text = text[:at] + " " * draw(st.integers(1, 3)) + text[at:]
    return text


@FUZZ
@given(mutated())
def test_mutated_real_specs_are_a_schema_or_located_errors(text: str) -> None:
    outcome(text)


# -- through the CLI -------------------------------------------------------------------------
@settings(FUZZ, max_examples=max(EXAMPLES // 4, 15))
@given(st.one_of(mutated(), YAMLISH))
def test_check_never_crashes(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    import contextlib
    import io

    spec = tmp_path_factory.mktemp("fuzz") / NAME
    spec.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = run_cli(["data-models", "check", "--spec", str(spec), "-C", str(spec.parent)])
    assert code in (0, 1, 2, 3), code
    assert "Traceback" not in err.getvalue()
    if code == 2:
        for line in err.getvalue().strip().splitlines():
            assert CLI_LINE.match(line), line
