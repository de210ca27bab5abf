"""Pages of the trajectory as a whole: the caseload, the team overview and
the evaluations due, opening a case, the case page's overview with the
actions on the case, and its logbook."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.cases import forms, selectors, services
from wijknet.cases.models import Case
from wijknet.cases.views.common import case_page, context_of, render_tab, save_posted
from wijknet.core import access
from wijknet.core.forms import add_validation_errors
from wijknet.people.models import Household
from wijknet.signals import selectors as signal_selectors

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
    signal = signal_selectors.get_signal(
        request.user, signal_id=signal_id, context=context_of(request)
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
    if save_posted(
        request,
        form,
        lambda data: service(request.user, case=case, context=context_of(request), **data),
        done=_("Opgeslagen."),
    ):
        return redirect("cases:detail", case.pk)
    context = _detail_context(request, case, context, **{f"{action}_form": form})
    return render_tab(request, "cases/detail.html", context, status=400)


@login_required
@require_POST
def answer_consultation(request, case_id: int, consultation_id: int):
    case, context = case_page(request, case_id)
    consultation = get_object_or_404(case.consultations, pk=consultation_id)
    form = _answer_form(consultation, request.POST)
    if save_posted(
        request,
        form,
        lambda data: services.answer_consultation(
            request.user,
            consultation=consultation,
            answer=data["answer"],
            context=context_of(request),
        ),
        done=_("Uw antwoord is opgeslagen."),
    ):
        return redirect("cases:detail", case.pk)
    context = _detail_context(request, case, context, answer_forms={consultation.pk: form})
    return render_tab(request, "cases/detail.html", context, status=400)


# --- Logbook -------------------------------------------------------------------


@login_required
def log(request, case_id: int):
    case, context = case_page(request, case_id)
    form = forms.LogEntryForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        services.require_work(request.user, case)
        if save_posted(
            request,
            form,
            lambda data: services.add_log_entry(
                request.user, case=case, context=context_of(request), **data
            ),
            done=_("Toegevoegd aan het logboek."),
        ):
            return redirect("cases:log", case.pk)
    entries = case.log.select_related("author")
    context.update({"form": form, "entries": entries[:200]})
    return render_tab(request, "cases/log.html", context, 400 if form.errors else 200)
