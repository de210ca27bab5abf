"""Every write to signals: intake on any channel, triage, band override,
routing, the signalling cycle, IAO and feedback, and pseudonymisation. Each
service takes the acting user (None for the public form) and runs in one
transaction; bad input raises ValidationError in Dutch and stores nothing."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access, audit, deadlines
from wijknet.core.audit import AuditContext
from wijknet.core.models import Holiday, Team
from wijknet.core.selectors import neighbourhood_for_postcode
from wijknet.core.validators import normalise_postcode
from wijknet.signals import urgency, workflow
from wijknet.signals.models import RiskGroup, Signal, SignalEvent, UrgencyBand

# Text fields take plain text: anything that looks like markup is refused.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")

TEXT_FIELDS = (
    "reporter_name",
    "reporter_phone",
    "subject_description",
    "subject_street",
    "subject_house_number",
    "description",
)


@dataclass(frozen=True)
class Items:
    """Urgency items as entered; all five or none."""

    nature_safety: int | None = None
    nature_health: int | None = None
    nature_welfare: int | None = None
    extent: str = ""
    duration: str = ""

    @property
    def given(self) -> list:
        return [
            v
            for v in (self.nature_safety, self.nature_health, self.nature_welfare)
            if v is not None
        ] + [v for v in (self.extent, self.duration) if v]

    def to_urgency(self) -> urgency.UrgencyItems:
        return urgency.UrgencyItems(
            nature_safety=self.nature_safety,
            nature_health=self.nature_health,
            nature_welfare=self.nature_welfare,
            extent=self.extent,
            duration=self.duration,
        )


def band_for_score(score: int) -> UrgencyBand:
    """The configured band for a total; misconfigured bands are an error
    that the admin also warns about."""
    bands = list(UrgencyBand.objects.all())
    rules = [band.rule for band in bands]
    urgency.check_bands(rules)
    rule = urgency.band_for(score, rules)
    return next(b for b in bands if b.code == rule.code)


def _deadline(start: datetime.date, band: UrgencyBand) -> datetime.date:
    holidays = set(
        Holiday.objects.filter(
            date__gte=start, date__lte=start + datetime.timedelta(days=90)
        ).values_list("date", flat=True)
    )
    return deadlines.add_working_days(start, band.deadline_working_days, holidays)


def route_team(signal: Signal) -> Team | None:
    """The team that serves the subject's neighbourhood; None sends the
    signal to the report point's own queue."""
    if signal.neighbourhood_id is None:
        return None
    return Team.objects.filter(neighbourhoods=signal.neighbourhood_id).order_by("id").first()


def _event(signal, actor, kind, note="", from_status="", to_status="") -> None:
    SignalEvent.objects.create(
        signal=signal,
        actor=actor,
        kind=kind,
        note=note,
        from_status=from_status,
        to_status=to_status,
    )


def _validate_text(data: dict) -> dict:
    errors = {}
    for name in TEXT_FIELDS:
        if _MARKUP.search(data.get(name) or ""):
            errors[name] = _("Gebruik gewone tekst, zonder HTML-code.")
    return errors


def _apply_items(signal: Signal, items: Items) -> dict:
    """Score the items onto the signal; return errors instead of raising."""
    if not items.given:
        return {}
    try:
        scored = items.to_urgency()
    except urgency.UrgencyError:
        return {
            "urgency": _(
                "Vul alle vijf onderdelen van de urgentie in: veiligheid, gezondheid en "
                "welzijn (0, 1 of 2), de omvang en de duur."
            )
        }
    signal.nature_safety = scored.nature_safety
    signal.nature_health = scored.nature_health
    signal.nature_welfare = scored.nature_welfare
    signal.extent = scored.extent
    signal.duration = scored.duration
    signal.urgency_score = scored.score
    signal.computed_band = signal.band = band_for_score(scored.score)
    signal.override_reason = ""
    return {}


def _after_triage(signal: Signal, actor, start: datetime.date) -> None:
    signal.deadline = _deadline(start, signal.band)
    if signal.band.urgent_consultation and signal.urgent_consultation_at is None:
        signal.urgent_consultation_at = timezone.now()
        _event(signal, actor, SignalEvent.Kind.URGENT, _("Crisis: naar het spoedberaad."))


