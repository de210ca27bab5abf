"""Who may see and change what: the one access policy of Wijknet.

Every queryset of personal data is narrowed here (``Model.objects.visible_to``
delegates to the functions below), and every read of a record goes through
``get_visible_or_404`` or ``log_listed``, which write the audit row. Views,
selectors and the API ask this module; nothing else looks at roles.

The policy, in words (docs/access-policy.md has the reasons):

- a resident sees their own person record and their own household, and the
  volunteer matches proposed for them;
- a professional or team lead sees the households their team is actively
  involved with, and a person of another team only when that person gave
  consent to share with their team;
- every record carries a ZGW confidentiality level, and a user sees only
  records at or below their clearance;
- the volunteer pool is open to the teams that match from it, but a
  volunteer's full name and contact details only to the coordinating team,
  and to a team once one of its requests has a proposed or running match
  with the volunteer; other teams see what matching needs;
- intake, assessor, volunteer, policy and admin see no person records yet:
  their own capabilities (signals, applications, matches, aggregates,
  reference data) grant them narrow views of their own;
- Django's ``is_superuser`` grants nothing here.

A record the actor may not see is answered with 404, so that its existence
does not leak.
"""

from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from wijknet.core import audit
from wijknet.core.audit import AuditContext
from wijknet.core.models import Confidentiality, Membership, Role

CASE_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAM_LEAD})
STAFF_ROLES = frozenset(
    {Role.INTAKE, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.ASSESSOR, Role.POLICY, Role.ADMIN}
)

DEFAULT_CLEARANCE = {
    Role.RESIDENT: Confidentiality.INTERN,
    Role.VOLUNTEER: Confidentiality.INTERN,
    Role.INTAKE: Confidentiality.ZAAKVERTROUWELIJK,
    Role.PROFESSIONAL: Confidentiality.CONFIDENTIEEL,
    Role.TEAM_LEAD: Confidentiality.CONFIDENTIEEL,
    Role.ASSESSOR: Confidentiality.VERTROUWELIJK,
    Role.POLICY: Confidentiality.INTERN,
    Role.ADMIN: Confidentiality.INTERN,
}

# What each role may do, beyond reading the records it is allowed to see.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.RESIDENT: frozenset({"own_record"}),
    Role.VOLUNTEER: frozenset({"signals.report", "volunteers.own_matches"}),
    Role.INTAKE: frozenset(
        {
            "signals.report",
            "signals.intake",
            "signals.queue",
            "signals.triage",
            "signals.dashboard",
            "kaart.edit",
        }
    ),
    Role.PROFESSIONAL: frozenset(
        {
            "people.search",
            "people.register",
            "signals.report",
            "signals.queue",
            "signals.triage",
            "cases.caseload",
            "volunteers.coordinate",
        }
    ),
    Role.TEAM_LEAD: frozenset(
        {
            "people.search",
            "people.register",
            "signals.report",
            "signals.queue",
            "signals.triage",
            "signals.dashboard",
            "kaart.edit",
            "cases.caseload",
            "cases.allocate",
            "volunteers.coordinate",
        }
    ),
    Role.ASSESSOR: frozenset({"signals.report", "cases.decide"}),
    Role.POLICY: frozenset({"signals.aggregates", "kaart.overlap", "carers.aggregates"}),
    Role.ADMIN: frozenset({"admin", "kaart.edit"}),
}


def _model(label: str) -> type[Model]:
    """A model of an app above core, by its label. The one policy for every
    app lives here, below them all, so it names their models rather than
    importing them (the layers contract in ``make lint``)."""
    return apps.get_model(label)


def _role(actor) -> str | None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    return actor.role


def can(actor, capability: str) -> bool:
    role = _role(actor)
    return role is not None and capability in CAPABILITIES.get(role, frozenset())


def require(actor, capability: str) -> None:
    """Refuse (403) a whole section the actor's role does not have."""
    if not can(actor, capability):
        raise PermissionDenied


