"""Step 03 end to end: pre-flight, phases 1-4, the two documents, the commit, the checkpoint.

The orchestration only: every piece it calls lives in its own module. It reports progress
through a callback so the CLI can print as it goes (text) or collect everything (JSON).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydev_workflow.errors import ExitCode, InputError, Loc, Problem
from pydev_workflow.forked import fork_call
from pydev_workflow.model import Cardinality, Decision, Schema, StorageKind
from pydev_workflow.perf import gc_paused
from pydev_workflow.project import Component
from pydev_workflow.renderers import RENDERERS, RenderOptions
from pydev_workflow.renderers.context import RenderContext, render_context
from pydev_workflow.steps import COMMIT_MESSAGE, DATA_MODELS, following
from pydev_workflow.workflow import git
from pydev_workflow.workflow.answers import apply_answers
from pydev_workflow.workflow.architecture import parse_components
from pydev_workflow.workflow.checkpoint import answer, severity, tool_failures
from pydev_workflow.workflow.config import ProjectPaths
from pydev_workflow.workflow.devlog import upsert_entry
from pydev_workflow.workflow.fs import (
    Document,
    changed_since_read,
    read_document,
    remove_stale_temps,
    write_document,
)
from pydev_workflow.workflow.git import RunLock
from pydev_workflow.workflow.pipeline import (
    Prepared,
    ProjectDocs,
    Review,
    load_spec,
    prepare_project,
)
from pydev_workflow.workflow.preflight import Preflight, preflight
from pydev_workflow.workflow.splice import (
    Mark,
    extract_section,
    keep_date_if_unchanged,
    marks,
    remember_marks,
    splice_section,
)

# (kind, text): kind is banner|phase|ok|fail|warn|info|question|answer|evidence
Report = Callable[[str, str], None]
SHOWN_LINES = 20  # per list in the text report; big schemas would print thousands of lines
#: From a spec of this many bytes (about 1,000 entities) its load and the pre-flight run at
#: once, on two cores (`_preflight_and_load`)
PREFLIGHT_AHEAD_FROM_BYTES = 1 << 20


@dataclass(frozen=True)
class RunOptions:
    """How to run the step."""

    paths: ProjectPaths
    date: str
    commit: bool = True
    push: bool = False
    skip_preflight: bool = False
    check: bool = False  # CI mode: compare the documents, write nothing
    verify: tuple[str, ...] = ()  # engines or URLs to prove the model on
    verify_rows: int = 1000
    verify_in_place: bool = False  # verify inside databases that already hold tables
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # on a terminal: ask the open questions one by one; returns (point, choice) answers
    ask: Callable[[Sequence[Any]], list[Any]] | None = None


@dataclass
class RunResult:
    """Everything the run found and did; `to_json()` is the agents' view."""

    code: ExitCode = ExitCode.OK
    preflight: list[dict[str, Any]] = field(default_factory=list)
    schema: Schema | None = None
    components: tuple[Component, ...] = ()
    findings: list[Any] = field(default_factory=list)
    certainty: Any = None
    verification: list[dict[str, Any]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    diff: str = ""
    commit: str = ""
    checkpoint: tuple[Any, ...] = ()
    message: str = ""
    answered: int = 0  # answers written into the spec at the prompt (the run then goes on)
    tool_failures: list[str] = field(default_factory=list)  # verify's own, not the design's
    # every engine's round-trip differences and verify findings (notes too), for sarif/github
    verify_findings: list[Any] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain, stable data for --format json."""
        cert = self.certainty
        return {
            "step": DATA_MODELS.id,
            "exit_code": int(self.code),
            "message": self.message,
            "preflight": self.preflight,
            "entities": len(self.schema.entities) if self.schema else 0,
            "findings": [_finding_json(f) for f in self.findings],
            "certainty": cert.to_json() if cert is not None else None,
            "verification": self.verification,
            "written": self.written,
            "unchanged": self.unchanged,
            "diff": self.diff,
            "commit": self.commit,
            "checkpoint": [a.to_json() for a in self.checkpoint],
            "tool_failures": self.tool_failures,
        }


def _finding_json(f: Any) -> dict[str, Any]:
    to_json = getattr(f, "to_json", None)
    if callable(to_json):
        return dict(to_json())
    return {
        "code": f.code,
        "name": getattr(f, "name", ""),
        "severity": str(getattr(f.severity, "value", f.severity)),
        "message": f.message,
        "location": str(f.loc),
    }


def assumed_decisions(schema: Schema, assumptions: Sequence[str]) -> Schema:
    """The schema with every default the tool assumed written down as a decision."""
    extra = tuple(
        Decision(a, "assumed by pydev-workflow: the spec did not decide it (80% rule)")
        for a in assumptions
        if not any(d.decision == a for d in schema.decisions)
    )
    return replace(schema, decisions=schema.decisions + extra) if extra else schema


def _unified(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


def run_step(options: RunOptions, report: Report) -> RunResult:
    """Do step 03. Raises InputError (exit 2) for bad input or a failed pre-flight.

    A run that may write holds the project's run lock (a second run at the same time stops
    with exit 2 before reading anything) and first removes the temp files a killed run left.
    """
    if options.check:
        return _run_step(options, report)
    paths = options.paths
    with RunLock(paths.root):
        for doc in (paths.architecture, paths.devlog, paths.spec):
            for leftover in remove_stale_temps(doc):
                shown = paths.display(leftover)
                report("warn", f"removed {shown}: a temp file left by a run that was killed")
        result = _run_step(options, report)
        if result.answered:
            # once: questions still open after the answers are listed, not asked again
            report("info", "going on with the answers")
            result = _run_step(replace(options, ask=None), report)
        return result


@gc_paused()  # a run builds millions of objects that live until it ends
def _run_step(options: RunOptions, report: Report) -> RunResult:
    paths = options.paths
    result = RunResult()
    report("banner", DATA_MODELS.banner)

    # -- Pre-flight ------------------------------------------------------------------------
    report("phase", "Pre-Flight")
    root = git.repo_root(paths.root) if options.commit else None
    if root is not None:
        # both are input errors raised before anything is written
        repo = git.state(root)  # a merge, rebase, cherry-pick or revert in progress
        if repo is not None:
            git.require_branch(repo, push=options.push)  # README: detached HEAD is refused
        git.check_identity(root)  # the commit would fail after the docs were written
        if options.push:
            git.check_remote(root)  # no remote: refuse now, not after the commit
    pf, loaded = _preflight_and_load(paths)
    for item in pf.items:
        result.preflight.append(
            {"name": item.name, "ok": item.ok, "detail": item.detail, "location": str(item.loc)}
        )
        report(
            "ok" if item.ok else ("warn" if options.skip_preflight else "fail"),
            f"{item.name}: {item.detail}",
        )
    if not pf.ok:
        if not options.skip_preflight:
            pf.raise_if_failed()
        report("warn", "pre-flight failed; continuing because of --skip-preflight")

    components = pf.components
    if not components and paths.architecture.is_file():  # --skip-preflight on a broken project
        arch = read_document(paths.architecture, display=paths.display(paths.architecture))
        components = parse_components(arch.text, paths.display(paths.architecture))
    result.components = components

    # -- Phase 1: entity identification ---------------------------------------------------
    report("phase", "Phase 1: Entity Identification")
    # the one context every command reads: phase 3 storage from the architecture, CLAUDE.md's
    # practices if the spec states none, the settings, the DDL built once
    prepared = prepare_project(
        paths,
        project=ProjectDocs(components, pf.conventions),
        select=options.select,
        ignore=options.ignore,
        loaded=loaded,
    )
    schema, hinted = prepared.schema, prepared.assumed
    result.schema = schema
    by_comp = Counter(e.component or "(no component)" for e in schema.entities)
    report(
        "info",
        f"{len(schema.entities)} entities, {sum(len(e.fields) for e in schema.entities)} fields",
    )
    for d in hinted:
        report("info", f"assumed: {d.decision} ({d.rationale})")
    for comp in components:
        n = by_comp.get(comp.name, 0)
        report("ok" if n else "warn", f"component {comp.name}: {n} entit{'y' if n == 1 else 'ies'}")

    # the DDL block: on another core while the checks run (big specs), else one build that
    # DM701 reads too; with more cores than workers, part of the review forked with them
    prepared.compile_ahead(schema.dialect)
    # while DDL workers compile, the ERD lines and Relationships rows are computed here: the
    # checks wait for the workers' DM701 notes at their end, so this time is not the run's
    relations = render_context(schema, query_plans=()) if prepared.ddl.has_workers else None
    try:
        return _after_load(options, report, result, prepared, root, pf.architecture, relations)
    finally:
        prepared.ddl.close()  # the run owns the worker: an answer it did not use is not waited for


def _preflight_and_load(
    paths: ProjectPaths, ahead_from: int = PREFLIGHT_AHEAD_FROM_BYTES
) -> tuple[Preflight, Schema | InputError | None]:
    """The pre-flight, and from a spec of `ahead_from` bytes the spec loaded meanwhile.

    The load of a big spec is the longest step before anything else can start, and the
    second core idles through it: the pre-flight (which on a re-run finds the headings of an
    ARCHITECTURE.md of megabytes) runs in a forked child meanwhile. Its answer brings those
    headings too, for the splice at the end (`remember_marks`). The spec as loaded, or the
    error loading it raised (to be raised after the pre-flight's failures, as when it is
    loaded after them); None: not loaded (a small spec, or no fork: the pre-flight ran here).
    A failed child: the pre-flight runs here.
    """
    try:
        big = paths.spec.stat().st_size >= ahead_from
    except OSError:  # the load says why
        big = False
    job = fork_call(_preflight_with_marks, paths) if big else None
    if job is None:
        return preflight(paths), None
    try:
        loaded: Schema | InputError
        try:
            loaded = load_spec(paths)
        except InputError as exc:
            loaded = exc
        got = job.result()
    finally:
        job.stop()  # reaped, its reader thread joined: the run forks its workers later
    if got is None:
        return preflight(paths), loaded
    pf, found = got
    if pf.architecture is not None and found is not None:
        remember_marks(_body(pf.architecture.text), found)
    return pf, loaded


def _body(text: str) -> str:
    return text.removeprefix("\ufeff")


def _preflight_with_marks(paths: ProjectPaths) -> tuple[Preflight, list[Mark] | None]:
    """In a forked child: the pre-flight, and the headings it found in ARCHITECTURE.md."""
    pf = preflight(paths)
    arch = pf.architecture
    return pf, (marks(_body(arch.text)) if arch is not None else None)


def _after_load(
    options: RunOptions,
    report: Report,
    result: RunResult,
    prepared: Prepared,
    root: Any,
    arch: Document | None = None,
    relations: RenderContext | None = None,
) -> RunResult:
    """Phases 2-4, the commit and the checkpoint, once the spec is prepared."""
    schema = prepared.schema
    reviewed = _review(report, result, prepared)
    findings = list(reviewed.findings)
    stopped = _certainty_gate(options, report, result, reviewed.certainty, findings)
    if stopped:
        return result
    documented = assumed_decisions(schema, reviewed.certainty.assumptions)
    verified, measured = _verify(options, report, result, prepared)
    if result.code is ExitCode.USAGE:  # an engine could not be reached: nothing is written
        return result
    # the checkpoint's answers before the documents: a DDL worker may still be compiling,
    # and what comes after its block waits for nothing else (reported at the end, as always)
    ctx = reviewed.context
    answers = answer(
        ctx.schema, [*reviewed.findings, *measured], ctx.components, verified, ctx.plans
    )
    plan = _write_documents(
        options, report, result, documented, verified, root, prepared, arch, relations
    )

    # -- Commit --------------------------------------------------------------------------------
    if not options.check:
        report("phase", "Commit")
        if not options.commit:
            report("info", "--no-commit: not committed")
        elif root is None:
            report("warn", "not a git repository: skipped the commit")
        elif plan is not None:
            _commit_and_push(plan, root, options, result, report)

    _checkpoint(report, result, answers, measured)
    nxt = following(DATA_MODELS)
    if nxt is not None and result.code is ExitCode.OK:
        report("info", f"next: step {nxt.number:02d} {nxt.title}")
    return result


def _review(report: Report, result: RunResult, prepared: Prepared) -> Review:
    """Phases 2 and 3: relationships and storage reported, the design rules run."""
    schema = prepared.schema

    # -- Phase 2: relationship mapping -----------------------------------------------------
    report("phase", "Phase 2: Relationship Mapping")
    counts = Counter(r.cardinality for r in schema.relationships)
    report(
        "info",
        ", ".join(f"{counts.get(c, 0)} {c.value}" for c in Cardinality)
        + f" relationships; {sum(len(e.foreign_keys) for e in schema.entities)} foreign keys",
    )

    # -- Phase 3: storage strategy + checks ------------------------------------------------
    report("phase", "Phase 3: Storage Strategy")
    kinds = Counter(e.storage_kind for e in schema.entities)
    report("info", ", ".join(f"{kinds[k]} {k.value}" for k in StorageKind if kinds.get(k)))
    report(
        "info",
        f"{sum(len(e.indexes) for e in schema.entities)} indexes, "
        f"{sum(1 for e in schema.entities if e.partitioning)} partitioned entities, "
        f"{len(schema.query_patterns)} query patterns",
    )
    reviewed = prepared.review
    findings = list(reviewed.findings)
    result.findings = list(findings)
    sev = Counter(severity(f) for f in findings)
    report(
        "fail" if sev.get("error") else "ok",
        f"checks: {sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings, "
        f"{sev.get('info', 0)} notes",
    )
    shown = [f for f in findings if severity(f) in ("error", "warning")]
    for f in shown[:SHOWN_LINES]:
        report("fail" if severity(f) == "error" else "warn", f"{f.loc}: {f.code} {f.message}")
    if len(shown) > SHOWN_LINES:
        report("info", f"… and {len(shown) - SHOWN_LINES} more: `pydev-workflow data-models check`")
    return reviewed


def _certainty_gate(
    options: RunOptions, report: Report, result: RunResult, certainty: Any, findings: list[Any]
) -> bool:
    """The 80% rule and the errors: True if the run stops here (nothing written)."""
    # -- the 80% certainty rule -------------------------------------------------------------
    result.certainty = certainty
    report("phase", "80% Certainty Rule")
    if not certainty.passed:
        report("fail", f"certainty {certainty.score:.0f}% is below 80%: stop and ask")
        if options.ask is not None and _ask(options, certainty, result, report):
            return True
        questions = certainty.questions
        for i, q in enumerate(questions[:SHOWN_LINES], 1):
            report("question", f"{i}. {q}")
        if len(questions) > SHOWN_LINES:
            rest = len(questions) - SHOWN_LINES
            report("info", f"… and {rest} more questions (heaviest first; --format json has all)")
        result.code = ExitCode.UNCERTAIN
        result.message = f"certainty {certainty.score:.0f}% < 80%: answer the questions in the spec"
        return True
    report("ok", f"certainty {certainty.score:.0f}%: execute and document decisions")
    if any(severity(f) == "error" for f in findings):
        result.code = ExitCode.FINDINGS
        result.message = "the design has errors: fix them in the spec (nothing was written)"
        report("fail", result.message)
        return True
    for a in certainty.assumptions:
        report("info", f"assumed: {a}")
    return False


def _verify(
    options: RunOptions, report: Report, result: RunResult, prepared: Prepared
) -> tuple[dict[str, str], list[Any]]:
    """The optional proof on real engines: notes per query pattern, and verify's errors."""
    verified: dict[str, str] = {}
    measured: list[Any] = []  # verify's own findings: measured plans, round-trip differences
    if options.verify:
        report("phase", "Verification on real engines")
        # lazy: verify loads the engine drivers, only for --verify
        from pydev_workflow.verify.core import verify_each
        from pydev_workflow.verify.urls import configured_urls

        unreachable = 0
        for one in verify_each(
            prepared.schema,
            options.verify,
            options.verify_rows,
            in_place=options.verify_in_place,
            configured=configured_urls(options.paths.root),
            compiler=prepared.ddl.statements,  # the DDL the run built already, where it did
        ):
            result.verification.append(one.to_json())
            vr = one.report
            if vr is None:  # this engine could not run; the others did
                unreachable += 1
                report("fail", f"{one.engine}: not verified: {one.error}")
                continue
            for name, note in vr.notes().items():
                # one cell per pattern: "verified on sqlite: PK, O(1); postgresql: PK, O(1)"
                verified[name] = (
                    f"{verified[name]}; {note.removeprefix('verified on ')}"
                    if name in verified
                    else note
                )
            report("warn" if vr.has_findings else "ok", vr.summary())  # notes are not findings
            lines = vr.problem_lines()
            for line in lines[:SHOWN_LINES]:
                report("evidence", line)
            if len(lines) > SHOWN_LINES:
                report("evidence", f"… and {len(lines) - SHOWN_LINES} more (--format json has all)")
            result.verify_findings += vr.all_findings()
            measured += [d for d in vr.differences if d.is_finding]  # V1xx: round trip
            measured += [f for f in vr.findings if severity(f) == "error"]
        if unreachable:
            # an input error: nothing is written, as for every other bad input
            result.code = ExitCode.USAGE
            result.message = (
                f"{unreachable} engine(s) could not be verified (see above): fix the URL or "
                "start the server; nothing was written"
            )
            report("fail", result.message)
    return verified, measured


