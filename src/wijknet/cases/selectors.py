"""Reads of cases. Every function narrows through ``core.access`` and logs
what it shows; pages and the API read cases only through here."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from wijknet.cases import services
from wijknet.cases.models import (
    Application,
    Case,
    Consultation,
    LadderLevel,
    PlanGoal,
    PlanStep,
    PlanVersion,
)
from wijknet.core import access, ladder
from wijknet.core.audit import AuditContext
from wijknet.core.pagination import keyset_page

PAGE_SIZE = 25


def _rows():
    return Case.objects.select_related("household", "team", "coordinator")


def get_case(actor, case_id: int, *, context: AuditContext) -> Case:
    """One case the actor may see (404 otherwise), logged."""
    return access.get_visible_or_404(actor, _rows(), context=context, pk=case_id)


def caseload(
    actor,
    *,
    cursor: str | None,
    context: AuditContext,
    query: str = "",
    include_closed: bool = False,
    size: int = PAGE_SIZE,
):
    """'Mijn caseload': the open cases the actor coordinates, soonest
    evaluation or investigation deadline first."""
    queryset = _rows().visible_to(actor).filter(coordinator=actor)
    if not include_closed:
        queryset = queryset.filter(closed_at__isnull=True)
    if query.strip():
        term = query.strip()
        queryset = queryset.filter(Q(number__icontains=term) | Q(household__name__icontains=term))
    page = keyset_page(queryset, ("investigation_due", "id"), cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def team_cases(actor, *, cursor: str | None, context: AuditContext, unallocated: bool = False):
    """The open cases of the actor's teams, for the team lead."""
    queryset = (
        _rows().visible_to(actor).filter(team_id__in=access.team_ids(actor), closed_at__isnull=True)
    )
    if unallocated:
        queryset = queryset.filter(coordinator__isnull=True)
    page = keyset_page(queryset, ("opened_at", "id"), cursor, PAGE_SIZE)
    access.log_listed(actor, page.rows, context=context)
    return page


def team_figures(actor) -> dict:
    """Counts for the team overview: no personal data, no audit row."""
    open_cases = Case.objects.filter(team_id__in=access.team_ids(actor), closed_at__isnull=True)
    per_coordinator = (
        open_cases.exclude(coordinator=None)
        .values("coordinator__first_name", "coordinator__last_name")
        .annotate(n=Count("id"))
        .order_by("coordinator__last_name", "coordinator__first_name")
    )
    per_phase = dict(open_cases.values_list("phase").annotate(n=Count("id")))
    return {
        "open": open_cases.count(),
        "unallocated": open_cases.filter(coordinator=None).count(),
        "overdue_investigations": open_cases.investigation_overdue().count(),
        "escalated": open_cases.exclude(escalated_at=None).count(),
        "per_coordinator": list(per_coordinator),
        "per_phase": [(label, per_phase.get(value, 0)) for value, label in Case.Phase.choices],
    }


