"""The six phases of *Supportgericht Werken* (seed 002:1345-1453) and the
seven steps of integrated access (001:4277-4294). Pure: no Django.

A case moves one phase forward at a time and may go back to any earlier
phase: an evaluation can show the goals were wrong, or a new fact can send
the professional back to gathering information. The access steps only move
forward, and they follow what actually happened on the case.
"""

MEET = "meet"
GATHER = "gather"
GOALS = "goals"
PLAN = "plan"
CARRY_OUT = "carry_out"
EVALUATE = "evaluate"

PHASES = (MEET, GATHER, GOALS, PLAN, CARRY_OUT, EVALUATE)

# Access steps, numbered as in the source.
SIGNALLING = 1
FIRST_CONTACT = 2
CONVERSATION = 3
DRAFTING = 4
CHECKING = 5
CARRYING_OUT = 6
MEASURING = 7

ACCESS_STEPS = (
    SIGNALLING,
    FIRST_CONTACT,
    CONVERSATION,
    DRAFTING,
    CHECKING,
    CARRYING_OUT,
    MEASURING,
)


class PhaseError(ValueError):
    pass


def _index(phase: str) -> int:
    try:
        return PHASES.index(phase)
    except ValueError:
        raise PhaseError(f"unknown phase {phase!r}") from None


def allowed_from(phase: str) -> tuple[str, ...]:
    """Where a case in this phase may go: the next phase, or back to any
    earlier one."""
    index = _index(phase)
    forward = PHASES[index + 1 : index + 2]
    return forward + PHASES[:index]


def check_transition(current: str, target: str) -> None:
    if target not in allowed_from(current):
        raise PhaseError(f"{current} → {target} is not allowed")


def is_backward(current: str, target: str) -> bool:
    return _index(target) < _index(current)


def advance_step(current: int, reached: int) -> int:
    """Access steps never go back: a later event that belongs to an earlier
    step (a second conversation) leaves the case where it is."""
    if reached not in ACCESS_STEPS or current not in ACCESS_STEPS:
        raise PhaseError(f"unknown access step {reached!r}")
    return max(current, reached)
