"""The Dialect record: what an engine can express, so code asks flags instead of names."""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import re
from dataclasses import dataclass, field
from functools import cached_property

from pydev_workflow.model import FieldType, IndexMethod, Options, TypeKind


@dataclass(frozen=True)
class Limits:
    """The largest type parameters an engine takes (None: no limit), cited per engine."""

    decimal_precision: int | None = None
    decimal_scale: int | None = None
    scale_within_precision: bool = False  # DECIMAL(M,D) needs M >= D
    float_precision: int | None = None  # FLOAT(p), in bits
    varchar_length: int | None = None  # characters
    char_length: int | None = None
    row_bytes: int | None = None  # the columns of one row, not counting TEXT/BLOB
    bytes_per_char: int = 4  # utf8mb4: what a character costs in the row size
    identifier_bytes: bool = True  # the identifier limit counts bytes (else characters)
    #: (charset, bytes a character takes at most) where it is not `bytes_per_char`; with
    #: `varchar_bytes` set, a VARCHAR's limit is that many bytes in its character set
    charset_bytes: tuple[tuple[str, int], ...] = ()
    varchar_bytes: int | None = None
    key_bytes: int | None = None  # the longest index key, in bytes (None: no limit checked)
    hashed_unique: bool = False  # a UNIQUE key beyond `key_bytes` or on TEXT is held as a hash

    def char_bytes(self, charset: str | None) -> int:
        """What one character costs in `charset` (the default character set for None)."""
        if charset:
            for name, size in self.charset_bytes:
                if name == charset.lower():
                    return size
        return self.bytes_per_char

    def varchar_chars(self, charset: str | None) -> int | None:
        """The longest VARCHAR in characters, in `charset` where the limit counts bytes."""
        if self.varchar_bytes is None:
            return self.varchar_length
        return self.varchar_bytes // self.char_bytes(charset)


