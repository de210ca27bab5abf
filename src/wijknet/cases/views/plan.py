"""The plan tab: the goals, and the plan (Plan van Aanpak) built from them
version by version, with its steps on the support ladder."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.cases import forms, selectors, services
from wijknet.cases.models import Case, Goal, PlanGoal, PlanStep, PlanVersion
from wijknet.cases.views.common import case_page, context_of, render_tab, save_posted
from wijknet.core.forms import Form, add_validation_errors
from wijknet.core.ladder import REASON_FIELDS
from wijknet.kaart import selectors as kaart_selectors
from wijknet.people import network
from wijknet.volunteers import selectors as volunteer_selectors

# --- Goals and plan ----------------------------------------------------------


def _kaart_results(request, case: Case) -> tuple[str, list]:
    """Social-map entries to link to a step: a search near the household."""
    query = request.GET.get("kaart", "").strip()
    if not query:
        return "", []
    postcode = (
        case.household.members.select_related("person")
        .values_list("person__postcode", flat=True)
        .first()
        or ""
    )
    return query, kaart_selectors.search_services(query, near_postcode=postcode, size=10).rows


@login_required
def plan(request, case_id: int):
    case, context = case_page(request, case_id)
    number = request.GET.get("versie")
    version = selectors.plan_version(case, int(number) if number and number.isdigit() else None)
    query, found = _kaart_results(request, case)
    goal_form = forms.GoalForm(case=case)
    context.update(_plan_context(request, case, version, found))
    context.update(
        {
            "goal_form": goal_form,
            "edit_goal_form": _edit_goal_form(request, case),
            **_goals_and_versions(case),
            "kaart_query": query,
            "kaart_results": found,
        }
    )
    return render_tab(request, "cases/plan.html", context)


def _plan_context(
    request, case: Case, version: PlanVersion | None, found=(), **forms_by_name
) -> dict:
    if version is None:
        return {"version": None}
    user = request.user
    revision = {"revision": version.revision}
    ties = network.household_ties(user, case.household_id, context=context_of(request))
    matches = volunteer_selectors.household_matches(user, case.household_id)
    # The volunteers the steps name, with ``contact_visible`` for their name.
    volunteer_selectors.mark_contact(
        user,
        [
            step.volunteer_match.volunteer
            for plan_goal in version.plan_goals.all()
            for step in plan_goal.steps.all()
            if step.volunteer_match_id
        ],
    )
    goals = []
    for plan_goal in version.plan_goals.all():
        goals.append(
            {
                "plan_goal": plan_goal,
                "rings": selectors.ladder_rings(plan_goal),
                "reasons_form": forms_by_name.get(f"reasons-{plan_goal.pk}")
                or forms.ReasonsForm(
                    prefix=f"g{plan_goal.pk}",
                    initial={
                        **revision,
                        **{name: getattr(plan_goal, name) for name in REASON_FIELDS.values()},
                    },
                ),
                "step_form": forms_by_name.get(f"step-{plan_goal.pk}")
                or forms.StepForm(
                    prefix=f"s{plan_goal.pk}",
                    initial=revision,
                    services=found,
                    ties=ties,
                    matches=matches,
                ),
            }
        )
    return {
        "version": version,
        "plan_goals": goals,
        "header_form": forms_by_name.get("header")
        or forms.PlanHeaderForm(instance=version, initial=revision),
        "add_goal_form": forms_by_name.get("add_goal")
        or forms.PlanGoalForm(case=case, initial=revision),
    }


def _goals_and_versions(case: Case) -> dict:
    """The case's goals and the plan's versions, listed in every state of
    the plan page."""
    return {
        "goals": case.goals.select_related("life_domain", "matrix_domain", "wish"),
        "versions": case.plan_versions.order_by("-number").values("number", "status", "set_at"),
    }


def _edit_goal_form(request, case: Case):
    """The form to change the goal named in ``?doel=``, carrying the goal's
    revision as it was when the form was opened."""
    goal_id = request.GET.get("doel", "")
    if not goal_id.isdigit():
        return None
    goal = get_object_or_404(Goal, pk=goal_id, case=case)
    return forms.GoalForm(
        case=case, instance=goal, initial={"revision": goal.revision}, auto_id="id_edit-%s"
    )


@login_required
@require_POST
def goal_save(request, case_id: int, goal_id: int | None = None):
    """Add or change a goal. A refused one, also a change someone else's
    change overtook, shows the plan page again with the input kept."""
    case, context = case_page(request, case_id)
    goal = get_object_or_404(Goal, pk=goal_id, case=case) if goal_id else None
    form = forms.GoalForm(
        request.POST, case=case, instance=goal, auto_id="id_edit-%s" if goal else "id_%s"
    )
    if save_posted(
        request,
        form,
        lambda data: services.save_goal(
            request.user, case=case, goal=goal, context=context_of(request), **data
        ),
        done=_("Het doel is opgeslagen."),
    ):
        return redirect("cases:plan", case.pk)
    if goal is not None:
        # The input stays; the revision becomes the current one, so a
        # deliberate second save goes through.
        form.data = form.data.copy()
        form.data["revision"] = str(Goal.objects.get(pk=goal.pk).revision)
    context.update(_plan_context(request, case, selectors.plan_version(case)))
    context.update(
        {
            "goal_form": forms.GoalForm(case=case) if goal else form,
            "edit_goal_form": form if goal else None,
            **_goals_and_versions(case),
        }
    )
    return render_tab(request, "cases/plan.html", context, status=400)


# --- Changes to the plan ---------------------------------------------------------


@dataclass
class PlanChange:
    """One change to the plan as a view asks for it: the form posted, what
    to do with its cleaned data once valid, and, when a refusal shows the
    page again with the input kept, the name the form takes in the page's
    context (``_plan_context``). A change without one (setting the plan,
    deleting a step) answers a refusal with a message on the plan page."""

    form: Form
    save: Callable[[dict], object]
    shown_as: str | None = None


def plan_change(build: Callable[..., PlanChange]):
    """Make a view of a change to the draft plan. ``build(request, case,
    version, context)`` reads what is posted and says what to save; this
    part is shared: the case and its draft (404 without one), a change made
    on an old revision refused with the conflict message (409) and the plan
    shown as it now is with the user's input kept, a refused form shown
    again (400) with its errors at the fields."""

    @login_required
    @require_POST
    @wraps(build)
    def view(request, case_id: int):
        case, page_context = case_page(request, case_id)
        version = selectors.plan_version(case)
        if version is None:
            raise Http404
        change = build(request, case, version, context_of(request))
        form = change.form
        bound = {change.shown_as: form} if change.shown_as else {}
        try:
            if form.is_valid():
                change.save(form.cleaned_data)
        except services.PlanConflict as conflict:
            messages.error(request, conflict.messages[0])
            return _plan_again(request, case, page_context, bound, status=409)
        except ValidationError as error:
            if not change.shown_as:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("cases:plan", case.pk)
            add_validation_errors(form, error)
        if form.errors:
            return _plan_again(request, case, page_context, bound, status=400)
        messages.success(request, _("Het plan is bijgewerkt."))
        return redirect("cases:plan", case.pk)

    return view


def _posted_plan_goal(request, case: Case) -> PlanGoal:
    return get_object_or_404(PlanGoal, pk=request.POST.get("plan_goal"), version__case=case)


@login_required
@require_POST
def plan_start(request, case_id: int):
    """Draw up the plan, or start its next version from the set one."""
    case, _page_context = case_page(request, case_id)
    try:
        services.start_plan(request.user, case=case, context=context_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("cases:plan", case.pk)


@plan_change
def plan_header(request, case: Case, version: PlanVersion, context) -> PlanChange:
    form = forms.PlanHeaderForm(request.POST, instance=version)
    return PlanChange(
        form,
        lambda data: services.update_plan_header(
            request.user, case=case, version=version, context=context, **data
        ),
        shown_as="header",
    )


@plan_change
def plan_add_goal(request, case: Case, version: PlanVersion, context) -> PlanChange:
    form = forms.PlanGoalForm(request.POST, case=case)
    return PlanChange(
        form,
        lambda data: services.add_goal_to_plan(
            request.user,
            case=case,
            version=version,
            goal=data["goal"],
            revision=data["revision"],
            context=context,
        ),
        shown_as="add_goal",
    )


@plan_change
def plan_reasons(request, case: Case, version: PlanVersion, context) -> PlanChange:
    """Why each inner ring of the ladder falls short for a goal."""
    plan_goal = _posted_plan_goal(request, case)
    form = forms.ReasonsForm(request.POST, prefix=f"g{plan_goal.pk}")
    return PlanChange(
        form,
        lambda data: services.set_reasons(
            request.user,
            case=case,
            plan_goal=plan_goal,
            revision=data["revision"],
            reasons=form.reasons(),
            context=context,
        ),
        shown_as=f"reasons-{plan_goal.pk}",
    )


@plan_change
def plan_step(request, case: Case, version: PlanVersion, context) -> PlanChange:
    """Add a step to a goal, or change one (``step`` posted)."""
    plan_goal = _posted_plan_goal(request, case)
    step = None
    if request.POST.get("step"):
        step = get_object_or_404(PlanStep, pk=request.POST["step"], plan_goal=plan_goal)
    _query, found = _kaart_results(request, case)
    form = forms.StepForm(
        request.POST,
        prefix=f"s{plan_goal.pk}",
        services=_all_services(request, found),
        ties=network.household_ties(request.user, case.household_id, context=context),
        matches=volunteer_selectors.household_matches(request.user, case.household_id),
    )
    return PlanChange(
        form,
        lambda data: services.save_step(
            request.user, case=case, plan_goal=plan_goal, step=step, context=context, **data
        ),
        shown_as=f"step-{plan_goal.pk}",
    )


@plan_change
def plan_delete_step(request, case: Case, version: PlanVersion, context) -> PlanChange:
    plan_goal = _posted_plan_goal(request, case)
    step = get_object_or_404(PlanStep, pk=request.POST.get("step"), plan_goal=plan_goal)
    return PlanChange(
        forms.RevisionForm(request.POST),
        lambda data: services.delete_step(
            request.user, case=case, step=step, revision=data["revision"], context=context
        ),
    )


@plan_change
def plan_set(request, case: Case, version: PlanVersion, context) -> PlanChange:
    """Set (vaststellen) the draft: the version the resident reads."""
    return PlanChange(
        forms.RevisionForm(request.POST),
        lambda data: services.set_plan(
            request.user, case=case, version=version, revision=data["revision"], context=context
        ),
    )


# The changes by the name in their address (``cases:plan_act``).
PLAN_CHANGES = {
    "start": plan_start,
    "header": plan_header,
    "add-goal": plan_add_goal,
    "reasons": plan_reasons,
    "step": plan_step,
    "delete-step": plan_delete_step,
    "set": plan_set,
}


@login_required
@require_POST
def plan_action(request, case_id: int, action: str):
    """Route ``…/plan/<action>/`` to the view of that change. An unknown
    one is 404, after the case's own access check, as for a known one."""
    view = PLAN_CHANGES.get(action)
    if view is None:
        case_page(request, case_id)
        raise Http404
    return view(request, case_id)


def _all_services(request, found):
    """The entries a posted step may link to: the search results shown with
    the form, plus the one posted (checked again to exist)."""
    posted = [value for key, value in request.POST.items() if key.endswith("-service") and value]
    extra = kaart_selectors.published_services([p for p in posted if p.isdigit()])
    return list(found) + extra


def _plan_again(request, case: Case, context: dict, bound: dict, *, status: int):
    """The plan page as it now is, with the forms the user posted."""
    version = selectors.plan_version(case)
    for form in bound.values():
        # The user's input stays; the revision becomes the current one, so
        # a deliberate second save goes through.
        if form.is_bound and version is not None:
            form.data = form.data.copy()
            form.data[form.add_prefix("revision")] = str(version.revision)
    context.update(_plan_context(request, case, version, **bound))
    context.update(
        {
            "goal_form": forms.GoalForm(case=case),
            **_goals_and_versions(case),
            "conflict": status == 409,
        }
    )
    return render_tab(request, "cases/plan.html", context, status=status)