def _write_documents(
    options: RunOptions,
    report: Report,
    result: RunResult,
    documented: Schema,
    verified: dict[str, str],
    root: Any,
    prepared: Prepared,
    arch_read: Document | None = None,
    relations: RenderContext | None = None,
) -> Any:
    """Phase 4: the two documents compared (--check) or written; the commit plan, if any.

    `arch_read`: ARCHITECTURE.md as the pre-flight read it (the run holds the project's lock),
    else it is read here; `relations`: the ERD lines and Relationships rows computed while the
    DDL workers ran, else they are computed here.
    """
    paths = options.paths
    # -- Phase 4: output ----------------------------------------------------------------------
    report("phase", "Phase 4: Output")
    # what the DEV_LOG entry and the Data Models section share, computed once; the DDL block is
    # the prepared one (a worker's future is read last, when the section needs it)
    shared = render_context(
        documented,
        query_plans=prepared.review.context.plans,
        sql=prepared.ddl.block(documented.dialect),
        sql_dialect=documented.dialect,
        relations=relations,
    )
    ropts = RenderOptions(
        date=options.date, dialect=documented.dialect, verified=verified, context=shared
    )
    # everything that does not need the DDL first: a DDL worker may still be compiling it
    entry = RENDERERS.get("devlog")(documented, ropts)
    arch_name = paths.display(paths.architecture)
    log_name = paths.display(paths.devlog)
    arch = (
        arch_read
        if arch_read is not None
        else read_document(paths.architecture, missing_ok=True, display=arch_name)
    )
    log = read_document(paths.devlog, missing_ok=True, display=log_name)
    new_log = upsert_entry(log.text, entry, DATA_MODELS.anchor, filename=log_name)
    section = RENDERERS.get("markdown")(documented, ropts)
    # the old section is read after the render and let go before the splice: on a big model
    # each is megabytes, and the render's own peak comes on top of what is alive
    section = keep_date_if_unchanged(extract_section(arch.text, DATA_MODELS.section or ""), section)
    new_arch = splice_section(arch.text, section, DATA_MODELS.section or "", filename=arch_name)
    changes = [(arch, new_arch, arch_name), (log, new_log, log_name)]
    plan = None
    if not options.check and options.commit and root is not None:
        # the commit holds HEAD's text with only our change: worked out before any write
        repo = git.state(root)
        if repo is not None:
            plan = git.plan_commit(
                repo,
                {
                    paths.architecture: lambda text: splice_section(
                        text, section, DATA_MODELS.section or "", filename=arch_name
                    ),
                    paths.devlog: lambda text: upsert_entry(
                        text, entry, DATA_MODELS.anchor, filename=log_name
                    ),
                },
                COMMIT_MESSAGE,
            )
    if options.check:
        result.diff = "".join(_unified(d.text, new, name) for d, new, name in changes)
        if result.diff:
            result.code = ExitCode.FINDINGS
            result.message = (
                "ARCHITECTURE.md / DEV_LOG.md are stale: run `pydev-workflow data-models run`"
            )
            report("fail", result.message)
        else:
            result.message = "ARCHITECTURE.md and DEV_LOG.md are current"
            report("ok", result.message)
    else:
        for doc, _, name in changes:  # an edit made while the run worked is never overwritten
            if changed_since_read(doc):
                raise InputError(
                    Problem(
                        Loc(name),
                        f"{name} changed on disk while the run was working: nothing was written",
                        "run again",
                    )
                )
        for doc, new, name in changes:
            if write_document(doc, new):
                result.written.append(name)
                report("ok", f"{name}: {'updated' if doc.exists else 'created'}")
            else:
                result.unchanged.append(name)
                report("ok", f"{name}: unchanged")
    return plan


