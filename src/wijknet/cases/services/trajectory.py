"""Opening a trajectory (also from a signal), allocation, phases,
consultation of another team, escalation to the city level, closing and
reopening."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases import phases
from wijknet.cases.models import Case, CaseEvent, Consultation
from wijknet.cases.services.shared import locked, record_event, require_work
from wijknet.core import access, audit, terms
from wijknet.core.audit import AuditContext
from wijknet.core.models import Team
from wijknet.people.models import Consent, Household, Involvement


def _next_number() -> str:
    year = timezone.localdate().year
    last = (
        Case.objects.filter(number__startswith=f"T{year}-")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.split("-")[1]) + 1 if last else 1
    return f"T{year}-{sequence:06d}"


@transaction.atomic
def open_case(
    actor,
    *,
    household: Household,
    team: Team,
    start_reason: str,
    context: AuditContext,
    start_note: str = "",
    reported_on: datetime.date | None = None,
    signal=None,
) -> Case:
    """Open a trajectory for a household the actor's team may see. The team
    becomes involved with the household, so its members can read it."""
    if not access.can(actor, "cases.caseload") or team.pk not in access.team_ids(actor):
        raise PermissionDenied
    if not access.can_see_household(actor, household.pk) and signal is None:
        raise PermissionDenied
    if start_reason not in Case.StartReason.values:
        raise ValidationError({"start_reason": _("Kies een aanleiding.")})
    if Case.objects.open().filter(household=household).exists():
        raise ValidationError(_("Dit huishouden heeft al een open traject."))
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("De meldingsdatum ligt in de toekomst.")})
    try:
        # Two cases opened at the same moment may draw the same number, or
        # both pass the one-open-case check: the constraints decide.
        with transaction.atomic():
            case = Case.objects.create(
                number=_next_number(),
                household=household,
                team=team,
                start_reason=start_reason,
                start_note=start_note.strip(),
                signal=signal,
                reported_on=reported_on,
                investigation_due=terms.investigation_due(reported_on),
                confidentiality=max(
                    household.confidentiality, Case._meta.get_field("confidentiality").default
                ),
            )
    except IntegrityError:
        raise ValidationError(
            _("Er werd tegelijk een ander traject geopend. Probeer het opnieuw.")
        ) from None
    if not Involvement.objects.active().filter(household=household, team=team).exists():
        Involvement.objects.create(
            household=household, team=team, reason=_("traject %(number)s") % {"number": case.number}
        )
    record_event(case, actor, CaseEvent.Kind.OPENED, note=case.get_start_reason_display())
    audit.record(actor, audit.Action.CREATE, case, context)
    return case


@transaction.atomic
def open_from_signal(actor, *, signal, context: AuditContext) -> Case:
    """Convert a signal into a trajectory: the signal must be linked to a
    known household (or person) first, and it closes as 'converted'."""
    from wijknet.signals import services as signal_services

    household = signal.subject_household or (
        signal.subject_person.membership.household
        if signal.subject_person and hasattr(signal.subject_person, "membership")
        else None
    )
    if household is None:
        raise ValidationError(
            _("Koppel de melding eerst aan een bekende inwoner of een huishouden.")
        )
    if signal.team_id is None or signal.team_id not in access.team_ids(actor):
        raise PermissionDenied
    case = open_case(
        actor,
        household=household,
        team=signal.team,
        start_reason=Case.StartReason.SIGNAL,
        reported_on=timezone.localtime(signal.created_at).date(),
        signal=signal,
        context=context,
    )
    signal_services.mark_converted(actor, signal=signal, case=case, context=context)
    return case


@transaction.atomic
def allocate(actor, *, case: Case, coordinator, context: AuditContext) -> Case:
    """The team lead names the coordinator (*regiehouder*): an active member
    of the case's team with a case role."""
    if not access.can(actor, "cases.allocate"):
        raise PermissionDenied
    case = locked(actor, case)
    if coordinator.role not in access.CASE_ROLES or case.team_id not in access.team_ids(
        coordinator
    ):
        raise ValidationError({"coordinator": _("Kies een medewerker van het eigen team.")})
    before = case.coordinator.get_full_name() if case.coordinator else ""
    case.coordinator = coordinator
    case.save(update_fields=["coordinator"])
    record_event(
        case,
        actor,
        CaseEvent.Kind.ALLOCATED,
        before=before[:40],
        after=coordinator.get_full_name()[:40],
    )
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case


