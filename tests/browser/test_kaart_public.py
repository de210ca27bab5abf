"""A resident on the public social map, and the kiosk in a community centre."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.browser.test_pages import assert_accessible
from tests.factories import NeighbourhoodFactory, OrganisationFactory
from wijknet.core.models import Postcode

pytestmark = pytest.mark.browser


@pytest.fixture
def map_town(transactional_db):
    # Live-server tests flush the database, reference data from migrations too.
    import_module("wijknet.kaart.migrations.0002_reference_data_and_search_index").load(apps, None)
    from wijknet.kaart import services
    from wijknet.kaart.models import LifeDomain, Location, Schedule, ServiceAtLocation

    here = NeighbourhoodFactory(name="Veenhof")
    Postcode.objects.create(postcode="9101AB", neighbourhood=here)
    coffee = services.save_service(
        None,
        organisation=OrganisationFactory(name="Stichting Samen"),
        name="Koffieochtend De Linde",
        description="Samen koffie drinken tegen eenzaamheid.",
        application_process="Loop gewoon binnen.",
        url="https://linde.example.nl",
        life_domains=[LifeDomain.objects.get(code="sociale-contacten")],
    )
    place = Location.objects.create(
        name="Buurthuis De Linde", street="Lindelaan 3", neighbourhood=here
    )
    ServiceAtLocation.objects.create(service=coffee, location=place)
    Schedule.objects.create(service=coffee, byday="TU", opens_at="10:00", closes_at="12:00")
    return coffee


def test_a_resident_finds_help_against_loneliness_near_home(page, map_town):
    page.goto("/sociale-kaart/")
    assert_accessible(page)
    page.get_by_label("Waar zoekt u hulp bij?").fill("hulp bij eenzaamheid")
    page.get_by_label("Uw postcode (voor aanbod in de buurt)").fill("9101 AB")
    page.get_by_role("button", name="Zoeken").click()
    result = page.get_by_role("link", name="Koffieochtend De Linde")
    result.wait_for()
    assert_accessible(page)
    result.click()
    page.get_by_role("heading", name="Koffieochtend De Linde", level=1).wait_for()
    text = page.locator("main").inner_text()
    assert "elke dinsdag, 10:00-12:00" in text and "Loop gewoon binnen." in text
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_the_kiosk_forgets_the_last_search_when_left_alone(page, map_town, settings):
    settings.WIJKNET_KIOSK_IDLE_SECONDS = 2
    page.goto("/sociale-kaart/kiosk/")
    assert_accessible(page)
    page.get_by_label("Waar zoekt u hulp bij?").fill("koffie")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Koffieochtend De Linde").wait_for()
    assert "q=koffie" in page.url
    page.wait_for_url("**/sociale-kaart/kiosk/", timeout=8_000)
    assert page.get_by_label("Waar zoekt u hulp bij?").input_value() == ""
    # Back does not bring the last visitor's search back either.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/sociale-kaart/kiosk/$"))
    expect(page.get_by_label("Waar zoekt u hulp bij?")).to_have_value("")
    expect(page.get_by_role("link", name="Koffieochtend De Linde")).to_have_count(0)
    assert page.console_errors == [], page.console_errors


def test_a_kiosk_entry_page_has_no_way_out_and_resets_too(page, map_town, settings):
    settings.WIJKNET_KIOSK_IDLE_SECONDS = 3
    page.goto("/sociale-kaart/kiosk/?q=koffie")
    page.get_by_role("link", name="Koffieochtend De Linde").click()
    page.get_by_role("heading", name="Koffieochtend De Linde", level=1).wait_for()
    assert "kiosk=1" in page.url
    # The website is written out, not a link; the logo leads to the kiosk.
    assert "https://linde.example.nl" in page.locator("main").inner_text()
    assert page.locator('a[href^="http"], a[href^="mailto:"]').count() == 0
    assert page.get_by_role("link", name="Wijknet").get_attribute("href") == "/sociale-kaart/kiosk/"
    # The same visitor can go Back to their results and on again.
    page.go_back()
    page.get_by_role("link", name="Koffieochtend De Linde").wait_for()
    page.go_forward()
    page.get_by_role("heading", name="Koffieochtend De Linde", level=1).wait_for()
    page.wait_for_url("**/sociale-kaart/kiosk/", timeout=8_000)
    assert page.get_by_label("Waar zoekt u hulp bij?").input_value() == ""
    assert page.console_errors == [], page.console_errors
