"""The one path from a spec to what every command reads: `prepare()` and its frozen context.

`check`, `run`, `import`, `verify` and `render` all start from `prepare`/`prepare_project`, so
the same spec and configuration give the same model (storage from ARCHITECTURE.md, CLAUDE.md's
practices), the same target dialects, the same findings and the same DDL whichever command reads
them. The findings are computed when first read (`verify` and `render` never pay for them), the
DDL once per dialect (`Ddl`), and what one needs of the other is passed in, never recomputed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from pydev_workflow.certainty import NORMALIZATION_RULES, Certainty, assess, spec_points
from pydev_workflow.checks import (
    CheckContext,
    Finding,
    Suppressions,
    merge_findings,
    run_codes,
    selected_codes,
)
from pydev_workflow.checks.base import TargetNotes
from pydev_workflow.dialects import DIALECTS, get_dialect
from pydev_workflow.dialects.metadata import (
    Section,
    Statement,
    cannot_hold,
    joined_notes,
    sa_dialect,
    sections_and_notes,
    statements,
)
from pydev_workflow.errors import InputError
from pydev_workflow.forked import Call, ForkedCall, fork_batch, fork_call
from pydev_workflow.model import Decision, Schema, StorageKind
from pydev_workflow.model.conventions import Conventions
from pydev_workflow.perf import gc_paused
from pydev_workflow.project import Component
from pydev_workflow.renderers.base import RenderOptions
from pydev_workflow.renderers.markdown import sql_text
from pydev_workflow.renderers.sql import (
    BlockPart,
    block_part,
    join_block_parts,
    layout_sections,
)
from pydev_workflow.spec import load
from pydev_workflow.workflow.architecture import parse_components, propose_storage
from pydev_workflow.workflow.config import ProjectPaths, Settings, load_settings
from pydev_workflow.workflow.preflight import claude_info, propose_conventions, with_practices

#: the code prefix of the doc-lint family (lint-doc's MD…), beside the design rules' DM…
DOC_LINT_PREFIX = "MD"
#: Below this many entities a worker process costs more than it saves.
DDL_AHEAD_MIN_ENTITIES = 500
#: children that compile a big block ahead, a slice of the entities each (one per core here)
DDL_WORKERS = 2
#: From this many entities a forked child runs CHECKS_AHEAD while this process runs the other
#: rules and the spec's part of the certainty score (below, the fork costs more than it saves).
CHECKS_AHEAD_MIN_ENTITIES = 1000
#: The rules a child runs on a big model: about half of the review's time (DM701 with its
#: SQLAlchemy import and metadata), none of them reading the query plans or being one of the
#: normalization rules (this process needs both for the certainty score while the child
#: runs). DM701 only where the notes are computed synchronously (`_ahead`).
CHECKS_AHEAD = frozenset(
    {
        *("DM101", "DM105", "DM106", "DM107", "DM108", "DM109"),
        *("DM201", "DM202", "DM203", "DM301", "DM302", "DM504", "DM701"),
    }
)


@dataclass(frozen=True)
class Review:
    """The design review of one model: its context, findings and certainty score."""

    context: CheckContext
    findings: tuple[Finding, ...]
    certainty: Certainty

    @property
    def dialects(self) -> tuple[str, ...]:
        """The target dialects the dialect-aware rules checked."""
        return self.context.dialects


@dataclass(frozen=True)
class ProjectDocs:
    """What the project's documents say about the model: components and CLAUDE.md practices."""

    components: tuple[Component, ...] = ()
    conventions: Conventions | None = None


def read_project(paths: ProjectPaths) -> ProjectDocs:
    """ARCHITECTURE.md's components and CLAUDE.md's practices (each only when the file exists)."""
    components: tuple[Component, ...] = ()
    if paths.architecture.is_file():
        text = paths.architecture.read_text(encoding="utf-8-sig")
        components = parse_components(text, paths.display(paths.architecture))
    conventions = None
    if paths.claude.is_file():  # CLAUDE.md's practices, when the spec states none
        practices = claude_info(paths.claude.read_text(encoding="utf-8-sig")).practices
        conventions = propose_conventions(practices)
    return ProjectDocs(components, conventions)


