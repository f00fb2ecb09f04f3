"""MariaDB: MySQL's syntax with its own reserved words; no functional indexes."""

from dataclasses import replace

from pydev_workflow.dialects.mysql import DIALECT as MYSQL
from pydev_workflow.dialects.mysql import MySQLAdapter

DIALECT = replace(
    MYSQL,
    name="mariadb",
    display="MariaDB",
    # https://mariadb.com/kb/en/identifier-names/#maximum-length
    reserved_words_ref="sqlalchemy.dialects.mysql.reserved_words:RESERVED_WORDS_MARIADB",
    expression_indexes=False,
    option_keys=("mysql", "mariadb"),  # `mysql:` options serve MariaDB too, its own win
    url_example="mysql+pymysql://root@127.0.0.1:3306/test",
    # https://mariadb.com/kb/en/decimal/: a scale of up to 38 digits
    limits=replace(MYSQL.limits, decimal_scale=38),
)


class MariaDBAdapter(MySQLAdapter):
    """MariaDB: verify works as on MySQL."""

    name = "mariadb"
    national_charset = None  # import sql marks NCHAR as utf8mb3 for a MySQL source only


ADAPTER = MariaDBAdapter()
