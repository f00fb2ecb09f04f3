"""Raw SQL fragments of a spec and names: each fragment is exactly one sqlglot expression.

A spec carries a few pieces of SQL verbatim (SQL defaults, CHECKs, index predicates and
expression keys, partition bounds, query aggregates and sort expressions); they reach the engine
as text inside DDL and queries. So the loader parses every one with sqlglot in the spec's dialect
and accepts exactly one expression: no `;`, no comment (a `--` would swallow the rest of the
rendered line, MySQL runs `/*! … */`), no statement or subquery inside. Names (entities, tables,
fields, …) must hold no control character: a newline in a name ends the `-- Name` comment of the
rendered SQL and makes the rest of it live.
"""

# lazy: sqlglot — init, rules, import db and import sqlalchemy load this module, parse no expression
from __future__ import annotations

import functools
import re
from typing import Any

#: our dialect names -> sqlglot's (the spec's `dialect:`; unknown names read as PostgreSQL)
SQLGLOT_READ = {"postgresql": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}

#: no engine holds a name longer than this (PostgreSQL 63 bytes, MySQL 64 characters, SQL
#: Server 128, Oracle 128 bytes): longer is an input error, not a per-dialect finding
MAX_NAME_LENGTH = 255
#: a fragment longer than this is not a hand-written expression
MAX_FRAGMENT_LENGTH = 20_000

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# fragments are one line too (a tab is fine): the DDL quotes them in `-- ` notes, where a line
# break inside a string literal would turn the rest of the literal into live SQL
_CONTROL_IN_SQL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")

#: what `kind` a fragment is, by the spec key that holds it
EXPRESSION = "expression"
BOUND = "bound"  # a partition bound: PostgreSQL's FOR VALUES … / DEFAULT, MySQL's values

_PG_BOUND = re.compile(r"^\s*(FOR\s+VALUES\b|DEFAULT\s*$)", re.I)
_MYSQL_BOUND = re.compile(r"^\s*(VALUES\s+)?(LESS\s+THAN|IN)\b", re.I)


def _describe(ch: str) -> str:
    names = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", "\x00": "a NUL byte"}
    return names.get(ch, f"the control character U+{ord(ch):04X}")


def name_problem(name: str) -> tuple[str, str] | None:
    """(why, what to do) when `name` cannot be an identifier, or None.

    Empty names, control characters and names longer than any engine takes are refused.
    """
    if not name.strip():
        return "is empty", "give it a name"
    m = _CONTROL_IN_NAME.search(name)
    if m is not None:
        return (
            f"holds {_describe(m.group())} at position {m.start() + 1}",
            "names are one line of printable text: remove the control character",
        )
    size = len(name.encode("utf-8")) if len(name) > MAX_NAME_LENGTH // 4 else 0
    if size > MAX_NAME_LENGTH:
        return (
            f"is {size} bytes long; no engine takes names over {MAX_NAME_LENGTH}",
            "shorten it (PostgreSQL takes 63 bytes, MySQL 64 characters)",
        )
    return None


#: words that end a column's type and start a constraint, a default or a generated value
_CONSTRAINT_WORDS = frozenset(
    "DEFAULT REFERENCES CONSTRAINT PRIMARY UNIQUE NOT NULL CHECK GENERATED AS AUTO_INCREMENT "
    "IDENTITY ON".split()
)


#: words, numbers in parentheses, array brackets: the spelling of most engines' catalogues
_PLAIN_TYPE = re.compile(r"[A-Za-z_][A-Za-z0-9_ ]*(?:\([0-9, ]*\))?(?:\[[0-9]*\])*")