def adopt_project(
    schema: Schema, components: Sequence[Component], conventions: Conventions | None
) -> tuple[Schema, tuple[Decision, ...]]:
    """The model as the project states it (storage from the architecture, CLAUDE.md practices).

    Entities whose storage the spec leaves open get the store ARCHITECTURE.md names for them
    (phase 3); CLAUDE.md's practices apply when the spec has no `conventions:`. Returns the
    schema and the storage decisions assumed from the architecture.
    """
    schema, hinted = propose_storage(schema, tuple(components))
    return with_practices(schema, conventions), hinted


def target_dialects(
    schema: Schema, requested: Sequence[str] = (), settings: Settings | None = None
) -> tuple[str, ...]:
    """The dialects to check: the command line's, else the configuration's, else the spec's.

    Raises:
        InputError: a name is no known dialect.
    """
    wanted = tuple(requested) or (settings.dialects if settings else ()) or (schema.dialect,)
    if any(d.lower() == "all" for d in wanted):
        wanted = DIALECTS.names()
    return tuple(dict.fromkeys(get_dialect(d).name for d in wanted))


def spec_suppressions(schema: Schema) -> Suppressions:
    """The spec's `ignore:` lists, by (entity, field or None), for `run_checks`."""
    out: dict[tuple[str, str | None], tuple[str, ...]] = {}
    for e in schema.entities:
        if e.ignore:
            out[(e.name, None)] = e.ignore
        for f in e.fields:
            if f.ignore:
                out[(e.name, f.name)] = f.ignore
    return out


def ddl_block(schema: Schema, dialect: str) -> str:
    """The Database Schema (SQL) block of `schema`'s relational entities ("" when none)."""
    return sql_text(schema, RenderOptions(dialect=dialect))


