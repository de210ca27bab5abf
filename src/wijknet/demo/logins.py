"""The demo logins: one account per role, with the demo password.

Run after the synthetic municipality exists. Every run creates what is
missing and resets names, roles and passwords, so the table that `wijknet
demo` prints is always true.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from wijknet.cases.models import Case, PlanVersion
from wijknet.core.models import Confidentiality, Membership, Organisation, Role, Team, User
from wijknet.demo import cases as demo_cases
from wijknet.demo import support_logins as demo_support
from wijknet.people.models import Consent, Household, HouseholdMember, Involvement, Person

FIRST_TEAM = "first_team"  # prototype "team"
SECOND_TEAM = "second_team"  # prototype "front_back_office"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    first_name: str
    last_name: str
    can_do: str
    team: str | None = None  # FIRST_TEAM or SECOND_TEAM
    organisation: str | None = None  # an Organisation.Kind
    discipline: str = ""


REPORT = "melding doen (ziet verder geen persoonsgegevens)"
OWN_TEAM_SIGNALS = "meldingen van het eigen team"

DEMO_LOGINS = [
    DemoLogin(
        "inwoner",
        Role.RESIDENT,
        "",  # takes the name of the linked resident
        "",
        "eigen gegevens en 'Wie heeft mijn gegevens bekeken?'; 'Mijn plan': het vastgestelde "
        "plan lezen en erop reageren, akkoord geven op het gespreksverslag",
    ),
    DemoLogin(
        "vrijwilliger",
        Role.VOLUNTEER,
        "Femke",
        "Rozendaal",
        "eigen koppelingen: voornaam en wat de koppeling vraagt; accepteren of afwijzen; "
        f"notities huisbezoek; {REPORT}",
        organisation=Organisation.Kind.VOLUNTEER_CENTRE,
        discipline="vrijwilliger",
    ),
    DemoLogin(
        "meldpunt",
        Role.INTAKE,
        "Joost",
        "van Wetering",
        "alle meldingen: wachtrij, urgentie bepalen, toewijzen, overzicht",
        organisation=Organisation.Kind.MUNICIPALITY,
        discipline="meldpunt",
    ),
    DemoLogin(
        "professional",
        Role.PROFESSIONAL,
        "Anouk",
        "de Vries-Kamp",
        "huishoudens van het eigen team zoeken en bekijken, inwoners registreren, "
        "toestemming vastleggen; regiehouder van trajecten: gesprek en verslag, matrix, "
        "doelen, plan van aanpak, aanvragen indienen, logboek en evaluaties (een evaluatie "
        "deze week); netwerkkaart, mantelzorgers, vrijwilligers koppelen; "
        f"{OWN_TEAM_SIGNALS}",
        team=FIRST_TEAM,
        discipline="maatschappelijk werk",
    ),
    DemoLogin(
        "professional2",
        Role.PROFESSIONAL,
        "Ruben",
        "Haverkamp",
        "idem, in een ander team: ziet de huishoudens en trajecten van professional niet; "
        f"{OWN_TEAM_SIGNALS}",
        team=SECOND_TEAM,
        discipline="wijkverpleging",
    ),
    DemoLogin(
        "teamleider",
        Role.TEAM_LEAD,
        "Marieke",
        "ter Horst",
        "als professional, in het eigen team (zelfde team als professional); trajecten "
        "toewijzen, teamoverzicht en opgeschaalde trajecten; netwerkkaart, mantelzorgers, "
        f"vrijwilligers koppelen; {OWN_TEAM_SIGNALS}",
        team=FIRST_TEAM,
        discipline="teamleiding",
    ),
    DemoLogin(
        "consulent",
        Role.ASSESSOR,
        "Bram",
        "Oosterveld",
        "wachtrij aanvragen: ingediende aanvragen voor een individuele voorziening toetsen en "
        "beschikken (niet over een plan waaraan de consulent meeschreef), bezwaren vastleggen; "
        "melding doen",
        organisation=Organisation.Kind.MUNICIPALITY,
        discipline="Wmo-consulent",
    ),
    DemoLogin(
        "beleid",
        Role.POLICY,
        "Ilse",
        "van Dalfsen",
        "signalen per buurt (cijfers, kleine aantallen verborgen); mantelzorg per buurt",
        organisation=Organisation.Kind.MUNICIPALITY,
        discipline="beleid",
    ),
    DemoLogin(
        "beheer",
        Role.ADMIN,
        "Koen",
        "Brinkhorst",
        "referentiegegevens in /beheer/, geen cliëntdossiers",
    ),
]


@dataclass
class DemoAccounts:
    users: list[tuple[User, DemoLogin]]
    first_team: Team
    second_team: Team
    resident: Person


@transaction.atomic
def ensure_demo_logins(stdout=None) -> DemoAccounts:
    """Create or update the demo accounts; safe to run any number of times."""
    first_team = Team.objects.filter(prototype=Team.Prototype.TEAM).order_by("id").first()
    second_team = (
        Team.objects.filter(prototype=Team.Prototype.FRONT_BACK_OFFICE).order_by("id").first()
    )
    if first_team is None or second_team is None:
        raise CommandError("Er zijn nog geen wijkteams: vul eerst de database met 'wijknet seed'.")
    teams = {FIRST_TEAM: first_team, SECOND_TEAM: second_team}
    organisations = {}
    for org in Organisation.objects.order_by("id"):
        organisations.setdefault(org.kind, org)

    # One hash for all accounts: they share the password anyway, and hashing
    # nine times would make every `wijknet demo` noticeably slower.
    password = make_password(settings.WIJKNET_DEMO_PASSWORD)
    users = []
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first() or User(username=login.username)
        user.role = login.role
        user.first_name = login.first_name
        user.last_name = login.last_name
        user.email = f"{login.username}@example.org"
        user.is_active = True
        user.is_staff = user.is_superuser = login.role == Role.ADMIN
        user.clearance = None
        user.password = password
        user.save()
        _ensure_membership(user, login, teams, organisations)
        users.append((user, login))

    resident_user = next(user for user, login in users if login.role == Role.RESIDENT)
    resident = _link_resident(resident_user, first_team)
    _ensure_second_team_only_household(first_team, second_team)
    _hand_cases(users, first_team, second_team, resident)
    _hand_support(users, first_team, resident)
    if stdout is not None:
        stdout.write(f"{len(users)} demo-inlogs bijgewerkt.\n")
    return DemoAccounts(users, first_team, second_team, resident)


def _ensure_membership(user, login, teams, organisations) -> None:
    if login.team:
        target = {"team": teams[login.team], "organisation": None}
    elif login.organisation:
        organisation = organisations.get(login.organisation)
        if organisation is None:
            return
        target = {"team": None, "organisation": organisation}
    else:
        return
    membership = Membership.objects.filter(user=user, **target).order_by("id").first()
    if membership is None:
        Membership.objects.create(
            user=user, discipline=login.discipline, start=timezone.localdate(), **target
        )
    elif membership.end is not None or membership.start > timezone.localdate():
        membership.end = None
        membership.start = min(membership.start, timezone.localdate())
        membership.save(update_fields=["end", "start"])


# Demo records stay at the default level, so that every professional's
# clearance covers them.
DEFAULT_LEVEL = Confidentiality.VERTROUWELIJK


def _link_resident(user, first_team) -> Person:
    """The resident login is the head of a household the first team works with,
    so that `professional` sees the same person the resident sees; when the
    seed has one, a household whose case has a set plan and a report waiting
    for the resident's agreement ('Mijn plan' then has something to do). A
    resident linked before the trajectories existed moves to such a
    household once."""
    involved = Involvement.objects.active().filter(team=first_team, household=OuterRef("household"))
    heads = (
        HouseholdMember.objects.filter(
            Exists(involved),
            relation__code="head",
            person__neighbourhood__teams=first_team,
            person__confidentiality__lte=DEFAULT_LEVEL,
            household__confidentiality__lte=DEFAULT_LEVEL,
        )
        .exclude(Exists(_shared_with_others(first_team)))
        .order_by("person_id")
        .select_related("person")
    )
    with_case = demo_cases.resident_case_filter(first_team)
    person = Person.objects.filter(user=user).first()
    if person is not None:
        has_plan = Case.objects.filter(
            household__members__person=person,
            team=first_team,
            closed_at__isnull=True,
            plan_versions__status=PlanVersion.Status.SET,
        ).exists()
        better = None if has_plan else heads.filter(with_case, person__user__isnull=True).first()
        if better is None:
            _name_after(user, person)
            return person
        person.user = None
        person.save(update_fields=["user"])
    free = heads.filter(person__user__isnull=True)
    head = free.filter(with_case).first() or free.first()
    if head is None:
        raise CommandError(
            f"Geen huishouden gevonden waarbij {first_team} betrokken is; "
            "de inwoner-inlog kan niet worden gekoppeld."
        )
    person = head.person
    person.user = user
    person.save(update_fields=["user"])
    _name_after(user, person)
    return person


def _shared_with_others(team):
    """Share consents of a household member with any team but ``team``."""
    return Consent.teams.through.objects.filter(
        consent__person__membership__household=OuterRef("household"),
        consent__purpose=Consent.Purpose.SHARE,
    ).exclude(team=team)


def _hand_cases(users, first_team, second_team, resident: Person) -> None:
    """`professional` coordinates a handful of the first team's cases (the
    resident's among them), `professional2` a handful of the second team's."""
    by_name = {user.username: user for user, _ in users}
    own = (
        Case.objects.filter(household__members__person=resident, closed_at__isnull=True)
        .order_by("id")
        .first()
    )
    if "professional" in by_name:
        demo_cases.hand_demo_cases(by_name["professional"], first_team, also=own)
    if "professional2" in by_name:
        demo_cases.hand_demo_cases(by_name["professional2"], second_team)


def _hand_support(users, first_team, resident: Person) -> None:
    """`vrijwilliger` gets a volunteer record with a proposal to answer and a
    running match with a check-in due; the resident and a household of
    `professional`'s own cases get a network map with an overloaded carer,
    so the flag and the team's task show."""
    by_name = {user.username: user for user, _ in users}
    if "vrijwilliger" in by_name:
        demo_support.hand_demo_volunteer(by_name["vrijwilliger"], first_team)
    professional = by_name.get("professional")
    if professional is None:
        return
    demo_support.ensure_demo_network(resident, professional)
    other = (
        HouseholdMember.objects.filter(
            household__cases__coordinator=professional,
            household__cases__closed_at__isnull=True,
            relation__code="head",
        )
        .exclude(household__members__person=resident)
        .order_by("household_id")
        .select_related("person")
        .first()
    )
    if other is not None:
        demo_support.ensure_demo_network(other.person, professional)


