"""PostgreSQL: identifiers up to 63 bytes (NAMEDATALEN - 1), native UUID, enums, partitions."""

from pydev_workflow.dialects.base import Dialect
from pydev_workflow.model import IndexMethod

DIALECT = Dialect(
    name="postgresql",
    display="PostgreSQL",
    sqlalchemy_name="postgresql",
    # https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
    max_identifier_length=63,
    reserved_words_ref="sqlalchemy.dialects.postgresql.base:RESERVED_WORDS",
    index_methods=frozenset(IndexMethod) - {IndexMethod.FULLTEXT, IndexMethod.SPATIAL},
    partitioning=True,
    partial_indexes=True,
    expression_indexes=True,
    native_uuid=True,
    named_enums=True,
    arrays=True,
    url_example="postgresql://postgres@127.0.0.1:5432/test",
    driver_extra="postgresql",
)
