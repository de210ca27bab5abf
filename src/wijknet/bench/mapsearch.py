"""The social-map searches, run inside a measuring child: the resident's
searches as form parameters, the search behind the public page, and the
naive ``icontains`` baseline it is compared with.

Models are imported inside the functions: this package is a Django app,
loaded before the models are ready.
"""

from wijknet.bench.scenarios import FIRST_BUURT, MAP_QUERIES


def map_queries() -> list[dict]:
    """MAP_QUERIES as the search form's parameters, with postcodes spread
    over the municipality."""
    from wijknet.core.models import Neighbourhood, Postcode
    from wijknet.core.validators import format_postcode

    codes = list(Postcode.objects.order_by("postcode").values_list("postcode", flat=True))
    near = codes[:: max(1, len(codes) // 7)] or [""]
    buurt = (
        Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD)
        .order_by("cbs_code")
        .values_list("cbs_code", flat=True)
        .first()
    )
    queries = []
    for i, (words, filters, nearby) in enumerate(MAP_QUERIES):
        params = {"q": words, **filters}
        if params.get("neighbourhood") == FIRST_BUURT:
            params["neighbourhood"] = buurt or ""
        if nearby and near[0]:
            params["postcode"] = format_postcode(near[i % len(near)])
        queries.append(params)
    return queries


def map_page_url() -> str | None:
    """The public search page, or None while it is not routed yet."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("kaart:search")
    except NoReverseMatch:
        return None


def _filters(params: dict):
    from wijknet.kaart.selectors import SearchFilters

    return SearchFilters(
        neighbourhood=_neighbourhood_id(params.get("neighbourhood", "")),
        open_now=bool(params.get("open_now")),
        life_domain=params.get("life_domain", ""),
        target_group=params.get("target_group", ""),
        ladder_level=params.get("ladder_level", ""),
        cost=params.get("cost", ""),
        day=params.get("day", ""),
    )


def map_search_selector(params: dict) -> list:
    """The search behind the public page, without the page."""
    from wijknet.kaart import selectors

    page = selectors.search_services(
        params.get("q", ""),
        filters=_filters(params),
        near_postcode=params.get("postcode", ""),
        cards=True,
    )
    return page.rows


def _neighbourhood_id(code: str) -> int | None:
    from wijknet.core.models import Neighbourhood

    if not code:
        return None
    return Neighbourhood.objects.filter(cbs_code=code).values_list("pk", flat=True).first()


def map_search_naive(params: dict) -> list:
    """The baseline: every word as ``icontains`` over all the text the
    search indexes (name, other name, description, working method, provider,
    target-group and life-domain labels), with the same filters, the same
    page size and the same details per result; near a postcode, entries
    serving its neighbourhood first (without the distance ranking)."""
    from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

    from wijknet.kaart import selectors
    from wijknet.kaart.models import Service, ServiceAtLocation

    queryset = Service.objects.published()
    for word in params.get("q", "").split():
        labelled = Q(
            pk__in=Service.target_groups.through.objects.filter(
                targetgroup__label__icontains=word
            ).values("service_id")
        ) | Q(
            pk__in=Service.life_domains.through.objects.filter(
                lifedomain__label__icontains=word
            ).values("service_id")
        )
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(working_method__icontains=word)
            | Q(organisation__name__icontains=word)
            | labelled
        )
    queryset = selectors._filtered(queryset, _filters(params), None)
    ordering = ["name", "id"]
    near = selectors.neighbourhood_for(params["postcode"]) if params.get("postcode") else None
    if near is not None:
        served = Service.neighbourhoods.through.objects.filter(neighbourhood_id=near.pk)
        here = ServiceAtLocation.objects.filter(
            service=OuterRef("pk"), location__neighbourhood=near.pk
        )
        queryset = queryset.annotate(
            serves_here=Case(
                When(Q(pk__in=served.values("service_id")) | Exists(here), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        ordering = ["-serves_here", "name", "id"]
    size = selectors.PAGE_SIZE
    ids = list(queryset.order_by(*ordering).values_list("id", flat=True)[: size + 1])
    # The details per result, loaded as the search loads them without cards.
    return selectors._details(
        list(Service.objects.filter(pk__in=ids[:size]).select_related("organisation"))
    )
