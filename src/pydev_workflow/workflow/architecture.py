"""Read the components step 02 wrote into ARCHITECTURE.md (found with markdown-it-py).

Components may be written three ways, all recognised:
- sub-headings under a heading that contains "Component" (`## Components` / `### Auth`);
- a table with a "Component" column, anywhere in the document;
- a bullet list under a heading that contains "Component" (`- **Auth**: …`, `- Auth — …`).
The Data Models section itself is skipped: entities are not components.

Each component also carries the nouns its text names (phase 1's candidate entities): the
components table's Responsibilities / Owns / Data columns, the bullets and "Owns:" / "Data:"
lines under a component heading, the text after a bullet component's name, and the
"Store (things)" notes anywhere outside the Data Models section ("Redis (sessions, rate
limits)", "object storage (uploads)") which also say where those things are kept (phase 3).
"""

# lazy: markdown_it — import (sql, db, dbml, sqlalchemy, django) loads this, reads no Markdown
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pydev_workflow.checks.coverage import entity_index, holder
from pydev_workflow.errors import Loc
from pydev_workflow.inflect import is_plural, noun_key, plural, singular
from pydev_workflow.model import Decision, Schema, Storage, StorageKind
from pydev_workflow.project import Component, Noun
from pydev_workflow.workflow.splice import (
    find_section,
    fresh_marks,
    line_count,
    line_offset,
    marks,
    split_lines,
)

_STRIP = re.compile(r"[*_`]+")
_SPLIT = re.compile(r"\s+(?:[—–:(-]|\|)\s*|:\s*|\s+—|\s+–")
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]\s*|[A-Z][.)]\s+)")


def _md() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _clean(text: str) -> str:
    text = _STRIP.sub("", text).strip()
    text = _NUMBERING.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their text
    return text.strip().strip(".").strip()


def _bullet_name(text: str) -> str:
    bold = re.match(r"^\s*(\*\*|__)(.+?)\1", text)
    if bold:
        return _clean(bold.group(2))
    code = re.match(r"^\s*`([^`]+)`", text)
    if code:
        return code.group(1).strip()
    return _clean(_SPLIT.split(text, maxsplit=1)[0])


def _blank_data_models(text: str) -> str:
    """`text` with the `## Data Models` section's lines emptied (line numbers kept)."""
    span = find_section(text, "Data Models", level=2)
    if span is None:
        return text
    lines = split_lines(text)
    blanked = ["\n" if line.endswith(("\n", "\r")) else "" for line in lines[span.start : span.end]]
    return "".join(lines[: span.start] + blanked + lines[span.end :])


#: blank lines that stand in for the cut `## Data Models` section (see _tokens)
_STAND_IN = 2


def _tokens(text: str, *, keep_marks: bool = False) -> list[Any]:
    """markdown-it's tokens of `text` as if the `## Data Models` section's lines were blank.

    That section is ours, can be megabytes on big schemas, and holds no components; the
    splice's section finder (markdown-it where a line needs it) locates it cheaply. Its lines
    are cut and two blank lines stand in for them, so markdown-it never walks (nor keeps
    five numbers for each of) its hundreds of thousands of lines; the tokens after the cut are
    moved back to their own lines. Blank lines end every block the section could touch (it
    starts and ends at a heading); a token that still straddles the cut (a block that runs
    on over blank lines) means the cut might matter, and the blanked text is parsed instead.
    """
    body = text[1:] if text.startswith("\ufeff") else text
    found = marks(body) if keep_marks else fresh_marks(body)
    span = find_section(text, "Data Models", level=2, found=found)
    if span is None:
        return list(_md().parse(text))
    cut = span.end - span.start
    kept = min(cut, _STAND_IN)
    # the section's first character and the first after it (the lines as split_lines has
    # them), found without splitting the megabytes of a big document into lines
    begin = line_offset(text, span.start)
    end = len(text) if span.end >= line_count(text) else line_offset(text, span.end)
    stand_in = "\n" * kept
    if kept and end == len(text) and not text.endswith(("\n", "\r")):
        stand_in = stand_in[:-1]  # the document's last line, as blanked
    tokens = list(_md().parse(text[:begin] + stand_in + text[end:]))
    after = span.start + kept  # the first line after the stand-in, in the parsed text
    shift = cut - kept
    for tok in tokens:
        if tok.map is None:
            continue
        begin, end = tok.map
        if begin >= after:
            tok.map = [begin + shift, end + shift]
        elif end > span.start:  # runs on into the stand-in: parse the blanked text
            return list(_md().parse(_blank_data_models(text)))
    return tokens


