"""Pages of the support trajectory: caseload, team overview, the case page
with its tabs, and the resident's own plan in the portal. Instruments and
applications have their own modules; this one holds the case, the
conversation, goals and plan, logbook and evaluations."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wijknet.cases import forms, selectors, services
from wijknet.cases.models import Case, Conversation, Goal, PlanGoal, PlanStep, PlanVersion
from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.forms import add_validation_errors, form_messages
from wijknet.core.models import AuditPurpose
from wijknet.people import network
from wijknet.people.models import Household
from wijknet.volunteers import selectors as volunteer_selectors

# The case page's tabs: (url name, label). Every tab is its own page, so
# each works without JavaScript and has its own address.
TABS = [
    ("cases:detail", gettext_lazy("Overzicht")),
    ("cases:conversation", gettext_lazy("Gesprek")),
    ("cases:instruments", gettext_lazy("Instrumenten")),
    ("cases:plan", gettext_lazy("Doelen en plan")),
    ("cases:applications", gettext_lazy("Aanvragen")),
    ("cases:log", gettext_lazy("Logboek")),
    ("cases:evaluations", gettext_lazy("Evaluaties")),
]


def context_of(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SUPPORT)


def case_page(request, case_id: int) -> tuple[Case, dict]:
    """The case the user may see (404 otherwise, audited) and the context
    every tab needs. The case page is the team's working file: a resident
    reads their plan in the portal, an assessor the application."""
    access.require(request.user, "cases.caseload")
    case = selectors.get_case(request.user, case_id, context=context_of(request))
    current = request.resolver_match.view_name if request.resolver_match else ""
    tabs = [
        {"url": reverse(name, args=[case.pk]), "label": label, "active": name == current}
        for name, label in TABS
    ]
    return case, {
        "case": case,
        "tabs": tabs,
        "can_work": access.can_work_on_case(request.user, case) and case.is_open,
    }


def render_tab(request, template: str, context: dict, status: int = 200):
    return render(request, template, context, status=status)


# --- Lists -----------------------------------------------------------------


@login_required
def caseload(request):
    access.require(request.user, "cases.caseload")
    query = request.GET.get("q", "")
    page = selectors.caseload(
        request.user, cursor=request.GET.get("na"), query=query, context=context_of(request)
    )
    week = timezone.localdate() + datetime.timedelta(days=7)
    due = selectors.evaluations_due(request.user, until=week, context=context_of(request), own=True)
    aftercare = selectors.aftercare_due(request.user, until=week, context=context_of(request))
    return render(
        request,
        "cases/caseload.html",
        {
            "page": page,
            "query": query,
            "due": due,
            "aftercare": aftercare,
            "today": timezone.localdate(),
        },
    )


@login_required
def team_overview(request):
    access.require(request.user, "cases.allocate")
    context = context_of(request)
    page = selectors.team_cases(
        request.user, cursor=request.GET.get("na"), unallocated=True, context=context
    )
    # One list of possible coordinators per team, not one query per row.
    choices = {
        team_id: list(forms.AllocateForm(team_id=team_id).fields["coordinator"].choices)
        for team_id in {case.team_id for case in page.rows}
    }
    rows = [(case, choices[case.team_id]) for case in page.rows]
    return render(
        request,
        "cases/team.html",
        {
            "page": page,
            "rows": rows,
            "figures": selectors.team_figures(request.user),
            "escalated": selectors.escalated(request.user, context=context),
            "consultations_asked": selectors.consultations_asked(request.user, context=context),
        },
    )


@login_required
def evaluations_due(request):
    access.require(request.user, "cases.caseload")
    until = timezone.localdate() + datetime.timedelta(days=7)
    rows = selectors.evaluations_due(request.user, until=until, context=context_of(request))
    return render(
        request, "cases/due.html", {"rows": rows, "until": until, "today": timezone.localdate()}
    )


# --- Opening ---------------------------------------------------------------


@login_required
def open_case(request, household_id: int):
    access.require(request.user, "cases.caseload")
    household = access.get_visible_or_404(
        request.user, Household.objects.all(), context=context_of(request), pk=household_id
    )
    teams = access.team_ids(request.user)
    form = forms.OpenCaseForm(
        request.POST or None, teams=teams, initial={"reported_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                request.user, household=household, context=context_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Het traject is geopend."))
            return redirect("cases:detail", case.pk)
    return render(request, "cases/open.html", {"form": form, "household": household})


@login_required
@require_POST
def open_from_signal(request, signal_id: int):
    from wijknet.signals.models import Signal

    signal = access.get_visible_or_404(
        request.user, Signal.objects.all(), context=context_of(request), pk=signal_id
    )
    try:
        case = services.open_from_signal(request.user, signal=signal, context=context_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("signals:detail", signal.pk)
    messages.success(request, _("De melding is omgezet in traject %(n)s.") % {"n": case.number})
    return redirect("cases:detail", case.pk)


# --- The case page ---------------------------------------------------------


@login_required
def detail(request, case_id: int):
    case, context = case_page(request, case_id)
    return render_tab(request, "cases/detail.html", _detail_context(request, case, context))


# Actions on the case as a whole: (form class, service). The form's cleaned
# data are the service's arguments; on the case page each form is in the
# context as "<action>_form".
CASE_ACTIONS = {
    "allocate": (forms.AllocateForm, services.allocate),
    "phase": (forms.PhaseForm, services.change_phase),
    "consultation": (forms.ConsultationForm, services.request_consultation),
    "escalate": (forms.EscalateForm, services.escalate),
    "close": (forms.CloseForm, services.close_case),
    "reopen": (forms.ReopenForm, services.reopen_case),
}


def _action_form(action: str, case: Case, data=None):
    """The form of an action on the case, empty or bound to what was
    posted. Several share field names on one page, so each has its own ids
    (the names posted stay the same)."""
    form_class, _service = CASE_ACTIONS[action]
    kwargs = {}
    if action == "allocate":
        kwargs = {"team_id": case.team_id, "initial": {"coordinator": case.coordinator_id}}
    elif action == "phase":
        kwargs = {"phase": case.phase}
    return form_class(data, auto_id=f"{action}-%s", **kwargs)


def _answer_form(consultation, data=None):
    return forms.AnswerForm(data, auto_id=f"id_%s-{consultation.pk}")


def _detail_context(
    request, case: Case, context: dict, *, answer_forms=None, **bound_forms
) -> dict:
    """The case page's context. A form the user posted and that was refused
    takes the place of the empty one, so what they typed stays: by its
    context name ("close_form", ...), or an answer by its consultation
    (answer_forms={consultation.pk: form})."""
    answer_forms = answer_forms or {}
    teams = access.team_ids(request.user)
    consulted = [c for c in case.consultations.all() if c.team_id in teams]
    refused = [f for f in [*bound_forms.values(), *answer_forms.values()] if f.errors]
    context.update(
        {
            "events": case.events.select_related("actor").order_by("-at", "-id")[:50],
            "members": case.household.members.select_related("person", "relation"),
            "consultations": case.consultations.select_related("team"),
            **{
                f"{action}_form": bound_forms.get(f"{action}_form") or _action_form(action, case)
                for action in CASE_ACTIONS
            },
            "can_allocate": access.can(request.user, "cases.allocate")
            and access.can_work_on_case(request.user, case),
            "can_reopen": access.can_work_on_case(request.user, case) and not case.is_open,
            "consulted": [
                {"consultation": c, "form": answer_forms.get(c.pk) or _answer_form(c)}
                for c in consulted
            ],
            "refused": refused[0] if refused else None,
            "today": timezone.localdate(),
        }
    )
    return context


@login_required
@require_POST
def case_action(request, case_id: int, action: str):
    """An action on the case. A refused one shows the case page again with
    the posted form, its errors at the fields and the input kept."""
    if action not in CASE_ACTIONS:
        raise Http404
    case, context = case_page(request, case_id)
    _form_class, service = CASE_ACTIONS[action]
    form = _action_form(action, case, request.POST)
    if form.is_valid():
        try:
            service(request.user, case=case, context=context_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("cases:detail", case.pk)
    context = _detail_context(request, case, context, **{f"{action}_form": form})
    return render_tab(request, "cases/detail.html", context, status=400)


@login_required
@require_POST
def answer_consultation(request, case_id: int, consultation_id: int):
    case, context = case_page(request, case_id)
    consultation = get_object_or_404(case.consultations, pk=consultation_id)
    form = _answer_form(consultation, request.POST)
    if form.is_valid():
        try:
            services.answer_consultation(
                request.user,
                consultation=consultation,
                answer=form.cleaned_data["answer"],
                context=context_of(request),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Uw antwoord is opgeslagen."))
            return redirect("cases:detail", case.pk)
    context = _detail_context(request, case, context, answer_forms={consultation.pk: form})
    return render_tab(request, "cases/detail.html", context, status=400)


# --- Conversation and report -------------------------------------------------


@login_required
def conversation(request, case_id: int):
    case, context = case_page(request, case_id)
    form = forms.ConversationForm(
        request.POST or None, case=case, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST":
        services.require_work(request.user, case)
        if form.is_valid():
            data = dict(form.cleaned_data)
            persons = data.pop("persons_present")
            try:
                services.record_conversation(
                    request.user,
                    case=case,
                    persons_present=persons,
                    context=context_of(request),
                    **data,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Het gesprek is vastgelegd."))
                return redirect("cases:conversation", case.pk)
    context = _conversation_context(case, context, form)
    return render_tab(request, "cases/conversation.html", context, 400 if form.errors else 200)


def _report_form(conversation_obj: Conversation, data=None):
    return forms.ReportForm(
        data, instance=getattr(conversation_obj, "report", None), prefix=f"r{conversation_obj.pk}"
    )


def _agreement_form(conversation_obj: Conversation, data=None):
    # One per conversation on the page: own ids, the same names posted.
    return forms.ResidentAgreementForm(data, auto_id=f"id_%s-{conversation_obj.pk}")


def _conversation_context(case: Case, context: dict, form=None, **bound_forms) -> dict:
    """The conversation page's context. A report form the user posted and
    that was refused takes the place of the empty one, by its conversation:
    bound_forms["report-<pk>"] or bound_forms["agreement-<pk>"]."""
    if form is None:
        form = forms.ConversationForm(case=case, initial={"held_on": timezone.localdate()})
    conversations = list(
        case.conversations.select_related(
            "author", "report", "report__professional_agreed_by"
        ).prefetch_related("persons_present")
    )
    refused = [f for f in bound_forms.values() if f.errors]
    context.update(
        {
            "form": form,
            "conversations": [
                {
                    "conversation": c,
                    "report_form": bound_forms.get(f"report-{c.pk}") or _report_form(c),
                    "agreement_form": bound_forms.get(f"agreement-{c.pk}") or _agreement_form(c),
                }
                for c in conversations
            ],
            "refused": refused[0] if refused else None,
        }
    )
    return context


def _report_of(case: Case, conversation_id: int):
    conversation = get_object_or_404(Conversation, pk=conversation_id, case=case)
    return conversation, getattr(conversation, "report", None)


@login_required
@require_POST
def report_action(request, case_id: int, conversation_id: int, action: str):
    """Write the report, or record an agreement to it. A refused report or
    resident's agreement shows the page again with the input kept."""
    case, page_context = case_page(request, case_id)
    conversation_obj, report = _report_of(case, conversation_id)
    context = context_of(request)
    form = None
    try:
        if action == "write":
            form = _report_form(conversation_obj, request.POST)
            if form.is_valid():
                services.write_report(
                    request.user,
                    conversation=conversation_obj,
                    context=context,
                    **form.cleaned_data,
                )
        elif report is None:
            raise ValidationError(_("Schrijf eerst het verslag."))
        elif action == "agree":
            services.professional_agrees(request.user, report=report, context=context)
        elif action == "resident":
            form = _agreement_form(conversation_obj, request.POST)
            if form.is_valid():
                services.resident_agrees(
                    request.user, report=report, context=context, **form.cleaned_data
                )
        else:
            raise Http404
    except ValidationError as error:
        if form is None or (report is not None and report.is_final):
            # Nothing typed to keep, or a report that can no longer change
            # (its forms are gone from the page).
            for message in error.messages:
                messages.error(request, message)
            return redirect(_conversation_url(case, conversation_obj))
        add_validation_errors(form, error)
    if form is not None and form.errors:
        name = "report" if action == "write" else "agreement"
        page_context = _conversation_context(
            case, page_context, **{f"{name}-{conversation_obj.pk}": form}
        )
        return render_tab(request, "cases/conversation.html", page_context, status=400)
    messages.success(request, _("Het verslag is bijgewerkt."))
    return redirect(_conversation_url(case, conversation_obj))


