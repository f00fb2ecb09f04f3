"""SQLite: no ALTER TABLE ADD CONSTRAINT, no index methods but B-tree, no partitioning."""

from pydev_workflow.dialects.base import Dialect

DIALECT = Dialect(
    name="sqlite",
    display="SQLite",
    sqlalchemy_name="sqlite",
    max_identifier_length=None,  # https://www.sqlite.org/limits.html: no identifier limit
    reserved_words_ref="sqlalchemy.dialects.sqlite.base:SQLiteIdentifierPreparer.reserved_words",
    partial_indexes=True,  # https://www.sqlite.org/partialindex.html
    expression_indexes=True,
    # https://www.sqlite.org/lang_altertable.html: foreign keys only inside CREATE TABLE
    alter_add_foreign_key=False,
    url_example="sqlite:///app.db",
)