@functools.lru_cache(maxsize=4096)
def native_type_problem(text: str, dialect: str = "postgresql") -> str | None:
    """Why `text`, an engine's own type spelling (`native(…)`), is not one type, or None.

    The spelling reaches the DDL verbatim after the column name, so it must be a type and
    nothing more: no `;` or comment, balanced parentheses, no top-level comma (a second
    column) and no constraint, default or generated clause.
    """
    m = _CONTROL_IN_NAME.search(text)
    if m is not None:
        return f"holds {_describe(m.group())}"
    if _PLAIN_TYPE.fullmatch(text) and not _CONSTRAINT_WORDS.intersection(text.upper().split()):
        return None  # `double precision`, `character varying(20)[]`: no tokenizer needed
    import sqlglot
    from sqlglot.tokenizer_core import TokenType

    read = sqlglot.Dialect.get_or_raise(SQLGLOT_READ.get(dialect, "postgres"))
    try:
        tokens = read.tokenize(text)
    except Exception as exc:  # noqa: BLE001 - the tokenizer fails in several ways on garbage
        return f"is not SQL sqlglot can read ({_parse_error(exc)})"
    depth = 0
    for tok in tokens:
        t = tok.token_type
        if t is TokenType.SEMICOLON:
            return "holds `;`: one type, not statements"
        if tok.comments:
            return "holds a SQL comment"
        if t in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
        elif t in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
            if depth < 0:
                return "closes a parenthesis it did not open"
        elif depth == 0 and t is TokenType.COMMA:
            return "holds a comma outside parentheses: one type, not a list of columns"
        elif depth == 0 and tok.text.upper() in _CONSTRAINT_WORDS:
            return f"holds `{tok.text}`: a type only, without constraints or defaults"
    if depth:
        return "leaves a parenthesis open"
    return None


def one_line_problem(text: str) -> str | None:
    """Why `text` (a label, a query name: prose) cannot be printed on one line, or None."""
    m = _CONTROL_IN_NAME.search(text)
    return f"holds {_describe(m.group())} at position {m.start() + 1}" if m else None


@functools.lru_cache(maxsize=1)
def _forbidden() -> tuple[type[Any], ...]:
    """The sqlglot node types that are statements or subqueries, not parts of an expression."""
    from sqlglot import exp

    names = (
        "Query",  # SELECT, UNION, … (subqueries too)
        "DDL",
        "DML",
        "Create",
        "Drop",
        "Alter",
        "Insert",
        "Update",
        "Delete",
        "Merge",
        "Command",
        "Commit",
        "Rollback",
        "Transaction",
        "Use",
        "Grant",
        "Copy",
        "Describe",
        "Execute",
        "Analyze",
        "LoadData",
        "TruncateTable",
        "Pragma",
        "Show",
    )
    return tuple(t for t in (getattr(exp, n, None) for n in names) if isinstance(t, type))


def _parse_error(exc: Exception, offset: int = 0) -> str:
    """Sqlglot's first error, one line: `unexpected `b` at column 3` (it prints several)."""
    errors = getattr(exc, "errors", None) or []
    if errors and isinstance(errors[0], dict):
        err = errors[0]
        token = str(err.get("highlight") or "").strip()
        col = int(err.get("col") or 0) - len(token) + 1 - offset
        where = f" at column {col}" if col > 0 else ""
        if str(err.get("description", "")).startswith("Required keyword"):
            return f"it is incomplete at `{token}`{where}" if token else "it is incomplete"
        return f"unexpected `{token}`{where}" if token else "it ends too early"
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()
    return text.splitlines()[0] if text else "cannot parse it"


def _text_problem(text: str) -> str | None:
    """Emptiness, size and control characters: what is wrong before any SQL is read."""
    if not text.strip():
        return "is empty"
    if len(text) > MAX_FRAGMENT_LENGTH:
        return f"is {len(text)} characters long (at most {MAX_FRAGMENT_LENGTH})"
    m = _CONTROL_IN_SQL.search(text.strip())  # a YAML block scalar ends with a line break
    if m is not None:
        if m.group() in "\n\r":
            return "holds a line break: write it on one line (a YAML `>` block folds lines)"
        return f"holds {_describe(m.group())}"
    return None


def _token_problem(read: Any, text: str) -> str | None:
    """A statement separator or a comment among the tokens, or text the tokenizer rejects."""
    from sqlglot.tokenizer_core import TokenType

    try:
        tokens = read.tokenize(text)
    except Exception as exc:  # noqa: BLE001 - the tokenizer fails in several ways on garbage
        return f"is not SQL sqlglot can read ({_parse_error(exc)})"
    for tok in tokens:
        if tok.token_type is TokenType.SEMICOLON:
            return f"holds `;` at column {tok.col}: one expression, not statements"
        if tok.comments:
            return "holds a SQL comment: no comments in spec expressions"
    return None