def _checkpoint(
    report: Report, result: RunResult, answers: tuple[Any, ...], measured: list[Any]
) -> None:
    """The checkpoint's answers, and verify's failures told apart from the design's."""
    # -- Checkpoint ------------------------------------------------------------------------------
    report("phase", "Checkpoint")
    result.checkpoint = answers
    for ans in result.checkpoint:
        report("answer", f"{ans.number}. {ans.question} {ans.verdict.value}: {ans.summary}")
        shown_evidence = 0
        for line in ans.evidence:
            if shown_evidence < SHOWN_LINES:
                report("evidence", line)
            shown_evidence += 1
        if shown_evidence > SHOWN_LINES:
            report("evidence", f"… and {shown_evidence - SHOWN_LINES} more (--format json has all)")
    tool = tool_failures(measured)
    result.tool_failures = [f"{f.code} {f.message}" for f in tool]
    for f in tool:
        report("warn", f"pydev-workflow's own failure, not a problem of your design: {f}")
    if measured and result.code is ExitCode.OK:
        # the documents are written (with the measurements in them), but CI must see it
        result.code = ExitCode.FINDINGS
        design = len(measured) - len(tool)
        result.message = (
            f"verification found {design} problem(s): see the checkpoint"
            if design
            else f"verify could not finish: {len(tool)} failure(s) of pydev-workflow itself, "
            "not of your design (please report them)"
        )
        report("fail", result.message)


