"""The fast spec writer writes exactly ruamel's bytes: on real specs and on random data (#11)."""

from __future__ import annotations

import dataclasses as dc
import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.sql import import_sql
from pydev_workflow.model import Default, DefaultKind, Schema
from pydev_workflow.spec import loads
from pydev_workflow.spec.dump import dumps, dumps_ruamel
from pydev_workflow.spec.yaml_writer import (
    _PLAIN,
    FlowMap,
    FlowSeq,
    Quoted,
    _ruamel_scalar,
    _scalar,
    ruamel_write,
    write,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SPECS = sorted(ROOT.glob("examples/*/data-models.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "specs").glob("*.yaml")
)
SQL = ["postgresql/pagila-schema.sql", "mysql/sakila-schema.sql", "sqlite/chinook-schema.sql"]
HEADER = "Imported by pydev-workflow from sql: x.sql"
RANDOM = settings(
    max_examples=int(os.environ.get("PYDEV_FUZZ_EXAMPLES", "150")),  # 5000 for a longer hunt
    deadline=timedelta(seconds=5),  # a cache miss asks ruamel
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_specs_are_written_as_ruamel_writes_them(spec: Path) -> None:
    schema = loads(spec.read_text(encoding="utf-8"), str(spec))
    assert dumps(schema, header=HEADER) == dumps_ruamel(schema, header=HEADER)


@pytest.mark.parametrize("name", SQL)
def test_imported_sql_is_written_as_ruamel_writes_it(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {path} not present")
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    schema = import_sql(str(path), ImportOptions(dialect=name.split("/")[0])).schema
    assert dumps(schema, header=HEADER) == dumps_ruamel(schema, header=HEADER)


# -- random YAML data: every shape and scalar the spec writer is given --------------------------
TEXT = st.text(max_size=12) | st.sampled_from(
    [
        "yes",
        "no",
        "on",
        "Off",
        "y",
        "null",
        "~",
        "True",
        "007",
        "1.5",
        "1e5",
        ".inf",
        "0x1F",
        "2001-01-01",
        "<<",
        "=",
        "",
        " a",
        "a ",
        "a  b",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "#a",
        "-a",
        "- a",
        "? a",
        "a,b",
        "[a]",
        "{a}",
        "it's",
        'say "hi"',
        "a\\b",
        "a\nb",
        "a\tb",
        "é",
        "😀",
        "\x85",
        "\u2028",
        "\ufeff",
        "numeric(10,2)",
        "amount >= 0",
        "lower(name) desc",
        "now()",
        "t1.id",
        "x" * 130,
        "a b " * 40,
    ]
)
SCALAR = (
    TEXT | TEXT.map(Quoted) | st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
)
DATA = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(FlowSeq),
        st.dictionaries(TEXT, inner, max_size=3),
        st.dictionaries(TEXT, inner, max_size=3).map(FlowMap),
    ),
    max_leaves=12,
)


@RANDOM
@given(st.dictionaries(TEXT, DATA, min_size=1, max_size=4))
def test_random_data_is_written_as_ruamel_writes_it(data: dict[str, Any]) -> None:
    assert write(data) == ruamel_write(data)


@RANDOM
@given(st.dictionaries(TEXT, st.dictionaries(TEXT, DATA, max_size=3), min_size=1, max_size=3))
def test_random_entities_are_written_as_ruamel_writes_them(data: dict[str, Any]) -> None:
    doc = {"version": 1, "entities": data}
    assert write(doc) == ruamel_write(doc)


def test_a_line_too_long_to_keep_goes_through_ruamel() -> None:
    doc = {"entities": {"A": {"fields": FlowMap(a=Quoted("x: " * 3000), b="y " * 2000)}}}
    assert write(doc) == ruamel_write(doc)
    assert write({"k": "word " * 1000}) == ruamel_write({"k": "word " * 1000})


# -- random models: what a user or a database can put in a spec survives, byte for byte --------
#: what a spec can hold: no control characters (the loader rejects them, as YAML 1.2 does)
FREE = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs"),
        blacklist_characters="\x85\u2028\u2029\ufeff",
    )
    | st.sampled_from("\n\t:#'\"-? ,[]{}&*!|>%@`"),
    max_size=20,
) | st.sampled_from(["yes", "no", "on", "007", "1.5", "", " x", "x ", "true", "null", "a: b"])
BLOG = loads((ROOT / "examples/blog/data-models.yaml").read_text(encoding="utf-8"), "blog.yaml")


def model(description: str, default: str, project: str) -> Schema:
    """The blog example with free text put where users write it: descriptions and defaults."""
    user = BLOG.entities[0]
    email = user.fields[1]  # string(255): a literal default stays a string
    email = dc.replace(
        email, description=description, default=Default(DefaultKind.LITERAL, default)
    )
    user = dc.replace(
        user, fields=(user.fields[0], email, *user.fields[2:]), description=description
    )
    return dc.replace(BLOG, entities=(user, *BLOG.entities[1:]), project=project)


@RANDOM
@given(FREE.map(str.strip), FREE, FREE.map(str.strip))
def test_free_text_round_trips_and_matches_ruamel(
    description: str, default: str, project: str
) -> None:
    schema = model(description, default, project)
    text = dumps(schema, header=HEADER)
    assert text == dumps_ruamel(schema, header=HEADER)
    assert loads(text, "x.yaml") == schema


@RANDOM
@given(
    st.from_regex(_PLAIN, fullmatch=True).filter(lambda s: len(s) < 120)
    | st.sampled_from(["True", "NULL", "Yes", "e5"])
)
def test_what_the_writer_proves_plain_ruamel_writes_plain(text: str) -> None:
    for ctx in range(4):  # block key, block value, flow key, flow value
        assert _scalar(text, ctx) == _ruamel_scalar("str", text, ctx), (text, ctx)


@pytest.mark.parametrize(
    "text", ["\x85nel", "a\u2028b", "p\u2029q", "\ufeffbom", "c\x07d", "\x7fdel", "\x9bcsi", "\x85"]
)
def test_characters_the_loader_refuses_raw_are_written_as_escapes(text: str) -> None:
    """NEL, LINE/PARAGRAPH SEPARATOR and other controls in a comment or default (a database's
    column comment may hold one): double-quoted escapes, so the spec loads back the same."""
    from dataclasses import replace

    from pydev_workflow.model import Default, DefaultKind

    base = loads("entities:\n  T:\n    fields:\n      id: {type: integer, pk: true}\n"
                 "      f: {type: string(40)}\n")  # fmt: skip
    e = base.entities[0]
    f = replace(e.fields[1], default=Default(DefaultKind.LITERAL, text), description=text)
    schema = replace(base, entities=(replace(e, fields=(e.fields[0], f), description=text),))
    back = loads(dumps(schema))
    got = back.entities[0]
    assert (got.description, got.fields[1].description, got.fields[1].default) == (
        text,
        text,
        f.default,
    )
