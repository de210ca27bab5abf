"""The report point in a browser: a resident reports a worry without logging
in, and the report point triages it. Every page is checked with axe-core."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache

from tests.browser.conftest import log_in
from tests.browser.test_pages import assert_accessible
from tests.factories import UserFactory
from wijknet.core.models import Role
from wijknet.signals import forms, services
from wijknet.signals.models import Signal

pytestmark = pytest.mark.browser

CONCERN = "Mijn buurvrouw van 80 komt al twee weken de deur niet uit."


@pytest.fixture
def report_point(transactional_db, monkeypatch):
    """The urgency bands and an intake user. Live-server tests flush the
    database, so the bands from the migration are loaded again here."""
    import_module("wijknet.signals.migrations.0002_urgency_bands").load(apps, None)
    # The live server runs in this process: no waiting on the form, no limit left over.
    monkeypatch.setattr(forms, "MIN_SECONDS_ON_FORM", 0)
    cache.clear()
    yield UserFactory(username="meldpunt", role=Role.INTAKE, first_name="Ilse")
    cache.clear()


def test_a_resident_reports_a_worry_and_lands_on_the_status_page(page, report_point):
    page.goto("/melden/")
    page.get_by_role("heading", name="Ik maak me zorgen over iemand").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Melding versturen").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "Wat is er aan de hand?" in summary.inner_text()
    assert_accessible(page)

    page.get_by_label("Wat is er aan de hand?").fill(CONCERN)
    page.get_by_label("Over wie maakt u zich zorgen?").fill("buurvrouw op nummer 12")
    page.get_by_label("nee", exact=True).check()
    page.get_by_label("Uw e-mailadres").fill("buurman@example.org")
    page.get_by_role("button", name="Melding versturen").click()

    page.get_by_role("heading", name="Status van uw melding").wait_for()
    signal = Signal.objects.get()
    assert page.url.endswith(f"/melding/{signal.reporter_token}/")
    body = page.locator("main").inner_text()
    assert "Uw melding wacht op beoordeling" in body
    assert CONCERN not in body and "nummer 12" not in body
    assert signal.subject_informed == "no"
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def choose(page, group, option):
    page.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def test_the_report_point_triages_a_signal_with_the_radio_buttons(page, report_point):
    signal = services.submit_signal(
        None, channel="public_form", reporter_type="resident", description=CONCERN
    )
    log_in(page, "meldpunt")
    page.get_by_role("link", name="Meldingen", exact=True).first.click()
    page.get_by_role("heading", name="Meldingen", exact=True).wait_for()
    assert_accessible(page)

    page.get_by_role("link", name=f"Melding {signal.pk}").click()
    page.get_by_role("heading", name=f"Melding {signal.pk}").wait_for()
    assert "De urgentie is nog niet bepaald" in page.locator("main").inner_text()
    assert_accessible(page)

    choose(page, "Aard: veiligheid", "1: matig risico")
    choose(page, "Aard: gezondheid", "1: matig risico")
    choose(page, "Aard: welzijn", "1: matig risico")
    choose(page, "Omvang", "perso(o)n(en) ouder dan 75")
    choose(page, "Duur", "structureel, korter dan een half jaar")
    page.get_by_role("button", name="Score berekenen").click()

    page.get_by_text("De urgentie is bepaald.").wait_for()
    main = page.locator("main").inner_text()
    assert "6 / 10" in main
    assert "Overleggen in het multidisciplinaire team" in main
    signal.refresh_from_db()
    assert (signal.urgency_score, signal.band.code, signal.status) == (6, "consult", "assess")
    # The flash message is checked on its own below; the page itself here.
    page.reload()
    page.get_by_role("heading", name=f"Melding {signal.pk}").wait_for()
    assert "overleg" in page.locator("main").inner_text()
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_the_message_after_an_action_on_a_signal_is_accessible(page, report_point):
    signal = services.submit_signal(
        None, channel="public_form", reporter_type="resident", description=CONCERN
    )
    log_in(page, "meldpunt")
    page.goto(f"/meldingen/{signal.pk}/")
    page.get_by_label("Gegeven informatie, advies of ondersteuning").fill("Folder gegeven.")
    page.get_by_role("button", name="Vastleggen").click()
    page.get_by_text("Het gegeven advies is vastgelegd.").wait_for()
    assert_accessible(page)
