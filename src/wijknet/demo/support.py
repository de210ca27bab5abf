"""The support system around a person in the synthetic municipality: network
maps (ecograms) for most residents, informal carers with burden checks over
time and a task for the team when one is overloaded, the volunteer pool
(some of them residents who also receive support), and requests for help
with matches in every state, follow-up check-ins and activating home visits.

Like the social map and the trajectories, the phase has a random stream of
its own, derived from the seed, and reads what it needs from the database in
a fixed order, so a municipality gets the same support system whether it is
seeded in one go or gets this phase added later (``LATER_PHASES``). Sizes
are keyed by the scale's name (``SIZES``). The seeded staff are used
(``mw-``, ``tl-``), never the demo logins; ``hand_demo_volunteer`` and
``ensure_demo_network`` give the demo logins their part afterwards.

Rows go in with ``bulk_create`` where children need the parent's id, and as
plain rows (``cases._insert_rows``) otherwise, so the number of queries
grows with the number of batches, not with the number of rows. Match scores
and reasons come from ``volunteers.matching.score`` on the same data, stored
as ``volunteers.services.propose`` stores them.
"""

import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import datetime as dt
from datetime import time as clock

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from wijknet.cases.models import Case
from wijknet.core.models import Membership, Neighbourhood, Role, Team
from wijknet.demo.cases import _explicit_timestamps, _insert_rows
from wijknet.people.carers import overload_task
from wijknet.people.models import (
    BurdenCheck,
    CarerBurden,
    Consent,
    HouseholdMember,
    InformalCarer,
    Involvement,
    NetworkLayer,
    NetworkTie,
    Person,
    SupportKind,
    TeamTask,
)
from wijknet.volunteers import matching
from wijknet.volunteers.models import (
    SLOTS,
    CheckIn,
    Competence,
    HomeVisit,
    Interest,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
    vog_valid_since,
)
from wijknet.volunteers.services import (
    FIRST_CHECK_IN_DAYS,
    HOME_VISIT_MAX_MONTHS,
    PERIODIC_CHECK_IN_MONTHS,
    SECOND_CHECK_IN_MONTHS,
    add_months,
    stored_reasons,
)

BATCH_SIZE = 2000
STREAM = 7_919  # the phase's own random stream: random.Random(seed * STREAM + 13)

# (volunteers, requests) per scale.
SIZES = {"xs": (60, 30), "s": (2_000, 600), "m": (8_000, 2_000), "l": (40_000, 5_000)}
NETWORK_SHARE = 0.7  # of persons with a network map
CARER_SHARE = 0.06  # of persons with a natural tie who have an informal carer
CARER_INVOLVED_SHARE = 0.25  # the same, in a household a team works with
RESIDENT_VOLUNTEER_SHARE = 0.05  # of persons: residents who also volunteer
SMALL_SHARE = 0.08  # network maps with a single tie
EMPTY_LAYER_SHARE = 0.25  # network maps with one layer left empty
PROPOSED_SHARE = 0.02  # ties proposed by the resident, awaiting review
ENDED_SHARE = 0.03
SIGNAL_SHARE = 0.15  # requests from the report point rather than a case
OVERDUE_SHARE = 0.15  # running matches with a check-in overdue
SAMPLE = 40  # volunteers scored per match, the best one taken

FIRST_NAMES = [
    "Anna", "Emma", "Sanne", "Lotte", "Fleur", "Noor", "Eva", "Iris", "Anouk", "Maaike",
    "Ingrid", "Wilma", "Joke", "Marjan", "Els", "Fatima", "Yasmin", "Elif", "Agnieszka",
    "Daan", "Bram", "Sem", "Luuk", "Thijs", "Jeroen", "Kees", "Henk", "Piet", "Wim",
    "Gerrit", "Mohamed", "Youssef", "Mehmet", "Tomasz", "Ruud", "Joost", "Sander", "Rik",
]  # fmt: skip
NATURAL = [
    # relation, name pattern, support kinds, weight
    ("partner", "partner {name}", ("emotional", "practical", "care"), 14),
    ("dochter", "dochter {name}", ("practical", "emotional"), 14),
    ("zoon", "zoon {name}", ("practical",), 12),
    ("zus", "zus {name}", ("emotional",), 8),
    ("broer", "broer {name}", ("practical",), 6),
    ("moeder", "moeder {name}", ("emotional", "informational"), 5),
    ("buurvrouw", "buurvrouw {name}", ("practical", "emotional"), 12),
    ("buurman", "buurman {name}", ("practical",), 10),
    ("vriendin", "vriendin {name}", ("emotional",), 12),
    ("vriend", "vriend {name}", ("emotional", "practical"), 9),
    ("kleinkind", "kleindochter {name}", ("emotional",), 4),
]
COMMUNITY = [
    ("buurthuis", "buurthuis De Linde", ("emotional", "informational")),
    ("kerk", "kerk De Ark", ("emotional",)),
    ("moskee", "moskee Al Fath", ("emotional",)),
    ("sportclub", "sportclub Wijkerveen", ("emotional",)),
    ("bibliotheek", "bibliotheek en Digicafé", ("informational",)),
    ("taalcafé", "taalcafé", ("informational", "emotional")),
    ("voedselbank", "voedselbank", ("practical",)),
    ("koor", "buurtkoor", ("emotional",)),
    ("repair café", "repair café", ("practical",)),
]
PROFESSIONAL = [
    ("huisarts", "huisarts", ("care", "informational")),
    ("wijkverpleegkundige", "wijkverpleegkundige", ("care",)),
    ("maatschappelijk werker", "maatschappelijk werker", ("informational", "emotional")),
    ("praktijkondersteuner", "praktijkondersteuner ggz", ("emotional", "care")),
    ("schuldhulpverlener", "schuldhulpverlener", ("informational", "practical")),
    ("thuiszorg", "thuiszorg", ("care", "practical")),
    ("jeugdverpleegkundige", "jeugdverpleegkundige", ("informational",)),
]
# What people do and draw on themselves (the self layer): name, relation,
# support kinds. Drawn from a stream of their own, so adding them left the
# rest of the seed as it was.
OWN_STRENGTHS = [
    ("wandelen met de hond", "dagritme", ("emotional",)),
    ("tuinieren", "hobby", ("emotional",)),
    ("kookt zelf", "zelfzorg", ("practical",)),
    ("puzzelen en lezen", "hobby", ("emotional",)),
    ("geloof", "zingeving", ("emotional",)),
    ("vaste dagstructuur", "dagritme", ("practical",)),
    ("eigen spaargeld", "eigen middelen", ("practical",)),
    ("fietsen", "hobby", ("emotional",)),
    ("handwerken", "hobby", ("emotional",)),
    ("houdt zelf de administratie bij", "zelfredzaamheid", ("informational", "practical")),
]
OWN_STRENGTH_SHARE = 0.6  # of network maps with own strengths recorded
TIE_COUNTS = {2: 12, 3: 20, 4: 22, 5: 18, 6: 13, 7: 9, 8: 6}
FREQUENCY = {
    NetworkLayer.NATURAL: {"daily": 25, "weekly": 45, "monthly": 20, "rarely": 10},
    NetworkLayer.COMMUNITY: {"daily": 3, "weekly": 50, "monthly": 32, "rarely": 15},
    NetworkLayer.PROFESSIONAL: {"daily": 2, "weekly": 20, "monthly": 43, "rarely": 35},
}
RECIPROCITY = {
    NetworkLayer.NATURAL: {"mutual": 55, "receives": 30, "gives": 15},
    NetworkLayer.COMMUNITY: {"mutual": 50, "receives": 35, "gives": 15},
    NetworkLayer.PROFESSIONAL: {"receives": 100},
}
LOAD = {1: 30, 2: 50, 3: 15, 4: 5}  # most bearable, some heavy
TIE_NOTES = ["", "", "", "komt na het werk even langs", "belt elke zondag", "woont om de hoek"]

CARE_GIVEN = [
    "doet de boodschappen en kookt drie keer per week",
    "helpt met wassen en aankleden in de ochtend",
    "regelt de administratie en gaat mee naar afspraken",
    "houdt toezicht en is er 's nachts bij onrust",
    "rijdt naar het ziekenhuis en de fysiotherapeut",
    "doet het huishouden en de was",
    "geeft medicijnen en houdt het overzicht",
]
# Latest burden: a spread in every neighbourhood, so the policy aggregate shows.
LATEST_BURDEN = {
    CarerBurden.NOT_HEAVY: 32,
    CarerBurden.FAIRLY_HEAVY: 33,
    CarerBurden.VERY_HEAVY: 20,
    CarerBurden.OVERLOADED: 15,
}
BURDEN_ORDER = list(CarerBurden.values)
BURDEN_NOTES = {
    CarerBurden.NOT_HEAVY: "redt het goed, heeft eigen tijd",
    CarerBurden.FAIRLY_HEAVY: "moe, maar kan het nog aan",
    CarerBurden.VERY_HEAVY: "slaapt slecht, weinig tijd voor zichzelf",
    CarerBurden.OVERLOADED: "geeft aan het niet meer vol te houden",
}

PROFILE_WEIGHTS = {
    Profile.BUDDY: 40,
    Profile.PRACTICAL: 30,
    Profile.MENTOR: 15,
    Profile.HOME_VISITOR: 15,
}
OTHER_LANGUAGES = {"ar": 25, "tr": 22, "pl": 15, "en": 18, "uk": 12, "ti": 8}
SCREENING = {
    Volunteer.Screening.VOG_RECEIVED: 82,
    Volunteer.Screening.REQUESTED: 8,
    Volunteer.Screening.NONE: 6,
    Volunteer.Screening.EXPIRED: 4,
}
TRAININGS = [
    "basistraining vrijwilligerswerk",
    "training maatjescontact",
    "cursus activerend huisbezoek",
    "training omgaan met dementie",
    "training signaleren van eenzaamheid",
    "",
]
NEEDS = {
    Profile.BUDDY: [
        "Zoekt iemand om een keer per week mee te wandelen en koffie te drinken.",
        "Wil graag weer onder de mensen komen; samen naar het buurthuis zou helpen.",
        "Is sinds kort alleen en zoekt een maatje voor een vaste middag.",
    ],
    Profile.MENTOR: [
        "Jongvolwassene zoekt een mentor bij het vinden van werk of een opleiding.",
        "Wil hulp bij het op orde houden van post en afspraken.",
        "Zoekt iemand die meedenkt over een nieuwe dagbesteding.",
    ],
    Profile.HOME_VISITOR: [
        "Activerend huisbezoek: samen kijken wat er in de buurt te doen is.",
        "Huisbezoek om de eigen kracht en het netwerk weer op te bouwen.",
    ],
    Profile.PRACTICAL: [
        "Hulp bij kleine klussen in huis, zoals een lamp ophangen.",
        "Iemand die af en toe meegaat naar de supermarkt.",
        "Hulp bij het invullen van formulieren en de computer.",
    ],
}
END_REASONS = [
    ("doel bereikt: gaat nu zelf naar het buurthuis", "Goed contact, afgesloten met een etentje."),
    ("vrijwilliger verhuisd", "Het klikte goed; de inwoner wil graag een nieuwe koppeling."),
    ("inwoner heeft zelf genoeg netwerk", "Zelfstandig verder, met de buurvrouw als steun."),
    ("het klikte niet", "Na drie afspraken samen besloten te stoppen."),
]
CHECK_IN_NOTES = [
    "Gaat goed, ze spreken wekelijks af.",
    "Loopt, wel wat minder vaak door drukte bij de vrijwilliger.",
    "Inwoner is blij met het contact.",
    "Samen naar de markt geweest; plan om vaker te gaan.",
]
VISIT_NOTES = {
    VisitNote.Step.CLARIFY: "Eerste bezoek: samen de week doorgenomen, wie er langskomen.",
    VisitNote.Step.PERSPECTIVE: "Wil graag weer koken voor anderen; idee voor de eettafel.",
    VisitNote.Step.ACTION: "Samen naar de buurteettafel geweest; volgende week weer.",
}


# --- What the phase reads ------------------------------------------------------------


@dataclass
class _Person:
    id: int
    first_name: str
    full_name: str
    last_name: str
    born: date
    neighbourhood: int | None
    household: int | None
    relation: str


@dataclass
class _World:
    persons: list[_Person]
    by_id: dict[int, _Person]
    household_teams: dict[int, list[int]]  # active involvements
    household_members: dict[int, list[int]]
    team_of: dict[int, int]  # neighbourhood → a team serving it
    staff: dict[int, list[int]]  # team → seeded professionals (team lead last)
    any_staff: list[int]
    areas: list[int]
    centres: dict[int, tuple[float, float]]
    interests: list[tuple[int, str]]
    competences: list[int]
    open_cases: list[tuple[int, int, int]]  # case, household, team
    signals: list[tuple[int, int, int]]  # signal, person, team

    @classmethod
    def load(cls, today: date) -> "_World":
        from wijknet.kaart.selectors import centroid
        from wijknet.signals.models import Signal

        persons, by_id = [], {}
        members = defaultdict(list)
        rows = (
            Person.objects.order_by("id")
            .values_list(
                "id",
                "first_name",
                "name_prefix",
                "last_name",
                "date_of_birth",
                "neighbourhood_id",
                "membership__household_id",
                "membership__relation__code",
            )
            .iterator(10_000)
        )
        for pk, first, prefix, last, born, area, household, relation in rows:
            full = " ".join(p for p in (first, prefix, last) if p)
            person = _Person(pk, first, full, last, born, area, household, relation or "")
            persons.append(person)
            by_id[pk] = person
            if household is not None:
                members[household].append(pk)
        household_teams = defaultdict(list)
        for household, team in (
            Involvement.objects.active(today)
            .order_by("household_id", "team_id")
            .values_list("household_id", "team_id")
            .distinct()
        ):
            household_teams[household].append(team)
        team_of: dict[int, int] = {}
        for team, area in Team.neighbourhoods.through.objects.order_by("team_id", "id").values_list(
            "team_id", "neighbourhood_id"
        ):
            team_of.setdefault(area, team)
        staff = defaultdict(list)
        leads = defaultdict(list)
        seeded = Q(user__username__startswith="mw-") | Q(user__username__startswith="tl-")
        for team, user, role in (
            Membership.objects.active(today)
            .filter(seeded, team__isnull=False, user__is_active=True)
            .order_by("team_id", "user_id")
            .values_list("team_id", "user_id", "user__role")
        ):
            (staff if role == Role.PROFESSIONAL else leads)[team].append(user)
        for team, users in leads.items():
            staff[team].extend(users)
        areas, centres = [], {}
        for neighbourhood in Neighbourhood.objects.filter(kind="neighbourhood").order_by("id"):
            areas.append(neighbourhood.pk)
            point = centroid(neighbourhood)
            if point is not None:
                centres[neighbourhood.pk] = point
        signals = list(
            Signal.objects.filter(subject_person__isnull=False, team__isnull=False)
            .order_by("id")
            .values_list("id", "subject_person_id", "team_id")
        )
        return cls(
            persons=persons,
            by_id=by_id,
            household_teams=dict(household_teams),
            household_members=dict(members),
            team_of=team_of,
            staff=dict(staff),
            any_staff=sorted({u for users in staff.values() for u in users}),
            areas=areas,
            centres=centres,
            interests=list(Interest.objects.order_by("id").values_list("id", "code")),
            competences=list(Competence.objects.order_by("id").values_list("id", flat=True)),
            open_cases=list(
                Case.objects.filter(closed_at__isnull=True)
                .order_by("id")
                .values_list("id", "household_id", "team_id")
            ),
            signals=signals,
        )

    def worker(self, rng: random.Random, team: int | None) -> int:
        users = self.staff.get(team) or self.any_staff
        return users[rng.randrange(len(users))]


@dataclass
class _Volunteer:
    """A volunteer as the score sees them."""

    obj: Volunteer
    profiles: frozenset
    interests: frozenset
    languages: frozenset
    availability: frozenset
    person: int | None

    def candidate(self) -> matching.Candidate:
        v = self.obj
        point = (v.latitude, v.longitude) if v.latitude is not None else None
        return matching.Candidate(
            id=v.pk,
            neighbourhood_id=v.neighbourhood_id,
            point=point,
            profiles=self.profiles,
            interests=self.interests,
            languages=self.languages,
            availability=self.availability,
        )


@dataclass
class _Out:
    consents: list = field(default_factory=list)
    consent_teams: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    request_interests: list = field(default_factory=list)  # (request, interest id)
    matches: list = field(default_factory=list)
    check_ins: list = field(default_factory=list)  # (match, due, done, note, by)
    visits: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (visit, step, on, text, author)


# --- The phase -----------------------------------------------------------------------


def seed_support(seed: int, *, scale_name: str, today: date, say) -> dict:
    """Networks, carers, volunteers, requests and matches; return the counts."""
    started = timezone.now()
    world = _World.load(today)
    if not world.persons or not world.staff or not world.areas:
        say("Geen inwoners, teams of buurten: geen steunsysteem.")
        return {"network_ties": 0}
    rng = random.Random(seed * STREAM + 13)
    counts: Counter = Counter()
    with _explicit_timestamps(
        NetworkTie._meta.get_field("created_at"),
        InformalCarer._meta.get_field("registered_at"),
        TeamTask._meta.get_field("created_at"),
    ):
        counts.update(_networks(rng, random.Random(seed * STREAM + 17), world, today))
    volunteers_n, requests_n = SIZES.get(scale_name, SIZES["xs"])
    pool = _volunteers(rng, world, today, volunteers_n, counts)
    _requests(rng, world, today, requests_n, pool, counts)
    result = {
        "network_ties": counts["ties"],
        "network_persons": counts["network_persons"],
        "informal_carers": counts["carers"],
        "burden_checks": counts["checks"],
        "carer_tasks": counts["tasks"],
        "volunteers": counts["volunteers"],
        "volunteers_residents": counts["volunteers_residents"],
        "volunteer_requests": counts["requests"],
        "matches": counts["matches"],
        "check_ins": counts["check_ins"],
        "home_visits": counts["visits"],
    }
    seconds = (timezone.now() - started).total_seconds()
    say(
        f"{result['network_ties']} netwerkrelaties bij {result['network_persons']} inwoners, "
        f"{result['informal_carers']} mantelzorgers, {result['volunteers']} vrijwilligers, "
        f"{result['volunteer_requests']} hulpvragen, {result['matches']} koppelingen "
        f"in {seconds:.1f} s"
    )
    return result


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _moment(rng: random.Random, day: date) -> dt:
    at = clock(rng.randint(8, 17), rng.randrange(60))
    return timezone.make_aware(dt.combine(day, at))


def _ordered_kinds(kinds) -> str:
    chosen = set(kinds)
    return json.dumps([kind for kind in SupportKind.values if kind in chosen])


# Networks and carers -------------------------------------------------------------------
def _networks(rng: random.Random, own: random.Random, world: _World, today: date) -> Counter:
    counts: Counter = Counter()
    tie_rows: list[tuple] = []
    carer_ties: list[tuple[NetworkTie, _Person]] = []
    # The layers of ties to others; own strengths (self) come from ``own``.
    layers = [NetworkLayer.NATURAL, NetworkLayer.COMMUNITY, NetworkLayer.PROFESSIONAL]
    natural_weights = [row[3] for row in NATURAL]
    for person in world.persons:
        if rng.random() >= NETWORK_SHARE:
            continue
        counts["network_persons"] += 1
        if own.random() < OWN_STRENGTH_SHARE:
            for name, relation, kinds in own.sample(OWN_STRENGTHS, own.randint(1, 2)):
                values = {
                    "person_id": person.id,
                    "layer": NetworkLayer.SELF,
                    "name": name,
                    "relation": relation,
                    "frequency": own.choice(["daily", "weekly"]),
                    "reciprocity": NetworkTie.Reciprocity.MUTUAL,
                    "load_person": NetworkTie.Load.LIGHT,
                    "load_tie": NetworkTie.Load.LIGHT,
                    "note": "",
                    "source": NetworkTie.Source.PROFESSIONAL,
                    "created_at": _moment(own, today - timedelta(days=own.randint(1, 900))),
                    "ended_on": None,
                    "support": _ordered_kinds(kinds),
                }
                tie_rows.append(
                    tuple(values["person_id" if f == "person" else f] for f in TIE_FIELDS)
                )
        if rng.random() < SMALL_SHARE:
            plan = [NetworkLayer.NATURAL if rng.random() < 0.7 else NetworkLayer.PROFESSIONAL]
        else:
            n = _weighted(rng, TIE_COUNTS)
            used = list(layers)
            if rng.random() < EMPTY_LAYER_SHARE:
                used.remove(rng.choice([NetworkLayer.COMMUNITY, NetworkLayer.PROFESSIONAL]))
            # at least one tie in each layer used, the rest mostly natural
            plan = list(used)
            while len(plan) < n:
                plan.append(
                    NetworkLayer.NATURAL
                    if rng.random() < 0.6 or len(used) == 1
                    else rng.choice(used[1:])
                )
            plan.sort(key=layers.index)
        # Carers are more often recorded where a team works with the household.
        share = CARER_INVOLVED_SHARE if person.household in world.household_teams else CARER_SHARE
        is_carer = rng.random() < share and NetworkLayer.NATURAL in plan
        seen: set[str] = set()
        created_day = today - timedelta(days=rng.randint(1, 900))
        carer_made = False
        for layer in plan[:8]:
            if layer == NetworkLayer.NATURAL:
                relation, pattern, kinds, _w = rng.choices(NATURAL, natural_weights)[0]
                name = pattern.format(name=rng.choice(FIRST_NAMES))
            elif layer == NetworkLayer.COMMUNITY:
                relation, name, kinds = rng.choice(COMMUNITY)
            else:
                relation, name, kinds = rng.choice(PROFESSIONAL)
            if name in seen:
                continue
            seen.add(name)
            kinds = set(kinds)
            if rng.random() < 0.3:
                kinds.add(rng.choice(SupportKind.values))
            proposed = rng.random() < PROPOSED_SHARE
            ended = not proposed and rng.random() < ENDED_SHARE
            values = {
                "person_id": person.id,
                "layer": layer,
                "name": name,
                "relation": relation,
                "frequency": _weighted(rng, FREQUENCY[layer]),
                "reciprocity": _weighted(rng, RECIPROCITY[layer]),
                "load_person": _weighted(rng, LOAD),
                "load_tie": _weighted(rng, LOAD),
                "note": rng.choice(TIE_NOTES),
                "source": NetworkTie.Source.RESIDENT
                if proposed
                else NetworkTie.Source.PROFESSIONAL,
                "created_at": _moment(rng, today if proposed else created_day),
                "ended_on": today - timedelta(days=rng.randint(1, 120)) if ended else None,
            }
            if is_carer and not carer_made and layer == NetworkLayer.NATURAL and not proposed:
                if not ended:
                    carer_made = True
                    values["support"] = [k for k in SupportKind.values if k in kinds | {"care"}]
                    carer_ties.append((NetworkTie(**values), person))
                    continue
            values["support"] = _ordered_kinds(kinds)
            tie_rows.append(tuple(values["person_id" if f == "person" else f] for f in TIE_FIELDS))
    NetworkTie.objects.bulk_create([tie for tie, _p in carer_ties], batch_size=BATCH_SIZE)
    _insert_rows(NetworkTie, TIE_FIELDS, tie_rows)
    counts["ties"] = len(tie_rows) + len(carer_ties)
    counts.update(_carers(rng, world, today, carer_ties))
    return counts


TIE_FIELDS = (
    "person",
    "layer",
    "name",
    "relation",
    "frequency",
    "reciprocity",
    "load_person",
    "load_tie",
    "note",
    "source",
    "created_at",
    "ended_on",
    "support",
)


def _carers(rng, world: _World, today: date, carer_ties) -> Counter:
    counts: Counter = Counter()
    carers, people = [], []
    for tie, person in carer_ties:
        since = today - timedelta(days=rng.randint(120, 3000))
        carers.append(
            InformalCarer(
                tie=tie,
                care_given=rng.choice(CARE_GIVEN),
                hours_per_week=rng.choice([4, 6, 8, 10, 12, 16, 20, 24, 30, 40]),
                since=since,
                registered_at=_moment(rng, max(since, tie.created_at.date())),
            )
        )
        people.append(person)
    InformalCarer.objects.bulk_create(carers, batch_size=BATCH_SIZE)
    checks, tasks = [], []
    for carer, person in zip(carers, people, strict=True):
        latest = _weighted(rng, LATEST_BURDEN)
        n = rng.randint(1, 3)
        teams = world.household_teams.get(person.household, [])
        day = today - timedelta(days=rng.randint(0, 60))
        burdens = [latest]
        for _i in range(n - 1):  # earlier checks drift towards the latest
            index = BURDEN_ORDER.index(burdens[-1]) + rng.choice([-1, -1, 0, 1])
            burdens.append(BURDEN_ORDER[max(0, min(3, index))])
        for step, burden in enumerate(burdens):
            checks.append(
                (
                    carer,
                    day - timedelta(days=120 * step),
                    burden,
                    BURDEN_NOTES[burden] if rng.random() < 0.6 else "",
                    world.worker(rng, teams[0] if teams else None),
                )
            )
        # The latest check raises a task as recording it would (the domain's
        # rule), written in bulk instead of one raise_tasks() per carer.
        task = overload_task(latest, carer=carer.tie.name, person=person.full_name, on=day)
        if task is not None:
            for team in teams:
                tasks.append(
                    (team, task.kind, person.id, task.title[:200], task.due_on, _moment(rng, day))
                )
    _insert_rows(BurdenCheck, ("carer", "checked_on", "burden", "note", "checked_by"), checks)
    _insert_rows(TeamTask, ("team", "kind", "person", "title", "due_on", "created_at"), tasks)
    counts.update(carers=len(carers), checks=len(checks), tasks=len(tasks))
    return counts


# Volunteers ---------------------------------------------------------------------------
def _slots(rng: random.Random, low: int, high: int) -> list[str]:
    chosen = set(rng.sample(SLOTS, rng.randint(low, high)))
    return [slot for slot in SLOTS if slot in chosen]


def _languages(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.72:
        return ["nl"]
    if roll < 0.95:
        return ["nl", _weighted(rng, OTHER_LANGUAGES)]
    return [_weighted(rng, OTHER_LANGUAGES)]


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def _volunteers(rng, world: _World, today: date, total: int, counts: Counter) -> list[_Volunteer]:
    # Residents who also volunteer: adults in a household a team works with.
    supported = {household for _c, household, _t in world.open_cases} | set(world.household_teams)
    residents = [
        p
        for p in world.persons
        if p.household in supported and (today - p.born).days >= 18 * 365 and p.neighbourhood
    ]
    wanted = min(len(residents), round(RESIDENT_VOLUNTEER_SHARE * len(world.persons)), total)
    chosen = sorted(rng.sample(residents, wanted), key=lambda p: p.id)
    others = [rng.choice(world.persons) for _i in range(total - wanted)]
    teams_any = sorted(world.staff)
    vog_since = vog_valid_since(today)
    pool: list[_Volunteer] = []
    interest_rows, competence_rows = [], []
    for i in range(total):
        resident = chosen[i] if i < wanted else None
        if resident is not None:
            first, last, area = resident.first_name, resident.last_name, resident.neighbourhood
        else:
            namesake = others[i - wanted]
            first = rng.choice(FIRST_NAMES) if rng.random() < 0.5 else namesake.first_name
            last = rng.choice(world.persons).last_name
            area = world.areas[rng.randrange(len(world.areas))]
        centre = world.centres.get(area)
        profiles = sorted(
            {_weighted(rng, PROFILE_WEIGHTS) for _j in range(rng.choice([1, 1, 2, 2, 3]))},
            key=Profile.values.index,
        )
        screening = _weighted(rng, SCREENING)
        registered = today - timedelta(days=rng.randint(10, 6 * 365))
        vog = None
        if screening == Volunteer.Screening.VOG_RECEIVED:
            vog = registered + timedelta(days=rng.randint(5, 40))
            while vog < vog_since:  # renewed each time it would have expired
                vog += timedelta(days=365 * settings.WIJKNET_VOG_VALID_YEARS)
            vog = min(vog, today)
        elif screening == Volunteer.Screening.EXPIRED:
            vog = today - timedelta(days=rng.randint(3 * 365 + 10, 6 * 365))
        languages = _languages(rng)
        availability = _slots(rng, 2, 9)
        team = world.team_of.get(area) or teams_any[0]
        obj = Volunteer(
            first_name=first,
            last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}.{i}@example.org",
            phone=f"06{rng.randrange(10**8):08d}",
            person_id=resident.id if resident else None,
            neighbourhood_id=area,
            latitude=centre[0] if centre else None,
            longitude=centre[1] if centre else None,
            profiles=" ".join(profiles),
            languages=languages,
            availability=availability,
            training=rng.choice(TRAININGS),
            screening=screening,
            vog_date=vog,
            active=rng.random() < 0.94,
            registered_on=registered,
            team_id=team,
        )
        interests = rng.sample(world.interests, min(len(world.interests), rng.randint(1, 5)))
        competences = rng.sample(world.competences, min(len(world.competences), rng.randint(0, 3)))
        entry = _Volunteer(
            obj,
            frozenset(profiles),
            frozenset(code for _pk, code in interests),
            frozenset(languages),
            frozenset(availability),
            resident.id if resident else None,
        )
        pool.append(entry)
        interest_rows.extend((obj, pk) for pk, _code in interests)
        competence_rows.extend((obj, pk) for pk in competences)
    Volunteer.objects.bulk_create([v.obj for v in pool], batch_size=BATCH_SIZE)
    _insert_rows(Volunteer.interests.through, ("volunteer", "interest"), interest_rows)
    _insert_rows(Volunteer.competences.through, ("volunteer", "competence"), competence_rows)
    counts.update(volunteers=len(pool), volunteers_residents=wanted)
    return pool


# Requests and matches ---------------------------------------------------------------------
# How a request stands today, by weight.
STATES = {
    "open": 22,  # no match yet
    "proposed": 18,  # a proposal waiting for one or both sides
    "declined": 8,  # open again after a proposal was declined
    "active": 32,  # matched, check-ins running
    "ended": 14,  # closed with an ended match
    "closed": 6,  # closed without a match
}


def _requests(rng, world: _World, today: date, total: int, pool, counts: Counter) -> None:
    by_profile: dict[str, list[_Volunteer]] = defaultdict(list)
    for entry in pool:
        v = entry.obj
        if v.active and v.screening == Volunteer.Screening.VOG_RECEIVED:
            for profile in entry.profiles:
                by_profile[profile].append(entry)
    sources = _request_sources(rng, world, total)
    out = _Out()
    states = list(STATES)
    for index, (person_id, team, case, signal) in enumerate(sources):
        person = world.by_id[person_id]
        # The first few cover every state and profile, whatever the draw.
        state = states[index] if index < len(states) else _weighted(rng, STATES)
        profile = (
            Profile.values[index % len(Profile.values)]
            if index < 2 * len(Profile.values)
            else _weighted(rng, PROFILE_WEIGHTS)
        )
        showcase = index < len(states)
        _request(
            rng, world, today, out, by_profile, person, team, case, signal, state, profile, showcase
        )
    _save(out, counts)


def _request_sources(rng, world: _World, total: int) -> list[tuple]:
    """(person, team, case, signal) per request: mostly a member of an open
    case's household, some a resident a signal was linked to."""
    cases = list(world.open_cases)
    rng.shuffle(cases)
    signals = list(world.signals)
    rng.shuffle(signals)
    from_signals = min(len(signals), round(SIGNAL_SHARE * total))
    sources = []
    for signal, person, team in signals[:from_signals]:
        if person in world.by_id and team in world.staff:
            sources.append((person, team, None, signal))
    for i in range(total - len(sources)):
        if not cases:
            break
        case, household, team = cases[i % len(cases)]
        members = world.household_members.get(household) or []
        if not members:
            continue
        sources.append((rng.choice(members), team, case, None))
    rng.shuffle(sources)
    return sources


def _need(world: _World, person: _Person, request: Request, codes: frozenset) -> matching.Need:
    area = person.neighbourhood
    return matching.Need(
        profile=request.profile,
        neighbourhood_id=area,
        point=world.centres.get(area) if area else None,
        interests=codes,
        languages=frozenset(request.languages),
        availability=frozenset(request.availability),
    )


def _pick(rng, need, candidates: list[_Volunteer], person_id: int, taken: set[int]):
    """The best of a sample of the pool by the score, as a coordinator would
    take from the candidate list; None when nobody fits."""
    if not candidates:
        return None, None
    sample = rng.sample(candidates, min(SAMPLE, len(candidates)))
    sample = [v for v in sample if v.person != person_id and v.obj.pk not in taken]
    if not sample:
        return None, None
    best = max(sample, key=lambda v: (matching.score(need, v.candidate()).total, -v.obj.pk))
    return best, matching.score(need, best.candidate())


def _request(
    rng, world, today, out: _Out, by_profile, person, team, case, signal, state, profile, showcase
):
    worker = world.worker(rng, team)
    age = {
        "open": (1, 40),
        "proposed": (3, 50),
        "declined": (10, 80),
        "active": (30, 700),
        "ended": (200, 1100),
        "closed": (30, 400),
    }[state]
    created_day = today - timedelta(days=rng.randint(*age))
    languages = []
    roll = rng.random()
    if roll < 0.35:
        languages = ["nl"]
    elif roll < 0.5:
        languages = [_weighted(rng, OTHER_LANGUAGES)]
    availability = _slots(rng, 2, 4) if rng.random() < 0.5 else []
    request = Request(
        profile=profile,
        person_id=person.id,
        team_id=team,
        case_id=case,
        signal_id=signal,
        needs=rng.choice(NEEDS[profile]),
        languages=languages,
        availability=availability,
        status=Request.Status.OPEN,
        created_by_id=worker,
        created_at=_moment(rng, created_day),
    )
    interests = rng.sample(world.interests, rng.randint(0, 3)) if world.interests else []
    codes = frozenset(code for _pk, code in interests)
    out.requests.append(request)
    out.request_interests.extend((request, pk) for pk, _code in interests)
    if profile == Profile.HOME_VISITOR:
        consent = Consent(
            person_id=person.id,
            purpose=Consent.Purpose.REFERRAL,
            given_on=created_day,
            recorded_by_id=worker,
            note=f"hulpvraag: {Profile(profile).label}",
        )
        out.consents.append(consent)
        out.consent_teams.append((consent, team))
        request.consent = consent
    if state == "open":
        return
    if state == "closed":
        request.status = Request.Status.CLOSED
        request.closed_reason = rng.choice(
            ["inwoner heeft het zelf opgelost", "inwoner wil toch geen vrijwilliger"]
        )
        return
    need = _need(world, person, request, codes)
    candidates = by_profile.get(profile, [])
    taken: set[int] = set()
    if state == "declined" or rng.random() < 0.1:
        volunteer, result = _pick(rng, need, candidates, person.id, taken)
        if volunteer is not None:
            taken.add(volunteer.obj.pk)
            out.matches.append(
                _match(request, volunteer, need, result, worker, created_day, rng)
                | {
                    "status": Match.Status.DECLINED,
                    "declined_by": rng.choice(["volunteer", "resident"]),
                }
            )
        if state == "declined":
            return
    volunteer, result = _pick(rng, need, candidates, person.id, taken)
    if volunteer is None:
        return
    proposed_day = min(today, created_day + timedelta(days=rng.randint(1, 10)))
    row = _match(request, volunteer, need, result, worker, proposed_day, rng)
    if state == "proposed":
        proposed_day = today - timedelta(days=rng.randint(0, 10))
        row["proposed_at"] = _moment(rng, proposed_day)
        side = rng.random()
        if side < 0.4:
            row["volunteer_accepted_at"] = row["proposed_at"] + timedelta(hours=rng.randint(2, 48))
        elif side < 0.6:
            row["resident_accepted_at"] = row["proposed_at"] + timedelta(hours=rng.randint(2, 48))
        out.matches.append(row)
        return
    start = min(today, proposed_day + timedelta(days=rng.randint(2, 14)))
    accepted = _moment(rng, start)
    row.update(
        status=Match.Status.ACTIVE,
        volunteer_accepted_at=accepted,
        resident_accepted_at=accepted,
        started_on=start,
    )
    request.status = Request.Status.MATCHED
    until = today
    if state == "ended":
        ended = min(today - timedelta(days=1), start + timedelta(days=rng.randint(90, 500)))
        reason, evaluation = rng.choice(END_REASONS)
        row.update(
            status=Match.Status.ENDED, ended_on=ended, end_reason=reason, evaluation=evaluation
        )
        request.status = Request.Status.CLOSED
        request.closed_reason = reason
        until = ended
    out.matches.append(row)
    overdue = state == "active" and (showcase or rng.random() < OVERDUE_SHARE)
    _check_ins(rng, out, row, start, until, today, state == "active", worker, overdue)
    if profile == Profile.HOME_VISITOR:
        _home_visit(rng, out, row, start, until, worker)


def _match(request, volunteer: _Volunteer, need, result, worker, day, rng) -> dict:
    return {
        "request": request,
        "volunteer": volunteer.obj,
        "score": result.total,
        "reasons": stored_reasons(need, result),
        "status": Match.Status.PROPOSED,
        "proposed_by_id": worker,
        "proposed_at": _moment(rng, day),
    }


def _check_ins(
    rng, out: _Out, match: dict, start, until, today, running: bool, worker, overdue=False
) -> None:
    """After two weeks and three months, then six months after the last;
    done ones up to ``until``. On an overdue running match the last one due
    was not done, so no later one is planned yet."""
    rows = []
    planned = [
        start + timedelta(days=FIRST_CHECK_IN_DAYS),
        add_months(start, SECOND_CHECK_IN_MONTHS),
    ]
    while planned:
        due = planned.pop(0)
        if due >= until:
            if running:
                rows.append((match, due, None, "", None))
                rows.extend((match, later, None, "", None) for later in planned)
            break
        done = min(until, due + timedelta(days=rng.randint(0, 7)))
        rows.append((match, due, done, rng.choice(CHECK_IN_NOTES), worker))
        if not planned:
            planned.append(add_months(max(due, done), PERIODIC_CHECK_IN_MONTHS))
    done_rows = [i for i, row in enumerate(rows) if row[2] is not None]
    if running and overdue and done_rows:
        last = done_rows[-1]
        rows[last] = (match, rows[last][1], None, "", None)
        # only the second of the first two stays planned beside it
        rows = rows[: last + 1] + (rows[last + 1 : last + 2] if last == 0 else [])
    out.check_ins.extend(rows)


def _home_visit(rng, out: _Out, match: dict, start, until, worker) -> None:
    end = add_months(start, rng.choice([3, 4, HOME_VISIT_MAX_MONTHS]))
    visit = HomeVisit(period_start=start, period_end=end)
    out.visits.append((match, visit))
    last = min(until, end)
    steps = list(VisitNote.Step.values)
    taken = min(3, 1 + (last - start).days // 21)
    for i, step in enumerate(steps[:taken]):
        on = min(last, start + timedelta(days=7 + 21 * i))
        out.notes.append((visit, step, on, VISIT_NOTES[step], worker))


def _save(out: _Out, counts: Counter) -> None:
    Consent.objects.bulk_create(out.consents, batch_size=BATCH_SIZE)
    _insert_rows(Consent.teams.through, ("consent", "team"), out.consent_teams)
    for request in out.requests:
        if request.consent is not None:
            request.consent_id = request.consent.pk
    Request.objects.bulk_create(out.requests, batch_size=BATCH_SIZE)
    _insert_rows(Request.interests.through, ("request", "interest"), out.request_interests)
    matches = []
    for row in out.matches:
        request, volunteer = row["request"], row["volunteer"]
        fields = {k: v for k, v in row.items() if k not in ("request", "volunteer")}
        row["obj"] = Match(request_id=request.pk, volunteer_id=volunteer.pk, **fields)
        matches.append(row["obj"])
    Match.objects.bulk_create(matches, batch_size=BATCH_SIZE)
    _insert_rows(
        CheckIn,
        ("match", "due_on", "done_on", "note", "done_by"),
        [(m["obj"], due, done, note, by) for m, due, done, note, by in out.check_ins],
    )
    visits = []
    for row, visit in out.visits:
        visit.match_id = row["obj"].pk
        visits.append(visit)
    HomeVisit.objects.bulk_create(visits, batch_size=BATCH_SIZE)
    _insert_rows(VisitNote, ("visit", "step", "on", "text", "author"), out.notes)
    counts.update(
        requests=len(out.requests),
        matches=len(matches),
        check_ins=len(out.check_ins),
        visits=len(visits),
    )


# --- The demo logins' part -------------------------------------------------------------------


def hand_demo_volunteer(user, team: Team, *, today: date | None = None) -> Volunteer:
    """The `vrijwilliger` login's own volunteer record, with one proposal
    waiting for their answer and one running match with a check-in due.
    Safe to run again: what is there already is kept."""
    today = today or timezone.localdate()
    volunteer = Volunteer.objects.filter(user=user).first()
    area = (
        team.neighbourhoods.filter(kind="neighbourhood").order_by("id").first()
        or Neighbourhood.objects.filter(kind="neighbourhood").order_by("id").first()
    )
    if volunteer is None:
        from wijknet.kaart.selectors import centroid

        point = centroid(area)
        volunteer = Volunteer.objects.create(
            user=user,
            first_name=user.first_name or "Femke",
            last_name=user.last_name or "Rozendaal",
            email=user.email,
            neighbourhood=area,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            profiles=f"{Profile.BUDDY} {Profile.HOME_VISITOR}",
            languages=["nl", "en"],
            availability=["TU-PM", "WE-AM", "TH-PM", "SA-AM"],
            training="basistraining vrijwilligerswerk, cursus activerend huisbezoek",
            screening=Volunteer.Screening.VOG_RECEIVED,
            vog_date=today - timedelta(days=200),
            registered_on=today - timedelta(days=240),
            team=team,
        )
        volunteer.interests.set(Interest.objects.filter(code__in=["wandelen", "koffie", "koken"]))
    matches = Match.objects.filter(volunteer=volunteer)
    if not matches.filter(status=Match.Status.PROPOSED).exists():
        _demo_match(volunteer, team, today, active=False)
    if not matches.filter(status=Match.Status.ACTIVE).exists():
        _demo_match(volunteer, team, today, active=True)
    return volunteer


def _demo_match(volunteer: Volunteer, team: Team, today: date, *, active: bool) -> Match | None:
    """A request of ``team`` for someone the volunteer is not, with a match."""
    from wijknet.volunteers.services import score_volunteer

    lead = (
        Membership.objects.active(today)
        .filter(team=team, user__role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD])
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    case = (
        Case.objects.filter(team=team, closed_at__isnull=True)
        .exclude(requests__matches__volunteer=volunteer)
        .exclude(household__members__person__user__isnull=False)
        .order_by("id")
        .first()
    )
    if lead is None or case is None:
        return None
    member = HouseholdMember.objects.filter(household=case.household).order_by("id").first()
    profile = Profile.BUDDY if not active else Profile.HOME_VISITOR
    consent = None
    if profile == Profile.HOME_VISITOR:
        consent = Consent.objects.create(
            person=member.person,
            purpose=Consent.Purpose.REFERRAL,
            recorded_by_id=lead,
            given_on=today - timedelta(days=40),
            note="hulpvraag: huisbezoeker",
        )
        consent.teams.add(team)
    request = Request.objects.create(
        profile=profile,
        person=member.person,
        team=team,
        case=case,
        needs=NEEDS[profile][0],
        languages=["nl"],
        availability=["TU-PM", "TH-PM"],
        consent=consent,
        created_by_id=lead,
        created_at=timezone.now() - timedelta(days=45 if active else 3),
    )
    request.interests.set(Interest.objects.filter(code__in=["wandelen", "koffie"]))
    need, result = score_volunteer(request, volunteer)
    match = Match(
        request=request,
        volunteer=volunteer,
        score=result.total,
        reasons=stored_reasons(need, result),
        proposed_by_id=lead,
        proposed_at=timezone.now() - timedelta(days=30 if active else 1),
    )
    if active:
        start = today - timedelta(days=28)
        match.status = Match.Status.ACTIVE
        match.started_on = start
        match.volunteer_accepted_at = match.resident_accepted_at = timezone.now() - timedelta(
            days=28
        )
        request.status = Request.Status.MATCHED
        request.save(update_fields=["status"])
    match.save()
    if active:
        CheckIn.objects.create(
            match=match,
            due_on=start + timedelta(days=FIRST_CHECK_IN_DAYS),
            done_on=start + timedelta(days=FIRST_CHECK_IN_DAYS),
            note=CHECK_IN_NOTES[0],
            done_by_id=lead,
        )
        CheckIn.objects.create(match=match, due_on=today + timedelta(days=2))
        visit = HomeVisit.objects.create(
            match=match, period_start=start, period_end=add_months(start, HOME_VISIT_MAX_MONTHS)
        )
        VisitNote.objects.create(
            visit=visit,
            step=VisitNote.Step.CLARIFY,
            on=start + timedelta(days=7),
            text=VISIT_NOTES[VisitNote.Step.CLARIFY],
            author=volunteer.user or match.proposed_by,
        )
    return match


def ensure_demo_network(person: Person, checked_by, *, today: date | None = None) -> InformalCarer:
    """A network map for ``person``, an own strength included, with a carer
    whose latest check is overloaded, and the task it raises for every
    involved team (once)."""
    from wijknet.people.network import raise_tasks

    today = today or timezone.localdate()
    existing = InformalCarer.objects.filter(tie__person=person, tie__ended_on__isnull=True).first()
    if existing is not None:
        latest = existing.checks.order_by("-checked_on", "-id").first()
        if latest is not None and latest.burden == CarerBurden.OVERLOADED:
            return existing
    ties = [
        NetworkTie(
            person=person,
            layer=NetworkLayer.NATURAL,
            name=f"dochter {FIRST_NAMES[0]}",
            relation="dochter",
            support=["practical", "emotional", "care"],
            frequency=NetworkTie.Frequency.DAILY,
            reciprocity=NetworkTie.Reciprocity.RECEIVES,
            load_person=NetworkTie.Load.BEARABLE,
            load_tie=NetworkTie.Load.TOO_HEAVY,
        ),
        NetworkTie(
            person=person,
            layer=NetworkLayer.NATURAL,
            name="buurvrouw Wilma",
            relation="buurvrouw",
            support=["practical"],
            frequency=NetworkTie.Frequency.WEEKLY,
        ),
        NetworkTie(
            person=person,
            layer=NetworkLayer.COMMUNITY,
            name="buurthuis De Linde",
            relation="buurthuis",
            support=["emotional", "informational"],
            frequency=NetworkTie.Frequency.WEEKLY,
        ),
        NetworkTie(
            person=person,
            layer=NetworkLayer.PROFESSIONAL,
            name="huisarts",
            relation="huisarts",
            support=["care", "informational"],
            frequency=NetworkTie.Frequency.MONTHLY,
            reciprocity=NetworkTie.Reciprocity.RECEIVES,
        ),
        NetworkTie(
            person=person,
            layer=NetworkLayer.SELF,
            name="wandelen met de hond",
            relation="dagritme",
            frequency=NetworkTie.Frequency.DAILY,
            load_person=NetworkTie.Load.LIGHT,
        ),
    ]
    have = set(NetworkTie.objects.filter(person=person).values_list("name", flat=True))
    NetworkTie.objects.bulk_create([tie for tie in ties if tie.name not in have])
    tie = NetworkTie.objects.get(person=person, name=ties[0].name)
    carer, _created = InformalCarer.objects.get_or_create(
        tie=tie,
        defaults={
            "care_given": CARE_GIVEN[0],
            "hours_per_week": 24,
            "since": today - timedelta(days=900),
        },
    )
    BurdenCheck.objects.bulk_create(
        [
            BurdenCheck(
                carer=carer,
                checked_on=today - timedelta(days=120),
                burden=CarerBurden.FAIRLY_HEAVY,
                note=BURDEN_NOTES[CarerBurden.FAIRLY_HEAVY],
                checked_by=checked_by,
            ),
            BurdenCheck(
                carer=carer,
                checked_on=today,
                burden=CarerBurden.OVERLOADED,
                note=BURDEN_NOTES[CarerBurden.OVERLOADED],
                checked_by=checked_by,
            ),
        ]
    )
    task = overload_task(CarerBurden.OVERLOADED, carer=tie.name, person=person.full_name, on=today)
    raise_tasks(person, kind=task.kind, title=task.title, due_on=task.due_on)
    return carer
