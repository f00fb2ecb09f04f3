"""A spec expression is compared in the target's spelling: a quoted identifier stays a column."""

from __future__ import annotations

import pytest

from pydev_workflow.dialects.metadata import as_written_for, statements
from pydev_workflow.importers.database import _bare_names
from pydev_workflow.model import Schema
from pydev_workflow.spec.load import loads
from pydev_workflow.verify.core import round_trip

# a hostile table, field and default; the CHECK names the field in PostgreSQL's quotes
HOSTILE = """\
version: 1
project: Hostile
dialect: {dialect}
entities:
  T:
    table: "t`x\\"y'z"
    fields:
      id: {{type: int, pk: true}}
      "v`; --":
        type: string(40)
        nullable: false
        default: "it's `a` \\"b\\"; DROP TABLE canary; --"
        check: {check}
"""
PG_CHECK = "'length(\"v`; --\") > 0'"
MY_CHECK = "'char_length(`v``; --`) > 0'"


def _spec(dialect: str, check: str) -> Schema:
    return loads(HOSTILE.format(dialect=dialect, check=check), "hostile.yaml")


def _check(schema: Schema) -> str | None:
    return schema.entities[0].fields[1].check


def test_a_postgresql_check_is_compared_as_mariadb_writes_it() -> None:
    spec = _spec("postgresql", PG_CHECK)
    assert _check(as_written_for(spec, "mariadb")) == "CHAR_LENGTH(`v``; --`) > 0"
    assert _check(as_written_for(spec, "postgresql")) == 'length("v`; --") > 0'
    ddl = "\n".join(st.sql for st in statements(spec, "mariadb"))
    assert "CHECK (CHAR_LENGTH(`v``; --`) > 0)" in ddl


def test_a_mariadb_check_is_compared_as_postgresql_writes_it() -> None:
    spec = _spec("mariadb", MY_CHECK)
    assert _check(as_written_for(spec, "postgresql")) == 'LENGTH("v`; --") > 0'


def test_import_db_keeps_the_quotes_a_name_needs() -> None:
    assert _bare_names("char_length(`v``; --`) > 0") == "char_length(`v``; --`) > 0"
    assert _bare_names("`a` > 0 and `b c` <> 'x `d` it''s'") == "a > 0 and `b c` <> 'x `d` it''s'"


@pytest.mark.parametrize(("dialect", "check"), [("postgresql", PG_CHECK), ("mariadb", MY_CHECK)])
def test_the_check_round_trips_on_mariadb(dialect: str, check: str, mariadb_url: str) -> None:
    result = round_trip(_spec(dialect, check), mariadb_url, in_place=True)
    assert not result.failures
    found = {d.code for d in result.differences if d.is_finding}
    # V111/V112: SQLAlchemy's MySQL reflection leaves a column name's `` doubled (not ours)
    assert not found - {"V111", "V112"}, result.differences


@pytest.mark.parametrize(("dialect", "check"), [("postgresql", PG_CHECK), ("mariadb", MY_CHECK)])
def test_the_check_round_trips_on_postgresql(dialect: str, check: str, postgresql_url: str) -> None:
    result = round_trip(_spec(dialect, check), postgresql_url, in_place=True)
    assert not result.failures
    assert [d for d in result.differences if d.is_finding] == []


def _round_trips_clean(schema: Schema, url: str) -> None:
    """Every statement applies on the engine and the catalog reads back as the spec."""
    result = round_trip(schema, url, in_place=True)
    assert not result.failures
    assert [str(d) for d in result.differences if d.is_finding] == []


SQLITE_NOW = """\
dialect: sqlite
entities:
  Inbox:
    fields:
      id: {type: integer, pk: true}
      at: {type: timestamp, nullable: false, default: {sql: "datetime('now')"}}
      day: {type: date, default: {sql: "date('now')"}}
"""


@pytest.mark.parametrize("engine", ["postgresql", "mariadb"])
def test_sqlite_now_functions_are_the_current_time_elsewhere(
    engine: str, request: pytest.FixtureRequest
) -> None:
    """Gammu's `DEFAULT (datetime('now'))`: PostgreSQL has no datetime(), MariaDB no 'now'."""
    schema = loads(SQLITE_NOW, "now.yaml")
    ddl = "\n".join(s.sql for s in statements(schema, engine))
    assert "now'" not in ddl.lower() and "CURRENT_TIMESTAMP" in ddl and "CURRENT_DATE" in ddl
    _round_trips_clean(schema, request.getfixturevalue(f"{engine}_url"))


def test_every_boolean_spelling_postgresql_takes_is_its_truth(postgresql_url: str) -> None:
    """Gammu's `"Send" boolean NOT NULL DEFAULT 'no'`: the catalog says false (was a V115)."""
    from pydev_workflow.model.types import boolean_literal

    assert [boolean_literal(v) for v in ("'no'", "YES", " on ", "f", "1", "maybe")] == [
        False, True, True, False, True, None
    ]  # fmt: skip
    spec = "dialect: postgresql\nentities:\n  Phones:\n    fields:\n"
    spec += "      id: {type: integer, pk: true}\n"
    spec += "      send: {type: boolean, nullable: false, default: 'no'}\n"
    spec += "      receive: {type: boolean, default: 'on'}\n"
    _round_trips_clean(loads(spec, "p.yaml"), postgresql_url)


def test_an_instant_default_is_compared_as_an_instant(postgresql_url: str) -> None:
    """OpenDMARC's MySQL `TIMESTAMP DEFAULT '1970-01-01 00:00:01'`: PostgreSQL reads it back
    as `1970-01-01 00:00:01+00` (was a false V115)."""
    spec = "dialect: mysql\nentities:\n  Requests:\n    fields:\n"
    spec += "      id: {type: integer, pk: true}\n"
    spec += "      lastsent: {type: timestamp(tz), nullable: false,"
    spec += " default: '1970-01-01 00:00:01'}\n"
    _round_trips_clean(loads(spec, "r.yaml"), postgresql_url)


def test_a_macaddr_default_is_compared_as_postgresql_spells_it(postgresql_url: str) -> None:
    """pmacct's `mac_src macaddr DEFAULT '0:0:0:0:0:0'` reads back `00:00:00:00:00:00`."""
    spec = "dialect: postgresql\nentities:\n  Acct:\n    fields:\n"
    spec += "      id: {type: integer, pk: true}\n"
    spec += "      mac_src: {type: native(macaddr), nullable: false, default: '0:0:0:0:0:0'}\n"
    spec += "      mac_dst: {type: native(macaddr), default: '08-00-2B-01-02-03'}\n"
    _round_trips_clean(loads(spec, "m.yaml"), postgresql_url)
