"""Every write to a case: opening (also from a signal), allocation, phases,
consultation and escalation, closing and reopening, the conversation and its
report, goals, the versioned plan with its ladder rule, the logbook and the
evaluation. Instruments live in ``instruments.py``, applications and
decisions in ``applications.py``.

Each service takes the acting user, checks that the actor's team works on
the case, runs in one transaction and writes an audit row; bad input raises
ValidationError in Dutch and stores nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases import ladder, phases
from wijknet.cases.models import (
    Case,
    CaseEvent,
    Consultation,
    Conversation,
    Evaluation,
    Goal,
    LogEntry,
    PlanComment,
    PlanGoal,
    PlanStep,
    PlanVersion,
    Report,
)
from wijknet.core import access, audit, terms
from wijknet.core.audit import AuditContext
from wijknet.core.models import Role, Team
from wijknet.people.models import Consent, Household, Involvement

STEP_FIELDS = (
    "ladder_level",
    "own_action",
    "others_action",
    "professional_help",
    "wmo_claim",
    "service",
    "network_tie",
    "volunteer_match",
    "order",
)
HEADER_FIELDS = ("drawn_up_on", "evaluation_on", "aids", "providers", "funding")
REASON_FIELDS = {
    ladder.OWN: "reason_own",
    ladder.NETWORK: "reason_network",
    ladder.GENERAL: "reason_general",
    ladder.COLLECTIVE: "reason_collective",
}


class PlanConflict(ValidationError):
    """Someone else changed the plan since the form was opened."""

    def __init__(self):
        super().__init__(
            _(
                "Iemand anders heeft dit plan intussen gewijzigd. Uw wijziging is niet "
                "opgeslagen: bekijk de nieuwe versie en voer uw wijziging opnieuw in."
            ),
            code="conflict",
        )


class GoalConflict(ValidationError):
    """Someone else changed the goal since the form was opened."""

    def __init__(self):
        super().__init__(
            _(
                "Iemand anders heeft dit doel intussen gewijzigd. Uw wijziging is niet "
                "opgeslagen: bekijk het doel zoals het nu is en voer uw wijziging opnieuw in."
            ),
            code="conflict",
        )


def require_work(actor, case: Case) -> None:
    if not access.can_work_on_case(actor, case):
        raise PermissionDenied


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(_("Dit traject is afgesloten. Heropen het om verder te werken."))


def _locked(actor, case: Case) -> Case:
    """The case, locked for this transaction, after the access checks."""
    require_work(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_open(case)
    return case


def _event(case: Case, actor, kind: str, note: str = "", before="", after="") -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, kind=kind, note=note, before=str(before), after=str(after)
    )


def _reach_step(case: Case, actor, step: int) -> None:
    reached = phases.advance_step(case.access_step, step)
    if reached != case.access_step:
        before = case.access_step
        case.access_step = reached
        case.save(update_fields=["access_step"])
        _event(case, actor, CaseEvent.Kind.STEP, before=before, after=reached)


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


# --- Opening, allocation, phases -------------------------------------------


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
    _event(case, actor, CaseEvent.Kind.OPENED, note=case.get_start_reason_display())
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
    case = _locked(actor, case)
    if coordinator.role not in access.CASE_ROLES or case.team_id not in access.team_ids(
        coordinator
    ):
        raise ValidationError({"coordinator": _("Kies een medewerker van het eigen team.")})
    before = case.coordinator.get_full_name() if case.coordinator else ""
    case.coordinator = coordinator
    case.save(update_fields=["coordinator"])
    _event(
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
    case = _locked(actor, case)
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
    _event(case, actor, CaseEvent.Kind.PHASE, note=note.strip(), before=before, after=to_phase)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case


@transaction.atomic
def request_consultation(
    actor, *, case: Case, team: Team, question: str, consent_given: bool, context: AuditContext
) -> Consultation:
    """Ask another team to think along. The resident's consent to share is
    recorded as a Consent for every household member, which is what lets the
    other team read the case (docs/access-policy.md)."""
    case = _locked(actor, case)
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
    _event(case, actor, CaseEvent.Kind.CONSULTATION, note=question.strip(), after=team.name[:40])
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
    case = _locked(actor, case)
    if case.escalated_at:
        raise ValidationError(_("Dit traject is al opgeschaald."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van opschaling.")})
    case.escalated_at = timezone.now()
    case.escalation_reason = reason.strip()
    case.save(update_fields=["escalated_at", "escalation_reason"])
    _event(case, actor, CaseEvent.Kind.ESCALATED, note=reason.strip())
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
    case = _locked(actor, case)
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
    _event(case, actor, CaseEvent.Kind.CLOSED, note=note.strip(), after=reason)
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
    _event(case, actor, CaseEvent.Kind.REOPENED, note=note.strip(), before=before)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return case


# --- Conversation and report -----------------------------------------------


@transaction.atomic
def record_conversation(
    actor, *, case: Case, persons_present=(), context: AuditContext, **fields
) -> Conversation:
    case = _locked(actor, case)
    if not (fields.get("discussed") or "").strip():
        raise ValidationError({"discussed": _("Schrijf op wat er is besproken.")})
    if fields.get("held_on") and fields["held_on"] > timezone.localdate():
        raise ValidationError({"held_on": _("Een gesprek kan niet in de toekomst zijn gevoerd.")})
    household_persons = set(case.household.members.values_list("person_id", flat=True))
    if any(person.pk not in household_persons for person in persons_present):
        raise ValidationError({"persons_present": _("Kies alleen leden van het huishouden.")})
    conversation = Conversation.objects.create(case=case, author=actor, **fields)
    conversation.persons_present.set(persons_present)
    _reach_step(case, actor, phases.CONVERSATION)
    audit.record(actor, audit.Action.CREATE, case, context)
    return conversation


@transaction.atomic
def write_report(
    actor, *, conversation: Conversation, support_need: str, arrangement: str, context
) -> Report:
    """Write or change the report. Changing it withdraws both agreements:
    what was agreed to is no longer what it says."""
    _locked(actor, conversation.case)
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
    _locked(actor, report.conversation.case)
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
        _locked(actor, case)
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


# --- Goals ------------------------------------------------------------------


@transaction.atomic
def save_goal(
    actor, *, case: Case, goal: Goal | None = None, revision: int | None = None, context, **fields
) -> Goal:
    """Add a goal, or change one: a change names the goal's ``revision``
    the form was opened on and is refused when someone else changed the
    goal since. Either way the actor has written the plan (a plan event),
    so they may not decide its applications. A set plan keeps the wording
    it was set with (``PlanGoal.goal_title``)."""
    case = _locked(actor, case)
    if not (fields.get("title") or "").strip():
        raise ValidationError({"title": _("Beschrijf het resultaat dat de inwoner wil bereiken.")})
    wish = fields.get("wish")
    if wish is not None and wish.profile.case_id != case.pk:
        raise ValidationError({"wish": _("Kies een wens uit het profiel van dit traject.")})
    if fields.get("target_level") and not fields.get("matrix_domain"):
        raise ValidationError(
            {"matrix_domain": _("Kies het matrixdomein waar het doelniveau bij hoort.")}
        )
    if goal is None:
        fields.setdefault("order", case.goals.count() + 1)
        goal = Goal.objects.create(case=case, **fields)
        note = _("doel toegevoegd")
    else:
        if goal.case_id != case.pk:
            raise PermissionDenied
        if revision is None:
            raise GoalConflict
        claimed = Goal.objects.filter(pk=goal.pk, case=case, revision=revision).update(
            revision=F("revision") + 1
        )
        if not claimed:
            raise GoalConflict
        goal = Goal.objects.get(pk=goal.pk)
        for name, value in fields.items():
            setattr(goal, name, value)
        goal.save()
        note = _("doel gewijzigd")
    _event(case, actor, CaseEvent.Kind.PLAN, note=f"{note}: {goal.title}")
    audit.record(actor, audit.Action.CHANGE, case, context)
    return goal


# --- The plan ---------------------------------------------------------------


def set_version(case: Case) -> PlanVersion | None:
    """The plan the resident sees: the newest set version."""
    return case.plan_versions.filter(status=PlanVersion.Status.SET).order_by("-number").first()


def plan_authors(case: Case) -> set[int]:
    """Everyone who wrote any version of this case's plan."""
    created = set(case.plan_versions.values_list("created_by_id", flat=True))
    edited = set(case.events.filter(kind=CaseEvent.Kind.PLAN).values_list("actor_id", flat=True))
    return (created | edited) - {None}


