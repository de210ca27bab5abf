"""The calendar of a match's follow-up, in one place: when the check-ins
fall, when a running match has been quiet too long, and how long an
activating home visit may last. Pure: no Django, so the services, the
retention list and the demo generator all count the same days.

A match is checked on after two weeks, after three months, then every six
months after the last check-in (planned or done, whichever is later). A
running match with no check-in done for three months is due for attention
once it has run that long. A home visit lasts a limited period, six months
at most (seed 000:1942-1973).
"""

import calendar
import datetime

FIRST_CHECK_IN_DAYS = 14
SECOND_CHECK_IN_MONTHS = 3
PERIODIC_CHECK_IN_MONTHS = 6
QUIET_MONTHS = 3
HOME_VISIT_MAX_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def first_check_ins(started_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The two check-ins planned when a match starts."""
    return (
        started_on + datetime.timedelta(days=FIRST_CHECK_IN_DAYS),
        add_months(started_on, SECOND_CHECK_IN_MONTHS),
    )


def next_check_in(due_on: datetime.date, done_on: datetime.date) -> datetime.date:
    """The periodic check-in planned when the last planned one is done."""
    return add_months(max(due_on, done_on), PERIODIC_CHECK_IN_MONTHS)


def quiet_since(today: datetime.date) -> datetime.date:
    """A running match with no check-in done since this day is quiet."""
    return add_months(today, -QUIET_MONTHS)


def latest_home_visit_end(period_start: datetime.date) -> datetime.date:
    """The last day a home visit starting on ``period_start`` may run to."""
    return add_months(period_start, HOME_VISIT_MAX_MONTHS)
