"""The demo logins' cases: after seeding, a demo professional is made the
coordinator of a handful of its team's open cases, and the demo resident
is given a household whose case waits for them."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wijknet.cases import phases, services
from wijknet.cases.models import Case, CaseEvent, PlanVersion, Report
from wijknet.core.models import Confidentiality
from wijknet.people.models import Consent


def shared_elsewhere(team) -> Exists:
    """A member of the case's household consented to share with another
    team: that team may read the case (access.visible_cases)."""
    return Exists(
        Consent.teams.through.objects.filter(
            consent__person__membership__household=OuterRef("household_id"),
            consent__purpose=Consent.Purpose.SHARE,
            consent__withdrawn_on__isnull=True,
        ).exclude(team=team)
    )


def evaluation_due_this_week(today: date) -> Exists:
    """The case's set plan is to be evaluated within the coming week (today
    and the six days after) and was not evaluated yet: the domain's
    ``services.evaluations_due``, from today on."""
    return Exists(
        services.evaluations_due(today + timedelta(days=6)).filter(
            case=OuterRef("pk"), evaluation_on__gte=today
        )
    )


def hand_demo_cases(user, team, *, also: Case | None = None) -> list[Case]:
    """Make a demo login the coordinator of a handful of its team's open
    cases: one whose evaluation is due this week and one in each phase from
    gathering information on, plus ``also`` (the demo resident's case).
    Cases it coordinates already count, so running this again changes
    nothing. Only cases no other team may read, so the other demo team never
    sees them."""
    today = timezone.localdate()
    candidates = (
        Case.objects.filter(
            team=team,
            closed_at__isnull=True,
            escalated_at__isnull=True,
            confidentiality__lte=Confidentiality.VERTROUWELIJK,
        )
        .exclude(shared_elsewhere(team))
        .order_by("id")
    )
    wanted = [
        evaluation_due_this_week(today),
        *(Q(phase=phase) for phase in phases.PHASES[1:]),
    ]
    handed = []
    for condition in wanted:
        if candidates.filter(condition, coordinator=user).exists():
            continue
        case = candidates.filter(condition).exclude(coordinator=user).first()
        if case is not None:
            handed.append(case)
    if also is not None and also.coordinator_id != user.pk:
        handed.append(also)
    for case in handed:
        Case.objects.filter(pk=case.pk).update(coordinator=user)
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ALLOCATED).update(
            after=user.get_full_name()[:40]
        )
    return handed


def resident_case_filter(team) -> Q:
    """For household members: the household has an open case of ``team``
    with a set plan and a report awaiting the resident's agreement (a
    household has one open case at most)."""
    waiting = Report.objects.filter(
        conversation__case__household=OuterRef("household"),
        conversation__case__team=team,
        conversation__case__closed_at__isnull=True,
        professional_agreed_at__isnull=False,
        resident_agreed_at__isnull=True,
    )
    with_plan = PlanVersion.objects.filter(
        case__household=OuterRef("household"),
        case__team=team,
        case__closed_at__isnull=True,
        status=PlanVersion.Status.SET,
    )
    return Q(Exists(waiting), Exists(with_plan))
