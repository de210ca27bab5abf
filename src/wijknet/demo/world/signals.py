"""Two years of signals to the report point (meldingen): when and how each
came in, who reported it and whom it is about, its triage by the domain's
urgency rules and deadlines, and how far along the cycle it is today.
Closed signals long past the retention period are pseudonymised, as the
retention task would have done."""

import base64
import bisect
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from wijknet.core import deadlines
from wijknet.core.models import (
    Confidentiality,
    Holiday,
    Membership,
    Neighbourhood,
    Organisation,
    Postcode,
    Role,
    Team,
    User,
)
from wijknet.demo.bulk import BATCH_SIZE, explicit_timestamps
from wijknet.demo.world.draws import accumulate, plain_ascii
from wijknet.demo.world.signals_data import (
    CHANNEL_WEIGHTS,
    DURATION_WEIGHTS,
    EXTENT_WEIGHTS,
    FOLLOW_UPS,
    FRESH_SIGNALS,
    GROUP_DESCRIPTIONS,
    GROUP_SUBJECTS,
    HOUR_WEIGHTS,
    INFORMED_WEIGHTS,
    INTAKE_CHANNELS,
    LEVEL_WEIGHTS,
    MICRO_DESCRIPTIONS,
    NATURE_WEIGHTS,
    OFFICE_CHANNELS,
    OPEN_SHARE,
    OPEN_STAGES,
    ORGANISATION_OF_REPORTER,
    OVERRIDE_REASONS,
    REPORTERS_BY_CHANNEL,
    RETENTION_BACKLOG_DAYS,
    SHARE_CRISIS,
    SHARE_OVERRIDE,
    SHARE_TRIAGED,
    SIGNAL_BATCH,
    SIGNAL_DAYS,
    SUBJECT_DESCRIPTIONS,
    Reporter,
)
from wijknet.people.models import Person
from wijknet.signals import urgency, workflow
from wijknet.signals.models import RiskGroup, Signal, SignalEvent, UrgencyBand
from wijknet.signals.services import REMOVED


class Signals:
    """The signal phase of the generator. Uses the generator's ``rng``,
    ``scale``, ``today``, name pools, ``counts`` and ``say``; reads the rest
    from the database (``_SignalWorld``), so it also runs on an older seed."""

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
        with explicit_timestamps(*stamped):
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
                local = plain_ascii(f"{first}.{prefix}{last}").replace(" ", "")
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
                weights = list(accumulate((4 - 3 * p, 3, 1 + 2 * p, 1 + 3 * p, 0.5 + 2 * p)))
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
    rules: list[urgency.BandRule]  # parallel to bands
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
        rules = [band.rule for band in bands]
        urgency.check_bands(rules)
        return cls(
            areas=areas,
            cum_weights=list(accumulate(residents[area] + 1 for area in areas)),
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
            rules=rules,
            holidays=set(Holiday.objects.values_list("date", flat=True)),
        )

    def pick_area(self, rng: random.Random) -> int:
        """A neighbourhood, more often where more people live."""
        return self.areas[bisect.bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]

    def band_index(self, score: int) -> int:
        """Where the band triage gives ``score`` stands in ``bands``: the
        domain's rule (``urgency.band_for``), as ``services.triage`` uses it."""
        return self.rules.index(urgency.band_for(score, self.rules))

    def deadline(self, start: date, days: int) -> date:
        """The triage term by the domain's count of working days
        (``core.deadlines``), kept per start and length: many signals share
        them."""
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
