"""Deadlines, computed in one place. Pure: no Django.

Two kinds of term run through the chain:

- a signal's triage term, in working days (Monday to Friday, public holidays
  skipped), set per urgency band;
- the legal terms of the Wmo 2015: the investigation after a report
  (art. 2.3.2 lid 1, six weeks), the decision on an application
  (art. 2.3.5 lid 1, two weeks) and the objection against a decision
  (Awb art. 6:7, six weeks).

The legal terms are reference data (``core.models.LegalTerm``, edited in
beheer); ``DEFAULT_TERMS`` holds the values the law gives, which the
database starts with. ``core.terms`` reads them.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass

INVESTIGATION = "investigation"
DECISION = "decision"
OBJECTION = "objection"

WEEKS = "weeks"
DAYS = "days"
WORKING_DAYS = "working_days"
UNITS = (WEEKS, DAYS, WORKING_DAYS)


@dataclass(frozen=True)
class Term:
    amount: int
    unit: str = WEEKS

    def __post_init__(self):
        if self.amount < 0:
            raise ValueError("a term is zero or more")
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")


DEFAULT_TERMS = {
    INVESTIGATION: Term(6, WEEKS),
    DECISION: Term(2, WEEKS),
    OBJECTION: Term(6, WEEKS),
}


def add_working_days(
    start: datetime.date, days: int, holidays: Collection[datetime.date] = ()
) -> datetime.date:
    """The date ``days`` working days after ``start`` (Monday-Friday, skipping
    ``holidays``). Zero days means the same day, or the next working day when
    ``start`` itself is not one."""
    if days < 0:
        raise ValueError("days must be zero or more")
    current = start
    while current.weekday() >= 5 or current in holidays:
        current += datetime.timedelta(days=1)
    remaining = days
    while remaining:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def due(
    start: datetime.date, term: Term, holidays: Collection[datetime.date] = ()
) -> datetime.date:
    """The last day of ``term`` counted from ``start``. Holidays count only
    for a term in working days."""
    if term.unit == WORKING_DAYS:
        return add_working_days(start, term.amount, holidays)
    days = term.amount * 7 if term.unit == WEEKS else term.amount
    return start + datetime.timedelta(days=days)


def is_overdue(due_on: datetime.date | None, today: datetime.date, *, done: bool = False) -> bool:
    """Whether a term ran out without the thing being done: past its last
    day, not on it."""
    return not done and due_on is not None and today > due_on