class Ddl:
    """The DDL of one model, translated at most once per dialect and shared by every reader.

    DM701 reads `notes`, the SQL renderer and the Data Models section read `sections` and
    `block`. A full build (`sections`) also gives the notes, so a command that compiles the DDL
    anyway asks for it first and DM701 reuses it; so do the workers that compile a big block
    in slices (each sends its slice's notes with its text); one that compiles none (`check`)
    gets the notes from a translation that builds no tables. A block compiled ahead on another
    core (`compile_block_ahead`) is a future the pipeline owns: `close()` stops its workers.

    `ahead_from`: the number of entities from which `compile_block_ahead` forks workers
    (default DDL_AHEAD_MIN_ENTITIES).
    """

    def __init__(self, schema: Schema, *, ahead_from: int | None = None) -> None:
        self.schema = schema
        self._ahead_from = ahead_from
        self._notes: dict[str, TargetNotes] = {}
        self._sections: dict[str, tuple[Section, ...]] = {}
        self._block: dict[str, str | Future[str]] = {}
        self._jobs: list[ForkedCall[Any]] = []
        self._others: list[ForkedCall[Any]] = []  # forked with the workers (`also`)
        self._slices: dict[str, list[ForkedCall[BlockPart]]] = {}
        self._owner = os.getpid()  # the process whose threads complete the workers' futures

    @property
    def has_workers(self) -> bool:
        """Were workers forked for this model (by `compile_block_ahead`)?

        Their answers arrive through threads of the process that forked them: a child forked
        from it later must not wait for them (`notes` then translates in that child, as it does
        when no worker ran).
        """
        return bool(self._jobs)

    def notes(self, dialect: str) -> TargetNotes:
        """What `dialect` cannot hold of the model (dialects.metadata.cannot_hold), once.

        When workers compile the block of `dialect` in slices, their notes are waited for
        (DM701 is the last rule, the workers are usually done by then) instead of translating
        the model once more here; a failed worker, or a forked child, translates it itself.
        """
        name = get_dialect(dialect).name
        if name not in self._notes:
            noted = self._worker_notes(name)
            self._notes[name] = noted if noted is not None else cannot_hold(self.schema, name)
        return self._notes[name]

    def _worker_notes(self, name: str) -> TargetNotes | None:
        """The notes the slices' workers of `name` sent, joined; None where there are none."""
        jobs = self._slices.get(name)
        if not jobs or os.getpid() != self._owner:
            return None
        parts = [job.result() for job in jobs]
        if any(p is None for p in parts):
            return None
        return joined_notes(self.schema, [p.notes for p in parts if p is not None])

    def sections(self, dialect: str) -> tuple[Section, ...]:
        """The compiled DDL for `dialect` (dialects.metadata.sections), once, with its notes."""
        name = get_dialect(dialect).name
        if name not in self._sections:
            built, notes = sections_and_notes(self.schema, name)
            self._sections[name] = built
            self._notes.setdefault(name, notes)
        return self._sections[name]

    def statements(self, schema: Schema, dialect: str) -> list[Statement]:
        """The DDL of `schema` for `dialect`: this model's build, compiled here at most once.

        For `verify`'s `compiler`: a model verify changed for its sandbox (a partition added,
        a table left out) is another model, compiled on its own.
        """
        if schema is not self.schema:
            return statements(schema, dialect)
        return [st for sec in self.sections(dialect) for st in sec.statements]

    def _block_is_sections(self) -> bool:
        """Is the SQL block the model's own DDL (every entity relational, so nothing is cut)?"""
        entities = self.schema.entities
        return bool(entities) and all(e.storage_kind is StorageKind.RELATIONAL for e in entities)

    def compile_block_ahead(self, dialect: str, also: Sequence[Call] = ()) -> list[ForkedCall[Any]]:
        """Start the block of `dialect`: on another core for a big model, else here and now.

        On a big model the workers run while the checks and the rest of the documents are
        computed (the longest single phase of `run`), and send DM701's notes with the block's
        slices. Otherwise the one build serves the block and DM701 alike.

        `also`: other calls forked in the same batch as the workers, before any reader thread
        starts (after it, no child can be forked): their jobs, in order, which `close()` stops
        too; [] where no worker was forked (the caller then runs them its own way).
        """
        name = get_dialect(dialect).name
        if name in self._block:
            return []
        ahead_from = DDL_AHEAD_MIN_ENTITIES if self._ahead_from is None else self._ahead_from
        if len(self.schema.entities) >= ahead_from:
            # SQLAlchemy and the dialect are imported here: a forked child imports about twice
            # as slowly (each page it writes is copied first), and the worker is the longer path
            sa_dialect(name)
            if self._block_is_sections():
                ahead, others = self._ahead_in_parts(name, also)
            else:
                ahead, others = self._ahead_whole(name, also)
            if ahead is not None:
                self._block[name] = ahead
                self._others += others
                return others
        try:
            self._block[name] = self.block_text(name)
        except InputError:  # the renderer compiles it when needed and says why, after the checks
            pass
        return []

    def _ahead_whole(
        self, name: str, also: Sequence[Call]
    ) -> tuple[Future[str] | None, list[ForkedCall[Any]]]:
        """The block compiled by one child (a model not all relational); None: no fork here."""
        jobs = fork_batch([(ddl_block, (self.schema, name)), *also])
        if not jobs:
            return None, []
        self._jobs.append(jobs[0])
        return jobs[0].future, jobs[1:]

    def _ahead_in_parts(
        self, name: str, also: Sequence[Call] = ()
    ) -> tuple[Future[str] | None, list[ForkedCall[Any]]]:
        """The block compiled by DDL_WORKERS children, a slice of the entities each.

        The DDL is the longest path of a big `run` and compiles table by table: on two cores
        the children and this process (checks, documents) share the cores instead of this one
        idling while a single child compiles. Each child lays out its slice (text crosses the
        pipe, not statements); the slices are joined when the last child is done
        (`join_block_parts`: exactly the block one pass gives). None: no fork here. With the
        jobs of `also`, forked in the same batch.
        """
        calls: list[Call] = [
            (block_part, (self.schema, name, i, DDL_WORKERS)) for i in range(DDL_WORKERS)
        ]
        forked = fork_batch([*calls, *also])
        if not forked:
            return None, []
        jobs: list[ForkedCall[BlockPart]] = forked[:DDL_WORKERS]
        self._jobs.extend(jobs)
        self._slices[name] = jobs
        joined: Future[str] = Future()
        joined.set_running_or_notify_cancel()
        schema = self.schema
        lock = threading.Lock()  # each child's reader thread calls `join`: one of them joins
        claimed: list[bool] = []

        def join(_: Future[Any]) -> None:
            with lock:
                if claimed or not all(j.future.done() for j in jobs):
                    return
                claimed.append(True)
            try:
                parts = [j.future.result() for j in jobs]
                joined.set_result(join_block_parts(schema, name, parts))
            except Exception as exc:  # a failed child: the renderer compiles the block itself
                joined.set_exception(exc)

        for job in jobs:
            job.future.add_done_callback(join)
        return joined, forked[DDL_WORKERS:]

    def block_text(self, dialect: str) -> str:
        """The Database Schema (SQL) block for `dialect`, compiled here (once)."""
        name = get_dialect(dialect).name
        if self._block_is_sections():
            return layout_sections(self.sections(name))
        return ddl_block(self.schema, name)

    def block(self, dialect: str) -> str | Future[str] | None:
        """The block started by `compile_block_ahead` (text or a worker's future), else None."""
        return self._block.get(get_dialect(dialect).name)

    def close(self) -> None:
        """Stop the children still working: an answer the caller did not use is not waited for."""
        for job in (*self._jobs, *self._others):
            job.stop()


