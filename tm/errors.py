"""The one exception type users see: a message tied to a file and, where known, a position."""

from __future__ import annotations


class GlossError(Exception):
    """A user-facing error; the CLI prints it as one line and exits non-zero."""

    def __init__(self, message: str, path: object = None, where: str | int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        # `where` is a line number or a phrase such as "row 4" or "tu 12".
        self.where = f"line {where}" if isinstance(where, int) else where

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.path, self.where) if p)
        return _one_line(f"{place}: {self.message}" if place else self.message)


class NotFound(GlossError):
    """Nothing in the store matches what was asked (a look-up): exit status 1, as a search that
    finds nothing, not the 2 of an error in what the user gave."""


def _one_line(text: str) -> str:
    """A message as one line of plain text: a library's line breaks become spaces, and control
    characters (from a file's bytes, a hostile name) are shown escaped rather than sent to the terminal."""
    text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    import unicodedata

    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch)[0] == "C" else ch
                   for ch in text)
