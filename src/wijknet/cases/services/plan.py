"""Goals and the versioned plan with its ladder rule: drafting, the
optimistic lock on a version, the ladder reasons and steps, setting the
plan, and the resident's comment on it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases import phases
from wijknet.cases.models import (
    Case,
    CaseEvent,
    Goal,
    PlanComment,
    PlanGoal,
    PlanStep,
    PlanVersion,
)
from wijknet.cases.services.shared import locked, reach_step, record_event
from wijknet.core import access, audit, ladder
from wijknet.core.audit import AuditContext
from wijknet.core.models import LadderLevel, Role

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


@transaction.atomic
def save_goal(
    actor, *, case: Case, goal: Goal | None = None, revision: int | None = None, context, **fields
) -> Goal:
    """Add a goal, or change one: a change names the goal's ``revision``
    the form was opened on and is refused when someone else changed the
    goal since. Either way the actor has written the plan (a plan event),
    so they may not decide its applications. A set plan keeps the wording
    it was set with (``PlanGoal.goal_title``)."""
    case = locked(actor, case)
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
    record_event(case, actor, CaseEvent.Kind.PLAN, note=f"{note}: {goal.title}")
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
    record_event(version.case, actor, CaseEvent.Kind.PLAN, note=note, after=f"v{version.number}")
    return version


@transaction.atomic
def start_plan(actor, *, case: Case, context: AuditContext) -> PlanVersion:
    """The first version, or a new draft copied from the set version."""
    case = locked(actor, case)
    if case.plan_versions.filter(status=PlanVersion.Status.DRAFT).exists():
        raise ValidationError(_("Er is al een conceptversie van het plan."))
    previous = set_version(case)
    version = copy_version(actor, case, previous)
    reach_step(case, actor, phases.DRAFTING)
    record_event(
        case, actor, CaseEvent.Kind.PLAN, note=_("nieuwe versie"), after=f"v{version.number}"
    )
    audit.record(actor, audit.Action.CREATE, case, context)
    return version


def copy_version(actor, case: Case, previous: PlanVersion | None, **header) -> PlanVersion:
    """A new version: a copy of ``previous`` with its goals, reasons and
    steps, or the first one with the case's open goals. The evaluation
    starts one too."""
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
            **{name: getattr(plan_goal, name) for name in ladder.REASON_FIELDS.values()},
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
    case = locked(actor, case)
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
    case = locked(actor, case)
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
    case = locked(actor, case)
    version = _draft(case, plan_goal.version_id)
    plan_goal = version.plan_goals.get(pk=plan_goal.pk)
    new = {level: (reasons.get(level) or "").strip() for level in ladder.INNER}
    levels = plan_goal.steps.values_list("ladder_level", flat=True)
    _check_ladder(levels, new)
    _bump(actor, version, revision, _("redenen trede"))
    for level, field in ladder.REASON_FIELDS.items():
        setattr(plan_goal, field, new[level])
    plan_goal.save()
    audit.record(actor, audit.Action.CHANGE, case, context)
    return plan_goal


def ladder_message(missing: tuple[str, ...]) -> str:
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
    case = locked(actor, case)
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
    case = locked(actor, case)
    version = _draft(case, step.plan_goal.version_id)
    _bump(actor, version, revision, _("stap verwijderd"))
    PlanStep.objects.filter(pk=step.pk, plan_goal__version=version).delete()
    audit.record(actor, audit.Action.CHANGE, case, context)


@transaction.atomic
def set_plan(actor, *, case: Case, version: PlanVersion, revision: int, context) -> PlanVersion:
    """Set (*vaststellen*) the draft: it must have a goal, a step for every
    goal, an evaluation date, and keep the ladder rule."""
    case = locked(actor, case)
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
    reach_step(
        case, actor, phases.CHECKING if version.has_individual_step() else phases.CARRYING_OUT
    )
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
