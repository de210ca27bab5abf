"""As a user would: log in, move through the pages, and check every page
with axe-core for WCAG 2.1 AA violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_professional_logs_in_and_sees_the_start_page(page, town):
    log_in(page, "professional")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Sanne"
    assert page.get_by_role("link", name="Huishouden Brouwer").count() == 1
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_login_page_is_accessible(page, town):
    page.goto("/account/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("alert").wait_for()  # the form posts and reloads first
    assert_accessible(page)


def test_professional_finds_a_resident_and_opens_the_household(page, town):
    log_in(page, "professional")
    page.get_by_role("link", name="Inwoners zoeken").click()
    page.get_by_label("Zoekterm").fill("brouwer")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("#resultaten")
    results.get_by_role("link", name="Brouwer, Joke").wait_for()
    # Henk Brouwer is known only to the other team.
    assert results.get_by_role("link", name="Brouwer, Henk").count() == 0
    assert_accessible(page)

    results.get_by_role("link", name="Brouwer, Joke").click()
    page.get_by_role("heading", name="Joke Brouwer").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Huishouden Brouwer").click()
    page.get_by_role("heading", name="Huishouden Brouwer").wait_for()
    assert page.get_by_role("cell", name="Kees Brouwer").count() == 1
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_registration_form_shows_dutch_errors_and_is_accessible(page, town):
    log_in(page, "professional")
    page.get_by_role("link", name="Inwoner registreren").click()
    assert_accessible(page)
    page.get_by_label("Roepnaam").fill("Mila")
    page.get_by_label("Achternaam").fill("Hendriks")
    page.get_by_label("Geboortedatum").fill("1961-05-04")
    page.get_by_label("Postcode").fill("1234 SA")
    page.get_by_label("Aanleiding").fill("eigen aanmelding")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.get_by_role("alert")
    assert "geen geldige Nederlandse postcode" in summary.inner_text()
    assert page.get_by_label("Roepnaam").input_value() == "Mila"
    assert_accessible(page)


def test_resident_sees_who_looked_at_their_data(page, town, browser, live_server):
    log_in(page, "professional")
    page.goto(f"/personen/{town['resident'].pk}/")
    page.get_by_role("heading", name="Joke Brouwer").wait_for()

    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    resident = context.new_page()
    log_in(resident, "inwoner")
    resident.get_by_role("link", name="Mijn gegevens", exact=True).first.click()
    resident.get_by_role("heading", name="Mijn gegevens").wait_for()
    assert_accessible(resident)
    resident.get_by_role("link", name="Wie heeft mijn gegevens bekeken?").first.click()
    table = resident.get_by_role("table")
    assert "Sanne Dijkstra" in table.inner_text()
    assert_accessible(resident)
    context.close()
