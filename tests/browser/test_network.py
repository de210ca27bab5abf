"""The network map in the browser: a professional draws a resident's network
and sees it as a picture, registers a carer and records an overload; the
resident adds someone in the portal; policy reads the carer counts. Every
page is checked with axe-core."""

import re

import pytest

from tests.browser.conftest import log_in, menu
from tests.browser.test_pages import assert_accessible
from tests.factories import UserFactory
from wijknet.core.models import Role
from wijknet.people.models import NetworkTie, TeamTask

pytestmark = pytest.mark.browser


def _add_tie(page, *, layer, name, relation, support, load_tie="2"):
    page.get_by_text("Relatie toevoegen").click()
    form = page.locator("form", has=page.get_by_role("button", name="Op de kaart zetten"))
    form.get_by_label("Laag").select_option(layer)
    form.get_by_label("Wie", exact=True).fill(name)
    form.get_by_label("Relatie", exact=True).fill(relation)
    form.get_by_label(support, exact=True).check()
    form.get_by_label("Belasting voor de ander").select_option(load_tie)
    form.get_by_role("button", name="Op de kaart zetten").click()
    page.wait_for_load_state()


def test_a_professional_draws_a_network_and_flags_an_overloaded_carer(page, town):
    resident = town["resident"]
    log_in(page, "professional")
    page.goto(f"/personen/{resident.pk}/")
    page.get_by_role("link", name="Netwerkkaart").click()
    page.get_by_role("heading", name="Netwerk van Joke Brouwer").wait_for()
    # An empty map says so, in words.
    assert "Niemand in de laag 'natuurlijk netwerk'" in page.locator("main").inner_text()
    assert_accessible(page)

    _add_tie(page, layer="natural", name="Kees", relation="partner", support="zorg")
    _add_tie(
        page, layer="community", name="Buurthuis De Linde", relation="soos", support="emotioneel"
    )
    _add_tie(page, layer="professional", name="Dokter Pieters", relation="huisarts", support="zorg")
    assert NetworkTie.objects.filter(person=resident).count() == 3

    picture = page.get_by_role("img", name="Netwerkkaart van Joke Brouwer")
    picture.wait_for()
    labels = picture.locator("text").all_text_contents()
    for name in ("Kees (partner)", "Buurthuis De Linde (soos)", "Dokter Pieters (huisarts)"):
        assert name in labels
    table = page.locator("table.network-table")
    for name in ("Kees", "Buurthuis De Linde", "Dokter Pieters"):
        assert table.get_by_role("rowheader", name=name).count() == 1
    assert_accessible(page)

    # Kees cares for Joke: register him as an informal carer.
    page.get_by_role("link", name=re.compile(r"Mantelzorger vastleggen\s+Kees")).click()
    page.get_by_role("heading", name="Kees als mantelzorger vastleggen").wait_for()
    assert_accessible(page)
    page.get_by_label("Welke zorg").fill("Wassen, aankleden en de medicijnen")
    page.get_by_label("Uren per week").fill("30")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_role("heading", name="Mantelzorgers", exact=True).wait_for()

    # His burden: overloaded.
    page.get_by_text("Belasting van Kees vastleggen").click()
    page.get_by_label("overbelast", exact=True).check()
    page.get_by_role("button", name="Belasting vastleggen").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Signaal: overbelast" in main
    assert "Eén overbelaste drager: Kees (partner)" in main
    assert "Het team heeft een taak gekregen" in main
    assert TeamTask.objects.filter(kind="carer_overload", done_at__isnull=True).count() == 1
    assert_accessible(page)

    # The team's task list has it.
    page.get_by_role("link", name="Taken").click()
    page.get_by_role("heading", name="Taken van het team").wait_for()
    assert "Mantelzorger Kees van Joke Brouwer" in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_the_resident_adds_someone_and_policy_reads_the_counts(page, town, browser, live_server):
    log_in(page, "inwoner")
    page.get_by_role("link", name="Mijn netwerk").click()
    page.get_by_role("heading", name="Mijn netwerk", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_label("Waar hoort dit bij?").select_option("natural")
    page.get_by_label("Wie of wat", exact=True).fill("Buurvrouw Els")
    page.get_by_label("Wat is deze persoon van u?").fill("buurvrouw")
    page.get_by_label("praktisch").check()
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    assert "wacht op het wijkteam" in page.locator("main").inner_text()
    labels = page.get_by_role("img", name="Netwerkkaart van Joke Brouwer").locator("text")
    assert "Buurvrouw Els (buurvrouw) – voorstel" in labels.all_text_contents()
    assert_accessible(page)
    assert TeamTask.objects.filter(kind="network_review").count() == 1

    UserFactory(username="beleid", role=Role.POLICY)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    policy = context.new_page()
    log_in(policy, "beleid")
    menu(policy, "Mantelzorg per buurt").click()
    policy.get_by_role("heading", name="Mantelzorg per buurt").wait_for()
    assert_accessible(policy)
    context.close()
