"""The conversation (access step 3) and its report, which is final when the
professional and the resident both agreed; that ends the investigation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases import phases
from wijknet.cases.models import Case, Conversation, Report
from wijknet.cases.services.shared import locked, reach_step
from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.models import Role


@transaction.atomic
def record_conversation(
    actor, *, case: Case, persons_present=(), context: AuditContext, **fields
) -> Conversation:
    case = locked(actor, case)
    if not (fields.get("discussed") or "").strip():
        raise ValidationError({"discussed": _("Schrijf op wat er is besproken.")})
    if fields.get("held_on") and fields["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": _("Een gesprek kan niet in de toekomst zijn gevoerd.")})
    household_persons = set(case.household.members.values_list("person_id", flat=True))
    if any(person.pk not in household_persons for person in persons_present):
        raise ValidationError({"persons_present": _("Kies alleen leden van het huishouden.")})
    conversation = Conversation.objects.create(case=case, author=actor, **fields)
    conversation.persons_present.set(persons_present)
    reach_step(case, actor, phases.CONVERSATION)
    audit.record(actor, audit.Action.CREATE, case, context)
    return conversation


@transaction.atomic
def write_report(
    actor, *, conversation: Conversation, support_need: str, arrangement: str, context
) -> Report:
    """Write or change the report. Changing it withdraws both agreements:
    what was agreed to is no longer what it says."""
    locked(actor, conversation.case)
    errors = {}
    if not support_need.strip():
        errors["support_need"] = _("Beschrijf de ondersteuningsvraag.")
    if not arrangement.strip():
        errors["arrangement"] = _("Beschrijf de afspraken.")
    if errors:
        raise ValidationError(errors)
    report, _created = Report.objects.select_for_update().get_or_create(
        conversation=conversation,
        defaults={"support_need": support_need.strip(), "arrangement": arrangement.strip()},
    )
    if report.is_final:
        raise ValidationError(_("Beide partijen gingen akkoord met het verslag; het ligt nu vast."))
    report.support_need = support_need.strip()
    report.arrangement = arrangement.strip()
    report.professional_agreed_by = None
    report.professional_agreed_at = None
    report.resident_agreed_at = None
    report.resident_agreement = ""
    report.witness = ""
    report.save()
    audit.record(actor, audit.Action.CHANGE, conversation.case, context)
    return report


@transaction.atomic
def professional_agrees(actor, *, report: Report, context: AuditContext) -> Report:
    locked(actor, report.conversation.case)
    report.professional_agreed_by = actor
    report.professional_agreed_at = timezone.now()
    report.save(update_fields=["professional_agreed_by", "professional_agreed_at"])
    _investigation_done(report)
    audit.record(actor, audit.Action.CHANGE, report.conversation.case, context)
    return report


def _investigation_done(report: Report) -> None:
    """The investigation (*onderzoek*) ends with the first report both sides
    agreed to; its legal deadline is then met or missed for good."""
    if report.is_final:
        Case.objects.filter(
            pk=report.conversation.case_id, investigation_done_on__isnull=True
        ).update(investigation_done_on=timezone.localdate())


@transaction.atomic
def resident_agrees(
    actor, *, report: Report, how: str, witness: str = "", comment: str = "", context
) -> Report:
    """Record the resident's agreement: by the professional for paper or
    verbal agreement (with a witness), or by the resident in the portal."""
    case = report.conversation.case
    if actor.role == Role.RESIDENT:
        if not access.visible_cases(actor, Case.objects.filter(pk=case.pk)).exists():
            raise PermissionDenied
        how = Report.ResidentAgreement.PORTAL
    else:
        locked(actor, case)
        if how == Report.ResidentAgreement.PORTAL:
            raise ValidationError({"how": _("Akkoord in het portaal geeft de inwoner zelf.")})
    if how not in Report.ResidentAgreement.values:
        raise ValidationError({"how": _("Kies hoe de inwoner akkoord gaf.")})
    if how == Report.ResidentAgreement.VERBAL and not witness.strip():
        raise ValidationError({"witness": _("Bij mondeling akkoord hoort een getuige.")})
    report.resident_agreed_at = timezone.now()
    report.resident_agreement = how
    report.witness = witness.strip()
    if comment.strip():
        report.resident_comment = comment.strip()
    report.save()
    _investigation_done(report)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return report
