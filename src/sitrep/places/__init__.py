"""Places: every place name in an article resolved to a gazetteer entry, and every event located."""