@transaction.atomic
def change_phase(actor, *, case: Case, to_phase: str, note: str, context: AuditContext) -> Case:
    case = locked(actor, case)
    try:
        phases.check_transition(case.phase, to_phase)
    except phases.PhaseError:
        raise ValidationError(
            _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
            % {
                "from": case.get_phase_display(),
                "to": dict(Case.Phase.choices).get(to_phase, to_phase),
            }
        ) from None
    if phases.is_backward(case.phase, to_phase) and not note.strip():
        raise ValidationError({"note": _("Geef aan waarom het traject een fase teruggaat.")})
    before = case.phase
    case.phase = to_phase
    case.save(update_fields=["phase"])
    record_event(
        case, actor, CaseEvent.Kind.PHASE, note=note.strip(), before=before, after=to_phase
    )
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case


@transaction.atomic
def request_consultation(
    actor, *, case: Case, team: Team, question: str, consent_given: bool, context: AuditContext
) -> Consultation:
    """Ask another team to think along. The resident's consent to share is
    recorded as a Consent for every household member, which is what lets the
    other team read the case (docs/access-policy.md)."""
    case = locked(actor, case)
    errors = {}
    if team.pk == case.team_id:
        errors["team"] = _("Kies een ander team dan het eigen team.")
    if not question.strip():
        errors["question"] = _("Schrijf de vraag aan het andere team op.")
    if not consent_given:
        errors["consent_given"] = _(
            "Consultatie kan alleen met toestemming van de inwoner om gegevens te delen."
        )
    if errors:
        raise ValidationError(errors)
    first = None
    for member in case.household.members.select_related("person"):
        consent = Consent.objects.create(
            person=member.person,
            purpose=Consent.Purpose.SHARE,
            recorded_by=actor,
            note=_("consultatie traject %(number)s") % {"number": case.number},
        )
        consent.teams.add(team)
        first = first or consent
    consultation = Consultation.objects.create(
        case=case, team=team, question=question.strip(), consent=first, requested_by=actor
    )
    record_event(
        case, actor, CaseEvent.Kind.CONSULTATION, note=question.strip(), after=team.name[:40]
    )
    audit.record(actor, audit.Action.CHANGE, case, context)
    return consultation


@transaction.atomic
def answer_consultation(
    actor, *, consultation: Consultation, answer: str, context: AuditContext
) -> Consultation:
    if consultation.team_id not in access.team_ids(actor) or not access.can(
        actor, "cases.caseload"
    ):
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError({"answer": _("Schrijf een antwoord.")})
    consultation.answer = answer.strip()
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["answer", "answered_at"])
    audit.record(actor, audit.Action.CHANGE, consultation.case, context)
    return consultation


@transaction.atomic
def escalate(actor, *, case: Case, reason: str, context: AuditContext) -> Case:
    """Escalate to the city level (*opschalen*): the case appears on the
    city-wide escalation list for team leads."""
    case = locked(actor, case)
    if case.escalated_at:
        raise ValidationError(_("Dit traject is al opgeschaald."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van opschaling.")})
    case.escalated_at = timezone.now()
    case.escalation_reason = reason.strip()
    case.save(update_fields=["escalated_at", "escalation_reason"])
    record_event(case, actor, CaseEvent.Kind.ESCALATED, note=reason.strip())
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case


@transaction.atomic
def close_case(
    actor,
    *,
    case: Case,
    reason: str,
    aftercare_on: datetime.date | None,
    note: str = "",
    context: AuditContext,
) -> Case:
    case = locked(actor, case)
    errors = {}
    if reason not in Case.CloseReason.values:
        errors["reason"] = _("Kies een reden om af te sluiten.")
    if aftercare_on is None:
        errors["aftercare_on"] = _("Plan een datum voor nazorg.")
    elif aftercare_on < timezone.localdate():
        errors["aftercare_on"] = _("De nazorgdatum ligt in het verleden.")
    if errors:
        raise ValidationError(errors)
    case.closed_at = timezone.now()
    case.close_reason = reason
    case.close_note = note.strip()
    case.aftercare_on = aftercare_on
    case.save(update_fields=["closed_at", "close_reason", "close_note", "aftercare_on"])
    record_event(case, actor, CaseEvent.Kind.CLOSED, note=note.strip(), after=reason)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case


@transaction.atomic
def reopen_case(actor, *, case: Case, note: str, context: AuditContext) -> Case:
    """Reopen a closed case; everything it held stays, and the history
    records the reopening."""
    require_work(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_open:
        raise ValidationError(_("Dit traject is nog open."))
    if not note.strip():
        raise ValidationError({"note": _("Geef aan waarom het traject weer opengaat.")})
    if Case.objects.open().filter(household_id=case.household_id).exists():
        raise ValidationError(_("Dit huishouden heeft al een ander open traject."))
    before = case.close_reason
    case.closed_at = None
    case.close_reason = ""
    case.aftercare_on = None
    case.save(update_fields=["closed_at", "close_reason", "aftercare_on"])
    record_event(case, actor, CaseEvent.Kind.REOPENED, note=note.strip(), before=before)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case
