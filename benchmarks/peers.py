"""Live database -> Mermaid and SQL file -> spec, side by side with the peers and the floors.

Run: python benchmarks/peers.py [--quick] [--sql-only] [--runs N] [--url postgresql://postgres@127.0.0.1:5432/postgres]
         [--sizes 100,1000,5000] [--no-peers]

Whole processes, pairs alternated, medians of N runs, on PostgreSQL databases this script
creates (unique names, dropped afterwards): pagila (about 30 tables once partitions fold),
MusicBrainz (the pg_dump in ../shared/corpus, schema `musicbrainz`, 375 tables) and generated
schemas of 1,000 and 5,000 tables (`--quick`: 30 and 100 generated tables only, for a smoke
test). Peers (paracelsus, eralchemy, sqlacodegen) are installed with pip into a throwaway
virtual environment; a peer that cannot be installed is reported and skipped.

Columns: ours (`render --format mermaid --db URL`: one command, what a user runs for a
diagram of a live database), ours as two commands (`import db` to a spec, then `render --format
mermaid` of that spec), each peer, the floor (SQLAlchemy's
batched `Inspector.get_multi_*` reflection in a bare process), and for SQL files `import sql`
against a bare `sqlglot.parse`. It ends with the cost per table of ours at each generated size
and the ratio between the largest and the smallest.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
HERE = Path(sys.executable).parent
PEERS = ("paracelsus", "eralchemy", "sqlacodegen")

FLOOR = """
import sys, warnings
import sqlalchemy as sa
warnings.simplefilter("ignore")
engine = sa.create_engine(sys.argv[1])
with engine.connect() as conn:
    insp = sa.inspect(conn)
    for kind in ("columns", "pk_constraint", "foreign_keys", "indexes", "unique_constraints",
                 "check_constraints", "table_comment"):
        getattr(insp, "get_multi_" + kind)()
"""
REFLECT = """
import sys
from pydev_workflow.importers import ImportOptions
from pydev_workflow.importers.database import import_database
import_database(sys.argv[1], ImportOptions())
"""
PARSE = """
import logging, sys, sqlglot
from sqlglot.errors import ErrorLevel
logging.getLogger("sqlglot").setLevel(logging.ERROR)
text = open(sys.argv[1], encoding="utf-8").read()
sqlglot.parse(text, read="postgres", error_level=ErrorLevel.IGNORE)
"""


def generated_sql(n: int) -> str:
    """`n` tables of 8 columns: a key, two FKs to earlier tables, an index, a unique, a CHECK."""
    out = []
    for i in range(n):
        refs = "".join(
            f",\n  ref{j} INTEGER REFERENCES t{(i - j) % max(i, 1)}(id) ON DELETE CASCADE"
            for j in (1, 2)
            if i >= j
        )
        out.append(
            f"CREATE TABLE t{i} (\n  id SERIAL PRIMARY KEY,\n  code VARCHAR(40) NOT NULL UNIQUE,"
            f"\n  name TEXT NOT NULL DEFAULT '',\n  amount NUMERIC(10,2) CHECK (amount >= 0),"
            f"\n  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),\n  flag BOOLEAN{refs}\n);\n"
            f"CREATE INDEX t{i}_name_idx ON t{i} (name);\n"
        )
    return "".join(out)


def pagila_sql() -> str:
    """pagila (dumped by PostgreSQL 18) in the spelling of this server's version."""
    text = (CORPUS / "postgresql/pagila-schema.sql").read_text(encoding="utf-8")
    text = text.replace("uuidv7()", "gen_random_uuid()")
    return re.sub(r"\) VIRTUAL$", ") STORED", text, flags=re.M)


def apply(url: str, text: str) -> None:
    """Run each statement; failures (pgvector, PostgreSQL 18 functions) are skipped."""
    import sqlalchemy as sa

    from pydev_workflow.importers.sqlsplit import split_statements

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for st in split_statements(text, "bench", "postgresql"):
            if st.meta:
                continue
            try:
                conn.exec_driver_sql(st.text)
            except sa.exc.DBAPIError:
                pass
    engine.dispose()


