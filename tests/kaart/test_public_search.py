"""The public social map: Dutch stemming, filters, near a postcode, and the
same answers on SQLite and PostgreSQL."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, OrganisationFactory
from wijknet.core.models import Postcode
from wijknet.kaart import selectors, services
from wijknet.kaart.models import LifeDomain, Location, Schedule, ServiceAtLocation, TargetGroup

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]],
}


@pytest.fixture
def town():
    org, other = OrganisationFactory(name="Stichting Samen"), OrganisationFactory(name="De Horst")
    here = NeighbourhoodFactory(name="Veenhof", geometry=SQUARE)
    far = NeighbourhoodFactory(name="Zandpoort")
    Postcode.objects.create(postcode="9101AB", neighbourhood=here)
    meals = services.save_service(
        None,
        organisation=org,
        name="Tafeltje-dek-je",
        description="Warme maaltijden aan huis voor wie niet meer zelf kookt.",
        is_free=False,
        fees_description="€ 7,50 per maaltijd",
        life_domains=[LifeDomain.objects.get(code="zelfzorg")],
        open_to_everyone=False,
        target_groups=[TargetGroup.objects.get(code="ouderen")],
    )
    coffee = services.save_service(
        None,
        organisation=other,
        name="Koffieochtend De Linde",
        description="Samen koffie drinken tegen eenzaamheid.",
        life_domains=[LifeDomain.objects.get(code="sociale-contacten")],
        whole_municipality=False,
        neighbourhoods=[here],
    )
    debt = services.save_service(
        None,
        organisation=org,
        name="Thuisadministratie",
        description="Vrijwilligers helpen met post, rekeningen en schuldhulp.",
        ladder_level="general",
        whole_municipality=False,
        neighbourhoods=[far],
    )
    linde = Location.objects.create(
        name="Buurthuis De Linde",
        street="Lindelaan 3",
        latitude=52.005,
        longitude=5.005,
        neighbourhood=here,
    )
    ServiceAtLocation.objects.create(service=coffee, location=linde)
    Schedule.objects.create(service=coffee, byday="TU", opens_at="10:00", closes_at="12:00")
    return {"meals": meals, "coffee": coffee, "debt": debt, "here": here}


def names(page):
    return [service.name for service in page.rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("eenzaam", ["Koffieochtend De Linde"]),
        ("eenzaamheid", ["Koffieochtend De Linde"]),
        ("maaltijd", ["Tafeltje-dek-je"]),
        ("maaltijden", ["Tafeltje-dek-je"]),
        ("schulden", ["Thuisadministratie"]),
        ("hulp bij eenzaamheid", ["Koffieochtend De Linde"]),
        ("ouderen", ["Tafeltje-dek-je"]),  # the target group's label is searchable
        ("xyzzy", []),
    ],
)
def test_dutch_words_find_their_other_forms(town, query, expected):
    assert names(selectors.search_services(query)) == expected


def test_filters_narrow_the_results(town):
    search = selectors.search_services
    assert names(search("", filters=selectors.SearchFilters(cost="free"))) == [
        "Koffieochtend De Linde",
        "Thuisadministratie",
    ]
    assert names(search("", filters=selectors.SearchFilters(cost="contribution"))) == [
        "Tafeltje-dek-je"
    ]
    assert names(search("", filters=selectors.SearchFilters(life_domain="zelfzorg"))) == [
        "Tafeltje-dek-je"
    ]
    assert names(search("", filters=selectors.SearchFilters(day="TU"))) == [
        "Koffieochtend De Linde"
    ]
    assert names(search("", filters=selectors.SearchFilters(neighbourhood=town["here"].pk))) == [
        "Koffieochtend De Linde",
        "Tafeltje-dek-je",
    ]


def test_open_now_follows_the_schedule(town):
    tuesday_11 = datetime.datetime(2026, 11, 24, 11, 0, tzinfo=datetime.UTC)
    tuesday_14 = datetime.datetime(2026, 11, 24, 14, 0, tzinfo=datetime.UTC)
    open_now = selectors.SearchFilters(open_now=True)
    # 11:00 UTC is 12:00 in Amsterdam: closed; 09:30 UTC is 10:30: open.
    assert names(selectors.search_services("", filters=open_now, now=tuesday_11)) == []
    assert names(
        selectors.search_services(
            "", filters=open_now, now=tuesday_11 - datetime.timedelta(minutes=90)
        )
    ) == ["Koffieochtend De Linde"]
    assert names(selectors.search_services("", filters=open_now, now=tuesday_14)) == []


def test_near_a_postcode_puts_the_neighbourhoods_offer_first(town):
    page = selectors.search_services("", near_postcode="9101 ab")
    assert page.near == town["here"]
    assert names(page)[0] == "Koffieochtend De Linde"


def test_the_public_page_needs_no_login_and_shows_what_to_do(client, town):
    response = client.get(reverse("kaart:search"), {"q": "maaltijden"})
    assert response.status_code == 200
    text = response.text
    assert "Tafeltje-dek-je" in text and "€ 7,50 per maaltijd" in text
    detail = client.get(reverse("kaart:detail", args=[town["coffee"].pk]))
    assert "elke dinsdag, 10:00-12:00" in detail.text
    assert "Buurthuis De Linde" in detail.text


def test_the_public_page_filters_by_neighbourhood(client, town):
    """A buurt picked from the list: its own offer and what serves the whole
    municipality, not what serves only another buurt."""
    page = client.get(reverse("kaart:search"))
    here = town["here"]
    assert f'<option value="{here.cbs_code}">Veenhof</option>' in page.text
    response = client.get(reverse("kaart:search"), {"neighbourhood": here.cbs_code})
    assert response.status_code == 200
    assert "Koffieochtend De Linde" in response.text
    assert "Tafeltje-dek-je" in response.text  # whole municipality
    assert "Thuisadministratie" not in response.text  # only Zandpoort
    unknown = client.get(reverse("kaart:search"), {"neighbourhood": "BU00000000"})
    assert "Thuisadministratie" not in unknown.text
    assert "Selecteer een geldige keuze" in unknown.text


def test_htmx_requests_get_only_the_result_list(client, town):
    response = client.get(reverse("kaart:search"), {"q": "eenzaam"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert "Koffieochtend De Linde" in response.text


def test_kiosk_page_resets_after_idle(client, town, settings):
    settings.WIJKNET_KIOSK_IDLE_SECONDS = 90
    response = client.get(reverse("kaart:kiosk"))
    assert 'class="kiosk"' in response.text
    assert 'data-idle-seconds="90"' in response.text
    assert "kiosk.js" in response.text


def test_an_inactive_entry_is_not_public(client, town):
    services.save_service(None, service=town["meals"], status="inactive")
    assert names(selectors.search_services("maaltijd")) == []
    assert client.get(reverse("kaart:detail", args=[town["meals"].pk])).status_code == 404


def test_search_page_query_count_does_not_grow_with_results(client, town):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = OrganisationFactory()
    place = Location.objects.create(name="Wijkcentrum", neighbourhood=town["here"])
    for i in range(25):
        entry = services.save_service(
            None,
            organisation=org,
            name=f"Maaltijdpunt {i}",
            description="Samen eten, maaltijden voor weinig geld.",
        )
        ServiceAtLocation.objects.create(service=entry, location=place)
        Schedule.objects.create(service=entry, byday="WE", opens_at="17:00", closes_at="19:00")

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("kaart:search"), {"q": "koffie"})
    with CaptureQueriesContext(connection) as full_page:
        client.get(reverse("kaart:search"), {"q": "maaltijd"})
    # The form's lists, the name bound, the page itself, and two for the
    # cards' times, and target groups and places; the same on PostgreSQL.
    assert len(one) == len(full_page) <= 5


def test_typo_tolerance_is_the_one_documented_difference_between_databases(town):
    from django.db import connection

    found = names(selectors.search_services("eenzam"))  # a letter missing
    if connection.vendor == "postgresql":
        assert found == ["Koffieochtend De Linde"]  # pg_trgm word similarity
    else:
        assert found == []


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "koffie"},
        {"life_domain": "zelfzorg", "target_group": "ouderen", "cost": "free", "day": "TU"},
        {"ladder_level": "collective", "life_domain": "<b>geen</b>", "day": "XX"},  # errors
        {"neighbourhood": "BU00000000"},  # no such neighbourhood: an error
    ],
)
def test_the_search_forms_quick_selects_write_what_djangos_select_writes(data):
    from django import forms

    from wijknet.kaart.public_views import QuickSelect, SearchForm

    quick, stock = SearchForm(data), SearchForm(data)
    replaced = 0
    for field in stock.fields.values():
        if isinstance(field.widget, QuickSelect):
            field.widget = forms.Select(attrs=field.widget.attrs, choices=field.choices)
            replaced += 1
    assert replaced == 6
    if data is not None:
        assert quick.is_valid() == stock.is_valid()
    for name in quick.fields:
        assert str(quick[name]) == str(stock[name])
        assert str(quick[name].as_field_group()) == str(stock[name].as_field_group())
