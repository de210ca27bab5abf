"""The signalling cycle as one table of allowed transitions (seed 002:3656-3661:
opmerken, beoordelen, analyseren, beslissen, uitvoeren, evalueren), plus the
two ends: closed, and converted into a support trajectory. Pure: no Django.
"""

NOTICE = "notice"
ASSESS = "assess"
ANALYSE = "analyse"
DECIDE = "decide"
ACT = "act"
EVALUATE = "evaluate"
CLOSED = "closed"
CONVERTED = "converted"

STATUSES = (NOTICE, ASSESS, ANALYSE, DECIDE, ACT, EVALUATE, CLOSED, CONVERTED)
FINAL = frozenset({CLOSED, CONVERTED})

# From each status, where a signal may go next. Going one step back is allowed
# where the cycle asks for it: analysing can show the assessment was wrong,
# and an evaluation can send the signal back into action.
TRANSITIONS: dict[str, frozenset[str]] = {
    NOTICE: frozenset({ASSESS, CLOSED}),
    ASSESS: frozenset({ANALYSE, CLOSED}),
    ANALYSE: frozenset({DECIDE, ASSESS, CLOSED}),
    DECIDE: frozenset({ACT, ANALYSE, CLOSED, CONVERTED}),
    ACT: frozenset({EVALUATE, CONVERTED}),
    EVALUATE: frozenset({CLOSED, ACT, CONVERTED}),
    CLOSED: frozenset(),
    CONVERTED: frozenset(),
}


class TransitionError(ValueError):
    pass


def allowed_from(status: str) -> frozenset[str]:
    if status not in TRANSITIONS:
        raise TransitionError(f"unknown status {status!r}")
    return TRANSITIONS[status]


def check_transition(current: str, target: str) -> None:
    if target not in allowed_from(current):
        raise TransitionError(f"{current} → {target} is not allowed")