#: `Prepared.compile_ahead`'s review child: from CHECKS_AHEAD_MIN_ENTITIES where a core is free
Auto = Literal["auto"]


def spare_core() -> bool:
    """Is a core left for the review's child beside the DDL workers and this process?

    Not on two cores: the workers and this process keep both busy (this process waits for
    DM701's notes while they compile, and they use the time), so a child only adds its own
    work. Measured on 5,000 entities on two cores: the same wall time (6.0-6.4 s on a loaded
    machine, best 5.97 s with it, 5.95 s without) for 0.45 more CPU-s (DM701 translated once
    more, the child's copied pages, its findings pickled). With a third core, this process
    would idle while it waits for the notes; the child fills that core.
    """
    affinity = getattr(os, "sched_getaffinity", None)  # Linux: the cores this process may use
    cores = len(affinity(0)) if affinity is not None else os.cpu_count() or 1
    return cores > DDL_WORKERS


@dataclass(frozen=True)
class ReviewAhead:
    """Rules started early in a forked child (`Prepared.compile_ahead`).

    The context they run on, their codes and the child's job: `_review` reads it instead of
    forking a child itself.
    """

    context: CheckContext
    codes: tuple[str, ...]
    job: ForkedCall[dict[str, list[Finding]]]


def _context(
    schema: Schema, components: tuple[Component, ...], dialects: tuple[str, ...], ddl: Ddl | None
) -> CheckContext:
    return CheckContext(
        schema=schema,
        components=components,
        dialects=dialects,
        target_notes=ddl.notes if ddl is not None else None,
    )


def _ahead_codes(
    ctx: CheckContext, codes: Sequence[str], min_entities: int | None, *, dm701: bool
) -> tuple[str, ...]:
    """The codes of `codes` a forked child runs on `ctx`: none below `min_entities` (None: never).

    `dm701`: DM701 may run there (it reads `ddl.notes`, see `_ahead`).
    """
    if min_entities is None or len(ctx.schema.entities) < min_entities:
        return ()
    return tuple(c for c in codes if c in CHECKS_AHEAD and (c != "DM701" or dm701))


def _ahead(
    ctx: CheckContext, codes: Sequence[str], ddl: Ddl | None, min_entities: int | None
) -> tuple[tuple[str, ...], ForkedCall[dict[str, list[Finding]]] | None]:
    """The codes a forked child runs on `ctx` and its job, or ((), None): all run here.

    Only for a model of `min_entities` or more (None: never). DM701 reads `ddl.notes`, which
    waits for the DDL workers' answers when `ddl` has workers: reading them there is cheaper
    than translating the model again in a child, so DM701 then stays here. (Once workers run,
    their reader threads refuse any fork anyway: `Prepared.compile_ahead` forks the review's
    child with them, where a core is left for it.)
    """
    ahead = _ahead_codes(ctx, codes, min_entities, dm701=ddl is None or not ddl.has_workers)
    if not ahead:
        return (), None
    job = fork_call(run_codes, ctx, ahead)
    return (ahead, job) if job is not None else ((), None)


