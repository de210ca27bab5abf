"""The synthetic municipality Wijkerveen: districts, neighbourhoods, postcodes,
organisations, teams, staff, households, involvements, consents, two years
of signals to the report point (meldpunt), the social map (see
``socialmap``) and support trajectories in every phase (see ``cases``).

Everything is drawn from one ``random.Random(seed)`` and one seeded Faker, so
the same seed gives the same people, codes and pseudonyms; the social map
and the trajectories have streams of their own, derived from the same seed.
Faker is only asked once for pools of names; each person is then drawn from
the pools, which keeps the large scales fast. Rows go in with ``bulk_create``
in batches, so the number of queries grows with the number of batches, not
with the number of people.

This module is the entry point and the order of the phases; the phases of
the municipality's own rows live by subject in ``demo.world`` (places,
residents, signals), the data tables they draw from beside them.

All data is invented: BSNs come from the 9999xxxxx test range, e-mail and web
addresses are on ``example.org``, and the municipality's CBS code GM9901 does
not exist.
"""

import random
import time
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker
from stdnum.nl import bsn as stdnum_bsn

from wijknet.cases.models import Case
from wijknet.core.models import Municipality, Team
from wijknet.demo.cases import seed_cases
from wijknet.demo.models import SeedRecord
from wijknet.demo.socialmap import seed_social_map
from wijknet.demo.support import seed_support
from wijknet.demo.world.data import NAME_PREFIXES, ORGANISATIONS
from wijknet.demo.world.places import Places
from wijknet.demo.world.residents import Residents
from wijknet.demo.world.signals import Signals
from wijknet.kaart.models import Service
from wijknet.people.models import NetworkTie, new_pseudonym
from wijknet.signals.models import Signal

__all__ = ["ORGANISATIONS", "SCALES", "Scale", "generate", "generate_structure"]


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
    cases: int  # support trajectories, open and closed (see demo/cases/)


SCALES = {
    "xs": Scale(500, 3, 3, 10, 4, 300, 150, 12, 50),
    "s": Scale(10_000, 6, 5, 30, 5, 20_000, 2_000, 80, 8_000),
    "m": Scale(30_000, 8, 6, 40, 6, 60_000, 6_000, 180, 24_000),
    "l": Scale(80_000, 12, 8, 60, 8, 160_000, 10_000, 320, 60_000),
}


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


class _Generator(Places, Residents, Signals):
    """One run of the seed. The phases of the municipality's own rows are
    mixins by subject (``demo.world``); the map, the trajectories and the
    support system are phases with random streams of their own."""

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


def _unique(values) -> list[str]:
    """Distinct values in first-seen order (a set would depend on hash seeds)."""
    return list(dict.fromkeys(values))


def _split_prefix(surname: str) -> tuple[str, str]:
    """'van der Berg' → ('van der', 'Berg')."""
    lowered = surname.lower()
    for prefix in NAME_PREFIXES:
        if lowered.startswith(prefix + " "):
            return surname[: len(prefix)], surname[len(prefix) + 1 :]
    return "", surname
