"""Keyset pagination: page cost stays flat however deep one pages, because
the database seeks to the last key seen instead of counting an offset."""

import base64
import datetime
import json
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    has_previous: bool = field(default=False)


def _plain(value):
    """Dates and times go into a cursor as full-precision ISO text, which
    the database compares as the original value."""
    if isinstance(value, datetime.date):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in a cursor")


def _encode(values: tuple) -> str:
    text = json.dumps(values, default=_plain)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, width: int) -> tuple | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != width:
        return None
    return tuple(values)


def keyset_page(queryset: QuerySet, keys: tuple[str, ...], cursor: str | None, size: int):
    """Rows after ``cursor`` in ``keys`` order; a key with a leading ``-``
    sorts descending, and the last key must be unique (e.g. ``id``). A cursor
    that does not decode starts at the top."""
    names = [key.lstrip("-") for key in keys]
    after = _decode(cursor, len(keys)) if cursor else None
    if after is not None:
        condition = Q()
        for i, key in enumerate(keys):
            beyond = "lt" if key.startswith("-") else "gt"
            step = Q(**{f"{names[i]}__{beyond}": after[i]})
            for earlier, value in zip(names[:i], after[:i], strict=True):
                step &= Q(**{earlier: value})
            condition |= step
        queryset = queryset.filter(condition)
    rows = list(queryset.order_by(*keys)[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = _encode(tuple(getattr(last, name) for name in names))
    return KeysetPage(rows=rows, next_cursor=next_cursor, has_previous=after is not None)
