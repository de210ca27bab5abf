# PLACEHOLDER: being built by a helper; replaced before commit.
from django.contrib.auth.decorators import login_required

from wijknet.cases.views import case_page, render_tab


@login_required
def applications(request, case_id: int):
    case, context = case_page(request, case_id)
    return render_tab(request, "cases/case_base.html", context)


@login_required
def assessor_queue(request):
    from django.shortcuts import render

    return render(request, "base.html", {})


@login_required
def report_pdf(request, case_id: int, conversation_id: int):
    case, context = case_page(request, case_id)
    return render_tab(request, "cases/case_base.html", context)


@login_required
def plan_pdf(request, case_id: int):
    case, context = case_page(request, case_id)
    return render_tab(request, "cases/case_base.html", context)
