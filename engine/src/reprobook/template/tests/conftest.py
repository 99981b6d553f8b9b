"""The engine's pytest plugin gives the tests their project (the fixture
`project`) and marks each test by its cost."""
pytest_plugins = ["reprobook.testing"]