def is_staff_role(actor) -> bool:
    return _role(actor) in STAFF_ROLES


def clearance(actor) -> int:
    if actor.clearance:
        return actor.clearance
    return DEFAULT_CLEARANCE.get(actor.role, Confidentiality.OPENBAAR)


def team_ids(actor) -> list[int]:
    """The teams the actor is an active member of, cached on the user object
    for the length of one request."""
    cached = getattr(actor, "_wijknet_team_ids", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=actor, team__isnull=False)
            .values_list("team_id", flat=True)
        )
        actor._wijknet_team_ids = cached
    return cached


def _involved_household_ids(teams: list[int]) -> QuerySet:
    """Households the teams are actively involved with, as a subquery: the
    database resolves it once through the (team, household) index."""
    Involvement = _model("people.Involvement")

    return Involvement.objects.active().filter(team_id__in=teams).values("household_id")


def visible_persons(actor, queryset: QuerySet) -> QuerySet:
    role = _role(actor)
    if role == Role.RESIDENT:
        return queryset.filter(user=actor)
    if role in CASE_ROLES:
        teams = team_ids(actor)
        if not teams:
            return queryset.none()
        return queryset.filter(confidentiality__lte=clearance(actor)).filter(
            Q(membership__household_id__in=_involved_household_ids(teams))
            | Q(pk__in=_shared_person_ids(teams))
        )
    return queryset.none()


def visible_households(actor, queryset: QuerySet) -> QuerySet:
    role = _role(actor)
    if role == Role.RESIDENT:
        return queryset.filter(members__person__user=actor)
    if role in CASE_ROLES:
        teams = team_ids(actor)
        if not teams:
            return queryset.none()
        return queryset.filter(
            confidentiality__lte=clearance(actor), pk__in=_involved_household_ids(teams)
        )
    return queryset.none()


def visible_signals(actor, queryset: QuerySet) -> QuerySet:
    """The report point sees every signal; a team sees the signals routed to
    it. A signal's reporter follows its status through a token, not here."""
    role = _role(actor)
    if role == Role.INTAKE:
        return queryset.filter(confidentiality__lte=clearance(actor))
    if role in CASE_ROLES:
        teams = team_ids(actor)
        if not teams:
            return queryset.none()
        return queryset.filter(confidentiality__lte=clearance(actor), team_id__in=teams)
    return queryset.none()


def _shared_person_ids(teams: list[int]) -> QuerySet:
    Consent = _model("people.Consent")

    return (
        Consent.objects.active()
        .filter(purpose=Consent.Purpose.SHARE, teams__in=teams)
        .values("person_id")
    )


def visible_cases(actor, queryset: QuerySet) -> QuerySet:
    """A team sees its own cases, and another team's case only when a member
    of the household consented to share with it (a consultation records
    that consent). A resident sees their own household's cases. An assessor
    reaches a case only through an application (``visible_applications``)."""
    role = _role(actor)
    if role == Role.RESIDENT:
        return queryset.filter(household__members__person__user=actor)
    if role in CASE_ROLES:
        teams = team_ids(actor)
        if not teams:
            return queryset.none()
        HouseholdMember = _model("people.HouseholdMember")

        shared_households = HouseholdMember.objects.filter(
            person_id__in=_shared_person_ids(teams)
        ).values("household_id")
        return queryset.filter(confidentiality__lte=clearance(actor)).filter(
            Q(team_id__in=teams) | Q(household_id__in=shared_households)
        )
    return queryset.none()


def escalated_cases(actor, queryset: QuerySet) -> QuerySet:
    """The city-level escalation list: a team lead sees every case escalated
    by any team of their municipality (a team whose organisation names no
    municipality counts as the same one), within clearance. The list shows
    only what the city level needs to pick it up: the case number, the
    team, the date and the reason. Reading the case itself still needs
    ``visible_cases``."""
    from wijknet.core.models import Team

    teams = team_ids(actor)
    if not can(actor, "cases.allocate") or not teams:
        return queryset.none()
    municipalities = Team.objects.filter(
        pk__in=teams, organisation__municipality__isnull=False
    ).values("organisation__municipality")
    return queryset.filter(
        escalated_at__isnull=False, confidentiality__lte=clearance(actor)
    ).filter(
        Q(team__organisation__municipality__isnull=True)
        | Q(team__organisation__municipality__in=municipalities)
    )


