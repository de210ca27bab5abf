"""The synthetic municipality Wijkerveen: districts, neighbourhoods, postcodes,
organisations, teams, staff, households, involvements, consents, two years
of signals to the report point (meldpunt), the social map (see
``socialmap``) and support trajectories in every phase (see ``cases``).

Everything is drawn from one ``random.Random(seed)`` and one seeded Faker, so
the same seed gives the same people, codes and pseudonyms; the social map
and the trajectories have streams of their own, derived from the same seed.
Faker is only asked once for pools of names; each person is then drawn from
the pools, which keeps the large scales fast. Rows go in with ``bulk_create`` in batches, so the
number of queries grows with the number of batches, not with the number of
people.

All data is invented: BSNs come from the 9999xxxxx test range, e-mail and web
addresses are on ``example.org``, and the municipality's CBS code GM9901 does
not exist.
"""

import base64
import bisect
import contextlib
import math
import random
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker
from stdnum.nl import bsn as stdnum_bsn

from wijknet.cases.models import Case
from wijknet.core import deadlines
from wijknet.core.models import (
    Confidentiality,
    Holiday,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Postcode,
    Role,
    Team,
    User,
)
from wijknet.core.validators import normalise_postcode
from wijknet.demo.cases import seed_cases
from wijknet.demo.models import SeedRecord
from wijknet.demo.socialmap import seed_social_map
from wijknet.demo.support import seed_support
from wijknet.kaart.models import Service
from wijknet.people.models import (
    Consent,
    Household,
    HouseholdMember,
    Involvement,
    NetworkTie,
    Person,
    RelationType,
    new_pseudonym,
    search_key,
)
from wijknet.signals import urgency, workflow
from wijknet.signals.models import RiskGroup, Signal, SignalEvent, UrgencyBand
from wijknet.signals.services import REMOVED

BATCH_SIZE = 2000


@dataclass(frozen=True)
class Scale:
    persons: int
    districts: int
    neighbourhoods_per_district: int
    letter_pairs: int
    professionals_per_team: int
    signals: int  # over the last two years
    services: int  # entries on the social map
    providers: int  # invented organisations offering them, besides the network
    cases: int  # support trajectories, open and closed (see demo/cases.py)


SCALES = {
    "xs": Scale(500, 3, 3, 10, 4, 300, 150, 12, 50),
    "s": Scale(10_000, 6, 5, 30, 5, 20_000, 2_000, 80, 8_000),
    "m": Scale(30_000, 8, 6, 40, 6, 60_000, 6_000, 180, 24_000),
    "l": Scale(80_000, 12, 8, 60, 8, 160_000, 10_000, 320, 60_000),
}

MUNICIPALITY_NAME = "Gemeente Wijkerveen"
MUNICIPALITY_CODE = "GM9901"
CITY = "Wijkerveen"

# The municipality lies in this box: [lon, lat] as GeoJSON wants it.
LON_WEST, LON_EAST = 4.9, 5.1
LAT_SOUTH, LAT_NORTH = 52.0, 52.1

DISTRICT_NAMES = [
    "Centrum",
    "Oude Haven",
    "Molenwijk",
    "Veenhof",
    "Dijkzicht",
    "Rietlanden",
    "Lindeveld",
    "Zandpoort",
    "Kerkebuurt",
    "Waterkant",
    "Hoogeland",
    "Bosrand",
]

NEIGHBOURHOOD_NAMES = [
    "Marktkwartier",
    "Stationsbuurt",
    "Havenhoofd",
    "Sluiskade",
    "Visserseiland",
    "Korenmolen",
    "Wiekendreef",
    "Maalderij",
    "Turfakker",
    "Veenlanden",
    "Hofstede",
    "Dijkhuizen",
    "Polderzicht",
    "Zeedijk",
    "Rietkraag",
    "Lisdodde",
    "Lindehof",
    "Eikenlaan",
    "Beukenrode",
    "Zandhoeve",
    "Duinrand",
    "Kerkpad",
    "Pastoriehof",
    "Kloosterveld",
    "Kadezicht",
    "Brugwachter",
    "Schippersbuurt",
    "Hooiberg",
    "Boterbloem",
    "Klaverweide",
    "Weverij",
    "Spinnerij",
    "Ververij",
    "Vlasakker",
    "Heggerank",
    "Wilgenhoek",
    "Elzenbroek",
    "Meidoorn",
    "Ganzenweide",
    "Reigersbos",
    "Kievitsveld",
    "Zwanenwater",
    "Vossenhol",
    "Dassenburcht",
    "Torenzicht",
    "Poortwachter",
    "Wallenbuurt",
    "Bolwerk",
]
NAME_SUFFIXES = ["Noord", "Zuid", "Oost", "West"]

ORGANISATIONS = [
    # (name, kind, partner role)
    (MUNICIPALITY_NAME, Organisation.Kind.MUNICIPALITY, Organisation.PartnerRole.CORE),
    ("Stichting Welzijn Wijkerveen", Organisation.Kind.WELFARE, Organisation.PartnerRole.CORE),
    ("Thuiszorg De Linde", Organisation.Kind.CARE, Organisation.PartnerRole.CORE),
    ("GGZ Rivierland", Organisation.Kind.MENTAL_HEALTH, Organisation.PartnerRole.CORE),
    ("Woonstichting Veenhuis", Organisation.Kind.HOUSING, Organisation.PartnerRole.CORE),
    ("Politie basisteam Wijkerveen", Organisation.Kind.POLICE, Organisation.PartnerRole.SHELL),
    ("Huisartsenpraktijk Het Plein", Organisation.Kind.GP, Organisation.PartnerRole.SHELL),
    (
        "Vrijwilligerscentrale Wijkerveen",
        Organisation.Kind.VOLUNTEER_CENTRE,
        Organisation.PartnerRole.CORE,
    ),
    ("Voedselbank Wijkerveen", Organisation.Kind.OTHER, Organisation.PartnerRole.SHELL),
]

PROTOTYPES = [Team.Prototype.TEAM, Team.Prototype.FRONT_BACK_OFFICE, Team.Prototype.NETWORK]
DISCIPLINES = ["maatschappelijk werk", "wijkverpleging", "ggz", "jeugd", "schuldhulp"]

INVOLVEMENT_REASONS = [
    "melding buurtbewoner",
    "aanmelding huisarts",
    "eigen aanmelding",
    "doorverwijzing wijkverpleging",
    "signaal woningcorporatie",
    "melding politie",
]
CONSENT_NOTES = [
    "mondeling gegeven tijdens huisbezoek",
    "schriftelijk, formulier in dossier",
    "gegeven in het keukentafelgesprek",
]

# Household size → share of households (CBS-like).
HOUSEHOLD_SIZES = [1, 2, 3, 4, 5]
HOUSEHOLD_WEIGHTS = [38, 30, 14, 12, 6]

# Adult ages, skewed towards older residents: (from, to, weight).
ADULT_AGE_BRACKETS = [(18, 29, 12), (30, 44, 18), (45, 64, 28), (65, 79, 27), (80, 95, 15)]

NAME_PREFIXES = [
    "van der",
    "van den",
    "van de",
    "van 't",
    "in 't",
    "op de",
    "van",
    "de",
    "den",
    "der",
    "ter",
    "ten",
    "te",
    "'t",
]
HOUSE_NUMBER_SUFFIXES = ["A", "B", "C", "1", "2", "3", "bis"]
FORBIDDEN_LETTER_PAIRS = ("SA", "SD", "SS")

SHARE_ACTIVE_INVOLVEMENT = 0.12
SHARE_ENDED_INVOLVEMENT = 0.03
SHARE_CONSENT = 0.05
SHARE_SECRET = 0.01
SHARE_BSN = 0.80

# Signals (meldingen) ---------------------------------------------------------
SIGNAL_DAYS = 730  # two years
SIGNAL_BATCH = 5000
CHANNEL_WEIGHTS = {
    Signal.Channel.PUBLIC_FORM: 30,
    Signal.Channel.PARTNER_FORM: 20,
    Signal.Channel.PHONE: 25,
    Signal.Channel.EMAIL: 10,
    Signal.Channel.WALK_IN: 5,
    Signal.Channel.API: 10,
}
# Channels staffed in office hours: their signals come in on working days.
OFFICE_CHANNELS = {Signal.Channel.PHONE, Signal.Channel.WALK_IN, Signal.Channel.PARTNER_FORM}
# Channels the report point enters itself.
INTAKE_CHANNELS = {Signal.Channel.PHONE, Signal.Channel.EMAIL, Signal.Channel.WALK_IN}
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 8, 8, 7, 8, 8, 8, 7, 6, 5, 5, 4, 3, 2, 1]
Reporter = Signal.ReporterType
REPORTERS_BY_CHANNEL = {
    Signal.Channel.PUBLIC_FORM: {
        Reporter.RESIDENT: 60,
        Reporter.INFORMAL_CARER: 25,
        Reporter.VOLUNTEER: 5,
        Reporter.OTHER: 10,
    },
    Signal.Channel.PARTNER_FORM: {
        Reporter.PROFESSIONAL: 35,
        Reporter.POLICE: 20,
        Reporter.HOUSING: 20,
        Reporter.GP: 20,
        Reporter.VOLUNTEER: 5,
    },
    Signal.Channel.PHONE: {
        Reporter.RESIDENT: 35,
        Reporter.INFORMAL_CARER: 15,
        Reporter.PROFESSIONAL: 15,
        Reporter.POLICE: 10,
        Reporter.HOUSING: 10,
        Reporter.GP: 10,
        Reporter.OTHER: 5,
    },
    Signal.Channel.EMAIL: {
        Reporter.RESIDENT: 30,
        Reporter.INFORMAL_CARER: 20,
        Reporter.PROFESSIONAL: 20,
        Reporter.HOUSING: 15,
        Reporter.GP: 10,
        Reporter.OTHER: 5,
    },
    Signal.Channel.WALK_IN: {
        Reporter.RESIDENT: 60,
        Reporter.INFORMAL_CARER: 30,
        Reporter.VOLUNTEER: 10,
    },
    Signal.Channel.API: {Reporter.POLICE: 40, Reporter.HOUSING: 40, Reporter.GP: 20},
}
ORGANISATION_OF_REPORTER = {
    Reporter.POLICE: Organisation.Kind.POLICE,
    Reporter.HOUSING: Organisation.Kind.HOUSING,
    Reporter.GP: Organisation.Kind.GP,
    Reporter.VOLUNTEER: Organisation.Kind.VOLUNTEER_CENTRE,
    Reporter.PROFESSIONAL: Organisation.Kind.WELFARE,
}
LEVEL_WEIGHTS = {Signal.Level.MICRO: 82, Signal.Level.MESO: 13, Signal.Level.MACRO: 5}
INFORMED_WEIGHTS = {
    Signal.SubjectInformed.YES: 30,
    Signal.SubjectInformed.NO: 35,
    Signal.SubjectInformed.UNKNOWN: 35,
}
MICRO_DESCRIPTIONS = [
    "Buurvrouw komt al weken niet meer buiten.",
    "Er liggen stapels post achter de deur.",
    "Meneer lijkt vergeetachtig en verdwaalt.",
    "Geluidsoverlast en ruzie in de nacht.",
    "Kinderen lijken niet naar school te gaan.",
    "De gordijnen blijven de hele dag dicht.",
    "Mevrouw is sterk vermagerd en eet slecht.",
    "Er komt een sterke geur uit de woning.",
    "Meneer drinkt veel en valt regelmatig.",
    "De tuin en het huis raken ernstig vervuild.",
    "Buurman vertelde dat hij het niet meer ziet zitten.",
    "Er staan deurwaarders en incassobureaus voor de deur.",
    "Moeder lijkt de zorg voor de kinderen niet aan te kunnen.",
    "Mevrouw zorgt alleen voor haar zieke man en is uitgeput.",
    "Er lopen 's nachts onbekende mensen in en uit.",
]
GROUP_DESCRIPTIONS = [
    "Steeds meer ouderen in de buurt komen de deur niet meer uit.",
    "Jongeren hangen 's avonds rond en er is overlast.",
    "Veel bewoners van de flat hebben betalingsachterstanden.",
    "In de portiekflats wonen veel mensen geïsoleerd.",
    "Bewoners klagen over vervuiling en verwaarlozing van woningen.",
    "Er is onrust in de buurt na meerdere inbraken.",
]
FOLLOW_UPS = [
    "Ik maak me zorgen.",
    "Dit speelt al een paar maanden.",
    "Familie lijkt niet in beeld.",
    "Eerder is hier ook al iets over gezegd.",
    "Andere buren merken het ook op.",
]
SUBJECT_DESCRIPTIONS = [
    "oudere buurvrouw op nummer {n}",
    "alleenstaande meneer op nummer {n}",
    "gezin met jonge kinderen op nummer {n}",
    "jonge moeder op nummer {n}",
    "echtpaar op leeftijd op nummer {n}",
    "bewoner van de benedenwoning op nummer {n}",
]
GROUP_SUBJECTS = {
    Signal.Level.MESO: [
        "bewoners van de flat aan de {street}",
        "jongeren bij het winkelcentrum",
        "ouderen in de seniorenflat",
        "gezinnen in de portiekwoningen aan de {street}",
    ],
    Signal.Level.MACRO: [
        "alleenwonende ouderen in de wijk",
        "mantelzorgers van mensen met dementie",
        "gezinnen met schulden",
    ],
}
OVERRIDE_REASONS = [
    "Betrokkene heeft al hulp van de huisarts.",
    "Melder kent de situatie goed; ernstiger dan de score aangeeft.",
    "Situatie is inmiddels gestabiliseerd.",
    "Kinderen in huis: voorzichtig ophogen.",
]
NATURE_WEIGHTS = (45, 38, 17)  # geen / matig / ernstig risico
EXTENT_WEIGHTS = {"individual": 50, "several": 15, "minor": 15, "over_75": 20}
DURATION_WEIGHTS = {"incidental": 40, "structural_short": 35, "structural_long": 25}
SHARE_TRIAGED = 0.85
SHARE_CRISIS = 0.01
SHARE_OVERRIDE = 0.03
# (age in days below which, share still open)
OPEN_SHARE = ((7, 0.9), (30, 0.45), (90, 0.12), (365, 0.02), (math.inf, 0.005))
OPEN_STAGES = (workflow.ASSESS, workflow.ANALYSE, workflow.DECIDE, workflow.ACT, workflow.EVALUATE)
# Closed signals this many days past the retention period were pseudonymised
# by earlier runs of the retention task; younger ones are left for it.
RETENTION_BACKLOG_DAYS = 30
# The newest signals still wait for intake whatever the draws say, so the
# report point's queue has new work on any day the seed is run.
FRESH_SIGNALS = 3


def generate(scale: str, seed: int, stdout=None) -> dict:
    """Fill an empty database with the synthetic municipality and return the
    counts. A database that was seeded before is left alone."""
    if scale not in SCALES:
        raise CommandError(f"Onbekende schaal '{scale}'; kies uit {', '.join(SCALES)}.")
    say = _Reporter(stdout)
    record = SeedRecord.objects.order_by("id").first()
    if record is not None:
        missing = _missing_phases(record)
        if missing:
            return _add_phases(record, missing, say)
        say(f"Al gevuld: schaal {record.scale}, seed {record.seed}: {_format(record.counts)}")
        return record.counts
    if Municipality.objects.exists():
        raise CommandError(
            "Deze database bevat al een gemeente, maar is niet door 'wijknet seed' gevuld. "
            "Gebruik een lege database voor de synthetische gemeente."
        )

    # One transaction around everything: a failure halfway leaves an empty
    # database behind, not half a municipality that blocks the next attempt.
    with transaction.atomic():
        if SeedRecord.objects.exists():  # a concurrent run won the race
            return SeedRecord.objects.order_by("id").first().counts
        counts = _Generator(SCALES[scale], seed, say).run()
        SeedRecord.objects.create(scale=scale, seed=seed, counts=counts)
    say(f"Klaar: {_format(counts)}")
    return counts


@transaction.atomic
def generate_structure(scale: str, seed: int) -> list[Team]:
    """Only the municipality's geography, organisations, teams and staff: no
    residents and no signals (the load test starts from an empty meldpunt).
    Returns the teams."""
    if Municipality.objects.exists():
        raise CommandError("Deze database bevat al een gemeente.")
    generator = _Generator(SCALES[scale], seed, _Reporter(None))
    generator._pools()
    generator._geography()
    generator._organisations_and_teams()
    generator._staff()
    return generator.teams


# Phases added after the first databases were seeded: (count key, model).
LATER_PHASES = {
    "signals": ("signals", Signal),
    "social_map": ("services", Service),
    "cases": ("cases", Case),
    "support": ("network_ties", NetworkTie),
}


def _missing_phases(record: SeedRecord) -> list[str]:
    return [
        phase
        for phase, (key, model) in LATER_PHASES.items()
        if key not in record.counts and not model.objects.exists()
    ]


@transaction.atomic
def _add_phases(record: SeedRecord, phases: list[str], say) -> dict:
    """A municipality seeded before a phase existed gets it now, once."""
    names = {
        "signals": "meldingen",
        "social_map": "sociale kaart",
        "cases": "trajecten",
        "support": "steunsysteem",
    }
    wanted = " en ".join(names[phase] for phase in phases)
    say(f"Al gevuld: schaal {record.scale}, seed {record.seed}; {wanted} toevoegen ...")
    generator = _Generator(SCALES.get(record.scale, SCALES["xs"]), record.seed, say)
    generator._pools()
    for phase in phases:
        getattr(generator, f"_{phase}")()
    record.counts = {**record.counts, **generator.counts}
    record.save(update_fields=["counts"])
    say(f"Klaar: {_format(record.counts)}")
    return record.counts


def _format(counts: dict) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())


class _Reporter:
    def __init__(self, stdout):
        self.stdout = stdout
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            elapsed = time.monotonic() - self.started
            self.stdout.write(f"[{elapsed:6.1f}s] {message}\n")


@dataclass
class _Area:
    """A neighbourhood as the person generator needs it."""

    id: int
    district_index: int
    postcodes: list[str]
    streets: list[str]  # parallel to postcodes: the street of each postcode


@dataclass
class _HouseholdRow:
    id: int
    district_index: int
    head_id: int