@contextmanager
def database(server: str, text: str, extensions: tuple[str, ...] = ()) -> Iterator[str]:
    """A new database holding `text`; its URL; dropped afterwards."""
    import sqlalchemy as sa

    name = f"peers_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        apply(url, "".join(f"CREATE EXTENSION IF NOT EXISTS {x};\n" for x in extensions) + text)
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def peers_venv(where: Path) -> tuple[Path, list[str]]:
    """A throwaway venv with the peers; (its bin directory, the peers that installed)."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(where / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "sqlalchemy", "psycopg[binary]", "psycopg2-binary"], check=False)
    ok = []
    for peer in PEERS:
        if subprocess.run([*pip, peer], check=False).returncode == 0:
            ok.append(peer)
        else:
            print(f"note: {peer} could not be installed from the package index; skipped")
    return where / "bin", ok


def timed(cmd: list[str] | str, cwd: Path) -> float:
    """Seconds of one whole process (a shell line when `cmd` is a string)."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, shell=isinstance(cmd, str), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        raise RuntimeError(f"{cmd if isinstance(cmd, str) else ' '.join(cmd)}: {tail[0]}")
    return seconds


def medians(jobs: dict[str, list[str] | str], runs: int, cwd: Path) -> dict[str, float | None]:
    """Median seconds per job; jobs alternate within each round."""
    got: dict[str, list[float]] = {k: [] for k in jobs}
    failed: dict[str, str] = {}
    for _ in range(runs):
        for name, cmd in jobs.items():
            if name in failed:
                continue
            try:
                got[name].append(timed(cmd, cwd))
            except RuntimeError as exc:
                failed[name] = str(exc)
    for name, why in failed.items():
        print(f"note: {name} failed: {why[:200]}")
    return {k: statistics.median(v) if v and k not in failed else None for k, v in got.items()}


def live_jobs(url: str, bin_dir: Path | None, peers: list[str], work: Path) -> dict[str, object]:
    """The commands of one live-database row."""
    sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    ours = f"{HERE}/pydev-workflow data-models render -f mermaid --db '{url}' -o ours.mmd"
    chain = (
        f"{HERE}/pydev-workflow data-models import db '{url}' -o spec.yaml --force && "
        f"{HERE}/pydev-workflow data-models render -f mermaid -s spec.yaml -o chain.mmd"
    )
    (work / "floor.py").write_text(FLOOR, encoding="utf-8")
    (work / "reflect.py").write_text(REFLECT, encoding="utf-8")
    (work / "pyproject.toml").touch()  # paracelsus reads its settings from there
    jobs: dict[str, object] = {
        "ours": ours,
        "ours: import+render": chain,
        "ours: reflection": [sys.executable, "reflect.py", url],
        "floor": [sys.executable, "floor.py", sa_url],
    }
    if bin_dir is not None and "sqlacodegen" in peers:
        gen = f"{bin_dir}/sqlacodegen '{sa_url}' --outfile models.py"
        if "paracelsus" in peers:
            jobs["sqlacodegen+paracelsus"] = (
                f"{gen} && {bin_dir}/paracelsus graph models:Base --import-module models "
                "--format mermaid > theirs.mmd"
            )
            # paracelsus alone starts from models that already exist
            subprocess.run(gen, shell=True, cwd=work, check=False, capture_output=True)
            jobs["paracelsus"] = (
                f"{bin_dir}/paracelsus graph models:Base --import-module models "
                "--format mermaid > theirs2.mmd"
            )
    if bin_dir is not None and "eralchemy" in peers:
        jobs["eralchemy"] = f"{bin_dir}/eralchemy -i '{sa_url}' -m mermaid_er -o erd.md"
    return jobs


def compile_ours() -> None:
    """Our package's bytecode, as `pip install` writes it for a user and wrote it for the peers.

    An editable install run under PYTHONDONTWRITEBYTECODE=1 would otherwise compile each of
    our modules from source again in every timed process (0.15 s of each run).
    """
    import compileall

    import pydev_workflow

    compileall.compile_dir(Path(pydev_workflow.__file__).parent, quiet=1)


