"""What the trajectories seed reads from the database before it draws
anything: the teams and their staff, the households in each team's area,
the matrix domains and the map entries a plan step can link to. It reads
in a fixed order, so the same database gives the same world."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from wijknet.cases.models import MatrixDomain
from wijknet.core import ladder
from wijknet.core.models import Confidentiality, Membership, Role, Team, User
from wijknet.kaart.models import LifeDomain, Service
from wijknet.people.models import HouseholdMember, Involvement


@dataclass
class Household:
    id: int
    team: int
    members: list[tuple[int, str, date, str]]  # person, relation, born, first name

    @property
    def head(self) -> tuple[int, str, date, str]:
        return next((m for m in self.members if m[1] == "head"), self.members[0])


@dataclass
class World:
    teams: list[int]
    staff: dict[int, list[tuple[int, date]]]  # team → (professional, member since)
    leads: dict[int, int]  # team → team lead
    names: dict[int, str]  # user → full name
    team_names: dict[int, str]
    assessors: list[int]
    households: list[Household]
    involved: set[tuple[int, int]]  # (household, team) with an active involvement
    domains: list[tuple[int, str]]  # matrix domain id, code
    life_domains: dict[str, int]
    services: dict[tuple[str, str], list[int]]  # (ladder level, life domain) → map entries

    @classmethod
    def load(cls, today: date) -> "World":
        team_of: dict[int, int] = {}
        Through = _team_areas()
        for team, area in Through.objects.order_by("team_id", "id").values_list(
            "team_id", "neighbourhood_id"
        ):
            team_of.setdefault(area, team)
        staff: dict[int, list[tuple[int, date]]] = defaultdict(list)
        leads: dict[int, int] = {}
        seeded = Q(user__username__startswith="mw-") | Q(user__username__startswith="tl-")
        for team, user, role, start in (
            Membership.objects.active(today)
            .filter(seeded, team__isnull=False, user__is_active=True)
            .order_by("team_id", "user_id")
            .values_list("team_id", "user_id", "user__role", "start")
        ):
            if role == Role.PROFESSIONAL:
                staff[team].append((user, start))
            elif role == Role.TEAM_LEAD:
                leads.setdefault(team, user)
        teams = [team for team in sorted(staff) if team in leads]
        names = {
            pk: f"{first} {last}".strip()
            for pk, first, last in User.objects.filter(
                Q(username__startswith="mw-")
                | Q(username__startswith="tl-")
                | Q(username__startswith="wc-")
            ).values_list("id", "first_name", "last_name")
        }
        assessors = list(
            User.objects.filter(role=Role.ASSESSOR, username__startswith="wc-", is_active=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        households: dict[int, Household] = {}
        rows = (
            HouseholdMember.objects.filter(
                household__confidentiality__lte=Confidentiality.VERTROUWELIJK,
                person__confidentiality__lte=Confidentiality.VERTROUWELIJK,
            )
            .order_by("household_id", "id")
            .values_list(
                "household_id",
                "person_id",
                "relation__code",
                "person__date_of_birth",
                "person__first_name",
                "person__neighbourhood_id",
            )
        )
        for household, person, relation, born, first, area in rows.iterator(10_000):
            row = households.get(household)
            if row is None:
                team = team_of.get(area)
                if team not in leads or team not in staff:
                    continue
                row = households[household] = Household(household, team, [])
            row.members.append((person, relation, born, first))
        involved = set(
            Involvement.objects.active(today).values_list("household_id", "team_id").distinct()
        )
        # A step links to an entry of its own kind and topic: a walking group
        # to a health offer, not to whatever general offer came first.
        services = {}
        rows = (
            Service.objects.published()
            .filter(ladder_level__in=(ladder.GENERAL, ladder.COLLECTIVE))
            .order_by("id")
            .values_list("ladder_level", "life_domains__code", "id")
        )
        for level, domain, service in rows.iterator(10_000):
            services.setdefault((level, domain), []).append(service)
        return cls(
            teams=teams,
            staff=dict(staff),
            leads=leads,
            names=names,
            team_names=dict(_team_names()),
            assessors=assessors,
            households=list(households.values()),
            involved=involved,
            domains=list(
                MatrixDomain.objects.filter(active=True)
                .order_by("order", "code")
                .values_list("id", "code")
            ),
            life_domains=dict(LifeDomain.objects.values_list("code", "id")),
            services=services,
        )


def _team_areas():
    return Team.neighbourhoods.through


def _team_names():
    return Team.objects.values_list("id", "name")
