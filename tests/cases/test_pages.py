"""The case pages as users meet them: caseload, the case tabs, the plan with
its ladder and conflict message, the team overview and the resident's plan."""

import datetime

import pytest

from tests.cases.conftest import add_step, justify_all, live_match, set_plan_due
from tests.factories import PersonFactory, UserFactory, household_with, share_consent
from tests.signals.factories import SignalFactory
from wijknet.cases import services
from wijknet.cases.models import Case, PlanVersion
from wijknet.core.models import AuditEvent, Role
from wijknet.kaart.models import LifeDomain
from wijknet.signals import workflow

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
TABS = ["", "gesprek/", "plan/", "logboek/", "evaluaties/"]


def url(case, tab=""):
    return f"/trajecten/{case.pk}/{tab}"


def test_the_caseload_lists_the_coordinators_open_cases(client_of, professional, case):
    response = client_of(professional).get("/trajecten/")
    assert response.status_code == 200
    assert case.number in response.text
    assert AuditEvent.objects.filter(action="list", object_id=str(case.pk)).exists()


def test_the_caseload_says_so_when_empty(client_of, professional):
    response = client_of(professional).get("/trajecten/")
    assert "nog geen regiehouder" in response.text


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_opens_for_the_team_and_is_audited(client_of, professional, case, tab):
    response = client_of(professional).get(url(case, tab))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        actor=professional, action="view", object_type="cases.case", object_id=str(case.pk)
    ).exists()


@pytest.mark.parametrize("tab", TABS)
def test_another_team_gets_404_on_every_tab(client_of, professional_b, case, tab):
    assert client_of(professional_b).get(url(case, tab)).status_code == 404


def test_a_consent_backed_share_opens_the_case_read_only(
    client_of, professional, professional_b, team_b, case
):
    person = case.household.members.first().person
    share_consent(person, team_b, professional)
    client = client_of(professional_b)
    page = client.get(url(case))
    assert page.status_code == 200
    assert "niet wijzigen" in page.text
    posted = client.post(url(case, "logboek/"), {"on": TODAY, "kind": "contact", "text": "x"})
    assert posted.status_code == 403
    assert not case.log.exists()


@pytest.mark.parametrize("user", ["assessor", "resident_user"])
def test_roles_without_cases_get_no_case_page(client_of, request, case, user):
    assert client_of(request.getfixturevalue(user)).get(url(case)).status_code in (403, 404)


def test_opening_a_case_from_the_household_page(client_of, professional, team_a):
    household = household_with(PersonFactory(last_name="Bosman"), team=team_a)
    client = client_of(professional)
    assert "Traject openen" in client.get(f"/huishoudens/{household.pk}/").text
    bad = client.post(f"/huishoudens/{household.pk}/traject/", {"start_reason": "walk_in"})
    assert bad.status_code == 200 and "Dit veld is vereist" in bad.text
    response = client.post(
        f"/huishoudens/{household.pk}/traject/",
        {"start_reason": "walk_in", "reported_on": TODAY.isoformat(), "team": team_a.pk},
    )
    case = Case.objects.get(household=household)
    assert response.status_code == 302 and response.url == url(case)


def test_converting_a_signal_from_its_page(client_of, professional, team_a, household):
    signal = SignalFactory(
        team=team_a, status=workflow.DECIDE, subject_person=household.members.first().person
    )
    client = client_of(professional)
    assert "Traject openen" in client.get(f"/meldingen/{signal.pk}/").text
    response = client.post(f"/trajecten/uit-melding/{signal.pk}/")
    case = Case.objects.get(signal=signal)
    assert response.status_code == 302 and response.url == url(case)


def test_recording_a_conversation_keeps_input_on_error(client_of, professional, case):
    client = client_of(professional)
    bad = client.post(url(case, "gesprek/"), {"held_on": TODAY, "place": "home", "discussed": ""})
    assert bad.status_code == 400
    assert "Dit veld is vereist" in bad.text
    ok = client.post(
        url(case, "gesprek/"),
        {"held_on": TODAY, "place": "cafe", "discussed": "Over de buurt en het netwerk"},
    )
    assert ok.status_code == 302
    assert case.conversations.get().place == "cafe"


