"""Carrying out and evaluating the plan: the logbook, the evaluation that
starts the next plan version, and which set plans are due for one."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases import phases
from wijknet.cases.models import Case, CaseEvent, Evaluation, LogEntry, PlanVersion
from wijknet.cases.services.plan import copy_version, set_version
from wijknet.cases.services.shared import locked, reach_step, record_event
from wijknet.core import audit
from wijknet.core.audit import AuditContext


@transaction.atomic
def add_log_entry(actor, *, case: Case, context: AuditContext, **fields) -> LogEntry:
    case = locked(actor, case)
    if not (fields.get("text") or "").strip():
        raise ValidationError({"text": _("Schrijf op wat er is gebeurd.")})
    if fields.get("on") and fields["on"] > timezone.localdate():
        raise ValidationError({"on": _("De datum ligt in de toekomst.")})
    entry = LogEntry.objects.create(case=case, author=actor, **fields)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return entry


@transaction.atomic
def record_evaluation(
    actor,
    *,
    case: Case,
    next_evaluation_on: datetime.date | None,
    context: AuditContext,
    **fields,
) -> Evaluation:
    """Hold the evaluation of the set plan: record the three checks and what
    was learned, and start the next plan version with the adjustments."""
    case = locked(actor, case)
    evaluated = set_version(case)
    if evaluated is None:
        raise ValidationError(_("Er is nog geen vastgesteld plan om te evalueren."))
    if case.plan_versions.filter(status=PlanVersion.Status.DRAFT).exists():
        raise ValidationError(
            _("Er ligt al een conceptversie van het plan. Stel die eerst vast of werk die bij.")
        )
    errors = {}
    if not (fields.get("went_well") or "").strip():
        errors["went_well"] = _("Schrijf op wat goed ging.")
    if next_evaluation_on is None:
        errors["next_evaluation_on"] = _("Kies de volgende evaluatiedatum.")
    elif next_evaluation_on <= timezone.localdate():
        errors["next_evaluation_on"] = _("De volgende evaluatie moet in de toekomst liggen.")
    if errors:
        raise ValidationError(errors)
    new_version = copy_version(actor, case, evaluated, evaluation_on=next_evaluation_on)
    evaluation = Evaluation.objects.create(
        case=case, plan_version=evaluated, author=actor, new_version=new_version, **fields
    )
    record_event(
        case, actor, CaseEvent.Kind.PLAN, note=_("evaluatie"), after=f"v{new_version.number}"
    )
    reach_step(case, actor, phases.MEASURING)
    audit.record(actor, audit.Action.CREATE, case, context)
    return evaluation


def evaluations_due(until: datetime.date, *, among=None):
    """Set plans of open cases whose evaluation date has come by ``until``
    and that were not evaluated yet. ``among`` (a query of open case ids)
    narrows it to someone's cases: the database then starts from those
    cases, not from every set plan in the municipality."""
    versions = PlanVersion.objects.filter(
        status=PlanVersion.Status.SET, evaluation_on__lte=until
    ).exclude(pk__in=Evaluation.objects.values("plan_version_id"))
    if among is None:
        return versions.filter(case__closed_at__isnull=True)
    return versions.filter(case_id__in=among)