@transaction.atomic
def submit_signal(
    actor,
    *,
    channel: str,
    reporter_type: str,
    description: str,
    items: Items = Items(),
    risk_flags: list[str] = (),
    context: AuditContext | None = None,
    **fields,
) -> Signal:
    """Take in a signal from any channel. With urgency items it is triaged
    at once (partner systems, intake staff); without, it waits for intake."""
    if channel != Signal.Channel.PUBLIC_FORM and not access.can(actor, "signals.report"):
        raise PermissionDenied
    if channel in (Signal.Channel.PHONE, Signal.Channel.EMAIL, Signal.Channel.WALK_IN) and not (
        access.can(actor, "signals.intake")
    ):
        raise PermissionDenied
    signal = Signal(
        channel=channel,
        reporter_type=reporter_type,
        description=(description or "").strip(),
        risk_flags=list(dict.fromkeys(risk_flags)),
        entered_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )
    errors = _validate_text({"description": signal.description, **fields})
    unknown = set(signal.risk_flags) - set(RiskGroup.values)
    if unknown:
        errors["risk_flags"] = _("Onbekende risicogroep: %(flags)s") % {
            "flags": ", ".join(sorted(unknown))
        }
    if signal.subject_postcode:
        try:
            signal.subject_postcode = normalise_postcode(signal.subject_postcode)
        except ValidationError as error:
            errors["subject_postcode"] = error.messages
    errors.update(_apply_items(signal, items))
    try:
        signal.full_clean(exclude=["reporter_token"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)

    if signal.subject_person_id and signal.subject_person.neighbourhood_id:
        signal.neighbourhood_id = signal.subject_person.neighbourhood_id
    elif signal.subject_postcode:
        signal.neighbourhood = neighbourhood_for_postcode(signal.subject_postcode)
    signal.team = route_team(signal)
    if signal.band is not None:
        signal.status = workflow.ASSESS
    signal.save()
    _event(signal, actor, SignalEvent.Kind.RECEIVED, signal.get_channel_display())
    if signal.team is not None:
        _event(signal, actor, SignalEvent.Kind.ROUTED, signal.team.name)
    if signal.band is not None:
        _event(signal, actor, SignalEvent.Kind.TRIAGED, _score_note(signal))
        _after_triage(signal, actor, timezone.localdate())
        signal.save(update_fields=["deadline", "urgent_consultation_at"])
        _send_feedback_if_due(signal, actor)
    if context is not None and actor is not None:
        audit.record(actor, audit.Action.CREATE, signal, context)
    return signal


def _score_note(signal: Signal) -> str:
    return _("score %(score)s: %(band)s") % {"score": signal.urgency_score, "band": signal.band}


def _require(actor, capability: str, signal: Signal) -> None:
    if not access.can(actor, capability) or not (
        Signal.objects.visible_to(actor).filter(pk=signal.pk).exists()
    ):
        raise PermissionDenied


def _require_open(signal: Signal) -> None:
    if not signal.is_open:
        raise ValidationError(_("Deze melding is afgesloten en kan niet meer worden gewijzigd."))


@transaction.atomic
def triage(actor, *, signal: Signal, items: Items, context: AuditContext) -> Signal:
    _require(actor, "signals.triage", signal)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if not signal.is_open:
        raise ValidationError(_("Een afgesloten melding kan niet opnieuw beoordeeld worden."))
    if not items.given:
        raise ValidationError({"urgency": _("Vul de urgentie in.")})
    errors = _apply_items(signal, items)
    if errors:
        raise ValidationError(errors)
    before = signal.status
    if signal.status == workflow.NOTICE:
        signal.status = workflow.ASSESS
    _event(signal, actor, SignalEvent.Kind.TRIAGED, _score_note(signal), before, signal.status)
    _after_triage(signal, actor, timezone.localdate(signal.created_at))
    signal.save()
    _send_feedback_if_due(signal, actor)
    audit.record(actor, audit.Action.CHANGE, signal, context)
    return signal


@transaction.atomic
def override_band(
    actor, *, signal: Signal, band: UrgencyBand, reason: str, context: AuditContext
) -> Signal:
    """The schema supports the professional's judgement and does not replace
    it: a band may be changed, with a reason that is kept."""
    _require(actor, "signals.triage", signal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef aan waarom u van de berekende band afwijkt.")})
    if _MARKUP.search(reason):
        raise ValidationError({"reason": _("Gebruik gewone tekst, zonder HTML-code.")})
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require_open(signal)
    if signal.computed_band_id is None:
        raise ValidationError(_("Bepaal eerst de urgentie."))
    previous = signal.band
    signal.band = band
    signal.override_reason = reason
    _event(
        signal,
        actor,
        SignalEvent.Kind.OVERRIDE,
        _("%(old)s → %(new)s: %(reason)s") % {"old": previous, "new": band, "reason": reason},
    )
    _after_triage(signal, actor, timezone.localdate(signal.created_at))
    signal.save()
    _send_feedback_if_due(signal, actor)
    audit.record(actor, audit.Action.CHANGE, signal, context)
    return signal


def _check_transition(signal: Signal, to_status: str) -> None:
    try:
        workflow.check_transition(signal.status, to_status)
    except workflow.TransitionError:
        raise ValidationError(
            _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
            % {
                "from": signal.get_status_display(),
                "to": dict(Signal.Status.choices).get(to_status, to_status),
            }
        ) from None


def _only_with_its_case() -> ValidationError:
    return ValidationError(
        _("Zet de melding om met 'Traject openen': dan ontstaat het ondersteuningstraject.")
    )


def _set_status(signal: Signal, actor, to_status: str, note: str, context: AuditContext) -> None:
    before = signal.status
    signal.status = to_status
    if to_status in workflow.FINAL:
        signal.closed_at = timezone.now()
    signal.save()
    _event(signal, actor, SignalEvent.Kind.STATUS, note, before, to_status)
    audit.record(actor, audit.Action.CHANGE, signal, context)


@transaction.atomic
def change_status(
    actor, *, signal: Signal, to_status: str, note: str = "", context: AuditContext
) -> Signal:
    """Move the signal along the cycle. Converting into a support trajectory
    is not a step of its own: it happens only together with opening the
    case, through ``mark_converted``, so no signal ends up 'converted'
    without its case."""
    _require(actor, "signals.triage", signal)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _check_transition(signal, to_status)
    if to_status == workflow.CONVERTED:
        raise _only_with_its_case()
    if _MARKUP.search(note or ""):
        raise ValidationError({"note": _("Gebruik gewone tekst, zonder HTML-code.")})
    _set_status(signal, actor, to_status, note, context)
    return signal


@transaction.atomic
def mark_converted(actor, *, signal: Signal, case, context: AuditContext) -> Signal:
    """Close the signal as converted into the support trajectory ``case``,
    which the caller (``cases.services.open_from_signal``) has just opened
    from it in the same transaction. Signals cannot import cases, so it
    checks what it can see: the case is saved and links to this signal."""
    _require(actor, "signals.triage", signal)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _check_transition(signal, workflow.CONVERTED)
    if (
        case.pk is None
        or case.signal_id != signal.pk
        or not Signal.objects.filter(pk=signal.pk, case=case.pk).exists()
    ):
        raise _only_with_its_case()
    _set_status(
        signal, actor, workflow.CONVERTED, _("omgezet in een ondersteuningstraject"), context
    )
    return signal


@transaction.atomic
def assign_team(actor, *, signal: Signal, team: Team | None, context: AuditContext) -> Signal:
    _require(actor, "signals.triage", signal)
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require_open(signal)
    signal.team = team
    signal.save(update_fields=["team"])
    _event(signal, actor, SignalEvent.Kind.ROUTED, team.name if team else _("meldpunt"))
    audit.record(actor, audit.Action.CHANGE, signal, context)
    return signal


@transaction.atomic
def record_iao(actor, *, signal: Signal, note: str, context: AuditContext) -> Signal:
    """Record the information, advice and support given to the reporter."""
    _require(actor, "signals.triage", signal)
    _require_open(signal)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Beschrijf kort welke informatie of welk advies u gaf.")})
    if _MARKUP.search(note):
        raise ValidationError({"note": _("Gebruik gewone tekst, zonder HTML-code.")})
    _event(signal, actor, SignalEvent.Kind.IAO, note)
    audit.record(actor, audit.Action.CHANGE, signal, context)
    return signal


@transaction.atomic
def link_subject(actor, *, signal: Signal, pseudonym: str, context: AuditContext) -> Signal:
    """Link the signal to a resident the actor's team already knows, by the
    resident's pseudonymous code: no names travel through the report point."""
    from wijknet.people.models import Person

    _require(actor, "signals.triage", signal)
    person = (
        Person.objects.visible_to(actor)
        .select_related("membership")
        .filter(pseudonym=(pseudonym or "").strip().upper())
        .first()
    )
    if person is None:
        raise ValidationError({"pseudonym": _("Uw team kent geen inwoner met dit pseudoniem.")})
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require_open(signal)
    signal.subject_person = person
    membership = getattr(person, "membership", None)
    signal.subject_household_id = membership.household_id if membership else None
    signal.save(update_fields=["subject_person", "subject_household"])
    _event(
        signal,
        actor,
        SignalEvent.Kind.ROUTED,
        _("gekoppeld aan %(code)s") % {"code": person.pseudonym},
    )
    audit.record(actor, audit.Action.CHANGE, signal, context)
    return signal


def status_url(signal: Signal) -> str:
    return reverse("signals:status", args=[signal.reporter_token])


def _send_feedback_if_due(signal: Signal, actor) -> None:
    """E-mail the reporter once, when the band asks for feedback. The text
    says that action is taken, and nothing about the person concerned."""
    if not (signal.band and signal.band.feedback_required and signal.reporter_email):
        return
    if signal.events.filter(kind=SignalEvent.Kind.FEEDBACK).exists():
        return
    from wijknet.signals.tasks import send_feedback_email

    signal_id = signal.pk
    transaction.on_commit(lambda: send_feedback_email.enqueue(signal_id))
    _event(signal, actor, SignalEvent.Kind.FEEDBACK, _("e-mail met statuslink verstuurd"))


def feedback_email(signal: Signal) -> tuple[str, str]:
    """Subject and body of the feedback to a reporter: that action is being
    taken, and how to follow it; nothing about the person concerned."""
    base = settings.WIJKNET_SITE_URL.rstrip("/")
    body = _(
        "Bedankt voor uw melding bij het meldpunt. Wij hebben uw melding beoordeeld en "
        "ondernemen actie. Om de privacy van de betrokkene te beschermen, kunnen wij u "
        "geen details geven.\n\nU kunt de voortgang volgen via: %(url)s"
    ) % {"url": f"{base}{status_url(signal)}"}
    return _("Uw melding wordt opgepakt"), body


REMOVED = "[verwijderd]"


def pseudonymise_closed_signals(*, now: datetime.datetime | None = None) -> int:
    """Remove reporter and subject details from signals closed longer than
    the retention period that did not become a case. Counts stay."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.WIJKNET_SIGNAL_RETENTION_DAYS)
    due = Signal.objects.filter(
        status=workflow.CLOSED, closed_at__lt=cutoff, pseudonymised_at__isnull=True
    )
    done = 0
    while True:
        ids = list(due.values_list("id", flat=True)[:500])
        if not ids:
            break
        with transaction.atomic():
            Signal.objects.filter(id__in=ids).update(
                reporter_name="",
                reporter_email="",
                reporter_phone="",
                subject_person=None,
                subject_household=None,
                subject_description="",
                subject_street="",
                subject_house_number="",
                subject_postcode="",
                description=REMOVED,
                override_reason="",
                pseudonymised_at=now,
            )
            SignalEvent.objects.filter(signal_id__in=ids).exclude(note="").update(note="")
            SignalEvent.objects.bulk_create(
                SignalEvent(signal_id=pk, kind=SignalEvent.Kind.PSEUDONYMISED) for pk in ids
            )
        done += len(ids)
    return done
