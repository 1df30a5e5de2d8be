"""The mined term base in the store: saving entries, and looking them up by Chinese, English or pinyin."""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING, Collection, NamedTuple

from glossary.clusters import fold
from glossary.records import Example, RenderingCluster, TermEntry, as_dict
from glossary.tables import GlossaryTables
from tm.errors import NotFound
from tm.lexicon import cut, has_han
from tm.store import Store

if TYPE_CHECKING:
    from glossary.decisions import GlossaryTerm


def pinyin_of(term: str) -> str:
    """Pinyin with tone marks, syllables of a word run together: 网络强国 → wǎngluò qiángguó."""
    from pypinyin import pinyin

    words = cut(term, hmm=True)
    return " ".join("".join(s[0] for s in pinyin(w)) for w in words)


def pinyin_key(text: str) -> str:
    """Toneless letters only, so that "wangluo qiangguo", "Wǎngluò Qiángguó" and "wangluoqiangguo" meet."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if "a" <= ch <= "z")


def entry_to_json(entry: TermEntry) -> str:
    return json.dumps(as_dict(entry), ensure_ascii=False)


def entry_from_json(text: str) -> TermEntry:
    d = json.loads(text)
    clusters = tuple(
        RenderingCluster(**{**c, "forms": tuple(map(tuple, c["forms"])),
                            "documents": tuple(c["documents"]), "publishers": tuple(c["publishers"]),
                            "examples": tuple(Example(**x) for x in c["examples"]),
                            "per_publisher": tuple(map(tuple, c["per_publisher"]))})
        for c in d["renderings"])
    collisions = tuple((r, tuple(others)) for r, others in d["collisions"])
    return TermEntry(**{**d, "renderings": clusters, "collisions": collisions})


def entries(store: Store, limit: int | None = None, kinds: Collection[str] | None = None) -> list[TermEntry]:
    """Mined terms, most inconsistent first; only those of `kinds` (glossary.kinds) if given."""
    if kinds is None:
        return [entry_from_json(e) for e in GlossaryTables(store).ranked_terms(limit)]
    found = (e for e in map(entry_from_json, GlossaryTables(store).ranked_terms()) if e.category in kinds)
    return list(found)[:limit] if limit else list(found)


def save(store: Store, entries: list[TermEntry]) -> int:
    """Replace the mined terms in the store (one transaction)."""
    rows = (
        (e.term, pinyin_key(e.pinyin), e.score, e.frequency, entry_to_json(e),
         [(c.key, c.count) for c in e.renderings])
        for e in entries)
    with store.transaction():
        return GlossaryTables(store).replace_terms(rows)


class LookupResult(NamedTuple):
    view: GlossaryTerm  # the term as mined, with the editors' decision applied
    matched_by: str  # term | rendering | pinyin
    other_terms: tuple[str, ...] = ()  # further terms with the same rendering or pinyin


def lookup(store: Store, query: str) -> LookupResult:
    """A term by its Chinese, by one of its English renderings (reverse), or by its pinyin; terms
    only an editor knows (added by an import) are found as well as mined ones."""
    from glossary import decisions
    from tm.lang import normalize

    q = query.strip()
    if has_han(q):
        view = decisions.of_term(store, normalize(q, "zh"))
        if view:
            return LookupResult(view, "term")
    elif pinyin_key(q):
        # The editors' renderings and the terms only they know are not in the mined index.
        tables = GlossaryTables(store)
        decided = [decisions.from_json(data) for _, data in tables.decisions()]
        typed = [d.term for d in decided if fold(q) in {fold(r) for r in (d.preferred, *d.added) if r}]
        unmined = [d.term for d in decided if tables.term_entry(d.term) is None
                   and _toneless(d.term) == pinyin_key(q)]
        for matched_by, mined, editors in (("rendering", tables.terms_by_rendering(fold(q)), typed),
                                           ("pinyin", tables.terms_by_pinyin(pinyin_key(q)), unmined)):
            terms = list(dict.fromkeys([entry_from_json(h).term for h in mined] + editors))
            if terms:
                return LookupResult(decisions.of_term(store, terms[0]), matched_by, tuple(terms[1:]))
    raise NotFound(f"no term {query!r} in the term base{_suggest(store, q)}")


def _toneless(term: str) -> str:
    """The pinyin key of a term, by pypinyin's own phrase dictionary (no jieba: look-ups start fast)."""
    from pypinyin import lazy_pinyin

    return pinyin_key("".join(lazy_pinyin(term)))


def _suggest(store: Store, query: str) -> str:
    from rapidfuzz import process

    terms, pinyins, renderings = GlossaryTables(store).lookup_keys()
    if has_han(query):
        choices, key = terms, query
    else:
        choices, key = renderings + pinyins, query.lower()
    near = [m[0] for m in process.extract(key, choices, limit=5, score_cutoff=60)]
    if not has_han(query):  # pinyin keys mean nothing to a reader: show their terms instead
        by_key = dict(zip(pinyins, terms))
        near = [by_key.get(n, n) for n in near]
    near = list(dict.fromkeys(near))[:5]
    return f"; did you mean: {', '.join(near)}?" if near else ""