def test_the_plan_page_shows_the_ladder_picture_per_goal(
    client_of, professional, case, draft, context
):
    add_step(professional, case, draft, "network", context, others_action="buurman rijdt")
    page = client_of(professional).get(url(case, "plan/"))
    assert page.status_code == 200
    assert "<svg" in page.text and "ring-used ring-network" in page.text
    assert "ring-empty ring-individual" in page.text


def test_the_plan_page_names_a_goals_result_area_and_life_domain(
    client_of, professional, case, goal, context
):
    services.save_goal(
        professional,
        case=case,
        goal=goal,
        revision=goal.revision,
        context=context,
        title=goal.title,
        result_area=goal.result_area,
        life_domain=LifeDomain.objects.get(code="wonen"),
    )
    page = client_of(professional).get(url(case, "plan/")).text
    assert "(participatie, wonen)" in page


def test_an_individual_step_is_refused_on_the_page_until_the_reasons_are_there(
    client_of, professional, case, draft, context
):
    client = client_of(professional)
    draft.refresh_from_db()
    plan_goal = draft.plan_goals.get()
    prefix = f"s{plan_goal.pk}"
    data = {
        "plan_goal": plan_goal.pk,
        f"{prefix}-revision": draft.revision,
        f"{prefix}-ladder_level": "individual",
        f"{prefix}-wmo_claim": "huishoudelijke hulp",
    }
    refused = client.post(url(case, "plan/step/"), data)
    assert refused.status_code == 400
    assert "binnenste treden" in refused.text
    assert "huishoudelijke hulp" in refused.text  # the input stays
    justify_all(professional, case, draft, context)
    draft.refresh_from_db()
    data[f"{prefix}-revision"] = draft.revision
    assert client.post(url(case, "plan/step/"), data).status_code == 302
    assert plan_goal.steps.get().ladder_level == "individual"


def test_a_stale_plan_form_gets_the_conflict_message_and_keeps_the_input(
    client_of, professional, case, draft, context
):
    draft.refresh_from_db()
    stale = draft.revision
    add_step(professional, case, draft, "own", context)  # someone else's change
    response = client_of(professional).post(
        url(case, "plan/header/"),
        {"revision": stale, "drawn_up_on": TODAY, "aids": "een rollator"},
    )
    assert response.status_code == 409
    assert "Iemand anders heeft dit plan" in response.text
    assert "een rollator" in response.text
    draft.refresh_from_db()
    assert draft.aids == ""


def test_setting_the_plan_on_the_page_names_what_is_missing(client_of, professional, case, draft):
    draft.refresh_from_db()
    response = client_of(professional).post(
        url(case, "plan/set/"), {"revision": draft.revision}, follow=True
    )
    assert "Kies een evaluatiedatum" in response.text
    draft.refresh_from_db()
    assert draft.status == PlanVersion.Status.DRAFT


def test_the_resident_sees_the_set_plan_agrees_to_a_report_and_comments(
    client_of, professional, resident_user, case, draft, context
):
    add_step(professional, case, draft, "own", context, own_action="Elke dag een rondje lopen")
    draft.refresh_from_db()
    services.update_plan_header(
        professional,
        case=case,
        version=draft,
        revision=draft.revision,
        evaluation_on=TODAY + datetime.timedelta(days=30),
        context=context,
    )
    draft.refresh_from_db()
    services.set_plan(
        professional, case=case, version=draft, revision=draft.revision, context=context
    )
    conversation = services.record_conversation(
        professional, case=case, place="home", discussed="x", context=context
    )
    report = services.write_report(
        professional,
        conversation=conversation,
        support_need="Vervoer",
        arrangement="Buurtbus proberen",
        context=context,
    )
    client = client_of(resident_user)
    page = client.get("/mijn-plan/")
    assert "Elke dag een rondje lopen" in page.text and "Buurtbus proberen" in page.text
    client.post("/mijn-plan/", {"action": "agree", "report": report.pk, "comment": ""})
    report.refresh_from_db()
    assert report.resident_agreement == "portal"
    client.post("/mijn-plan/", {"action": "comment", "text": "Liever 's middags"})
    assert draft.comments.get().text == "Liever 's middags"


