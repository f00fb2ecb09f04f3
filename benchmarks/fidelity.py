"""Fidelity on the engine: apply a real schema, import it, render it, apply that, compare catalogs.

Run: python benchmarks/fidelity.py [--corpus DIR] [--only NAME] [--cross] [--big] [-v]
     (PostgreSQL at 127.0.0.1:5432 user postgres, MariaDB at 127.0.0.1:3306 user root; override
     with FIDELITY_PG_URL / FIDELITY_MY_URL; SQLite needs nothing.)

For every corpus schema and the engine it was written for:
  A = the engine's catalog after applying the original file (in a fresh sandbox database);
  import the file (`import sql`), render the model for the same engine (`render sql`);
  B = the catalog after applying that render (in a second fresh sandbox database);
  diff A and B. Each difference is either an accepted normalisation listed in docs/fidelity.md
  (the `ACCEPTED` table below names them) or reported by the tool (the import's "not carried
  over" list or a note of the render); the rest is printed and counted:
  `unexplained differences = N`.
With --cross, PostgreSQL schemas are also rendered for MariaDB and SQLite and applied there:
every statement the engine refuses must have been predicted by a note of the render (or by a
`check` finding); the unpredicted refusals are counted the same way.

The catalog snapshot is SQLAlchemy's Inspector (columns with their compiled types, nullability,
defaults, identity/autoincrement, computed columns, comments; primary key, unique, check and
foreign key constraints with their names and actions; indexes with unique flag, expressions,
prefix lengths, operator classes and methods; table comments and MySQL table options) plus the
engine catalog queries the Inspector misses (PostgreSQL sequences and column collations, MySQL
column collations and ON UPDATE, SQLite AUTOINCREMENT). Sandbox databases are uniquely named
and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pydev_workflow.dialects.metadata import statements
from pydev_workflow.errors import InputError
from pydev_workflow.importers.base import ImportOptions
from pydev_workflow.importers.sql import import_sql, read_source

PG_URL = os.environ.get("FIDELITY_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MY_URL = os.environ.get("FIDELITY_MY_URL", "mysql+pymysql://root@127.0.0.1:3306/")

MUSICBRAINZ = tuple(
    f"postgresql/musicbrainz/Create{x}.sql"
    for x in ("Types", "Tables", "PrimaryKeys", "Indexes", "FKConstraints", "Constraints")
)


@dataclass(frozen=True)
class Case:
    """One corpus schema: its files (applied in order) and the engine it was written for."""

    name: str
    files: tuple[str, ...]
    dialect: str  # postgresql, mariadb, sqlite
    big: bool = False
    package: str = ""  # a Debian package the files come from (fetched at run time)


CASES: tuple[Case, ...] = (
    Case("pg/pagila", ("postgresql/pagila-schema.sql",), "postgresql"),
    Case("pg/sakila", ("postgresql/sakila-schema.sql",), "postgresql"),
    Case("pg/chinook", ("postgresql/chinook-schema.sql",), "postgresql"),
    Case("pg/musicbrainz", MUSICBRAINZ, "postgresql", big=True),
    Case(
        "pg/musicbrainz-dump",
        ("postgresql/musicbrainz-pg_dump-schema-only.sql",),
        "postgresql",
        big=True,
    ),
    Case("mysql/sakila", ("mysql/sakila-schema.sql",), "mariadb"),
    Case("mysql/chinook", ("mysql/chinook-schema.sql",), "mariadb"),
    Case("sqlite/sakila", ("sqlite/sakila-schema.sql",), "sqlite"),
    Case("sqlite/chinook", ("sqlite/chinook-schema.sql",), "sqlite"),
)


#: Real application schemas as Debian packages ship them, fetched at run time with
#: `apt-get download` + `dpkg -x` (never committed: FreeRADIUS is GPL-2.0).
_FR = "etc/freeradius/3.0/mods-config/sql"
_SA = "usr/share/doc/spamassassin/sql"
#: Kamailio's modules whose tables exposed something (a table created twice, FLOAT(M,D),
#: DEFAULT 00 on a VARCHAR); standard first, as kamdbctl loads it
_KAMAILIO = (
    "standard",
    "auth_db",
    "usrloc",
    "ims_usrloc_scscf",
    "acc",
    "registrar",
    "rtpproxy",
    "alias_db",
    "domain",
)
DEBIAN_CASES: tuple[Case, ...] = tuple(
    Case(
        f"debian/freeradius-{part}-{d}",
        (f"{_FR}/{part}/{d}/schema.sql",),
        eng,
        package="freeradius-config",
    )
    for part in ("main", "ippool", "dhcp")
    for d, eng in (("postgresql", "postgresql"), ("mysql", "mariadb"), ("sqlite", "sqlite"))
) + (
    # tried first as unseen schemas (session of 2026-11-27), then kept here
    Case(
        "debian/powerdns-pg",
        ("usr/share/pdns-backend-pgsql/schema/schema.pgsql.sql",),
        "postgresql",
        package="pdns-backend-pgsql",
    ),
    Case(
        "debian/powerdns-mysql",
        ("usr/share/pdns-backend-mysql/schema/schema.mysql.sql",),
        "mariadb",
        package="pdns-backend-mysql",
    ),
    Case(
        "debian/powerdns-sqlite",
        ("usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql",),
        "sqlite",
        package="pdns-backend-sqlite3",
    ),
    Case(
        "debian/icinga-ido-pg",
        ("usr/share/icinga2-ido-pgsql/schema/pgsql.sql",),
        "postgresql",
        package="icinga2-ido-pgsql",
    ),
    Case(
        "debian/icinga-ido-mysql",
        ("usr/share/icinga2-ido-mysql/schema/mysql.sql",),
        "mariadb",
        package="icinga2-ido-mysql",
    ),
    Case(
        "debian/tt-rss-pg",
        ("usr/share/tt-rss/schema/ttrss_schema_pgsql.sql",),
        "postgresql",
        package="tt-rss",
    ),
    Case(
        "debian/tt-rss-mysql",
        ("usr/share/tt-rss/schema/ttrss_schema_mysql.sql",),
        "mariadb",
        package="tt-rss",
    ),
    *(
        Case(
            f"debian/mediawiki-{eng}",
            (f"usr/share/mediawiki/maintenance/{path}tables-generated.sql",),
            eng,
            package="mediawiki",
        )
        for path, eng in (("", "mariadb"), ("postgres/", "postgresql"), ("sqlite/", "sqlite"))
    ),
    *(
        Case(
            f"debian/zabbix-{suffix}",
            (f"usr/share/zabbix-server-{suffix}/schema.sql.gz",),
            eng,
            package=f"zabbix-server-{suffix}",
        )
        for suffix, eng in (("pgsql", "postgresql"), ("mysql", "mariadb"))
    ),
    Case(
        "debian/cacti-mysql",
        ("usr/share/cacti/conf_templates/cacti.sql",),
        "mariadb",
        package="cacti",
    ),
    Case(
        "debian/davical-pg", ("usr/share/davical/dba/davical.sql",), "postgresql", package="davical"
    ),
    *(
        Case(
            f"debian/spamassassin-{eng}",
            tuple(f"{_SA}/{part}_{suffix}.sql" for part in parts),
            eng,
            package="spamassassin",
        )
        for suffix, eng, parts in (
            ("pg", "postgresql", ("awl", "bayes", "userpref", "txrep", "decodeshorturl")),
            ("mysql", "mariadb", ("awl", "bayes", "userpref", "txrep", "decodeshorturl")),
            ("sqlite", "sqlite", ("txrep", "decodeshorturl")),
        )
    ),
    # tried first as unseen schemas (session of 2026-11-28), then kept here
    *(
        Case(
            f"debian/ejabberd-{name}",
            (f"usr/share/ejabberd/sql/{name}.sql",),
            eng,
            package="ejabberd",
        )
        for name, eng in (
            ("pg", "postgresql"),
            ("pg.new", "postgresql"),
            ("mysql", "mariadb"),
            ("mysql.new", "mariadb"),
            ("lite", "sqlite"),
            ("lite.new", "sqlite"),
        )
    ),
    *(
        Case(
            f"debian/kamailio-{folder}",
            tuple(
                f"usr/share/kamailio/{folder}/{m}-create.sql"
                for m in _KAMAILIO
                if folder == "mysql" or not m.startswith("ims_")  # IMS: MySQL only
            ),
            eng,
            package=f"kamailio-{pkg}-modules",
        )
        for folder, pkg, eng in (
            ("mysql", "mysql", "mariadb"),
            ("postgres", "postgres", "postgresql"),
            ("db_sqlite", "sqlite", "sqlite"),
        )
    ),
    *(
        Case(
            f"debian/roundcube-{name}",
            (f"usr/share/roundcube/SQL/{name}.initial.sql",),
            eng,
            package="roundcube-core",
        )
        for name, eng in (("postgres", "postgresql"), ("mysql", "mariadb"), ("sqlite", "sqlite"))
    ),
    *(
        Case(
            f"debian/request-tracker-{name}",
            (f"usr/share/request-tracker5/etc/schema.{name}",),
            eng,
            package="request-tracker5",
        )
        for name, eng in (("Pg", "postgresql"), ("mysql", "mariadb"), ("SQLite", "sqlite"))
    ),
    Case(
        "debian/phpmyadmin-mysql",
        ("usr/share/doc/phpmyadmin/examples/create_tables.sql",),
        "mariadb",
        package="phpmyadmin",
    ),
)


def fetch_package(package: str, cache: Path | None = None) -> Path | None:
    """The unpacked files of a Debian package (downloaded once into `cache`), or None."""
    cache = cache or Path(tempfile.gettempdir()) / "pydev-fidelity-debian"
    root = cache / package
    if root.is_dir() and any(root.iterdir()):
        return root
    if shutil.which("apt-get") is None or shutil.which("dpkg") is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        got = subprocess.run(
            ["apt-get", "download", package], cwd=tmp, capture_output=True, check=False
        )
        debs = list(Path(tmp).glob("*.deb"))
        if got.returncode != 0 or not debs:
            return None
        unpack = Path(tmp) / "root"
        subprocess.run(["dpkg", "-x", str(debs[0]), str(unpack)], check=True)
        unpack.rename(root)
    return root


# -- sandboxes ---------------------------------------------------------------------------------
def _name() -> str:
    return "fid_" + uuid.uuid4().hex[:12]


@contextmanager
def sandbox(dialect: str) -> Iterator[sa.Engine]:
    """A fresh, uniquely named database on `dialect`'s server, dropped afterwards."""
    name = _name()
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
            eng = sa.create_engine(f"sqlite:///{tmp}/{name}.db")
            eng.info = {"path": f"{tmp}/{name}.db", "name": name}  # type: ignore[attr-defined]
            try:
                yield eng
            finally:
                eng.dispose()
        return
    admin_url = PG_URL if dialect == "postgresql" else MY_URL
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    prep = admin.dialect.identifier_preparer
    with admin.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {prep.quote(name)}")
    url = sa.make_url(admin_url).set(database=name)
    eng = sa.create_engine(url)
    try:
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as c:
            if dialect == "postgresql":
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS {prep.quote(name)} WITH (FORCE)")
            else:
                c.exec_driver_sql(f"DROP DATABASE IF EXISTS {prep.quote(name)}")
        admin.dispose()


