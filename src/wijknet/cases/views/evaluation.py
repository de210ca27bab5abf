"""The evaluations tab: an evaluation of the set plan starts its next
version."""

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.cases import forms, services
from wijknet.cases.views.common import case_page, context_of, render_tab, save_posted


def evaluations(request, case_id: int):
    case, context = case_page(request, case_id)
    form = forms.EvaluationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        services.require_work(request.user, case)
        if save_posted(
            request,
            form,
            lambda data: services.record_evaluation(
                request.user, case=case, context=context_of(request), **data
            ),
            done=_("De evaluatie is vastgelegd. Werk de nieuwe versie van het plan bij."),
        ):
            return redirect("cases:plan", case.pk)
    context.update(
        {
            "form": form,
            "evaluations": case.evaluations.select_related("author", "plan_version", "new_version"),
            "evaluated": services.set_version(case),
        }
    )
    return render_tab(request, "cases/evaluations.html", context, 400 if form.errors else 200)
