"""One case while it is built: what every phase of ``trajectory.Builder``
shares about it, and the helpers they date and log what happens with."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from wijknet.cases import phases
from wijknet.cases.models import Case, CaseEvent
from wijknet.demo.cases.common import named
from wijknet.demo.cases.saving import Chunk
from wijknet.demo.cases.timeline import Sketch


@dataclass
class CaseWork:
    """The case, its timeline and where its rows go (``out``); the
    professional doing the work; the themes and goals once drawn; and its
    events, kept until the case is built and then added in time order.

    ``at`` draws from the seed's random stream (a moment in office hours),
    so the order of its calls is part of what a seed gives."""

    out: Chunk
    sketch: Sketch
    case: Case
    worker: int
    moment: Callable[[Sketch, int], datetime]  # Timeline._at
    themes: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    events: list = field(default_factory=list)

    def day(self, offset: int) -> date:
        """The day ``offset`` days after opening."""
        return self.sketch.opened_day + timedelta(days=offset)

    def at(self, offset: int) -> datetime:
        """A moment ``offset`` days after opening, inside the case's life."""
        return self.moment(self.sketch, offset)

    def fill(self, text: str) -> str:
        """A text with the resident's first name in it."""
        return named(text, self.sketch.household.head[3])

    def event(self, moment, actor, kind, note="", before="", after="") -> None:
        self.events.append(
            (self.case, moment, actor, kind, str(before)[:40], str(after)[:40], note)
        )

    def step(self, moment, reached: int) -> None:
        """Reach an access step; they only move forward, the domain's rule
        as the services keep it."""
        advanced = phases.advance_step(self.case.access_step, reached)
        if advanced != self.case.access_step:
            self.event(
                moment,
                self.worker,
                CaseEvent.Kind.STEP,
                before=self.case.access_step,
                after=advanced,
            )
            self.case.access_step = advanced

    def phase(self, moment, index: int) -> None:
        """Move the case one phase forward, to ``phases.PHASES[index]``."""
        self.event(
            moment,
            self.worker,
            CaseEvent.Kind.PHASE,
            before=phases.PHASES[index - 1],
            after=phases.PHASES[index],
        )