def _commit_and_push(
    plan: Any, root: Any, options: RunOptions, result: RunResult, report: Report
) -> None:
    """Commit (and push); a refusal after the write is exit 4, not 2: the docs are written."""
    try:
        commit = git.commit_change(plan)
    except git.CommitFailed as exc:
        result.code = ExitCode.NOT_COMMITTED
        result.message = str(exc.problems[0]).removeprefix("error: ")
        report("fail", result.message)
        return
    result.commit = commit.sha
    report("ok" if commit.committed else "info", commit.detail)
    if not options.push:
        return
    try:
        pushed = git.push(root)
    except InputError as exc:
        result.code = ExitCode.NOT_COMMITTED
        why = str(exc.problems[0]).removeprefix("error: ")
        result.message = f"committed but not pushed: {why}"
        report("fail", result.message)
        return
    report("ok" if pushed.pushed else "info", pushed.detail)


def _ask(options: RunOptions, certainty: Any, result: RunResult, report: Report) -> bool:
    """Ask the open questions at the prompt and write the answers; True if any was written."""
    assert options.ask is not None
    answers = options.ask(certainty.undecided)
    if not answers:
        return False
    paths = options.paths
    shown = paths.display(paths.spec)
    apply_answers(paths.spec, answers, shown)
    result.answered = len(answers)
    report("ok", f"{shown}: {len(answers)} answer(s) written (comments and layout kept)")
    for point, choice in answers:
        report("info", f"{point.spec_key}: {choice.label}")
    return True
