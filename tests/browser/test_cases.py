"""A support trajectory end to end in the browser: a professional takes a
household from the first conversation to an evaluated plan, and the
assessor decides the application. Every page is checked with axe-core."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps

from tests.browser.conftest import log_in, menu
from tests.browser.test_pages import assert_accessible
from tests.factories import UserFactory
from wijknet.cases.models import Case
from wijknet.core.models import Role

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()


@pytest.fixture
def trajectory_town(town):
    # Live-server tests flush the database, reference data from migrations too.
    import_module("wijknet.cases.migrations.0002_matrix_domains").load(apps, None)
    import_module("wijknet.kaart.migrations.0002_reference_data_and_search_index").load(apps, None)
    UserFactory(username="consulent", role=Role.ASSESSOR, first_name="Bram")
    return town


def _save(page, button: str):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_a_professional_takes_a_household_from_conversation_to_an_evaluated_plan(
    page, trajectory_town
):
    log_in(page, "professional")
    household = trajectory_town["household"]
    page.goto(f"/huishoudens/{household.pk}/")
    page.get_by_role("link", name="Traject openen").click()
    assert_accessible(page)
    page.get_by_label("Aanleiding").select_option("walk_in")
    _save(page, "Traject openen")
    case = Case.objects.get(household=household)
    assert page.url.endswith(f"/trajecten/{case.pk}/")
    assert_accessible(page)

    # The conversation, where the resident wants it.
    page.get_by_role("link", name="Gesprek").click()
    page.get_by_label("Gespreksplek", exact=True).select_option("home")
    page.get_by_label("Joke").check()
    page.get_by_label("Wat is besproken").fill("Wonen, gezondheid en het netwerk van Joke.")
    _save(page, "Gesprek opslaan")
    page.get_by_label("Ondersteuningsvraag").fill(
        "Joke wil weer naar de soos, maar kan niet fietsen."
    )
    page.get_by_label("Afspraken").fill("Samen zoeken naar vervoer.")
    _save(page, "Verslag opslaan")
    assert "concept" in page.locator("main").inner_text()
    assert_accessible(page)

    # The self-reliance matrix: a snapshot over the 13 domains.
    page.get_by_role("link", name="Instrumenten").click()
    assert_accessible(page)
    page.get_by_text("Nieuwe meting vastleggen").click()
    form = page.locator("form", has=page.get_by_role("button", name="Meting opslaan"))
    form.get_by_label("Inwoner").select_option(label="Joke Brouwer")
    for select in form.locator("select[name^='matrix-level_']").all():
        select.select_option("3")
    form.get_by_label("Financiën", exact=True).select_option("2")
    form.get_by_label("doelniveau financiën").select_option("4")
    _save(page, "Meting opslaan")
    assert case.measurements.count() == 1
    assert_accessible(page)

    # A goal, then the plan with a network step.
    page.get_by_role("link", name="Doelen en plan").click()
    page.get_by_text("Doel toevoegen").click()
    page.get_by_label("Te bereiken resultaat").fill("Twee keer per week naar de soos")
    page.get_by_label("Resultaatgebied").select_option("participation")
    _save(page, "Doel opslaan")
    _save(page, "Plan opstellen")
    assert_accessible(page)
    goal_section = page.get_by_role("region", name="Doel: Twee keer per week naar de soos")
    goal_section.get_by_text("Stap toevoegen").click()
    goal_section.get_by_label("Trede").select_option("network")
    goal_section.get_by_label("Wat doen anderen (netwerk, vrijwilligers)").fill(
        "Buurman Kees rijdt op dinsdag."
    )
    _save(page, "Stap opslaan")
    assert "Buurman Kees rijdt op dinsdag." in page.locator("main").inner_text()

    # An individual step is blocked until every inner ring has its reason.
    goal_section = page.get_by_role("region", name="Doel: Twee keer per week naar de soos")
    goal_section.get_by_text("Stap toevoegen").click()
    goal_section.get_by_label("Trede").select_option("individual")
    goal_section.get_by_label("Wat wordt via de Wmo geregeld").fill("Wmo-vervoer op donderdag")
    _save(page, "Stap opslaan")
    page.get_by_role("alert").wait_for()
    assert "binnenste treden" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.console_errors.clear()  # the refused step answered 400, as it should

    goal_section = page.get_by_role("region", name="Doel: Twee keer per week naar de soos")
    goal_section.get_by_text("Waarom schieten de binnenste treden tekort?").click()
    goal_section.get_by_role("textbox", name="Eigen kracht", exact=True).fill(
        "Overwogen: fietsen lukt niet meer."
    )
    goal_section.get_by_role("textbox", name="Sociaal netwerk", exact=True).fill(
        "Kees kan alleen op dinsdag."
    )
    goal_section.get_by_role("textbox", name="Algemene voorziening", exact=True).fill(
        "De buurtbus rijdt niet op donderdag."
    )
    goal_section.get_by_role("textbox", name="Collectieve voorziening", exact=True).fill(
        "Regiotaxi: te lange wachttijd."
    )
    _save(page, "Redenen opslaan")
    goal_section = page.get_by_role("region", name="Doel: Twee keer per week naar de soos")
    goal_section.get_by_text("Stap toevoegen").click()
    goal_section.get_by_label("Trede").select_option("individual")
    goal_section.get_by_label("Wat wordt via de Wmo geregeld").fill("Wmo-vervoer op donderdag")
    _save(page, "Stap opslaan")
    assert "Wmo-vervoer op donderdag" in page.locator("main").inner_text()

    page.get_by_text("Kop van het plan wijzigen").click()
    page.get_by_label("Evaluatiedatum").fill((TODAY + datetime.timedelta(days=2)).isoformat())
    _save(page, "Opslaan")
    _save(page, "Plan vaststellen")
    assert "vastgesteld" in page.locator("main").inner_text()
    assert_accessible(page)

    # The application for the individual provision, generated from the plan.
    page.get_by_role("link", name="Aanvragen").first.click()
    _save(page, "Aanvraag opstellen uit het plan")
    assert "Nog niet ingevuld" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("2. Probleemanalyse").fill("Joke kan niet meer fietsen; de soos is 4 km.")
    page.get_by_label("in natura").check()
    _save(page, "Aanvraag opslaan")
    _save(page, "Aanvraag indienen")
    application = case.applications.get()
    assert application.status == "submitted"

    # The assessor, who did not write the plan, decides.
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "consulent")
    menu(page, "Aanvragen beoordelen").click()
    assert_accessible(page)
    page.get_by_role("link", name=application.provision).first.click()
    # The assessor sees the plan parts the application needs: the ladder reasons.
    assert "Regiotaxi: te lange wachttijd." in page.locator("main").inner_text()
    page.get_by_label("toegekend", exact=True).check()
    page.get_by_label("Motivering").fill(
        "Vervoer is nodig om mee te doen; de binnenste treden zijn benut."
    )
    page.get_by_role("textbox", name="Voorziening", exact=True).fill("Wmo-vervoer")
    page.get_by_label("Omvang").fill("1 rit per week")
    page.get_by_label("Ingangsdatum").fill(TODAY.isoformat())
    _save(page, "Besluit vastleggen")
    application.refresh_from_db()
    assert application.status == "decided" and application.decision.volume == "1 rit per week"
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "professional")
    page.goto(f"/trajecten/{case.pk}/")

    # The evaluation on the evaluation date starts the next version.
    page.get_by_role("link", name="Evaluaties").click()
    page.get_by_label("De relatie is goed op weg").check()
    page.get_by_label("De activiteiten van deze fase lopen goed").check()
    page.get_by_label("De fasen volgen logisch op elkaar").check()
    page.get_by_label("Wat ging goed").fill("Joke gaat elke dinsdag met Kees mee.")
    page.get_by_label("Volgende evaluatie op").fill(
        (TODAY + datetime.timedelta(days=90)).isoformat()
    )
    _save(page, "Evaluatie opslaan")
    assert page.url.endswith(f"/trajecten/{case.pk}/plan/")
    assert "v2" in page.locator("main").inner_text()
    case.refresh_from_db()
    assert case.evaluations.count() == 1 and case.access_step == 7
    assert page.console_errors == [], page.console_errors