def _bump(actor, version: PlanVersion, revision: int, note: str) -> PlanVersion:
    """Claim the version at the revision the form was opened on; someone
    else's change since then wins and this one is refused."""
    if not version.is_draft:
        raise ValidationError(
            _("Deze versie is vastgesteld. Begin een nieuwe versie om te wijzigen.")
        )
    claimed = PlanVersion.objects.filter(
        pk=version.pk, revision=revision, status=PlanVersion.Status.DRAFT
    ).update(revision=F("revision") + 1)
    if not claimed:
        raise PlanConflict
    version.refresh_from_db()
    _event(version.case, actor, CaseEvent.Kind.PLAN, note=note, after=f"v{version.number}")
    return version


@transaction.atomic
def start_plan(actor, *, case: Case, context: AuditContext) -> PlanVersion:
    """The first version, or a new draft copied from the set version."""
    case = _locked(actor, case)
    if case.plan_versions.filter(status=PlanVersion.Status.DRAFT).exists():
        raise ValidationError(_("Er is al een conceptversie van het plan."))
    previous = set_version(case)
    version = _copy(actor, case, previous)
    _reach_step(case, actor, phases.DRAFTING)
    _event(case, actor, CaseEvent.Kind.PLAN, note=_("nieuwe versie"), after=f"v{version.number}")
    audit.record(actor, audit.Action.CREATE, case, context)
    return version


