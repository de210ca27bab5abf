"""A buddy match end to end in the browser: a professional asks for a
buddy from the case, reads the ranked candidates and their reasons and
proposes one; the volunteer logs in, sees a first name and what the match
needs, and accepts; the resident says yes in the portal and the follow-up is
planned. Every page is checked with axe-core."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps

from tests.browser.conftest import log_in, menu
from tests.browser.test_pages import assert_accessible
from tests.factories import NeighbourhoodFactory, UserFactory
from tests.volunteers.factories import VolunteerFactory, square
from wijknet.cases import services as case_services
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose, Role
from wijknet.volunteers.models import Match, Request, Volunteer

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()


@pytest.fixture
def buddy_town(town):
    # Live-server tests flush the database, reference data from migrations too.
    import_module("wijknet.volunteers.migrations.0002_reference_data").load(apps, None)
    near = NeighbourhoodFactory(name="Lindenhof", geometry=square(52.090, 5.120))
    farther = NeighbourhoodFactory(
        name="Oosterpark", district=near.district, geometry=square(52.090, 5.149)
    )
    resident = town["resident"]
    resident.neighbourhood = near
    resident.street, resident.house_number, resident.postcode = "Kastanjelaan", 17, "3512AB"
    resident.save()
    team = town["professional"].memberships.get().team
    case = case_services.open_case(
        town["professional"],
        household=town["household"],
        team=team,
        start_reason="walk_in",
        context=AuditContext(purpose=AuditPurpose.SUPPORT, route="tests"),
    )
    volunteer_user = UserFactory(
        username="vrijwilliger", role=Role.VOLUNTEER, first_name="Femke", last_name="Rozendaal"
    )
    VolunteerFactory(
        first_name="Femke",
        last_name="Rozendaal",
        user=volunteer_user,
        neighbourhood=near,
        latitude=52.090,
        longitude=5.120,
        team=team,
        interests=["wandelen"],
        languages=["nl"],
        availability=["TU-AM"],
    )
    VolunteerFactory(
        first_name="Otto",
        last_name="Verweij",
        neighbourhood=farther,
        latitude=52.090,
        longitude=5.149,
        team=team,
        interests=["koken"],
    )
    VolunteerFactory(
        first_name="Nina",
        last_name="Zonder",
        neighbourhood=near,
        team=team,
        screening=Volunteer.Screening.REQUESTED,
        vog_date=None,
    )
    return {**town, "case": case}


def _click(page, role, name):
    page.get_by_role(role, name=name).click()
    page.wait_for_load_state()


def test_a_buddy_is_proposed_accepted_by_both_and_followed_up(
    page, buddy_town, browser, live_server
):
    # The professional asks for a buddy from the case.
    log_in(page, "professional")
    page.goto(f"/trajecten/{buddy_town['case'].pk}/")
    assert_accessible(page)
    _click(page, "link", "Vrijwilliger vragen")
    assert_accessible(page)
    page.get_by_label("Voor wie").select_option(label="Joke Brouwer")
    page.get_by_label("maatje", exact=True).check()
    page.get_by_label("Wat de koppeling vraagt").fill("Samen wandelen; Joke komt weinig buiten.")
    page.get_by_label("wandelen", exact=True).check()
    page.get_by_label("Nederlands", exact=True).check()
    page.get_by_label("dinsdagochtend", exact=True).check()
    _click(page, "button", "Hulpvraag vastleggen")
    request = Request.objects.get()

    # Ranked candidates with the reasons per part; no VOG, no candidate.
    assert page.url.endswith(f"/hulpvragen/{request.pk}/")
    table = page.get_by_role("table", name="De beste kandidaten, hoogste score eerst")
    rows = table.locator("tbody tr")
    assert rows.count() == 2
    first = rows.nth(0).inner_text()
    assert "Femke Rozendaal" in first and "zelfde buurt" in first
    assert "1 van 1 interesse: wandelen" in first and "spreekt Nederlands" in first
    assert "Otto Verweij" in rows.nth(1).inner_text() and "km" in rows.nth(1).inner_text()
    assert "Nina" not in table.inner_text()
    assert_accessible(page)
    _click(page, "button", "Voorstellen Femke Rozendaal")
    assert "is voorgesteld" in page.get_by_role("status").inner_text()
    assert_accessible(page)

    # The volunteer sees a first name and the needs, and accepts.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    volunteer_page = context.new_page()
    log_in(volunteer_page, "vrijwilliger")
    menu(volunteer_page, "Mijn koppelingen").click()
    volunteer_page.wait_for_load_state()
    main = volunteer_page.locator("main").inner_text()
    assert "maatje voor Joke" in main and "Samen wandelen; Joke komt weinig buiten." in main
    for private in ("Brouwer", "Kastanjelaan", "3512"):
        assert private not in main
    assert_accessible(volunteer_page)
    _click(volunteer_page, "button", "Accepteren")
    assert "U doet mee" in volunteer_page.get_by_role("status").inner_text()
    assert_accessible(volunteer_page)

    # The resident says yes in the portal, seeing only the first name: the
    # match starts.
    resident_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    resident_page = resident_context.new_page()
    log_in(resident_page, "inwoner")
    menu(resident_page, "Mijn vrijwilliger").click()
    resident_page.wait_for_load_state()
    portal = resident_page.locator("main").inner_text()
    assert "Femke" in portal and "Rozendaal" not in portal
    assert_accessible(resident_page)
    _click(resident_page, "button", "Ja, graag (Femke)")
    assert_accessible(resident_page)
    resident_context.close()
    page.reload()
    match = Match.objects.get()
    assert match.status == Match.Status.ACTIVE
    page.get_by_role("heading", name="Contactmomenten").wait_for()
    checks = page.get_by_role("table", name="Contactmomenten van deze koppeling").inner_text()
    for due in match.check_ins.values_list("due_on", flat=True):
        assert due.strftime("%d-%m-%Y") in checks
    assert_accessible(page)

    # The volunteer sees the planned check-ins too.
    volunteer_page.reload()
    assert (TODAY + datetime.timedelta(days=14)).strftime("%d-%m-%Y") in volunteer_page.locator(
        "main"
    ).inner_text()
    assert_accessible(volunteer_page)
    assert page.console_errors == [], page.console_errors
    context.close()


def test_the_other_volunteer_pages_are_accessible(page, buddy_town):
    from wijknet.volunteers import services

    context = AuditContext(purpose=AuditPurpose.SUPPORT, route="tests")
    professional = buddy_town["professional"]
    team = professional.memberships.get().team
    request = services.create_request(
        professional,
        person=buddy_town["resident"],
        profile="home_visitor",
        needs="Kijken wat Joke zelf weer kan oppakken.",
        team=team,
        case=buddy_town["case"],
        consent_given=True,
        context=context,
    )
    visitor = VolunteerFactory(
        first_name="Hanneke",
        last_name="Bos",
        neighbourhood=buddy_town["resident"].neighbourhood,
        team=team,
        profiles="home_visitor",
    )
    match = services.propose(professional, request=request, volunteer=visitor, context=context)
    for side in ("volunteer", "resident"):
        services.accept(professional, match=match, side=side, context=context)

    log_in(page, "professional")
    _click(page, "link", "Vrijwilligers")
    assert_accessible(page)
    _click(page, "link", "Vrijwilliger inschrijven")
    _click(page, "button", "Inschrijven")
    page.get_by_role("alert").wait_for()
    assert_accessible(page)
    page.goto(f"/vrijwilligers/{visitor.pk}/")
    assert_accessible(page)
    _click(page, "link", "Gegevens wijzigen")
    page.get_by_label("Voornaam").fill("")
    _click(page, "button", "Opslaan")
    page.get_by_role("alert").wait_for()
    assert_accessible(page)
    _click(page, "link", "Hulpvragen")
    assert_accessible(page)
    page.goto(f"/hulpvragen/{request.pk}/")
    page.get_by_label("Tot en met").fill((TODAY + datetime.timedelta(days=60)).isoformat())
    _click(page, "button", "Huisbezoek starten")
    page.get_by_label("Notitie", exact=True).fill("Joke kookt niet meer voor zichzelf.")
    _click(page, "button", "Notitie opslaan")
    assert "kookt niet meer" in page.locator("main").inner_text()
    page.get_by_text("Iets wat in de buurt ontbreekt doorgeven").click()
    assert_accessible(page)
    page.goto("/vrijwilligers/binding/")
    assert_accessible(page)
    assert page.console_errors == [], page.console_errors
