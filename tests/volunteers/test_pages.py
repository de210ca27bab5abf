"""The volunteer pages as users meet them: the pool, a request with ranked
candidates, the match's follow-up, the retention view, and the volunteer's
own matches, which show a first name and what the match needs, nothing
more."""

import datetime
import re

import pytest

from tests.factories import NeighbourhoodFactory, UserFactory
from tests.volunteers.factories import VolunteerFactory
from wijknet.core.models import AuditEvent, Role
from wijknet.signals.models import Signal
from wijknet.volunteers import schedule, services
from wijknet.volunteers.models import Match, Request, Volunteer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def url(request):
    return f"/hulpvragen/{request.pk}/"


# --- Navigation and roles ----------------------------------------------------


def test_the_navigation_offers_each_role_its_part(client_of, professional, volunteer_user):
    page = client_of(professional).get("/").text
    assert 'href="/vrijwilligers/"' in page and 'href="/hulpvragen/"' in page
    assert "/mijn-koppelingen/" not in page
    page = client_of(volunteer_user).get("/").text
    assert 'href="/mijn-koppelingen/"' in page and 'href="/hulpvragen/"' not in page


@pytest.mark.parametrize("path", ["/vrijwilligers/", "/hulpvragen/", "/vrijwilligers/binding/"])
def test_coordinator_pages_are_not_for_volunteers(client_of, volunteer_user, path):
    assert client_of(volunteer_user).get(path).status_code == 403


def test_own_matches_are_not_for_professionals(client_of, professional):
    assert client_of(professional).get("/mijn-koppelingen/").status_code == 403


# --- The pool ------------------------------------------------------------------


def test_the_pool_is_searchable_and_paged(client_of, professional, north, team_a):
    for n in range(26):
        VolunteerFactory(last_name=f"Achter{n:02d}", neighbourhood=north, team=team_a)
    VolunteerFactory(
        last_name="Zwart", neighbourhood=NeighbourhoodFactory(name="Vogelwijk"), team=team_a
    )
    client = client_of(professional)
    first = client.get("/vrijwilligers/")
    assert "Achter00" in first.text and "Zwart" not in first.text
    assert "Volgende" in first.text
    cursor = first.context["page"].next_cursor
    second = client.get(f"/vrijwilligers/?na={cursor}")
    assert "Zwart" in second.text and "Achter00" not in second.text
    assert "Zwart" in client.get("/vrijwilligers/?q=vogel").text
    by_name = client.get("/vrijwilligers/?q=zw").text
    assert "Zwart" in by_name and "Achter01" not in by_name
    # One row per volunteer shown: two pages and two searches.
    listed = AuditEvent.objects.filter(action="list", object_type="volunteers.volunteer")
    assert listed.count() == 25 + 2 + 1 + 1


def test_registering_a_volunteer_on_the_page(client_of, professional, north, team_a):
    client = client_of(professional)
    assert "Vrijwilliger inschrijven" in client.get("/vrijwilligers/").text
    bad = client.post("/vrijwilligers/nieuw/", {"first_name": "Bram", "screening": "vog_received"})
    assert bad.status_code == 200 and "Controleer de gegevens" in bad.text
    response = client.post(
        "/vrijwilligers/nieuw/",
        {
            "first_name": "Bram",
            "last_name": "Kuipers",
            "neighbourhood": north.pk,
            "profiles": ["buddy"],
            "languages": ["nl"],
            "availability": ["MO-AM"],
            "screening": "vog_received",
            "vog_date": TODAY.isoformat(),
            "username": "bram",
            "team": team_a.pk,
        },
        follow=True,
    )
    volunteer = Volunteer.objects.get(last_name="Kuipers")
    assert response.redirect_chain[-1][0] == f"/vrijwilligers/{volunteer.pk}/"
    assert "zonder wachtwoord" in response.text
    assert volunteer.user.username == "bram"


