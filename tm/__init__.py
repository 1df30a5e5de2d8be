"""The corpus side of gloss: readers, segmentation, alignment, store, TMX, search."""
