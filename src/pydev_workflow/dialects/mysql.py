"""MySQL 8: identifiers up to 64 characters, partitioning, no partial indexes."""

from pydev_workflow.dialects.base import Dialect
from pydev_workflow.model import IndexMethod

DIALECT = Dialect(
    name="mysql",
    display="MySQL",
    sqlalchemy_name="mysql",
    # https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html
    max_identifier_length=64,
    reserved_words_ref="sqlalchemy.dialects.mysql.reserved_words:RESERVED_WORDS_MYSQL",
    index_methods=frozenset(
        {IndexMethod.BTREE, IndexMethod.HASH, IndexMethod.FULLTEXT, IndexMethod.SPATIAL}
    ),
    partitioning=True,
    expression_indexes=True,  # functional key parts since 8.0.13
    url_example="mysql+pymysql://root@127.0.0.1:3306/test",
    driver_extra="mysql",
)