@dataclass(frozen=True)
class Dialect:
    """One SQL engine's capabilities and limits."""

    name: str  # registry name: postgresql, sqlite, mysql, mariadb
    display: str  # "PostgreSQL"
    sqlalchemy_name: str  # the SQLAlchemy dialect module: postgresql, sqlite, mysql
    max_identifier_length: int | None  # None: no limit
    reserved_words_ref: str  # "module:attr" of a set of reserved words (SQLAlchemy's lists)
    index_methods: frozenset[IndexMethod] = frozenset({IndexMethod.BTREE})
    partitioning: bool = False  # PARTITION BY on CREATE TABLE
    partial_indexes: bool = False  # CREATE INDEX … WHERE
    expression_indexes: bool = False
    alter_add_foreign_key: bool = True  # ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY
    native_uuid: bool = False
    named_enums: bool = False  # CREATE TYPE … AS ENUM
    arrays: bool = False
    enum_type: bool = True  # an ENUM type (else TEXT with a CHECK of the values)
    #: BINARY(n)/VARBINARY(n) keep their length (else unbounded bytes); the adapter's
    #: `fixed_binary` is about reading a source's SQL, this about what the engine holds
    holds_binary_length: bool = False
    holds_tinyint: bool = False  # a one-byte integer type (else SMALLINT holds it)
    holds_mediumint: bool = False  # a three-byte integer type (else INTEGER holds it)
    binary_json: bool = False  # JSONB, the indexable binary JSON
    #: CREATE SEQUENCE for a sequence no column owns (PostgreSQL; MariaDB 10.3+:
    #: https://mariadb.com/kb/en/create-sequence/); elsewhere the application numbers rows
    sequences: bool = False
    #: schemas inside a database, which the DDL keeps apart (PostgreSQL); elsewhere dropped
    schemas: bool = False
    #: RESTRICT is NO ACTION and SET DEFAULT is refused, so the DDL leaves both out (InnoDB:
    #: https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html)
    restrict_is_no_action: bool = False
    #: a zero date, or a zero month or day (`0000-00-00`, `2020-00-01`), is a value: MariaDB's
    #: default sql_mode has no NO_ZERO_DATE (https://mariadb.com/kb/en/sql-mode/) and SQLite
    #: keeps dates as text; MySQL 8's strict default refuses them
    #: (https://dev.mysql.com/doc/refman/8.0/en/sql-mode.html#sqlmode_no_zero_date) and
    #: PostgreSQL has none, so the DDL leaves such a default out there, with a note
    zero_dates: bool = False
    # -- what the round-trip diff (verify/diff.py) expects the engine to hold and read back --
    #: TIMESTAMP/TIME WITH TIME ZONE is a type of its own that reflection tells apart
    #: (PostgreSQL: https://www.postgresql.org/docs/current/datatype-datetime.html)
    zoned_temporals: bool = False
    #: an INTERVAL type; elsewhere the DDL writes BIGINT
    #: (https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-INTERVAL-INPUT)
    interval_type: bool = False
    #: UNSIGNED numbers; elsewhere the DDL writes the next wider signed type and CHECK (>= 0)
    #: (https://dev.mysql.com/doc/refman/8.0/en/numeric-type-attributes.html)
    unsigned: bool = False
    #: one 64-bit INTEGER storage class holds every integer width
    #: (SQLite: https://www.sqlite.org/datatype3.html)
    one_integer_type: bool = False
    #: JSON may read back as text: MariaDB's JSON is an alias of LONGTEXT
    #: (https://mariadb.com/kb/en/json-data-type/), and a MySQL URL may reach a MariaDB server
    json_as_text: bool = False
    #: the column default that generates a UUID, as the engine spells it ("": none; SQLite
    #: has no such function: https://www.sqlite.org/lang_corefunc.html)
    uuid_default_sql: str = ""
    #: identity on any column (PostgreSQL GENERATED … AS IDENTITY:
    #: https://www.postgresql.org/docs/current/sql-createtable.html); elsewhere only a key
    #: column auto-increments (https://dev.mysql.com/doc/refman/8.0/en/create-table.html)
    identity_any_column: bool = False
    #: SET NULL on a NOT NULL column is refused (InnoDB errno 150), so the DDL leaves it out
    #: (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html)
    set_null_needs_nullable: bool = False
    #: USING HASH is accepted and a B-tree is built (InnoDB:
    #: https://mariadb.com/kb/en/storage-engine-index-types/)
    hash_index_is_btree: bool = False
    #: partitions keep their FOR VALUES bounds and the table its foreign keys (PostgreSQL:
    #: https://www.postgresql.org/docs/current/ddl-partitioning.html); InnoDB takes neither
    #: (https://dev.mysql.com/doc/refman/8.0/en/partitioning-limitations-storage-engines.html)
    partitions_as_written: bool = False
    #: native types SQLAlchemy's reflection reads back as a plain String (PostgreSQL's `name`
    #: and `"char"`: https://www.postgresql.org/docs/current/datatype-character.html)
    natives_read_as_string: frozenset[str] = frozenset()
    #: the keys of the `options:` maps this engine reads, later ones winning (empty: its name)
    option_keys: tuple[str, ...] = ()
    url_example: str = ""
    driver_extra: str = ""  # the pip extra that installs its driver
    notes: tuple[str, ...] = field(default=())
    limits: Limits = field(default=Limits())

    @cached_property
    def reserved_words(self) -> frozenset[str]:
        """Lower-case reserved words, from SQLAlchemy's per-dialect lists.

        Read from the copy in dialects/reserved.py (importing SQLAlchemy costs 0.25 s) when the
        installed SQLAlchemy is the version it was copied from; otherwise, or for a list not
        copied there, from SQLAlchemy itself.
        """
        # lazy: the word lists load only for a run that checks names
        from pydev_workflow.dialects.reserved import SQLALCHEMY_VERSION, WORDS

        if self.reserved_words_ref in WORDS and _sqlalchemy_version() == SQLALCHEMY_VERSION:
            return WORDS[self.reserved_words_ref]
        module, _, attr = self.reserved_words_ref.partition(":")
        obj = importlib.import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
        return frozenset(w.lower() for w in obj)  # type: ignore[attr-defined]

    @property
    def uuid_default(self) -> bool:
        """A column default can generate a UUID here."""
        return bool(self.uuid_default_sql)

    def options_of(self, options: Options) -> dict[str, str]:
        """The engine-specific `options` this engine reads (see `option_keys`)."""
        return options.of(*(self.option_keys or (self.name,)))

    def charset_of(self, table: Options, column: Options, collation: str | None) -> str | None:
        """A column's character set here: its own, else its table's (None: the default).

        A MySQL collation names its character set before the first `_` (`latin1_swedish_ci`).
        """
        for options, coll in ((column, collation), (table, None)):
            opts = self.options_of(options)
            if opts.get("charset"):
                return opts["charset"]
            if coll := coll or opts.get("collate"):
                return coll.split("_", 1)[0]
        return None

    def speaks(self, other: Dialect) -> bool:
        """True when a native type written for `other` is one of this engine's types.

        One SQLAlchemy dialect compiles both (MySQL and MariaDB), so the spelling carries over.
        """
        return self.sqlalchemy_name == other.sqlalchemy_name

    def is_reserved(self, word: str) -> bool:
        """True if `word` must be quoted in this dialect."""
        return word.lower() in self.reserved_words


#: a zero date or a date with a zero month or day, MySQL's "no date" (`0000-00-00 00:00:00`)
_ZERO_DATE = re.compile(r"\s*(?:0000-\d\d-\d\d|\d{4}-00-\d\d|\d{4}-\d\d-00)\b")


def is_zero_date(type_: FieldType, value: str) -> bool:
    """True for a date or timestamp `value` that only a `zero_dates` engine holds."""
    return type_.kind in (TypeKind.DATE, TypeKind.TIMESTAMP) and bool(_ZERO_DATE.match(value))


@functools.cache
def _sqlalchemy_version() -> str:
    """The installed SQLAlchemy's version, read without importing it."""
    return importlib.metadata.version("sqlalchemy")