#: statements that would leave the sandbox: a file's own DROP/CREATE DATABASE, USE, \connect
_NAMESPACE = {
    "mariadb": re.compile(
        r"^[ \t]*(?:(?:DROP|CREATE)\s+(?:SCHEMA|DATABASE)\b[^;\n]*;|USE\s+[^;\n]*;)", re.I | re.M
    ),
    "postgresql": re.compile(
        r"^[ \t]*(?:(?:DROP|CREATE|ALTER)\s+DATABASE\b[^;\n]*;|\\c(?:onnect)?\b.*$)", re.I | re.M
    ),
}


def apply_file(eng: sa.Engine, dialect: str, text: str) -> list[str]:
    """Apply an original schema file with the engine's own client; its error lines."""
    url = eng.url
    if dialect in _NAMESPACE:  # keep the file in the sandbox
        text = _NAMESPACE[dialect].sub("", text)
    if dialect == "sqlite":
        con = sqlite3.connect(eng.info["path"])  # type: ignore[attr-defined]
        try:
            con.executescript(text)
        except sqlite3.Error as exc:
            return [str(exc)]
        finally:
            con.close()
        return []
    if dialect == "postgresql":
        cmd = ["psql", "-X", "-q", "-h", str(url.host), "-p", str(url.port or 5432)]
        cmd += ["-U", str(url.username), "-d", str(url.database), "-v", "ON_ERROR_STOP=0"]
        env = {**os.environ, "PGOPTIONS": "--client-min-messages=warning"}
    else:
        cmd = ["mysql", "--force", "-h", str(url.host), "-P", str(url.port or 3306)]
        cmd += ["-u", str(url.username), str(url.database)]
        env = dict(os.environ)
    proc = subprocess.run(cmd, input=text, capture_output=True, text=True, env=env, check=False)
    return [ln for ln in proc.stderr.splitlines() if "ERROR" in ln]