def test_a_volunteer_who_also_receives_shows_it_only_to_who_sees_the_resident(
    client_of, professional, professional_b, resident, north, team_a
):
    volunteer = VolunteerFactory(neighbourhood=north, team=team_a, person=resident)
    assert (
        "Geeft en ontvangt" in client_of(professional).get(f"/vrijwilligers/{volunteer.pk}/").text
    )
    page = client_of(professional_b).get(f"/vrijwilligers/{volunteer.pk}/")
    assert page.status_code == 200 and "Geeft en ontvangt" not in page.text
    assert f"/personen/{resident.pk}/" not in page.text


def test_taking_a_volunteer_out_of_the_pool(client_of, professional, professional_b, volunteer):
    assert (
        client_of(professional_b)
        .post(f"/vrijwilligers/{volunteer.pk}/pool/", {"active": "0"})
        .status_code
        == 403
    )
    client_of(professional).post(f"/vrijwilligers/{volunteer.pk}/pool/", {"active": "0"})
    volunteer.refresh_from_db()
    assert not volunteer.active


def _edit_form(volunteer, **changes):
    """The edit page's form as the coordinator posts it, with changes."""
    data = {
        "first_name": volunteer.first_name,
        "last_name": volunteer.last_name,
        "neighbourhood": volunteer.neighbourhood_id,
        "profiles": volunteer.profile_codes,
        "languages": volunteer.languages,
        "availability": volunteer.availability,
        "interests": [i.pk for i in volunteer.interests.all()],
        "screening": volunteer.screening,
        "vog_date": volunteer.vog_date.isoformat() if volunteer.vog_date else "",
        "active": "on" if volunteer.active else "",
    }
    data.update(changes)
    return data