class _Generator:
    def __init__(self, scale: Scale, seed: int, say):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(seed)
        self.say = say
        self.today = timezone.localdate()
        self.counts: dict[str, int] = {}

    def run(self) -> dict:
        self._pools()
        self._geography()
        self._organisations_and_teams()
        self._staff()
        self._households()
        self._involvements()
        self._consents()
        self._signals()
        self._social_map()
        self._cases()
        self._support()
        return self.counts

    # Pools -------------------------------------------------------------------
    def _pools(self) -> None:
        fake = self.faker
        self.male_names = _unique(fake.first_name_male() for _ in range(500))
        self.female_names = _unique(fake.first_name_female() for _ in range(500))
        self.surnames = [_split_prefix(n) for n in _unique(fake.last_name() for _ in range(2000))]
        n_areas = self.scale.districts * self.scale.neighbourhoods_per_district
        wanted = n_areas * max(4, self.scale.letter_pairs // 4)
        streets = _unique(fake.street_name() for _ in range(wanted * 2))
        suffix = 2
        while len(streets) < wanted:  # Faker ran dry: number the extra streets
            streets += [f"{name} {suffix}" for name in streets[: wanted - len(streets)]]
            suffix += 1
        self.streets = streets[:wanted]
        self.valid_bsns = [
            str(n) for n in range(999_900_000, 1_000_000_000) if stdnum_bsn.is_valid(str(n))
        ]
        self.pseudonyms: set[str] = set()
        self.say(
            f"Namenpools: {len(self.male_names) + len(self.female_names)} voornamen, "
            f"{len(self.surnames)} achternamen, {len(self.streets)} straten"
        )

    def _pseudonym(self) -> str:
        while True:
            code = new_pseudonym(self.rng)
            if code not in self.pseudonyms:
                self.pseudonyms.add(code)
                return code

    # Geography ---------------------------------------------------------------
    @transaction.atomic
    def _geography(self) -> None:
        rng, scale = self.rng, self.scale
        municipality = Municipality.objects.create(
            name=MUNICIPALITY_NAME, cbs_code=MUNICIPALITY_CODE
        )
        self.municipality = municipality
        area_names = _names(
            NEIGHBOURHOOD_NAMES, scale.districts * scale.neighbourhoods_per_district
        )
        district_names = _names(DISTRICT_NAMES, scale.districts)
        cells = _grid(scale.districts, scale.neighbourhoods_per_district)
        letter_pairs = [
            a + b
            for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            if a + b not in FORBIDDEN_LETTER_PAIRS
        ]

        districts = []
        for d in range(scale.districts):
            boxes = cells[d]
            districts.append(
                Neighbourhood(
                    municipality=municipality,
                    kind=Neighbourhood.Kind.DISTRICT,
                    cbs_code=f"WK9901{d + 1:02d}",
                    name=district_names[d],
                    geometry=_polygon(
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    ),
                )
            )
        Neighbourhood.objects.bulk_create(districts)
        self.districts = districts

        neighbourhoods, postcodes, self.areas = [], [], []
        street_iter = iter(self.streets)
        per_area_streets = len(self.streets) // len(area_names)
        for d, district in enumerate(districts):
            for n in range(scale.neighbourhoods_per_district):
                neighbourhoods.append(
                    Neighbourhood(
                        municipality=municipality,
                        kind=Neighbourhood.Kind.NEIGHBOURHOOD,
                        cbs_code=f"BU9901{d + 1:02d}{n + 1:02d}",
                        name=area_names[d * scale.neighbourhoods_per_district + n],
                        district=district,
                        geometry=_polygon(*cells[d][n]),
                    )
                )
        Neighbourhood.objects.bulk_create(neighbourhoods)

        for index, area in enumerate(neighbourhoods):
            d, n = divmod(index, scale.neighbourhoods_per_district)
            pc4 = 9100 + (d + 1) * 10 + (n + 1)
            codes = [
                normalise_postcode(f"{pc4}{pair}")
                for pair in sorted(rng.sample(letter_pairs, scale.letter_pairs))
            ]
            streets = [next(street_iter) for _ in range(per_area_streets)]
            postcodes += [Postcode(postcode=code, neighbourhood=area) for code in codes]
            self.areas.append(
                _Area(
                    id=area.id,
                    district_index=d,
                    postcodes=codes,
                    streets=[rng.choice(streets) for _ in codes],
                )
            )
        Postcode.objects.bulk_create(postcodes, batch_size=BATCH_SIZE)
        self.area_weights = [rng.uniform(0.5, 1.5) for _ in self.areas]
        self.counts["districts"] = len(districts)
        self.counts["neighbourhoods"] = len(neighbourhoods)
        self.counts["postcodes"] = len(postcodes)
        self.say(
            f"{MUNICIPALITY_NAME}: {len(districts)} wijken, "
            f"{len(neighbourhoods)} buurten, {len(postcodes)} postcodes"
        )

    # Organisations and teams -------------------------------------------------
    @transaction.atomic
    def _organisations_and_teams(self) -> None:
        organisations = Organisation.objects.bulk_create(
            Organisation(name=name, kind=kind, partner_role=role, municipality=self.municipality)
            for name, kind, role in ORGANISATIONS
        )
        self.organisations = {org.kind: org for org in organisations}
        welfare = self.organisations[Organisation.Kind.WELFARE]
        teams = Team.objects.bulk_create(
            Team(
                name=f"Wijkteam {district.name}",
                organisation=welfare,
                prototype=PROTOTYPES[d % len(PROTOTYPES)],
            )
            for d, district in enumerate(self.districts)
        )
        self.teams = teams
        Through = Team.neighbourhoods.through
        Through.objects.bulk_create(
            Through(team_id=teams[area.district_index].id, neighbourhood_id=area.id)
            for area in self.areas
        )
        self.counts["organisations"] = len(organisations)
        self.counts["teams"] = len(teams)
        self.say(f"{len(organisations)} organisaties, {len(teams)} wijkteams")

    # Staff -------------------------------------------------------------------
    @transaction.atomic
    def _staff(self) -> None:
        rng = self.rng
        unusable = make_password(None)
        users: list[User] = []
        memberships: list[tuple[int, dict]] = []  # (index into users, Membership fields)

        def add(username: str, role: str, **membership) -> None:
            first = rng.choice(self.male_names if rng.random() < 0.4 else self.female_names)
            prefix, last = rng.choice(self.surnames)
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=f"{prefix} {last}".strip(),
                    email=f"{username}@example.org",
                    role=role,
                    password=unusable,
                )
            )
            start = self.today - timedelta(days=rng.randint(30, 1800))
            memberships.append((len(users) - 1, {"start": start, **membership}))

        self.professionals: list[list[int]] = []  # per team: indexes into users
        for t, team in enumerate(self.teams, start=1):
            first_index = len(users)
            for n in range(1, self.scale.professionals_per_team + 1):
                add(f"mw-{t}-{n}", Role.PROFESSIONAL, team=team, discipline=rng.choice(DISCIPLINES))
            self.professionals.append(list(range(first_index, len(users))))
            add(f"tl-{t}", Role.TEAM_LEAD, team=team, discipline="teamleiding")

        municipality = self.organisations[Organisation.Kind.MUNICIPALITY]
        extra = max(2, len(self.teams) // 2)
        for n in range(1, extra + 1):
            add(f"mp-{n}", Role.INTAKE, organisation=municipality, discipline="meldpunt")
        for n in range(1, extra + 1):
            add(f"wc-{n}", Role.ASSESSOR, organisation=municipality, discipline="Wmo-consulent")
        for n in range(1, 2 + len(self.teams) // 6):
            add(f"bl-{n}", Role.POLICY, organisation=municipality, discipline="beleid")

        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(
            (Membership(user=users[i], **fields) for i, fields in memberships),
            batch_size=BATCH_SIZE,
        )
        self.professional_ids = [[users[i].id for i in team] for team in self.professionals]
        self.counts["users"] = len(users)
        self.say(f"{len(users)} medewerkers met lidmaatschap")

    # Households and persons --------------------------------------------------
    def _households(self) -> None:
        rng = self.rng
        relations = dict(RelationType.objects.values_list("code", "id"))
        missing = {"head", "partner", "child", "parent", "housemate"} - relations.keys()
        if missing:
            raise CommandError(
                f"Relatiesoorten ontbreken ({', '.join(sorted(missing))}); draai eerst migrate."
            )
        self.relations = relations
        self.bsns = iter(self.valid_bsns)
        self.households: list[_HouseholdRow] = []
        cum_weights = list(_accumulate(self.area_weights))

        remaining = self.scale.persons
        batch: list[tuple[Household, list[tuple[Person, str]], int]] = []
        persons = saved = 0
        while remaining > 0:
            size = min(remaining, rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0])
            area_index = rng.choices(range(len(self.areas)), cum_weights=cum_weights)[0]
            batch.append(self._household(size, area_index))
            remaining -= size
            persons += size
            if len(batch) >= BATCH_SIZE // 2 or remaining <= 0:
                self._save_households(batch)
                batch = []
                saved += 1
                if remaining > 0 and saved % 10 == 0:
                    self.say(f"  ... {persons} inwoners")
        self.counts["persons"] = persons
        self.counts["households"] = len(self.households)
        self.say(f"{persons} inwoners in {len(self.households)} huishoudens")

    def _household(self, size: int, area_index: int):
        rng, today = self.rng, self.today
        area = self.areas[area_index]
        prefix, last = rng.choice(self.surnames)
        secret = rng.random() < SHARE_SECRET
        confidentiality = Confidentiality.GEHEIM if secret else Confidentiality.VERTROUWELIJK

        # (relation code, age, sex, surname) per member; the head first.
        head_sex = "f" if rng.random() < 0.5 else "m"
        other_sex = "m" if head_sex == "f" else "f"
        members: list[tuple[str, int, str, tuple[str, str]]] = []
        surname = (prefix, last)
        if size == 1:
            members.append(("head", _adult_age(rng), head_sex, surname))
        elif size == 2:
            kind = rng.random()
            if kind < 0.72:
                age = _adult_age(rng)
                partner_age = min(98, max(18, age + rng.randint(-6, 6)))
                members += [
                    ("head", age, head_sex, surname),
                    ("partner", partner_age, other_sex, surname),
                ]
            elif kind < 0.87:
                age = rng.randint(28, 60)
                members += [
                    ("head", age, head_sex, surname),
                    ("child", _child_age(rng, age), _sex(rng), surname),
                ]
            elif kind < 0.94:
                age = rng.randint(30, 62)
                members += [
                    ("head", age, head_sex, surname),
                    ("parent", min(98, age + rng.randint(20, 35)), _sex(rng), surname),
                ]
            else:
                members += [
                    ("head", rng.randint(18, 35), head_sex, surname),
                    ("housemate", rng.randint(18, 35), _sex(rng), rng.choice(self.surnames)),
                ]
        else:
            age = rng.randint(25, 55)
            members.append(("head", age, head_sex, surname))
            children = size - 1
            if rng.random() < 0.85:
                partner_age = min(98, max(20, age + rng.randint(-5, 5)))
                members.append(("partner", partner_age, other_sex, surname))
                children -= 1
            if size >= 4 and rng.random() < 0.08:  # a grandparent moved in
                members.append(("parent", min(98, age + rng.randint(22, 35)), _sex(rng), surname))
                children -= 1
            members += [
                ("child", _child_age(rng, age), _sex(rng), surname) for _ in range(children)
            ]

        street_index = rng.randrange(len(area.postcodes))
        address = {
            "street": area.streets[street_index],
            "house_number": rng.randint(1, 180),
            "house_number_suffix": rng.choice(HOUSE_NUMBER_SUFFIXES) if rng.random() < 0.1 else "",
            "postcode": area.postcodes[street_index],
            "city": CITY,
            "neighbourhood_id": area.id,
        }
        household = Household(
            name=" ".join(part for part in ("Huishouden", prefix, last) if part),
            confidentiality=confidentiality,
        )
        people = []
        for relation, age, sex, (member_prefix, member_last) in members:
            first = rng.choice(self.female_names if sex == "f" else self.male_names)
            initials = first[0].upper() + "."
            if rng.random() < 0.3:
                initials += (
                    rng.choice(self.male_names if sex == "m" else self.female_names)[0] + "."
                )
            adult = age >= 18
            # No phone numbers: no Dutch range is reserved for fiction, so any
            # random number could belong to someone.
            phone = ""
            email = ""
            if adult and rng.random() < 0.35:
                local = _ascii(f"{first}.{member_prefix}{member_last}").replace(" ", "")
                email = f"{local}{rng.randint(1, 99)}@example.org"
            bsn = ""
            if rng.random() < SHARE_BSN:
                bsn = next(self.bsns, "")
            person = Person(
                first_name=first,
                initials=initials,
                name_prefix=member_prefix,
                last_name=member_last,
                date_of_birth=today - timedelta(days=int((age + rng.random()) * 365.2425)),
                bsn=bsn,
                phone=phone,
                email=email,
                pseudonym=self._pseudonym(),
                search_name=search_key(member_last, first),
                confidentiality=confidentiality,
                **address,
            )
            people.append((person, relation))
        return household, people, area.district_index

    @transaction.atomic
    def _save_households(self, batch) -> None:
        households = Household.objects.bulk_create(
            [household for household, _, _ in batch], batch_size=BATCH_SIZE
        )
        Person.objects.bulk_create(
            [person for _, people, _ in batch for person, _ in people], batch_size=BATCH_SIZE
        )
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(
                    household_id=household.id,
                    person_id=person.id,
                    relation_id=self.relations[relation],
                )
                for household, (_, people, _) in zip(households, batch, strict=True)
                for person, relation in people
            ],
            batch_size=BATCH_SIZE,
        )
        for household, (_, people, district_index) in zip(households, batch, strict=True):
            self.households.append(_HouseholdRow(household.id, district_index, people[0][0].id))

    # Involvements and consents -----------------------------------------------
    @transaction.atomic
    def _involvements(self) -> None:
        rng, today = self.rng, self.today
        involvements = []
        self.active: list[tuple[_HouseholdRow, date]] = []
        ended = 0
        for row in self.households:
            draw = rng.random()
            team = self.teams[row.district_index]
            if draw < SHARE_ACTIVE_INVOLVEMENT:
                started = today - timedelta(days=rng.randint(0, 730))
                involvements.append(
                    Involvement(
                        household_id=row.id,
                        team=team,
                        started_on=started,
                        reason=rng.choice(INVOLVEMENT_REASONS),
                    )
                )
                self.active.append((row, started))
            elif draw < SHARE_ACTIVE_INVOLVEMENT + SHARE_ENDED_INVOLVEMENT:
                started = today - timedelta(days=rng.randint(400, 1460))
                stopped = min(today - timedelta(days=1), started + timedelta(rng.randint(30, 360)))
                involvements.append(
                    Involvement(
                        household_id=row.id,
                        team=team,
                        started_on=started,
                        ended_on=stopped,
                        reason=rng.choice(INVOLVEMENT_REASONS),
                    )
                )
                ended += 1
        Involvement.objects.bulk_create(involvements, batch_size=BATCH_SIZE)
        self.counts["involvements"] = len(involvements)
        self.say(
            f"{len(involvements)} betrokkenheden ({len(self.active)} lopend, {ended} beëindigd)"
        )

    @transaction.atomic
    def _consents(self) -> None:
        rng, today = self.rng, self.today
        chosen = [item for item in self.active if rng.random() < SHARE_CONSENT]
        if not chosen and self.active:  # the demo shows at least one
            chosen = [rng.choice(self.active)]
        consents, shared_with = [], []
        for row, started in chosen:
            others = [team for team in self.teams if team is not self.teams[row.district_index]]
            days_known = min(364, (today - started).days)
            given = today - timedelta(days=rng.randint(0, days_known))
            consents.append(
                Consent(
                    person_id=row.head_id,
                    purpose=Consent.Purpose.SHARE,
                    given_on=given,
                    expires_on=given + timedelta(days=365) if rng.random() < 0.5 else None,
                    recorded_by_id=rng.choice(self.professional_ids[row.district_index]),
                    note=rng.choice(CONSENT_NOTES),
                )
            )
            shared_with.append(rng.choice(others))
        Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
        Through = Consent.teams.through
        Through.objects.bulk_create(
            (
                Through(consent_id=consent.id, team_id=team.id)
                for consent, team in zip(consents, shared_with, strict=True)
            ),
            batch_size=BATCH_SIZE,
        )
        self.counts["consents"] = len(consents)
        self.say(f"{len(consents)} toestemmingen om te delen met een ander team")

    # Signals -----------------------------------------------------------------
    def _signals(self) -> None:
        """Two years of signals, oldest first, so that the queue's newest-first
        order by id is newest-first in time too. Closed signals long past the
        retention period were pseudonymised, as the retention task does; those
        that passed it within the last month are left for the task to do."""
        rng, now = self.rng, timezone.now()
        world = _SignalWorld.load(rng)
        self.retention = timedelta(days=settings.WIJKNET_SIGNAL_RETENTION_DAYS)
        self.pseudonymised_before = now - self.retention - timedelta(days=RETENTION_BACKLOG_DAYS)
        labels = {channel: str(channel.label) for channel in Signal.Channel}

        # When and how each signal came in: drawn first, then sorted by time.
        arrivals = []
        for _ in range(self.scale.signals):
            channel = _weighted(rng, CHANNEL_WEIGHTS)
            arrivals.append((_arrival(rng, channel, self.today, now), channel))
        arrivals.sort()

        tokens: set[str] = set()
        counts = {"signals": 0, "signals_open": 0, "signals_pseudonymised": 0, "signal_events": 0}
        stamped = (Signal._meta.get_field("created_at"), SignalEvent._meta.get_field("at"))
        with _explicit_timestamps(*stamped):
            fresh_from = len(arrivals) - FRESH_SIGNALS
            for start in range(0, len(arrivals), SIGNAL_BATCH):
                signals = []
                batch = arrivals[start : start + SIGNAL_BATCH]
                for number, (created, channel) in enumerate(batch, start):
                    token = _token(rng)
                    while token in tokens:
                        token = _token(rng)
                    tokens.add(token)
                    fresh = number >= fresh_from
                    signals.append(self._signal(world, created, channel, token, now, fresh))
                Signal.objects.bulk_create(signals)
                events = []
                for signal in signals:
                    pseudonymised = signal.pseudonymised_at is not None
                    events.append(
                        SignalEvent(
                            signal_id=signal.id,
                            at=signal.created_at,
                            actor_id=signal.entered_by_id,
                            kind=SignalEvent.Kind.RECEIVED,
                            note="" if pseudonymised else labels[signal.channel],
                        )
                    )
                    if pseudonymised:
                        events.append(
                            SignalEvent(
                                signal_id=signal.id,
                                at=signal.pseudonymised_at,
                                kind=SignalEvent.Kind.PSEUDONYMISED,
                            )
                        )
                    counts["signals_open"] += signal.closed_at is None
                    counts["signals_pseudonymised"] += pseudonymised
                SignalEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
                counts["signals"] += len(signals)
                counts["signal_events"] += len(events)
                if counts["signals"] < len(arrivals) and counts["signals"] % 40_000 == 0:
                    self.say(f"  ... {counts['signals']} meldingen")
        self.counts.update(counts)
        self.say(
            f"{counts['signals']} meldingen ({counts['signals_open']} open, "
            f"{counts['signals_pseudonymised']} gepseudonimiseerd), "
            f"{counts['signal_events']} gebeurtenissen"
        )

    # Social map --------------------------------------------------------------
    @transaction.atomic
    def _social_map(self) -> None:
        """Providers, offers, locations and times; drawn from a stream of
        its own, so the map is the same when added to an older seed."""
        self.counts.update(
            seed_social_map(
                self.seed,
                services=self.scale.services,
                providers=self.scale.providers,
                first_names=self.female_names + self.male_names,
                surnames=self.surnames,
                streets=self.streets,
                network={name for name, _, _ in ORGANISATIONS},
                today=self.today,
                say=self.say,
            )
        )

    # Support trajectories -----------------------------------------------------
    @transaction.atomic
    def _cases(self) -> None:
        """Trajectories in every phase, after the signals and the map (steps
        link to map entries); a stream of its own, like the map."""
        self.counts.update(
            seed_cases(self.seed, cases=self.scale.cases, today=self.today, say=self.say)
        )

    # The support system around a person ----------------------------------------
    @transaction.atomic
    def _support(self) -> None:
        """Network maps, informal carers, volunteers, requests and matches,
        after the trajectories (requests come from cases); a stream of its
        own, sized by the scale's name."""
        name = next((key for key, scale in SCALES.items() if scale == self.scale), "xs")
        self.counts.update(seed_support(self.seed, scale_name=name, today=self.today, say=self.say))

    def _signal(
        self, world: "_SignalWorld", created, channel: str, token: str, now, fresh: bool
    ) -> Signal:
        rng = self.rng
        age = (now - created).total_seconds() / 86400
        reporter_type = _weighted(rng, REPORTERS_BY_CHANNEL[channel])
        level = _weighted(rng, LEVEL_WEIGHTS)
        signal = Signal(
            created_at=created,
            channel=channel,
            reporter_type=reporter_type,
            reporter_token=token,
            level=level,
            subject_informed=_weighted(rng, INFORMED_WEIGHTS),
        )

        # The reporter: a name and e-mail address only sometimes.
        kind = ORGANISATION_OF_REPORTER.get(reporter_type)
        signal.reporter_organisation_id = world.organisations.get(kind)
        if rng.random() < (0.3 if channel == Signal.Channel.PUBLIC_FORM else 0.55):
            first = rng.choice(self.male_names if rng.random() < 0.45 else self.female_names)
            prefix, last = rng.choice(self.surnames)
            signal.reporter_name = f"{first} {prefix} {last}".replace("  ", " ")
            if rng.random() < 0.6:
                local = _ascii(f"{first}.{prefix}{last}").replace(" ", "")
                signal.reporter_email = f"{local}{rng.randint(1, 99)}@example.org"

        # Who it is about: a known resident, a described person at an address,
        # a group in a neighbourhood, or nobody the report point can place.
        area = None
        born = None
        if level == Signal.Level.MICRO:
            draw = rng.random()
            if draw < 0.5 and world.subjects:
                person, household, area, born = world.subjects[rng.randrange(len(world.subjects))]
                signal.subject_person_id = person
                if rng.random() < 0.5:
                    signal.subject_household_id = household
            elif draw < 0.8:
                area = world.pick_area(rng)
                postcode, street = rng.choice(world.postcodes[area])
                number = str(rng.randint(1, 180))
                signal.subject_description = rng.choice(SUBJECT_DESCRIPTIONS).format(n=number)
                signal.subject_postcode = postcode
                if street and rng.random() < 0.7:
                    signal.subject_street, signal.subject_house_number = street, number
            if rng.random() < 0.2:
                signal.isolation_type = rng.randint(1, 4)
            signal.description = rng.choice(MICRO_DESCRIPTIONS)
        else:
            if level == Signal.Level.MESO or rng.random() < 0.8:
                area = rng.choice(world.hotspots) if rng.random() < 0.7 else world.pick_area(rng)
                postcode, street = rng.choice(world.postcodes[area])
                signal.subject_postcode = postcode
            else:
                street = ""
            template = rng.choice(GROUP_SUBJECTS[level])
            signal.subject_description = template.format(street=street or "Dorpsstraat")
            signal.description = rng.choice(GROUP_DESCRIPTIONS)
        if rng.random() < 0.35:
            signal.description += " " + rng.choice(FOLLOW_UPS)
        signal.neighbourhood_id = area
        signal.team_id = world.team_of.get(area)

        flags = set(rng.sample(RISK_GROUPS, rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0]))
        if born is not None and (created.date() - born).days >= 80 * 365.25:
            flags.add(RiskGroup.AGE_80_PLUS)
        signal.risk_flags = [flag for flag in RISK_GROUPS if flag in flags]

        if channel in INTAKE_CHANNELS and world.intake_ids:
            signal.entered_by_id = rng.choice(world.intake_ids)
        elif reporter_type == Reporter.PROFESSIONAL and world.professionals.get(signal.team_id):
            signal.entered_by_id = rng.choice(world.professionals[signal.team_id])

        # Triage: most signals were scored; the newest still wait for intake.
        # From here on every draw is made whatever the outcome, so a signal
        # that crosses an age limit between two runs on the same day does not
        # shift the draws of all the signals after it.
        triaged = rng.random() < (SHARE_TRIAGED if age >= 2 else 0.3) and not fresh
        self._triage(signal, world, created, now)
        if not triaged:
            _untriage(signal)
        self._progress(signal, created, age, now, fresh)
        return signal

    def _triage(self, signal: Signal, world: "_SignalWorld", created, now) -> None:
        rng = self.rng
        if rng.random() < SHARE_CRISIS:
            extent = rng.choice(("minor", "over_75"))
            items = urgency.UrgencyItems(2, 2, 2, extent, "structural_long")
        else:
            items = urgency.UrgencyItems(
                *rng.choices(urgency.NATURE_POINTS, NATURE_WEIGHTS, k=3),
                extent=_weighted(rng, EXTENT_WEIGHTS),
                duration=_weighted(rng, DURATION_WEIGHTS),
            )
        signal.nature_safety = items.nature_safety
        signal.nature_health = items.nature_health
        signal.nature_welfare = items.nature_welfare
        signal.extent = items.extent
        signal.duration = items.duration
        signal.urgency_score = items.score
        index = world.band_index(items.score)
        signal.computed_band = signal.band = world.bands[index]
        if rng.random() < SHARE_OVERRIDE:
            shifted = index + rng.choice((-1, 1))
            if 0 <= shifted < len(world.bands):
                signal.band = world.bands[shifted]
                signal.override_reason = rng.choice(OVERRIDE_REASONS)
        band = signal.band
        signal.deadline = world.deadline(timezone.localdate(created), band.deadline_working_days)
        if band.urgent_consultation:
            consulted = created + timedelta(minutes=rng.randint(5, 90))
            signal.urgent_consultation_at = min(now, consulted)

    def _progress(self, signal: Signal, created, age: float, now, fresh: bool) -> None:
        """Where in the cycle the signal is now: older signals are mostly closed."""
        rng = self.rng
        still_open, stage, closing, sweep_hours = (
            rng.random(),
            rng.random(),
            rng.uniform(0.02, 1.0),
            rng.randint(1, 24),
        )
        share = next(share for limit, share in OPEN_SHARE if age < limit)
        if signal.band_id is None and age >= 30:
            share /= 4  # untriaged signals do not linger long
        if still_open < share or fresh:
            if signal.band_id is None:
                signal.status = workflow.NOTICE
            else:
                p = min(1.0, age / 60)  # how far along a signal this old tends to be
                weights = list(_accumulate((4 - 3 * p, 3, 1 + 2 * p, 1 + 3 * p, 0.5 + 2 * p)))
                signal.status = OPEN_STAGES[bisect.bisect(weights, stage * weights[-1])]
            return
        # Converting into a support trajectory waits for the cases app: closed.
        signal.status = workflow.CLOSED
        signal.closed_at = created + timedelta(days=closing * min(age, 45.0))
        if signal.closed_at < self.pseudonymised_before:
            swept = signal.closed_at + self.retention + timedelta(hours=sweep_hours)
            _pseudonymise(signal, swept)


