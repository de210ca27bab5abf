"""The signalling cycle (domain guide §4.2): opmerken, beoordelen, analyseren,
beslissen, uitvoeren, evalueren, and the two ends."""

import itertools

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from tests.signals.factories import SignalFactory
from wijknet.signals import services, workflow
from wijknet.signals.models import Signal, SignalEvent

# The table written out by hand: every step that must be possible.
EXPECTED = {
    ("notice", "assess"),
    ("notice", "closed"),
    ("assess", "analyse"),
    ("assess", "closed"),
    ("analyse", "decide"),
    ("analyse", "assess"),
    ("analyse", "closed"),
    ("decide", "act"),
    ("decide", "analyse"),
    ("decide", "closed"),
    ("decide", "converted"),
    ("act", "evaluate"),
    ("act", "converted"),
    ("evaluate", "closed"),
    ("evaluate", "act"),
    ("evaluate", "converted"),
}
ALL_PAIRS = list(itertools.product(workflow.STATUSES, workflow.STATUSES))


def test_the_cycle_has_six_steps_and_two_ends_in_order():
    assert workflow.STATUSES == (
        "notice",
        "assess",
        "analyse",
        "decide",
        "act",
        "evaluate",
        "closed",
        "converted",
    )
    assert set(workflow.TRANSITIONS) == set(workflow.STATUSES)
    assert set(Signal.Status.values) == set(workflow.STATUSES)


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a}-{b}" for a, b in ALL_PAIRS])
def test_a_step_is_allowed_exactly_when_the_cycle_has_it(current, target):
    if (current, target) in EXPECTED:
        workflow.check_transition(current, target)
        assert target in workflow.allowed_from(current)
    else:
        with pytest.raises(workflow.TransitionError):
            workflow.check_transition(current, target)


@pytest.mark.parametrize("final", ["closed", "converted"])
def test_a_closed_or_converted_signal_has_no_way_out(final):
    assert final in workflow.FINAL
    assert workflow.allowed_from(final) == frozenset()
    for target in workflow.STATUSES:
        with pytest.raises(workflow.TransitionError):
            workflow.check_transition(final, target)


@pytest.mark.parametrize(
    ("current", "previous"), [("analyse", "assess"), ("decide", "analyse"), ("evaluate", "act")]
)
def test_going_back_one_step_is_allowed_where_the_cycle_asks_for_it(current, previous):
    workflow.check_transition(current, previous)


def test_an_unknown_status_is_refused():
    with pytest.raises(workflow.TransitionError):
        workflow.allowed_from("lost")
    with pytest.raises(workflow.TransitionError):
        workflow.check_transition("lost", "closed")


# Through the service ---------------------------------------------------------


@pytest.mark.django_db
def test_the_service_moves_a_signal_on_and_writes_a_status_event(intake, context):
    signal = SignalFactory(status=workflow.NOTICE)
    changed = services.change_status(
        intake, signal=signal, to_status=workflow.ASSESS, note="eerst bellen", context=context
    )
    signal.refresh_from_db()
    assert changed.status == signal.status == workflow.ASSESS
    assert signal.closed_at is None
    event = signal.events.get(kind=SignalEvent.Kind.STATUS)
    assert (event.from_status, event.to_status, event.note) == ("notice", "assess", "eerst bellen")
    assert event.actor == intake


@pytest.mark.django_db
def test_the_service_refuses_a_step_the_cycle_does_not_have_in_dutch(intake, context):
    signal = SignalFactory(status=workflow.NOTICE)
    with pytest.raises(ValidationError) as error:
        services.change_status(intake, signal=signal, to_status=workflow.ACT, context=context)
    assert "geen toegestane stap" in error.value.messages[0]
    signal.refresh_from_db()
    assert signal.status == workflow.NOTICE
    assert not signal.events.exists()


@pytest.mark.django_db
def test_the_service_refuses_an_unknown_status_with_a_validation_error(intake, context):
    signal = SignalFactory(status=workflow.NOTICE)
    with pytest.raises(ValidationError):
        services.change_status(intake, signal=signal, to_status="lost", context=context)


@pytest.mark.django_db
def test_converting_is_refused_in_dutch_while_there_are_no_support_trajectories(
    intake, context, settings
):
    # Wijknet without the cases app: the link to trajectories stays dark.
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "wijknet.cases"]
    assert not apps.is_installed("wijknet.cases")
    signal = SignalFactory(status=workflow.DECIDE)
    with pytest.raises(ValidationError) as error:
        services.change_status(intake, signal=signal, to_status=workflow.CONVERTED, context=context)
    assert "ondersteuningstraject" in error.value.messages[0]
    signal.refresh_from_db()
    assert signal.status == workflow.DECIDE
    assert signal.closed_at is None


@pytest.mark.django_db
def test_closing_a_signal_sets_the_closing_time(intake, context):
    signal = SignalFactory(status=workflow.EVALUATE)
    services.change_status(intake, signal=signal, to_status=workflow.CLOSED, context=context)
    signal.refresh_from_db()
    assert signal.status == workflow.CLOSED
    assert signal.closed_at is not None
    assert not signal.is_open


@pytest.mark.django_db
def test_a_closed_signal_cannot_be_reopened_through_the_service(intake, context):
    signal = SignalFactory(status=workflow.ASSESS)
    services.change_status(intake, signal=signal, to_status=workflow.CLOSED, context=context)
    with pytest.raises(ValidationError):
        services.change_status(intake, signal=signal, to_status=workflow.ASSESS, context=context)
