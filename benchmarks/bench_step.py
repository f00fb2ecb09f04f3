"""Benchmark `check` and `run --no-commit` on generated specs of 100, 1,000 and 5,000 entities.

Each entity has 8 fields, 2 foreign keys, 2 indexes and 2 query patterns. Every command runs in
its own process; the script prints wall time, CPU time (user + system, including a DDL worker
process) and peak memory (ru_maxrss), and the time per entity, so linear growth shows as a flat
ms/entity column. Also times `--help`.

`run --no-commit` is measured twice on the same project: first on the bare documents (the
section is created), then again (the old section is read, compared and kept: nothing changes).
With `--repeat N` every figure is the best of N fresh projects: other work on the machine only
ever adds time.

Growth: each command also runs on a spec of FIXED_SIZE entities (start-up and imports), and the
closing table prints the cost per entity above that fixed cost, in CPU time (steady on a shared
machine) and wall time, with the ratio of each size's cost per entity to the previous size's:
linear growth keeps the ratio near 1 (the goal is within 1.3).

Our modules' bytecode is written first (compileall), as a user's `pip install` has it: an
editable install under PYTHONDONTWRITEBYTECODE=1 would compile them again in every process.

    python benchmarks/bench_step.py [--sizes 100,1000,5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMPONENTS = 10
FIXED_SIZE = 10  # entities: a spec this small measures the fixed cost (start-up, imports)


def spec_text(n: int) -> str:
    """A valid spec of `n` entities."""
    out = [
        "version: 1",
        "project: bench",
        "storage: {kind: relational, engine: PostgreSQL}",
        "migration: {tool: alembic, versioning: sequential, rollback: downgrade, "
        "data_migrations: batched}",
        "entities:",
    ]
    queries = ["query_patterns:"]
    rels = ["relationships:"]
    for i in range(n):
        a, b = max(i - 1, 0), max(i - 2, 0)
        out += [
            f"  E{i}:",
            f"    table: e{i}",
            f"    component: C{i % COMPONENTS}",
            "    normalization: {level: normalized, rationale: generated}",
            "    fields:",
            "      id: {type: uuid, pk: true, default: gen_random_uuid()}",
            f"      a_id: {{type: uuid, nullable: false, references: E{a}.id, on_delete: cascade}}",
            f"      b_id: {{type: uuid, references: E{b}.id, on_delete: set null}}",
            "      name: {type: string(100), nullable: false}",
            "      status: {type: string(20), nullable: false}",
            '      amount: {type: "decimal(10,2)"}',
            "      note: text",
            "      created_at: {type: timestamp(tz), nullable: false, default: now()}",
            "    indexes:",
            f"      - {{name: idx_e{i}_a_id_created_at, fields: [a_id, created_at]}}",
            f"      - {{name: idx_e{i}_b_id, fields: [b_id]}}",
        ]
        queries += [
            f"  - {{name: get E{i}, entity: E{i}, filter: [id], frequency: high}}",
            f"  - {{name: list E{i} by a, entity: E{i}, filter: [a_id], order_by: [created_at], "
            "frequency: medium}",
        ]
        rels += [
            f'  - {{from: E{a}, to: E{i}, type: "1:N", label: owns, fk: a_id}}',
            f'  - {{from: E{b}, to: E{i}, type: "1:N", label: refers, fk: b_id}}',
        ]
    return "\n".join(out + rels + queries) + "\n"


def make_project(root: Path, n: int) -> Path:
    """A project directory with the three documents and the spec."""
    proj = root / f"p{n}"
    proj.mkdir(parents=True)
    (proj / "CLAUDE.md").write_text("# CLAUDE.md\n\n- generated\n", encoding="utf-8")
    comps = "\n".join(f"| C{i} | generated |" for i in range(COMPONENTS))
    (proj / "ARCHITECTURE.md").write_text(
        f"# Arch\n\n## Components\n\n| Component | Role |\n|---|---|\n{comps}\n", encoding="utf-8"
    )
    (proj / "DEV_LOG.md").write_text(
        "# Log\n\n### 2026-01-01 System Architecture Defined {#system-architecture}\n\n---\n",
        encoding="utf-8",
    )
    (proj / "data-models.yaml").write_text(spec_text(n), encoding="utf-8")
    return proj


def measure(args: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MiB, exit code) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage; ru_maxrss is in KiB
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        err = proc.stderr.read().decode(errors="replace").strip()
        if proc.returncode not in (0, 1) and err:
            print(f"    ({' '.join(args[-4:])} said: {err.splitlines()[-1][:200]})")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


COMMANDS = (
    ("check", ["check"]),
    ("run --no-commit", ["run", "--no-commit", "--date", "2026-01-01"]),
    ("run (again)", ["run", "--no-commit", "--date", "2026-01-01"]),
)


def compile_bytecode() -> None:
    """Write our modules' bytecode, as a user's `pip install` has it.

    An editable install run under PYTHONDONTWRITEBYTECODE=1 would otherwise compile each of
    our modules from source again in every timed process.
    """
    import compileall

    import pydev_workflow

    compileall.compile_dir(Path(pydev_workflow.__file__).parent, quiet=1)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--repeat", type=int, default=1, help="best of N fresh projects")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    compile_bytecode()
    exe = shutil.which("pydev-workflow") or ""
    cli = [exe] if exe else [sys.executable, "-m", "pydev_workflow"]
    helps = [measure([*cli, "--help"]) for _ in range(max(args.repeat, 1))]
    secs, _, mib, _ = min(helps)
    print(f"pydev-workflow --help: {secs:.3f} s, {mib:.0f} MiB")
    print(
        f"{'entities':>8} {'command':<16} {'seconds':>8} {'cpu s':>6} {'peak MiB':>9} "
        f"{'ms/entity':>10} exit"
    )
    results: dict[int, dict[str, tuple[float, float, float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in [FIXED_SIZE, *sizes]:
            best: dict[str, tuple[float, float, float, int]] = {}
            for r in range(max(args.repeat, 1)):
                proj = make_project(Path(tmp) / f"r{r}", n)
                for name, extra in COMMANDS:
                    got = measure([*cli, "data-models", *extra, "-C", str(proj)])
                    if name not in best or got[0] < best[name][0]:
                        best[name] = got
            results[n] = best
            if n == FIXED_SIZE and FIXED_SIZE not in sizes:
                continue
            for name, _ in COMMANDS:
                secs, cpu, mib, code = best[name]
                print(
                    f"{n:>8} {name:<16} {secs:>8.2f} {cpu:>6.2f} {mib:>9.0f} "
                    f"{secs / n * 1000:>10.3f} {code}"
                )
    print_growth(results, sizes)


def print_growth(
    results: dict[int, dict[str, tuple[float, float, float, int]]], sizes: list[int]
) -> None:
    """Cost per entity above the fixed cost, and its ratio to the previous size's."""
    fixed = results[FIXED_SIZE]
    print(
        f"\ncost per entity above the fixed cost ({FIXED_SIZE} entities), "
        "and its ratio to the previous size's"
    )
    print(
        f"{'entities':>8} {'command':<16} {'cpu ms/ent':>10} {'ratio':>6} "
        f"{'wall ms/ent':>11} {'ratio':>6}"
    )
    for name, _ in COMMANDS:
        prev: tuple[float, float] | None = None
        for n in sizes:
            if n <= FIXED_SIZE:
                continue
            wall = (results[n][name][0] - fixed[name][0]) / (n - FIXED_SIZE) * 1000
            cpu = (results[n][name][1] - fixed[name][1]) / (n - FIXED_SIZE) * 1000
            ratios = (
                (f"{cpu / prev[0]:>6.2f}", f"{wall / prev[1]:>6.2f}")
                if prev and prev[0] > 0 and prev[1] > 0
                else ("     -", "     -")
            )
            print(f"{n:>8} {name:<16} {cpu:>10.3f} {ratios[0]} {wall:>11.3f} {ratios[1]}")
            prev = (cpu, wall)


if __name__ == "__main__":
    main()
