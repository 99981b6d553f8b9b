"""Data as the engine reads it: the data package of tables (datapackage),
diagrams (diagrams), and what the source prints (printed). Every reader
validates before it returns, and records what it read (reprobook.execution.record)."""
