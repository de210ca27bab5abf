"""Every read of signals that leaves this app, through ``core.access``."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from wijknet.core import access, disclosure
from wijknet.core.audit import AuditContext
from wijknet.core.pagination import KeysetPage, keyset_page
from wijknet.signals import workflow
from wijknet.signals.models import Signal

OPEN = Q(status__in=[s for s in workflow.STATUSES if s not in workflow.FINAL])


@dataclass(frozen=True)
class QueueFilter:
    view: str = "open"  # open | new | overdue | urgent | closed | all
    band: str = ""
    team: int | None = None  # 0 = the report point's own queue (no team)
    neighbourhood: int | None = None
    reporter_type: str = ""


def _filtered(queryset: QuerySet, spec: QueueFilter) -> QuerySet:
    today = timezone.localdate()
    views = {
        "open": OPEN,
        "new": Q(status=workflow.NOTICE),
        "overdue": OPEN & Q(deadline__lt=today),
        "urgent": OPEN & Q(urgent_consultation_at__isnull=False),
        "closed": ~OPEN,
        "all": Q(),
    }
    queryset = queryset.filter(views.get(spec.view, OPEN))
    if spec.band:
        queryset = queryset.filter(band__code=spec.band)
    if spec.team == 0:
        queryset = queryset.filter(team__isnull=True)
    elif spec.team:
        queryset = queryset.filter(team_id=spec.team)
    if spec.neighbourhood:
        queryset = queryset.filter(neighbourhood_id=spec.neighbourhood)
    if spec.reporter_type:
        queryset = queryset.filter(reporter_type=spec.reporter_type)
    return queryset


def queue(
    actor, *, spec: QueueFilter, cursor: str | None, context: AuditContext, size: int = 25
) -> KeysetPage:
    """Newest first, by key, so the hundredth page costs what the first does."""
    queryset = _filtered(
        Signal.objects.visible_to(actor).select_related("band", "team", "neighbourhood"), spec
    )
    page = keyset_page(queryset, ("-id",), cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def get_signal(actor, *, signal_id: int, context: AuditContext) -> Signal:
    queryset = Signal.objects.select_related(
        "band", "computed_band", "team", "neighbourhood", "subject_person", "reporter_organisation"
    ).prefetch_related("events__actor")
    return access.get_visible_or_404(actor, queryset, pk=signal_id, context=context)


def get_signal_subject(actor, *, signal_id: int, context: AuditContext) -> Signal:
    """A signal with only its resident and team, for a page in another app
    that starts something from it (a request for a volunteer); 404 when the
    actor may not see it, logged as a read of the signal."""
    queryset = Signal.objects.select_related("subject_person", "team")
    return access.get_visible_or_404(actor, queryset, pk=signal_id, context=context)


def status_for_reporter(token: str) -> Signal | None:
    """What the reporter may know: the status, never who it is about.
    Reads only non-personal columns."""
    return (
        Signal.objects.only("id", "created_at", "status", "band", "closed_at", "pseudonymised_at")
        .select_related("band")
        .filter(reporter_token=token)
        .first()
    )


def dashboard(actor) -> dict:
    """Counts for the report point or a team lead: no personal data."""
    visible = Signal.objects.visible_to(actor)
    today = timezone.localdate()
    totals = visible.aggregate(
        open=Count("id", filter=OPEN),
        new=Count("id", filter=Q(status=workflow.NOTICE)),
        overdue=Count("id", filter=OPEN & Q(deadline__lt=today)),
        urgent=Count("id", filter=OPEN & Q(urgent_consultation_at__isnull=False)),
        unrouted=Count("id", filter=OPEN & Q(team__isnull=True)),
    )
    open_signals = visible.filter(OPEN)
    return {
        "totals": totals,
        "by_band": list(
            open_signals.values("band__code", "band__label")
            .annotate(n=Count("id"))
            .order_by("band__min_score")
        ),
        "by_neighbourhood": list(
            open_signals.values("neighbourhood_id", "neighbourhood__name")
            .annotate(n=Count("id"))
            .order_by("-n", "neighbourhood__name")[:20]
        ),
        "by_reporter_type": [
            {**row, "label": Signal.ReporterType(row["reporter_type"]).label}
            for row in open_signals.values("reporter_type").annotate(n=Count("id")).order_by("-n")
        ],
    }


def policy_aggregates(actor, *, since=None) -> list[dict]:
    """Meso and macro signals per neighbourhood and level, for policy staff,
    with small cells suppressed. Reads from the reporting replica."""
    if not access.can(actor, "signals.aggregates"):
        return []
    rows = (
        Signal.objects.using(settings.WIJKNET_REPORTING_DB)
        .filter(level__in=[Signal.Level.MESO, Signal.Level.MACRO])
        .filter(created_at__gte=since or timezone.now() - datetime.timedelta(days=365))
        .values("neighbourhood__name", "neighbourhood__cbs_code", "level")
        .annotate(n=Count("id"))
        .order_by("neighbourhood__cbs_code", "level")
    )
    return [{**row, "n": disclosure.count(row["n"])} for row in rows]


def records_about_person(person) -> list[QuerySet]:
    """The signals whose reads are reads about this person, for the
    registry in ``people.registry``: only once a team has linked the signal
    to the person (``services.link_subject``)."""
    return [Signal.objects.filter(subject_person=person)]