def test_another_resident_sees_no_plan(client_of, case):
    from tests.factories import UserFactory

    other = UserFactory(role="resident")
    page = client_of(other).get("/mijn-plan/")
    assert "geen ondersteuningstraject" in page.text


def test_the_team_overview_allocates_new_cases(client_of, team_lead, professional, case):
    case.coordinator = None
    case.save()
    client = client_of(team_lead)
    page = client.get("/trajecten/team/")
    assert case.number in page.text
    client.post(f"/trajecten/{case.pk}/actie/allocate/", {"coordinator": professional.pk})
    case.refresh_from_db()
    assert case.coordinator == professional


def test_the_team_lead_follows_the_overdue_count_to_the_teams_overdue_investigations(
    client_of, team_lead, professional, professional_b, team_a, team_b, case, context
):
    """The count on the team overview links to the list; it lists the own
    team's late investigations, not a case another team shared for reading."""
    late = TODAY - datetime.timedelta(days=2)
    Case.objects.filter(pk=case.pk).update(investigation_due=late)
    person = PersonFactory(last_name="Elders")
    other = services.open_case(
        professional_b,
        household=household_with(person, team=team_b),
        team=team_b,
        start_reason="walk_in",
        context=context,
    )
    Case.objects.filter(pk=other.pk).update(investigation_due=late)
    share_consent(person, team_a, professional_b)
    client = client_of(team_lead)
    assert client.get(url(other)).status_code == 200  # the share lets team A read it
    overview = client.get("/trajecten/team/")
    assert 'href="/aanvragen/#h-investigations">1<' in overview.text
    page = client.get("/aanvragen/")
    assert page.status_code == 200
    section = page.text.split('id="h-investigations"')[1]
    assert case.number in section and other.number not in section


def test_the_team_overview_is_for_team_leads(client_of, professional):
    assert client_of(professional).get("/trajecten/team/").status_code == 403


def _more_cases(n, professional, team_a, context):
    for i in range(n):
        household = household_with(PersonFactory(last_name=f"Extra{i}"), team=team_a)
        case = services.open_case(
            professional,
            household=household,
            team=team_a,
            start_reason="walk_in",
            context=context,
        )
        case.coordinator = professional
        case.save()


def test_the_caseload_query_count_does_not_grow_with_its_rows(
    client_of, professional, team_a, case, context, django_assert_max_num_queries
):
    client = client_of(professional)
    with django_assert_max_num_queries(14):
        client.get("/trajecten/")
    _more_cases(8, professional, team_a, context)
    with django_assert_max_num_queries(14):
        assert client.get("/trajecten/").text.count("/trajecten/") > 8


