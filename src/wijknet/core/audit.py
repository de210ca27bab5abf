"""The access log (NEN 7513). Every read of personal data lands here, through
``core.access``; nothing else writes to it and nothing may change it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

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


def events_about(objects: Iterable[models.Model]) -> models.QuerySet:
    """All log rows about any of the given records, newest first."""
    condition = models.Q(pk__in=[])
    for obj in objects:
        condition |= models.Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditEvent.objects.filter(condition).order_by("-at", "-id")
