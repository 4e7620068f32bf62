import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the reference data (territories, ROME), as every real one does."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _database_for_every_test(db):
    """Every test may use the database (CONVENTIONS)."""


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache (local memory in tests) must not carry state from one test to the next."""
    from django.core.cache import cache

    from structures.catalog import catalog_invalidate

    cache.clear()
    catalog_invalidate()
    yield
    cache.clear()
    catalog_invalidate()
