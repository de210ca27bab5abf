"""Pages of applications and decisions: the case's "Aanvragen" tab, the
assessor's queue with the overdue legal deadlines, the application page
the assessor decides on, with the decision and an objection to it. The
PDF documents are in ``documents``.

The assessor never opens the case page: the application page reads the
application through ``Application.objects.visible_to`` and shows the plan
parts the decision needs, nothing more of the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.cases import selectors, services
from wijknet.cases.forms import ApplicationForm, DecisionForm, ObjectionForm
from wijknet.cases.models import Application, Decision
from wijknet.cases.services import applications as service
from wijknet.cases.views.common import case_page, context_of, render_tab, save_posted
from wijknet.core import access, deadlines, terms

# --- The case's tab -------------------------------------------------------------


def _elements(application: Application) -> list[tuple]:
    """The seven elements as (name, text, optional) for display."""
    return [
        (
            label,
            application.get_form_display() if name == "form" else getattr(application, name),
            name in service.OPTIONAL_ELEMENTS,
        )
        for name, label in service.ELEMENTS
    ]


def _plan_ready(case) -> bool:
    """Whether the set plan holds an individual step, so that an
    application can be drawn up from it."""
    version = services.set_version(case)
    return version is not None and version.has_individual_step()


def _tab(request, case, context, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    rows = case.applications.select_related(
        "applicant", "plan_version", "created_by", "decision", "decision__assessor"
    ).prefetch_related("decision__objections")
    items = []
    objection_term = terms.term(deadlines.OBJECTION)
    for application in rows:
        decision = getattr(application, "decision", None)
        is_draft = application.status == Application.Status.DRAFT
        items.append(
            {
                "application": application,
                "decision": decision,
                "missing": service.missing_elements(application) if is_draft else [],
                "elements": _elements(application),
                "edit_form": (
                    bound.get(f"edit-{application.pk}")
                    or ApplicationForm(instance=application, case=case, prefix=f"a{application.pk}")
                )
                if is_draft and context["can_work"]
                else None,
                "objection_form": (
                    bound.get(f"objection-{application.pk}")
                    or ObjectionForm(
                        prefix=f"b{application.pk}", initial={"received_on": timezone.localdate()}
                    )
                )
                if decision and context["can_work"]
                else None,
                "objection_due": service.objection_due(decision, objection_term)
                if decision
                else None,
            }
        )
    context.update(
        {
            "items": items,
            "plan_ready": _plan_ready(case) if context["can_work"] else False,
            "today": timezone.localdate(),
            "decision_term": terms.describe(terms.term(deadlines.DECISION)),
        }
    )
    return render_tab(request, "cases/applications.html", context, status=status)


@login_required
def applications(request, case_id: int):
    case, context = case_page(request, case_id)
    return _tab(request, case, context)


def _anchor(case_id: int, application_id: int) -> str:
    return reverse("cases:applications", args=[case_id]) + f"#aanvraag-{application_id}"


@login_required
@require_POST
def application_new(request, case_id: int):
    case, _context = case_page(request, case_id)
    try:
        application = service.draft_from_plan(request.user, case=case, context=context_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("cases:applications", case.pk)
    messages.success(
        request,
        _("De aanvraag is opgesteld uit het plan. Vul de ontbrekende onderdelen aan en dien in."),
    )
    return redirect(_anchor(case.pk, application.pk))


@login_required
@require_POST
def application_action(request, case_id: int, application_id: int, action: str):
    case, context = case_page(request, case_id)
    application = get_object_or_404(case.applications, pk=application_id)
    audit_context = context_of(request)
    if action == "wijzigen":
        if application.status != Application.Status.DRAFT:
            messages.error(request, _("Een ingediende aanvraag kan niet meer worden gewijzigd."))
            return redirect(_anchor(case.pk, application.pk))
        form = ApplicationForm(
            request.POST, instance=application, case=case, prefix=f"a{application.pk}"
        )
        if save_posted(
            request,
            form,
            lambda data: service.update_application(
                request.user,
                application=application,
                context=audit_context,
                **{name: data[name] for name in service.EDIT_FIELDS},
            ),
            done=_("De aanvraag is opgeslagen."),
        ):
            return redirect(_anchor(case.pk, application.pk))
        application.refresh_from_db()
        return _tab(request, case, context, bound={f"edit-{application.pk}": form}, status=400)
    if action == "indienen":
        try:
            application = service.submit(
                request.user, application=application, context=audit_context
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("De aanvraag is ingediend. De consulent beslist uiterlijk op %(date)s.")
                % {"date": application.decision_due.strftime("%d-%m-%Y")},
            )
        return redirect(_anchor(case.pk, application.pk))
    if action == "bezwaar":
        decision = getattr(application, "decision", None)
        if decision is None:
            raise Http404
        form = ObjectionForm(request.POST, prefix=f"b{application.pk}")
        if _record_objection(request, decision, form):
            return redirect(_anchor(case.pk, application.pk))
        return _tab(request, case, context, bound={f"objection-{application.pk}": form}, status=400)
    raise Http404


def _record_objection(request, decision: Decision, form: ObjectionForm) -> bool:
    return save_posted(
        request,
        form,
        lambda data: service.record_objection(
            request.user, decision=decision, context=context_of(request), **data
        ),
        done=_("Het bezwaar is vastgelegd."),
    )


# --- The assessor's side -------------------------------------------------------------


def _require_queue(user) -> None:
    """Assessors decide; teams follow their applications and deadlines."""
    if not (access.can(user, "cases.decide") or access.can(user, "cases.caseload")):
        raise PermissionDenied


@login_required
def assessor_queue(request):
    _require_queue(request.user)
    context = context_of(request)
    page = service.assessor_queue(request.user, cursor=request.GET.get("na"), context=context)
    overdue = service.overdue_decisions(request.user, context=context)
    sees_cases = access.can(request.user, "cases.caseload")
    investigations = (
        service.overdue_investigations(request.user, context=context) if sees_cases else None
    )
    return render(
        request,
        "cases/applications_queue.html",
        {
            "page": page,
            "overdue": overdue,
            "overdue_limit": service.OVERDUE_LIMIT,
            "investigations": investigations,
            "decides": access.can(request.user, "cases.decide"),
            "today": timezone.localdate(),
        },
    )


def visible_application(request, application_id: int) -> Application:
    """An application the user may see (404 otherwise, audited). These are
    staff pages: the resident will read a decision in the portal."""
    _require_queue(request.user)
    return access.get_visible_or_404(
        request.user,
        Application.objects.select_related(
            "case",
            "case__team",
            "applicant",
            "plan_version",
            "decision",
            "decision__assessor",
        ),
        context=context_of(request),
        pk=application_id,
    )


def _detail(request, application: Application, *, bound: dict | None = None, status=200):
    bound = bound or {}
    user = request.user
    decision = getattr(application, "decision", None)
    version = selectors.plan_version(application.case, application.plan_version.number)
    decides = access.can(user, "cases.decide")
    own_plan = decides and service.is_plan_author(user, application)
    may_decide = decides and not own_plan and application.status == Application.Status.SUBMITTED
    context = {
        "application": application,
        "decision": decision,
        "version": version,
        "goals": [
            {"plan_goal": plan_goal, "rings": selectors.ladder_rings(plan_goal)}
            for plan_goal in version.plan_goals.all()
        ],
        "elements": _elements(application),
        "own_plan": own_plan,
        "decision_form": (
            bound.get("decision") or DecisionForm(initial={"provision": application.provision})
        )
        if may_decide
        else None,
        "objection_form": (
            bound.get("objection") or ObjectionForm(initial={"received_on": timezone.localdate()})
        )
        if decision and decides
        else None,
        "objection_due": service.objection_due(decision) if decision else None,
        "team_view": access.can_work_on_case(user, application.case),
        "today": timezone.localdate(),
    }
    return render(request, "cases/applications_detail.html", context, status=status)


@login_required
def application_detail(request, application_id: int):
    return _detail(request, visible_application(request, application_id))


@login_required
@require_POST
def decide(request, application_id: int):
    access.require(request.user, "cases.decide")
    application = visible_application(request, application_id)
    form = DecisionForm(request.POST)
    if save_posted(
        request,
        form,
        lambda data: service.decide(
            request.user, application=application, context=context_of(request), **data
        ),
        done=_("Het besluit is vastgelegd. De beschikking staat klaar."),
    ):
        return redirect("cases:application", application.pk)
    return _detail(request, application, bound={"decision": form}, status=400)


@login_required
@require_POST
def objection(request, application_id: int):
    access.require(request.user, "cases.decide")
    application = visible_application(request, application_id)
    decision = getattr(application, "decision", None)
    if decision is None:
        raise Http404
    form = ObjectionForm(request.POST)
    if _record_objection(request, decision, form):
        return redirect("cases:application", application.pk)
    return _detail(request, application, bound={"objection": form}, status=400)