def parse_components(
    text: str, filename: str = "ARCHITECTURE.md", *, keep_marks: bool = False
) -> tuple[Component, ...]:
    """Every component ARCHITECTURE.md names, in document order, without duplicates.

    Each carries the nouns (candidate entities) its text names; see the module docstring.
    `keep_marks`: the text's headings stay in splice's cache (for a caller that splices this
    very text later), instead of being found for this parse alone.
    """
    tokens = _tokens(text, keep_marks=keep_marks)
    found = _component_names(tokens, filename)
    if not found:
        return found
    nouns = _nouns(tokens, found, filename)
    by_comp: dict[str, list[Noun]] = {}
    for noun in nouns:
        by_comp.setdefault(noun.component or found[0].name, []).append(noun)
    # a store note no component names rides on the first component (component=None says so)
    spans = _component_spans(tokens, found)
    lines = text.splitlines()
    return tuple(
        replace(
            c,
            nouns=tuple(by_comp.get(c.name, ())),
            mentions=_mentions(lines[spans[c.name][0] : spans[c.name][1]]),
        )
        for c in found
    )


def _component_spans(tokens: Any, found: tuple[Component, ...]) -> dict[str, tuple[int, int]]:
    """The line span (0-based, end exclusive) of each component's own text.

    A component named by a heading owns its section (to the next heading of its level or
    above); one named by a table row or a bullet owns that line.
    """
    headings = [(t.map[0], int(t.tag[1])) for t in tokens if t.type == "heading_open" and t.map]
    spans: dict[str, tuple[int, int]] = {}
    for c in found:
        start = c.loc.line - 1
        level = next((lv for line, lv in headings if line == start), None)
        if level is None:
            spans[c.name] = (start, start + 1)
            continue
        end = next((line for line, lv in headings if line > start and lv <= level), 1 << 30)
        spans[c.name] = (start, end)
    return spans


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _mentions(lines: list[str]) -> frozenset[str]:
    """The folded keys (`noun_key`) of the words and two- or three-word phrases of `lines`."""
    words = _WORD.findall(" ".join(lines))
    keys = set()
    for n in (1, 2, 3):
        for i in range(len(words) - n + 1):
            keys.add(noun_key(" ".join(words[i : i + n])))
    keys.discard("")
    return frozenset(keys)


def _component_names(tokens: Any, filename: str) -> tuple[Component, ...]:
    """The components of a parsed document (the three shapes of the module docstring)."""
    found: list[Component] = []
    seen: set[str] = set()

    def add(name: str, line: int) -> None:
        key = name.lower()
        if name and key not in seen and len(name) <= 80:
            seen.add(key)
            found.append(Component(name, Loc(filename, line, 1)))

    # heading stack: (level, title) of the enclosing headings
    stack: list[tuple[int, str]] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.type == "heading_open":
            level = int(tok.tag[1])
            title = _clean(tokens[i + 1].content)
            while stack and stack[-1][0] >= level:
                stack.pop()
            in_components = any("component" in t.lower() for _, t in stack)
            in_data_models = any(t.lower() == "data models" for _, t in stack)
            if in_components and not in_data_models and "component" not in title.lower():
                # only the level directly below the Components heading counts
                parent_level = next(lv for lv, t in reversed(stack) if "component" in t.lower())
                if level == parent_level + 1:
                    add(title, tok.map[0] + 1 if tok.map else 0)
            stack.append((level, title))
            i += 3
            continue
        in_data_models = any(t.lower() == "data models" for _, t in stack)
        if tok.type == "table_open" and not in_data_models:
            i = _table(tokens, i, add)
            continue
        if tok.type == "bullet_list_open" and tok.level == 0 and not in_data_models:
            if stack and "component" in stack[-1][1].lower():
                i = _bullets(tokens, i, add)
                continue
        i += 1
    return tuple(found)


