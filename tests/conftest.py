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

    from labelling.selectors import labels_invalidate
    from structures.catalog import catalog_invalidate

    cache.clear()
    catalog_invalidate()
    labels_invalidate()
    yield
    cache.clear()
    catalog_invalidate()
    labels_invalidate()


@pytest.fixture
def professional():
    """A conseiller of a member that has one place."""
    from tests.factories import ProfessionalFactory, SiteFactory

    person = ProfessionalFactory()
    SiteFactory(member=person.member)
    return person


@pytest.fixture
def pro_client(client, professional):
    """The test client, logged in as `professional`."""
    client.force_login(professional.user)
    return client


@pytest.fixture
def staff_user():
    """A Region officer in the administration group."""
    from django.contrib.auth.models import Group

    from structures.services import STAFF_GROUPS
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=next(iter(STAFF_GROUPS))))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
