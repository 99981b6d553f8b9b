"""Reconciliation: what the original prints against what the data recompute.
``judge`` classifies one printed value; ``registry`` recomputes every entry of
the registry of printed values with the quantities the content package supplies,
checks printed totals against their printed parts, and guards against
recomputations that change unnoticed; ``in_text`` matches the original's
in-text citations with its reference list."""
