"""Deadlines: working days (Monday to Friday, without holidays) and the
legal terms, which are reference data edited in beheer."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijknet.core import deadlines, terms
from wijknet.core.deadlines import add_working_days
from wijknet.core.models import LegalTerm

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


# --- Legal terms ---------------------------------------------------------------


def test_a_term_in_weeks_or_days_ignores_holidays():
    christmas = D(2025, 12, 25)
    assert deadlines.due(D(2025, 12, 11), deadlines.Term(2)) == christmas
    assert deadlines.due(D(2025, 12, 11), deadlines.Term(14, deadlines.DAYS), {christmas}) == (
        christmas
    )


def test_a_term_in_working_days_skips_holidays():
    term = deadlines.Term(1, deadlines.WORKING_DAYS)
    assert deadlines.due(D(2025, 12, 24), term, {D(2025, 12, 25), D(2025, 12, 26)}) == D(
        2025, 12, 29
    )


def test_a_negative_term_or_an_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        deadlines.Term(-1)
    with pytest.raises(ValueError):
        deadlines.Term(1, "maanden")


def test_overdue_means_past_the_last_day_and_not_done():
    assert not deadlines.is_overdue(WED, WED)
    assert deadlines.is_overdue(WED, THU)
    assert not deadlines.is_overdue(WED, THU, done=True)
    assert not deadlines.is_overdue(None, THU)


@pytest.mark.django_db
def test_the_law_s_terms_are_the_reference_data_and_beheer_can_change_them():
    assert terms.current() == deadlines.DEFAULT_TERMS
    assert terms.decision_due(MON) == MON + datetime.timedelta(weeks=2)
    LegalTerm.objects.filter(key=LegalTerm.Key.OBJECTION).update(
        amount=10, unit=LegalTerm.Unit.WORKING_DAYS
    )
    assert terms.objection_due(MON) == D(2025, 5, 19)
    assert terms.describe(terms.term(deadlines.OBJECTION)) == "10 werkdagen"
    LegalTerm.objects.filter(key=LegalTerm.Key.INVESTIGATION).delete()
    assert terms.investigation_due(MON) == MON + datetime.timedelta(weeks=6)


@pytest.mark.django_db
def test_beheer_lists_and_edits_the_legal_terms(client):
    from tests.factories import UserFactory
    from wijknet.core.models import Role

    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/beheer/core/legalterm/")
    assert page.status_code == 200
    assert "beslissing op een aanvraag" in page.content.decode()
    term = LegalTerm.objects.get(key=LegalTerm.Key.DECISION)
    changed = client.post(
        f"/beheer/core/legalterm/{term.pk}/change/",
        {"key": term.key, "amount": 8, "unit": "weeks", "source": term.source},
    )
    assert changed.status_code == 302
    assert terms.decision_due(MON) == MON + datetime.timedelta(weeks=8)
