import pytest
from django.core.cache import cache

from tests.factories import NeighbourhoodFactory, UserFactory
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose, Postcode, Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The public form counts submissions per address in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def intake(db):
    return UserFactory(username="meldpunt", role=Role.INTAKE)


@pytest.fixture
def team_lead(team_a):
    return UserFactory(username="leider-a", role=Role.TEAM_LEAD, team=team_a)


@pytest.fixture
def context():
    return AuditContext(purpose=AuditPurpose.SIGNAL_HANDLING, route="tests")


@pytest.fixture
def north(team_a):
    """A neighbourhood served by team A, with one postcode in it."""
    neighbourhood = NeighbourhoodFactory(name="Buurt Noord")
    Postcode.objects.create(postcode="1234AB", neighbourhood=neighbourhood)
    team_a.neighbourhoods.add(neighbourhood)
    return neighbourhood
