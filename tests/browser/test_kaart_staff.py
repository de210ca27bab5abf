"""Staff of the social map in the browser: an editor adds an entry through
the form, checks the review queue and the history; policy reads the
overlap analysis. Every page is checked with axe (WCAG 2.1 AA)."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps

from tests.browser.conftest import log_in, menu
from tests.browser.test_pages import assert_accessible
from tests.factories import NeighbourhoodFactory, OrganisationFactory, UserFactory
from wijknet.core.models import Postcode, Role

pytestmark = pytest.mark.browser


@pytest.fixture
def map_staff(transactional_db):
    # Live-server tests flush the database, reference data from migrations too.
    import_module("wijknet.kaart.migrations.0002_reference_data_and_search_index").load(apps, None)
    from wijknet.kaart import services
    from wijknet.kaart.models import LifeDomain, MapEditor

    editor = UserFactory(username="redactie", role=Role.INTAKE, first_name="Ilse", last_name="Vos")
    UserFactory(username="beleid", role=Role.POLICY, first_name="Bram")
    samen = OrganisationFactory(name="Stichting Samen")
    horst = OrganisationFactory(name="De Horst")
    MapEditor.objects.create(organisation=samen, user=editor)
    veenhof = NeighbourhoodFactory(name="Veenhof")
    NeighbourhoodFactory(name="Zandpoort")
    Postcode.objects.create(postcode="9101AB", neighbourhood=veenhof)
    money = LifeDomain.objects.get(code="financien")
    stale = services.save_service(
        None,
        organisation=samen,
        name="Formulierenhulp",
        description="Hulp bij brieven en formulieren.",
        life_domains=[money],
        last_verified_on=datetime.date.today() - datetime.timedelta(days=500),
    )
    services.save_service(None, service=stale, working_method="Op afspraak in het wijkcentrum.")
    services.save_service(
        None,
        organisation=horst,
        name="Schuldhulp",
        description="Samen grip op geld.",
        life_domains=[money],
        whole_municipality=False,
        neighbourhoods=[veenhof],
    )
    return {"stale": stale}


def test_an_editor_adds_an_entry_through_the_form_and_finds_it_in_the_list(page, map_staff):
    log_in(page, "redactie")
    menu(page, "Sociale kaart beheren").click()
    page.get_by_role("heading", name="Sociale kaart beheren", level=1).wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Nieuw aanbod").click()
    page.get_by_role("heading", name="Nieuw aanbod", level=1).wait_for()
    assert_accessible(page)

    # First without a name and with a wrong postcode: the errors, in Dutch.
    page.get_by_label("Wat is het?").fill("Samen eten voor weinig geld.")
    page.get_by_label("Straat en huisnummer").fill("Lindelaan 3")
    page.get_by_label("Postcode").fill("12345")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    text = summary.inner_text()
    assert "Naam: Dit veld is vereist." in text
    assert "geen geldige Nederlandse postcode" in text
    assert page.get_by_label("Wat is het?").input_value() == "Samen eten voor weinig geld."
    assert_accessible(page)

    page.get_by_label("Naam", exact=True).fill("Maaltijdpunt Veenhof")
    page.get_by_label("Organisatie").select_option(label="Stichting Samen")
    page.get_by_label("Postcode").fill("9101 AB")
    page.get_by_role("group", name="Levensdomeinen").get_by_label("zelfzorg en huishouden").check()
    times = page.get_by_role("group", name="Tijden, regel 1")
    times.get_by_label("woensdag").check()
    times.get_by_label("Van").fill("17:00")
    times.get_by_label("Tot").fill("19:00")
    page.get_by_role("button", name="Opslaan").click()

    page.get_by_role("heading", name="Sociale kaart beheren", level=1).wait_for()
    assert "'Maaltijdpunt Veenhof' is opgeslagen." in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Maaltijdpunt Veenhof", exact=True).wait_for()
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_the_review_queue_and_the_history_are_accessible(page, map_staff):
    log_in(page, "redactie")
    page.goto("/sociale-kaart/beheer/controleren/")
    page.get_by_role("heading", name="Aanbod controleren").wait_for()
    assert "Redacteur: Ilse Vos" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Klopt nog: Formulierenhulp").click()
    page.get_by_text("Alles is op tijd gecontroleerd").wait_for()
    assert_accessible(page)

    page.goto(f"/sociale-kaart/beheer/{map_staff['stale'].pk}/geschiedenis/")
    page.get_by_role("heading", name="Geschiedenis van Formulierenhulp").wait_for()
    history = page.locator("main").inner_text()
    assert "gecontroleerd: klopt nog door Ilse Vos" in history
    assert "Op afspraak in het wijkcentrum." in history
    assert_accessible(page)

    page.goto("/sociale-kaart/beheer/importeren/")
    page.get_by_role("heading", name="Aanbod importeren").wait_for()
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors


def test_policy_reads_the_overlap_analysis(page, map_staff):
    log_in(page, "beleid")
    menu(page, "Overlap in het aanbod").click()
    page.get_by_role("heading", name="Overlap in het aanbod", level=1).wait_for()
    chart = page.get_by_role("img", name="Heatmap: aantal organisaties per buurt en levensdomein")
    assert chart.count() == 1
    table = page.get_by_role(
        "table", name="Aantal organisaties per buurt (rijen) en levensdomein (kolommen)"
    )
    assert "Zandpoort" in table.inner_text()
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors
