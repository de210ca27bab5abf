"""The conversation and the instruments: the conversation with its report
(and the resident's agreement), the self-reliance matrix measured at the
start, at every evaluation and at the end, and the personal profile with
its ranked wishes."""

from wijknet.cases.models import (
    Conversation,
    MatrixMeasurement,
    MatrixScore,
    PersonalProfile,
    ProfileDomain,
    Report,
    Wish,
)
from wijknet.demo.cases.common import weighted

PLACES = {
    Conversation.Place.HOME: 55,
    Conversation.Place.CAFE: 6,
    Conversation.Place.COMMUNITY_CENTRE: 12,
    Conversation.Place.OFFICE: 15,
    Conversation.Place.PHONE: 8,
    Conversation.Place.OTHER: 4,
}
PLACE_DETAILS = {
    Conversation.Place.HOME: ["", "", "aan de keukentafel", "in de woonkamer, met koffie"],
    Conversation.Place.CAFE: ["lunchcafé bij het winkelcentrum", "koffiehoek van de bibliotheek"],
    Conversation.Place.COMMUNITY_CENTRE: ["buurthuis De Schakel", "ontmoetingsruimte in de flat"],
    Conversation.Place.OFFICE: ["", "spreekkamer wijkteam"],
    Conversation.Place.PHONE: ["beeldbellen", "telefonisch, op verzoek"],
    Conversation.Place.OTHER: ["tijdens een wandeling in het park", "bij de dochter thuis"],
}
NETWORK_PRESENT = [
    "dochter",
    "zoon",
    "buurvrouw",
    "zus",
    "schoondochter",
    "vriendin van de kerk",
    "zoon en schoondochter",
]
INTERPRETERS = ["tolk Arabisch (telefonisch)", "tolk Turks", "tolk Pools (beeldbellen)"]

PROFILE_TEXTS = {
    ProfileDomain.HOUSING: (
        "Woont al jaren in dezelfde woning; de trap wordt lastig.",
        "In het eigen huis blijven wonen.",
        "Had vroeger een tuin en deed alles zelf.",
    ),
    ProfileDomain.WORK: (
        "Werkt niet; leeft van een uitkering of pensioen.",
        "Iets nuttigs doen, misschien vrijwilligerswerk.",
        "Werkte twintig jaar in de kinderopvang.",
    ),
    ProfileDomain.LEARNING: (
        "Leest weinig; taal is soms lastig.",
        "Beter leren omgaan met de computer.",
        "Volgde ooit een cursus boekhouden.",
    ),
    ProfileDomain.LEISURE: (
        "Kijkt veel televisie.",
        "Weer gaan kaarten of wandelen met anderen.",
        "Zat jaren bij een zangkoor.",
    ),
    ProfileDomain.HEALTH: (
        "Last van de knieën en snel moe.",
        "Fitter worden en minder pijn.",
        "Fietste vroeger elke dag naar het werk.",
    ),
    ProfileDomain.SELF_CARE: (
        "Het huishouden en de post lopen achter.",
        "Overzicht over geld en huishouden.",
        "Regelde vroeger alle papieren zelf.",
    ),
    ProfileDomain.SOCIAL: (
        "Weinig contact; de kinderen wonen ver weg.",
        "Mensen om mee te praten.",
        "Had een grote vriendenkring via het werk.",
    ),
    ProfileDomain.MEANING: (
        "Voelt zich soms nutteloos.",
        "Ergens bij horen.",
        "Ging vroeger elke week naar de kerk.",
    ),
}

# Self-reliance matrix: the range of a score, and how a domain usually
# scores at the first measurement.
LOWEST = min(MatrixScore.Level.values)
HIGHEST = max(MatrixScore.Level.values)
BASELINE = {
    "default": {1: 2, 2: 8, 3: 25, 4: 40, 5: 25},
    "justitie": {3: 2, 4: 6, 5: 92},
    "middelengebruik": {2: 4, 3: 8, 4: 28, 5: 60},
    "focus": {1: 12, 2: 48, 3: 40},  # the domain a goal is about
}


