"""Informal carers (*mantelzorgers*): registering a tie as a carer, checking
their burden over time, flagging an overloaded carer to the team, pointing
to respite on the social map, and the counts policy staff may see."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access, audit, disclosure
from wijknet.core.audit import AuditContext
from wijknet.people.models import (
    BurdenCheck,
    CarerBurden,
    InformalCarer,
    NetworkLayer,
    NetworkTie,
    Person,
    SupportKind,
    TeamTask,
)
from wijknet.people.network import raise_tasks

# A check at one of these raises a flag and a task for the team (seed
# 001:5465: relieve an overloaded network first).
FLAGGED = frozenset({CarerBurden.VERY_HEAVY, CarerBurden.OVERLOADED})
# What policy counts as heavily burdened: fairly heavy or worse.
HEAVY_OR_WORSE = (CarerBurden.FAIRLY_HEAVY, CarerBurden.VERY_HEAVY, CarerBurden.OVERLOADED)
OVERLOAD_DAYS = 7  # the team picks up an overloaded carer within a week
MAX_HOURS = 168
# Respite first, then carer support in general, near the resident.
RESPITE_QUERIES = ("respijtzorg", "mantelzorg")
RESPITE_SHOWN = 5
# The list depends only on the neighbourhood and the map, so it is kept
# per neighbourhood and map version: two map searches cost more than the
# rest of a network page at Amsterdam size.
RESPITE_CACHE_SECONDS = 600


@transaction.atomic
def register_carer(
    actor,
    *,
    tie: NetworkTie,
    care_given: str,
    hours_per_week: int | None = None,
    since: datetime.date | None = None,
    context: AuditContext,
) -> InformalCarer:
    """Record that someone of the natural network gives care out of a
    personal bond; the tie's support then includes care."""
    if not access.can_change_person(actor, tie.person):
        raise PermissionDenied
    tie = NetworkTie.objects.select_for_update().select_related("person").get(pk=tie.pk)
    if tie.ended_on is not None or tie.awaiting_review:
        raise ValidationError(
            _("Leg alleen een huidige, beoordeelde relatie vast als mantelzorger.")
        )
    if tie.layer != NetworkLayer.NATURAL:
        raise ValidationError(
            _("Een mantelzorger komt uit het natuurlijke netwerk: familie, vrienden of buren.")
        )
    if InformalCarer.objects.filter(tie=tie).exists():
        raise ValidationError(_("Deze relatie is al vastgelegd als mantelzorger."))
    errors = {}
    care_given = (care_given or "").strip()
    if not care_given:
        errors["care_given"] = _("Beschrijf welke zorg deze mantelzorger geeft.")
    if hours_per_week is not None and not 0 < hours_per_week <= MAX_HOURS:
        errors["hours_per_week"] = _("Vul een aantal uren tussen 1 en 168 in.")
    if since is not None and since > timezone.localdate():
        errors["since"] = _("Deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    carer = InformalCarer(
        tie=tie, care_given=care_given, hours_per_week=hours_per_week, since=since
    )
    carer.full_clean(exclude=["tie"])
    carer.save()
    if SupportKind.CARE not in tie.support:
        tie.support = [
            kind for kind in SupportKind.values if kind in {*tie.support, SupportKind.CARE}
        ]
        tie.save(update_fields=["support"])
    audit.record(actor, audit.Action.CHANGE, tie.person, context)
    return carer


@transaction.atomic
def record_burden(
    actor,
    *,
    carer: InformalCarer,
    burden: str,
    checked_on: datetime.date | None = None,
    note: str = "",
    context: AuditContext,
) -> BurdenCheck:
    """Record a burden check. When the carer's latest check is very heavy or
    overloaded, every team involved with the household gets a task, once:
    not again while its earlier one is still open."""
    person = Person.objects.get(ties__carer=carer)
    if not access.can_change_person(actor, person):
        raise PermissionDenied
    checked_on = checked_on or timezone.localdate()
    errors = {}
    if burden not in CarerBurden.values:
        errors["burden"] = _("Kies hoe zwaar de mantelzorger belast is.")
    if checked_on > timezone.localdate():
        errors["checked_on"] = _("Deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    check = BurdenCheck(
        carer=carer,
        burden=burden,
        checked_on=checked_on,
        note=(note or "").strip(),
        checked_by=actor,
    )
    check.full_clean(exclude=["carer", "checked_by"])
    check.save()
    latest = carer.checks.order_by("-checked_on", "-id").first()
    if is_flagged(latest):  # checked first: the tie's name costs a query
        task = overload_task(
            latest.burden, carer=carer.tie.name, person=person.full_name, on=timezone.localdate()
        )
        raise_tasks(person, kind=task.kind, title=task.title, due_on=task.due_on)
    audit.record(actor, audit.Action.CHANGE, person, context)
    return check