def main() -> None:
    """Print the tables."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small sizes, no peers (smoke test)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--sizes", help="generated sizes, comma-separated (default 100,1000,5000)")
    ap.add_argument(
        "--no-peers", action="store_true", help="ours and the floors only (no peers' venv)"
    )
    ap.add_argument(
        "--sql-only", action="store_true", help="only the SQL file -> spec table (no database)"
    )
    args = ap.parse_args()
    sizes = (30, 100) if args.quick else (100, 1000, 5000)
    if args.sizes:
        sizes = tuple(int(n) for n in args.sizes.split(","))
    compile_ours()
    with tempfile.TemporaryDirectory(prefix="peers-") as tmp:
        work = Path(tmp)
        no_peers = args.quick or args.no_peers or args.sql_only
        bin_dir, peers = (None, []) if no_peers else peers_venv(work / "venv")
        cases: list[tuple[str, str, tuple[str, ...], str]] = [("pagila", pagila_sql(), (), "")]
        if args.sql_only:
            cases = []
        elif not args.quick:
            mb = (CORPUS / "postgresql/musicbrainz-pg_dump-schema-only.sql").read_text("utf-8")
            cases.append(("MusicBrainz", mb, ("cube", "earthdistance"), "musicbrainz"))
        cases += [(f"{n} tables", generated_sql(n), (), "") for n in sizes if cases]
        names = ["ours", "ours: import+render", *PEERS_ORDER, "ours: reflection", "floor"]
        if cases:
            print(
                f"{'live DB -> Mermaid':22}"
                + "".join(f"{n:>24}" for n in names)
                + "  ours/floor  reflection/floor"
            )
        per_table: dict[int, tuple[float, float]] = {}
        for label, text, exts, search in cases:
            with database(args.url, text, exts) as url:
                if search:
                    url += f"?options=-csearch_path%3D{search}"
                jobs = live_jobs(url, bin_dir, peers, work)
                got = medians(jobs, args.runs, work)  # type: ignore[arg-type]
            cells = "".join(f"{(f'{got[n]:.2f} s' if got.get(n) else '-'):>24}" for n in names)
            floor = got.get("floor") or float("nan")
            ratio = (got["ours"] or float("nan")) / floor
            reflection = (got["ours: reflection"] or float("nan")) / floor
            print(f"{label:22}{cells}  {ratio:10.2f}  {reflection:16.2f}")
            m = re.fullmatch(r"(\d+) tables", label)
            if m and got.get("ours") and got.get("ours: reflection"):
                n = int(m.group(1))
                per_table[n] = (got["ours"] / n, got["ours: reflection"] / n)  # type: ignore[operator]
        print()
        print("SQL file -> spec        import sql     sqlglot.parse    ratio")
        (work / "parse.py").write_text(PARSE, encoding="utf-8")
        files = [("pagila", pagila_sql())]
        if not args.quick:
            files.append(
                ("MusicBrainz pg_dump", (CORPUS / "postgresql/musicbrainz-pg_dump-schema-only.sql")
                 .read_text("utf-8"))
            )  # fmt: skip
        files += [(f"{n} tables", generated_sql(n)) for n in sizes]
        for label, text in files:
            path = work / "in.sql"
            path.write_text(text, encoding="utf-8")
            got = medians(
                {
                    "ours": [str(HERE / "pydev-workflow"), "data-models", "import", "sql",
                             str(path), "-d", "postgresql", "-o", "s.yaml", "--force"],
                    "parse": [sys.executable, "parse.py", str(path)],
                },
                args.runs,
                work,
            )  # fmt: skip
            ours, parse = got["ours"], got["parse"]
            ratio = ours / parse if ours and parse else float("nan")
            print(f"{label:22}{ours or 0:10.2f} s{parse or 0:14.2f} s{ratio:10.2f}")
        print()
        print("cost per table of ours (whole process / tables): live DB -> Mermaid, reflection")
        for n, (cost, refl) in sorted(per_table.items()):
            print(f"  {n:6d} tables: {cost * 1000:7.2f} ms  {refl * 1000:7.2f} ms")
        if len(per_table) > 1:
            sizes_seen = sorted(per_table)
            first, last = per_table[sizes_seen[0]], per_table[sizes_seen[-1]]
            print(
                f"  ratio largest/smallest size: {last[0] / first[0]:.2f}  {last[1] / first[1]:.2f}"
                " (the smallest size carries the start-up time of the process)"
            )


PEERS_ORDER = ("paracelsus", "eralchemy", "sqlacodegen+paracelsus")

if __name__ == "__main__":
    main()
