"""Staff pages of the social map: the list, the entry form, the review
queue, an entry's history, the bulk import, and the overlap analysis for
policy. Each page checks its capability; the map holds no personal data,
so there are no audit rows."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.core import access
from wijknet.core.pagination import keyset_page
from wijknet.kaart import overlap, selectors, services
from wijknet.kaart.exchange import spreadsheet
from wijknet.kaart.forms import (
    EntryForms,
    ImportForm,
    OverlapFilterForm,
    ReviewFilterForm,
    StaffFilterForm,
)
from wijknet.kaart.history import history_page
from wijknet.kaart.models import LifeDomain, MapEditor, Service, TargetGroup

LIST_SIZE = 25
REVIEW_SIZE = 50
OVERLAP_SIZE = 50


def _querystring(request, *drop: str) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


@login_required
def staff_list(request):
    access.require(request.user, "kaart.edit")
    filters = StaffFilterForm(request.GET or None)
    queryset = Service.objects.select_related("organisation")
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("q"):
            queryset = queryset.filter(name__icontains=data["q"])
        if data.get("organisation"):
            queryset = queryset.filter(organisation=data["organisation"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
    page = keyset_page(queryset, ("name", "id"), request.GET.get("na"), LIST_SIZE)
    return render(
        request,
        "kaart/staff/list.html",
        {"filters": filters, "page": page, "querystring": _querystring(request, "na")},
    )


def _edit(request, service: Service | None):
    forms = EntryForms(request.POST if request.method == "POST" else None, service=service)
    if request.method == "POST" and forms.is_valid():
        try:
            saved = services.save_entry(request.user, service=service, **forms.payload())
        except ValidationError as error:
            forms.apply_errors(error)
        else:
            messages.success(request, _("'%(name)s' is opgeslagen.") % {"name": saved.name})
            return redirect("kaart:staff_list")
    return render(
        request,
        "kaart/staff/form.html",
        {"forms": forms, "service": service, "errors": forms.error_list()},
    )


@login_required
def create(request):
    access.require(request.user, "kaart.edit")
    return _edit(request, None)


@login_required
def edit(request, service_id: int):
    access.require(request.user, "kaart.edit")
    return _edit(request, get_object_or_404(Service, pk=service_id))


@login_required
def history(request, service_id: int):
    access.require(request.user, "kaart.edit")
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=service_id)
    page = history_page(service, request.GET.get("na"))
    return render(
        request,
        "kaart/staff/history.html",
        {"service": service, "page": page, "querystring": _querystring(request, "na")},
    )


@login_required
def review(request):
    access.require(request.user, "kaart.edit")
    filters = ReviewFilterForm(request.GET or None)
    organisation_ids = None
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("mine"):
            organisation_ids = list(
                MapEditor.objects.filter(user=request.user).values_list(
                    "organisation_id", flat=True
                )
            )
        if data.get("organisation"):
            chosen = data["organisation"].pk
            mine = organisation_ids
            organisation_ids = [chosen] if mine is None or chosen in mine else []
    queue = selectors.review_queue(organisation_ids=organisation_ids)
    per_organisation = (
        queue.order_by()
        .values("organisation_id", "organisation__name")
        .annotate(n=Count("id"))
        .order_by("organisation__name")
    )
    ordered = queue.order_by(
        "organisation__name", F("last_verified_on").asc(nulls_first=True), "id"
    )
    page = Paginator(ordered, REVIEW_SIZE).get_page(request.GET.get("pagina"))
    shown = {service.organisation_id for service in page}
    owners = {
        editor.organisation_id: editor.user
        for editor in MapEditor.objects.filter(organisation_id__in=shown).select_related("user")
    }
    for service in page:
        service.owner = owners.get(service.organisation_id)
    return render(
        request,
        "kaart/staff/review.html",
        {
            "filters": filters,
            "page": page,
            "per_organisation": per_organisation,
            "querystring": _querystring(request, "pagina"),
            "next_url": request.get_full_path(),
            "review_months": settings.WIJKNET_MAP_REVIEW_MONTHS,
        },
    )


@login_required
@require_POST
def verify(request, service_id: int):
    access.require(request.user, "kaart.edit")
    service = get_object_or_404(Service, pk=service_id)
    services.verify_service(request.user, service=service)
    messages.success(
        request, _("'%(name)s' klopt nog: gecontroleerd vandaag.") % {"name": service.name}
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("kaart:staff_review")
    return redirect(target)


def _import_context(**extra) -> dict:
    return {
        "columns": spreadsheet.COLUMNS,
        "life_domains": LifeDomain.objects.all(),
        "target_groups": TargetGroup.objects.all(),
        "max_rows": spreadsheet.MAX_ROWS,
        **extra,
    }


@login_required
def import_upload(request):
    """Step one: upload and dry run. Nothing is written."""
    access.require(request.user, "kaart.edit")
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = token = None
    if request.method == "POST" and form.is_valid():
        table = form.table
        plan = spreadsheet.build_plan(table.rows, warnings=table.warnings)
        if not plan.has_errors and plan.has_changes:
            token = spreadsheet.sign(table, plan, request.user)
    return render(
        request,
        "kaart/staff/import.html",
        _import_context(form=form, plan=plan, token=token),
    )


@login_required
@require_POST
def import_confirm(request):
    """Step two: apply what the dry run showed, all or nothing."""
    access.require(request.user, "kaart.edit")
    payload = spreadsheet.unsign(request.POST.get("token", ""), request.user)
    if payload is None:
        messages.error(
            request, _("De controle is verlopen of ongeldig. Upload het bestand opnieuw.")
        )
        return redirect("kaart:staff_import")
    again = spreadsheet.build_plan(payload["rows"])
    if again.digest() != payload["digest"]:
        # The map changed since the dry run: show what would happen now.
        messages.warning(
            request,
            _("Het aanbod is intussen gewijzigd. Bekijk de nieuwe controle en bevestig opnieuw."),
        )
        table = spreadsheet.Sheet(name=payload["name"], headers=[], rows=payload["rows"])
        token = None
        if not again.has_errors and again.has_changes:
            token = spreadsheet.sign(table, again, request.user)
        return render(
            request,
            "kaart/staff/import.html",
            _import_context(form=ImportForm(), plan=again, token=token),
        )
    plan = spreadsheet.apply(request.user, payload["rows"])
    if not plan.applied:
        return render(
            request,
            "kaart/staff/import.html",
            _import_context(form=ImportForm(), plan=plan, token=None),
        )
    counts = plan.counts
    messages.success(
        request,
        _("Import verwerkt: %(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd.")
        % counts,
    )
    return redirect("kaart:staff_list")


@login_required
def import_example(request):
    access.require(request.user, "kaart.edit")
    response = HttpResponse(spreadsheet.example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sociale-kaart-voorbeeld.csv"'
    return response


@login_required
def overlap_view(request):
    access.require(request.user, "kaart.overlap")
    filters = OverlapFilterForm(request.GET or None)
    life_domain = filters.cleaned_data.get("life_domain") if filters.is_valid() else None
    analysis = overlap.analyse(life_domain=life_domain)
    overlaps = Paginator(analysis.overlaps, OVERLAP_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "kaart/staff/overlap.html",
        {
            "filters": filters,
            "analysis": analysis,
            "overlaps": overlaps,
            "querystring": _querystring(request, "pagina"),
        },
    )