def _review(
    schema: Schema,
    components: tuple[Component, ...],
    dialects: tuple[str, ...],
    select: Sequence[str],
    ignore: Sequence[str],
    suppressions: Suppressions,
    ddl: Ddl | None = None,
    *,
    fork_from: int | None = CHECKS_AHEAD_MIN_ENTITIES,
    started: ReviewAhead | None = None,
) -> Review:
    """The findings and certainty of `schema`; on a big model on two cores at once.

    A child runs part of the rules (`_ahead`, or `started` earlier with the DDL workers) while
    this process runs the others and the spec's share of the certainty score; the findings
    merge into exactly the list one pass gives (`merge_findings`). A failed child's rules run
    here.
    """
    ctx = started.context if started is not None else _context(schema, components, dialects, ddl)
    codes = selected_codes(select, ignore)
    with gc_paused():
        ahead, job = (
            (started.codes, started.job)
            if started is not None
            else _ahead(ctx, codes, ddl, fork_from)
        )
        try:
            by_code = run_codes(ctx, [c for c in codes if c not in ahead])
            # the entity points need only the normalization rules' findings: when they ran
            # here, all the points but the errors and risks are weighed while the child runs
            norm = [c for c in codes if c in NORMALIZATION_RULES]
            mine = job is not None and not any(c in ahead for c in norm)
            known = spec_points(
                schema,
                ctx.plans,
                components,
                merge_findings(by_code, norm, suppressions) if mine else None,
            )
            got = job.result() if job is not None else None
        finally:  # a rule that raised here leaves no child behind
            if job is not None:
                job.stop()
        if ahead:
            by_code.update(got if got is not None else run_codes(ctx, ahead))
        findings = merge_findings(by_code, codes, suppressions)
        certainty = assess(schema, findings, ctx.components, ctx.plans, known=known)
    return Review(ctx, tuple(findings), certainty)


@dataclass(frozen=True)
class Prepared:
    """Everything the commands read of one spec, built once by `prepare`.

    The model as the project states it, its components, the settings, the target dialects and
    the select/ignore in force, the DDL per dialect; `review` (findings and certainty) is
    computed when first read.
    """

    schema: Schema
    components: tuple[Component, ...]
    settings: Settings
    dialects: tuple[str, ...]
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    suppressions: Suppressions
    ddl: Ddl = field(compare=False)
    assumed: tuple[Decision, ...] = ()  # storage decisions taken from ARCHITECTURE.md
    spec_name: str = ""  # the spec as messages show it
    #: what `lint-doc` found wrong in the document the model was read from (MD…), else ()
    doc_findings: tuple[Finding, ...] = ()
    #: the review's child when `compile_ahead` forked it with the DDL workers
    _started: list[ReviewAhead] = field(default_factory=list, init=False, compare=False, repr=False)

    def compile_ahead(self, dialect: str, *, review_from: int | None | Auto = "auto") -> None:
        """Start the DDL block of `dialect`, and on a big model part of the review with it.

        The block as `Ddl.compile_block_ahead` starts it; the review's child is forked in the
        same batch as the DDL workers.

        Once the workers' reader threads run no child can be forked, and the review would run
        on one core. Forked with them, the child runs its share of the rules while this process
        runs the others, DM701 too: the child translates the notes itself (never waiting for
        futures only this process's threads complete), so the review needs nothing of the
        workers and this process goes on to the documents while they compile.

        `review_from`: the number of entities from which the review's child is forked (None:
        never; "auto": CHECKS_AHEAD_MIN_ENTITIES where a core is left for it, see
        `spare_core`). Where no DDL worker is forked, the review forks its child itself.
        """
        if review_from == "auto":
            review_from = CHECKS_AHEAD_MIN_ENTITIES if spare_core() else None
        ctx = _context(self.schema, self.components, self.dialects, self.ddl)
        ahead: tuple[str, ...] = ()
        if "review" not in self.__dict__:  # not read yet (else nothing is left to start)
            codes = selected_codes(self.select, self.ignore)
            ahead = _ahead_codes(ctx, codes, review_from, dm701=True)
        also: list[Call] = [(run_codes, (ctx, ahead))] if ahead else []
        jobs = self.ddl.compile_block_ahead(dialect, also)
        if jobs:
            self._started.append(ReviewAhead(ctx, ahead, jobs[0]))

    @cached_property
    def review(self) -> Review:
        """The design rules and the 80% rule on the model (one run, shared by every reader)."""
        return _review(
            self.schema,
            self.components,
            self.dialects,
            self.select,
            self.ignore,
            self.suppressions,
            self.ddl,
            started=self._started.pop() if self._started else None,
        )

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The document's findings (lint-doc) and the design findings: one list, sorted."""
        if not self.doc_findings:
            return self.review.findings
        return tuple(sorted((*self.doc_findings, *self.review.findings), key=Finding.sort_key))

    @property
    def certainty(self) -> Certainty:
        """The 80% rule's score, questions and assumptions."""
        return self.review.certainty