def visible_consultations(actor, queryset: QuerySet) -> QuerySet:
    """Consultations of the cases the actor may see, asked by or of one of
    their teams. The consulted team reads the case through the resident's
    consent that the request recorded; once that is withdrawn, the request
    is gone from its list too."""
    Case = _model("cases.Case")

    if _role(actor) not in CASE_ROLES:
        return queryset.none()
    teams = team_ids(actor)
    if not teams:
        return queryset.none()
    cases = visible_cases(actor, Case.objects.all()).values("pk")
    return queryset.filter(case_id__in=cases).filter(
        Q(team_id__in=teams) | Q(case__team_id__in=teams)
    )


def can_work_on_case(actor, case) -> bool:
    """Only the case's own team writes in it; a share opens it for reading."""
    return (
        _role(actor) in CASE_ROLES
        and case.team_id in team_ids(actor)
        and case.confidentiality <= clearance(actor)
    )


def visible_applications(actor, queryset: QuerySet) -> QuerySet:
    """Assessors see every application sent to the municipality (not the
    drafts), with the plan parts it carries; teams see the applications of
    the cases they see; a resident sees their own once sent."""
    Application = _model("cases.Application")
    Case = _model("cases.Case")

    role = _role(actor)
    sent = [Application.Status.SUBMITTED, Application.Status.DECIDED]
    if role == Role.ASSESSOR:
        return queryset.filter(status__in=sent, case__confidentiality__lte=clearance(actor))
    if role in CASE_ROLES or role == Role.RESIDENT:
        cases = visible_cases(actor, Case.objects.all()).values("pk")
        queryset = queryset.filter(case_id__in=cases)
        return queryset.filter(status__in=sent) if role == Role.RESIDENT else queryset
    return queryset.none()


def visible_ties(actor, queryset: QuerySet) -> QuerySet:
    """A network map follows its person: whoever may see the person sees
    their ties (a resident their own)."""
    Person = _model("people.Person")

    if _role(actor) not in CASE_ROLES and _role(actor) != Role.RESIDENT:
        return queryset.none()
    # Asked per tie's person (EXISTS), so reading one person's map does not
    # make the database list every person the actor may see.
    person = Person.objects.filter(pk=OuterRef("person_id"))
    return queryset.filter(Exists(visible_persons(actor, person)))


def visible_volunteers(actor, queryset: QuerySet) -> QuerySet:
    """Teams see the volunteer pool they match from; a volunteer sees their
    own registration. Which volunteers a team sees in full, contact details
    included, is ``with_volunteer_contact``."""
    role = _role(actor)
    if role == Role.VOLUNTEER:
        return queryset.filter(user=actor)
    if role in CASE_ROLES and team_ids(actor):
        return queryset
    return queryset.none()


def _volunteer_contact(actor) -> Q | None:
    """The volunteers whose full registration the actor sees, as a condition
    on volunteer rows; ``None`` when that is nobody.

    The pool is city-wide (``visible_volunteers``) because matching searches
    all of it, but the contact details follow the work: a professional or
    team lead sees the full name, e-mail and phone of the volunteers their
    team coordinates, and of another team's volunteer once a request of
    their team has a proposed or running match with them that the actor may
    see (``visible_matches``). A volunteer sees their own registration.
    The matches are an uncorrelated subquery: the database reads them once
    for a whole page, however many rows it is asked about.
    """
    Match = _model("volunteers.Match")

    role = _role(actor)
    if role == Role.VOLUNTEER:
        return Q(user=actor)
    if role in CASE_ROLES:
        teams = team_ids(actor)
        if not teams:
            return None
        # Proposed or running: the statuses of ``volunteers.models.LIVE``.
        live = Match.objects.filter(status__in=[Match.Status.PROPOSED, Match.Status.ACTIVE])
        return Q(team_id__in=teams) | Q(pk__in=visible_matches(actor, live).values("volunteer_id"))
    return None


