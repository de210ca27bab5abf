import datetime

import pytest

from tests.factories import NeighbourhoodFactory, UserFactory
from tests.volunteers.factories import VolunteerFactory, square
from wijknet.cases import services as case_services
from wijknet.core.models import Role
from wijknet.volunteers import services
from wijknet.volunteers.models import Interest


@pytest.fixture
def north(db):
    """The resident's neighbourhood."""
    return NeighbourhoodFactory(name="Lindenhof", geometry=square(52.090, 5.120))


@pytest.fixture
def east(north):
    """About 2 km east of the resident's neighbourhood."""
    return NeighbourhoodFactory(
        name="Oosterpark", district=north.district, geometry=square(52.090, 5.149)
    )


@pytest.fixture
def resident(known_person, north):
    """Fenna Zonneveld, known to team A, with an address that must never
    reach a volunteer."""
    known_person.neighbourhood = north
    known_person.street = "Kastanjelaan"
    known_person.house_number = 17
    known_person.postcode = "3512AB"
    known_person.save()
    return known_person


@pytest.fixture
def case(professional, team_a, resident, context):
    household = resident.membership.household
    return case_services.open_case(
        professional,
        household=household,
        team=team_a,
        start_reason="walk_in",
        reported_on=datetime.date.today(),
        context=context,
    )


@pytest.fixture
def volunteer_user(db):
    return UserFactory(username="vrijwilliger", role=Role.VOLUNTEER, first_name="Femke")


@pytest.fixture
def volunteer(volunteer_user, north, team_a):
    """A buddy in the resident's own neighbourhood, with a login."""
    return VolunteerFactory(
        first_name="Femke",
        last_name="Rozendaal",
        user=volunteer_user,
        neighbourhood=north,
        latitude=52.090,
        longitude=5.120,
        team=team_a,
        interests=["wandelen", "koken"],
        languages=["nl", "ar"],
        availability=["TU-AM"],
    )


def interests(*codes):
    return list(Interest.objects.filter(code__in=codes))


@pytest.fixture
def buddy_request(professional, team_a, resident, case, context):
    return services.create_request(
        professional,
        person=resident,
        profile="buddy",
        needs="Samen wandelen en koffie drinken; mevrouw komt weinig buiten.",
        team=team_a,
        case=case,
        interests=interests("wandelen", "koken", "muziek"),
        languages=["ar"],
        availability=["TU-AM", "WE-PM"],
        context=context,
    )


@pytest.fixture
def proposed(professional, buddy_request, volunteer, context):
    return services.propose(
        professional, request=buddy_request, volunteer=volunteer, context=context
    )


@pytest.fixture
def active(proposed, professional, volunteer_user, context):
    services.accept(volunteer_user, match=proposed, side="volunteer", context=context)
    return services.accept(professional, match=proposed, side="resident", context=context)


@pytest.fixture
def home_request(professional, team_a, resident, case, context):
    return services.create_request(
        professional,
        person=resident,
        profile="home_visitor",
        needs="Kijken wat mevrouw zelf weer kan oppakken.",
        team=team_a,
        case=case,
        consent_given=True,
        context=context,
    )


@pytest.fixture
def home_volunteer(north, team_a):
    user = UserFactory(username="huisbezoeker", role=Role.VOLUNTEER, first_name="Hanneke")
    return VolunteerFactory(
        first_name="Hanneke",
        last_name="Bos",
        user=user,
        neighbourhood=north,
        team=team_a,
        profiles="home_visitor buddy",
    )


@pytest.fixture
def home_match(professional, home_request, home_volunteer, context):
    match = services.propose(
        professional, request=home_request, volunteer=home_volunteer, context=context
    )
    services.accept(home_volunteer.user, match=match, side="volunteer", context=context)
    return services.accept(professional, match=match, side="resident", context=context)


@pytest.fixture
def visit(professional, home_match, context):
    today = datetime.date.today()
    return services.start_home_visit(
        professional,
        match=home_match,
        period_start=today,
        period_end=today + datetime.timedelta(days=90),
        context=context,
    )
