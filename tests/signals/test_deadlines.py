"""Deadlines count working days: Monday to Friday, without holidays."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijknet.core.deadlines import add_working_days

D = datetime.date
# A week in 2025: Monday 5 May to Sunday 11 May.
MON, TUE, WED, THU, FRI, SAT, SUN = (D(2025, 5, day) for day in range(5, 12))
NEXT_MON, NEXT_TUE = D(2025, 5, 12), D(2025, 5, 13)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (MON, 1, TUE),
        (MON, 4, FRI),
        (FRI, 1, NEXT_MON),
        (THU, 2, NEXT_MON),
        (WED, 5, D(2025, 5, 14)),
        (SAT, 1, NEXT_TUE),
        (SUN, 1, NEXT_TUE),
    ],
)
def test_weekends_are_skipped(start, days, expected):
    assert add_working_days(start, days) == expected


def test_a_holiday_is_skipped():
    # Ascension Day 2025 was Thursday 29 May.
    ascension = D(2025, 5, 29)
    assert add_working_days(D(2025, 5, 28), 1, {ascension}) == D(2025, 5, 30)
    assert add_working_days(D(2025, 5, 28), 2, {ascension}) == D(2025, 6, 2)
    assert add_working_days(D(2025, 5, 28), 1) == ascension


def test_zero_days_on_a_saturday_gives_the_monday():
    assert add_working_days(SAT, 0) == NEXT_MON
    assert add_working_days(SUN, 0) == NEXT_MON


def test_zero_days_on_a_working_day_is_that_day():
    assert add_working_days(WED, 0) == WED


def test_zero_days_on_a_holiday_before_a_weekend_gives_the_monday():
    assert add_working_days(FRI, 0, {FRI}) == NEXT_MON
    assert add_working_days(SAT, 0, {NEXT_MON}) == NEXT_TUE


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(MON, -1)


starts = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31))


@given(
    start=starts,
    days=st.integers(min_value=0, max_value=40),
    holidays=st.sets(starts, max_size=15),
)
def test_the_result_is_a_working_day_exactly_that_many_working_days_on(start, days, holidays):
    result = add_working_days(start, days, holidays)

    def working(day):
        return day.weekday() < 5 and day not in holidays

    assert result >= start
    assert working(result)
    # Counting the first working day on or after the start as day zero, the
    # result is the days-th working day after it: no more, no fewer.
    span = [start + datetime.timedelta(n) for n in range((result - start).days + 1)]
    assert sum(1 for day in span if working(day)) == days + 1
