"""The public HSDS 3.0 API: open without login, Dutch free-text search,
filters, and records that validate against the specification's schema."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from rest_framework.test import APIClient

from tests.factories import NeighbourhoodFactory, OrganisationFactory
from tests.kaart.hsds_fixtures import SCHEMA, build_rich_map
from wijknet.kaart import selectors, services
from wijknet.kaart.models import (
    AccessibilityFeature,
    Contact,
    LifeDomain,
    Location,
    PerformanceField,
    Phone,
    Schedule,
    ServiceAtLocation,
    TargetGroup,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:hsds-service-list")


def detail_url(hsds_id) -> str:
    return reverse("api:hsds-service-detail", args=[hsds_id])


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert "$ref" not in SCHEMA.read_text(encoding="utf-8")  # self-contained
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def town():
    return build_rich_map()


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["name"] for record in response.json()["contents"]]


def test_anyone_can_list_and_read_services(api, town):
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["page_number"] == 1 and body["first_page"] and body["last_page"]
    assert body["size"] == 2 and not body["empty"]
    # Inactive entries are not public.
    assert [r["name"] for r in body["contents"]] == ["Koffieochtend De Linde", "Tafeltje-dek-je"]
    detail = api.get(detail_url(town["coffee"].hsds_id))
    assert detail.status_code == 200
    assert detail.json()["id"] == str(town["coffee"].hsds_id)


def test_credentials_are_neither_needed_nor_read(api, town):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(LIST).status_code == 200
    assert api.get(detail_url(town["coffee"].hsds_id)).status_code == 200


def test_the_record_has_the_hsds_shape(api, town):
    record = api.get(detail_url(town["coffee"].hsds_id)).json()
    assert record["organization_id"] == str(town["welfare"].hsds_id)
    assert record["organization"]["name"] == "Stichting Welzijn Proefdorp"
    assert record["organization"]["x_wijknet_kind"] == "welfare"
    assert [c["name"] for c in record["organization"]["contacts"]] == ["Receptie"]
    assert record["status"] == "active"
    assert record["assured_date"] == "2025-01-15"
    assert record["interpretation_services"] == "Nederlands, Turks"
    assert record["eligibility_description"] == "Voor ouderen, mantelzorgers"
    assert record["x_wijknet_target_groups"] == ["ouderen", "mantelzorgers"]
    assert record["x_wijknet_performance_fields"] == [1, 4]
    assert record["x_wijknet_is_free"] is False
    # Service-level schedule, contact (with its phone) and phone.
    assert [s["byday"] for s in record["schedules"]] == ["MO"]
    assert record["schedules"][0]["opens_at"] == "09:30:00"
    (host,) = record["contacts"]
    assert host["name"] == "Anna de Vries"
    assert [p["number"] for p in host["phones"]] == ["06 12345678"]
    assert [p["number"] for p in record["phones"]] == ["0591 123 456"]
    assert record["phones"][0]["extension"] == 12
    # At a location: the location, its address, and what happens there.
    linde = next(
        sal
        for sal in record["service_at_locations"]
        if sal["location"]["name"] == "Buurthuis De Linde"
    )
    assert linde["description"] == "In de grote zaal"
    assert [s["byday"] for s in linde["schedules"]] == ["TU,TH"]
    assert [p["number"] for p in linde["phones"]] == ["0591 999 000"]
    location = linde["location"]
    assert (location["latitude"], location["longitude"]) == (52.005, 5.00512345678)
    (address,) = location["addresses"]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Lindelaan 3",
        "9101 AB",
        "Proefdorp",
    )
    assert address["country"] == "NL"
    assert [s["byday"] for s in location["schedules"]] == ["MO,TU,WE,TH,FR"]
    assert [c["title"] for c in location["contacts"]] == ["Beheerder"]
    assert [p["number"] for p in location["phones"]] == ["0591-654321"]
    assert sorted(a["description"] for a in location["accessibility"]) == [
        "lift",
        "rolstoeltoegankelijk",
    ]
    assert location["x_wijknet_neighbourhood"] == town["here"].cbs_code
    # Empty optional values are left out rather than null.
    assert "null" not in json.dumps(record)


def test_every_record_validates_against_the_hsds_schema(api, town, validator):
    records = api.get(LIST).json()["contents"]
    for service in (town["coffee"], town["meals"]):
        records.append(api.get(detail_url(service.hsds_id)).json())
    bare = services.save_service(
        None, organisation=OrganisationFactory(), name="Kaal", description="Zonder meer."
    )
    records.append(api.get(detail_url(bare.hsds_id)).json())
    for record in records:
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_free_text_uses_dutch_stemming(api, town):
    assert names(api.get(LIST, {"q": "eenzaam"})) == ["Koffieochtend De Linde"]
    assert names(api.get(LIST, {"q": "maaltijden"})) == ["Tafeltje-dek-je"]
    assert names(api.get(LIST, {"q": "xyzzy"})) == []
    assert api.get(LIST, {"q": "xyzzy"}).json()["empty"] is True


def test_filters_narrow_the_list(api, town):
    assert names(api.get(LIST, {"cost": "contribution"})) == [
        "Koffieochtend De Linde",
        "Tafeltje-dek-je",
    ]
    assert names(api.get(LIST, {"cost": "free"})) == []
    assert names(api.get(LIST, {"life_domain": "sociale-contacten"})) == ["Koffieochtend De Linde"]
    assert names(api.get(LIST, {"target_group": "jongeren"})) == ["Tafeltje-dek-je"]
    assert names(api.get(LIST, {"ladder_level": "collective"})) == ["Koffieochtend De Linde"]
    assert names(api.get(LIST, {"day": "TU"})) == ["Koffieochtend De Linde"]
    assert names(api.get(LIST, {"day": "SU"})) == []
    far = town["far"].cbs_code
    assert names(api.get(LIST, {"neighbourhood": far})) == [
        "Koffieochtend De Linde",
        "Tafeltje-dek-je",
    ]


def test_a_district_takes_in_the_offer_of_its_buurten_and_a_buurt_that_of_its_district(
    api, town, client
):
    far = town["far"]
    elsewhere = NeighbourhoodFactory(name="Elders")  # a buurt in another wijk
    services.save_service(
        None,
        organisation=OrganisationFactory(),
        name="Buurtmoestuin",
        description="Samen tuinieren.",
        whole_municipality=False,
        neighbourhoods=[elsewhere],
    )
    services.save_service(
        None,
        organisation=OrganisationFactory(),
        name="Wijkteam Zandpoort",
        description="Vragen over zorg en welzijn.",
        whole_municipality=False,
        neighbourhoods=[far.district],
    )
    # A wijk: what serves its buurten, the wijk itself, and the whole town.
    assert names(api.get(LIST, {"neighbourhood": far.district.cbs_code})) == [
        "Koffieochtend De Linde",
        "Tafeltje-dek-je",
        "Wijkteam Zandpoort",
    ]
    assert names(api.get(LIST, {"neighbourhood": elsewhere.district.cbs_code})) == [
        "Buurtmoestuin",
        "Tafeltje-dek-je",
    ]
    # A buurt: its own offer, what serves its whole wijk, and the whole town.
    assert names(api.get(LIST, {"neighbourhood": far.cbs_code})) == [
        "Koffieochtend De Linde",
        "Tafeltje-dek-je",
        "Wijkteam Zandpoort",
    ]
    # The public search page shares the filter (it offers buurten).
    page = client.get(reverse("kaart:search"), {"neighbourhood": far.cbs_code}).text
    assert "Wijkteam Zandpoort" in page and "Buurtmoestuin" not in page


def test_the_page_says_how_many_items_and_pages_there_are(api, town):
    org = OrganisationFactory()
    for i in range(5):
        services.save_service(None, organisation=org, name=f"Inloop {i}", description="Inloop.")
    expected = {"total_items": 7, "total_pages": 3}
    for page, size in ((1, 3), (2, 3), (3, 3)):
        body = api.get(LIST, {"per_page": 3, "page": page}).json()
        assert {key: body[key] for key in expected} == expected
        assert body["size"] == size if page < 3 else 1
    beyond = api.get(LIST, {"per_page": 3, "page": 4}).json()
    assert (beyond["total_items"], beyond["total_pages"], beyond["empty"]) == (7, 3, True)
    none = api.get(LIST, {"q": "xyzzy"}).json()
    assert (none["total_items"], none["total_pages"], none["empty"]) == (0, 0, True)
    # Every field of the specification's Page schema is there.
    spec = json.loads((SCHEMA.parent.parent / "openapi.json").read_text(encoding="utf-8"))
    assert set(spec["components"]["schemas"]["Page"]["properties"]) <= set(none)


def test_search_is_the_hsds_name_for_free_text(api, town):
    assert names(api.get(LIST, {"search": "eenzaam"})) == ["Koffieochtend De Linde"]
    assert names(api.get(LIST, {"search": "maaltijden"})) == ["Tafeltje-dek-je"]
    assert names(api.get(LIST, {"q": "eenzaam", "search": "maaltijden"})) == [
        "Koffieochtend De Linde"
    ]


def test_open_now_follows_the_schedule(api, town, monkeypatch):
    monday_10 = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)  # 10:00 local
    monkeypatch.setattr(selectors.timezone, "now", lambda: monday_10)
    assert names(api.get(LIST, {"open_now": "true"})) == ["Koffieochtend De Linde"]
    monkeypatch.setattr(selectors.timezone, "now", lambda: monday_10.replace(hour=20))
    assert names(api.get(LIST, {"open_now": "true"})) == []


def test_open_now_keeps_a_monthly_rule_to_its_week(api, town, monkeypatch):
    org = OrganisationFactory()
    second = services.save_service(None, organisation=org, name="Repaircafé", description="Rep.")
    Schedule.objects.create(
        service=second, freq="MONTHLY", byday="2TU", opens_at="19:00", closes_at="21:00"
    )
    last = services.save_service(None, organisation=org, name="Spelavond", description="Spel.")
    Schedule.objects.create(
        service=last, freq="MONTHLY", byday="-1TU", opens_at="19:00", closes_at="21:00"
    )

    def open_at(day: int) -> list[str]:  # 20:00 local on a Tuesday in November 2026
        moment = datetime.datetime(2026, 11, day, 19, 0, tzinfo=datetime.UTC)
        monkeypatch.setattr(selectors.timezone, "now", lambda: moment)
        return names(api.get(LIST, {"open_now": "true"}))

    assert open_at(3) == []  # the first Tuesday: not '2TU', nor '-1TU' (holding '1TU')
    assert open_at(10) == ["Repaircafé"]  # the second
    assert open_at(17) == []
    assert open_at(24) == ["Spelavond"]  # the last
    # The day filter takes in a monthly rule on that weekday.
    assert names(api.get(LIST, {"day": "TU"})) == [
        "Koffieochtend De Linde",
        "Repaircafé",
        "Spelavond",
    ]


def test_an_entry_without_times_takes_its_locations_opening_hours(api, town, monkeypatch):
    walk_in = services.save_service(
        None, organisation=OrganisationFactory(), name="Inloopspreekuur", description="Inloop."
    )
    ServiceAtLocation.objects.create(service=walk_in, location=town["linde"])
    wednesday_10 = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)  # 10:00 local
    monkeypatch.setattr(selectors.timezone, "now", lambda: wednesday_10)
    # De Linde is open Monday to Friday 8-22; the coffee morning held there
    # has times of its own, and none on Wednesday.
    assert names(api.get(LIST, {"open_now": "true"})) == ["Inloopspreekuur"]
    assert names(api.get(LIST, {"day": "WE"})) == ["Inloopspreekuur"]
    monkeypatch.setattr(selectors.timezone, "now", lambda: wednesday_10.replace(hour=22))
    assert names(api.get(LIST, {"open_now": "true"})) == []


def test_near_a_postcode_puts_the_neighbourhoods_offer_first(api, town):
    OrganisationFactory(name="Aaa")
    services.save_service(
        None, organisation=OrganisationFactory(), name="Aaa-inloop", description="Inloop."
    )
    assert names(api.get(LIST))[0] == "Aaa-inloop"
    assert names(api.get(LIST, {"postcode": "9101 AB"}))[0] == "Koffieochtend De Linde"


def test_bad_parameters_get_a_dutch_400(api, town):
    response = api.get(LIST, {"neighbourhood": "BU00000000"})
    assert response.status_code == 400
    assert response.json()["neighbourhood"] == ["Onbekende wijk of buurt."]
    assert api.get(LIST, {"day": "XX"}).status_code == 400
    assert api.get(LIST, {"page": "0"}).status_code == 400


def test_pages(api, town):
    org = OrganisationFactory()
    for i in range(5):
        services.save_service(None, organisation=org, name=f"Inloop {i}", description="Inloop.")
    first = api.get(LIST, {"per_page": 3}).json()
    assert (first["size"], first["first_page"], first["last_page"]) == (3, True, False)
    last = api.get(LIST, {"per_page": 3, "page": 3}).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    seen = [
        r["name"]
        for page in (1, 2, 3)
        for r in api.get(LIST, {"per_page": 3, "page": page}).json()["contents"]
    ]
    assert len(seen) == len(set(seen)) == 7


def test_unknown_inactive_or_malformed_ids_are_404(api, town):
    assert api.get(detail_url(uuid.uuid4())).status_code == 404
    assert api.get(detail_url(town["debt"].hsds_id)).status_code == 404
    assert api.get(f"{LIST}geen-uuid/").status_code == 404


def full_service(i: int) -> None:
    """A service with every kind of related record the API shows."""
    org = OrganisationFactory()
    service = services.save_service(
        None,
        organisation=org,
        name=f"Inloop {i:02d}",
        description="Inloop.",
        open_to_everyone=False,
        target_groups=[TargetGroup.objects.get(code="ouderen")],
        life_domains=[LifeDomain.objects.get(code="zelfzorg")],
        performance_fields=[PerformanceField.objects.get(number=1)],
        whole_municipality=False,
        neighbourhoods=[NeighbourhoodFactory()],
    )
    place = Location.objects.create(
        organisation=org, name=f"Buurthuis {i}", street="Dorpsstraat 1", city="Proefdorp"
    )
    place.accessibility.set(AccessibilityFeature.objects.filter(code="lift"))
    ServiceAtLocation.objects.create(service=service, location=place)
    Schedule.objects.create(service=service, byday="MO", opens_at="09:00", closes_at="12:00")
    Schedule.objects.create(service=service, location=place, byday="TU")
    Schedule.objects.create(location=place, byday="WE")
    contact = Contact.objects.create(service=service, name="Balie")
    Phone.objects.create(contact=contact, number="0591 000 001")
    Phone.objects.create(service=service, number="0591 000 002")
    Phone.objects.create(location=place, number="0591 000 003")
    Contact.objects.create(location=place, name="Beheer")
    Contact.objects.create(organisation=org, name="Receptie")
    Phone.objects.create(organisation=org, number="0591 000 004")


def test_the_list_needs_the_same_number_of_queries_for_3_and_30_services(api):
    def queries(expected: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = api.get(LIST)
        assert len(response.json()["contents"]) == expected
        return len(captured)

    for i in range(3):
        full_service(i)
    three = queries(3)
    for i in range(3, 30):
        full_service(i)
    thirty = queries(selectors.PAGE_SIZE)
    assert three == thirty


def test_the_api_is_in_the_openapi_schema(api):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/hsds/services/" in schema["paths"]
    assert "/api/v1/hsds/services/{service_id}/" in schema["paths"]
    operation = schema["paths"]["/api/v1/hsds/services/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "neighbourhood", "page"}
    assert "HsdsService" in schema["components"]["schemas"]