def prepare(
    schema: Schema,
    project: ProjectDocs | None = None,
    *,
    settings: Settings | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    dialects: Sequence[str] = (),
    suppressions: Suppressions | None = None,
    spec_name: str = "",
    doc_findings: Sequence[Finding] = (),
) -> Prepared:
    """The context of `schema` as every command reads it (command-line options win).

    `select`/`ignore` (and the settings') may name doc-lint codes (MD…): those are lint-doc's
    (`doc_findings` come filtered), so the design rules read only the other prefixes.

    Raises:
        InputError: an unknown target dialect.
    """
    project = project or ProjectDocs()
    settings = settings or Settings()
    schema, assumed = adopt_project(schema, project.components, project.conventions)
    return Prepared(
        schema=schema,
        components=tuple(project.components),
        settings=settings,
        dialects=target_dialects(schema, dialects, settings),
        select=design_prefixes(select) or design_prefixes(settings.select),
        ignore=design_prefixes(ignore) or design_prefixes(settings.ignore),
        suppressions={**spec_suppressions(schema), **(suppressions or {})},
        ddl=Ddl(schema),
        assumed=assumed,
        spec_name=spec_name,
        doc_findings=tuple(doc_findings),
    )


def design_prefixes(prefixes: Sequence[str]) -> tuple[str, ...]:
    """The prefixes of a select/ignore list the design rules read: not the doc-lint ones (MD…).

    One list serves every command (`[tool.pydev-workflow] select = ["DM3", "MD1"]`): a prefix
    narrows the family it names, and a family none of them names keeps all its codes.
    """
    return tuple(p for p in prefixes if not p.strip().upper().startswith(DOC_LINT_PREFIX))


def prepare_project(
    paths: ProjectPaths,
    *,
    project: ProjectDocs | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    dialects: Sequence[str] = (),
    loaded: Schema | InputError | None = None,
) -> Prepared:
    """Load the project's spec and prepare it with its documents and [tool.pydev-workflow].

    `project`: the documents when the caller has read them already (`run`'s pre-flight).
    `loaded`: the spec as the caller loaded it already (`load_spec`), or the error loading it
    raised (raised here, after the settings' errors, as when it is loaded here).

    Raises:
        InputError: the spec, a document or the settings cannot be read.
    """
    shown = paths.display(paths.spec)
    settings = load_settings(paths.root)
    if isinstance(loaded, InputError):
        raise loaded
    schema = loaded if loaded is not None else load_spec(paths)
    return prepare(
        schema,
        project if project is not None else read_project(paths),
        settings=settings,
        select=select,
        ignore=ignore,
        dialects=dialects,
        spec_name=shown,
    )


def load_spec(paths: ProjectPaths) -> Schema:
    """The project's spec, loaded (messages name it as `paths` shows it).

    Raises:
        InputError: the spec cannot be read.
    """
    return load(paths.spec, paths.display(paths.spec))


def review(
    schema: Schema,
    components: Sequence[Component] = (),
    *,
    settings: Settings | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    dialects: Sequence[str] = (),
    suppressions: Suppressions | None = None,
    fork_from: int | None = CHECKS_AHEAD_MIN_ENTITIES,
) -> Review:
    """Run the design rules and the 80% rule on `schema` as it is (no project adopted).

    `suppressions` maps (entity, field or None) to code prefixes not reported there.
    `fork_from`: from this many entities part of the rules run in a forked child (None: never).
    """
    settings = settings or Settings()
    return _review(
        schema,
        tuple(components),
        target_dialects(schema, dialects, settings),
        tuple(select) or settings.select,
        tuple(ignore) or settings.ignore,
        {**spec_suppressions(schema), **(suppressions or {})},
        fork_from=fork_from,
    )


__all__ = [
    "CHECKS_AHEAD",
    "CHECKS_AHEAD_MIN_ENTITIES",
    "DDL_AHEAD_MIN_ENTITIES",
    "DOC_LINT_PREFIX",
    "Ddl",
    "Prepared",
    "ProjectDocs",
    "Review",
    "ReviewAhead",
    "adopt_project",
    "ddl_block",
    "design_prefixes",
    "load_spec",
    "prepare",
    "prepare_project",
    "read_project",
    "review",
    "spec_suppressions",
    "target_dialects",
]
