"""Applications (*aanvragen*) for an individual provision, the assessor's
decision (*beschikking*), objections (*bezwaar*) and the legal deadlines.

An application is drawn up by the case's team from the set plan, with the
seven elements of seed 002:1768-1796, and sent to the municipality. A Wmo
assessor decides on it. Intake and assessment are separate roles
(001:4315-4339): whoever wrote any version of the plan, or drew up the
application, never decides on it.

Services take the acting user first, run in one transaction, raise
ValidationError in Dutch by field and write an audit row; the lists narrow
through ``core.access`` and log every row they show.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijknet.cases import phases
from wijknet.cases.models import (
    Application,
    Case,
    CaseEvent,
    Decision,
    Objection,
    PlanGoal,
    PlanStep,
    PlanVersion,
    Report,
)
from wijknet.cases.services.plan import plan_authors, set_version
from wijknet.cases.services.shared import locked, reach_step, record_event, require_work
from wijknet.core import access, audit, deadlines, terms
from wijknet.core.audit import AuditContext
from wijknet.core.models import LadderLevel
from wijknet.core.pagination import KeysetPage, keyset_page

PAGE_SIZE = 25
# The overdue lists show the oldest few; the queue below them has them all.
OVERDUE_LIMIT = 25

# The General Administrative Law Act (Awb 6:7) gives six weeks to object,
# counted from the day after the decision was made known. This is law, not
# local policy, so it is not a setting.

# The seven elements (seed 002:1768-1796), in order, with their Dutch names.
# The seventh is optional: there is not always a new solution.
ELEMENTS = (
    ("problems", gettext_lazy("de problemen")),
    ("analysis", gettext_lazy("een probleemanalyse")),
    ("direction", gettext_lazy("de gekozen oplossingsrichting en waarom")),
    ("intended_results", gettext_lazy("de beoogde resultaten")),
    ("measures", gettext_lazy("de gekozen maatregelen en waarom")),
    ("form", gettext_lazy("de vorm: in natura of als persoonsgebonden budget (pgb)")),
    ("new_solution", gettext_lazy("eventueel een nieuwe oplossing")),
)
OPTIONAL_ELEMENTS = frozenset({"new_solution"})
EDIT_FIELDS = ("applicant", "provision", *(name for name, _label in ELEMENTS))


def objection_due(decision: Decision, term: deadlines.Term | None = None) -> datetime.date:
    """The last day an objection is in time. A page that shows many
    decisions reads the term once and passes it."""
    return deadlines.due(decision.decided_on, term or terms.term(deadlines.OBJECTION))


def missing_elements(application: Application) -> list[str]:
    """The Dutch names of the elements still empty, in the order of the
    application. The optional seventh says that it is optional."""
    missing = []
    for name, label in ELEMENTS:
        if (getattr(application, name) or "").strip():
            continue
        if name in OPTIONAL_ELEMENTS:
            missing.append(_("%(element)s (niet verplicht)") % {"element": label})
        else:
            missing.append(str(label))
    return missing


def _missing_required(application: Application) -> list[str]:
    return [
        str(label)
        for name, label in ELEMENTS
        if name not in OPTIONAL_ELEMENTS and not (getattr(application, name) or "").strip()
    ]


def application_authors(case: Case) -> set[int]:
    """Everyone who drew up or changed an application of this case."""
    created = set(case.applications.values_list("created_by_id", flat=True))
    edited = set(
        case.events.filter(kind=CaseEvent.Kind.APPLICATION).values_list("actor_id", flat=True)
    )
    return (created | edited) - {None}


def is_plan_author(actor, application: Application) -> bool:
    """Separation of duties: whoever wrote the plan (a version, a change to
    it or a goal) or wrote an application of the case (drew it up or filled
    in its elements) may not decide on it."""
    case = application.case
    return (
        actor.pk == application.created_by_id
        or actor.pk in plan_authors(case)
        or actor.pk in application_authors(case)
    )


def _individual_steps(version: PlanVersion) -> list[PlanStep]:
    return list(
        version.individual_steps()
        .select_related("plan_goal__goal")
        .order_by("plan_goal__goal__order", "plan_goal__goal_id", "order", "id")
    )


def _latest_report(case: Case) -> Report | None:
    return (
        Report.objects.filter(conversation__case=case)
        .order_by("-conversation__held_on", "-conversation_id")
        .first()
    )


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines if line)


def _direction(plan_goals: list[PlanGoal], goal_ids: set[int]) -> str:
    """Why the inner rings fall short, per goal that needs an individual
    provision: the reasoning the ladder rule made the plan write down."""
    parts = []
    for plan_goal in plan_goals:
        if plan_goal.goal_id not in goal_ids:
            continue
        reasons = [
            f"{LadderLevel(level).label}: {text.strip()}"
            for level, text in plan_goal.reasons.items()
            if (text or "").strip()
        ]
        parts.append(
            _("Doel '%(goal)s'. Waarom de binnenste treden tekortschieten:")
            % {"goal": plan_goal.title}
            + "\n"
            + _bullets(reasons)
        )
    return "\n\n".join(parts)


def _measures(steps: list[PlanStep]) -> str:
    lines = []
    for step in steps:
        what = "; ".join(
            text.strip() for text in (step.wmo_claim, step.professional_help) if text.strip()
        )
        if what:
            lines.append(f"{step.plan_goal.title}: {what}")
    return _bullets(lines)


def _provision(step: PlanStep) -> str:
    text = (step.wmo_claim or step.professional_help or "").strip()
    first_line = text.splitlines()[0] if text else ""
    return first_line[:200]


def _check_applicant(case: Case, applicant) -> None:
    if applicant is None or not case.household.members.filter(person_id=applicant.pk).exists():
        raise ValidationError({"applicant": _("Kies een lid van het huishouden als aanvrager.")})


@transaction.atomic
def draft_from_plan(actor, *, case: Case, context: AuditContext, applicant=None) -> Application:
    """Draw up an application from the case's set plan. The plan must hold
    a step at the individual level: only then is an application needed.
    The elements are filled in from the report and the plan; the
    professional completes and checks them before submitting."""
    case = locked(actor, case)
    version = set_version(case)
    if version is None:
        raise ValidationError(
            _("Er is nog geen vastgesteld plan. Een aanvraag volgt uit het vastgestelde plan.")
        )
    steps = _individual_steps(version)
    if not steps:
        raise ValidationError(
            _(
                "Het vastgestelde plan heeft geen stap op het niveau 'individuele voorziening'. "
                "Een aanvraag is alleen nodig voor een individuele voorziening."
            )
        )
    if applicant is None:
        member = case.household.members.select_related("person").order_by("id").first()
        applicant = member.person if member else None
    _check_applicant(case, applicant)
    plan_goals = list(version.plan_goals.select_related("goal"))
    report = _latest_report(case)
    application = Application.objects.create(
        case=case,
        plan_version=version,
        applicant=applicant,
        created_by=actor,
        provision=_provision(steps[0]),
        problems=report.support_need if report else "",
        intended_results=_bullets(plan_goal.title for plan_goal in plan_goals),
        measures=_measures(steps),
        direction=_direction(plan_goals, {step.plan_goal.goal_id for step in steps}),
    )
    record_event(case, actor, CaseEvent.Kind.APPLICATION, note=_("aanvraag opgesteld"))
    audit.record(actor, audit.Action.CREATE, application, context)
    return application


def _locked_draft(actor, application: Application) -> Application:
    locked(actor, application.case)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("Deze aanvraag is al ingediend en kan niet meer worden gewijzigd."))
    return application


@transaction.atomic
def update_application(
    actor, *, application: Application, context: AuditContext, **fields
) -> Application:
    """Change a draft: the applicant, the provision and the seven elements."""
    application = _locked_draft(actor, application)
    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise ValueError(f"not an application field: {', '.join(sorted(unknown))}")
    if "applicant" in fields:
        _check_applicant(application.case, fields["applicant"])
    if "provision" in fields and not (fields["provision"] or "").strip():
        raise ValidationError({"provision": _("Noem de voorziening die wordt aangevraagd.")})
    if fields.get("form") and fields["form"] not in Application.Form.values:
        raise ValidationError({"form": _("Kies in natura of een persoonsgebonden budget.")})
    for name, value in fields.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    application.save()
    # Filling in the elements is writing the application: this actor may
    # not decide on it (``is_plan_author``).
    record_event(
        application.case, actor, CaseEvent.Kind.APPLICATION, note=application.provision[:200]
    )
    audit.record(actor, audit.Action.CHANGE, application, context)
    return application


@transaction.atomic
def submit(actor, *, application: Application, context: AuditContext) -> Application:
    """Send the application to the municipality. The decision is due
    the decision term (``LegalTerm``) later; the case reaches access step 5,
    checking the plan."""
    application = _locked_draft(actor, application)
    problems = []
    missing = _missing_required(application)
    if missing:
        problems.append(
            _("Vul eerst in: %(elements)s.") % {"elements": ", ".join(missing)},
        )
    if not application.provision.strip():
        problems.append(_("Noem de voorziening die wordt aangevraagd."))
    plan_version = PlanVersion.objects.get(pk=application.plan_version_id)
    if plan_version.status != PlanVersion.Status.SET:
        problems.append(
            _(
                "Het plan is na het opstellen van deze aanvraag opnieuw vastgesteld. "
                "Stel een nieuwe aanvraag op uit het huidige plan."
            )
        )
    if problems:
        raise ValidationError(problems)
    application.status = Application.Status.SUBMITTED
    application.submitted_on = timezone.localdate()
    application.decision_due = terms.decision_due(application.submitted_on)
    application.save(update_fields=["status", "submitted_on", "decision_due"])
    reach_step(Case.objects.get(pk=application.case_id), actor, phases.CHECKING)
    audit.record(actor, audit.Action.CHANGE, application, context)
    return application


@transaction.atomic
def decide(
    actor,
    *,
    application: Application,
    outcome: str,
    reasons: str,
    provision: str = "",
    volume: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    own_contribution: str = "",
    context: AuditContext,
) -> Decision:
    """The assessor's decision. Only a submitted application, only by an
    assessor who neither wrote the plan nor drew up the application."""
    access.require(actor, "cases.decide")
    reasons, provision, volume, own_contribution = (
        (value or "").strip() for value in (reasons, provision, volume, own_contribution)
    )
    try:
        application = (
            Application.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("applicant")
            .get(pk=application.pk)
        )
    except Application.DoesNotExist:
        raise PermissionDenied from None
    if is_plan_author(actor, application):
        raise PermissionDenied(
            _(
                "U hebt aan het plan of de aanvraag meegeschreven. "
                "Een andere consulent beslist over deze aanvraag."
            )
        )
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Over deze aanvraag is al besloten."))
    errors = {}
    if outcome not in Decision.Outcome.values:
        errors["outcome"] = _("Kies het besluit: toekennen, gedeeltelijk toekennen of afwijzen.")
    if not reasons:
        errors["reasons"] = _("Motiveer het besluit.")
    grants = outcome in (Decision.Outcome.GRANTED, Decision.Outcome.PARTLY)
    if grants:
        if not provision:
            errors["provision"] = _("Noem de voorziening die wordt toegekend.")
        if not volume:
            errors["volume"] = _("Noem de omvang, bijvoorbeeld '3 uur per week'.")
        if period_start is None:
            errors["period_start"] = _("Kies de ingangsdatum.")
        elif period_end is not None and period_end < period_start:
            errors["period_end"] = _("De einddatum ligt voor de ingangsdatum.")
        if own_contribution and application.applicant.age < 18:
            errors["own_contribution"] = _(
                "Een eigen bijdrage geldt alleen voor aanvragers van 18 jaar en ouder."
            )
    if errors:
        raise ValidationError(errors)
    if not grants:
        # A refusal grants nothing: no volume, period or contribution.
        provision = provision or application.provision
        volume, period_start, period_end, own_contribution = "", None, None, ""
    decision = Decision.objects.create(
        application=application,
        assessor=actor,
        outcome=outcome,
        reasons=reasons,
        provision=provision,
        volume=volume,
        period_start=period_start,
        period_end=period_end,
        own_contribution=own_contribution,
    )
    application.status = Application.Status.DECIDED
    application.save(update_fields=["status"])
    # The checked plan is carried out (access step 6), whatever the outcome.
    reach_step(Case.objects.get(pk=application.case_id), actor, phases.CARRYING_OUT)
    audit.record(actor, audit.Action.CHANGE, application, context)
    return decision


@transaction.atomic
def record_objection(
    actor,
    *,
    decision: Decision,
    received_on: datetime.date | None,
    grounds: str,
    context: AuditContext,
) -> Objection:
    """Record an objection received against a decision: by an assessor, or
    by the case's team that received it from the resident. One received
    after the six weeks is recorded too; it is then up to the objection
    procedure whether the delay is excusable."""
    application = decision.application
    if access.can(actor, "cases.decide"):
        if not Application.objects.visible_to(actor).filter(pk=application.pk).exists():
            raise PermissionDenied
    else:
        require_work(actor, application.case)
    errors = {}
    if received_on is None:
        errors["received_on"] = _("Kies de datum van ontvangst.")
    elif received_on > timezone.localdate():
        errors["received_on"] = _("De datum van ontvangst ligt in de toekomst.")
    elif received_on < decision.decided_on:
        errors["received_on"] = _("De datum van ontvangst ligt voor de datum van het besluit.")
    if not (grounds or "").strip():
        errors["grounds"] = _("Schrijf de gronden van het bezwaar op.")
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        decision=decision, received_on=received_on, grounds=grounds.strip(), recorded_by=actor
    )
    audit.record(actor, audit.Action.CHANGE, application, context)
    return objection


# --- Lists ------------------------------------------------------------------


QUEUE_ROW_FIELDS = (
    "status",
    "provision",
    "submitted_on",
    "decision_due",
    "created_by",
    "case__number",
    "case__team__name",
)


def _queue_rows(actor) -> QuerySet:
    """Submitted applications the actor may see, with what a list row shows
    and whether the actor wrote the plan (and so may not decide)."""
    wrote_plan = (
        Exists(PlanVersion.objects.filter(case_id=OuterRef("case_id"), created_by_id=actor.pk))
        | Exists(Application.objects.filter(case_id=OuterRef("case_id"), created_by_id=actor.pk))
    ) | Exists(
        CaseEvent.objects.filter(
            case_id=OuterRef("case_id"),
            kind__in=[CaseEvent.Kind.PLAN, CaseEvent.Kind.APPLICATION],
            actor_id=actor.pk,
        )
    )
    return (
        Application.objects.visible_to(actor)
        .filter(status=Application.Status.SUBMITTED)
        .select_related("case", "case__team")
        # A queue row, not the application: at Amsterdam size a page holds
        # fifty rows, and their long texts cost more than the queries.
        .only(*QUEUE_ROW_FIELDS)
        .annotate(
            own_plan=ExpressionWrapper(
                wrote_plan | Q(created_by_id=actor.pk), output_field=BooleanField()
            )
        )
    )


def assessor_queue(
    actor, *, cursor: str | None, context: AuditContext, size: int = PAGE_SIZE
) -> KeysetPage:
    """Submitted applications, the soonest decision deadline first."""
    # The key is the deadline as ISO text: core.pagination writes its cursor
    # as JSON, which has no date type. ISO dates sort as text as they do as
    # dates, on SQLite and PostgreSQL alike.
    queryset = _queue_rows(actor).annotate(
        due_key=Cast("decision_due", output_field=CharField(max_length=10))
    )
    page = keyset_page(queryset, ("due_key", "id"), cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def overdue_decisions(actor, *, context: AuditContext) -> list[Application]:
    """Submitted applications past their decision deadline."""
    rows = list(
        _queue_rows(actor).decision_overdue().order_by("decision_due", "id")[:OVERDUE_LIMIT]
    )
    access.log_listed(actor, rows, context=context)
    return rows


def overdue_investigations(actor, *, context: AuditContext) -> list[Case]:
    """Open cases of the actor's own teams whose investigation (six weeks
    from the report by default) is late: what the team overview counts. A
    case another team shared for reading is that team's deadline."""
    rows = list(
        Case.objects.visible_to(actor)
        .open()
        .filter(team_id__in=access.team_ids(actor))
        .investigation_overdue()
        .select_related("household", "team", "coordinator")
        .order_by("investigation_due", "id")[:OVERDUE_LIMIT]
    )
    access.log_listed(actor, rows, context=context)
    return rows
