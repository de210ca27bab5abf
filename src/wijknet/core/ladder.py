"""The support ladder (*de Kanteling*, seed 002:1149-1177, 001:4246-4256):
solutions are looked for from the inside out. Pure: no Django.

The rule the plan must keep: a step at the individual level is allowed for a
goal only when the plan says, for that goal, why each inner level falls short.
A reason may be "considered, not suitable because ...": what counts is that
every inner ring was looked at and the answer written down.

The social map places its entries on the outer three rings (``OUTER``): the
inner two are the resident and their network, not an offer. The plan and the
map share these levels; ``core.models.LadderLevel`` gives them their labels.
"""

from collections.abc import Iterable, Mapping

OWN = "own"
NETWORK = "network"
GENERAL = "general"
COLLECTIVE = "collective"
INDIVIDUAL = "individual"

LEVELS = (OWN, NETWORK, GENERAL, COLLECTIVE, INDIVIDUAL)
INNER = LEVELS[:-1]
OUTER = (GENERAL, COLLECTIVE, INDIVIDUAL)

# Where a plan goal writes down why an inner ring falls short: the field of
# ``cases.PlanGoal`` per inner level. The one mapping the model, the services
# and the forms read.
REASON_FIELDS = {
    OWN: "reason_own",
    NETWORK: "reason_network",
    GENERAL: "reason_general",
    COLLECTIVE: "reason_collective",
}


class LadderError(ValueError):
    """An individual step without the inner levels justified. ``missing``
    names the inner levels that still need a reason, from the inside out."""

    def __init__(self, missing: tuple[str, ...]):
        super().__init__(f"inner levels without a reason: {', '.join(missing)}")
        self.missing = missing


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown ladder level {level!r}")


def missing_reasons(reasons: Mapping[str, str]) -> tuple[str, ...]:
    """The inner levels whose reason is absent or blank, inside out."""
    return tuple(level for level in INNER if not (reasons.get(level) or "").strip())


def check_goal(step_levels: Iterable[str], reasons: Mapping[str, str]) -> None:
    """Raise LadderError when a goal's steps use the individual level while
    an inner level has no reason; pass silently otherwise."""
    levels = list(step_levels)
    for level in levels:
        _check_level(level)
    if INDIVIDUAL in levels:
        missing = missing_reasons(reasons)
        if missing:
            raise LadderError(missing)


def individual_allowed(reasons: Mapping[str, str]) -> bool:
    return not missing_reasons(reasons)


def rings(step_levels: Iterable[str]) -> dict[str, int]:
    """How many steps use each ring, every ring present, inside out: what
    the plan's ladder picture draws."""
    counts = dict.fromkeys(LEVELS, 0)
    for level in step_levels:
        _check_level(level)
        counts[level] += 1
    return counts


def innermost(step_levels: Iterable[str]) -> str | None:
    """The innermost ring a goal's steps use, or None without steps."""
    used = set(step_levels)
    return next((level for level in LEVELS if level in used), None)
