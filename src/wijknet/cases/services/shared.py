"""What every write to a case shares: the access check, the lock on the open
case, the history row and the access step reached. Public, because the
services of every part of the trajectory call them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from wijknet.cases import phases
from wijknet.cases.models import Case, CaseEvent
from wijknet.core import access


def require_work(actor, case: Case) -> None:
    """Only a team that works on the case writes to it (``core.access``)."""
    if not access.can_work_on_case(actor, case):
        raise PermissionDenied


def require_open(case: Case) -> None:
    """A closed case is read, not written, until it is reopened."""
    if not case.is_open:
        raise ValidationError(_("Dit traject is afgesloten. Heropen het om verder te werken."))


def locked(actor, case: Case) -> Case:
    """The case, locked for this transaction, after the access checks."""
    require_work(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    return case


def record_event(case: Case, actor, kind: str, note: str = "", before="", after="") -> None:
    """Add a row to the case's history, which is never edited. A plan or
    application event also marks its actor as an author (separation of
    duties)."""
    CaseEvent.objects.create(
        case=case, actor=actor, kind=kind, note=note, before=str(before), after=str(after)
    )


def reach_step(case: Case, actor, step: int) -> None:
    """Move the case to access step ``step`` unless it is already further:
    the access steps only go forward (``phases.advance_step``)."""
    reached = phases.advance_step(case.access_step, step)
    if reached != case.access_step:
        before = case.access_step
        case.access_step = reached
        case.save(update_fields=["access_step"])
        record_event(case, actor, CaseEvent.Kind.STEP, before=before, after=reached)