@dataclass
class _SignalWorld:
    """What the signal phase needs from the database, read in a fixed order so
    that it works the same right after seeding and on an older seed."""

    areas: list[int]
    cum_weights: list[float]
    hotspots: list[int]
    postcodes: dict[int, list[tuple[str, str]]]  # area → (postcode, street)
    team_of: dict[int, int]
    organisations: dict[str, int]
    intake_ids: list[int]
    professionals: dict[int, list[int]]
    subjects: list[tuple[int, int | None, int, date]]  # person, household, area, born
    bands: list[UrgencyBand]
    holidays: set[date]
    deadlines: dict[tuple[date, int], date] = field(default_factory=dict)

    @classmethod
    def load(cls, rng: random.Random) -> "_SignalWorld":
        areas = list(
            Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD)
            .order_by("id")
            .values_list("id", flat=True)
        )
        if not areas:
            raise CommandError("Er zijn geen buurten om meldingen aan toe te wijzen.")
        streets: dict[str, str] = {}
        residents = dict.fromkeys(areas, 0)
        subjects = []
        persons = Person.objects.order_by("id").values_list(
            "id",
            "membership__household_id",
            "neighbourhood_id",
            "date_of_birth",
            "postcode",
            "street",
            "confidentiality",
        )
        for person, household, area, born, postcode, street, level in persons.iterator(10_000):
            if area is None:
                continue
            streets.setdefault(postcode, street)
            residents[area] = residents.get(area, 0) + 1
            if level <= Confidentiality.VERTROUWELIJK:
                subjects.append((person, household, area, born))
        postcodes: dict[int, list[tuple[str, str]]] = {area: [] for area in areas}
        for code, area in Postcode.objects.order_by("postcode").values_list(
            "postcode", "neighbourhood_id"
        ):
            if area in postcodes:
                postcodes[area].append((code, streets.get(code, "")))
        areas = [area for area in areas if postcodes[area]]
        team_of: dict[int, int] = {}
        for team, area in Team.neighbourhoods.through.objects.order_by("team_id", "id").values_list(
            "team_id", "neighbourhood_id"
        ):
            team_of.setdefault(area, team)
        organisations: dict[str, int] = {}
        for kind, pk in Organisation.objects.order_by("id").values_list("kind", "id"):
            organisations.setdefault(kind, pk)
        professionals: dict[int, list[int]] = {}
        for team, user in (
            Membership.objects.filter(team__isnull=False, user__role=Role.PROFESSIONAL)
            .order_by("id")
            .values_list("team_id", "user_id")
        ):
            professionals.setdefault(team, []).append(user)
        bands = list(UrgencyBand.objects.order_by("min_score"))
        if not bands:
            raise CommandError("Er zijn geen urgentiebanden; draai eerst migrate.")
        urgency.check_bands([band.rule for band in bands])
        return cls(
            areas=areas,
            cum_weights=list(_accumulate(residents[area] + 1 for area in areas)),
            hotspots=rng.sample(areas, min(len(areas), max(2, len(areas) // 6))),
            postcodes=postcodes,
            team_of=team_of,
            organisations=organisations,
            intake_ids=list(
                User.objects.filter(role=Role.INTAKE).order_by("id").values_list("id", flat=True)
            ),
            professionals=professionals,
            subjects=subjects,
            bands=bands,
            holidays=set(Holiday.objects.values_list("date", flat=True)),
        )

    def pick_area(self, rng: random.Random) -> int:
        """A neighbourhood, more often where more people live."""
        return self.areas[bisect.bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]

    def band_index(self, score: int) -> int:
        return next(
            i for i, band in enumerate(self.bands) if band.min_score <= score <= band.max_score
        )

    def deadline(self, start: date, days: int) -> date:
        key = (start, days)
        if key not in self.deadlines:
            self.deadlines[key] = deadlines.add_working_days(start, days, self.holidays)
        return self.deadlines[key]


RISK_GROUPS = list(RiskGroup.values)
PSEUDONYMISED_FIELDS = {
    "reporter_name": "",
    "reporter_email": "",
    "reporter_phone": "",
    "subject_person_id": None,
    "subject_household_id": None,
    "subject_description": "",
    "subject_street": "",
    "subject_house_number": "",
    "subject_postcode": "",
}


UNTRIAGED = {
    "nature_safety": None,
    "nature_health": None,
    "nature_welfare": None,
    "extent": "",
    "duration": "",
    "urgency_score": None,
    "computed_band": None,
    "band": None,
    "override_reason": "",
    "deadline": None,
    "urgent_consultation_at": None,
}


def _untriage(signal: Signal) -> None:
    """Undo the urgency items: the signal still waits for intake."""
    for name, value in UNTRIAGED.items():
        setattr(signal, name, value)


def _pseudonymise(signal: Signal, at) -> None:
    """What the retention task does to a signal closed long enough ago."""
    for name, value in PSEUDONYMISED_FIELDS.items():
        setattr(signal, name, value)
    signal.description = REMOVED
    signal.pseudonymised_at = at


def _arrival(rng: random.Random, channel: str, today: date, now):
    """When a signal came in, in the last two years; office channels on
    working days in office hours."""
    day = today - timedelta(days=rng.randrange(SIGNAL_DAYS))
    if channel in OFFICE_CHANNELS:
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)  # to the Friday before
        hour = rng.randint(9, 16)
    else:
        hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = clock(hour, rng.randrange(60), rng.randrange(60))
    earlier = timedelta(minutes=rng.randint(1, 240))  # drawn always: see _Generator._signal
    created = timezone.make_aware(datetime.combine(day, moment))
    if created > now:  # later today: it came in earlier instead
        created = now - earlier
    return created


def _weighted(rng: random.Random, weights: dict):
    """One key of ``weights``, drawn in proportion to its value."""
    return rng.choices(list(weights), list(weights.values()))[0]


def _token(rng: random.Random) -> str:
    """A reporter token like ``secrets.token_urlsafe(24)``, from the seeded rng."""
    return base64.urlsafe_b64encode(rng.getrandbits(192).to_bytes(24, "big")).decode()


@contextlib.contextmanager
def _explicit_timestamps(*fields):
    """bulk_create stamps auto_now_add fields with the current time (pre_save
    runs for every row); the seed needs the moments it drew, so switch the
    stamping off for the duration."""
    saved = [(field, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now_add = False
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


# Helpers ---------------------------------------------------------------------
def _unique(values) -> list[str]:
    """Distinct values in first-seen order (a set would depend on hash seeds)."""
    return list(dict.fromkeys(values))


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def _split_prefix(surname: str) -> tuple[str, str]:
    """'van der Berg' → ('van der', 'Berg')."""
    lowered = surname.lower()
    for prefix in NAME_PREFIXES:
        if lowered.startswith(prefix + " "):
            return surname[: len(prefix)], surname[len(prefix) + 1 :]
    return "", surname


def _names(base: list[str], count: int) -> list[str]:
    names = list(base[:count])
    for suffix in NAME_SUFFIXES:
        if len(names) >= count:
            break
        names += [f"{name} {suffix}" for name in base[: count - len(names)]]
    n = 2
    while len(names) < count:
        names += [f"{name} {n}" for name in base[: count - len(names)]]
        n += 1
    return names


def _grid(districts: int, per_district: int) -> list[list[tuple[float, float, float, float]]]:
    """Rectangles (west, south, east, north) per district per neighbourhood:
    districts in a grid over the municipality, neighbourhoods in a grid inside
    their district, numbered from the north-west."""
    d_cols = math.ceil(math.sqrt(districts))
    d_rows = math.ceil(districts / d_cols)
    n_cols = math.ceil(math.sqrt(per_district))
    n_rows = math.ceil(per_district / n_cols)
    block_w = (LON_EAST - LON_WEST) / d_cols
    block_h = (LAT_NORTH - LAT_SOUTH) / d_rows
    cell_w, cell_h = block_w / n_cols, block_h / n_rows
    cells = []
    for d in range(districts):
        dx, dy = d % d_cols, d // d_cols
        row = []
        for n in range(per_district):
            nx, ny = n % n_cols, n // n_cols
            west = LON_WEST + dx * block_w + nx * cell_w
            north = LAT_NORTH - dy * block_h - ny * cell_h
            row.append((west, north - cell_h, west + cell_w, north))
        cells.append(row)
    return cells


def _polygon(west: float, south: float, east: float, north: float) -> dict:
    """A GeoJSON Polygon; the outer ring runs counter-clockwise (RFC 7946)."""
    w, s, e, n = (round(v, 6) for v in (west, south, east, north))
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def _adult_age(rng: random.Random) -> int:
    low, high, _ = rng.choices(ADULT_AGE_BRACKETS, [w for _, _, w in ADULT_AGE_BRACKETS])[0]
    return rng.randint(low, high)


def _child_age(rng: random.Random, parent_age: int) -> int:
    return rng.randint(0, max(0, min(25, parent_age - 18)))


def _sex(rng: random.Random) -> str:
    return "f" if rng.random() < 0.5 else "m"


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-")).lower()