def _name_after(user, person) -> None:
    user.first_name = person.first_name
    user.last_name = " ".join(p for p in (person.name_prefix, person.last_name) if p)
    user.save(update_fields=["first_name", "last_name"])


def _ensure_second_team_only_household(first_team, second_team) -> Household:
    """`professional2` must see a household that `professional` does not."""
    today = timezone.localdate()
    active = Involvement.objects.active(today)
    shared_with_first = Consent.objects.active(today).filter(
        person__membership__household=OuterRef("pk"), teams=first_team
    )
    only_second = (
        Household.objects.filter(confidentiality__lte=DEFAULT_LEVEL)
        .filter(Exists(active.filter(household=OuterRef("pk"), team=second_team)))
        .exclude(Exists(active.filter(household=OuterRef("pk"), team=first_team)))
        .exclude(Exists(shared_with_first))
        .order_by("id")
    )
    household = only_second.first()
    if household is None:  # the random draw gave none: add one, deterministically
        household = (
            Household.objects.filter(
                confidentiality__lte=DEFAULT_LEVEL,
                members__person__neighbourhood__teams=second_team,
            )
            .exclude(involvements__isnull=False)
            .order_by("id")
            .first()
        )
        if household is None:
            raise CommandError(f"{second_team} heeft geen huishoudens in het werkgebied.")
        Involvement.objects.create(
            household=household, team=second_team, started_on=today, reason="eigen aanmelding"
        )
    if not only_second.exists():
        raise CommandError(f"Geen huishouden dat alleen bij {second_team} bekend is.")
    return household
