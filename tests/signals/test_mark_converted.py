"""Converting a signal goes with the case opened from it: ``mark_converted``
takes that case and checks it, instead of trusting a flag."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import PersonFactory, household_with
from tests.signals.factories import SignalFactory
from wijknet.cases import services as case_services
from wijknet.cases.models import Case
from wijknet.core.models import AuditEvent
from wijknet.signals import services, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(team_a):
    return household_with(PersonFactory(), team=team_a)


@pytest.fixture
def signal(team_a, household):
    return SignalFactory(
        team=team_a, status=workflow.DECIDE, subject_person=household.members.first().person
    )


def test_the_signal_closes_as_converted_with_its_event_and_audit_row(professional, signal, context):
    case = case_services.open_from_signal(professional, signal=signal, context=context)
    signal.refresh_from_db()
    assert signal.status == workflow.CONVERTED and signal.closed_at is not None
    event = signal.events.get(kind="status", to_status=workflow.CONVERTED)
    assert (event.from_status, event.note) == (
        workflow.DECIDE,
        "omgezet in een ondersteuningstraject",
    )
    assert AuditEvent.objects.filter(
        object_type="signals.signal", object_id=str(signal.pk), action="change"
    ).exists()
    assert case.signal_id == signal.pk


def test_a_case_of_another_origin_does_not_convert_the_signal(
    professional, team_a, household, signal, context
):
    other = case_services.open_case(
        professional,
        household=household,
        team=team_a,
        start_reason="walk_in",
        reported_on=datetime.date.today(),
        context=context,
    )
    with pytest.raises(ValidationError) as error:
        services.mark_converted(professional, signal=signal, case=other, context=context)
    assert "Traject openen" in error.value.messages[0]
    signal.refresh_from_db()
    assert signal.status == workflow.DECIDE and signal.closed_at is None


def test_an_unsaved_case_does_not_convert_the_signal(
    professional, team_a, household, signal, context
):
    unsaved = Case(household=household, team=team_a, signal=signal)
    with pytest.raises(ValidationError):
        services.mark_converted(professional, signal=signal, case=unsaved, context=context)
    signal.refresh_from_db()
    assert signal.status == workflow.DECIDE
