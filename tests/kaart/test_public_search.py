"""The public social map: Dutch stemming, filters, near a postcode, and the
same answers on SQLite and PostgreSQL."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, OrganisationFactory
from wijknet.core.models import Postcode
from wijknet.kaart import selectors, services
from wijknet.kaart.models import (
    Contact,
    LifeDomain,
    Location,
    Phone,
    Schedule,
    ServiceAtLocation,
    TargetGroup,
)

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


@pytest.mark.parametrize(
    "query",
    [
        "eenzaamheid bij mij in de buurt",
        "ik voel me eenzaam",
        "eenzaamheid dichtbij",
        "Is er iets tegen eenzaamheid in mijn wijk?",
        "ik zoek hulp bij eenzaamheid in de omgeving",
    ],
)
def test_everyday_phrasing_finds_what_its_content_words_find(town, query):
    """Words that every request for help has, and where-words that the
    postcode says better, do not have to match; the rest still all do."""
    assert names(selectors.search_services(query)) == ["Koffieochtend De Linde"]
    assert names(selectors.search_services(query)) == names(selectors.search_services("eenzaam"))


def test_where_words_are_dropped_only_as_whole_words(town):
    services.save_service(
        None,
        organisation=OrganisationFactory(),
        name="Open inloop",
        description="Elke middag is het buurthuis open voor een praatje.",
    )
    assert names(selectors.search_services("buurthuis")) == ["Open inloop"]
    assert names(selectors.search_services("het buurthuis bij mij in de buurt")) == ["Open inloop"]
    # A query of nothing but such words still searches for them.
    assert names(selectors.search_services("buurt")) == ["Open inloop"]  # 'buurthuis'
    # Every other word still has to match.
    assert names(selectors.search_services("eenzaamheid maaltijden in de buurt")) == []


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


def test_the_page_filters_on_target_group_and_ladder_level(client, town):
    def listed(**params):
        page = client.get(reverse("kaart:search"), params).text
        return [
            name
            for name in ("Tafeltje-dek-je", "Koffieochtend", "Thuisadministratie")
            if name in page
        ]

    # An entry for older people only drops out for another group; entries
    # open to everyone stay.
    assert listed(target_group="ouderen") == [
        "Tafeltje-dek-je",
        "Koffieochtend",
        "Thuisadministratie",
    ]
    assert listed(target_group="jongeren") == ["Koffieochtend", "Thuisadministratie"]
    services.save_service(None, service=town["coffee"], ladder_level="collective")
    assert listed(ladder_level="collective") == ["Koffieochtend"]
    assert listed(ladder_level="general", target_group="jongeren") == ["Thuisadministratie"]


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


def test_each_result_card_says_how_to_apply_and_whom_to_call(client, town):
    services.save_service(
        None,
        service=town["meals"],
        application_process="Bel de coördinator voor een kennismaking aan huis. " * 8,
        url="https://tafeltje.example.nl/aanmelden",
    )
    Phone.objects.create(service=town["meals"], number="0900 123 45 67", extension="2")
    response = client.get(reverse("kaart:search"), {"q": "maaltijden"})
    text = response.text
    assert "Bel de coördinator voor een kennismaking" in text
    assert text.count("kennismaking") < 8  # long texts are cut short on the card
    assert "0900 123 45 67 (2)" in text
    assert 'href="https://tafeltje.example.nl/aanmelden"' in text
    # In the kiosk the website is written out, not a way out of it.
    kiosk = client.get(reverse("kaart:kiosk"), {"q": "maaltijden"}).text
    assert "https://tafeltje.example.nl/aanmelden" in kiosk
    assert 'href="https://tafeltje.example.nl' not in kiosk


def test_the_detail_page_shows_the_contact_persons(client, town):
    """An organisation's public contact points: open data like the rest of
    the map (docs/access-policy.md)."""
    person = Contact.objects.create(
        service=town["coffee"], name="Coördinator Linde", title="vrijwilligerscoördinator"
    )
    Phone.objects.create(service=town["coffee"], contact=person, number="030 765 43 21")
    Contact.objects.create(service=town["coffee"], title="Balie", email="balie@linde.example.nl")
    text = client.get(reverse("kaart:detail", args=[town["coffee"].pk])).text
    assert "Contactpersonen" in text
    assert "Coördinator Linde</strong>, vrijwilligerscoördinator" in text
    assert text.count("030 765 43 21") == 1  # under the person, not again above
    assert "Balie" in text and 'href="mailto:balie@linde.example.nl"' in text


@pytest.mark.parametrize(
    ("postcode", "notice"),
    [
        ("9999 ZZ", "We kennen postcode 9999 ZZ niet in deze gemeente"),
        ("12345", "&#x27;12345&#x27; is geen geldige Nederlandse postcode"),
    ],
)
def test_an_unknown_postcode_is_said_and_the_results_stay(client, town, postcode, notice):
    response = client.get(reverse("kaart:search"), {"q": "", "postcode": postcode})
    assert notice in response.text
    assert "de resultaten staan op naam" in response.text.lower()
    assert "Koffieochtend De Linde" in response.text and "Thuisadministratie" in response.text
    partial = client.get(
        reverse("kaart:search"), {"postcode": postcode, "q": "eenzaam"}, HTTP_HX_REQUEST="true"
    )
    assert notice in partial.text and "Koffieochtend De Linde" in partial.text
    known = client.get(reverse("kaart:search"), {"postcode": "9101 AB", "q": ""})
    assert "op naam" not in known.text and "Aanbod in of dichtbij Veenhof" in known.text


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
    settings.WIJKNET_KIOSK_IDLE_SECONDS = 45
    kiosk = reverse("kaart:kiosk")
    services.save_service(
        None, service=town["coffee"], url="https://linde.example.nl", email="info@linde.example.nl"
    )
    search = client.get(kiosk, {"q": "koffie"}).text
    detail = client.get(reverse("kaart:detail", args=[town["coffee"].pk]), {"kiosk": "1"}).text
    for text in (search, detail):
        assert 'class="kiosk"' in text
        assert 'data-idle-seconds="45"' in text
        assert "kiosk.js" in text
        # Without JavaScript the page still returns to the start.
        assert f'<meta http-equiv="refresh" content="45;url={kiosk}">' in text
        # The logo leads back to the kiosk, not to the staff start page.
        assert f'<a class="brand" href="{kiosk}">' in text
    assert f'href="{kiosk}?' not in search  # the pager and the form stay in the kiosk
    assert "https://linde.example.nl" in detail and "info@linde.example.nl" in detail
    assert 'href="https://linde.example.nl"' not in detail
    assert "mailto:" not in detail
    outside = client.get(reverse("kaart:detail", args=[town["coffee"].pk])).text
    assert 'href="https://linde.example.nl"' in outside
    assert "kiosk.js" not in outside and 'http-equiv="refresh"' not in outside


def test_a_kiosk_left_logged_in_shows_no_staff_links(client_of, professional, town):
    client = client_of(professional)
    kiosk = client.get(reverse("kaart:kiosk")).text
    assert reverse("core:logout") not in kiosk
    assert reverse("people:search") not in kiosk
    assert 'class="main-nav"' not in kiosk
    assert 'class="main-nav"' in client.get(reverse("kaart:search")).text


def test_an_inactive_entry_is_not_public(client, town):
    services.save_service(None, service=town["meals"], status="inactive")
    assert names(selectors.search_services("maaltijd")) == []
    assert client.get(reverse("kaart:detail", args=[town["meals"].pk])).status_code == 404


def test_search_page_query_count_does_not_grow_with_results(client, town, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    # A name without digits: the search text holds it, and "Stichting Proef 7"
    # (the factory's sequence) would match the query "maaltijdpunt 7" too.
    org = OrganisationFactory(name="Stichting Samen Eten")
    place = Location.objects.create(name="Wijkcentrum", neighbourhood=town["here"])
    for i in range(25):
        entry = services.save_service(
            None,
            organisation=org,
            name=f"Maaltijdpunt {i}",
            description="Samen eten, maaltijden voor weinig geld.",
            life_domains=[LifeDomain.objects.get(code="zelfzorg")],
            open_to_everyone=False,
            target_groups=[TargetGroup.objects.get(code="ouderen")],
            ladder_level="collective",
            is_free=False,
            fees_description="€ 3 per keer",
        )
        Phone.objects.create(service=entry, number=f"030 100 00 {i:02}")
        ServiceAtLocation.objects.create(service=entry, location=place)
        Schedule.objects.create(service=entry, byday="WE", opens_at="17:00", closes_at="19:00")

    def queries(**data):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("kaart:search"), data)
        return len(captured), response.text.count('<li class="card">')

    # The form's lists, the name bound, the page itself, and two for the
    # cards' times, and target groups, places and phones; the same on
    # PostgreSQL.
    assert queries(q="koffie") == (5, 1)
    assert queries(q="maaltijd") == (5, 20)
    # Near a postcode: its neighbourhood, the ranking by distance (ranking
    # every match too when the nearby ones do not fill the page), and the
    # page's rows by id.
    near_one = queries(q="koffie", postcode="9101 AB")
    near_full = queries(q="maaltijd", postcode="9101 AB")
    assert near_one[1] == 1 and near_full[1] == 20
    assert near_full[0] <= near_one[0] <= 7
    # Every filter at once: conditions in the page's query, not queries.
    every_filter = {
        "neighbourhood": town["here"].cbs_code,
        "life_domain": "zelfzorg",
        "target_group": "ouderen",
        "ladder_level": "collective",
        "cost": "contribution",
        "day": "WE",
        "open_now": "on",
    }
    # A Wednesday at 17:30 in Amsterdam: the meal points are open.
    wednesday = datetime.datetime(2026, 11, 25, 16, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: wednesday)
    one, full = queries(q="maaltijdpunt 7", **every_filter), queries(q="", **every_filter)
    assert one[1] == 1 and full[1] == 20
    assert one[0] == full[0] <= 5


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
