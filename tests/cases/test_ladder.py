"""The support ladder rule, as properties: an individual step is allowed for
a goal exactly when every inner ring has a non-blank reason."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijknet.core import ladder

levels = st.lists(st.sampled_from(ladder.LEVELS), max_size=12)
reason = st.one_of(st.just(""), st.just("   "), st.text(min_size=1, max_size=40))
reasons = st.fixed_dictionaries({level: reason for level in ladder.INNER})


@given(levels, reasons)
def test_a_goal_passes_exactly_when_it_has_no_individual_step_or_all_inner_reasons(steps, why):
    justified = all(why[level].strip() for level in ladder.INNER)
    expected_ok = ladder.INDIVIDUAL not in steps or justified
    try:
        ladder.check_goal(steps, why)
    except ladder.LadderError as error:
        assert not expected_ok
        assert error.missing == tuple(lv for lv in ladder.INNER if not why[lv].strip())
    else:
        assert expected_ok


@given(st.lists(st.sampled_from(ladder.INNER), max_size=12))
def test_inner_steps_never_need_a_reason(steps):
    ladder.check_goal(steps, {})


@given(reasons)
def test_missing_reasons_come_inside_out(why):
    missing = ladder.missing_reasons(why)
    assert list(missing) == sorted(missing, key=ladder.LEVELS.index)
    assert ladder.individual_allowed(why) == (missing == ())


@given(levels)
def test_rings_count_every_step_once_and_show_every_ring(steps):
    counts = ladder.rings(steps)
    assert list(counts) == list(ladder.LEVELS)
    assert sum(counts.values()) == len(steps)
    assert ladder.innermost(steps) == next((lv for lv in ladder.LEVELS if lv in steps), None)


def test_an_unknown_level_is_an_error_not_a_pass():
    with pytest.raises(ValueError):
        ladder.check_goal(["individual", "magic"], {})
    with pytest.raises(ValueError):
        ladder.rings(["magic"])


def test_a_blank_reason_does_not_count():
    why = {"own": "kan niet", "network": " ", "general": "past niet", "collective": "te ver"}
    with pytest.raises(ladder.LadderError) as error:
        ladder.check_goal(["individual"], why)
    assert error.value.missing == ("network",)
