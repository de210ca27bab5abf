"""The public search finds a page in steps (the first names only, entries
near the postcode only) before it ranks every match; whichever step answers,
every page must be the one that ranking every match gives. Checked against
the ordering worked out here in Python, with the steps' bounds set small and
large so that each way through is taken."""

import math

import pytest

from tests.factories import NeighbourhoodFactory, OrganisationFactory
from wijknet.core.models import Neighbourhood, Postcode
from wijknet.kaart import selectors, services
from wijknet.kaart.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TargetGroup,
)

pytestmark = pytest.mark.django_db

HERE = {
    "type": "Polygon",
    "coordinates": [[[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]],
}
CENTRE = (52.005, 5.005)  # of HERE
# (latitude, longitude) offsets from the centre, in degrees; 1 km is about
# 0.009 degrees of latitude.
SPOTS = [(0.001, 0.0), (0.004, 0.003), (-0.007, 0.002), (0.0, 0.012), (0.02, -0.01), (-0.05, 0.04)]


def distance(lat: float, lon: float) -> float:
    scale = math.cos(math.radians(CENTRE[0])) ** 2
    return (lat - CENTRE[0]) ** 2 + (lon - CENTRE[1]) ** 2 * scale


@pytest.fixture
def town():
    """Thirty entries, named so that the matches for 'koffie' sit late in
    the alphabet: some serving the neighbourhood, some placed in it, others
    placed near or far or nowhere, two at one place (equally far) and one
    at two places."""
    here, far = NeighbourhoodFactory(geometry=HERE), NeighbourhoodFactory()
    Postcode.objects.create(postcode="9101AB", neighbourhood=here)
    org = OrganisationFactory()
    places = [
        Location.objects.create(
            name=f"Plek {i}",
            latitude=CENTRE[0] + dlat,
            longitude=CENTRE[1] + dlon,
            neighbourhood=here if i == 2 else far,
        )
        for i, (dlat, dlon) in enumerate(SPOTS)
    ]
    expected = {}  # service id -> (serves here, distance or None, name)
    for i in range(30):
        koffie = i % 3 != 0
        name = f"{'Z' if koffie and i % 2 else 'A'}{chr(ord('a') + i % 7)} activiteit {i:02d}"
        serving = i % 5 == 0
        service = services.save_service(
            None,
            organisation=org,
            name=name,
            description="Samen koffie drinken." if koffie else "Samen wandelen.",
            whole_municipality=not serving,
            neighbourhoods=[here] if serving else [],
        )
        at = [places[i % len(places)]] if i % 4 else []
        if i in (7, 13):
            at = [places[0]]  # two entries at the same place
        if i == 11:
            at = [places[5], places[1]]  # the nearer of two places counts
        for place in at:
            ServiceAtLocation.objects.create(service=service, location=place)
        placed_here = any(place.neighbourhood_id == here.pk for place in at)
        nearest = min((distance(p.latitude, p.longitude) for p in at), default=None)
        expected[service.pk] = (serving or placed_here, nearest, name, koffie)
    return expected


def near_order(expected, query):
    rows = [(pk, *row) for pk, row in expected.items() if row[3] or not query]
    rows.sort(key=lambda r: (not r[1], 99.0 if r[2] is None else r[2], r[3], r[0]))
    return [r[0] for r in rows]


def name_order(expected, query):
    rows = [(pk, *row) for pk, row in expected.items() if row[3] or not query]
    rows.sort(key=lambda r: (r[3], r[0]))
    return [r[0] for r in rows]


def pages(query, *, near_postcode="", size):
    found, page = [], 1
    while True:
        result = selectors.search_services(query, near_postcode=near_postcode, page=page, size=size)
        found += [service.pk for service in result.rows]
        assert len(result.rows) == size or not result.has_next
        if not result.has_next:
            return found
        page += 1


@pytest.mark.parametrize("km", [0.3, 1.0, 20.0])
@pytest.mark.parametrize("query", ["koffie", ""])
@pytest.mark.parametrize("size", [2, 9])
def test_near_a_postcode_every_page_is_the_full_ranking(town, monkeypatch, km, query, size):
    monkeypatch.setattr(selectors, "NEARBY_KM", km)
    assert pages(query, near_postcode="9101AB", size=size) == near_order(town, query)


@pytest.mark.parametrize("bound", [4, 8, 1000])
@pytest.mark.parametrize("query", ["koffie", ""])
@pytest.mark.parametrize("size", [2, 9])
def test_by_name_every_page_is_the_full_ranking(town, monkeypatch, bound, query, size):
    monkeypatch.setattr(selectors, "NAME_BOUND", bound)
    assert pages(query, size=size) == name_order(town, query)


def test_result_cards_show_what_the_full_entry_shows(town):
    service = Service.objects.get(pk=next(pk for pk, row in town.items() if row[1] is not None))
    services.save_service(
        None,
        service=service,
        open_to_everyone=False,
        target_groups=list(TargetGroup.objects.filter(code__in=["ouderen", "mantelzorgers"])),
    )
    Schedule.objects.create(service=service, byday="WE", opens_at="17:00", closes_at="19:00")
    Schedule.objects.create(service=service, byday="MO", description="op afspraak")
    second = Location.objects.create(name="Tweede plek", street="Laan 2")
    ServiceAtLocation.objects.create(service=service, location=second)

    card = selectors.search_services("", size=40, cards=True).rows
    full = selectors.search_services("", size=40).rows
    assert [row.pk for row in card] == [row.pk for row in full]
    for mine, theirs in zip(card, full, strict=True):
        assert mine.card_target_groups == [str(group) for group in theirs.target_groups.all()]
        assert mine.card_schedules == sorted(theirs.schedules.all(), key=lambda s: s.pk)
        first = min(theirs.at_locations.all(), key=lambda link: link.pk, default=None)
        if first is None:
            assert mine.card_place is None
        else:
            place = first.location
            neighbourhood = place.neighbourhood.name if place.neighbourhood else ""
            assert mine.card_place == selectors.Place(place.name, place.street, neighbourhood)


@pytest.mark.parametrize("size", [2, 9])
def test_near_a_neighbourhood_without_a_shape_its_entries_come_first_then_by_name(town, size):
    Neighbourhood.objects.filter(postcodes__postcode="9101AB").update(geometry=None)
    expected = sorted(town, key=lambda pk: (not town[pk][0], town[pk][2], pk))
    assert pages("", near_postcode="9101AB", size=size) == expected