def test_the_coordinator_records_the_vog_and_the_volunteer_becomes_a_candidate(
    client_of, professional, buddy_request, north, team_a
):
    waiting = VolunteerFactory(
        first_name="Wachtend",
        neighbourhood=north,
        team=team_a,
        screening=Volunteer.Screening.REQUESTED,
        vog_date=None,
    )
    client = client_of(professional)
    assert "Wachtend" not in client.get(url(buddy_request)).text
    page = client.get(f"/vrijwilligers/{waiting.pk}/").text
    assert f"/vrijwilligers/{waiting.pk}/wijzigen/" in page
    form = client.get(f"/vrijwilligers/{waiting.pk}/wijzigen/")
    assert form.status_code == 200 and 'value="requested" selected' in form.text
    response = client.post(
        f"/vrijwilligers/{waiting.pk}/wijzigen/",
        _edit_form(waiting, screening="vog_received", vog_date=TODAY.isoformat()),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/vrijwilligers/{waiting.pk}/"
    assert "zijn bijgewerkt" in response.text
    waiting.refresh_from_db()
    assert waiting.screening == "vog_received" and waiting.vog_date == TODAY
    assert "Wachtend" in client.get(url(buddy_request)).text
    assert AuditEvent.objects.filter(
        actor=professional, action="change", object_type="volunteers.volunteer"
    ).exists()


def test_another_teams_coordinator_cannot_edit_a_volunteer(client_of, professional_b, volunteer):
    client = client_of(professional_b)
    # The pool shows the volunteer to every team, but only the coordinating
    # team changes the registration.
    assert client.get(f"/vrijwilligers/{volunteer.pk}/").status_code == 200
    assert "/wijzigen/" not in client.get(f"/vrijwilligers/{volunteer.pk}/").text
    assert client.get(f"/vrijwilligers/{volunteer.pk}/wijzigen/").status_code == 404
    posted = client.post(
        f"/vrijwilligers/{volunteer.pk}/wijzigen/", _edit_form(volunteer, first_name="Anders")
    )
    assert posted.status_code == 404
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Femke"


def test_bad_input_on_the_edit_page_keeps_the_saved_registration(
    client_of, professional, volunteer
):
    response = client_of(professional).post(
        f"/vrijwilligers/{volunteer.pk}/wijzigen/",
        _edit_form(volunteer, first_name="Anders", vog_date="", active=""),
    )
    assert response.status_code == 200
    assert "Vul de datum van de VOG in." in response.text
    assert 'value="Anders"' in response.text  # what was typed stays in the form
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Femke" and volunteer.vog_date is not None
    assert volunteer.active


def test_an_expired_vog_shows_on_the_volunteer_and_retention_pages(
    client_of, professional, north, team_a
):
    old = VolunteerFactory(
        first_name="Verlopen",
        neighbourhood=north,
        team=team_a,
        vog_date=TODAY - datetime.timedelta(days=3 * 366 + 1),
    )
    client = client_of(professional)
    assert "VOG verlopen" in client.get(f"/vrijwilligers/{old.pk}/").text
    retention = client.get("/vrijwilligers/binding/").text
    assert "Verlopen" in retention and "VOG verlopen" in retention


# --- Requests ------------------------------------------------------------------


def test_the_case_page_offers_to_ask_for_a_volunteer(client_of, professional, case):
    page = client_of(professional).get(f"/trajecten/{case.pk}/").text
    assert f"/hulpvragen/nieuw/?traject={case.pk}" in page
    assert "Vrijwilliger vragen" in page


def test_a_request_from_the_case(client_of, professional, case, resident):
    client = client_of(professional)
    form = client.get(f"/hulpvragen/nieuw/?traject={case.pk}")
    assert form.status_code == 200 and resident.full_name in form.text
    refused = client.post(
        f"/hulpvragen/nieuw/?traject={case.pk}",
        {"person": resident.pk, "profile": "home_visitor", "needs": "Meekijken."},
    )
    assert "toestemming van de inwoner" in refused.text
    response = client.post(
        f"/hulpvragen/nieuw/?traject={case.pk}",
        {
            "person": resident.pk,
            "profile": "buddy",
            "needs": "Samen wandelen.",
            "languages": ["ar"],
            "availability": ["TU-AM"],
        },
    )
    created = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == url(created)
    assert created.case == case and created.team == case.team


def test_the_signal_page_offers_to_ask_for_a_volunteer(client_of, professional, team_a, resident):
    from tests.signals.factories import SignalFactory

    signal = SignalFactory(team=team_a, subject_person=resident)
    client = client_of(professional)
    page = client.get(f"/meldingen/{signal.pk}/").text
    link = f"/hulpvragen/nieuw/?melding={signal.pk}"
    assert link in page and "Vrijwilliger vragen" in page
    response = client.post(
        link,
        {"profile": "practical", "needs": "Hulp bij de tuin; meneer kan niet meer bukken."},
        follow=True,
    )
    created = Request.objects.get()
    assert response.redirect_chain[-1][0] == url(created)
    assert created.signal == signal and created.person == resident and created.team == team_a
    assert f"/meldingen/{signal.pk}/" in response.text


def test_only_who_may_ask_sees_the_button_on_the_signal(client_of, professional, team_a, resident):
    from tests.signals.factories import SignalFactory

    unlinked = SignalFactory(team=team_a)
    assert "?melding=" not in client_of(professional).get(f"/meldingen/{unlinked.pk}/").text
    # The report point handles the signal but coordinates no volunteers.
    linked = SignalFactory(team=team_a, subject_person=resident)
    intake = UserFactory(role=Role.INTAKE)
    page = client_of(intake).get(f"/meldingen/{linked.pk}/")
    assert page.status_code == 200 and "?melding=" not in page.text
    assert client_of(intake).get(f"/hulpvragen/nieuw/?melding={linked.pk}").status_code == 403


def test_another_team_cannot_start_from_the_case(client_of, professional_b, case):
    assert client_of(professional_b).get(f"/hulpvragen/nieuw/?traject={case.pk}").status_code == 404


def test_a_request_by_pseudonym(client_of, professional, resident, team_a):
    response = client_of(professional).post(
        "/hulpvragen/nieuw/",
        {
            "pseudonym": resident.pseudonym.lower(),
            "team": team_a.pk,
            "profile": "practical",
            "needs": "Hulp bij de tuin.",
        },
    )
    assert response.status_code == 302
    assert Request.objects.get().person == resident


def test_the_teams_requests_are_listed(client_of, professional, professional_b, buddy_request):
    page = client_of(professional).get("/hulpvragen/")
    assert url(buddy_request) in page.text
    assert url(buddy_request) not in client_of(professional_b).get("/hulpvragen/").text
    assert url(buddy_request) not in client_of(professional).get("/hulpvragen/?status=closed").text


def test_the_request_page_ranks_candidates_with_reasons(
    client_of, professional, buddy_request, volunteer
):
    response = client_of(professional).get(url(buddy_request))
    assert response.status_code == 200
    page = response.text
    for text in (
        "zelfde buurt",
        "2 van 3 interesses: koken en samen eten, wandelen",
        "spreekt Arabisch",
        "beschikbaar op 1 van 2 gevraagde dagdelen",
        "biedt maatje aan",
        "Femke Rozendaal",
        "Voorstellen",
    ):
        assert text in page
    assert '<th scope="col">' in page and "<caption>" in page
    assert AuditEvent.objects.filter(
        action="view", object_type="volunteers.request", object_id=str(buddy_request.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="list", object_type="volunteers.volunteer", object_id=str(volunteer.pk)
    ).exists()


def test_closing_a_request_needs_a_reason(client_of, professional, buddy_request):
    client = client_of(professional)
    refused = client.post(f"{url(buddy_request)}sluiten/", {"reason": ""}, follow=True)
    assert "Reden sluiten" in refused.text
    client.post(f"{url(buddy_request)}sluiten/", {"reason": "Familie helpt nu."})
    buddy_request.refresh_from_db()
    assert buddy_request.status == Request.Status.CLOSED
    assert buddy_request.closed_reason == "Familie helpt nu."


def test_another_team_gets_404_on_the_request(client_of, professional_b, buddy_request, proposed):
    client = client_of(professional_b)
    assert client.get(url(buddy_request)).status_code == 404
    assert client.get("/hulpvragen/999999/").status_code == 404
    posted = client.post(f"/koppelingen/{proposed.pk}/instemming/", {"side": "resident"})
    assert posted.status_code == 404
    assert not AuditEvent.objects.filter(actor=professional_b).exists()


def test_proposing_from_the_page(client_of, professional, buddy_request, volunteer):
    client = client_of(professional)
    response = client.post(
        f"{url(buddy_request)}voorstellen/", {"volunteer": volunteer.pk}, follow=True
    )
    match = Match.objects.get()
    assert match.volunteer == volunteer and match.status == Match.Status.PROPOSED
    assert "is voorgesteld" in response.text
    assert "De inwoner stemt in" in response.text
    # While a proposal runs, no other candidates are offered.
    assert "Kandidaten" not in response.text


def test_the_coordinator_records_the_residents_consent_and_the_follow_up_shows(
    client_of, professional, proposed, volunteer_user, context
):
    services.accept(volunteer_user, match=proposed, side="volunteer", context=context)
    response = client_of(professional).post(
        f"/koppelingen/{proposed.pk}/instemming/", {"side": "resident"}, follow=True
    )
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACTIVE
    page = response.text
    assert "Contactmomenten" in page
    for due in proposed.check_ins.values_list("due_on", flat=True):
        assert due.strftime("%d-%m-%Y") in page


def test_recording_a_check_in_and_ending_on_the_page(client_of, professional, active):
    client = client_of(professional)
    first = active.check_ins.first()
    client.post(f"/koppelingen/{active.pk}/contact/", {"check_in": first.pk, "note": "Goed."})
    first.refresh_from_db()
    assert first.done_on == TODAY
    refused = client.post(f"/koppelingen/{active.pk}/beeindigen/", {"reason": ""}, follow=True)
    assert "Reden einde" in refused.text
    refused = client.post(
        f"/koppelingen/{active.pk}/beeindigen/",
        {"reason": "Verhuisd.", "evaluation": ""},
        follow=True,
    )
    assert "Evaluatie: Schrijf een korte evaluatie" in refused.text
    active.refresh_from_db()
    assert active.status == Match.Status.ACTIVE
    client.post(
        f"/koppelingen/{active.pk}/beeindigen/",
        {"reason": "Verhuisd.", "evaluation": "Fijn contact; mevrouw gaat nu zelf naar de soos."},
    )
    active.refresh_from_db()
    assert active.status == Match.Status.ENDED and active.end_reason == "Verhuisd."
    assert active.evaluation.startswith("Fijn contact")


def test_the_request_page_costs_the_same_for_5_or_50_candidates(
    client_of, professional, buddy_request, north, east, team_a, django_assert_max_num_queries
):
    client = client_of(professional)

    def add(n):
        for i in range(n):
            VolunteerFactory(
                neighbourhood=north if i % 2 else east,
                latitude=52.09,
                longitude=5.12 + i / 1000,
                interests=["wandelen", "muziek"][: i % 3],
                languages=["ar"] if i % 2 else [],
                team=team_a,
            )

    add(5)
    client.get(url(buddy_request))  # warm caches (sessions, content types)
    with django_assert_max_num_queries(100) as five:
        assert client.get(url(buddy_request)).status_code == 200
    add(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        page = client.get(url(buddy_request))
    assert len(page.context["suggestions"]) == 10


# --- The volunteer's own matches --------------------------------------------


def test_the_volunteer_sees_a_first_name_and_the_needs_only(
    client_of, volunteer_user, proposed, resident
):
    response = client_of(volunteer_user).get("/mijn-koppelingen/")
    # The random CSRF tokens may contain "17" by chance; they are no address.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)
    assert response.status_code == 200
    assert "Fenna" in page
    assert proposed.request.needs in page
    for private in (
        resident.last_name,
        resident.street,
        "17",
        resident.postcode,
        resident.pseudonym,
        resident.date_of_birth.strftime("%d-%m-%Y"),
    ):
        assert private not in page, private
    assert (
        AuditEvent.objects.filter(
            actor=volunteer_user, action="list", object_type="volunteers.match"
        ).count()
        == 1
    )


def test_the_volunteer_accepts_and_declines_only_their_own(
    client_of, volunteer_user, proposed, north
):
    stranger = UserFactory(role=Role.VOLUNTEER)
    VolunteerFactory(user=stranger, neighbourhood=north)
    other = client_of(stranger)
    assert "Fenna" not in other.get("/mijn-koppelingen/").text
    assert other.post(f"/mijn-koppelingen/{proposed.pk}/accepteren/").status_code == 404
    response = client_of(volunteer_user).post(
        f"/mijn-koppelingen/{proposed.pk}/accepteren/", follow=True
    )
    assert "U doet mee" in response.text
    proposed.refresh_from_db()
    assert proposed.volunteer_accepted_at is not None


def test_the_volunteer_declines(client_of, volunteer_user, proposed):
    client_of(volunteer_user).post(f"/mijn-koppelingen/{proposed.pk}/afwijzen/")
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.DECLINED and proposed.declined_by == "volunteer"


def test_the_volunteer_sees_the_check_in_dates(client_of, volunteer_user, active):
    page = client_of(volunteer_user).get("/mijn-koppelingen/").text
    for due in active.check_ins.values_list("due_on", flat=True):
        assert due.strftime("%d-%m-%Y") in page


# --- The resident's answer in the portal ---------------------------------------


@pytest.fixture
def resident_user(resident):
    user = UserFactory(username="inwoner", role=Role.RESIDENT, first_name="Fenna")
    resident.user = user
    resident.save()
    return user


def test_the_resident_accepts_a_proposed_volunteer_in_the_portal(
    client_of, resident_user, volunteer_user, proposed, context
):
    client = client_of(resident_user)
    assert 'href="/mijn-vrijwilliger/"' in client.get("/").text
    response = client.get("/mijn-vrijwilliger/")
    page = response.text
    assert response.status_code == 200
    assert "Femke" in page and "Rozendaal" not in page  # the first name only
    assert proposed.request.needs in page
    assert "csrfmiddlewaretoken" in page and "Ja, graag" in page
    assert AuditEvent.objects.filter(
        actor=resident_user, action="list", object_type="volunteers.match"
    ).exists()
    response = client.post(f"/mijn-vrijwilliger/{proposed.pk}/accepteren/", follow=True)
    assert "U hebt ja gezegd" in response.text and "Ja, graag" not in response.text
    proposed.refresh_from_db()
    assert proposed.resident_accepted_at is not None
    assert proposed.status == Match.Status.PROPOSED
    assert AuditEvent.objects.filter(
        actor=resident_user,
        action="change",
        object_type="volunteers.match",
        object_id=str(proposed.pk),
    ).exists()
    services.accept(volunteer_user, match=proposed, side="volunteer", context=context)
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.ACTIVE


def test_the_resident_declines_in_the_portal(client_of, resident_user, proposed):
    client_of(resident_user).post(f"/mijn-vrijwilliger/{proposed.pk}/afwijzen/")
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.DECLINED and proposed.declined_by == "resident"
    assert "Femke" not in client_of(resident_user).get("/mijn-vrijwilliger/").text


def test_another_resident_cannot_answer_for_the_match(client_of, resident_user, proposed):
    stranger = UserFactory(role=Role.RESIDENT)
    client = client_of(stranger)
    assert "Femke" not in client.get("/mijn-vrijwilliger/").text
    assert client.post(f"/mijn-vrijwilliger/{proposed.pk}/accepteren/").status_code == 404
    proposed.refresh_from_db()
    assert proposed.resident_accepted_at is None


def test_the_resident_portal_is_not_for_staff(client_of, professional, proposed):
    client = client_of(professional)
    assert client.get("/mijn-vrijwilliger/").status_code == 403
    assert client.post(f"/mijn-vrijwilliger/{proposed.pk}/accepteren/").status_code == 403


# --- The home visit on the pages ----------------------------------------------


def test_the_home_visit_in_three_steps_and_a_gap(client_of, professional, home_match, north):
    coordinator = client_of(professional)
    coordinator.post(
        f"/koppelingen/{home_match.pk}/huisbezoek/",
        {
            "period_start": TODAY.isoformat(),
            "period_end": schedule.add_months(TODAY, 8).isoformat(),
        },
    )
    assert not hasattr(Match.objects.get(pk=home_match.pk), "home_visit")
    coordinator.post(
        f"/koppelingen/{home_match.pk}/huisbezoek/",
        {
            "period_start": TODAY.isoformat(),
            "period_end": schedule.add_months(TODAY, 3).isoformat(),
        },
    )
    visit = Match.objects.get(pk=home_match.pk).home_visit

    visitor = client_of(home_match.volunteer.user)
    page = visitor.get("/mijn-koppelingen/").text
    assert "Activerend huisbezoek" in page and "situatie verhelderen" in page
    visitor.post(
        f"/mijn-koppelingen/{home_match.pk}/notitie/",
        {"step": "action", "text": "Te vroeg."},
    )
    assert not visit.notes.exists()
    for step in ("clarify", "perspective", "action"):
        visitor.post(
            f"/mijn-koppelingen/{home_match.pk}/notitie/", {"step": step, "text": f"Stap {step}"}
        )
    assert [n.step for n in visit.notes.all()] == ["clarify", "perspective", "action"]
    visitor.post(
        f"/mijn-koppelingen/{home_match.pk}/signaal/",
        {"description": "Geen ontmoetingsplek voor ouderen in de buurt."},
    )
    signal = Signal.objects.get()
    assert signal.level == "meso" and signal.neighbourhood == north
    coordinator = client_of(professional)  # the test client is shared: log back in
    assert "Stap clarify" in coordinator.get(url(home_match.request)).text


# --- Retention ----------------------------------------------------------------


def test_the_retention_page(client_of, professional, active, resident, north, team_a):
    VolunteerFactory(first_name="Wachtend", neighbourhood=north, team=team_a)
    VolunteerFactory(neighbourhood=north, team=team_a, person=resident)
    first = active.check_ins.first()
    first.due_on = TODAY - datetime.timedelta(days=1)
    first.save()
    page = client_of(professional).get("/vrijwilligers/binding/").text
    assert "Wachtend" in page
    assert "te laat" in page and url(active.request) in page
    reciprocity = re.search(
        r"zelf ook inwoner in Wijknet zijn</dt><dd>(\d+)</dd>"
        r".*?ondersteuning.*?</dt><dd>(\d+)</dd>",
        page,
        re.S,
    )
    assert reciprocity is not None and reciprocity.groups() == ("1", "1")
