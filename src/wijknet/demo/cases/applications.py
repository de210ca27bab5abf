"""Applications for an individual provision, their decisions and the
objections against them: drafted with the plan, sent when it is set,
decided by an assessor who wrote no plan."""

from datetime import timedelta

from wijknet.cases.models import Application, Decision
from wijknet.core import deadlines, ladder
from wijknet.demo.cases.common import weighted

DECISION_REASONS = {
    Decision.Outcome.GRANTED: [
        "Uit het onderzoek blijkt dat eigen kracht, netwerk en algemene voorzieningen "
        "onvoldoende zijn. De voorziening is passend en de goedkoopst adequate.",
        "Het plan laat per trede zien waarom die tekortschiet; toegekend volgens de verordening.",
    ],
    Decision.Outcome.PARTLY: [
        "Toegekend voor een kortere periode en een lagere omvang: het netwerk kan een deel "
        "opvangen.",
        "Deels toegekend: een algemene voorziening dekt een deel van de vraag.",
    ],
    Decision.Outcome.REFUSED: [
        "Afgewezen: een algemene voorziening in de wijk is passend en beschikbaar.",
        "Afgewezen: de zorg valt onder de Zorgverzekeringswet, die gaat voor.",
    ],
}
OBJECTION_GROUNDS = [
    "De algemene voorziening is niet bereikbaar zonder vervoer; het besluit houdt daar "
    "geen rekening mee.",
    "De omvang is te laag: met minder uren lukt het huishouden niet.",
    "Het netwerk kan de zorg niet langer opvangen; de dochter is zelf ziek.",
]
OWN_CONTRIBUTION = "abonnementstarief: € 21,80 per vier weken"
PROVISION_FORMS = {Application.Form.IN_KIND: 80, Application.Form.PGB: 20}
OUTCOMES = {Decision.Outcome.GRANTED: 72, Decision.Outcome.PARTLY: 16, Decision.Outcome.REFUSED: 12}


class Applications:
    """Mixed into ``trajectory.Builder`` (see ``timeline.Timeline``)."""

    def _applications(self, work, designs, plan, author: int) -> None:
        """An application for every goal with an individual step: drafted with
        the plan, sent when it is set, decided by an assessor (never the
        plan's author: assessors write no plans)."""
        rng, world, sketch = self.rng, self.world, work.sketch
        out, marks, day, fill = work.out, sketch.marks, work.day, work.fill
        for theme, _goal, _reasons, steps in designs:
            if not any(level == ladder.INDIVIDUAL for level, *_ in steps):
                continue
            drafted = marks["set"] + rng.randint(0, 4)
            late = rng.random() < 0.15  # the professional is still completing it
            submitted = drafted + (rng.randint(20, 60) if late else rng.randint(0, 7))
            if sketch.showcase == "resident":  # a draft for the demo to send
                submitted = sketch.days + 1
            decided = submitted + rng.randint(4, 24)
            outcome = weighted(rng, OUTCOMES)
            form = weighted(rng, PROVISION_FORMS)
            if not sketch.happened(drafted):
                continue
            provision, volume = theme.provision
            application = Application(
                case=work.case,
                plan_version=plan,
                applicant_id=sketch.household.head[0],
                status=Application.Status.DRAFT,
                provision=provision,
                problems=fill(theme.problems),
                analysis=fill(theme.analysis),
                direction=fill(theme.direction),
                intended_results=fill(theme.results),
                measures=fill(theme.measures),
                form=form,
                created_by_id=author,
                created_at=work.at(drafted),
            )
            out.applications.append(application)
            if not sketch.happened(submitted):
                if sketch.closed is not None:
                    application.status = Application.Status.WITHDRAWN
                continue
            application.status = Application.Status.SUBMITTED
            application.submitted_on = day(submitted)
            application.decision_due = deadlines.due(
                application.submitted_on, self.terms[deadlines.DECISION]
            )
            if sketch.closed is not None:
                decided = min(decided, sketch.days)
            if sketch.showcase == "application" or not sketch.happened(decided):
                continue
            application.status = Application.Status.DECIDED
            start = day(decided + rng.randint(0, 14))
            once = volume == "eenmalig"
            granted = outcome != Decision.Outcome.REFUSED
            decision = Decision(
                application=application,
                assessor_id=rng.choice(world.assessors),
                decided_on=day(decided),
                outcome=outcome,
                reasons=rng.choice(DECISION_REASONS[outcome]),
                provision=provision,
                volume=(
                    ""
                    if not granted
                    else volume
                    if outcome == Decision.Outcome.GRANTED
                    else f"{volume}, eerste half jaar"
                ),
                period_start=start if granted else None,
                period_end=(
                    None
                    if not granted or once
                    else start + timedelta(days=365 if outcome == Decision.Outcome.GRANTED else 182)
                ),
                own_contribution=OWN_CONTRIBUTION if granted else "",
            )
            out.decisions.append(decision)
            received = day(decided + rng.randint(7, 42))
            objects = rng.random() < 0.3 or not self.objected  # the first one always
            if outcome != Decision.Outcome.GRANTED and received <= self.today and objects:
                self.objected = True
                out.objections.append(
                    (
                        decision,
                        received,
                        rng.choice(OBJECTION_GROUNDS),
                        rng.choice(world.assessors),
                    )
                )