def test_the_case_and_plan_pages_have_a_fixed_query_budget(
    client_of, professional, case, draft, context, django_assert_max_num_queries
):
    client = client_of(professional)
    for _ in range(3):
        add_step(professional, case, draft, "own", context)
    with django_assert_max_num_queries(20):
        assert client.get(url(case)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(url(case, "plan/")).status_code == 200
    for _ in range(6):
        add_step(professional, case, draft, "network", context, others_action="buren")
    with django_assert_max_num_queries(30):
        assert client.get(url(case, "plan/")).status_code == 200


def test_a_step_links_to_a_social_map_entry_found_from_the_plan(
    client_of, professional, case, draft
):
    from tests.factories import OrganisationFactory
    from wijknet.kaart import services as kaart_services

    coffee = kaart_services.save_service(
        None,
        organisation=OrganisationFactory(name="Stichting Samen"),
        name="Koffieochtend De Linde",
        description="Samen koffie drinken tegen eenzaamheid.",
    )
    client = client_of(professional)
    found = client.get(url(case, "plan/") + "?kaart=eenzaam")
    assert "Koffieochtend De Linde" in found.text
    draft.refresh_from_db()
    plan_goal = draft.plan_goals.get()
    prefix = f"s{plan_goal.pk}"
    response = client.post(
        url(case, "plan/step/") + "?kaart=eenzaam",
        {
            "plan_goal": plan_goal.pk,
            f"{prefix}-revision": draft.revision,
            f"{prefix}-ladder_level": "general",
            f"{prefix}-own_action": "Dinsdag naar de koffieochtend",
            f"{prefix}-service": coffee.pk,
        },
    )
    assert response.status_code == 302
    step = plan_goal.steps.get()
    assert step.service == coffee
    page = client.get(url(case, "plan/"))
    assert f'href="/sociale-kaart/{coffee.pk}/"' in page.text


def test_a_step_without_a_map_entry_is_fine_and_an_unknown_entry_is_refused(
    client_of, professional, case, draft
):
    client = client_of(professional)
    draft.refresh_from_db()
    plan_goal = draft.plan_goals.get()
    prefix = f"s{plan_goal.pk}"
    data = {
        "plan_goal": plan_goal.pk,
        f"{prefix}-revision": draft.revision,
        f"{prefix}-ladder_level": "own",
        f"{prefix}-own_action": "Zelf de bus nemen",
    }
    assert (
        client.post(url(case, "plan/step/"), {**data, f"{prefix}-service": 999999}).status_code
        == 400
    )
    assert client.post(url(case, "plan/step/"), data).status_code == 302
    assert plan_goal.steps.get().service is None


def test_the_caseload_lists_the_evaluations_of_ones_own_cases_and_links_the_teams(
    client_of, professional, team_a, case, draft, context
):
    """'Mijn caseload' names the evaluations due of the cases the user
    coordinates; the team's, with their coordinators, are one link away."""
    set_plan_due(professional, case, draft, context)
    caseload = client_of(professional).get("/trajecten/")
    assert f"/trajecten/{case.pk}/evaluaties/" in caseload.text
    assert 'href="/trajecten/evaluaties/"' in caseload.text

    colleague = UserFactory(username="collega", role=Role.PROFESSIONAL, team=team_a)
    Case.objects.filter(pk=case.pk).update(coordinator=colleague)  # the team lead's allocation
    caseload = client_of(professional).get("/trajecten/")
    assert f"/trajecten/{case.pk}/evaluaties/" not in caseload.text
    assert "Van uw eigen trajecten staat deze week geen evaluatie gepland." in caseload.text
    team = client_of(professional).get("/trajecten/evaluaties/")
    assert f"/trajecten/{case.pk}/evaluaties/" in team.text
    assert colleague.get_full_name() in team.text


def test_the_caseload_lists_aftercare_that_is_due(client_of, professional, case, context):
    services.close_case(
        professional,
        case=case,
        reason="goals_reached",
        aftercare_on=TODAY + datetime.timedelta(days=3),
        context=context,
    )
    page = client_of(professional).get("/trajecten/")
    assert "Nazorg" in page.text and case.number in page.text


def test_a_case_page_read_writes_exactly_one_audit_row_and_a_refused_read_none(
    client_of, professional, professional_b, case
):
    from wijknet.core.models import AuditEvent

    before = AuditEvent.objects.count()
    client_of(professional_b).get(url(case))
    assert AuditEvent.objects.count() == before
    client_of(professional).get(url(case), REMOTE_ADDR="10.1.2.3")
    row = AuditEvent.objects.filter(object_type="cases.case", action="view").get()
    assert (row.object_id, row.actor, row.actor_role, row.purpose, row.route, row.ip) == (
        str(case.pk),
        professional,
        "professional",
        "support",
        "cases:detail",
        "10.1.2.3",
    )


def test_the_resident_sees_reads_of_their_case_in_their_access_log(
    client_of, professional, resident_user, case
):
    client_of(professional).get(url(case))
    log = client_of(resident_user).get("/mijn-gegevens/inzage/")
    assert professional.get_full_name() in log.text or professional.username in log.text


def test_the_caseload_pages_through_many_cases_without_gaps_or_repeats(
    client_of, professional, team_a, case, context
):
    _more_cases(29, professional, team_a, context)
    client = client_of(professional)
    seen, cursor = [], None
    for _ in range(3):
        response = client.get("/trajecten/", {"na": cursor} if cursor else {})
        seen += [row.number for row in response.context["page"].rows]
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 30


def test_the_team_overview_pages_by_opening_time(
    client_of, team_lead, professional, team_a, context
):
    _more_cases(30, professional, team_a, context)
    Case.objects.update(coordinator=None)
    client = client_of(team_lead)
    first = client.get("/trajecten/team/").context["page"]
    second = client.get("/trajecten/team/", {"na": first.next_cursor}).context["page"]
    numbers = [c.number for c in first.rows + second.rows]
    assert len(numbers) == len(set(numbers)) == 30


# --- What others do: a volunteer match -----------------------------------------------


def _post_match_step(client, case, draft, match_id):
    draft.refresh_from_db()
    plan_goal = draft.plan_goals.get()
    prefix = f"s{plan_goal.pk}"
    return client.post(
        url(case, "plan/step/"),
        {
            "plan_goal": plan_goal.pk,
            f"{prefix}-revision": draft.revision,
            f"{prefix}-ladder_level": "collective",
            f"{prefix}-others_action": "Gaat mee naar de soos",
            f"{prefix}-volunteer_match": match_id,
        },
    )


def test_a_step_names_a_volunteer_match_of_the_household(
    client_of, professional, case, draft, household
):
    joke = household.members.get(person__first_name="Joke").person
    match = live_match(joke, case.team, professional)
    client = client_of(professional)
    plan = client.get(url(case, "plan/"))
    assert "Buddy Testpersoon (maatje, voorgesteld), vrijwilliger van Joke" in plan.text
    assert _post_match_step(client, case, draft, match.pk).status_code == 302
    assert draft.plan_goals.get().steps.get().volunteer_match == match
    plan = client.get(url(case, "plan/"))
    assert "Vrijwilliger Buddy Testpersoon (maatje)" in plan.text


def test_a_step_refuses_a_match_of_another_household_or_one_that_ended(
    client_of, professional, team_a, case, draft, household
):
    stranger = PersonFactory()
    household_with(stranger, team=team_a)  # the team's, but not this household
    other = live_match(stranger, team_a, professional, status="active")
    ended = live_match(household.members.first().person, team_a, professional, status="ended")
    client = client_of(professional)
    for match in (other, ended):
        response = _post_match_step(client, case, draft, match.pk)
        assert response.status_code == 400
        assert "Selecteer een geldige keuze" in response.text
    assert not draft.plan_goals.get().steps.exists()


def test_the_plan_page_names_many_volunteers_in_a_fixed_number_of_queries(
    client_of, professional, case, draft, household, context, django_assert_max_num_queries
):
    person = household.members.first().person
    client = client_of(professional)
    for _ in range(2):
        add_step(
            professional,
            case,
            draft,
            "collective",
            context,
            volunteer_match=live_match(person, case.team, professional),
        )
    with django_assert_max_num_queries(32) as counted:
        assert client.get(url(case, "plan/")).status_code == 200
    few = len(counted)
    for _ in range(4):
        add_step(
            professional,
            case,
            draft,
            "collective",
            context,
            volunteer_match=live_match(person, case.team, professional),
        )
    with django_assert_max_num_queries(few):
        assert client.get(url(case, "plan/")).text.count("Vrijwilliger Buddy") == 6