def with_volunteer_contact(actor, queryset: QuerySet) -> QuerySet:
    """Volunteers annotated with ``contact_visible``: whether the actor sees
    the full registration, or only the narrow view that matching needs (the
    first name, the initial of the last name, the neighbourhood, what they
    offer, can and speak, when they are free, training and screening). One
    query decides it for a whole page; pages name a volunteer through the
    ``volunteer_name`` filter, which shows the narrow view unless this says
    otherwise."""
    condition = _volunteer_contact(actor)
    if condition is None:
        return queryset.annotate(contact_visible=Value(False))
    return queryset.annotate(
        contact_visible=Case(
            When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def volunteer_contact_ids(actor, volunteer_ids: Iterable[int]) -> set[int]:
    """Which of these volunteers' full registration the actor sees (the rule
    of ``with_volunteer_contact``), in one query; for volunteers read some
    other way, such as the candidate list."""
    Volunteer = _model("volunteers.Volunteer")

    ids = set(volunteer_ids)
    condition = _volunteer_contact(actor)
    if condition is None or not ids:
        return set()
    return set(Volunteer.objects.filter(condition, pk__in=ids).values_list("pk", flat=True))


def visible_requests(actor, queryset: QuerySet) -> QuerySet:
    """A team sees its own requests for volunteer help; a volunteer sees the
    requests of the matches they are part of (shown with a first name and
    what the match needs, nothing more)."""
    role = _role(actor)
    if role == Role.VOLUNTEER:
        return queryset.filter(matches__volunteer__user=actor).distinct()
    if role in CASE_ROLES:
        return queryset.filter(
            team_id__in=team_ids(actor), person__confidentiality__lte=clearance(actor)
        )
    return queryset.none()


def visible_matches(actor, queryset: QuerySet) -> QuerySet:
    """The requesting team sees its matches; a volunteer their own; a
    resident the matches made for their own requests, to accept or decline
    in the portal (shown with the volunteer's first name only)."""
    role = _role(actor)
    if role == Role.VOLUNTEER:
        return queryset.filter(volunteer__user=actor)
    if role == Role.RESIDENT:
        return queryset.filter(request__person__user=actor)
    if role in CASE_ROLES:
        return queryset.filter(
            request__team_id__in=team_ids(actor),
            request__person__confidentiality__lte=clearance(actor),
        )
    return queryset.none()


def can_change_person(actor, person) -> bool:
    """Staff of an involved team may correct a person's details; a resident
    asks for a correction through their team (GDPR art. 16)."""
    if _role(actor) not in CASE_ROLES or person.confidentiality > clearance(actor):
        return False
    # A consent to share opens a record for reading only.
    teams = team_ids(actor)
    return (
        type(person)
        .objects.filter(pk=person.pk, membership__household_id__in=_involved_household_ids(teams))
        .exists()
    )


def can_see_household(actor, household_id: int | None) -> bool:
    Household = _model("people.Household")

    if household_id is None:
        return False
    return visible_households(actor, Household.objects.filter(pk=household_id)).exists()


def get_visible_or_404(
    actor, queryset: QuerySet, *, context: AuditContext, action: str = audit.Action.VIEW, **lookup
) -> Model:
    """Fetch one record the actor may see and log the read; 404 otherwise."""
    try:
        obj = queryset.visible_to(actor).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    audit.record(actor, action, obj, context)
    return obj


def log_listed(actor, objects: Iterable[Model], *, context: AuditContext) -> None:
    """Log every record of a list the actor was shown (rows from visible_to)."""
    audit.record_many(actor, audit.Action.LIST, objects, context)