def _copy(actor, case: Case, previous: PlanVersion | None, **header) -> PlanVersion:
    number = (
        case.plan_versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    fields = {name: getattr(previous, name) for name in HEADER_FIELDS} if previous else {}
    fields.update(header)
    fields["drawn_up_on"] = timezone.localdate()
    version = PlanVersion.objects.create(case=case, number=number, created_by=actor, **fields)
    if previous is None:
        for goal in case.goals.filter(reached_on__isnull=True):
            PlanGoal.objects.create(version=version, goal=goal)
        return version
    for plan_goal in previous.plan_goals.prefetch_related("steps"):
        copy = PlanGoal.objects.create(
            version=version,
            goal=plan_goal.goal,
            **{name: getattr(plan_goal, name) for name in REASON_FIELDS.values()},
        )
        PlanStep.objects.bulk_create(
            PlanStep(
                plan_goal=copy, **{name: getattr(step, name) for name in STEP_FIELDS + ("done_on",)}
            )
            for step in plan_goal.steps.all()
        )
    return version


def _draft(case: Case, version_id: int) -> PlanVersion:
    try:
        return case.plan_versions.get(pk=version_id)
    except PlanVersion.DoesNotExist:
        raise PermissionDenied from None


@transaction.atomic
def update_plan_header(
    actor, *, case: Case, version: PlanVersion, revision: int, context: AuditContext, **fields
) -> PlanVersion:
    case = _locked(actor, case)
    version = _draft(case, version.pk)
    evaluation_on = fields.get("evaluation_on")
    if evaluation_on and evaluation_on < fields.get("drawn_up_on", version.drawn_up_on):
        raise ValidationError(
            {"evaluation_on": _("De evaluatiedatum ligt voor de opstellingsdatum.")}
        )
    version = _bump(actor, version, revision, _("kop van het plan"))
    for name in HEADER_FIELDS:
        if name in fields:
            setattr(version, name, fields[name])
    version.save()
    audit.record(actor, audit.Action.CHANGE, case, context)
    return version


@transaction.atomic
def add_goal_to_plan(
    actor, *, case: Case, version: PlanVersion, goal: Goal, revision: int, context
) -> PlanGoal:
    case = _locked(actor, case)
    version = _draft(case, version.pk)
    if goal.case_id != case.pk:
        raise PermissionDenied
    if version.plan_goals.filter(goal=goal).exists():
        raise ValidationError(_("Dit doel staat al in het plan."))
    _bump(actor, version, revision, _("doel toegevoegd"))
    plan_goal = PlanGoal.objects.create(version=version, goal=goal)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return plan_goal


@transaction.atomic
def set_reasons(
    actor, *, case: Case, plan_goal: PlanGoal, revision: int, reasons: dict[str, str], context
) -> PlanGoal:
    """Record why each inner ring falls short for this goal. Clearing a
    reason that an individual step relies on is refused."""
    case = _locked(actor, case)
    version = _draft(case, plan_goal.version_id)
    plan_goal = version.plan_goals.get(pk=plan_goal.pk)
    new = {level: (reasons.get(level) or "").strip() for level in ladder.INNER}
    levels = plan_goal.steps.values_list("ladder_level", flat=True)
    _check_ladder(levels, new)
    _bump(actor, version, revision, _("redenen trede"))
    for level, field in REASON_FIELDS.items():
        setattr(plan_goal, field, new[level])
    plan_goal.save()
    audit.record(actor, audit.Action.CHANGE, case, context)
    return plan_goal


def ladder_message(missing: tuple[str, ...]) -> str:
    from wijknet.cases.models import LadderLevel

    names = ", ".join(str(LadderLevel(level).label) for level in missing)
    return _(
        "Een individuele voorziening kan pas als het plan voor dit doel vastlegt waarom "
        "de binnenste treden tekortschieten. Nog geen reden bij: %(levels)s."
    ) % {"levels": names}


def _check_ladder(levels, reasons) -> None:
    try:
        ladder.check_goal(levels, reasons)
    except ladder.LadderError as error:
        raise ValidationError({"ladder_level": ladder_message(error.missing)}) from None


@transaction.atomic
def save_step(
    actor,
    *,
    case: Case,
    plan_goal: PlanGoal,
    revision: int,
    step: PlanStep | None = None,
    context: AuditContext,
    **fields,
) -> PlanStep:
    case = _locked(actor, case)
    version = _draft(case, plan_goal.version_id)
    plan_goal = version.plan_goals.get(pk=plan_goal.pk)
    level = fields.get("ladder_level")
    if level not in ladder.LEVELS:
        raise ValidationError({"ladder_level": _("Kies een trede van de ladder.")})
    if not any(
        (fields.get(name) or "").strip()
        for name in ("own_action", "others_action", "professional_help", "wmo_claim")
    ):
        raise ValidationError(_("Vul minstens één kolom van de stap in."))
    others = plan_goal.steps.exclude(pk=step.pk if step else None)
    _check_ladder([*others.values_list("ladder_level", flat=True), level], plan_goal.reasons)
    _bump(actor, version, revision, _("stap"))
    if step is None:
        fields.setdefault("order", plan_goal.steps.count() + 1)
        step = PlanStep.objects.create(plan_goal=plan_goal, **fields)
    else:
        step = plan_goal.steps.get(pk=step.pk)
        for name, value in fields.items():
            setattr(step, name, value)
        step.save()
    audit.record(actor, audit.Action.CHANGE, case, context)
    return step


@transaction.atomic
def delete_step(actor, *, case: Case, step: PlanStep, revision: int, context) -> None:
    case = _locked(actor, case)
    version = _draft(case, step.plan_goal.version_id)
    _bump(actor, version, revision, _("stap verwijderd"))
    PlanStep.objects.filter(pk=step.pk, plan_goal__version=version).delete()
    audit.record(actor, audit.Action.CHANGE, case, context)


@transaction.atomic
def set_plan(actor, *, case: Case, version: PlanVersion, revision: int, context) -> PlanVersion:
    """Set (*vaststellen*) the draft: it must have a goal, a step for every
    goal, an evaluation date, and keep the ladder rule."""
    case = _locked(actor, case)
    version = _draft(case, version.pk)
    problems = []
    plan_goals = list(version.plan_goals.select_related("goal").prefetch_related("steps"))
    if not plan_goals:
        problems.append(_("Het plan heeft nog geen doel."))
    if version.evaluation_on is None:
        problems.append(_("Kies een evaluatiedatum."))
    for plan_goal in plan_goals:
        levels = [step.ladder_level for step in plan_goal.steps.all()]
        if not levels:
            problems.append(
                _("Het doel '%(goal)s' heeft nog geen stap.") % {"goal": plan_goal.goal.title}
            )
        try:
            ladder.check_goal(levels, plan_goal.reasons)
        except ladder.LadderError as error:
            problems.append(f"{plan_goal.goal.title}: {ladder_message(error.missing)}")
    if problems:
        raise ValidationError(problems)
    version = _bump(actor, version, revision, _("vastgesteld"))
    case.plan_versions.filter(status=PlanVersion.Status.SET).update(
        status=PlanVersion.Status.SUPERSEDED
    )
    version.status = PlanVersion.Status.SET
    version.set_at = timezone.now()
    version.save(update_fields=["status", "set_at"])
    # The set version keeps the goals' wording as it is now.
    for plan_goal in plan_goals:
        plan_goal.take_snapshot()
    PlanGoal.objects.bulk_update(plan_goals, ["goal_title", "goal_preferences", "goal_result_area"])
    # A plan with an individual provision is checked by the municipality
    # first (step 5); a plan without one is carried out straight away.
    has_individual = any(
        step.ladder_level == ladder.INDIVIDUAL for pg in plan_goals for step in pg.steps.all()
    )
    _reach_step(case, actor, phases.CHECKING if has_individual else phases.CARRYING_OUT)
    audit.record(actor, audit.Action.CHANGE, case, context)
    return version


@transaction.atomic
def comment_on_plan(actor, *, version: PlanVersion, text: str, context) -> PlanComment:
    """The resident comments on the set plan in the portal."""
    if (
        actor.role != Role.RESIDENT
        or not access.visible_cases(actor, Case.objects.filter(pk=version.case_id)).exists()
    ):
        raise PermissionDenied
    if version.status != PlanVersion.Status.SET:
        raise ValidationError(_("U kunt alleen reageren op het vastgestelde plan."))
    if not text.strip():
        raise ValidationError({"text": _("Schrijf uw opmerking.")})
    comment = PlanComment.objects.create(version=version, author=actor, text=text.strip())
    audit.record(actor, audit.Action.CHANGE, version.case, context)
    return comment


# --- Carrying out and evaluating --------------------------------------------


@transaction.atomic
def add_log_entry(actor, *, case: Case, context: AuditContext, **fields) -> LogEntry:
    case = _locked(actor, case)
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
    case = _locked(actor, case)
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
    new_version = _copy(actor, case, evaluated, evaluation_on=next_evaluation_on)
    evaluation = Evaluation.objects.create(
        case=case, plan_version=evaluated, author=actor, new_version=new_version, **fields
    )
    _event(case, actor, CaseEvent.Kind.PLAN, note=_("evaluatie"), after=f"v{new_version.number}")
    _reach_step(case, actor, phases.MEASURING)
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