def _table(tokens: Any, i: int, add: Any) -> int:
    """Read a table starting at tokens[i]; add its Component column; return the next index."""
    headers: list[str] = []
    col: int | None = None
    row: list[tuple[str, int]] = []
    in_head = False
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
            col = next((k for k, h in enumerate(headers) if "component" in h.lower()), None)
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline":
            line = (t.map[0] + 1) if t.map else 0
            if in_head:
                headers.append(_clean(t.content))
            else:
                row.append((t.content, line))
        elif t.type == "tr_close" and not in_head and col is not None and col < len(row):
            content, line = row[col]
            add(_clean(content), line)
        i += 1
    return i + 1


def _bullets(tokens: Any, i: int, add: Any) -> int:
    """Read a top-level bullet list: the first inline of each item names a component."""
    depth = 0
    want = False
    while i < len(tokens):
        t = tokens[i]
        if t.type == "bullet_list_open":
            depth += 1
        elif t.type == "bullet_list_close":
            depth -= 1
            if depth == 0:
                return i + 1
        elif t.type == "list_item_open" and depth == 1:
            want = True
        elif t.type == "inline" and want:
            add(_bullet_name(t.content), (t.map[0] + 1) if t.map else 0)
            want = False
        i += 1
    return i


# -- phase 1: the nouns a component's text names ------------------------------------------------

#: Columns of a components table whose cells list what the component owns.
_NOUN_COLUMNS = re.compile(r"respons|owns|data|entit|stores|manages|things|domain", re.I)
#: Lines under a component heading that list what it owns ("Owns: invoices, refunds").
_OWNS_LINE = re.compile(
    r"^\s*(?:owns|data|entities|stores|manages|responsibilit(?:y|ies))\s*:\s*", re.I
)
_PHRASE_SPLIT = re.compile(r"\s*(?:[,;/+&]|\band\b|\bor\b|\bas well as\b)\s*", re.I)
_PREPOSITIONS = re.compile(
    r"(?<![\w-])(?:on|for|of|to|in|into|with|by|from|per|via|about|at|across|between|under|over)"
    r"(?![\w-])",
    re.I,
)
#: Words that are never (part of) an entity name: determiners, verbs of responsibility lists,
#: and activities that components do rather than things they keep.
STOP_WORDS = frozenset(
    """
    a an the all any each every its their our your his her this that these those some other
    own owns owning manage manages managing handle handles handling store stores storing keep
    keeps keeping track tracks tracking issue issues issuing send sends sending process
    processes create creates update updates delete deletes read reads write writes serve serves
    provide provides expose exposes run runs generate generates hold holds record records
    sign-up signup sign-in signin sign-out signout login logins logout log-in log-out
    authentication authorization authorisation auth oauth sso registration
    management administration admin support logic api apis ui frontend backend service services
    workflow workflows integration integrations processing delivery validation
    reporting monitoring logging caching scheduling search analytics
    data info information stuff etc e.g i.e related various
    uses use calls call talks depends publishes publish consumes consume emits emit listens
    built based backed powered written deployed hosted behind through
    fastapi django flask starlette express rails spring react vue angular nextjs
    postgresql postgres mysql mariadb sqlite mongodb mongo redis memcached valkey dynamodb
    kafka rabbitmq sqs sns celery s3 gcs stripe docker kubernetes k8s aws gcp azure nginx
    graphql rest grpc http https json python node nodejs java typescript javascript golang
    elasticsearch opensearch sqlalchemy alembic webhook webhooks endpoint endpoints
    cache caches queue queues pubsub broker backups backup replicas replica storage store
    """.split()
)
#: Stop words that end a compound: the words before them name what it is about, not a thing.
_HEADS = frozenset(
    """
    management administration admin support logic api apis ui service services workflow
    workflows integration integrations processing delivery validation reporting monitoring
    logging caching scheduling search analytics cache caches queue queues broker backups backup
    replicas replica storage store data info information
    """.split()
)
_ING_NOUNS = frozenset(
    "booking listing setting meeting rating mapping building recording posting string thing "
    "wedding painting shipping pricing billing rating heading offering holding".split()
)


