"""The reminder sweep: a coordinator hears once, a week ahead, that a set
plan is to be evaluated; the mail names the case number and the date only."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.cases.conftest import add_step
from tests.factories import PersonFactory, UserFactory, household_with
from wijknet.cases import services, tasks
from wijknet.cases.models import CaseEvent, PlanVersion, ResultArea
from wijknet.core.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_address(professional):
    professional.email = "regiehouder@example.org"
    professional.save(update_fields=["email"])


def set_plan(actor, case, context, *, in_days: int) -> PlanVersion:
    """A set plan of ``case`` whose evaluation is ``in_days`` from today."""
    if not case.goals.exists():
        services.save_goal(
            actor,
            case=case,
            context=context,
            title="Weer zelf boodschappen doen",
            result_area=ResultArea.SELF_RELIANCE,
        )
    version = services.start_plan(actor, case=case, context=context)
    add_step(actor, case, version, "own", context)
    version.refresh_from_db()
    services.update_plan_header(
        actor,
        case=case,
        version=version,
        revision=version.revision,
        evaluation_on=timezone.localdate() + datetime.timedelta(days=in_days),
        context=context,
    )
    version.refresh_from_db()
    return services.set_plan(
        actor, case=case, version=version, revision=version.revision, context=context
    )


def reminders(case):
    return case.events.filter(kind=CaseEvent.Kind.REMINDER)


def test_a_due_plan_gets_one_mail_and_one_event_and_a_second_sweep_sends_nothing(
    case, professional, context
):
    plan = set_plan(professional, case, context, in_days=5)

    assert tasks.sweep_due_evaluations.call() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [professional.email]
    day = plan.evaluation_on.strftime("%d-%m-%Y")
    assert message.subject == f"Evaluatie traject {case.number} op {day}"
    assert case.number in message.body and day in message.body
    plan.refresh_from_db()
    assert plan.reminded_at is not None
    event = reminders(case).get()
    assert event.actor is None and day in event.note

    assert tasks.sweep_due_evaluations.call() == 0
    assert len(mail.outbox) == 1
    assert reminders(case).count() == 1


def test_the_mail_names_no_one(case, professional, context):
    set_plan(professional, case, context, in_days=1)
    tasks.sweep_due_evaluations.call()
    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    names = [case.household.name, professional.first_name, professional.last_name]
    for member in case.household.members.select_related("person"):
        person = member.person
        names += [person.first_name, person.last_name, person.postcode, person.bsn]
    for name in filter(None, names):
        assert name not in text, name


def test_plans_not_due_or_of_closed_cases_or_drafts_are_skipped(
    case, professional, team_a, context
):
    set_plan(professional, case, context, in_days=8)  # next week: not yet

    other = services.open_case(
        professional,
        household=household_with(PersonFactory(last_name="Brink"), team=team_a),
        team=team_a,
        start_reason="walk_in",
        context=context,
    )
    Case = type(other)
    Case.objects.filter(pk=other.pk).update(coordinator=professional)
    set_plan(professional, other, context, in_days=2)
    services.close_case(
        professional,
        case=other,
        reason="goals_reached",
        aftercare_on=timezone.localdate() + datetime.timedelta(days=60),
        context=context,
    )

    third = services.open_case(
        professional,
        household=household_with(PersonFactory(last_name="Smit"), team=team_a),
        team=team_a,
        start_reason="walk_in",
        context=context,
    )
    Case.objects.filter(pk=third.pk).update(coordinator=professional)
    draft = set_plan(professional, third, context, in_days=30)
    # A new draft with an early evaluation date is not a set plan: skipped.
    services.start_plan(professional, case=third, context=context)
    assert tasks.sweep_due_evaluations.call() == 0
    assert mail.outbox == []
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER).exists()
    draft.refresh_from_db()
    assert draft.reminded_at is None


def test_an_evaluated_plan_is_skipped(case, professional, context):
    plan = set_plan(professional, case, context, in_days=3)
    services.record_evaluation(
        professional,
        case=case,
        next_evaluation_on=timezone.localdate() + datetime.timedelta(days=90),
        relationship_ok=True,
        activities_ok=True,
        phase_fit_ok=True,
        went_well="De afspraken lopen.",
        context=context,
    )
    assert tasks.sweep_due_evaluations.call() == 0
    plan.refresh_from_db()
    assert plan.reminded_at is None


def test_a_coordinator_without_an_address_is_left_until_there_is_one(case, professional, context):
    set_plan(professional, case, context, in_days=3)
    professional.email = ""
    professional.save(update_fields=["email"])
    assert tasks.sweep_due_evaluations.call() == 0
    professional.email = "regiehouder@example.org"
    professional.save(update_fields=["email"])
    assert tasks.sweep_due_evaluations.call() == 1


def test_a_plan_due_today_or_overdue_is_still_reminded_once(case, professional, context):
    plan = set_plan(professional, case, context, in_days=2)
    PlanVersion.objects.filter(pk=plan.pk).update(
        evaluation_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert tasks.sweep_due_evaluations.call() == 1
    assert tasks.sweep_due_evaluations.call() == 0


def test_a_failing_mail_leaves_the_plan_for_the_next_sweep(case, professional, context):
    plan = set_plan(professional, case, context, in_days=4)
    with mock.patch.object(tasks, "send_mail", side_effect=OSError("no mail server")):
        assert tasks.sweep_due_evaluations.call() == 0
    plan.refresh_from_db()
    assert plan.reminded_at is None
    assert not reminders(case).exists()
    assert tasks.sweep_due_evaluations.call() == 1
    assert reminders(case).count() == 1


def test_the_coordinator_is_the_one_reminded(case, professional, team_a, context):
    colleague = UserFactory(
        username="collega", role=Role.PROFESSIONAL, team=team_a, email="collega@example.org"
    )
    set_plan(professional, case, context, in_days=6)
    type(case).objects.filter(pk=case.pk).update(coordinator=colleague)
    tasks.sweep_due_evaluations.call()
    assert [m.to for m in mail.outbox] == [["collega@example.org"]]


def test_the_command_queues_the_sweep(case, professional, context):
    set_plan(professional, case, context, in_days=2)
    out = io.StringIO()
    call_command("cases_reminders", stdout=out)  # the test backend runs it at once
    assert "Herinneringen evaluatie: taak" in out.getvalue()
    assert len(mail.outbox) == 1
    out = io.StringIO()
    call_command("cases_reminders", "--now", stdout=out)
    assert "0 verstuurd" in out.getvalue()
