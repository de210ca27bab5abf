"""The access log (NEN 7513). Every read of personal data lands here, through
``core.access``; nothing else writes to it and nothing may change it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Cast

from wijknet.core.models import AuditEvent

Action = AuditEvent.Action


@dataclass(frozen=True)
class AuditContext:
    """Why and where a read happens. Views build it from the request; the API,
    commands and tasks name their own route."""

    purpose: str
    route: str = ""
    ip: str | None = None

    @classmethod
    def from_request(cls, request, purpose: str) -> "AuditContext":
        match = getattr(request, "resolver_match", None)
        route = (match.view_name if match else "") or request.path
        return cls(purpose=purpose, route=route[:200], ip=request.META.get("REMOTE_ADDR"))


def _event(actor, action: str, obj: models.Model, context: AuditContext) -> AuditEvent:
    return AuditEvent(
        actor=actor,
        actor_username=actor.get_username(),
        actor_role=actor.role,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        purpose=context.purpose[:200],
        route=context.route,
        ip=context.ip,
    )


def record(actor, action: str, obj: models.Model, context: AuditContext) -> None:
    _event(actor, action, obj, context).save()


def record_many(actor, action: str, objects: Iterable[models.Model], context: AuditContext) -> None:
    """One row per record shown, written in a single INSERT."""
    events = [_event(actor, action, obj, context) for obj in objects]
    if events:
        AuditEvent.objects.bulk_create(events)


def events_about(objects: Iterable[models.Model | models.QuerySet]) -> models.QuerySet:
    """All log rows about any of the given records, newest first.

    Pass records, or querysets that name many records of one model at once;
    the querysets' keys are read in a single query (a UNION). The condition
    holds one ``object_id IN (...)`` list per record type, which the index on
    ``(object_type, object_id, -at)`` serves, however many records there are."""
    ids: dict[str, set[str]] = defaultdict(set)
    keys = []
    for item in objects:
        if isinstance(item, models.QuerySet):
            keys.append(
                item.order_by()
                .annotate(
                    audit_type=models.Value(item.model._meta.label_lower, models.CharField()),
                    audit_id=Cast("pk", models.CharField()),
                )
                .values_list("audit_type", "audit_id")
            )
        else:
            ids[item._meta.label_lower].add(str(item.pk))
    if keys:
        first, *rest = keys
        for object_type, object_id in first.union(*rest, all=True) if rest else first:
            ids[object_type].add(object_id)
    condition = models.Q(pk__in=[])
    for object_type, object_ids in sorted(ids.items()):
        condition |= models.Q(object_type=object_type, object_id__in=sorted(object_ids))
    return AuditEvent.objects.filter(condition).order_by("-at", "-id")
