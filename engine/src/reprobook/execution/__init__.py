"""Running notebooks: what each one read is recorded while it runs (record),
staleness is decided from that record (ledger), and the stale ones are run
(runner)."""
