"""The PDF documents of a case: the report of a conversation, the plan,
and the decision letter (beschikking)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from wijknet.cases import pdf, selectors
from wijknet.cases.models import Conversation
from wijknet.cases.views.applications import visible_application
from wijknet.cases.views.common import case_page, context_of


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def decision_pdf(request, application_id: int):
    application = visible_application(request, application_id)
    if getattr(application, "decision", None) is None:
        raise Http404
    content = pdf.decision_document(
        request.user, application=application, context=context_of(request)
    )
    return _pdf(content, f"beschikking-{application.case.number}-{application.pk}.pdf")


@login_required
def report_pdf(request, case_id: int, conversation_id: int):
    case, _context = case_page(request, case_id)
    conversation = get_object_or_404(
        Conversation.objects.select_related("author"), pk=conversation_id, case=case
    )
    report = getattr(conversation, "report", None)
    if report is None:
        raise Http404
    content = pdf.report_document(
        request.user, case=case, report=report, context=context_of(request)
    )
    return _pdf(content, f"verslag-{case.number}-{conversation.held_on:%Y%m%d}.pdf")


@login_required
def plan_pdf(request, case_id: int):
    case, _context = case_page(request, case_id)
    number = request.GET.get("versie", "")
    version = selectors.plan_version(case, int(number) if number.isdigit() else None)
    if version is None:
        raise Http404
    content = pdf.plan_document(
        request.user, case=case, version=version, context=context_of(request)
    )
    return _pdf(content, f"plan-{case.number}-v{version.number}.pdf")