def escalated(actor, *, context: AuditContext) -> list[Case]:
    """Open cases escalated to the city level, of every team in the actor's
    municipality (``access.escalated_cases``): the number, team, date and
    reason, oldest first. ``openable`` says whether the actor may open the
    case itself (their own team's, or shared with it)."""
    rows = list(
        access.escalated_cases(actor, Case.objects.open())
        .select_related("team")
        .only("number", "team__name", "escalated_at", "escalation_reason", "confidentiality")
        .order_by("escalated_at", "id")[:50]
    )
    access.log_listed(actor, rows, context=context)
    openable = set(
        Case.objects.visible_to(actor)
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.openable = row.pk in openable
    return rows


def consultations_asked(actor, *, context: AuditContext) -> list[Consultation]:
    """Open consultation requests asked of the actor's teams, oldest first,
    on cases the resident's consent lets them read."""
    rows = list(
        access.visible_consultations(actor, Consultation.objects.filter(answered_at__isnull=True))
        .filter(team_id__in=access.team_ids(actor), case__closed_at__isnull=True)
        .select_related("case", "case__team", "team")
        .order_by("requested_at", "id")[:50]
    )
    access.log_listed(actor, [row.case for row in rows], context=context)
    return rows


def evaluations_due(
    actor, *, until: datetime.date, context: AuditContext, own: bool = False
) -> list[PlanVersion]:
    """'Due this week': set plans whose evaluation date has come by
    ``until``, of the open cases the actor coordinates (``own``), or also
    of their teams' cases."""
    mine = Case.objects.visible_to(actor).open()
    if own:
        mine = mine.filter(coordinator=actor)
    else:
        mine = mine.filter(Q(coordinator=actor) | Q(team_id__in=access.team_ids(actor)))
    rows = list(
        services.evaluations_due(until, among=mine.values("pk"))
        .select_related("case", "case__household", "case__coordinator")
        .order_by("evaluation_on", "id")[:100]
    )
    access.log_listed(actor, [row.case for row in rows], context=context)
    return rows


def aftercare_due(actor, *, until: datetime.date, context: AuditContext) -> list[Case]:
    """Closed cases the actor coordinated whose aftercare date has come by
    ``until`` (and at most a month ago): time to check in once more."""
    rows = list(
        _rows()
        .visible_to(actor)
        .filter(
            coordinator=actor,
            closed_at__isnull=False,
            aftercare_on__lte=until,
            aftercare_on__gte=timezone.localdate() - datetime.timedelta(days=30),
        )
        .order_by("aftercare_on", "id")[:50]
    )
    access.log_listed(actor, rows, context=context)
    return rows


def plan_version(case: Case, number: int | None = None) -> PlanVersion | None:
    """A version of the plan of a case already read, with everything the
    plan page shows in a fixed number of queries."""
    versions = case.plan_versions.select_related("created_by").prefetch_related(
        Prefetch(
            "plan_goals",
            queryset=PlanGoal.objects.select_related(
                "goal", "goal__life_domain", "goal__matrix_domain"
            ).prefetch_related(
                Prefetch(
                    "steps",
                    queryset=PlanStep.objects.select_related(
                        "service",
                        "network_tie",
                        "volunteer_match__request",
                        "volunteer_match__volunteer",
                    ),
                )
            ),
        ),
        "comments",
    )
    if number is not None:
        return versions.filter(number=number).first()
    return versions.exclude(status=PlanVersion.Status.SUPERSEDED).order_by("-number").first()


def ladder_rings(plan_goal: PlanGoal) -> list[dict]:
    """The ladder picture of one goal: every ring, inside out, with how
    many steps use it and whether its reason is written down."""
    counts = ladder.rings(step.ladder_level for step in plan_goal.steps.all())
    reasons = plan_goal.reasons

    return [
        {
            "level": level,
            "label": LadderLevel(level).label,
            "steps": counts[level],
            "reason": reasons.get(level, ""),
            "radius": 14 + 14 * index,
            # The ring's number sits in its band, above the centre.
            "label_y": 94 - (7 + 14 * index) if index else 94,
        }
        for index, level in enumerate(ladder.LEVELS)
    ]


# --- What cases hold about a person (registered in ``apps.py``) -------------


def records_about_person(person) -> list:
    """The records whose reads are reads about this person, for the
    registry in ``people.registry``: reads of the household's support
    trajectories and applications are reads of the household too."""
    membership = getattr(person, "membership", None)
    if membership is None:
        return []
    return [
        Case.objects.filter(household_id=membership.household_id),
        Application.objects.filter(case__household_id=membership.household_id),
    ]


def household_trajectories(actor, household, context: AuditContext) -> dict:
    """The household page's list of the household's trajectories, for whom
    works with the caseload; the rows shown are logged."""
    if not access.can(actor, "cases.caseload"):
        return {}
    cases = list(Case.objects.visible_to(actor).filter(household=household).order_by("-opened_at"))
    access.log_listed(actor, cases, context=context)
    return {"cases": cases, "can_open_case": not any(case.is_open for case in cases)}
