"""Glossary terms in Chinese text, found the way CAT tools find them: by substring, longest first."""

from __future__ import annotations

from typing import Iterable


class TermMatcher:
    """Finds every term of a glossary in a text in one pass over its characters (each position
    tries only as many characters as some term still begins with), not one search per term."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(t for t in terms if t)
        self.beginnings = frozenset(t[:k] for t in self.terms for k in range(1, len(t)))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the terms in `text`, in text order; a term inside a longer one found
        there is not given again (网络强国 holds 强国), one that only overlaps it is."""
        terms, beginnings = self.terms, self.beginnings
        found: list[tuple[int, int]] = []
        reach = 0  # the end of the furthest term found so far
        n = len(text)
        for i, first in enumerate(text):
            if first not in beginnings and first not in terms:
                continue
            longest, end = 0, i + 1
            while end <= n:
                piece = text[i:end]
                if piece in terms:
                    longest = end
                elif piece not in beginnings:
                    break
                end += 1
            if longest > reach:  # ends beyond every earlier term: not inside one of them
                found.append((i, longest))
                reach = longest
        return found

    def find(self, text: str) -> list[str]:
        """The terms in `text` (see `spans`), each once, in the order they first occur."""
        return list(dict.fromkeys(text[i:j] for i, j in self.spans(text)))
