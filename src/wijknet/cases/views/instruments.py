"""The instruments tab of a case: the self-reliance matrix with the progress
between measurements, the personal profile, the quality-of-life grid and the
options worksheet per goal. Every instrument is added with its own form,
posted to its own address; an error shows the tab again with the input
kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wijknet.cases import instrument_forms as forms
from wijknet.cases import services
from wijknet.cases.models import Goal, MatrixDomain, MatrixScore
from wijknet.cases.services import instruments as tools
from wijknet.cases.views.common import case_page, context_of, render_tab, save_posted

TEMPLATE = "cases/instruments.html"

# The progress chart: one line per domain, a column per level.
CHART_LABEL_W = 210
CHART_STEP = 56
CHART_ROW_H = 26
CHART_TOP = 30


def _tab_url(case, anchor: str) -> str:
    return reverse("cases:instruments", args=[case.pk]) + f"#{anchor}"


def _chart(progress: tools.PersonProgress) -> dict:
    """Coordinates for the small progress figure of one person: per domain
    an open circle for the first level, a filled one for the latest and a
    diamond for the target. Shapes, not colours, carry the meaning."""

    def x(level: int) -> int:
        return CHART_LABEL_W + (level - 1) * CHART_STEP

    rows = []
    for index, item in enumerate(progress.domains):
        y = CHART_TOP + index * CHART_ROW_H + CHART_ROW_H // 2
        row = {"name": item.domain.name, "y": y, "text_y": y + 5}
        if item.first is not None:
            row["first_x"] = x(item.first)
            row["latest_x"] = x(item.latest)
            row["moved"] = item.first != item.latest
        if item.target is not None:
            tx = x(item.target)
            row["target_points"] = f"{tx},{y - 7} {tx + 7},{y} {tx},{y + 7} {tx - 7},{y}"
        rows.append(row)
    bottom = CHART_TOP + len(rows) * CHART_ROW_H
    return {
        "width": x(5) + 30,
        "height": bottom + 10,
        "bottom": bottom,
        "axis": [{"level": level, "x": x(level)} for level in range(1, 6)],
        "rows": rows,
    }


def _forms(case, progress, goals, **bound) -> dict:
    """The forms of the tab: the bound one the user posted, fresh ones for
    the rest. A new measurement starts from the targets of the latest."""
    today = timezone.localdate()
    domains = list(MatrixDomain.objects.filter(active=True))
    matrix_initial = {"measured_on": today}
    latest = max(
        (m for p in progress for m in p.measurements),
        key=lambda m: (m.measured_on, m.pk),
        default=None,
    )
    if latest is not None:
        matrix_initial["person"] = latest.person_id
        for score in latest.scores.all():
            if score.target_level:
                matrix_initial[f"target_{score.domain_id}"] = score.target_level
    worksheet_forms = bound.get("worksheet_forms", {})
    return {
        "matrix_form": bound.get("matrix_form")
        or forms.MatrixForm(case=case, domains=domains, initial=matrix_initial),
        "profile_form": bound.get("profile_form")
        or forms.ProfileForm(case=case, initial={"made_on": today}),
        "quality_form": bound.get("quality_form")
        or forms.QualityForm(case=case, initial={"made_on": today}),
        "worksheet_forms": {
            goal.pk: worksheet_forms.get(goal.pk)
            or forms.WorksheetForm(prefix=f"w{goal.pk}", worksheet=getattr(goal, "worksheet", None))
            for goal in goals
        },
    }


def _render(request, case, context: dict, status: int = 200, **bound):
    progress = tools.matrix_progress(case)
    goals = tools.goals_with_worksheets(case)
    context.update(
        {
            "progress": [{"person": p, "chart": _chart(p)} for p in progress],
            "levels": MatrixScore.Level.choices,
            "profiles": tools.latest_profiles(case),
            "quality_grids": tools.latest_quality_grids(case),
            "goals": [
                {"goal": goal, "worksheet": getattr(goal, "worksheet", None)} for goal in goals
            ],
        }
    )
    if context["can_work"]:
        context.update(_forms(case, progress, goals, **bound))
        forms_by_goal = context["worksheet_forms"]
        for item in context["goals"]:
            item["form"] = forms_by_goal[item["goal"].pk]
    return render_tab(request, TEMPLATE, context, status)


@login_required
@require_safe
def instruments(request, case_id: int):
    case, context = case_page(request, case_id)
    return _render(request, case, context)


def _posted(request, case_id: int):
    """The case and tab context for a post; only the case's own team
    writes (403 for a team that only reads along)."""
    case, context = case_page(request, case_id)
    services.require_work(request.user, case)
    return case, context


def _closed(request, case):
    """A closed case shows no forms, so say so where the user lands."""
    messages.error(request, _("Dit traject is afgesloten. Heropen het om verder te werken."))
    return redirect("cases:instruments", case.pk)


@login_required
@require_POST
def matrix_add(request, case_id: int):
    case, context = _posted(request, case_id)
    if not case.is_open:
        return _closed(request, case)
    form = forms.MatrixForm(request.POST, case=case)
    if save_posted(
        request,
        form,
        lambda data: tools.record_matrix(
            request.user,
            case=case,
            person=data["person"],
            measured_on=data["measured_on"],
            scores=form.scores(),
            targets=form.targets(),
            note=data["note"],
            context=context_of(request),
        ),
        done=_("De meting van de zelfredzaamheidsmatrix is vastgelegd."),
        refused=forms.add_service_errors,
    ):
        return redirect(_tab_url(case, "matrix"))
    return _render(request, case, context, status=400, matrix_form=form)


@login_required
@require_POST
def profile_add(request, case_id: int):
    case, context = _posted(request, case_id)
    if not case.is_open:
        return _closed(request, case)
    form = forms.ProfileForm(request.POST, case=case)
    if save_posted(
        request,
        form,
        lambda data: tools.record_profile(
            request.user,
            case=case,
            person=data["person"],
            made_on=data["made_on"],
            rows=form.rows(),
            wishes=form.wishes(),
            context=context_of(request),
        ),
        done=_("Het persoonlijk profiel is vastgelegd."),
        refused=forms.add_service_errors,
    ):
        return redirect(_tab_url(case, "profiel"))
    return _render(request, case, context, status=400, profile_form=form)


@login_required
@require_POST
def quality_add(request, case_id: int):
    case, context = _posted(request, case_id)
    if not case.is_open:
        return _closed(request, case)
    form = forms.QualityForm(request.POST, case=case)
    if save_posted(
        request,
        form,
        lambda data: tools.record_quality_grid(
            request.user,
            case=case,
            person=data["person"],
            made_on=data["made_on"],
            rows=form.rows(),
            context=context_of(request),
        ),
        done=_("Het overzicht kwaliteit van bestaan is vastgelegd."),
        refused=forms.add_service_errors,
    ):
        return redirect(_tab_url(case, "kwaliteit"))
    return _render(request, case, context, status=400, quality_form=form)


@login_required
@require_POST
def worksheet_save(request, case_id: int, goal_id: int):
    case, context = _posted(request, case_id)
    if not case.is_open:
        return _closed(request, case)
    goal = get_object_or_404(Goal.objects.select_related("worksheet"), pk=goal_id, case=case)
    form = forms.WorksheetForm(
        request.POST, prefix=f"w{goal.pk}", worksheet=getattr(goal, "worksheet", None)
    )
    if save_posted(
        request,
        form,
        lambda _data: tools.save_worksheet(
            request.user,
            case=case,
            goal=goal,
            options=form.options(),
            best=form.best(),
            second=form.second(),
            context=context_of(request),
        ),
        done=_("Het werkblad opties is opgeslagen."),
        refused=forms.add_service_errors,
    ):
        return redirect(_tab_url(case, f"doel-{goal.pk}"))
    return _render(request, case, context, status=400, worksheet_forms={goal.pk: form})
