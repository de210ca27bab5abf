"""Evaluations: what the evaluation of a set plan version records, the
conversation that half of them come with, and the goals reached. The new
plan version an evaluation starts is ``plan.Plans._plan``'s."""

from wijknet.cases import phases
from wijknet.cases.models import Conversation

EVALUATION_WENT_WELL = [
    "De afspraken uit het plan zijn nagekomen; {naam} houdt zelf goed de regie.",
    "Het netwerk doet meer dan verwacht: de buurvrouw komt vaste dagen langs.",
    "De voorziening is op tijd gestart en bevalt goed.",
    "{naam} gaat elke week naar de activiteit in het buurthuis.",
    "Er is weer rust en overzicht in huis.",
]
EVALUATION_LEARNED = [
    "Kleine stappen werken beter dan een groot plan.",
    "{naam} wil liever zelf bellen dan gebeld worden.",
    "De dochter heeft ook steun nodig om het vol te houden.",
    "",
]
EVALUATION_ADJUSTMENTS = [
    "Nieuwe evaluatiedatum; de stap met het maatje loopt door.",
    "Eén stap afgerond, een nieuwe stap toegevoegd voor het netwerk.",
    "Doel bijgesteld: eerst de financiën op orde, daarna de dagbesteding.",
    "Geen bijstelling nodig; de afspraken blijven staan.",
]
EVALUATION_NOTES = {
    "relationship": ["Goed contact; {naam} belt zelf als er iets is.", "Vertrouwen groeit."],
    "activities": ["De aanvraag liep langer dan gedacht.", "Niet alle stappen zijn gezet."],
    "phase_fit": ["De doelen waren te ruim; eerst terug naar informatie verzamelen."],
}


class Evaluations:
    """Mixed into ``trajectory.Builder`` (see ``timeline.Timeline``)."""

    def _evaluate(self, work, evaluated, current, evaluation, *, first: bool) -> None:
        """Evaluate the ``evaluated`` version on ``evaluation.held``; ``current``
        is the new draft it leads to. The first evaluation moves the case on
        to the evaluate phase and the measuring step."""
        rng, sketch, case, worker = self.rng, work.sketch, work.case, work.worker
        day, at, fill = work.day, work.at, work.fill
        relationship_ok = rng.random() < 0.9
        relationship_note = fill(rng.choice(EVALUATION_NOTES["relationship"]))
        activities_ok = rng.random() < 0.8
        activities_note = rng.choice(EVALUATION_NOTES["activities"]) if rng.random() < 0.3 else ""
        phase_fit_ok = rng.random() < 0.92
        phase_fit_note = rng.choice(EVALUATION_NOTES["phase_fit"]) if rng.random() < 0.1 else ""
        work.out.evaluations.append(
            (
                case,
                evaluated,
                day(evaluation.held),
                relationship_ok,
                relationship_note,
                activities_ok,
                activities_note,
                phase_fit_ok,
                phase_fit_note,
                fill(rng.choice(EVALUATION_WENT_WELL)),
                fill(rng.choice(EVALUATION_LEARNED)),
                rng.choice(EVALUATION_ADJUSTMENTS),
                worker,
                current,
            )
        )
        if first:
            work.phase(current.created_at, 5)
            work.step(current.created_at, phases.MEASURING)
        for goal in work.goals:
            if goal.reached_on is None and rng.random() < 0.2:
                goal.reached_on = day(evaluation.held)
        if rng.random() < 0.5:  # an evaluation conversation, its report agreed
            talk = self._talk(
                work,
                day(evaluation.held),
                at(evaluation.held),
                Conversation.Place.HOME,
                fill(f"Evaluatiegesprek. {rng.choice(EVALUATION_WENT_WELL)}"),
                [sketch.household.head],
            )
            self._report(
                work,
                talk,
                fill(" ".join(theme.need for theme in work.themes)),
                rng.choice(EVALUATION_ADJUSTMENTS),
                at(evaluation.held),
                at(min(sketch.days, evaluation.held + rng.randint(1, 7))),
            )