class Conversations:
    """Mixed into ``trajectory.Builder`` (see ``timeline.Timeline``)."""

    def _conversation(self, work, adults, offset: int) -> None:
        """The first conversation, ``offset`` days after opening, and its report."""
        rng, sketch, themes, fill = self.rng, work.sketch, work.themes, work.fill
        place = weighted(rng, PLACES)
        discussed = " ".join(
            [
                "Kennismaking en gesprek over alle leefgebieden, het netwerk en wat "
                "{naam} zelf al doet.",
                *(theme.discussed for theme in themes),
                "Wensen en mogelijkheden doorgenomen; de verschillen tussen willen en kunnen "
                "benoemd.",
            ]
        )
        conversation = self._talk(
            work, work.day(offset), work.at(offset), place, fill(discussed), adults
        )
        written = offset + rng.randint(0, 3)
        if not sketch.happened(written):
            return
        recent = sketch.closed is None and sketch.days - written < 21
        pending = sketch.showcase == "gather" or (recent and rng.random() < 0.5)
        self._report(
            work,
            conversation,
            fill(" ".join(theme.need for theme in themes)),
            fill(" ".join(theme.arrangement for theme in themes)),
            work.at(written),
            None if pending else work.at(min(sketch.days, written + rng.randint(1, 10))),
        )

    def _talk(self, work, held_on, moment, place, discussed, adults) -> Conversation:
        """A conversation with the adults present (the first always)."""
        rng, out = self.rng, work.out
        conversation = Conversation(
            case=work.case,
            held_on=held_on,
            place=place,
            place_detail=rng.choice(PLACE_DETAILS[place]),
            network_present=rng.choice(NETWORK_PRESENT) if rng.random() < 0.35 else "",
            interpreter=rng.choice(INTERPRETERS) if rng.random() < 0.04 else "",
            discussed=discussed,
            author_id=work.worker,
            created_at=moment,
        )
        out.conversations.append(conversation)
        present = adults[:1] + [m for m in adults[1:] if rng.random() < 0.5]
        out.present += [(conversation, person) for person, *_ in present]
        return conversation

    def _report(self, work, conversation, need, arrangement, written, resident_at) -> None:
        """The conversation's report, agreed by the professional when written
        and by the resident at ``resident_at`` (None: still waiting)."""
        rng = self.rng
        how = ""
        witness = ""
        if resident_at is not None:
            how = rng.choice(
                [Report.ResidentAgreement.PAPER] * 2 + [Report.ResidentAgreement.VERBAL]
            )
            if how == Report.ResidentAgreement.VERBAL:
                witness = rng.choice(["collega wijkteam", "dochter", "buurvrouw", "zoon"])
        work.out.reports.append(
            (
                conversation,
                need,
                arrangement,
                work.worker,
                written,
                resident_at,
                how,
                witness,
                "",
                resident_at or written,
            )
        )

    def _baseline(self, focus: set[str]) -> dict[str, list[int]]:
        """Level and target per domain at the first measurement."""
        rng = self.rng
        state = {}
        for _, code in self.world.domains:
            if code in focus:
                level = weighted(rng, BASELINE["focus"])
                state[code] = [level, min(HIGHEST, level + rng.randint(1, 2))]
            else:
                state[code] = [weighted(rng, BASELINE.get(code, BASELINE["default"])), None]
        return state

    def _progress(self, state: dict[str, list[int]], focus: set[str]) -> None:
        """Plausible change between two measurements: the goal's domains mostly
        go up, the others mostly stay."""
        rng = self.rng
        for code, values in state.items():
            draw = rng.random()
            if code in focus:
                change = 1 if draw < 0.55 else (-1 if draw < 0.63 else 0)
            else:
                change = 1 if draw < 0.1 else (-1 if draw < 0.17 else 0)
            values[0] = min(HIGHEST, max(LOWEST, values[0] + change))

    def _measure(self, work, person: int, on, states, note: str) -> None:
        """Score every matrix domain for ``person`` as ``states`` has it now."""
        out = work.out
        measurement = MatrixMeasurement(
            case=work.case, person_id=person, measured_on=on, note=note, author_id=work.worker
        )
        out.measurements.append(measurement)
        state = states[person]
        for pk, code in self.world.domains:
            level, target = state[code]
            out.scores.append((measurement, pk, level, target))

    def _profile(self, work, person: int, made_on) -> dict:
        """The personal profile with the themes' wishes ranked; returns the
        wishes by theme, for the goals to point at."""
        rng, out, themes, fill = self.rng, work.out, work.themes, work.fill
        profile = PersonalProfile(
            case=work.case, person_id=person, made_on=made_on, author_id=work.worker
        )
        out.profiles.append(profile)
        domains = list(dict.fromkeys(theme.profile_domain for theme in themes))
        others = [d for d in PROFILE_TEXTS if d not in domains]
        domains += rng.sample(others, rng.randint(1, 2))
        wish_of = {theme.profile_domain: fill(theme.wish) for theme in reversed(themes)}
        for domain in domains:
            current, wish, earlier = PROFILE_TEXTS[domain]
            out.profile_rows.append(
                (profile, domain, fill(current), wish_of.get(domain, wish), earlier)
            )
        wishes = {}
        for rank, theme in enumerate(themes, start=1):
            wishes[theme.key] = Wish(
                profile=profile, rank=rank, text=fill(theme.wish), domain=theme.profile_domain
            )
            out.wishes.append(wishes[theme.key])
        return wishes
