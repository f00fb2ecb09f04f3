"""MariaDB: MySQL's syntax with its own reserved words; no functional indexes."""

# lazy: sqlalchemy — lint-doc and render --format sqlalchemy load the adapters without SQLAlchemy
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from pydev_workflow.dialects.adapter import catalog_sequence
from pydev_workflow.dialects.mysql import DIALECT as MYSQL
from pydev_workflow.dialects.mysql import MySQLAdapter
from pydev_workflow.model.schema import Sequence as ModelSequence

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

DIALECT = replace(
    MYSQL,
    name="mariadb",
    display="MariaDB",
    # https://mariadb.com/kb/en/identifier-names/#maximum-length
    reserved_words_ref="sqlalchemy.dialects.mysql.reserved_words:RESERVED_WORDS_MARIADB",
    expression_indexes=False,
    sequences=True,  # https://mariadb.com/kb/en/create-sequence/ (10.3+)
    uuid_default_sql="(UUID())",  # its native UUID column takes UUID() as it is
    option_keys=("mysql", "mariadb"),  # `mysql:` options serve MariaDB too, its own win
    url_example="mysql+pymysql://root@127.0.0.1:3306/test",
    zero_dates=True,  # https://mariadb.com/kb/en/sql-mode/ (NO_ZERO_DATE is not a default)
    # https://mariadb.com/kb/en/decimal/: a scale of up to 38 digits; UNIQUE on TEXT/BLOB or
    # beyond the key length is kept as a hidden hash (10.4+,
    # https://mariadb.com/kb/en/mariadb-1040-release-notes/#unique-constraints-on-long-columns)
    limits=replace(MYSQL.limits, decimal_scale=38, hashed_unique=True),
)


class MariaDBAdapter(MySQLAdapter):
    """MariaDB: verify works as on MySQL."""

    name = "mariadb"
    national_charset = None  # import sql marks NCHAR as utf8mb3 for a MySQL source only

    def standalone_sequences(
        self, conn: Connection, schemas: tuple[str, ...] = ()
    ) -> tuple[ModelSequence, ...]:
        """The database's sequences: tables of type SEQUENCE, one row of settings each.

        https://mariadb.com/kb/en/information-schema-tables-table/ and
        https://mariadb.com/kb/en/create-sequence/ (a sequence reads as a one-row table).
        """
        import sqlalchemy as sa

        names = conn.execute(
            sa.text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = DATABASE() AND table_type = 'SEQUENCE' ORDER BY 1"
            )
        ).scalars()
        out = []
        for name in list(names):
            cols = ("start_value", "increment", "minimum_value", "maximum_value", "cache_size")
            query: Any = sa.select(*map(sa.column, (*cols, "cycle_option")))
            row = conn.execute(query.select_from(sa.table(str(name)))).one()
            values = (int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), bool(row[5]))
            # defaults: https://mariadb.com/kb/en/create-sequence/#arguments-to-create
            out.append(catalog_sequence(str(name), None, values, (2**63 - 2, -(2**63) + 1, 1000)))
        return tuple(out)


ADAPTER = MariaDBAdapter()
