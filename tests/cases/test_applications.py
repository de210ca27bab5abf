"""Applications, decisions and objections: drawn up from the set plan,
submitted with a legal deadline, decided by an assessor who did not write
the plan, and handed out as PDF documents."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.cases.conftest import add_step, justify_all
from tests.factories import PersonFactory, UserFactory, household_with
from wijknet.cases import phases, services
from wijknet.cases.models import Application, CaseEvent, Decision, PlanVersion
from wijknet.cases.services import applications
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditEvent, AuditPurpose, LegalTerm, Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def set_plan(actor, case, version, context, *, individual=True):
    """Set the draft: one goal with a network step and, unless told
    otherwise, an individual step with every inner ring justified."""
    add_step(actor, case, version, "network", context, others_action="buurman rijdt op zaterdag")
    if individual:
        justify_all(actor, case, version, context)
        add_step(
            actor,
            case,
            version,
            "individual",
            context,
            wmo_claim="Individuele begeleiding, 3 uur per week\nvia zorgaanbieder",
            professional_help="Begeleider helpt plannen",
        )
    version.refresh_from_db()
    services.update_plan_header(
        actor,
        case=case,
        version=version,
        revision=version.revision,
        evaluation_on=TODAY() + datetime.timedelta(days=60),
        providers="Zorgaanbieder De Brug",
        funding="Gemeente via de Wmo",
        context=context,
    )
    version.refresh_from_db()
    return services.set_plan(
        actor, case=case, version=version, revision=version.revision, context=context
    )


def write_report(actor, case, context):
    conversation = services.record_conversation(
        actor,
        case=case,
        context=context,
        held_on=TODAY(),
        place="home",
        discussed="Mevrouw komt de deur niet meer uit.",
    )
    return services.write_report(
        actor,
        conversation=conversation,
        support_need="Mevrouw wil weer naar de dagbesteding maar kan er niet komen.",
        arrangement="Het wijkteam vraagt begeleiding aan.",
        context=context,
    )


def complete(actor, application, context):
    return applications.update_application(
        actor,
        application=application,
        analysis="Vervoer en structuur ontbreken sinds het overlijden van haar man.",
        form=Application.Form.IN_KIND,
        context=context,
    )


@pytest.fixture
def set_version(case, draft, professional, context):
    return set_plan(professional, case, draft, context)


@pytest.fixture
def application(case, set_version, professional, context):
    write_report(professional, case, context)
    return applications.draft_from_plan(professional, case=case, context=context)


@pytest.fixture
def submitted(application, professional, context):
    complete(professional, application, context)
    return applications.submit(professional, application=application, context=context)


def granted(assessor, application, context, **fields):
    values = {
        "outcome": Decision.Outcome.GRANTED,
        "reasons": "De inwoner kan zonder begeleiding niet deelnemen; de binnenste treden "
        "zijn overwogen.",
        "provision": "Individuele begeleiding",
        "volume": "3 uur per week",
        "period_start": TODAY(),
        "period_end": TODAY() + datetime.timedelta(days=365),
        "own_contribution": "",
    }
    values.update(fields)
    return applications.decide(assessor, application=application, context=context, **values)


# --- Drawing up ----------------------------------------------------------------


def test_an_application_needs_a_set_plan(case, draft, professional, context):
    justify_all(professional, case, draft, context)
    add_step(professional, case, draft, "individual", context, wmo_claim="begeleiding")
    with pytest.raises(ValidationError) as refused:
        applications.draft_from_plan(professional, case=case, context=context)
    assert "vastgesteld plan" in refused.value.messages[0]
    assert not Application.objects.exists()


def test_an_application_needs_an_individual_step_in_the_set_plan(
    case, draft, professional, context
):
    set_plan(professional, case, draft, context, individual=False)
    with pytest.raises(ValidationError) as refused:
        applications.draft_from_plan(professional, case=case, context=context)
    assert "individuele voorziening" in refused.value.messages[0]
    assert not Application.objects.exists()


def test_the_draft_is_filled_in_from_the_report_and_the_plan(
    application, case, goal, set_version, professional
):
    assert application.status == Application.Status.DRAFT
    assert application.plan_version == set_version
    assert application.created_by == professional
    assert application.applicant.first_name == "Joke"
    assert application.problems.startswith("Mevrouw wil weer naar de dagbesteding")
    assert goal.title in application.intended_results
    assert "Individuele begeleiding, 3 uur per week" in application.measures
    assert "Begeleider helpt plannen" in application.measures
    # Why the inner rings fall short, per goal, from the ladder reasons.
    assert "De dochter woont in Groningen" in application.direction
    assert "sociaal netwerk" in application.direction
    # The provision is the first line of the first individual step's claim.
    assert application.provision == "Individuele begeleiding, 3 uur per week"
    assert AuditEvent.objects.filter(
        action="create", object_type="cases.application", object_id=str(application.pk)
    ).exists()


def test_only_the_case_team_draws_up_an_application(case, set_version, professional_b, context):
    with pytest.raises(PermissionDenied):
        applications.draft_from_plan(professional_b, case=case, context=context)


def test_missing_elements_are_named_and_the_seventh_is_optional(application):
    missing = applications.missing_elements(application)
    assert missing == [
        "een probleemanalyse",
        "de vorm: in natura of als persoonsgebonden budget (pgb)",
        "eventueel een nieuwe oplossing (niet verplicht)",
    ]


def test_submitting_is_refused_while_a_required_element_is_missing(
    application, professional, context
):
    with pytest.raises(ValidationError) as refused:
        applications.submit(professional, application=application, context=context)
    text = " ".join(refused.value.messages)
    assert "een probleemanalyse" in text
    assert "de vorm" in text
    assert "nieuwe oplossing" not in text
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.submitted_on is None


def test_an_applicant_from_outside_the_household_is_refused(application, professional, context):
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        applications.update_application(
            professional, application=application, applicant=stranger, context=context
        )
    assert "applicant" in refused.value.message_dict


# --- Submitting -------------------------------------------------------------------


def test_submitting_sets_the_decision_deadline_from_the_legal_term(
    application, case, professional, context
):
    LegalTerm.objects.filter(key=LegalTerm.Key.DECISION).update(amount=3)
    complete(professional, application, context)
    applications.submit(professional, application=application, context=context)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_on == timezone.localdate()
    assert application.decision_due == timezone.localdate() + datetime.timedelta(weeks=3)
    case.refresh_from_db()
    assert case.access_step >= phases.CHECKING


def test_the_default_decision_deadline_is_two_weeks(submitted):
    assert submitted.decision_due - submitted.submitted_on == datetime.timedelta(weeks=2)


def test_a_submitted_application_cannot_be_changed(submitted, professional, context):
    with pytest.raises(ValidationError):
        applications.update_application(
            professional, application=submitted, analysis="anders", context=context
        )
    with pytest.raises(ValidationError):
        applications.submit(professional, application=submitted, context=context)


def test_only_the_case_team_submits(application, professional, professional_b, context):
    complete(professional, application, context)
    with pytest.raises(PermissionDenied):
        applications.submit(professional_b, application=application, context=context)


# --- Deciding ---------------------------------------------------------------------


def test_an_assessor_decides_a_submitted_application(submitted, assessor, context):
    decision = granted(assessor, submitted, context, own_contribution="€ 21,20 per maand")
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.DECIDED
    assert decision.assessor == assessor
    assert decision.volume == "3 uur per week"
    assert decision.own_contribution == "€ 21,20 per maand"
    assert AuditEvent.objects.filter(
        actor=assessor, action="change", object_type="cases.application"
    ).exists()
    submitted.case.refresh_from_db()
    assert submitted.case.access_step == phases.CARRYING_OUT


def test_an_assessor_who_edited_the_plan_may_not_decide(submitted, case, context):
    editor = UserFactory(role=Role.ASSESSOR)
    CaseEvent.objects.create(case=case, actor=editor, kind=CaseEvent.Kind.PLAN, note="stap")
    assert editor.pk in services.plan_authors(case)
    with pytest.raises(PermissionDenied):
        granted(editor, submitted, context)
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.SUBMITTED
    assert not Decision.objects.exists()


def test_the_plan_author_switched_to_assessor_may_not_decide(submitted, professional, context):
    professional.role = Role.ASSESSOR
    professional.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        granted(professional, submitted, context)
    assert not Decision.objects.exists()


def test_whoever_drew_up_the_application_may_not_decide(submitted, case, context):
    drafter = UserFactory(role=Role.ASSESSOR)
    Application.objects.filter(pk=submitted.pk).update(created_by=drafter)
    submitted.refresh_from_db()
    assert drafter.pk not in services.plan_authors(case)
    with pytest.raises(PermissionDenied):
        granted(drafter, submitted, context)


def test_a_different_assessor_may_decide_after_a_plan_author_was_refused(
    submitted, case, assessor, context
):
    editor = UserFactory(role=Role.ASSESSOR)
    CaseEvent.objects.create(case=case, actor=editor, kind=CaseEvent.Kind.PLAN)
    with pytest.raises(PermissionDenied):
        granted(editor, submitted, context)
    granted(assessor, submitted, context)
    assert Decision.objects.get().assessor == assessor


def test_only_an_assessor_decides(submitted, professional, team_lead, context):
    for actor in (professional, team_lead):
        with pytest.raises(PermissionDenied):
            granted(actor, submitted, context)


def test_a_draft_cannot_be_decided(application, assessor, context):
    with pytest.raises(PermissionDenied):
        granted(assessor, application, context)


def test_an_application_is_decided_once(submitted, assessor, context):
    granted(assessor, submitted, context)
    other = UserFactory(role=Role.ASSESSOR)
    with pytest.raises(ValidationError):
        granted(other, submitted, context)
    assert Decision.objects.count() == 1


def test_a_grant_needs_provision_volume_and_start(submitted, assessor, context):
    with pytest.raises(ValidationError) as refused:
        granted(assessor, submitted, context, provision="", volume=" ", period_start=None)
    assert set(refused.value.message_dict) == {"provision", "volume", "period_start"}
    assert not Decision.objects.exists()


def test_every_outcome_needs_reasons_and_a_known_outcome(submitted, assessor, context):
    with pytest.raises(ValidationError) as refused:
        granted(assessor, submitted, context, outcome="maybe", reasons="")
    assert {"outcome", "reasons"} <= set(refused.value.message_dict)


def test_the_period_may_not_end_before_it_starts(submitted, assessor, context):
    with pytest.raises(ValidationError) as refused:
        granted(
            assessor,
            submitted,
            context,
            outcome=Decision.Outcome.PARTLY,
            period_end=TODAY() - datetime.timedelta(days=1),
        )
    assert "period_end" in refused.value.message_dict


def test_a_refusal_needs_only_reasons_and_grants_nothing(submitted, assessor, context):
    decision = applications.decide(
        assessor,
        application=submitted,
        outcome=Decision.Outcome.REFUSED,
        reasons="Een algemene voorziening volstaat.",
        volume="3 uur",
        context=context,
    )
    assert decision.provision == submitted.provision
    assert decision.volume == ""
    assert decision.period_start is None


def test_no_own_contribution_under_eighteen(submitted, assessor, context):
    applicant = submitted.applicant
    applicant.date_of_birth = TODAY() - datetime.timedelta(days=15 * 365)
    applicant.save()
    with pytest.raises(ValidationError) as refused:
        granted(assessor, submitted, context, own_contribution="€ 10 per maand")
    assert "own_contribution" in refused.value.message_dict


# --- Objections --------------------------------------------------------------------


def test_an_objection_is_recorded_by_the_assessor_or_the_team(
    submitted, assessor, professional, professional_b, context
):
    decision = granted(assessor, submitted, context)
    applications.record_objection(
        assessor, decision=decision, received_on=TODAY(), grounds="Te weinig uren.", context=context
    )
    applications.record_objection(
        professional,
        decision=decision,
        received_on=TODAY(),
        grounds="Ook per brief.",
        context=context,
    )
    assert decision.objections.count() == 2
    with pytest.raises(PermissionDenied):
        applications.record_objection(
            professional_b, decision=decision, received_on=TODAY(), grounds="x", context=context
        )
    with pytest.raises(ValidationError) as refused:
        applications.record_objection(
            assessor,
            decision=decision,
            received_on=TODAY() + datetime.timedelta(days=1),
            grounds="",
            context=context,
        )
    assert set(refused.value.message_dict) == {"received_on", "grounds"}


def test_the_objection_term_is_six_weeks_after_the_decision(submitted, assessor, context):
    decision = granted(assessor, submitted, context)
    assert applications.objection_due(decision) == decision.decided_on + datetime.timedelta(weeks=6)


# --- Deadlines and the queue --------------------------------------------------------


def test_an_application_past_its_due_date_is_overdue(submitted, assessor, context):
    assert applications.overdue_decisions(assessor, context=context) == []
    Application.objects.filter(pk=submitted.pk).update(
        decision_due=TODAY() - datetime.timedelta(days=1)
    )
    overdue = applications.overdue_decisions(assessor, context=context)
    assert [row.pk for row in overdue] == [submitted.pk]


def test_the_queue_page_shows_the_overdue_application(submitted, assessor, client_of):
    Application.objects.filter(pk=submitted.pk).update(
        decision_due=TODAY() - datetime.timedelta(days=3)
    )
    html = client_of(assessor).get("/aanvragen/").content.decode()
    assert "Beslistermijn verstreken" in html
    assert f"/aanvragen/{submitted.pk}/" in html
    assert "Aanvragen beoordelen" in html


def test_overdue_investigations_are_the_actors_open_late_cases(
    case, professional, professional_b, context, client_of
):
    case.investigation_due = TODAY() - datetime.timedelta(days=1)
    case.save(update_fields=["investigation_due"])
    assert [c.pk for c in applications.overdue_investigations(professional, context=context)] == [
        case.pk
    ]
    assert applications.overdue_investigations(professional_b, context=context) == []
    case.investigation_done_on = TODAY()
    case.save(update_fields=["investigation_done_on"])
    assert applications.overdue_investigations(professional, context=context) == []


def test_the_queue_is_soonest_deadline_first_and_pages_by_key(
    submitted, professional, assessor, team_a, context
):
    later = _submitted_application(professional, team_a, due=TODAY() + datetime.timedelta(days=30))
    sooner = _submitted_application(professional, team_a, due=TODAY() - datetime.timedelta(days=2))
    first = applications.assessor_queue(assessor, cursor=None, context=context, size=2)
    assert [row.pk for row in first.rows] == [sooner.pk, submitted.pk]
    assert first.next_cursor
    second = applications.assessor_queue(
        assessor, cursor=first.next_cursor, context=context, size=2
    )
    assert [row.pk for row in second.rows] == [later.pk]
    logged = AuditEvent.objects.filter(actor=assessor, action="list")
    assert sorted(int(e.object_id) for e in logged) == sorted([sooner.pk, submitted.pk, later.pk])


def _submitted_application(professional, team, *, due):
    """A submitted application on a case of its own, written straight to the
    database: the queue only reads it."""
    person = PersonFactory()
    household = household_with(person, team=team)
    case = services.open_case(
        professional,
        household=household,
        team=team,
        start_reason="walk_in",
        context=AuditContext(purpose=AuditPurpose.SUPPORT, route="tests"),
    )
    version = PlanVersion.objects.create(
        case=case, number=1, status=PlanVersion.Status.SET, created_by=professional
    )
    return Application.objects.create(
        case=case,
        plan_version=version,
        applicant=person,
        created_by=professional,
        provision="Huishoudelijke hulp",
        status=Application.Status.SUBMITTED,
        submitted_on=TODAY(),
        decision_due=due,
    )


def test_the_queue_page_has_a_fixed_number_of_queries(
    professional, assessor, team_a, client_of, django_assert_max_num_queries
):
    client = client_of(assessor)
    _submitted_application(professional, team_a, due=TODAY() - datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as one:
        assert client.get("/aanvragen/").status_code == 200
    for days in range(1, 5):
        _submitted_application(professional, team_a, due=TODAY() - datetime.timedelta(days=days))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/aanvragen/")
    assert response.content.decode().count("Huishoudelijke hulp") == 10  # queue + overdue


def test_the_queue_is_closed_to_roles_without_applications(client_of):
    intake = UserFactory(role=Role.INTAKE)
    assert client_of(intake).get("/aanvragen/").status_code == 403


# --- Pages ----------------------------------------------------------------------------


def test_the_tab_drafts_edits_and_submits_an_application(
    case, set_version, professional, client_of
):
    client = client_of(professional)
    tab = f"/trajecten/{case.pk}/aanvragen/"
    page = client.get(tab).content.decode()
    assert "Aanvraag opstellen uit het plan" in page
    response = client.post(f"{tab}nieuw/")
    assert response.status_code == 302
    application = Application.objects.get()
    page = client.get(tab).content.decode()
    assert "Nog niet ingevuld" in page
    assert "een probleemanalyse" in page
    assert "(niet verplicht)" in page

    prefix = f"a{application.pk}"
    data = {
        f"{prefix}-applicant": application.applicant_id,
        f"{prefix}-provision": application.provision,
        f"{prefix}-problems": application.problems or "Problemen",
        f"{prefix}-analysis": "Analyse van de situatie.",
        f"{prefix}-direction": application.direction,
        f"{prefix}-intended_results": application.intended_results,
        f"{prefix}-measures": application.measures,
        f"{prefix}-form": "pgb",
        f"{prefix}-new_solution": "",
    }
    assert client.post(f"{tab}{application.pk}/wijzigen/", data).status_code == 302
    assert client.post(f"{tab}{application.pk}/indienen/").status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.form == "pgb"


def test_an_invalid_edit_shows_the_form_again(application, case, professional, client_of):
    prefix = f"a{application.pk}"
    response = client_of(professional).post(
        f"/trajecten/{case.pk}/aanvragen/{application.pk}/wijzigen/",
        {f"{prefix}-applicant": application.applicant_id, f"{prefix}-provision": ""},
    )
    assert response.status_code == 400
    assert "Controleer de gegevens" in response.content.decode()


def test_the_assessor_page_shows_the_elements_and_the_plan_parts(
    submitted, goal, assessor, client_of
):
    response = client_of(assessor).get(f"/aanvragen/{submitted.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een probleemanalyse" in html
    assert goal.title in html
    assert "De dochter woont in Groningen" in html
    assert "Besluit vastleggen" in html
    row = AuditEvent.objects.get(actor=assessor, action="view")
    assert (row.object_type, row.object_id) == ("cases.application", str(submitted.pk))


def test_the_assessor_decides_through_the_page(submitted, assessor, client_of):
    response = client_of(assessor).post(
        f"/aanvragen/{submitted.pk}/besluit/",
        {
            "outcome": "granted",
            "reasons": "Toegekend na beoordeling.",
            "provision": "Individuele begeleiding",
            "volume": "3 uur per week",
            "period_start": TODAY().isoformat(),
            "period_end": "",
            "own_contribution": "",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.DECIDED


def test_a_decision_form_with_errors_answers_400(submitted, assessor, client_of):
    response = client_of(assessor).post(
        f"/aanvragen/{submitted.pk}/besluit/", {"outcome": "granted", "reasons": ""}
    )
    assert response.status_code == 400
    assert "Motiveer het besluit" in response.content.decode()


def test_the_plan_author_sees_no_decision_form_and_is_refused(submitted, professional, client_of):
    professional.role = Role.ASSESSOR
    professional.save(update_fields=["role"])
    client = client_of(professional)
    html = client.get(f"/aanvragen/{submitted.pk}/").content.decode()
    assert "Een andere consulent beslist" in html
    assert "Besluit vastleggen" not in html
    response = client.post(
        f"/aanvragen/{submitted.pk}/besluit/",
        {"outcome": "refused", "reasons": "Niet nodig."},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_another_team_gets_404_on_the_application_pages(
    submitted, case, assessor, professional_b, client_of, context
):
    granted(assessor, submitted, context)
    before = AuditEvent.objects.count()
    client = client_of(professional_b)
    for url in (
        f"/aanvragen/{submitted.pk}/",
        f"/aanvragen/{submitted.pk}/beschikking.pdf",
        f"/trajecten/{case.pk}/aanvragen/",
        f"/trajecten/{case.pk}/plan.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert AuditEvent.objects.count() == before


def test_the_assessor_has_no_access_to_the_case_page(submitted, case, assessor, client_of):
    client = client_of(assessor)
    for url in (f"/trajecten/{case.pk}/", f"/trajecten/{case.pk}/aanvragen/"):
        assert client.get(url).status_code in (403, 404)


def test_the_tab_shows_the_decision_and_records_an_objection(
    submitted, case, assessor, professional, client_of, context
):
    granted(assessor, submitted, context)
    client = client_of(professional)
    html = client.get(f"/trajecten/{case.pk}/aanvragen/").content.decode()
    assert "Toegekend" in html
    assert f"/aanvragen/{submitted.pk}/beschikking.pdf" in html
    prefix = f"b{submitted.pk}"
    response = client.post(
        f"/trajecten/{case.pk}/aanvragen/{submitted.pk}/bezwaar/",
        {f"{prefix}-received_on": TODAY().isoformat(), f"{prefix}-grounds": "Te weinig uren."},
    )
    assert response.status_code == 302
    assert submitted.decision.objections.get().grounds == "Te weinig uren."


# --- Documents --------------------------------------------------------------------------


def _assert_pdf(response, actor, object_type, object_id):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        AuditEvent.objects.filter(
            actor=actor, action="export", object_type=object_type, object_id=str(object_id)
        ).count()
        == 1
    )


def test_the_report_pdf(case, professional, client_of, context):
    report = write_report(professional, case, context)
    response = client_of(professional).get(
        f"/trajecten/{case.pk}/gesprek/{report.conversation_id}/verslag.pdf"
    )
    _assert_pdf(response, professional, "cases.case", case.pk)


def test_the_plan_pdf(case, set_version, professional, client_of):
    response = client_of(professional).get(
        f"/trajecten/{case.pk}/plan.pdf?versie={set_version.number}"
    )
    _assert_pdf(response, professional, "cases.case", case.pk)


def test_the_decision_letter_pdf(submitted, assessor, professional, client_of, context):
    granted(assessor, submitted, context)
    response = client_of(assessor).get(f"/aanvragen/{submitted.pk}/beschikking.pdf")
    _assert_pdf(response, assessor, "cases.application", submitted.pk)
    response = client_of(professional).get(f"/aanvragen/{submitted.pk}/beschikking.pdf")
    _assert_pdf(response, professional, "cases.application", submitted.pk)


def test_no_letter_before_a_decision(submitted, assessor, client_of):
    assert client_of(assessor).get(f"/aanvragen/{submitted.pk}/beschikking.pdf").status_code == 404


def test_the_letter_states_the_right_to_object(submitted, assessor, context):
    from wijknet.cases import pdf
    from wijknet.core import deadlines, terms

    granted(assessor, submitted, context)
    submitted.refresh_from_db()
    html = pdf.render_to_string(
        "cases/pdf/decision.html",
        {
            "application": submitted,
            "decision": submitted.decision,
            "applicant": submitted.applicant,
            "municipality": "Leiden",
            "objection_due": applications.objection_due(submitted.decision),
            "objection_term": terms.describe(terms.term(deadlines.OBJECTION)),
        },
    )
    assert "bezwaar maken" in html
    assert "binnen 6 weken" in html
    assert "college van burgemeester en wethouders van de gemeente Leiden" in html
    assert "3 uur per week" in html


def test_rendering_fetches_nothing_from_the_network():
    from wijknet.cases import pdf

    fetcher = pdf.LocalOnlyFetcher()
    for url in (
        "https://cdn.example.org/font.woff2",
        "http://127.0.0.1/x.css",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hallo").read() == b"hallo"


def test_the_application_pages_are_staff_pages(submitted, resident_user, client_of):
    client = client_of(resident_user)
    assert client.get("/aanvragen/").status_code == 403
    assert client.get(f"/aanvragen/{submitted.pk}/").status_code == 403
