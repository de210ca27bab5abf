"""Building a case from its sketch: the case and its events, and each
phase in turn (conversation and instruments, goals, plan, applications,
evaluations), the logbook, consultations and escalations, the closing with
aftercare, and the team's involvement with the household.

``Builder`` holds the one random stream every phase draws from; the phases
are mixed into it from their own modules, so the order of the draws is the
order of this module's ``build``.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from wijknet.cases import phases
from wijknet.cases.models import Case, CaseEvent, Consultation, Goal, LogEntry
from wijknet.core import deadlines, terms
from wijknet.core.models import Confidentiality
from wijknet.demo.cases.applications import Applications
from wijknet.demo.cases.casework import CaseWork
from wijknet.demo.cases.common import age, named, weighted
from wijknet.demo.cases.conversation import Conversations
from wijknet.demo.cases.evaluation import Evaluations
from wijknet.demo.cases.plan import Plans
from wijknet.demo.cases.saving import Chunk
from wijknet.demo.cases.themes import THEME_WEIGHTS, THEMES, Theme
from wijknet.demo.cases.timeline import Sketch, Timeline
from wijknet.demo.cases.world import Household, World
from wijknet.people.models import Consent

SHARE_ESCALATED = 0.03
SHARE_CONSULTED = 0.02
SHARE_PROFILE = 0.65
SHARE_SECOND_PERSON = 0.25  # a partner measured on the matrix too

CLOSE_NOTES = {
    Case.CloseReason.GOALS_REACHED: [
        "De doelen zijn bereikt; {naam} redt het weer met de eigen kring.",
        "Afgesloten in overleg: de afspraken lopen, nazorg telefonisch.",
        "Plan uitgevoerd en geëvalueerd; de voorzieningen lopen door.",
    ],
    Case.CloseReason.REFERRED: [
        "Overgedragen aan de specialistische ggz.",
        "Doorverwezen naar schuldhulpverlening van de gemeente.",
        "Overgedragen aan de casemanager dementie.",
    ],
    Case.CloseReason.REFUSED: [
        "{naam} wil op dit moment geen ondersteuning.",
        "Na de kennismaking afgezien van verdere hulp.",
    ],
    Case.CloseReason.MOVED: [
        "Verhuisd naar een andere gemeente; warme overdracht aan het wijkteam daar.",
        "Verhuisd naar een verpleeghuis buiten de wijk.",
    ],
    Case.CloseReason.DECEASED: ["Overleden. Nazorg voor de familie afgesproken."],
    Case.CloseReason.OTHER: [
        "Geen contact meer mogelijk na herhaalde pogingen.",
        "Hulpvraag vervallen door veranderde situatie.",
    ],
}

START_REASONS = {
    Case.StartReason.SIGNAL: 35,
    Case.StartReason.WALK_IN: 20,
    Case.StartReason.REFERRAL: 30,
    Case.StartReason.SELF_REPORT: 15,
}
START_NOTES = {
    Case.StartReason.SIGNAL: [
        "Melding via het meldpunt: zorgen van een buurvrouw.",
        "Melding van de woningcorporatie over een huurachterstand.",
        "Melding van de wijkagent na een huisbezoek.",
        "Signaal van de huisarts, via het meldpunt.",
    ],
    Case.StartReason.WALK_IN: [
        "Kwam langs op het inloopspreekuur in het buurthuis.",
        "Vraag gesteld bij de koffieochtend van het wijkteam.",
    ],
    Case.StartReason.REFERRAL: [
        "Verwezen door de huisarts.",
        "Verwezen door de wijkverpleegkundige.",
        "Verwezen door de praktijkondersteuner ggz.",
        "Doorverwezen door het maatschappelijk werk van het ziekenhuis.",
    ],
    Case.StartReason.SELF_REPORT: [
        "Belde zelf met het wijkteam.",
        "Aangemeld via het contactformulier op de website.",
        "Dochter meldde aan, met instemming van {naam}.",
    ],
}

LOG_TEXTS = {
    LogEntry.Kind.CONTACT: {
        LogEntry.Channel.VISIT: [
            "Huisbezoek: besproken hoe het gaat met de afspraken uit het plan.",
            "Huisbezoek samen met de wijkverpleegkundige.",
            "Langsgeweest; {naam} maakte een opgewekte indruk.",
        ],
        LogEntry.Channel.PHONE: [
            "Telefonisch contact: de afspraak van volgende week verzet.",
            "Gebeld met {naam}; het gaat redelijk, volgende week huisbezoek.",
            "Dochter belde met een vraag over de aanvraag.",
        ],
        LogEntry.Channel.MESSAGE: [
            "Bericht gestuurd met de gegevens van het maatjesproject.",
            "Mail van de thuiszorg ontvangen: zorg is gestart.",
        ],
        LogEntry.Channel.MEETING: [
            "Besproken in het teamoverleg; collega wijkverpleging denkt mee.",
            "Afstemming met de woningcorporatie over de situatie.",
        ],
        LogEntry.Channel.OTHER: ["{naam} kwam onverwacht langs op het spreekuur."],
    },
    LogEntry.Kind.ACTION: {
        LogEntry.Channel.MESSAGE: [
            "Aanmelding gedaan bij de vrijwilligerscentrale.",
            "Formulieren voor de kwijtschelding samen ingevuld en verstuurd.",
            "Regiotaxipas aangevraagd.",
        ],
        LogEntry.Channel.MEETING: [
            "Overleg met de Wmo-consulent over de aanvraag.",
            "Warme overdracht aan de buurtsportcoach.",
        ],
        LogEntry.Channel.OTHER: ["Informatie opgezocht op de sociale kaart en meegegeven."],
    },
}
CONSULTATION_QUESTIONS = [
    "Kunnen jullie meedenken over de schulden? Jullie schuldhulpmaatje kent de situatie.",
    "Wie van jullie team heeft ervaring met jonge mantelzorgers?",
    "Het gezin woonde eerder in jullie wijk; wat weten jullie van de eerdere hulp?",
]
CONSULTATION_ANSWERS = [
    "Ja, onze collega schuldhulp belt deze week.",
    "Besproken in ons teamoverleg: advies is eerst de mantelzorger te ontlasten.",
    "De eerdere hulp is afgesloten omdat het gezin verhuisde; geen bijzonderheden.",
]
ESCALATION_REASONS = [
    "Dreigende huisuitzetting; betrokken partners komen er samen niet uit.",
    "Zorgen over de veiligheid van de kinderen; opschalen naar het Veiligheidshuis.",
    "Ernstige vervuiling en zorgmijding; stedelijk overleg nodig.",
]


class Builder(Timeline, Conversations, Plans, Evaluations, Applications):
    """Sketches the cases (``Timeline``) and builds each from its sketch,
    phase by phase. One builder per seed run: its random stream is derived
    from the seed alone."""

    def __init__(self, seed: int, world: World, today: date):
        self.rng = random.Random(f"wijknet-trajecten-{seed}")
        self.world = world
        self.today = today
        # The legal terms as set in beheer, read once: every case and every
        # application counts its due date from them, as the domain does.
        self.terms = terms.current()
        self.tz = timezone.get_current_timezone()
        # Nothing is seeded later than the start of today: a moment drawn
        # for today would otherwise be clipped to the clock, and seeding
        # twice on one day would not give the same municipality.
        self.now = min(timezone.now(), datetime.combine(today, time.min, tzinfo=self.tz))
        self.objected = False
        self.themes = {theme.key: theme for theme in THEMES}
        self.teams_other = {
            team: [other for other in world.teams if other != team] for team in world.teams
        }

    def _coordinator(self, team: int, opened: date) -> int:
        staff = self.world.staff[team]
        there = [user for user, since in staff if since <= opened] or [u for u, _ in staff]
        if self.rng.random() < 0.1:
            return self.world.leads[team]
        return self.rng.choice(there)

    def _themes(self, household: Household, opened: date) -> list[Theme]:
        rng = self.rng
        head_age = age(household.head[2], opened)
        relations = {relation for _, relation, born, _ in household.members}
        children = any(age(born, opened) < 18 for _, relation, born, _ in household.members)
        fits = {
            "any": True,
            "older": head_age >= 60,
            "adult": head_age < 67,
            "children": children,
            "pair": bool(relations & {"partner", "parent"}),
        }
        pool = {key: w for key, w in THEME_WEIGHTS.items() if fits[self.themes[key].fits]}
        wanted = weighted(rng, {1: 45, 2: 40, 3: 15})
        chosen: list[str] = []
        while pool and len(chosen) < wanted:
            key = weighted(rng, pool)
            chosen.append(key)
            del pool[key]
        return [self.themes[key] for key in chosen]

    # Building -------------------------------------------------------------------
    def build(self, sketch: Sketch, out: Chunk) -> None:
        rng, world = self.rng, self.world
        household, marks = sketch.household, sketch.marks
        team = household.team
        opened_day = sketch.opened_day
        stage = phases.PHASES.index(sketch.stage)

        allocated = sketch.happened(marks["alloc"])
        coordinator = self._coordinator(team, opened_day) if allocated else None
        worker = coordinator or world.leads[team]
        reason = weighted(rng, START_REASONS)
        reported = opened_day - timedelta(days=rng.randint(0, 10))
        case = Case(
            number=sketch.number,
            household_id=household.id,
            team_id=team,
            coordinator_id=coordinator,
            start_reason=reason,
            start_note=named(rng.choice(START_NOTES[reason]), household.head[3]),
            phase=sketch.stage,
            access_step=phases.FIRST_CONTACT,
            reported_on=reported,
            investigation_due=deadlines.due(reported, self.terms[deadlines.INVESTIGATION]),
            opened_at=sketch.opened,
            confidentiality=Confidentiality.VERTROUWELIJK,
        )
        out.cases.append(case)
        work = CaseWork(out, sketch, case, worker, self._at)
        day, at, fill = work.day, work.at, work.fill

        work.event(
            sketch.opened, worker, CaseEvent.Kind.OPENED, note=str(Case.StartReason(reason).label)
        )
        if coordinator:
            work.event(
                at(marks["alloc"]),
                world.leads[team],
                CaseEvent.Kind.ALLOCATED,
                after=world.names.get(coordinator, ""),
            )
        if stage == 0:
            if coordinator and rng.random() < 0.6:
                self._log(work, marks["alloc"], limit=1)
        else:
            moment = at(marks["conversation"])
            work.phase(moment, 1)
            work.step(moment, phases.CONVERSATION)
        work.themes = themes = self._themes(household, opened_day)
        adults = [m for m in household.members if age(m[2], opened_day) >= 18] or [household.head]
        measured = [household.head]
        partner = next((m for m in adults if m[1] == "partner"), None)
        if partner and rng.random() < SHARE_SECOND_PERSON:
            measured.append(partner)

        # The conversation and its report.
        if stage >= 1:
            self._conversation(work, adults, marks["conversation"])
        # Matrix measurements: a baseline, then at every evaluation.
        states: dict[int, dict[str, list[int]]] = {}
        focus = {theme.matrix_domain for theme in themes}
        if stage >= 1:
            first = marks["conversation"] + rng.randint(0, 10)
            if sketch.happened(first):
                for person in measured:
                    states[person[0]] = self._baseline(focus)
                    self._measure(work, person[0], day(first), states, "nulmeting")
        # Goals, with a ranked personal profile behind them for most.
        goals = work.goals
        if stage >= 2:
            case.investigation_done_on = day(marks["goals"])
            work.phase(at(marks["goals"]), 2)
            wishes = {}
            if sketch.showcase or rng.random() < SHARE_PROFILE:
                made = max(marks["conversation"], marks["goals"] - rng.randint(0, 6))
                wishes = self._profile(work, household.head[0], day(made))
            targets = states.get(household.head[0], {})
            for order, theme in enumerate(themes, start=1):
                level = targets.get(theme.matrix_domain, [3, 4])
                goals.append(
                    Goal(
                        case=case,
                        wish=wishes.get(theme.key),
                        title=fill(theme.goal),
                        preferences=fill(theme.preferences),
                        result_area=theme.result_area,
                        life_domain_id=world.life_domains.get(theme.life_domain),
                        matrix_domain_id=self._domain_id(theme.matrix_domain),
                        target_level=level[1],
                        order=order,
                        created_at=at(marks["goals"]),
                    )
                )
            out.goals += goals
        # The plan, its versions, the applications and the evaluations.
        if stage >= 3:
            work.phase(at(marks["plan"]), 3)
            self._plan(work)
            for person in measured:
                if person[0] not in states:
                    continue
                for evaluation in sketch.evaluations:
                    if sketch.happened(evaluation.held):
                        self._progress(states[person[0]], focus)
                        self._measure(work, person[0], day(evaluation.held), states, "evaluatie")
            if sketch.close_reason == Case.CloseReason.GOALS_REACHED:
                for goal in goals:
                    goal.reached_on = goal.reached_on or day(sketch.days)
                held = [e.held for e in sketch.evaluations if sketch.happened(e.held)]
                for person in measured:
                    if person[0] in states and sketch.days > max(held, default=0) + 7:
                        self._progress(states[person[0]], focus)
                        self._measure(work, person[0], day(sketch.days), states, "eindmeting")
        if stage >= 1:
            self._log(work, marks["conversation"])

        # Consultation and escalation, now and then.
        consulted = sketch.showcase == "consulted" or rng.random() < SHARE_CONSULTED
        if stage >= 1 and sketch.showcase in ("", "consulted") and consulted:
            self._consult(work)
        escalate = SHARE_ESCALATED if sketch.closed is None else SHARE_ESCALATED / 3
        escalated = sketch.showcase == "escalated" or rng.random() < escalate
        if stage >= 1 and sketch.showcase in ("", "escalated") and escalated:
            offset = rng.randint(marks["conversation"], max(marks["conversation"], sketch.days))
            case.escalated_at = at(offset)
            case.escalation_reason = rng.choice(ESCALATION_REASONS)
            work.event(
                case.escalated_at, worker, CaseEvent.Kind.ESCALATED, note=case.escalation_reason
            )

        # Closing, with aftercare.
        if sketch.closed is not None:
            case.closed_at = sketch.closed
            case.close_reason = sketch.close_reason
            case.close_note = fill(rng.choice(CLOSE_NOTES[sketch.close_reason]))
            case.aftercare_on = sketch.closed.date() + timedelta(days=rng.randint(42, 120))
            work.event(
                sketch.closed,
                worker,
                CaseEvent.Kind.CLOSED,
                note=case.close_note,
                after=sketch.close_reason,
            )

        # The team is involved with the household for as long as the case needs it.
        if (household.id, team) not in world.involved:
            active = case.closed_at is None or case.aftercare_on >= self.today
            out.involvements.append(
                (
                    household.id,
                    team,
                    reported,
                    None if case.closed_at is None else case.aftercare_on,
                    f"traject {case.number}",
                )
            )
            if active:
                world.involved.add((household.id, team))
        work.events.sort(key=lambda row: row[1])
        out.events += work.events

    def _domain_id(self, code: str) -> int | None:
        return next((pk for pk, c in self.world.domains if c == code), None)

    def _log(self, work: CaseWork, start: int, limit: int = 10) -> None:
        """Logbook entries from ``start`` on, by the professional doing the work."""
        rng, sketch = self.rng, work.sketch
        offset = start + rng.randint(1, 14)
        written = 0
        while sketch.happened(offset) and written < limit:
            kind = LogEntry.Kind.CONTACT if rng.random() < 0.75 else LogEntry.Kind.ACTION
            channel = rng.choice(list(LOG_TEXTS[kind]))
            work.out.log.append(
                (
                    work.case,
                    work.day(offset),
                    kind,
                    channel,
                    work.fill(rng.choice(LOG_TEXTS[kind][channel])),
                    work.worker,
                    self._at(sketch, offset),
                )
            )
            written += 1
            offset += rng.randint(10, 40)

    def _consult(self, work: CaseWork) -> None:
        """Another team thinks along, with the resident's consent to share,
        recorded for every member as ``services.request_consultation`` does."""
        rng, world = self.rng, self.world
        out, case, sketch, worker = work.out, work.case, work.sketch, work.worker
        household = sketch.household
        others = self.teams_other[household.team]
        if not others:
            return
        team = rng.choice(others)
        offset = sketch.marks["conversation"] + rng.randint(1, 20)
        if not sketch.happened(offset):
            return
        first = None
        for person, *_ in household.members:
            consent = Consent(
                person_id=person,
                purpose=Consent.Purpose.SHARE,
                given_on=work.day(offset),
                recorded_by_id=worker,
                note=f"consultatie traject {case.number}",
            )
            out.consents.append(consent)
            out.consent_teams.append((consent, team))
            first = first or consent
        question = rng.choice(CONSULTATION_QUESTIONS)
        answered = offset + rng.randint(3, 10)
        consultation = Consultation(
            case=case,
            team_id=team,
            question=question,
            consent=first,
            requested_by_id=worker,
            requested_at=work.at(offset),
        )
        if sketch.happened(answered):
            consultation.answer = rng.choice(CONSULTATION_ANSWERS)
            consultation.answered_at = work.at(answered)
        out.consultations.append(consultation)
        work.event(
            consultation.requested_at,
            worker,
            CaseEvent.Kind.CONSULTATION,
            note=question,
            after=world.team_names.get(team, ""),
        )
