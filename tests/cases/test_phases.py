"""The six method phases: one step forward, or back to any earlier phase;
access steps only move forward."""

import itertools

import pytest

from wijknet.cases import phases

ALLOWED = {
    (current, target)
    for i, current in enumerate(phases.PHASES)
    for j, target in enumerate(phases.PHASES)
    if j == i + 1 or j < i
}


@pytest.mark.parametrize("current,target", list(itertools.product(phases.PHASES, repeat=2)))
def test_every_pair_of_phases(current, target):
    if (current, target) in ALLOWED:
        phases.check_transition(current, target)
    else:
        with pytest.raises(phases.PhaseError):
            phases.check_transition(current, target)


def test_going_back_is_recognised():
    assert phases.is_backward(phases.EVALUATE, phases.GOALS)
    assert not phases.is_backward(phases.GOALS, phases.PLAN)


def test_an_unknown_phase_is_refused():
    with pytest.raises(phases.PhaseError):
        phases.allowed_from("nap")


def test_access_steps_never_go_back():
    assert phases.advance_step(phases.CARRYING_OUT, phases.CONVERSATION) == phases.CARRYING_OUT
    assert phases.advance_step(phases.FIRST_CONTACT, phases.CONVERSATION) == phases.CONVERSATION
    with pytest.raises(phases.PhaseError):
        phases.advance_step(phases.FIRST_CONTACT, 9)