def _conversation_url(case: Case, conversation_obj: Conversation) -> str:
    return reverse("cases:conversation", args=[case.pk]) + f"#gesprek-{conversation_obj.pk}"


# --- Goals and plan ----------------------------------------------------------


def _kaart_results(request, case: Case) -> tuple[str, list]:
    """Social-map entries to link to a step: a search near the household."""
    query = request.GET.get("kaart", "").strip()
    if not query:
        return "", []
    from wijknet.kaart.selectors import search_services

    postcode = (
        case.household.members.select_related("person")
        .values_list("person__postcode", flat=True)
        .first()
        or ""
    )
    return query, search_services(query, near_postcode=postcode, size=10).rows


@login_required
def plan(request, case_id: int):
    case, context = case_page(request, case_id)
    number = request.GET.get("versie")
    version = selectors.plan_version(case, int(number) if number and number.isdigit() else None)
    query, found = _kaart_results(request, case)
    goal_form = forms.GoalForm(case=case)
    context.update(_plan_context(request.user, case, version, found))
    context.update(
        {
            "goal_form": goal_form,
            "edit_goal_form": _edit_goal_form(request, case),
            "goals": case.goals.select_related("life_domain", "matrix_domain", "wish"),
            "versions": case.plan_versions.order_by("-number").values("number", "status", "set_at"),
            "kaart_query": query,
            "kaart_results": found,
        }
    )
    return render_tab(request, "cases/plan.html", context)


