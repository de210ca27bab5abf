"""Deadlines in working days, computed in one place. Pure: no Django."""

import datetime
from collections.abc import Collection


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
