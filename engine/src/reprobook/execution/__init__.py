"""Running notebooks: what each one read is recorded while it runs (record),
staleness is decided from that record (cache), and the stale ones are run
(runner)."""
