"""The public social map: no login, plain Dutch, works without JavaScript
(htmx only replaces the result list in place)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wijknet.core.forms import Form
from wijknet.core.validators import format_postcode, normalise_postcode
from wijknet.kaart import selectors
from wijknet.kaart.models import DAY_LABELS, Contact, Phone, Service


class QuickSelect(forms.Select):
    """Django's Select, written out here instead of by a template per option
    and per option's attributes: the search page has six, and their
    option templates cost more than the rest of the page's form. The same
    HTML (tests/kaart/test_public_search.py compares them); no option
    groups, which these fields do not have."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for _group, options, _index in widget["optgroups"]:
            parts += [
                f'\n  <option value="{escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                for option in options
            ]
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 every value above is escaped


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(key)}"
        if value is True
        else f' {conditional_escape(key)}="{escape(value)}"'
        for key, value in attrs.items()
        if value is not False
    )


class SearchForm(Form):
    q = forms.CharField(label=_("Waar zoekt u hulp bij?"), required=False, max_length=200)
    postcode = forms.CharField(
        label=_("Uw postcode (voor aanbod in de buurt)"), required=False, max_length=7
    )
    neighbourhood = forms.ChoiceField(label=_("Buurt"), required=False, widget=QuickSelect)
    life_domain = forms.ChoiceField(label=_("Onderwerp"), required=False, widget=QuickSelect)
    target_group = forms.ChoiceField(label=_("Voor wie"), required=False, widget=QuickSelect)
    ladder_level = forms.ChoiceField(
        label=_("Soort aanbod"),
        required=False,
        choices=[("", _("alle")), *Service.LadderLevel.choices],
        widget=QuickSelect,
    )
    cost = forms.ChoiceField(
        label=_("Kosten"),
        required=False,
        choices=[("", _("alle")), ("free", _("gratis")), ("contribution", _("met eigen bijdrage"))],
        widget=QuickSelect,
    )
    day = forms.ChoiceField(
        label=_("Op welke dag"),
        required=False,
        choices=[("", _("alle dagen")), *((code, label) for code, label in DAY_LABELS.items())],
        widget=QuickSelect,
    )
    open_now = forms.BooleanField(label=_("Nu open"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.search_choices()
        self.neighbourhood_ids = choices.neighbourhood_ids
        self.fields["neighbourhood"].choices = [("", _("alle buurten")), *choices.neighbourhoods]
        self.fields["life_domain"].choices = [("", _("alle")), *choices.life_domains]
        self.fields["target_group"].choices = [("", _("iedereen")), *choices.target_groups]

    def filters(self) -> selectors.SearchFilters:
        data = self.cleaned_data
        return selectors.SearchFilters(
            neighbourhood=self.neighbourhood_ids.get(data.get("neighbourhood") or ""),
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


def _postcode_notice(postcode: str, page: selectors.SearchPage) -> str:
    """Why the results are not sorted near the postcode the resident typed,
    if they are not: the results themselves stay."""
    if not postcode or page.near is not None:
        return ""
    try:
        compact = normalise_postcode(postcode)
    except ValidationError as error:
        return _("%(error)s De resultaten staan op naam.") % {"error": error.messages[0]}
    return _(
        "We kennen postcode %(postcode)s niet in deze gemeente; de resultaten staan op naam."
    ) % {"postcode": format_postcode(compact)}


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
        "postcode_notice": _postcode_notice(form.cleaned_data.get("postcode"), page)
        if page is not None
        else "",
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
    # Contact persons are an organisation's public contact points, open data
    # like the rest of the map (docs/access-policy.md): no audit row.
    prefetch_related_objects(
        [service],
        Prefetch("contacts", Contact.objects.order_by("id")),
        Prefetch("contacts__phones", Phone.objects.order_by("id")),
    )
    return render(
        request,
        "kaart/public/detail.html",
        {
            "service": service,
            "kiosk": request.GET.get("kiosk") == "1",
            "idle_seconds": settings.WIJKNET_KIOSK_IDLE_SECONDS,
        },
    )
