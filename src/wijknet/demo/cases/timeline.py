"""Sketching: each case as a timeline before anything is built.

Milestones in days after opening (allocation, conversation, goals, draft
plan, set plan, evaluations), and the cut: today for an open case, the
closing day for a closed one. A household has at most one open case; the
others are earlier, closed ones, laid out back in time. Every team first
gets the ``SHOWCASE`` cases, so each phase and each page has something to
show at every scale.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.utils import timezone

from wijknet.cases import phases
from wijknet.cases.models import Case
from wijknet.demo.cases.common import weighted
from wijknet.demo.cases.world import Household

OPEN_SHARE = 0.1  # of all cases: a team is involved with about one household in six
PRONE_SHARE = 0.6  # households that ever had a case, of those that may have one
MAX_CLOSED = 4  # earlier, closed cases per household
HISTORY_DAYS = 7 * 365

# Every team gets these open cases first, so that each phase and each page
# has something to show at every scale (the demo logins take theirs from
# these, see hand_demo_cases).
SHOWCASE = (
    "unallocated",  # meet, waiting for the team lead
    "gather",
    "goals",
    "plan",  # a draft plan whose first goal uses every ring
    "due",  # set plan, evaluation in two days, no reminder yet
    "resident",  # set plan, a report awaiting the resident, a draft application
    "application",  # set plan, an application waiting for a decision
    "evaluate",  # evaluated, working on the next version
    "escalated",  # escalated to the city level
    "consulted",  # another team was asked to think along
)
SHOWCASE_STAGE = {
    "unallocated": phases.MEET,
    "gather": phases.GATHER,
    "goals": phases.GOALS,
    "plan": phases.PLAN,
    "due": phases.CARRY_OUT,
    "resident": phases.CARRY_OUT,
    "application": phases.CARRY_OUT,
    "evaluate": phases.EVALUATE,
    "escalated": phases.CARRY_OUT,
    "consulted": phases.GOALS,
}
OPEN_STAGES = {
    phases.MEET: 10,
    phases.GATHER: 15,
    phases.GOALS: 10,
    phases.PLAN: 12,
    phases.CARRY_OUT: 33,
    phases.EVALUATE: 20,
}
CLOSE_REASONS = {
    Case.CloseReason.GOALS_REACHED: 55,
    Case.CloseReason.REFERRED: 14,
    Case.CloseReason.REFUSED: 9,
    Case.CloseReason.MOVED: 10,
    Case.CloseReason.DECEASED: 4,
    Case.CloseReason.OTHER: 8,
}
ANY_STAGE = {
    phases.MEET: 10,
    phases.GATHER: 20,
    phases.GOALS: 10,
    phases.PLAN: 10,
    phases.CARRY_OUT: 30,
    phases.EVALUATE: 20,
}
CLOSED_STAGES = {
    Case.CloseReason.GOALS_REACHED: {phases.EVALUATE: 1},
    Case.CloseReason.REFERRED: {
        phases.GATHER: 30,
        phases.GOALS: 20,
        phases.PLAN: 20,
        phases.CARRY_OUT: 30,
    },
    Case.CloseReason.REFUSED: {phases.MEET: 50, phases.GATHER: 50},
    Case.CloseReason.MOVED: ANY_STAGE,
    Case.CloseReason.DECEASED: ANY_STAGE,
    Case.CloseReason.OTHER: ANY_STAGE,
}


@dataclass
class EvaluationDates:
    due: int  # the version's evaluation date, in days after opening
    held: int
    next_set: int  # the next version is set this many days after opening


@dataclass
class Sketch:
    """A case before it is built: the household, the timeline, and the cut."""

    household: Household
    stage: str
    opened: datetime
    days: int  # from opening to the cut (today, or the closing day)
    marks: dict
    evaluations: list[EvaluationDates]
    showcase: str = ""
    close_reason: str = ""
    closed: datetime | None = None
    number: str = ""
    opened_day: date = field(init=False)
    drawn: datetime | None = None  # the opening moment before clamping to now

    def __post_init__(self):
        self.opened_day = self.opened.astimezone(timezone.get_current_timezone()).date()

    def happened(self, offset: int) -> bool:
        return offset <= self.days


class Timeline:
    """Sketching and the moments of a case's life. Mixed into
    ``trajectory.Builder``, which holds ``rng``, ``world``, ``today``,
    ``now`` and ``tz``: the one random stream every phase draws from."""

    def sketch(self, total: int) -> list[Sketch]:
        rng, world = self.rng, self.world
        households = world.households
        n_open = min(
            len(households),
            max(round(total * OPEN_SHARE), len(world.teams) * len(SHOWCASE)),
        )
        n_closed = max(0, total - n_open)
        order = rng.sample(households, len(households))
        # Households the team already knows come first for an open case.
        order.sort(key=lambda h: (h.id, h.team) not in world.involved)
        per_team: dict[int, list[Household]] = defaultdict(list)
        for household in order:
            per_team[household.team].append(household)
        chosen: dict[int, str] = {}
        for team in world.teams:
            for household, kind in zip(per_team[team], SHOWCASE, strict=False):
                chosen[household.id] = kind
        for household in order:
            if len(chosen) >= n_open:
                break
            chosen.setdefault(household.id, "")
        extra = max(0, int(PRONE_SHARE * len(order)) - len(chosen))
        prone = [h for h in order if h.id in chosen]
        prone += [h for h in order if h.id not in chosen][:extra]
        closed: Counter = Counter()
        for _ in range(n_closed if prone else 0):
            for _attempt in range(10):
                household = rng.choice(prone)
                if closed[household.id] < MAX_CLOSED:
                    break
            closed[household.id] += 1

        sketches = []
        oldest = self.today - timedelta(days=HISTORY_DAYS)
        for household in households:
            kind = chosen.get(household.id)
            if kind is None and not closed[household.id]:
                continue
            if kind is not None:
                sketch = self._open(household, kind)
                sketches.append(sketch)
                cursor = sketch.opened_day - timedelta(days=rng.randint(20, 240))
            else:
                cursor = self.today - timedelta(days=rng.randint(0, 400))
            for _ in range(closed[household.id]):
                sketch = self._closed(household, cursor)
                if sketch.opened_day < oldest:
                    break
                sketches.append(sketch)
                cursor = sketch.opened_day - timedelta(days=rng.randint(30, 300))
        # In the order drawn, not as clamped to now: a seed run later in the
        # day builds the cases in the same order and so draws the same.
        sketches.sort(key=lambda s: (s.drawn, s.household.id))
        sequence: Counter = Counter()
        for sketch in sketches:
            year = sketch.opened_day.year
            sequence[year] += 1
            sketch.number = f"T{year}-{sequence[year]:06d}"
        return sketches

    def _marks(self) -> tuple[dict, list[EvaluationDates]]:
        rng = self.rng
        marks = {"alloc": rng.randint(0, 4)}
        marks["conversation"] = marks["alloc"] + rng.randint(2, 18)
        marks["goals"] = marks["conversation"] + rng.randint(10, 35)
        marks["plan"] = marks["goals"] + rng.randint(4, 18)
        marks["set"] = marks["plan"] + rng.randint(5, 25)
        evaluations = []
        last_set = marks["set"]
        for _ in range(4):
            due = last_set + rng.randint(56, 120)
            held = due + rng.randint(-3, 10)
            evaluations.append(EvaluationDates(due, held, held + rng.randint(3, 14)))
            last_set = evaluations[-1].next_set
        return marks, evaluations

    def _window(
        self, stage: str, marks: dict, evaluations: list[EvaluationDates]
    ) -> tuple[int, int]:
        """Days after opening during which a case is in ``stage``: [low, high)."""
        first = evaluations[0]
        if stage == phases.MEET:
            return 0, marks["conversation"]
        if stage == phases.GATHER:
            return marks["conversation"], marks["goals"]
        if stage == phases.GOALS:
            return marks["goals"], marks["plan"]
        if stage == phases.PLAN:
            return marks["plan"], marks["set"]
        if stage == phases.CARRY_OUT:
            return marks["set"], min(first.held, first.due + 7)
        held = self.rng.randint(1, 3)
        after = evaluations[held] if held < len(evaluations) else None
        high = min(after.held, after.due + 7) if after else evaluations[held - 1].held + 60
        return evaluations[held - 1].held, high

    def _open(self, household: Household, showcase: str) -> Sketch:
        rng = self.rng
        marks, evaluations = self._marks()
        stage = SHOWCASE_STAGE.get(showcase) or weighted(rng, OPEN_STAGES)
        low, high = self._window(stage, marks, evaluations)
        days = rng.randint(low, max(low, high - 1))
        if showcase == "due":  # the evaluation is in two days
            first = evaluations[0]
            days = first.due - 2
            first.held = first.due + rng.randint(0, 7)
            first.next_set = first.held + rng.randint(3, 14)
        elif showcase in ("resident", "application"):  # well into carrying out
            days = min(evaluations[0].due - 10, marks["set"] + rng.randint(12, 40))
        if showcase == "unallocated":
            marks["alloc"] = days + 1
        elif stage == phases.MEET and rng.random() < 0.5:
            marks["alloc"] = days + 1  # still waiting for the team lead
        drawn = self._drawn(self.today - timedelta(days=days))
        sketch = Sketch(household, stage, min(drawn, self.now), days, marks, evaluations, showcase)
        sketch.drawn = drawn
        return sketch

    def _closed(self, household: Household, closing: date) -> Sketch:
        rng = self.rng
        marks, evaluations = self._marks()
        reason = weighted(rng, CLOSE_REASONS)
        stage = weighted(rng, CLOSED_STAGES[reason])
        if reason == Case.CloseReason.GOALS_REACHED:
            held = evaluations[rng.randint(0, 1)].held
            days = held + rng.randint(0, 30)
        else:
            low, high = self._window(stage, marks, evaluations)
            days = rng.randint(low, max(low, high - 1))
        drawn = self._drawn(closing - timedelta(days=days))
        opened = min(drawn, self.now)
        closed = datetime.combine(closing, clock(17, rng.randrange(60)), tzinfo=self.tz)
        closed = min(closed, self.now)
        sketch = Sketch(household, stage, opened, days, marks, evaluations, "", reason, closed)
        sketch.drawn = drawn
        return sketch

    def _drawn(self, day: date) -> datetime:
        """A moment in office hours on ``day``, possibly later today."""
        rng = self.rng
        return datetime.combine(day, clock(rng.randint(8, 16), rng.randrange(60)), tzinfo=self.tz)

    def _moment(self, day: date) -> datetime:
        """A moment in office hours on ``day``; never later than now. The
        same draws whatever the time of day, and ``min`` with a constant
        keeps the order of the moments."""
        return min(self._drawn(day), self.now)

    def _at(self, sketch: Sketch, offset: int) -> datetime:
        """A moment ``offset`` days after opening, inside the case's life."""
        if offset <= 0:
            return sketch.opened
        day = sketch.opened_day + timedelta(days=offset)
        limit = (sketch.closed or self.now) - timedelta(minutes=5)
        return max(sketch.opened, min(self._moment(day), limit))