def _plan_context(user, case: Case, version: PlanVersion | None, found=(), **forms_by_name) -> dict:
    if version is None:
        return {"version": None}
    revision = {"revision": version.revision}
    ties = list(network.household_ties(case.household_id))
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
                        "reason_own": plan_goal.reason_own,
                        "reason_network": plan_goal.reason_network,
                        "reason_general": plan_goal.reason_general,
                        "reason_collective": plan_goal.reason_collective,
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
    if form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            services.save_goal(
                request.user,
                case=case,
                goal=goal,
                revision=revision,
                context=context_of(request),
                **data,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Het doel is opgeslagen."))
            return redirect("cases:plan", case.pk)
    if goal is not None:
        # The input stays; the revision becomes the current one, so a
        # deliberate second save goes through.
        form.data = form.data.copy()
        form.data["revision"] = str(Goal.objects.get(pk=goal.pk).revision)
    context.update(_plan_context(request.user, case, selectors.plan_version(case)))
    context.update(
        {
            "goal_form": forms.GoalForm(case=case) if goal else form,
            "edit_goal_form": form if goal else None,
            "goals": case.goals.select_related("life_domain", "matrix_domain", "wish"),
            "versions": case.plan_versions.order_by("-number").values("number", "status", "set_at"),
        }
    )
    return render_tab(request, "cases/plan.html", context, status=400)


@login_required
@require_POST
def plan_action(request, case_id: int, action: str):
    """Every change to the plan. A change made on an old revision is
    refused with the conflict message, and the page shows the plan as it
    now is, with the user's input kept in the form."""
    case, context = case_page(request, case_id)
    version = selectors.plan_version(case)
    audit_context = context_of(request)
    user = request.user
    if action == "start":
        try:
            services.start_plan(user, case=case, context=audit_context)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("cases:plan", case.pk)
    if version is None:
        raise Http404
    bound = {}
    form = None
    try:
        if action == "header":
            form = bound["header"] = forms.PlanHeaderForm(request.POST, instance=version)
            if form.is_valid():
                data = dict(form.cleaned_data)
                services.update_plan_header(
                    user, case=case, version=version, context=audit_context, **data
                )
        elif action == "add-goal":
            form = bound["add_goal"] = forms.PlanGoalForm(request.POST, case=case)
            if form.is_valid():
                services.add_goal_to_plan(
                    user,
                    case=case,
                    version=version,
                    goal=form.cleaned_data["goal"],
                    revision=form.cleaned_data["revision"],
                    context=audit_context,
                )
        elif action in ("reasons", "step", "delete-step"):
            plan_goal = get_object_or_404(
                PlanGoal, pk=request.POST.get("plan_goal"), version__case=case
            )
            if action == "reasons":
                form = bound[f"reasons-{plan_goal.pk}"] = forms.ReasonsForm(
                    request.POST, prefix=f"g{plan_goal.pk}"
                )
                if form.is_valid():
                    services.set_reasons(
                        user,
                        case=case,
                        plan_goal=plan_goal,
                        revision=form.cleaned_data["revision"],
                        reasons=form.reasons(),
                        context=audit_context,
                    )
            elif action == "step":
                step = None
                if request.POST.get("step"):
                    step = get_object_or_404(PlanStep, pk=request.POST["step"], plan_goal=plan_goal)
                query, found = _kaart_results(request, case)
                form = bound[f"step-{plan_goal.pk}"] = forms.StepForm(
                    request.POST,
                    prefix=f"s{plan_goal.pk}",
                    services=_all_services(request, found),
                    ties=network.household_ties(case.household_id),
                    matches=volunteer_selectors.household_matches(user, case.household_id),
                )
                if form.is_valid():
                    data = dict(form.cleaned_data)
                    revision = data.pop("revision")
                    services.save_step(
                        user,
                        case=case,
                        plan_goal=plan_goal,
                        step=step,
                        revision=revision,
                        context=audit_context,
                        **data,
                    )
            else:
                step = get_object_or_404(PlanStep, pk=request.POST.get("step"), plan_goal=plan_goal)
                form = forms.RevisionForm(request.POST)
                if form.is_valid():
                    services.delete_step(
                        user,
                        case=case,
                        step=step,
                        revision=form.cleaned_data["revision"],
                        context=audit_context,
                    )
        elif action == "set":
            form = forms.RevisionForm(request.POST)
            if form.is_valid():
                services.set_plan(
                    user,
                    case=case,
                    version=version,
                    revision=form.cleaned_data["revision"],
                    context=audit_context,
                )
        else:
            raise Http404
    except services.PlanConflict as conflict:
        messages.error(request, conflict.messages[0])
        return _plan_again(request, case, context, bound, status=409)
    except ValidationError as error:
        if form is not None and action != "set" and action != "delete-step":
            add_validation_errors(form, error)
        else:
            for message in error.messages:
                messages.error(request, message)
            return redirect("cases:plan", case.pk)
    if form is not None and form.errors:
        return _plan_again(request, case, context, bound, status=400)
    messages.success(request, _("Het plan is bijgewerkt."))
    return redirect("cases:plan", case.pk)


def _all_services(request, found):
    """The entries a posted step may link to: the search results shown with
    the form, plus the one posted (checked again to exist)."""
    from wijknet.kaart.models import Service

    posted = [value for key, value in request.POST.items() if key.endswith("-service") and value]
    extra = list(Service.objects.published().filter(pk__in=[p for p in posted if p.isdigit()]))
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
    context.update(_plan_context(request.user, case, version, **bound))
    context.update(
        {
            "goal_form": forms.GoalForm(case=case),
            "goals": case.goals.select_related("life_domain", "matrix_domain", "wish"),
            "versions": case.plan_versions.order_by("-number").values("number", "status", "set_at"),
            "conflict": status == 409,
        }
    )
    return render_tab(request, "cases/plan.html", context, status=status)


# --- Logbook and evaluations -------------------------------------------------


@login_required
def log(request, case_id: int):
    case, context = case_page(request, case_id)
    form = forms.LogEntryForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        services.require_work(request.user, case)
        if form.is_valid():
            try:
                services.add_log_entry(
                    request.user, case=case, context=context_of(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("Toegevoegd aan het logboek."))
                return redirect("cases:log", case.pk)
    entries = case.log.select_related("author")
    context.update({"form": form, "entries": entries[:200]})
    return render_tab(request, "cases/log.html", context, 400 if form.errors else 200)


@login_required
def evaluations(request, case_id: int):
    case, context = case_page(request, case_id)
    form = forms.EvaluationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        services.require_work(request.user, case)
        if form.is_valid():
            data = dict(form.cleaned_data)
            next_on = data.pop("next_evaluation_on")
            try:
                services.record_evaluation(
                    request.user,
                    case=case,
                    next_evaluation_on=next_on,
                    context=context_of(request),
                    **data,
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De evaluatie is vastgelegd. Werk de nieuwe versie van het plan bij."),
                )
                return redirect("cases:plan", case.pk)
    context.update(
        {
            "form": form,
            "evaluations": case.evaluations.select_related("author", "plan_version", "new_version"),
            "evaluated": services.set_version(case),
        }
    )
    return render_tab(request, "cases/evaluations.html", context, 400 if form.errors else 200)


# --- The resident's portal -----------------------------------------------------


@login_required
def own_plan(request):
    """'Mijn plan': the resident reads the set plan and the reports, agrees
    to a report and comments on the plan."""
    access.require(request.user, "own_record")
    context = AuditContext.from_request(request, AuditPurpose.OWN_RECORD)
    case = (
        Case.objects.visible_to(request.user)
        .select_related("team", "coordinator")
        .order_by("closed_at", "-opened_at")
        .first()
    )
    version = None
    reports = []
    if case is not None:
        audit.record(request.user, audit.Action.VIEW, case, context)
        shown = services.set_version(case)
        version = selectors.plan_version(case, shown.number) if shown else None
        reports = [
            c.report
            for c in case.conversations.select_related("report")
            if getattr(c, "report", None) is not None
        ]
    if request.method == "POST" and case is not None:
        try:
            if request.POST.get("action") == "comment" and version is not None:
                comment = forms.CommentForm(request.POST)
                if not comment.is_valid():
                    raise ValidationError(form_messages(comment))
                services.comment_on_plan(
                    request.user,
                    version=version,
                    text=comment.cleaned_data["text"],
                    context=context,
                )
                messages.success(request, _("Uw opmerking is opgeslagen."))
            elif request.POST.get("action") == "agree":
                report = next((r for r in reports if str(r.pk) == request.POST.get("report")), None)
                if report is None:
                    raise Http404
                services.resident_agrees(
                    request.user,
                    report=report,
                    how="portal",
                    comment=request.POST.get("comment", ""),
                    context=context,
                )
                messages.success(request, _("U bent akkoord gegaan met het verslag."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("cases:own_plan")
    plan_goals = (
        [{"plan_goal": g, "rings": selectors.ladder_rings(g)} for g in version.plan_goals.all()]
        if version
        else []
    )
    return render(
        request,
        "cases/own_plan.html",
        {
            "case": case,
            "version": version,
            "plan_goals": plan_goals,
            "reports": reports,
            "comment_form": forms.CommentForm(),
            "agree_form": forms.PortalAgreementForm(),
        },
    )
