"""Plain records of the term side: observed renderings, their clusters, and a term's entry."""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

# The records are named tuples, not frozen dataclasses: mining builds a Source per pair and an
# Observation per occurrence, millions in a large corpus (a frozen dataclass's __init__ sets each
# field through object.__setattr__, several times slower), and a look-up imports this module
# (a frozen dataclass's six methods are compiled at import: 4.6M instructions each class, a
# named tuple 0.9M).


# Documents (or publishers) a line shows before it gives only how many there are: a frequent
# term of a large corpus is in tens of thousands, more than a spreadsheet cell holds (32,767
# characters) and more than a reader reads; JSON output and the store keep every one.
LISTED = 20


def listed(names: Iterable[str], separator: str = ", ", limit: int = LISTED) -> str:
    """The names in a line, the first `limit` of them and then how many in all."""
    names = list(names)
    shown = separator.join(names[:limit])
    return f"{shown}{separator}… ({len(names):,} in all)" if len(names) > limit else shown


class Source(NamedTuple):
    """Where a sentence (pair) comes from."""

    document: str
    publisher: str
    date: str


class Observation(NamedTuple):
    """One occurrence of a term rendered by an English phrase, with its sentence(s)."""

    term: str
    rendering: str  # surface form as written
    evidence: str  # aligned | inferred
    score: float  # 0..1
    source: Source
    zh: str  # the Chinese sentence ("" for inferred evidence: there is none)
    en: str


class Example(NamedTuple):
    zh: str
    en: str
    document: str
    publisher: str
    date: str


class RenderingCluster(NamedTuple):
    """Surface variants of one rendering (case, hyphens, plurals, articles folded), one evidence kind."""

    text: str  # the most frequent surface form
    key: str  # the folded form that groups the variants
    evidence: str  # aligned | inferred
    count: int
    forms: tuple[tuple[str, int], ...]  # every surface form with its count, most frequent first
    confidence: float  # mean score of the observations
    documents: tuple[str, ...]
    publishers: tuple[str, ...]
    first_date: str
    last_date: str
    examples: tuple[Example, ...]
    per_publisher: tuple[tuple[str, int], ...] = ()
    # Renderings that stand for this one: (text, count, "partial" | "abbreviation"), a partial
    # mention ("Lau" where "Andy Lau" was written) or an abbreviation ("MIIT"); not variants.
    short_forms: tuple[tuple[str, int, str], ...] = ()


class TermEntry(NamedTuple):
    """A mined term with every rendering observed for it and how inconsistent they are."""

    term: str
    pinyin: str
    kind: str  # how it was found: compound | aligned | quoted | formula | user
    frequency: int  # occurrences in the Chinese text
    termhood: float
    renderings: tuple[RenderingCluster, ...]  # most used first, aligned before inferred on ties
    score: float  # inconsistency: 0 when one rendering is used throughout
    preferred: str  # proposed preferred rendering ("" when nothing aligned or inferred)
    preferred_reason: str
    collisions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (rendering, other terms using it)
    category: str = "policy"  # what it is: policy | organisation | person | place | name (glossary.kinds)


def as_dict(record: Any) -> Any:
    """A record, and the records inside it, as JSON holds them: dicts by field name, lists."""
    if hasattr(record, "_fields"):
        return {name: as_dict(value) for name, value in zip(record._fields, record)}
    if isinstance(record, (tuple, list)):
        return [as_dict(v) for v in record]
    return record
