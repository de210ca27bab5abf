"""A case's life: opening (also from a signal), allocation, phases,
consultation with consent, escalation, the report both sides agree to,
evaluation, closing and reopening."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.cases.conftest import set_plan_due
from tests.factories import PersonFactory, household_with
from tests.signals.factories import SignalFactory
from wijknet.cases import services
from wijknet.cases.models import Case, CaseEvent, PlanVersion, Report
from wijknet.core.models import AuditEvent, LegalTerm
from wijknet.signals import services as signal_services
from wijknet.signals import workflow

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_opening_sets_the_legal_investigation_deadline_and_writes_history(
    case, professional, settings
):
    assert case.investigation_due == case.reported_on + datetime.timedelta(weeks=6)
    assert case.phase == "meet" and case.access_step == 2
    assert case.events.filter(kind=CaseEvent.Kind.OPENED).exists()
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk)).exists()


def test_the_investigation_deadline_follows_the_legal_term(professional, team_a, context):
    LegalTerm.objects.filter(key=LegalTerm.Key.INVESTIGATION).update(amount=4)
    household = household_with(PersonFactory(), team=team_a)
    case = services.open_case(
        professional, household=household, team=team_a, start_reason="referral", context=context
    )
    assert case.investigation_due == TODAY + datetime.timedelta(weeks=4)


def test_one_household_has_one_open_case(case, professional, team_a, context):
    with pytest.raises(ValidationError):
        services.open_case(
            professional,
            household=case.household,
            team=team_a,
            start_reason="walk_in",
            context=context,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            number="T-dubbel",
            household=case.household,
            team=team_a,
            start_reason="walk_in",
            investigation_due=TODAY,
        )


def test_a_team_cannot_open_a_case_for_a_household_it_does_not_know(
    professional_b, team_b, household, context
):
    with pytest.raises(PermissionDenied):
        services.open_case(
            professional_b,
            household=household,
            team=team_b,
            start_reason="walk_in",
            context=context,
        )


def test_a_signal_becomes_a_case_and_is_closed_as_converted(
    professional, team_a, household, context
):
    person = household.members.first().person
    signal = SignalFactory(team=team_a, status=workflow.DECIDE, subject_person=person)
    case = services.open_from_signal(professional, signal=signal, context=context)
    signal.refresh_from_db()
    assert signal.status == workflow.CONVERTED and signal.closed_at is not None
    assert case.signal == signal and case.start_reason == "signal"
    assert case.household == household


def test_a_signal_without_a_known_resident_cannot_become_a_case(professional, team_a, context):
    signal = SignalFactory(team=team_a, status=workflow.DECIDE)
    with pytest.raises(ValidationError) as error:
        services.open_from_signal(professional, signal=signal, context=context)
    assert "Koppel de melding" in error.value.messages[0]
    signal.refresh_from_db()
    assert signal.status == workflow.DECIDE


def test_converting_a_signal_alone_is_refused_now_that_cases_exist(professional, team_a, context):
    signal = SignalFactory(team=team_a, status=workflow.DECIDE)
    with pytest.raises(ValidationError) as error:
        signal_services.change_status(
            professional, signal=signal, to_status=workflow.CONVERTED, context=context
        )
    assert "Traject openen" in error.value.messages[0]


def test_the_team_lead_allocates_a_coordinator_of_the_own_team(
    case, team_lead, professional, professional_b, context
):
    with pytest.raises(PermissionDenied):
        services.allocate(professional, case=case, coordinator=professional, context=context)
    with pytest.raises(ValidationError):
        services.allocate(team_lead, case=case, coordinator=professional_b, context=context)
    services.allocate(team_lead, case=case, coordinator=team_lead, context=context)
    case.refresh_from_db()
    assert case.coordinator == team_lead
    assert case.events.filter(kind=CaseEvent.Kind.ALLOCATED, actor=team_lead).exists()


def test_phases_move_forward_one_at_a_time_and_back_with_a_reason(case, professional, context):
    with pytest.raises(ValidationError):
        services.change_phase(professional, case=case, to_phase="plan", note="", context=context)
    services.change_phase(professional, case=case, to_phase="gather", note="", context=context)
    with pytest.raises(ValidationError) as error:
        services.change_phase(professional, case=case, to_phase="meet", note="", context=context)
    assert "waarom" in error.value.messages[0]
    services.change_phase(
        professional, case=case, to_phase="meet", note="nieuwe situatie", context=context
    )
    case.refresh_from_db()
    assert case.phase == "meet"
    assert list(case.events.filter(kind="phase").values_list("after", flat=True)) == [
        "gather",
        "meet",
    ]


def test_consultation_needs_consent_and_opens_the_case_to_the_other_team_read_only(
    case, professional, professional_b, team_b, context
):
    assert not Case.objects.visible_to(professional_b).filter(pk=case.pk).exists()
    with pytest.raises(ValidationError):
        services.request_consultation(
            professional,
            case=case,
            team=team_b,
            question="Meedenken?",
            consent_given=False,
            context=context,
        )
    assert not Case.objects.visible_to(professional_b).filter(pk=case.pk).exists()
    consultation = services.request_consultation(
        professional,
        case=case,
        team=team_b,
        question="Meedenken over schulden?",
        consent_given=True,
        context=context,
    )
    assert Case.objects.visible_to(professional_b).filter(pk=case.pk).exists()
    with pytest.raises(PermissionDenied):
        services.add_log_entry(professional_b, case=case, kind="contact", text="x", context=context)
    services.answer_consultation(
        professional_b,
        consultation=consultation,
        answer="Verwijs naar schuldhulp.",
        context=context,
    )
    consultation.refresh_from_db()
    assert consultation.answer.startswith("Verwijs")


def test_escalation_needs_a_reason_and_happens_once(case, professional, context):
    with pytest.raises(ValidationError):
        services.escalate(professional, case=case, reason=" ", context=context)
    services.escalate(professional, case=case, reason="Veiligheid in het geding", context=context)
    with pytest.raises(ValidationError):
        services.escalate(professional, case=case, reason="nogmaals", context=context)


def test_closing_needs_a_reason_and_an_aftercare_date_and_reopening_keeps_history(
    case, professional, context
):
    with pytest.raises(ValidationError) as error:
        services.close_case(professional, case=case, reason="", aftercare_on=None, context=context)
    assert set(error.value.message_dict) == {"reason", "aftercare_on"}
    services.close_case(
        professional,
        case=case,
        reason="goals_reached",
        aftercare_on=TODAY + datetime.timedelta(days=90),
        context=context,
    )
    case.refresh_from_db()
    assert not case.is_open
    with pytest.raises(ValidationError):
        services.add_log_entry(professional, case=case, kind="contact", text="x", context=context)
    services.reopen_case(professional, case=case, note="Nieuwe vraag", context=context)
    case.refresh_from_db()
    assert case.is_open
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["closed", "reopened"]


def _conversation(professional, case, context):
    members = [m.person for m in case.household.members.all()]
    return services.record_conversation(
        professional,
        case=case,
        persons_present=members[:1],
        held_on=TODAY,
        place="home",
        network_present="dochter Anna",
        interpreter="",
        discussed="Wonen, gezondheid, netwerk.",
        context=context,
    )


def test_the_report_is_final_only_when_both_agree_and_ends_the_investigation(
    case, professional, resident_user, context
):
    conversation = _conversation(professional, case, context)
    case.refresh_from_db()
    assert case.access_step == 3
    report = services.write_report(
        professional,
        conversation=conversation,
        support_need="Vervoer naar de dagbesteding",
        arrangement="Samen kijken naar de buurtbus",
        context=context,
    )
    services.professional_agrees(professional, report=report, context=context)
    report.refresh_from_db()
    assert not report.is_final
    with pytest.raises(ValidationError):
        services.resident_agrees(professional, report=report, how="verbal", context=context)
    services.resident_agrees(
        resident_user, report=report, how="paper", comment="Graag op dinsdag", context=context
    )
    report.refresh_from_db()
    assert report.is_final
    assert report.resident_agreement == Report.ResidentAgreement.PORTAL
    assert report.resident_comment == "Graag op dinsdag"
    case.refresh_from_db()
    assert case.investigation_done_on == TODAY
    with pytest.raises(ValidationError):
        services.write_report(
            professional,
            conversation=conversation,
            support_need="x",
            arrangement="y",
            context=context,
        )


def test_changing_a_report_withdraws_the_agreements(case, professional, context):
    conversation = _conversation(professional, case, context)
    report = services.write_report(
        professional,
        conversation=conversation,
        support_need="a",
        arrangement="b",
        context=context,
    )
    services.professional_agrees(professional, report=report, context=context)
    report = services.write_report(
        professional,
        conversation=conversation,
        support_need="a2",
        arrangement="b",
        context=context,
    )
    assert report.professional_agreed_at is None


def test_a_conversation_lists_only_household_members_as_present(case, professional, context):
    stranger = PersonFactory()
    with pytest.raises(ValidationError):
        services.record_conversation(
            professional,
            case=case,
            persons_present=[stranger],
            place="home",
            discussed="x",
            context=context,
        )


def test_an_evaluation_records_the_three_checks_and_starts_the_next_version(
    case, draft, professional, context
):
    version = set_plan_due(professional, case, draft, context)
    assert list(services.evaluations_due(TODAY)) == [version]
    evaluation = services.record_evaluation(
        professional,
        case=case,
        next_evaluation_on=TODAY + datetime.timedelta(days=60),
        relationship_ok=True,
        activities_ok=False,
        activities_note="De buurman kan niet meer rijden.",
        phase_fit_ok=True,
        went_well="Contact met de buurman",
        learned="Niet alles op één persoon leggen",
        adjustments="Tweede chauffeur zoeken",
        context=context,
    )
    assert evaluation.plan_version == version
    assert evaluation.new_version.number == 2 and evaluation.new_version.is_draft
    assert evaluation.new_version.evaluation_on == TODAY + datetime.timedelta(days=60)
    assert list(services.evaluations_due(TODAY)) == []
    case.refresh_from_db()
    assert case.access_step == 7
    assert PlanVersion.objects.filter(case=case).count() == 2


def test_an_evaluation_needs_a_set_plan_and_a_future_date(case, draft, professional, context):
    with pytest.raises(ValidationError):
        services.record_evaluation(
            professional,
            case=case,
            next_evaluation_on=TODAY,
            went_well="x",
            relationship_ok=True,
            activities_ok=True,
            phase_fit_ok=True,
            context=context,
        )
