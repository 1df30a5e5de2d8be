"""Editors' decisions, kept apart from mined data so that mining again never overwrites them."""

from __future__ import annotations

import json
from typing import Collection, Iterable, Iterator, NamedTuple

from glossary.clusters import fold
from glossary.records import TermEntry, as_dict
from glossary.tables import GlossaryTables
from tm.store import Store

# A term's review status, as the workbook's drop-down list offers it.
STATUSES = ("proposed", "approved", "needs review", "rejected")
# A rendering's status, as TBX's administrativeStatus names it (without the -admn-sts suffix).
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm", "admittedTerm", "deprecatedTerm"


def status_word(status: str) -> str:
    """preferredTerm → preferred: a rendering's TBX status as people and the flat formats spell it."""
    return status.removesuffix("Term")


class Decision(NamedTuple):
    """What an editor decided about a term; empty fields leave the mined proposal in place."""

    term: str
    preferred: str = ""
    status: str = "proposed"
    note: str = ""
    rejected: tuple[str, ...] = ()  # renderings marked rejected (deprecated in TBX)
    added: tuple[str, ...] = ()  # renderings typed in by hand
    extra: tuple[tuple[str, str], ...] = ()  # the workbook's columns gloss does not know, kept verbatim
    updated: str = ""  # ISO 8601 UTC time of the import that made the decision
    source: str = ""  # the file it was imported from


class GlossaryTerm(NamedTuple):
    """A term as exports show it: the mined entry with the editor's decision applied."""

    term: str
    entry: TermEntry | None  # None for a term only the editor knows
    decision: Decision | None
    preferred: str
    status: str
    renderings: tuple[tuple[str, str], ...] = ()  # (text, PREFERRED/ADMITTED/DEPRECATED)
    note: str = ""

    @property
    def category(self) -> str:
        """Its kind (glossary.kinds); a term only an editor knows counts as a policy term."""
        return self.entry.category if self.entry else "policy"

    @property
    def score(self) -> float:
        return self.entry.score if self.entry else 0.0

    @property
    def english(self) -> tuple[str, ...]:
        """The renderings to use, preferred first: everything not rejected."""
        return tuple(text for text, status in self.renderings if status != DEPRECATED)


def apply(entry: TermEntry | None, decision: Decision | None, term: str = "") -> GlossaryTerm:
    """Overlay a decision on a mined entry (either may be missing)."""
    term = entry.term if entry else decision.term if decision else term
    mined = [c.text for c in entry.renderings] if entry else []
    texts = list(dict.fromkeys(mined + list(decision.added if decision else ())))
    preferred = (decision.preferred if decision and decision.preferred else entry.preferred if entry else "")
    rejected = {fold(r) for r in (decision.rejected if decision else ())}
    if preferred and fold(preferred) not in {fold(t) for t in texts}:
        texts.insert(0, preferred)
    seen: set[str] = set()
    renderings = []
    for text in texts:
        key = fold(text)
        if key in seen:  # aligned and inferred clusters of one rendering show once
            continue
        seen.add(key)
        status = DEPRECATED if key in rejected else PREFERRED if preferred and key == fold(preferred) else ADMITTED
        renderings.append((text, status))
    renderings.sort(key=lambda r: (r[1] != PREFERRED, r[1] == DEPRECATED))
    return GlossaryTerm(term, entry, decision, preferred, decision.status if decision else "proposed",
                        tuple(renderings), decision.note if decision else "")


def to_json(decision: Decision) -> str:
    return json.dumps(as_dict(decision), ensure_ascii=False)


def from_json(text: str) -> Decision:
    d = json.loads(text)
    return Decision(**{**d, "rejected": tuple(d["rejected"]), "added": tuple(d["added"]),
                       "extra": tuple(map(tuple, d["extra"]))})


def load(store: Store) -> dict[str, Decision]:
    return {term: from_json(data) for term, data in GlossaryTables(store).decisions()}


