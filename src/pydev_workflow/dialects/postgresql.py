"""PostgreSQL: identifiers up to 63 bytes (NAMEDATALEN - 1), native UUID, enums, partitions."""

from pydev_workflow.dialects.base import Dialect, Limits
from pydev_workflow.model import IndexMethod

DIALECT = Dialect(
    name="postgresql",
    display="PostgreSQL",
    sqlalchemy_name="postgresql",
    # https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
    max_identifier_length=63,
    reserved_words_ref="sqlalchemy.dialects.postgresql.base:RESERVED_WORDS",
    index_methods=frozenset(IndexMethod),
    partitioning=True,
    partial_indexes=True,
    expression_indexes=True,
    native_uuid=True,
    named_enums=True,
    arrays=True,
    url_example="postgresql://postgres@127.0.0.1:5432/test",
    driver_extra="postgresql",
    # https://www.postgresql.org/docs/current/datatype-numeric.html (NUMERIC up to 1000 digits,
    # scale -1000..1000 and larger than the precision since 15; float(p) takes 1..53) and
    # https://www.postgresql.org/docs/current/datatype-character.html (n up to 10485760)
    limits=Limits(
        decimal_precision=1000,
        decimal_scale=1000,
        float_precision=53,
        varchar_length=10485760,
        char_length=10485760,
    ),
)