def phrases(text: str) -> list[str]:
    """The candidate entity names in a piece of prose: `Writing posts; tags` -> [posts, tags]."""
    text = _clean(re.sub(r"`([^`]*)`", r"\1", text))
    out: list[str] = []
    for part in _PHRASE_SPLIT.split(re.sub(r"\([^)]*\)", " ", text)):
        for chunk in _PREPOSITIONS.split(part):
            runs: list[list[str]] = [[]]
            for w in re.findall(r"[A-Za-z][A-Za-z0-9'-]*", chunk):
                low = w.lower().strip("'-")
                verbish = (low.endswith("ing") and low not in _ING_NOUNS) or low.endswith("ed")
                if low in _HEADS:
                    runs[-1] = []  # "user management", "job queues": the run was its modifier
                    runs.append([])
                elif low in STOP_WORDS or verbish or len(low) < 3:
                    runs.append([])  # a noun phrase is a run of words between stop words
                else:
                    runs[-1].append(low)
            out += [" ".join(run) for run in runs if 1 <= len(run) <= 3]
    return out


# store spellings -> (display name, kind); searched as "Store (things)" in the document's text
_STORES: tuple[tuple[str, str, StorageKind], ...] = (
    (r"postgres(?:ql)?", "PostgreSQL", StorageKind.RELATIONAL),
    (r"mysql", "MySQL", StorageKind.RELATIONAL),
    (r"mariadb", "MariaDB", StorageKind.RELATIONAL),
    (r"sqlite", "SQLite", StorageKind.RELATIONAL),
    (r"mongo(?:db)?", "MongoDB", StorageKind.DOCUMENT),
    (r"couchdb", "CouchDB", StorageKind.DOCUMENT),
    (r"firestore", "Firestore", StorageKind.DOCUMENT),
    (r"dynamodb", "DynamoDB", StorageKind.KEY_VALUE),
    (r"redis", "Redis", StorageKind.KEY_VALUE),
    (r"valkey", "Valkey", StorageKind.KEY_VALUE),
    (r"memcached?", "Memcached", StorageKind.KEY_VALUE),
    (r"(?:amazon |aws )?s3", "S3", StorageKind.FILE),
    (r"gcs|google cloud storage", "Google Cloud Storage", StorageKind.FILE),
    (r"azure blob(?: storage)?", "Azure Blob Storage", StorageKind.FILE),
    (
        r"object stor(?:age|e)|blob stor(?:age|e)|file stor(?:age|e)|file ?system",
        "object storage",
        StorageKind.FILE,
    ),
)
_STORE_NOTE = re.compile(
    r"(?<![\w-])(" + "|".join(p for p, _, _ in _STORES) + r")\s*\(([^()]+)\)", re.I
)


def store_kind(store: str) -> tuple[str, StorageKind] | None:
    """A store's display name and storage kind (`redis` -> Redis, key-value), if known."""
    for pattern, name, kind in _STORES:
        if re.fullmatch(pattern, store.strip(), re.I):
            return name, kind
    return None


