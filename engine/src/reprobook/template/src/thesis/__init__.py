"""What is particular to this thesis: the quantities its registry of printed numbers names."""
