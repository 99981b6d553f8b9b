from reprobook.testing import mark_by_cost


def pytest_collection_modifyitems(config, items):
    mark_by_cost(items)