def glossary(store: Store, entries: Iterable[TermEntry]) -> Iterator[GlossaryTerm]:
    """Every mined term with its decision, then the decided terms the miner no longer finds."""
    decided = load(store)
    for entry in entries:
        yield apply(entry, decided.pop(entry.term, None))
    for decision in decided.values():
        yield apply(None, decision)


def parse_statuses(option: str) -> tuple[str, ...] | None:
    """The statuses a `--status` option names (comma-separated; "all": None); by default every
    status but rejected: a rejected term is out of the ranking unless asked for."""
    from tm.errors import GlossError

    names = [k.strip().lower() for k in option.split(",") if k.strip()]
    if names == ["all"]:
        return None
    unknown = [k for k in names if k not in STATUSES]
    if unknown:
        raise GlossError(f"unknown status {unknown[0]!r}; statuses are {', '.join(STATUSES)} or all")
    return tuple(names) or tuple(s for s in STATUSES if s != "rejected")


def of_term(store: Store, term: str) -> GlossaryTerm | None:
    """One term as every reader shows it (mined data with the decision applied), or None."""
    from glossary.termbase import entry_from_json

    tables = GlossaryTables(store)
    entry, decision = tables.term_entry(term), tables.decision(term)
    if entry is None and decision is None:
        return None
    return apply(entry_from_json(entry) if entry else None, from_json(decision) if decision else None, term)


class TermFinder:
    """The glossary's terms in a text, in the order they occur (a term inside a longer one found
    there is not named again), as a TM search shows them beside each hit. Rejected terms and
    terms with no English are not named."""

    def __init__(self, store: Store) -> None:
        from glossary.matching import TermMatcher

        self.store = store
        self.matcher = TermMatcher(GlossaryTables(store).term_names())
        self.views: dict[str, GlossaryTerm | None] = {}  # the hits of one search share their terms

    def __call__(self, text: str) -> list[GlossaryTerm]:
        views = (self._view(t) for t in self.matcher.find(text))
        return [v for v in views if v and v.status != "rejected" and v.english]

    def _view(self, term: str) -> GlossaryTerm | None:
        if term not in self.views:
            self.views[term] = of_term(self.store, term)
        return self.views[term]


def ranked(store: Store, kinds: Collection[str] | None = None, statuses: Collection[str] | None = None,
           limit: int | None = None, require: bool = False) -> list[GlossaryTerm]:
    """The glossary in ranking order (most inconsistent first, terms only an editor knows last),
    only the `kinds` and `statuses` given (None: every one); with `require`, a store with no
    terms at all is an error."""
    from glossary.termbase import entries
    from tm.errors import GlossError

    tables = GlossaryTables(store)
    if require and not tables.ranked_terms(1) and not tables.decisions():
        raise GlossError("no mined terms; run `gloss mine` (or `gloss build`) first")
    found = [t for t in glossary(store, entries(store))
             if (kinds is None or t.category in kinds) and (statuses is None or t.status in statuses)]
    return found[:limit] if limit else found


def for_export(terms: Iterable[GlossaryTerm], *, include_rejected: bool = False,
               approved_only: bool = False) -> list[GlossaryTerm]:
    """The terms a glossary file holds: rejected terms and rejected renderings out (unless
    `include_rejected`), only approved terms if `approved_only`, and none without English to
    give (those stay in the review workbook)."""
    out = []
    for t in terms:
        if (t.status == "rejected" and not include_rejected) or (approved_only and t.status != "approved"):
            continue
        if not include_rejected:
            t = t._replace(renderings=tuple(r for r in t.renderings if r[1] != DEPRECATED))
        if t.english:
            out.append(t)
    return out


def save(store: Store, decisions: Iterable[Decision]) -> None:
    """Store decisions (replacing earlier ones for the same terms) in one transaction."""
    with store.transaction():
        GlossaryTables(store).put_decisions((d.term, to_json(d), d.updated) for d in decisions)