def apply_statements(eng: sa.Engine, sqls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Execute rendered statements one by one; the (statement, error) of each refusal."""
    refused: list[tuple[str, str]] = []
    # the driver's own cursor without parameters: a `%` in a CHECK is no placeholder
    raw = eng.raw_connection()
    errors = eng.dialect.loaded_dbapi.Error
    try:
        cur = raw.cursor()
        if eng.dialect.name == "sqlite":
            cur.execute("PRAGMA foreign_keys=ON")
        for entity, sql in sqls:
            try:
                cur.execute(sql)
                raw.commit()
            except errors as exc:
                raw.rollback()
                first = (str(exc).strip().splitlines() or [""])[0]
                refused.append((entity, f"{' '.join(sql.split())[:300]} -> {first[:160]}"))
    finally:
        raw.close()
    return refused


# -- snapshots ---------------------------------------------------------------------------------
def _schemas(eng: sa.Engine) -> list[str | None]:
    if eng.dialect.name != "postgresql":
        return [None]
    insp = sa.inspect(eng)
    out: list[str | None] = []
    for s in insp.get_schema_names():
        if s in ("information_schema", "pg_catalog", "pg_toast") or s.startswith("pg_"):
            continue
        out.append(None if s == "public" else s)
    return out


def _type(eng: sa.Engine, t: Any) -> str:
    try:
        return str(t.compile(dialect=eng.dialect))
    except Exception:  # noqa: BLE001 - NullType and friends
        return repr(t)


def _norm_sql(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _norm_check(text: Any, dialect: str) -> str:
    """A CHECK's text as sqlglot writes it: SQLite keeps the text as written (N6)."""
    raw = _norm_sql(text)
    if dialect != "sqlite":
        return raw
    import sqlglot

    try:
        return str(sqlglot.parse_one(raw, read="sqlite").sql("sqlite"))
    except Exception:  # noqa: BLE001 - keep the text
        return raw


def snapshot(eng: sa.Engine) -> dict[str, dict[str, Any]]:
    """The catalog of every table in the sandbox, keyed by `schema.table`.

    SQLAlchemy warns of the types it reflects only by name (SQLite `INTEGER(5)`, PostgreSQL
    `cube`); the compiled type text is compared all the same, so those warnings are silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        return _snapshot(eng)


def _snapshot(eng: sa.Engine) -> dict[str, dict[str, Any]]:
    insp = sa.inspect(eng)
    out: dict[str, dict[str, Any]] = {}
    extra = _engine_extras(eng)
    for schema in _schemas(eng):
        names = insp.get_table_names(schema=schema)
        if not names:
            continue
        cols = insp.get_multi_columns(schema=schema)
        pks = insp.get_multi_pk_constraint(schema=schema)
        fks = insp.get_multi_foreign_keys(schema=schema)
        uqs = insp.get_multi_unique_constraints(schema=schema)
        try:
            cks = insp.get_multi_check_constraints(schema=schema)
        except NotImplementedError:
            cks = {}
        ixs = insp.get_multi_indexes(schema=schema)
        try:
            cms = insp.get_multi_table_comment(schema=schema)
        except NotImplementedError:  # SQLite has no comments
            cms = {}
        opts = insp.get_multi_table_options(schema=schema)
        for name in names:
            key = (schema, name)
            tkey = f"{schema}.{name}" if schema else name
            columns = {}
            for c in cols.get(key, []):
                ident = c.get("identity")
                columns[c["name"]] = {
                    "type": _type(eng, c["type"]),
                    "nullable": bool(c["nullable"]),
                    "default": _norm_sql(c.get("default")),
                    "identity": bool(ident),
                    "autoincrement": c.get("autoincrement") is True and eng.dialect.name == "mysql",
                    "comment": c.get("comment") or "",
                    "computed": _norm_sql((c.get("computed") or {}).get("sqltext")),
                    "stored": bool((c.get("computed") or {}).get("persisted")),
                    **extra.get("columns", {}).get((schema, name, c["name"]), {}),
                }
            pk = pks.get(key) or {}
            out[tkey] = {
                "columns": columns,
                "pk": (tuple(pk.get("constrained_columns") or ()), pk.get("name")),
                "fks": sorted(
                    _fk(f, extra.get("fk_actions", {}).get(key)) for f in fks.get(key, [])
                ),
                "uniques": sorted(
                    (tuple(u["column_names"]), u.get("name") or "") for u in uqs.get(key, [])
                ),
                "checks": sorted(
                    (_norm_check(k["sqltext"], eng.dialect.name), k.get("name") or "")
                    for k in cks.get(key, [])
                ),
                "indexes": sorted(_index(i) for i in ixs.get(key, [])),
                "comment": (cms.get(key) or {}).get("text") or "",
                "options": {
                    k: str(v)
                    for k, v in (opts.get(key) or {}).items()
                    if k
                    in (
                        "mysql_engine",
                        "mysql_default charset",
                        "mysql_collate",
                        "mariadb_engine",
                        "mariadb_default charset",
                        "mariadb_collate",
                    )
                },
                **extra.get("tables", {}).get((schema, name), {}),
            }
    seqs = extra.get("sequences")
    if seqs is not None:
        out["<sequences>"] = {"names": sorted(seqs)}
    return out


def _fk(
    f: dict[str, Any], actions: dict[tuple[str, ...], tuple[str, str]] | None
) -> tuple[Any, ...]:
    """A foreign key; on SQLite its actions from the engine (PRAGMA foreign_key_list).

    SQLAlchemy reads SQLite's actions from the table's SQL text and misses those of a column's
    own `REFERENCES p(id) ON DELETE CASCADE`; the engine's catalog has them.
    """
    opts = f.get("options") or {}
    ondelete, onupdate = opts.get("ondelete", "") or "", opts.get("onupdate", "") or ""
    if actions is not None:
        ondelete, onupdate = actions.get(tuple(f["constrained_columns"]), (ondelete, onupdate))
    return (
        tuple(f["constrained_columns"]),
        f.get("referred_schema") if f.get("referred_schema") != "public" else None,
        f["referred_table"],
        tuple(f["referred_columns"]),
        ondelete,
        onupdate,
        f.get("name") or "",
    )


def _index(i: dict[str, Any]) -> tuple[Any, ...]:
    d = i.get("dialect_options") or {}
    exprs = tuple(str(x) for x in (i.get("expressions") or i.get("column_names") or ()))
    sorting = i.get("column_sorting") or {}
    length = d.get("mysql_length") or d.get("mariadb_length") or {}
    if isinstance(length, int):
        length = {c: length for c in i.get("column_names") or ()}
    return (
        exprs,
        bool(i.get("unique")),
        tuple(sorted((k, tuple(v)) for k, v in sorting.items())),
        tuple(sorted((str(k), int(v)) for k, v in dict(length).items())),
        tuple(sorted((str(k), str(v)) for k, v in (d.get("postgresql_ops") or {}).items())),
        str(d.get("postgresql_using") or "btree"),
        _norm_sql(d.get("postgresql_where") or d.get("sqlite_where") or ""),
        str(d.get("mysql_prefix") or d.get("mariadb_prefix") or ""),
        tuple(i.get("include_columns") or d.get("postgresql_include") or ()),
        bool(d.get("postgresql_nulls_not_distinct")),
        i.get("name") or "",
    )


def _engine_extras(eng: sa.Engine) -> dict[str, Any]:
    """What the Inspector misses: sequences, collations, ON UPDATE, AUTOINCREMENT."""
    out: dict[str, Any] = {"columns": {}, "tables": {}, "fk_actions": {}}
    with eng.connect() as c:
        if eng.dialect.name == "postgresql":
            rows = c.execute(
                sa.text(
                    "SELECT schemaname, sequencename FROM pg_sequences "
                    "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                )
            )
            out["sequences"] = [f"{s}.{n}" if s != "public" else n for s, n in rows]
            rows = c.execute(
                sa.text(
                    "SELECT n.nspname, t.relname, a.attname, co.collname FROM pg_attribute a "
                    "JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n "
                    "ON n.oid = t.relnamespace JOIN pg_collation co ON co.oid = a.attcollation "
                    "WHERE a.attnum > 0 AND t.relkind IN ('r', 'p') AND a.attcollation <> 0 "
                    "AND co.collname <> 'default' AND n.nspname NOT LIKE 'pg_%'"
                )
            )
            for s, t, col, coll in rows:
                key = (None if s == "public" else s, t, col)
                out["columns"].setdefault(key, {})["collation"] = coll
        elif eng.dialect.name == "mysql":
            rows = c.execute(
                sa.text(
                    "SELECT table_name, column_name, collation_name, extra, column_type "
                    "FROM information_schema.columns WHERE table_schema = DATABASE()"
                )
            )
            for t, col, coll, extra, _ in rows:
                out["columns"][(None, t, col)] = {
                    "collation": coll or "",
                    "on_update": "on update" in (extra or "").lower(),
                }
        else:
            rows = c.execute(sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
            for t, sql in rows:
                out["tables"][(None, t)] = {
                    "autoincrement": bool(re.search(r"\bAUTOINCREMENT\b", sql or "", re.I))
                }
                by_id: dict[int, tuple[list[str], str, str]] = {}
                for row in c.exec_driver_sql(f"PRAGMA foreign_key_list({_sqlite_quote(t)})"):
                    got = by_id.setdefault(row[0], ([], row[5], row[6]))
                    got[0].append(row[3])
                out["fk_actions"][(None, t)] = {
                    tuple(cols): tuple(_action(a) for a in (ondelete, onupdate))
                    for cols, onupdate, ondelete in by_id.values()
                }
    return out


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _action(word: str) -> str:
    """A referential action as SQLAlchemy reports it: none for NO ACTION."""
    return "" if word.upper() in ("NO ACTION", "") else word.upper()


# -- the diff ----------------------------------------------------------------------------------
@dataclass
class Difference:
    """One thing A has and B has not (or differently)."""

    table: str
    what: str
    a: Any
    b: Any
    accepted: str = ""  # the normalisation of docs/fidelity.md that explains it
    reported: str = ""  # the tool's own line that reported it

    def __str__(self) -> str:
        return f"{self.table}: {self.what}: {self.a!r} -> {self.b!r}"


#: Engine-generated constraint and index names (read back as "no name"; the render names them
#: by its convention). PostgreSQL: <table>_<cols>_{pkey,key,fkey,check,idx,excl}; MySQL:
#: <table>_ibfk_<n>, PRIMARY, and an index named after its first column; SQLite: none.
_PG_GENERATED = re.compile(r"^.+_(pkey|key|fkey|check|idx|excl)\d*$")
_MY_GENERATED = re.compile(r"^(.+_ibfk_\d+|PRIMARY)$")


def _generated_name(name: str, dialect: str) -> bool:
    if not name:
        return True
    if dialect == "postgresql":
        return bool(_PG_GENERATED.match(name))
    if dialect in ("mysql", "mariadb"):
        return bool(_MY_GENERATED.match(name))
    return name.startswith("sqlite_autoindex_")


#: docs/fidelity.md: the accepted normalisations, by code
ACCEPTED = {
    "N1": "engine-generated constraint/index names get the renderer's naming convention",
    "N2": "SERIAL / nextval() columns become identity columns (same sequence name)",
    "N3": "an explicit DEFAULT NULL is no default",
    "N4": "MySQL: the index InnoDB creates for a foreign key without one is named by the FK",
    "N5": "SQLite: a declared type spelled differently with the same affinity and sizes",
    "N6": "SQLite: CHECK text compared as sqlglot writes it (SQLite keeps the text as typed)",
    "N7": "SQLite: the NOT NULL flag of an INTEGER PRIMARY KEY (the rowid is never NULL)",
    "N8": "SQLite: DEFAULT '1' on a numeric column is DEFAULT 1 (the column's affinity applies)",
    "N9": "MySQL: an integer's display width (INT(11)): deprecated, no effect on values",
    "N10": "SQLite: NOT NULL on a non-INTEGER primary key (SQLite's legacy accepts NULL keys)",
    "N12": "an integer default of a text column is the text it stores (DEFAULT 00 is '0')",
}


def _named(items: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], str]:
    return {i[:-1]: i[-1] for i in items}


def diff(a: dict[str, Any], b: dict[str, Any], dialect: str) -> list[Difference]:
    """Every difference between two catalogs, accepted normalisations marked."""
    out: list[Difference] = []
    for t in sorted(set(a) | set(b), key=str):
        ta, tb = a.get(t), b.get(t)
        if t == "<sequences>":
            sa_, sb_ = set(ta["names"] if ta else ()), set(tb["names"] if tb else ())
            for s in sorted(sa_ - sb_):
                out.append(Difference("<sequences>", "sequence missing", s, None))
            for s in sorted(sb_ - sa_):
                out.append(Difference("<sequences>", "sequence added", None, s))
            continue
        if ta is None or tb is None:
            out.append(Difference(t, "table", ta is not None, tb is not None))
            continue
        _diff_table(out, t, ta, tb, dialect)
    return out


def _diff_table(
    out: list[Difference], t: str, ta: dict[str, Any], tb: dict[str, Any], dialect: str
) -> None:
    ca, cb = ta["columns"], tb["columns"]
    if list(ca) != list(cb):
        if set(ca) != set(cb):
            out.append(
                Difference(t, "columns", sorted(set(ca) - set(cb)), sorted(set(cb) - set(ca)))
            )
        else:
            out.append(Difference(t, "column order", list(ca), list(cb)))
    for col in ca:
        if col in cb:
            _diff_column(out, t, ta, col, ca[col], cb[col], dialect)
    if ta["pk"] != tb["pk"]:
        d = Difference(t, "primary key", ta["pk"], tb["pk"])
        if ta["pk"][0] == tb["pk"][0] and _generated_name(ta["pk"][1] or "", dialect):
            d.accepted = "N1"
        out.append(d)
    for what in ("fks", "uniques", "checks", "indexes"):
        _diff_named(out, t, what, ta[what], tb[what], dialect)
    for k in ("comment", "options", "autoincrement"):
        if ta.get(k) != tb.get(k):
            out.append(Difference(t, k, ta.get(k), tb.get(k)))


def _diff_column(
    out: list[Difference],
    t: str,
    ta: dict[str, Any],
    col: str,
    x: dict[str, Any],
    y: dict[str, Any],
    dialect: str,
) -> None:
    for k in sorted(set(x) | set(y)):
        va, vb = x.get(k), y.get(k)
        if va == vb:
            continue
        d = Difference(t, f"{col}.{k}", va, vb)
        d.accepted = _accepted(k, va, vb, ta, col, x, y, dialect)
        out.append(d)


#: DEFAULT NULL as an engine keeps it: `NULL`, or PostgreSQL's `NULL::character varying`
_NULL_DEFAULT = re.compile(r"(?i)\(?NULL\)?(::[a-z ]+(\(\d+(,\d+)?\))?)?")


def _accepted(
    k: str,
    va: Any,
    vb: Any,
    ta: dict[str, Any],
    col: str,
    x: dict[str, Any],
    y: dict[str, Any],
    dialect: str,
) -> str | None:
    """The documented known difference (N…) a column difference is, if any."""
    sqlite, mysql = dialect == "sqlite", dialect in ("mysql", "mariadb")
    if k in ("default", "identity") and _serial_to_identity(x, y):
        return "N2"
    if k == "type" and sqlite and _same_affinity(va, vb):
        return "N5"
    if k == "nullable" and sqlite and _rowid(ta, col, x):
        return "N7"
    if k == "nullable" and sqlite and col in ta["pk"][0] and vb is False:
        return "N10"
    if k == "type" and mysql and _width(va) == _width(vb):
        return "N9"
    if k == "default" and sqlite and _unquoted_number(va, vb, x):
        return "N8"
    if k == "default" and dialect == "postgresql" and _same_number(va, vb):
        return "N8"
    if k == "default" and dialect == "postgresql" and {va, vb} == {"CURRENT_TIMESTAMP", "now()"}:
        return "N11"
    if k == "default" and _NULL_DEFAULT.fullmatch(va) and not vb:
        return "N3"
    if k == "default" and _number_as_text(va, vb, x):
        return "N12"
    return None


_TEXT_DEFAULT = re.compile(r"'(\d+)'(?:::(?:character varying|text|bpchar|character))?")


def _number_as_text(va: Any, vb: Any, x: dict[str, Any]) -> bool:
    """An integer default of a text column (`DEFAULT 00`) written as the text it stores ('0')."""
    if not isinstance(va, str) or not isinstance(vb, str) or not va.isdigit():
        return False
    if not re.search(r"CHAR|TEXT|CLOB", str(x.get("type", "")), re.I):
        return False
    m = _TEXT_DEFAULT.fullmatch(vb)
    return bool(m) and m.group(1) == str(int(va))


def _diff_named(out: list[Difference], t: str, what: str, a: Any, b: Any, dialect: str) -> None:
    na, nb = _named(a), _named(b)
    for key in sorted(set(na) | set(nb), key=str):
        if key in na and key in nb:
            if na[key] != nb[key]:
                d = Difference(t, f"{what[:-1]} name", na[key], nb[key])
                if _generated_name(na[key], dialect):
                    d.accepted = "N1"
                out.append(d)
        elif key in na:
            out.append(Difference(t, f"{what[:-1]} missing", (key, na[key]), None))
        else:
            out.append(Difference(t, f"{what[:-1]} added", None, (key, nb[key])))


def _affinity(declared: str) -> str:
    """SQLite's type affinity of a declared type (https://www.sqlite.org/datatype3.html 3.1)."""
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(k in upper for k in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper:
        return "BLOB"
    if any(k in upper for k in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _same_affinity(a: str, b: str) -> bool:
    numbers = re.compile(r"\d+")
    return _affinity(a) == _affinity(b) and numbers.findall(a) == numbers.findall(b)


_DISPLAY_WIDTH = re.compile(r"^((?:TINY|SMALL|MEDIUM|BIG)?INT(?:EGER)?)\(\d+\)", re.I)


def _width(t: Any) -> str:
    """A MySQL integer type without its display width (INT(11) is INT)."""
    return _DISPLAY_WIDTH.sub(r"\1", str(t))


def _rowid(t: dict[str, Any], col: str, c: dict[str, Any]) -> bool:
    """An INTEGER PRIMARY KEY of one column: SQLite's rowid, never NULL whatever the flag says."""
    return t["pk"][0] == (col,) and _affinity(str(c.get("type", ""))) == "INTEGER"


def _unquoted_number(a: str, b: str, c: dict[str, Any]) -> bool:
    """`DEFAULT '1'` on a numeric column is the number 1 (SQLite applies the affinity)."""
    return (
        _affinity(str(c.get("type", ""))) in ("INTEGER", "REAL", "NUMERIC")
        and len(a) >= 2
        and a[0] == a[-1] == "'"
        and a[1:-1] == b
    )


_CAST_NUMBER = re.compile(r"'([-+]?\d+(?:\.\d*)?)'::[a-z ]+")


def _same_number(a: str, b: str) -> bool:
    """PostgreSQL: `'0'::bigint` (a quoted number cast to a numeric column) and the number 0.

    PostgreSQL writes a negative number back cast too (`'-1'::integer`): both sides are read.
    """
    ma, mb = _CAST_NUMBER.fullmatch(a), _CAST_NUMBER.fullmatch(b)
    try:
        return ma is not None and float(ma.group(1)) == float(mb.group(1) if mb else b)
    except ValueError:
        return False


def _serial_to_identity(x: dict[str, Any], y: dict[str, Any]) -> bool:
    return "nextval(" in x.get("default", "") and y.get("identity") and not y.get("default")


def explain(diffs: list[Difference], reports: list[str], notes: list[str] | None = None) -> None:
    """Mark each difference the tool reported: a report line naming its table and column.

    A refused statement is reported when a line names its table, or names the missing function
    the engine complains of as not carried over; what follows a refused CREATE TABLE (its
    indexes, its keys, the keys that reference it, the table itself missing) is its
    consequence, not a new difference.
    """
    failed_tables: set[str] = set()
    for d in diffs:
        if d.what == "refused" and not d.accepted:
            _explain_refused(d, failed_tables, reports, notes)
    for d in diffs:
        if d.what != "refused" and not d.accepted:
            _explain_other(d, failed_tables, reports)


def _explain_refused(
    d: Difference, failed_tables: set[str], reports: list[str], notes: list[str] | None
) -> None:
    """A refused statement: a consequence of an earlier refusal, or a reported one."""
    table = d.table.rsplit(".", 1)[-1]
    if table in failed_tables:
        d.reported = "follows the refused CREATE TABLE"
        return
    refs = re.findall(r"REFERENCES\s+[`\"]?(?:\w+[`\"]?\.[`\"]?)?(\w+)", str(d.a)) + re.findall(
        r'relation "(?:\w+\.)?(\w+)" does not exist', str(d.a)
    )
    gone = next((x for x in refs if x in failed_tables), None)
    if gone:
        d.reported = f"follows the refused CREATE TABLE {gone}"
        return
    if str(d.a).startswith("CREATE TABLE"):
        failed_tables.add(table)
    hit = _not_carried(str(d.a), reports)
    if hit:
        d.reported = hit
        return
    # a refusal is predicted only by a note of the render for that table
    _match(d, table, "", reports if notes is None else notes)


def _explain_other(d: Difference, failed_tables: set[str], reports: list[str]) -> None:
    """Any other difference: a domain, a refused table's consequence, or a reported line."""
    table = d.table.rsplit(".", 1)[-1]
    if d.what == "type" or d.what.endswith(".type"):
        domain = next((r for r in reports if f"domain {d.a} " in r), None)
        if domain:  # a domain is read as its base type, said at the domain's line
            d.reported = domain
            return
    if table in failed_tables:
        d.reported = f"follows the refused CREATE TABLE {table}"
        return
    if d.what == "fk missing" and isinstance(d.a, tuple):
        target = str(d.a[0][2]) if isinstance(d.a[0], tuple) and len(d.a[0]) > 2 else ""
        if target in failed_tables:
            d.reported = f"follows the refused CREATE TABLE {target}"
            return
    if d.what.endswith("missing"):
        hit = _not_carried(str(d.a), reports)
        if hit:
            d.reported = hit
            return
    col = d.what.split(".", 1)[0] if "." in d.what else ""
    _match(d, table, col, reports)


def _not_carried(text: str, reports: list[str]) -> str | None:
    """The import's line saying a function or extension type used in `text` is not carried."""
    names = re.findall(r"([\w.]+)`?\(", text) + re.findall(r"no such function: (\w+)", text)
    for fn in names:
        bare = fn.rsplit(".", 1)[-1].lower()
        hit = next(
            (
                r
                for r in reports
                if f"{bare} is not carried over" in r.lower()
                or re.search(rf"function (\w+\.)?{re.escape(bare)} is called", r.lower())
            ),
            None,
        )
        if hit:
            return hit
    typ = re.search(r'type "(\w+)" does not exist', text)
    if typ:  # a type an extension brings: the import lists CREATE EXTENSION as not carried
        return next((r for r in reports if "EXTENSION" in r and typ.group(1) in r), None)
    return None


def _match(d: Difference, table: str, col: str, reports: list[str]) -> None:
    for r in reports:
        if re.search(rf"\b{re.escape(table)}\b", r, re.I) and (
            not col or re.search(rf"\b{re.escape(col)}\b", r)
        ):
            d.reported = r
            return


# -- one case ----------------------------------------------------------------------------------
@dataclass
class Result:
    """The outcome of one case on one target."""

    case: str
    target: str
    diffs: list[Difference] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def unexplained(self) -> list[Difference]:
        """Differences neither accepted nor reported."""
        return [d for d in self.diffs if not d.accepted and not d.reported]


def _render(schema: Any, target: str) -> tuple[list[tuple[str, str]], list[str]]:
    sts = statements(schema, target)
    sqls = [(st.entity or "", st.sql) for st in sts if st.kind != "note"]
    notes = [f"{st.entity}: {st.sql}" for st in sts if st.kind == "note"]
    return sqls, notes


def run_case(corpus: Path, case: Case, target: str | None = None) -> Result:
    """Apply, import, render, apply, compare: one case on `target` (its own engine if None)."""
    started = time.perf_counter()
    target = target or case.dialect
    res = Result(case.name, target)
    text = "\n".join(read_source(str(corpus / f)) for f in case.files)  # gzip too
    imported = import_sql(
        str(corpus / case.files[0]),
        ImportOptions(
            dialect="mysql" if case.dialect == "mariadb" else case.dialect,
            extra_sources=tuple(str(corpus / f) for f in case.files[1:]),
        ),
    )
    reports = list(imported.unsupported) + list(imported.assumptions)
    try:
        sqls, notes = _render(imported.schema, target)
    except InputError as exc:  # the render refused, at the spec line: loud, not silent
        d = Difference("<render>", "refused as a whole", str(exc)[:200], None)
        d.reported = str(exc)
        res.diffs.append(d)
        return res
    reports += notes
    if target != case.dialect:  # across dialects: every refusal must have been predicted
        _run_across(res, imported.schema, target, sqls, reports, notes)
        res.seconds = time.perf_counter() - started
        return res
    with sandbox(case.dialect) as eng_a:
        a_errors = apply_file(eng_a, case.dialect, text)
        a = snapshot(eng_a)
    with sandbox(case.dialect) as eng_b:
        # the schemas the entities name (the import reports CREATE SCHEMA as not modelled)
        schemas = sorted({e.schema for e in imported.schema.entities if e.schema})
        if schemas and case.dialect == "postgresql":
            prep = eng_b.dialect.identifier_preparer
            create = [("", f"CREATE SCHEMA IF NOT EXISTS {prep.quote(x)}") for x in schemas]
            apply_statements(eng_b, create)
        res.refused = apply_statements(eng_b, sqls)
        b = snapshot(eng_b)
    res.diffs = diff(a, b, case.dialect)
    refused_tables = []
    for entity, why in res.refused:
        e = imported.schema.entity(entity)
        res.diffs.append(Difference(e.table if e else entity, "refused", why, None))
        if why.startswith("CREATE TABLE") and e is not None:
            refused_tables.append(e.table)
    reports += _partition_reports(imported.schema, reports)
    explain(res.diffs, reports, notes)
    if a_errors:  # what the engine refused of the original is not the tool's difference
        _original_refused(res, a, a_errors)
    for d in res.diffs:  # the sequence of a table that was refused goes with it
        if d.table == "<sequences>" and not d.reported:
            seq = str(d.a).rsplit(".", 1)[-1]
            owner = next((t for t in refused_tables if seq.startswith(f"{t}_")), None)
            if owner:
                d.reported = f"follows the refused CREATE TABLE {owner}"
    res.seconds = time.perf_counter() - started
    return res


def _run_across(
    res: Result,
    schema: Any,
    target: str,
    sqls: list[tuple[str, str]],
    reports: list[str],
    notes: list[str],
) -> None:
    """Apply the render on another engine: each refusal is a difference to explain."""
    with sandbox(target) as eng:
        res.refused = apply_statements(eng, sqls)
    for entity, why in res.refused:
        e = schema.entity(entity)
        res.diffs.append(Difference(e.table if e else entity, "refused", why, None))
    explain(res.diffs, reports, notes)  # the import's lines and the render's notes


def _partition_reports(schema: Any, reports: list[str]) -> list[str]:
    """A partition's columns and keys are its parent's: a line naming the parent names it."""
    parents = {
        p.name: e.table
        for e in schema.entities
        if e.partitioning
        for p in e.partitioning.partitions
    }
    return [
        f"{r} [partition {part}]"
        for part, parent in parents.items()
        for r in reports
        if re.search(rf"\b{re.escape(parent)}\b", r)
    ]


def _original_refused(res: Result, a: dict[str, Any], a_errors: list[str]) -> None:
    """Differences on tables the engine refused from the original file are not the tool's."""
    missing_in_a = {d.table for d in res.diffs if d.what == "table" and d.a is False}
    missing_in_a |= {
        d.table
        for d in res.diffs
        if d.what == "refused" and not any(k.rsplit(".", 1)[-1] == d.table for k in a)
    }
    why = f"the original file did not apply here ({len(a_errors)} errors: {a_errors[0]})"
    for d in res.diffs:
        if d.accepted or d.reported:
            continue
        owner = d.table if d.table != "<sequences>" else str(d.b or d.a)
        if d.table in missing_in_a or any(owner.startswith(f"{t}_") for t in missing_in_a):
            d.reported = why


def available(dialect: str) -> bool:
    """True when the engine's server (and, for the original files, its client) answers."""
    if dialect == "sqlite":
        return True
    client = "psql" if dialect == "postgresql" else "mysql"
    if shutil.which(client) is None:
        return False
    try:
        eng = sa.create_engine(PG_URL if dialect == "postgresql" else MY_URL)
        with eng.connect():
            pass
        eng.dispose()
    except Exception:  # noqa: BLE001 - any failure: not available
        return False
    return True


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    """Run the harness; print per case `unexplained differences = N`."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(Path(__file__).parent.parent.parent / "shared/corpus"))
    ap.add_argument("--only", default="")
    ap.add_argument("--cross", action="store_true", help="also PostgreSQL -> MariaDB, SQLite")
    ap.add_argument("--big", action="store_true", help="include MusicBrainz (375 tables)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list explained ones too")
    ap.add_argument("--debian", action="store_true", help="also schemas of Debian packages")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus")
    total = 0
    for case in CASES + (DEBIAN_CASES if args.debian else ()):
        if args.only and args.only not in case.name:
            continue
        if case.big and not args.big:
            continue
        targets = [case.dialect]
        if args.cross and case.dialect == "postgresql":
            targets += ["mariadb", "sqlite"]
        for target in targets:
            if not available(target) or not available(case.dialect):
                out(f"{case.name} -> {target}: skipped (no server)")
                continue
            root = fetch_package(case.package) if case.package else corpus
            if root is None:
                out(f"{case.name}: skipped (apt-get download {case.package} failed)")
                continue
            res = run_case(root, case, target)
            bad = res.unexplained
            total += len(bad)
            accepted = sum(1 for d in res.diffs if d.accepted)
            reported = sum(1 for d in res.diffs if d.reported and not d.accepted)
            out(
                f"{case.name} -> {target}: differences = {len(res.diffs)} "
                f"(accepted {accepted}, reported {reported}), "
                f"unexplained differences = {len(bad)}  [{res.seconds:.1f} s]"
            )
            for d in bad:
                out(f"    {d}")
            if args.verbose:
                for d in res.diffs:
                    if d.accepted or d.reported:
                        out(f"    ({d.accepted or 'reported'}) {d}")
    out(f"total unexplained differences = {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
