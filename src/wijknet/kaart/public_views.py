"""The public social map: no login, plain Dutch, works without JavaScript
(htmx only replaces the result list in place)."""

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from wijknet.core.forms import Form
from wijknet.kaart import selectors
from wijknet.kaart.models import DAY_CODES, LifeDomain, Service, TargetGroup

DAY_LABELS = dict(
    zip(
        DAY_CODES,
        [
            _("maandag"),
            _("dinsdag"),
            _("woensdag"),
            _("donderdag"),
            _("vrijdag"),
            _("zaterdag"),
            _("zondag"),
        ],
        strict=True,
    )
)


class SearchForm(Form):
    q = forms.CharField(label=_("Waar zoekt u hulp bij?"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Uw postcode (voor aanbod in de buurt)"), required=False, max_length=7
    )
    life_domain = forms.ChoiceField(label=_("Onderwerp"), required=False)
    target_group = forms.ChoiceField(label=_("Voor wie"), required=False)
    ladder_level = forms.ChoiceField(
        label=_("Soort aanbod"),
        required=False,
        choices=[("", _("alle")), *Service.LadderLevel.choices],
    )
    cost = forms.ChoiceField(
        label=_("Kosten"),
        required=False,
        choices=[("", _("alle")), ("free", _("gratis")), ("contribution", _("met eigen bijdrage"))],
    )
    day = forms.ChoiceField(
        label=_("Op welke dag"),
        required=False,
        choices=[("", _("alle dagen")), *((code, label) for code, label in DAY_LABELS.items())],
    )
    open_now = forms.BooleanField(label=_("Nu open"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].choices = [("", _("alle"))] + [
            (item.code, item.label) for item in LifeDomain.objects.all()
        ]
        self.fields["target_group"].choices = [("", _("iedereen"))] + [
            (item.code, item.label) for item in TargetGroup.objects.all()
        ]

    def filters(self) -> selectors.SearchFilters:
        data = self.cleaned_data
        return selectors.SearchFilters(
            life_domain=data.get("life_domain") or "",
            target_group=data.get("target_group") or "",
            ladder_level=data.get("ladder_level") or "",
            cost=data.get("cost") or "",
            day=data.get("day") or "",
            open_now=bool(data.get("open_now")),
        )


def _page_number(request) -> int:
    try:
        return min(max(1, int(request.GET.get("pagina", "1"))), 100)
    except ValueError:
        return 1


def _search(request, template: str, extra: dict):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        page = selectors.search_services(
            data.get("q") or "",
            filters=form.filters(),
            near_postcode=data.get("postcode") or "",
            page=_page_number(request),
            cards=True,
        )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
        **extra,
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "kaart/public/_results.html", context)
    return render(request, template, context)


def search(request):
    return _search(request, "kaart/public/search.html", {"kiosk": False})


def kiosk(request):
    """Large type for a screen in a community centre; resets when idle."""
    return _search(
        request,
        "kaart/public/search.html",
        {"kiosk": True, "idle_seconds": settings.WIJKNET_KIOSK_IDLE_SECONDS},
    )


def detail(request, service_id: int):
    service = selectors.get_service(service_id)
    if service is None:
        raise Http404
    return render(
        request,
        "kaart/public/detail.html",
        {
            "service": service,
            "kiosk": request.GET.get("kiosk") == "1",
            "idle_seconds": settings.WIJKNET_KIOSK_IDLE_SECONDS,
        },
    )
