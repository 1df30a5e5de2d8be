"""The term side of gloss: term mining, renderings, ranking, term base, glossary formats."""
