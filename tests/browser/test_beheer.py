"""Beheer keeps the legal terms: the list and the change form are in Dutch,
pass axe at desktop and phone width, and a changed term is what the chain
counts with from then on."""

import datetime

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_pages import assert_accessible
from tests.factories import UserFactory
from wijknet.core import deadlines, terms
from wijknet.core.models import LegalTerm, Role

pytestmark = pytest.mark.browser


@pytest.fixture
def legal_terms(transactional_db):
    # Live-server tests flush the database, the migration's rows too.
    for key, term in deadlines.DEFAULT_TERMS.items():
        LegalTerm.objects.update_or_create(
            key=key, defaults={"amount": term.amount, "unit": term.unit, "source": "Wmo 2015"}
        )
    UserFactory(username="beheer", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.mark.parametrize("width", [1280, 320])
def test_beheer_changes_the_decision_term(page, legal_terms, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "beheer")
    page.goto("/beheer/core/legalterm/")
    page.get_by_role("heading", name="Selecteer wettelijke termijn om te wijzigen").wait_for()
    listed = page.locator("#result_list").inner_text()
    assert "beslissing op een aanvraag" in listed and "weken" in listed
    assert_accessible(page)

    page.locator("#result_list").get_by_role("link", name="beslissing op een aanvraag").click()
    page.get_by_label("Duur").fill("3")
    page.get_by_label("Eenheid").select_option(label="werkdagen")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.get_by_text("is met succes gewijzigd").wait_for()
    monday = datetime.date(2026, 12, 7)
    assert terms.decision_due(monday) == datetime.date(2026, 12, 10)
