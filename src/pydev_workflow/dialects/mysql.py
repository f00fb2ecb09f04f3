"""MySQL 8: identifiers up to 64 characters, partitioning, no partial indexes."""

from pydev_workflow.dialects.base import Dialect, Limits
from pydev_workflow.model import IndexMethod

DIALECT = Dialect(
    name="mysql",
    display="MySQL",
    sqlalchemy_name="mysql",
    # https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html
    max_identifier_length=64,
    reserved_words_ref="sqlalchemy.dialects.mysql.reserved_words:RESERVED_WORDS_MYSQL",
    index_methods=frozenset({IndexMethod.BTREE, IndexMethod.HASH}),
    partitioning=True,
    expression_indexes=True,  # functional key parts since 8.0.13
    url_example="mysql+pymysql://root@127.0.0.1:3306/test",
    driver_extra="mysql",
    # https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html (M up to 65, D up to 30,
    # M >= D), floating-point-types.html (FLOAT(p), p up to 53), char.html (CHAR up to 255;
    # VARCHAR up to 65,535 bytes, 16,383 utf8mb4 characters) and column-count-limit.html (a row
    # holds 65,535 bytes, TEXT and BLOB not counted)
    limits=Limits(
        decimal_precision=65,
        decimal_scale=30,
        scale_within_precision=True,
        float_precision=53,
        varchar_length=16383,
        char_length=255,
        row_bytes=65535,
        identifier_bytes=False,
    ),
)
