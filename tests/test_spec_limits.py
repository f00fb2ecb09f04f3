"""Hostile specs fail fast at load, one located line each: SQL fragments, names, YAML limits."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pydev_workflow.cli.app import run_cli
from pydev_workflow.errors import InputError
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.dbml import import_dbml
from pydev_workflow.importers.sql import import_sql
from pydev_workflow.spec import load, loads
from pydev_workflow.spec.dump import dumps
from pydev_workflow.spec.fragments import BOUND, fragment_problem

BASE = "entities:\n  T:\n    fields:\n      id: {type: uuid, pk: true}\n"
LOCATED = re.compile(r"^s\.yaml:\d+:\d+: error: [^\n]+$")


def problems(text: str) -> list[str]:
    """The one-line messages of loading `text`, each asserted to be located and one line."""
    with pytest.raises(InputError) as info:
        loads(text, "s.yaml")
    lines = [str(p) for p in info.value.problems]
    for line in lines:
        assert LOCATED.match(line), line
    return lines


# (case, spec text, expected line:col, expected words)
FRAGMENTS = [
    (
        "index where with a second statement",
        BASE + '    indexes:\n      - {fields: [id], where: "id IS NOT NULL; INSERT INTO '
        "public.canary VALUES (96, 'x')\"}\n",
        "6:31",
        "where of an index of T holds `;`",
    ),
    (
        "SQL default with a statement after it",
        BASE + "      a: {type: integer, default: {sql: '1; DROP TABLE t'}}\n",
        "5:41",
        "default of T.a holds `;`",
    ),
    (
        "field check with a line comment",
        BASE + "      a: {type: integer, check: 'a > 0 -- )'}\n",
        "5:33",
        "check of T.a holds a SQL comment",
    ),
    (
        "MySQL executable comment",
        "dialect: mysql\n" + BASE + "      a: {type: integer, check: 'a > 0 /*! OR 1 */'}\n",
        "6:33",
        "holds a SQL comment",
    ),
    (
        "entity check with a subquery",
        BASE + "    checks: ['id IN (SELECT id FROM other)']\n",
        "5:14",
        "check of T holds a subquery",
    ),
    (
        "entity check that is a statement",
        BASE + "    checks: [{expression: 'DROP TABLE users', name: ck}]\n",
        "5:27",
        "is not one SQL expression: unexpected `DROP` at column 1",
    ),
    (
        "partition bound with a statement after it",
        BASE + "    partitioning: {method: range, key: [id], partitions: [{name: p1, "
        'bound: "FOR VALUES FROM (1) TO (2); DROP TABLE x"}]}\n',
        "5:77",
        "bound of a partition of T holds `;`",
    ),
    (
        "query aggregate with a statement after it",
        BASE + "query_patterns:\n  - {name: q, entity: T, aggregate: 'count(*); DELETE FROM t'}\n",
        "6:37",
        "aggregate of query 'q' holds `;`",
    ),
    (
        "index expression key with a statement after it",
        BASE + "    indexes: [{name: ix, fields: ['(lower(id)); DROP TABLE t']}]\n",
        "5:35",
        "key of index ix holds `;`",
    ),
    (
        "query order_by expression with a comment",
        BASE + "query_patterns:\n  - {name: q, entity: T, order_by: ['lower(id) /* x */ desc']}\n",
        "6:37",
        "order_by of query 'q' holds a SQL comment",
    ),
    (
        "string literal hiding a statement on its next line",
        BASE + "      a: {type: text, check: \"a = 'x\\nDROP TABLE users; --'\"}\n",
        "5:30",
        "check of T.a holds a line break",
    ),
    (
        "unbalanced expression",
        BASE + "      a: {type: integer, check: 'a > 0 AND'}\n",
        "5:33",
        "is not one SQL expression: it is incomplete at `AND` at column 7",
    ),
]


@pytest.mark.parametrize(
    ("text", "where", "words"), [c[1:] for c in FRAGMENTS], ids=[c[0] for c in FRAGMENTS]
)
def test_sql_fragments_must_be_one_expression(text: str, where: str, words: str) -> None:
    (line,) = problems(text)
    assert line.startswith(f"s.yaml:{where}: error: "), line
    assert words in line


def test_legit_engine_expressions_load() -> None:
    spec = (
        BASE
        + "      name: {type: text, check: \"name ~ '^[a-z]+$' AND length(name) < 64\"}\n"
        + "      tags: {type: 'array(text)', default: {sql: 'ARRAY[]::text[]'}}\n"
        + "      doc: {type: json, default: {sql: \"'{}'::jsonb\"}}\n"
        + "      comment: {type: text}\n"
        + "    checks: [\"comment IS NULL OR comment <> ''\"]\n"
        + "    indexes:\n"
        + "      - {name: ix_lower, fields: ['lower(name)'], where: 'comment IS NOT NULL'}\n"
        + "    partitioning: {method: range, key: [id], partitions: [{name: p1, bound: "
        '"FOR VALUES FROM (MINVALUE) TO (MAXVALUE)"}, {name: p2, bound: DEFAULT}]}\n'
    )
    schema = loads(spec, "s.yaml")
    assert schema.entities[0].checks[0].expression == "comment IS NULL OR comment <> ''"
    folded = (
        BASE
        + "      a:\n        type: integer\n        check: >\n"
        + "          a > 0\n          AND a < 10\n"
    )
    assert loads(folded, "s.yaml").entities[0].fields[1].check == "a > 0 AND a < 10\n"


def test_mysql_partition_descriptions_are_bounds() -> None:
    for bound in ("MAXVALUE", "10", "'a','b'", "VALUES LESS THAN (10)", "VALUES IN (1, 2)"):
        assert fragment_problem(bound, "mysql", BOUND) is None, bound
    assert fragment_problem("10); DROP TABLE t; (", "mysql", BOUND)


NAMES = [
    (
        "entity name with a newline and SQL",
        'entities:\n  "T\\nDROP TABLE x; --":\n    fields:\n      id: {type: uuid, pk: true}\n',
        "2:3",
        "entity 'T\\nDROP TABLE x; --' holds a newline at position 2",
    ),
    ("table with a tab", BASE + '    table: "t\\tx"\n', "2:3", "holds a tab"),
    ("schema with NUL", BASE + '    schema: "s\\0"\n', "2:3", "holds a NUL byte"),
    ("field with CR", BASE + '      "a\\rb": text\n', "5:7", "holds a carriage return"),
    ("field with U+2028", BASE + '      "a\\Lb": text\n', "5:7", "U+2028"),
    (
        "index name with C1 control",
        BASE + '    indexes: [{name: "ix\\x85", fields: [id]}]\n',
        "5:15",
        "U+0085",
    ),
    (
        "constraint name with a newline",
        BASE + '    checks: [{expression: "id IS NOT NULL", name: "ck\\nx"}]\n',
        "5:14",
        "check constraint of T 'ck\\nx' holds a newline",
    ),
    ("enum value with a newline", BASE + '      s: {type: "enum(a,\\"b\\nc\\")"}\n', "5:7", "enum"),
    (
        "enum type name with a newline",
        BASE + '      s: {type: "enum(a,b)", enum_name: "st\\nx"}\n',
        "5:7",
        "enum_name 'st\\nx' holds a newline",
    ),
    ("component with a newline", 'components: ["A\\nB"]\n' + BASE, "1:1", "component"),
    ("name of 300 bytes", BASE + "    table: " + "x" * 300 + "\n", "2:3", "300 bytes long"),
]


@pytest.mark.parametrize(
    ("text", "where", "words"), [c[1:] for c in NAMES], ids=[c[0] for c in NAMES]
)
def test_names_with_control_characters_are_rejected(text: str, where: str, words: str) -> None:
    lines = problems(text)
    assert lines[0].startswith(f"s.yaml:{where}: error: "), lines
    assert words in lines[0], lines


@pytest.mark.parametrize(
    ("snippet", "words"),
    [
        ("    primary_key: [id, id]\n", "primary_key of T lists id twice"),
        ("      a: text\n    unique: [[a, a]]\n", "unique constraint of T lists a twice"),
        ("      a: text\n    indexes: [{name: ix, fields: [a, a]}]\n", "index ix lists a twice"),
        (
            "      a: uuid\n    foreign_keys: [{fields: [a, a], references: T.id}]\n",
            "foreign key of T lists a twice",
        ),
    ],
)
def test_duplicate_key_columns_are_rejected(snippet: str, words: str) -> None:
    lines = problems(BASE + snippet)
    assert any(words in line for line in lines), lines


@pytest.mark.parametrize(
    ("type_text", "words"),
    [
        ("string(99999999999)", "string length 99999999999 is beyond any engine"),
        ("array(array(array(array(array(array(array(int)))))))", "7 dimensions (at most 6)"),
        ("array(" * 500 + "int" + ")" * 500, "nests 500 levels; at most 16"),
        ("int" + "[]" * 5000, "nests 5000 levels"),
    ],
)
def test_absurd_types_are_rejected(type_text: str, words: str) -> None:
    (line,) = problems(BASE + f"      a: {{type: '{type_text}'}}\n")
    assert line.startswith("s.yaml:5:"), line
    assert words in line


def test_nested_arrays_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(BASE + "      a: {type: 'array(array(array(int)))'}\n", encoding="utf-8")
    for fmt in ("sql", "markdown", "sqlalchemy", "alembic"):
        assert run_cli(["data-models", "render", "--spec", str(spec), "-f", fmt]) == 0, fmt
    out = capsys.readouterr().out
    assert "INTEGER[][][]" in out and "dimensions=3" in out


def test_deep_yaml_fails_fast() -> None:
    deep = "entities:\n  T:\n    fields: " + "[" * 250_000 + "]" * 250_000 + "\n"
    assert len(deep) > 500_000
    start = time.perf_counter()
    (line,) = problems(deep)
    assert time.perf_counter() - start < 1.0
    assert line.startswith("s.yaml:3:") and "nests deeper than 64 levels" in line
    block = "".join(" " * i + "a:\n" for i in range(1000))
    (line,) = problems(block)
    assert "nests deeper than 64 levels" in line


def test_billion_laughs_fails_fast() -> None:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    start = time.perf_counter()
    (line,) = problems("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert "the aliases expand to more than 10,000,000 nodes" in line


def test_an_alias_inside_its_own_anchor_is_rejected() -> None:
    (line,) = problems("entities: &a {T: {fields: *a}}\n")
    assert line.startswith("s.yaml:1:27:") and "refers to a node that contains it" in line


def test_a_second_document_is_not_dropped() -> None:
    lines = problems(BASE + "---\nentities: {}\n")
    assert lines[0].startswith("s.yaml:5:1:") and "a second YAML document" in lines[0]


@pytest.mark.parametrize(
    ("text", "where", "char"),
    [
        (BASE + "      na\x01me: text\n", "5:9", "U+0001"),
        ("entities:\n  T:\n    fields:\n      id: {type: uuid\x00, pk: true}\n", "4:22", "U+0000"),
        ("entities:\n  T\x85: 1\n", "2:4", "U+0085"),
        ("entities:\n  T\u2028X: 1\n", "2:4", "U+2028"),
        ("entities:\r\n  T:\r\n    x\x7f: 1\r\n", "3:6", "U+007F"),
    ],
)
def test_control_characters_in_yaml_are_one_line_at_their_place(
    text: str, where: str, char: str
) -> None:
    (line,) = problems(text)
    assert line.startswith(f"s.yaml:{where}: error: invalid YAML: control character {char}"), line


def test_yaml_syntax_errors_are_one_line() -> None:
    for text in ("entities: a: b\n", 'entities:\n  T: "abc\n', "%YAML 1.1\n%YAML 1.1\n---\na: 1\n"):
        problems(text)


def test_spec_size_is_limited(tmp_path: Path) -> None:
    from pydev_workflow.spec.load import MAX_SPEC_BYTES

    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(MAX_SPEC_BYTES + 1)  # sparse: no 50 MiB written
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        load(big, "big.yaml")
    assert time.perf_counter() - start < 1.0
    assert str(info.value) == (
        "big.yaml: error: spec is 52,428,801 bytes, over the limit of 50 MiB (split the model, "
        "or check that this is the spec file)"
    )
    with pytest.raises(InputError) as info:  # stat says 0 bytes; reading stops at the limit
        load("/dev/zero", "zero.yaml")
    assert "over the limit of 50 MiB" in str(info.value)


def test_hostile_spec_through_check_is_exit_2_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "data-models.yaml"
    spec.write_text(
        BASE + '    indexes:\n      - {fields: [id], where: "id IS NULL; DROP TABLE t"}\n',
        encoding="utf-8",
    )
    assert run_cli(["data-models", "check", "--spec", str(spec)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{spec}:6:31: error: where of an index of T")
    assert "Traceback" not in "".join(err)


# every corpus schema, imported from SQL or DBML, loads back: no legit expression is refused.
# MusicBrainz (two imports of 13 s together) loads back in test_import_sql.py's corpus test,
# through the same loader.
CORPUS = [
    (("postgresql/pagila-schema.sql",), "postgresql"),
    (("postgresql/sakila-schema.sql",), "postgresql"),
    (("postgresql/chinook-schema.sql",), "postgresql"),
    (("mysql/sakila-schema.sql",), "mysql"),
    (("mysql/chinook-schema.sql",), "mysql"),
    (("sqlite/sakila-schema.sql",), "sqlite"),
    (("sqlite/chinook-schema.sql",), "sqlite"),
    (("dbml/ecommerce.dbml",), None),
    (("dbml/dbml2sql-schema.dbml",), None),
    (("dbml/db2dbml-postgres-schema.dbml",), None),
]


@pytest.mark.parametrize(("files", "dialect"), CORPUS, ids=[c[0][0] for c in CORPUS])
def test_every_corpus_import_loads(
    corpus: Path, files: tuple[str, ...], dialect: str | None
) -> None:
    paths = [str(corpus / f) for f in files]
    if dialect is None:
        result = import_dbml(paths[0], ImportOptions())
    else:
        options = ImportOptions(dialect=dialect, extra_sources=tuple(paths[1:]))
        result = import_sql(paths[0], options)
    schema = loads(dumps(result.schema), "corpus.yaml")  # raises on any refused fragment or name
    assert len(schema.entities) == len(result.schema.entities)


def test_importers_refuse_hostile_fragments_too(tmp_path: Path) -> None:
    source = tmp_path / "h.dbml"
    source.write_text("Table t {\n  id int [pk]\n  v int [check: `v > 0; DROP TABLE t`]\n}\n")
    with pytest.raises(InputError) as info:
        import_dbml(str(source), ImportOptions())
    (line,) = (str(p) for p in info.value.problems)
    assert line.startswith("error: check of T.v holds `;` at column 6"), line


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 KiB tmpfs (root only: skipped where mounting is not allowed)."""
    import subprocess

    mnt = tmp_path / "disk"
    mnt.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(mnt)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_a_full_disk_is_one_line_not_a_traceback(
    small_disk: Path, example_spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = small_disk / "schema.sql"
    code = run_cli(
        ["data-models", "render", "-f", "sql", "--spec", str(example_spec), "-o", str(out)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert (
        err
        == "error: cannot write: No space left on device (free some disk space and run it again)\n"
    )
    assert list(small_disk.iterdir()) == []  # the atomic write left no temp file


@pytest.mark.parametrize(
    ("native", "words"),
    [
        ("int; drop table x", "holds `;`"),
        ("int) ; drop table x; create table y (a int", "closes a parenthesis it did not open"),
        ("int, b int", "holds a comma outside parentheses"),
        ("int DEFAULT 1", "holds `DEFAULT`"),
        ("int REFERENCES other (id)", "holds `REFERENCES`"),
        ("int -- x", "holds a SQL comment"),
        ("geometry(Point, 4326", "leaves a parenthesis open"),
    ],
)
def test_native_types_are_one_type(native: str, words: str) -> None:
    (line,) = problems(BASE + f"      a: {{type: 'native({native})'}}\n")
    assert line.startswith("s.yaml:5:7: error: T.a: native type"), line
    assert words in line


def test_legit_native_types_load() -> None:
    natives = [
        "tsvector",
        "geometry(Point, 4326)",
        "public.mytype",
        "timestamp(3) with time zone",
        "set('a', 'b')",
        "int4range",
        "double precision",
    ]
    fields = "".join(f'      n{i}: {{type: "native({n})"}}\n' for i, n in enumerate(natives))
    assert loads(BASE + fields, "s.yaml")


def test_unknown_dialect_is_located() -> None:
    (line,) = problems("dialect: oracle\n" + BASE)
    assert line == (
        "s.yaml:1:10: error: unknown dialect 'oracle' "
        "(choose one of: postgresql, sqlite, mysql, mariadb)"
    )


def test_empty_names_are_rejected() -> None:
    (line,) = problems('entities:\n  "":\n    fields:\n      id: {type: uuid, pk: true}\n')
    assert line == "s.yaml:2:3: error: entity '' is empty (give it a name)"
    (line,) = problems(BASE + '      "": text\n')
    assert line == "s.yaml:5:7: error: field of T '' is empty (give it a name)"


def test_long_values_are_cut_in_messages() -> None:
    (line,) = problems(BASE + "      a: {type: 'string(" + "9" * 5000 + ")'}\n")
    assert len(line) < 200 and line.endswith("…'")


def test_json_schema_rejects_control_characters_in_names() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from pydev_workflow.spec.jsonschema import spec_json_schema

    schema = spec_json_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"entities": {"A\nB": {"fields": {"id": "uuid"}}}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"entities": {"A": {"table": "t\tx", "fields": {"id": "uuid"}}}}, schema
        )


def test_an_index_key_naming_a_field_is_that_field_whatever_its_name_holds() -> None:
    """A field called `v`; --` is indexed by name: a field, never parsed as an expression."""
    from pydev_workflow.spec.load import loads

    schema = loads(
        "entities:\n  T:\n    fields:\n      id: {type: integer, pk: true}\n"
        '      "v`; --": {type: integer}\n'
        '    indexes:\n      - {name: ix_v, fields: ["v`; -- desc"]}\n'
    )
    entity = schema.entity("T")
    assert entity is not None
    (key,) = entity.indexes[0].fields
    assert (key.name, key.expression, key.descending) == ("v`; --", False, True)
