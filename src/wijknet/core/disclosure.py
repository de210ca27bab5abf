"""Small-cell suppression: what an aggregate may show. Pure: no Django.

Every count Wijknet shows to policy staff (signals per neighbourhood, the
carers' burden indicator, and the monitoring to come) passes through here,
so that the rule is written once:

- a count under ``SMALL_CELL`` identifies people and is hidden (``None``);
- a part of a count (the heavily burdened among the carers, say) and its
  share are hidden when either the part or the rest is small, since one
  gives the other away;
- complementary suppression: a total is hidden when subtracting the cells
  shown from it would leave a small count, which would reveal the hidden
  cells.
"""

from collections.abc import Sequence
from dataclasses import dataclass

SMALL_CELL = 5  # counts below this identify people: shown as "< 5"


def count(n: int) -> int | None:
    """A count as it may be shown: ``None`` when it is small."""
    return n if n >= SMALL_CELL else None


def reveals(hidden: int) -> bool:
    """Whether a count left over by subtraction would identify people."""
    return 0 < hidden < SMALL_CELL


@dataclass(frozen=True)
class Split:
    """A count ``n`` and a ``part`` of it, as they may be shown, with the
    part's share in whole percents. Hidden values are ``None``."""

    n: int | None
    part: int | None
    share: int | None


def split(n: int, part: int) -> Split:
    shown = n >= SMALL_CELL
    part_shown = shown and part >= SMALL_CELL and n - part >= SMALL_CELL
    return Split(
        n=n if shown else None,
        part=part if part_shown else None,
        share=round(100 * part / n) if part_shown else None,
    )


def split_table(cells: Sequence[tuple[int, int]]) -> tuple[list[Split], Split | None]:
    """Rows of (count, part) and their total, each suppressed, the total
    also complementarily: it is hidden, or its part is, when what the rows
    hide could be worked out from it. ``None`` as total for no rows."""
    rows = [split(n, part) for n, part in cells]
    if not rows:
        return [], None
    pairs = list(zip(cells, rows, strict=True))
    n_total = sum(n for (n, _), _ in pairs)
    part_total = sum(part for (_, part), _ in pairs)
    n_shown = sum(n for (n, _), row in pairs if row.n is not None)
    part_shown = sum(part for (_, part), row in pairs if row.part is not None)
    rest_shown = sum(n - part for (n, part), row in pairs if row.part is not None)
    total = split(n_total, part_total)
    if reveals(n_total - n_shown):
        return rows, Split(None, None, None)
    if reveals(part_total - part_shown) or reveals(n_total - part_total - rest_shown):
        total = Split(total.n, None, None)
    return rows, total
