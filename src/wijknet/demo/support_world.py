"""What the support phase reads from the database, in a fixed order so that
it works the same right after seeding and on an older seed, the rows it
collects before saving, and the small draws its parts share."""

import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from datetime import datetime as dt
from datetime import time as clock

from django.db.models import Q
from django.utils import timezone

from wijknet.cases.models import Case
from wijknet.core.models import Membership, Neighbourhood, Role, Team
from wijknet.people.models import Involvement, Person, SupportKind
from wijknet.volunteers import matching
from wijknet.volunteers.models import Competence, Interest, Volunteer

# --- What the phase reads ------------------------------------------------------------


@dataclass
class PersonRow:
    id: int
    first_name: str
    full_name: str
    last_name: str
    born: date
    neighbourhood: int | None
    household: int | None
    relation: str


@dataclass
class World:
    persons: list[PersonRow]
    by_id: dict[int, PersonRow]
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
    def load(cls, today: date) -> "World":
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
            person = PersonRow(pk, first, full, last, born, area, household, relation or "")
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
class VolunteerRow:
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
class Rows:
    consents: list = field(default_factory=list)
    consent_teams: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    request_interests: list = field(default_factory=list)  # (request, interest id)
    matches: list = field(default_factory=list)
    check_ins: list = field(default_factory=list)  # (match, due, done, note, by)
    visits: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # (visit, step, on, text, author)


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def moment(rng: random.Random, day: date) -> dt:
    at = clock(rng.randint(8, 17), rng.randrange(60))
    return timezone.make_aware(dt.combine(day, at))


def ordered_kinds(kinds) -> str:
    chosen = set(kinds)
    return json.dumps([kind for kind in SupportKind.values if kind in chosen])