def is_flagged(check: BurdenCheck | None) -> bool:
    return check is not None and check.burden in FLAGGED


@dataclass(frozen=True)
class OverloadTask:
    kind: str
    title: str
    due_on: datetime.date


def overload_task(
    burden: str, *, carer: str, person: str, on: datetime.date
) -> OverloadTask | None:
    """The task a carer's latest burden raises for the teams, or None when
    that burden raises none. One rule for ``record_burden`` and for the demo
    seed, which writes its tasks in bulk: ``on`` is the day the team hears
    of it, and the team has ``OVERLOAD_DAYS`` to find relief."""
    if burden not in FLAGGED:
        return None
    title = _("Mantelzorger %(carer)s van %(person)s is %(burden)s: zoek ontlasting") % {
        "carer": carer,
        "person": person,
        "burden": CarerBurden(burden).label,
    }
    return OverloadTask(
        kind=TeamTask.Kind.CARER_OVERLOAD,
        title=title,
        due_on=on + datetime.timedelta(days=OVERLOAD_DAYS),
    )


def respite_services(person: Person) -> list:
    """Up to five published entries of the social map that relieve a carer,
    respite first, nearest the resident first, with their providers. The
    ranking depends only on the resident's neighbourhood, so the entries
    found are cached by neighbourhood and map version (open data, no
    personal data in the key or the value)."""
    from wijknet.kaart.models import Service
    from wijknet.kaart.selectors import map_version, neighbourhood_for, search_services

    near = neighbourhood_for(person.postcode) if person.postcode else None
    key = f"wijknet:respite:{near.pk if near else '-'}:{map_version()}"
    ids = cache.get(key)
    if ids is None:
        found = {}
        for query in RESPITE_QUERIES:
            page = search_services(
                query, near_postcode=person.postcode, size=RESPITE_SHOWN, cards=True
            )
            for service in page.rows:
                found.setdefault(service.pk, service)
        ids = list(found)[:RESPITE_SHOWN]
        cache.set(key, ids, RESPITE_CACHE_SECONDS)
    services = Service.objects.select_related("organisation").in_bulk(ids)
    return [services[pk] for pk in ids if pk in services]


def policy_aggregates(actor) -> dict:
    """The policy indicator "share of carers fairly or very heavily burdened
    or overloaded": per neighbourhood of the person cared for, how many
    current carers have had a burden check and how many of them were fairly
    heavily burdened or worse at their latest check, and the same over the
    whole municipality (``total``). No personal data: a count under five is
    hidden (None), and so are the heavy count and the share when either side
    of them (heavy, not heavy) is under five, since one gives away the other.
    A municipal figure is also hidden when subtracting the neighbourhoods
    shown from it would leave a hidden count of one to four. Reads from the
    reporting replica."""
    if not access.can(actor, "carers.aggregates"):
        return {"rows": [], "total": None}
    latest = (
        BurdenCheck.objects.filter(carer=OuterRef("pk"))
        .order_by("-checked_on", "-id")
        .values("burden")[:1]
    )
    counts = list(
        InformalCarer.objects.using(settings.WIJKNET_REPORTING_DB)
        .filter(tie__ended_on__isnull=True)
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .values("tie__person__neighbourhood__name", "tie__person__neighbourhood__cbs_code")
        .annotate(n=Count("id"), heavy=Count("id", filter=Q(latest__in=HEAVY_OR_WORSE)))
        .order_by("tie__person__neighbourhood__cbs_code")
    )
    cells, total = disclosure.split_table([(row["n"], row["heavy"]) for row in counts])
    if total is None:
        return {"rows": [], "total": None}
    rows = [
        {
            "neighbourhood": row["tie__person__neighbourhood__name"],
            "cbs_code": row["tie__person__neighbourhood__cbs_code"],
            **_shown(cell),
        }
        for row, cell in zip(counts, cells, strict=True)
    ]
    return {"rows": rows, "total": _shown(total)}


def _shown(cell: disclosure.Split) -> dict:
    return {"n": cell.n, "heavy": cell.part, "share": cell.share}