def _store_notes(text: str) -> list[tuple[str, str]]:
    """(store, noun) for every "Store (things)" note in `text`."""
    out: list[tuple[str, str]] = []
    for m in _STORE_NOTE.finditer(_STRIP.sub("", text)):
        known = store_kind(m.group(1))
        if known is None:
            continue
        for noun in phrases(m.group(2)):
            out.append((known[0], noun))
    return out


def _nouns(tokens: Any, components: tuple[Component, ...], filename: str) -> list[Noun]:
    """The nouns of every component's text, then the store notes, without duplicates."""
    walk = _NounWalk(components, filename)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            walk.heading(int(tok.tag[1]), _clean(tokens[i + 1].content))
        elif tok.type == "inline":
            walk.inline(tok)
        else:
            walk.structure(tok)
    return _distinct(walk.owned, walk.stored)


class _NounWalk:
    """The state of one walk over the tokens: headings above, the list or table we are in."""

    def __init__(self, components: tuple[Component, ...], filename: str):
        self.names = {c.name.lower(): c.name for c in components}
        self.filename = filename
        self.owned: list[Noun] = []
        self.stored: list[Noun] = []
        self.stack: list[tuple[int, str]] = []
        self.table_comp: int | None = None
        self.table_nouns: set[int] = set()
        self.headers: list[str] = []
        self.row: list[tuple[str, int]] = []
        self.in_head = False
        self.list_depth = 0
        self.item_start = False

    def owner(self) -> str | None:
        """The component whose heading the text is under, if any."""
        for _, title in reversed(self.stack):
            if title.lower() in self.names:
                return self.names[title.lower()]
        return None

    def heading(self, level: int, title: str) -> None:
        """A heading closes the deeper ones before it."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, title))

    def structure(self, tok: Any) -> None:
        """A list or table token: where the following text sits."""
        if tok.type == "bullet_list_open":
            self.list_depth += 1
        elif tok.type == "bullet_list_close":
            self.list_depth -= 1
        elif tok.type == "list_item_open":
            self.item_start = True
        elif tok.type == "thead_open":
            self.in_head, self.headers = True, []
        elif tok.type == "thead_close":
            self.in_head = False
            headers = self.headers
            self.table_comp = next(
                (k for k, h in enumerate(headers) if "component" in h.lower()), None
            )
            self.table_nouns = {k for k, h in enumerate(headers) if _NOUN_COLUMNS.search(h)}
        elif tok.type == "tr_open":
            self.row = []
        elif tok.type == "table_close":
            self.table_comp, self.table_nouns = None, set()
        elif tok.type == "tr_close" and not self.in_head and self.table_comp is not None:
            if self.row:
                self.table_row(self.table_comp)

    def table_row(self, table_comp: int) -> None:
        """A row of a table with a Component column: its noun columns belong to that component."""
        row = self.row
        comp = self.names.get(_clean(row[table_comp][0]).lower()) if table_comp < len(row) else None
        for k, (cell, line) in enumerate(row):
            loc = Loc(self.filename, line, 1)
            if comp and k in self.table_nouns:
                self.owned += [Noun(n, comp, loc) for n in phrases(cell)]
            self.stored += [Noun(n, comp, loc, store) for store, n in _store_notes(cell)]
        self.row = []

    def inline(self, tok: Any) -> None:
        """Text: a header cell, a table cell, a component bullet or prose under a component."""
        line = (tok.map[0] + 1) if tok.map else 0
        loc = Loc(self.filename, line, 1)
        if self.in_head:
            self.headers.append(_clean(tok.content))
            return
        if self.table_comp is not None or tok.map is None:
            self.row.append((tok.content, line))
            return
        comp = self.owner()
        content = tok.content
        if (
            self.item_start
            and self.list_depth == 1
            and comp is None
            and self.stack
            and ("component" in self.stack[-1][1].lower())
        ):
            # `- **Billing**: invoices, refunds`: the text after the component's name
            name = _bullet_name(content)
            if name.lower() in self.names:
                rest = content.split(":", 1)[1] if ":" in content else _SPLIT.split(content, 1)[-1]
                self.owned += [Noun(n, self.names[name.lower()], loc) for n in phrases(rest)]
        elif comp is not None:
            # bullets under a component heading; elsewhere only `Owns:` / `**Data:**` lines
            for text_line in _STRIP.sub("", content).splitlines():
                if self.list_depth >= 1 or _OWNS_LINE.match(text_line):
                    self.owned += [
                        Noun(n, comp, loc) for n in phrases(_OWNS_LINE.sub("", text_line))
                    ]
        self.item_start = False
        self.stored += [Noun(n, comp, loc, store) for store, n in _store_notes(content)]


def _distinct(owned: list[Noun], stored: list[Noun]) -> list[Noun]:
    """Owned nouns then store notes, one per (component, noun); a store note adds its store."""
    out: list[Noun] = []
    seen: dict[tuple[str | None, str], int] = {}
    comp_of = {noun_key(n.text): n.component for n in owned}
    for noun in [*owned, *stored]:
        if noun.component is None and noun_key(noun.text) in comp_of:
            noun = replace(noun, component=comp_of[noun_key(noun.text)])
        key = (noun.component, noun_key(noun.text))
        if key in seen:
            if noun.store and not out[seen[key]].store:  # the store note says where it lives
                out[seen[key]] = replace(out[seen[key]], store=noun.store, store_loc=noun.loc)
            continue
        seen[key] = len(out)
        out.append(noun)
    return out


__all__ = [
    "architecture_nouns",
    "is_plural",
    "noun_key",
    "parse_components",
    "phrases",
    "plural",
    "propose_storage",
    "singular",
    "store_kind",
]


def architecture_nouns(components: tuple[Component, ...]) -> tuple[Noun, ...]:
    """Every noun the components carry, in document order."""
    return tuple(n for c in components for n in c.nouns)


# -- phase 3: where the architecture says things are kept -----------------------------------------


def propose_storage(
    schema: Schema, components: tuple[Component, ...]
) -> tuple[Schema, tuple[Decision, ...]]:
    """The schema with storage proposed from the architecture's store notes, and the decisions.

    An entity whose storage the spec leaves undecided, and that holds a noun ARCHITECTURE.md
    keeps in a store ("Redis (sessions, rate limits)" -> Session, RateLimit: key-value in
    Redis; "object storage (uploads)" -> Upload: file; "MongoDB (…)" -> document;
    "PostgreSQL (…)" -> relational), gets that storage. Each proposal is recorded as a decision
    (an assumption, with the line it came from) that the user overrules by setting `storage:`.
    """
    proposals: dict[str, tuple[Noun, str, StorageKind]] = {}
    index = None
    for noun in architecture_nouns(components):
        known = store_kind(noun.store) if noun.store else None
        if known is not None and index is None:
            index = entity_index(schema)  # once: a scan per noun would be quadratic
        entity = holder(noun, schema, index) if known else None
        if known is None or entity is None or entity.storage is not None:
            continue
        proposals.setdefault(entity.name, (noun, known[0], known[1]))
    if not proposals:
        return schema, ()
    decisions: list[Decision] = []
    entities = []
    for e in schema.entities:
        if e.name in proposals:
            noun, engine, kind = proposals[e.name]
            where = noun.store_loc or noun.loc
            e = replace(e, storage=Storage(kind, engine, where))
            decisions.append(
                Decision(
                    f"{e.name}: {kind.value} storage in {engine}",
                    f"assumed from {where}: the architecture keeps {noun.text} in "
                    f"{noun.store}; set {e.name}.storage in the spec to overrule",
                    where,
                )
            )
        entities.append(e)
    new = [d for d in decisions if not any(x.decision == d.decision for x in schema.decisions)]
    return replace(
        schema, entities=tuple(entities), decisions=schema.decisions + tuple(new)
    ), tuple(decisions)