def _pg_bound_tree(tree: Any) -> Any:
    """The bound's properties of `CREATE TABLE _p PARTITION OF _t <bound>`, or None."""
    from sqlglot import exp

    props = tree.args.get("properties") if isinstance(tree, exp.Create) else None
    parts = props.expressions if props is not None else []
    bound = [p for p in parts if isinstance(p, exp.PartitionedOfProperty)]
    # a partition may be partitioned in turn: `FOR VALUES … PARTITION BY RANGE (x)`
    other = [p for p in parts if not isinstance(p, exp.PartitionedByProperty)]
    if len(bound) != 1 or len(other) != 1:
        return None
    return exp.Tuple(expressions=[p.copy() for p in parts])


def _parse(read: Any, text: str, kind: str, pg_bound: bool) -> list[Any] | str | None:
    """The parsed trees of `text`; a problem (str); None for a bare MySQL bound keyword."""
    from sqlglot import exp
    from sqlglot.errors import SqlglotError

    prefix = ""
    try:
        if pg_bound:  # PostgreSQL's FOR VALUES … / DEFAULT, as the tail of PARTITION OF
            prefix = "CREATE TABLE _p PARTITION OF _t "
            return list(read.parse(prefix + text))
        if kind == BOUND:  # MySQL's partition description: values, optionally introduced
            rest = _MYSQL_BOUND.sub("", text, count=1).strip()
            if not rest:
                return None
            prefix = "(" if not rest.startswith("(") else ""
            return list(read.parse_into(exp.Condition, prefix + rest + (")" if prefix else "")))
        # the expression grammar: `comment IS NULL` is a column, not a COMMENT statement
        return list(read.parse_into(exp.Condition, text))
    except SqlglotError as exc:
        return f"is not one SQL expression: {_parse_error(exc, len(prefix))}"
    except Exception as exc:  # noqa: BLE001 - sqlglot's parser raises more than ParseError
        return f"is not one SQL expression ({type(exc).__name__})"


@functools.lru_cache(maxsize=16384)
def fragment_problem(text: str, dialect: str = "postgresql", kind: str = EXPRESSION) -> str | None:
    """Why `text` is not exactly one SQL expression in `dialect` (or bound), or None when it is.

    `kind` is EXPRESSION (defaults, CHECKs, predicates, index keys, aggregates) or BOUND (a
    PostgreSQL partition bound such as `FOR VALUES FROM ('2025-01-01') TO ('2025-02-01')`,
    read as the tail of `CREATE TABLE … PARTITION OF …`).
    """
    import sqlglot
    from sqlglot import exp

    problem = _text_problem(text)
    if problem is not None:
        return problem
    pg_bound = kind == BOUND and _PG_BOUND.match(text) is not None
    read = sqlglot.Dialect.get_or_raise(
        "postgres" if pg_bound else SQLGLOT_READ.get(dialect, "postgres")
    )
    problem = _token_problem(read, text)
    if problem is not None:
        return problem
    parsed = _parse(read, text, kind, pg_bound)
    if isinstance(parsed, str) or parsed is None:
        return parsed
    trees = parsed
    found = [t for t in trees if t is not None]
    if len(found) != 1:
        return f"holds {len(found)} statements: one expression, not statements"
    tree = found[0]
    if pg_bound:
        tree = _pg_bound_tree(tree)
        if tree is None:
            return "is not a partition bound (FOR VALUES FROM … TO …, IN (…), WITH (…), DEFAULT)"
    bad = _forbidden()
    for node in tree.walk():
        if isinstance(node, bad):
            if isinstance(node, exp.Query | exp.Subquery):
                return "holds a subquery: one expression, no SELECT inside"
            return f"holds a {type(node).__name__.upper()} statement: one expression, no statements"
    return None
