"""The resident's side of the trajectory in the portal: 'Mijn plan'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wijknet.cases import forms, selectors, services
from wijknet.cases.models import Case
from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.forms import form_messages
from wijknet.core.models import AuditPurpose


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
