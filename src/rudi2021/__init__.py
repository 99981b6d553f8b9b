"""What is particular to Rudi (2021): the facts its registry of printed numbers
names and how each is recomputed (quantities), and the conventions of its
service diagrams (procedures). Everything else is the reprobook engine."""
