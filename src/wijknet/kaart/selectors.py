"""Reads of the social map. The map is open data: no personal data, so no
audit rows; staff-only views check their capability in the view."""

import calendar
import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from wijknet.core.models import Neighbourhood
from wijknet.core.selectors import neighbourhood_for_postcode
from wijknet.core.validators import normalise_postcode
from wijknet.kaart import search
from wijknet.kaart.models import (
    DAY_CODES,
    LifeDomain,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceVersion,
    TargetGroup,
)

PAGE_SIZE = 20
# A page of results is first looked for among a bounded set of entries that
# must hold it if the page ends inside that set; only when it does not are
# all matching entries ranked. Both ways give the same page (_page_by_name,
# _page_near).
NAME_BOUND = 1000  # the first entries by name
NEARBY_KM = 2.0  # half the side of the square around a neighbourhood's centre
KM_PER_DEGREE = 111.2  # of latitude


@dataclass(frozen=True)
class SearchFilters:
    neighbourhood: int | None = None
    life_domain: str = ""
    target_group: str = ""
    ladder_level: str = ""
    cost: str = ""  # "" | "free" | "contribution"
    day: str = ""  # MO..SU
    open_now: bool = False


@dataclass
class SearchPage:
    rows: list
    number: int
    has_next: bool
    near: Neighbourhood | None = None
    stems: list[str] = field(default_factory=list)
    total: int | None = None  # all matching entries, when asked for


def centroid(neighbourhood: Neighbourhood | None) -> tuple[float, float] | None:
    """(lat, lon) of a neighbourhood polygon's vertices, good enough to rank
    nearby offers when a resident gives only a postcode."""
    geometry = neighbourhood.geometry if neighbourhood else None
    if not geometry or geometry.get("type") != "Polygon":
        return None
    ring = geometry["coordinates"][0]
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    lon = sum(p[0] for p in points) / len(points)
    lat = sum(p[1] for p in points) / len(points)
    return lat, lon


@dataclass
class SearchChoices:
    """The public search form's lists: (code, label) per list, and the id
    behind each neighbourhood's CBS code."""

    life_domains: list[tuple[str, str]] = field(default_factory=list)
    target_groups: list[tuple[str, str]] = field(default_factory=list)
    neighbourhoods: list[tuple[str, str]] = field(default_factory=list)
    neighbourhood_ids: dict[str, int] = field(default_factory=dict)


def search_choices() -> SearchChoices:
    """The life domains, the target groups and the neighbourhoods (buurten),
    each in their own order, in one query: the search form lists them on
    every page."""

    def rows(queryset, which: int):
        return (
            queryset.annotate(which=Value(which))
            .order_by()
            .values_list("which", "order", "label", "code", "pk")
        )

    neighbourhoods = Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD).annotate(
        order=Value(0), label=F("name"), code=F("cbs_code")
    )
    union = rows(LifeDomain.objects.all(), 0).union(
        rows(TargetGroup.objects.all(), 1), rows(neighbourhoods, 2), all=True
    )
    choices = SearchChoices()
    lists = (choices.life_domains, choices.target_groups, choices.neighbourhoods)
    for which, _order, label, code, pk in union.order_by("which", "order", "label", "code"):
        lists[which].append((code, label))
        if which == 2:
            choices.neighbourhood_ids[code] = pk
    return choices


def map_version() -> int:
    """A number that grows with every change to the map: each write leaves a
    line in an entry's change history (staff edits, 'still correct',
    spreadsheet and HSDS imports). A cache key that carries it never serves
    an answer from before a change."""
    return ServiceVersion.objects.aggregate(last=Max("id"))["last"] or 0


def neighbourhood_for(postcode: str) -> Neighbourhood | None:
    """A resident's typed postcode, or None when it is not a valid one."""
    try:
        return neighbourhood_for_postcode(normalise_postcode(postcode))
    except ValidationError:
        return None


def _text_filter(queryset, stems: list[str], *, fuzzy: bool = False):
    for stem in stems:
        # ' stem' matches an indexed word that starts with the stem.
        condition = Q(search_text__contains=f" {stem}")
        if fuzzy and len(stem) >= 4:
            condition |= Q(search_text__trigram_word_similar=stem)
        queryset = queryset.filter(condition)
    return queryset


def _looser(stems: list[str]) -> Q:
    """Each word anywhere in the text: true of every word-start match, so it
    changes no result, for queries that must rank every match. PostgreSQL
    multiplies its estimates of how many entries each LIKE matches, and
    counts far too little for a LIKE per entry: with one condition per word
    it reads every entry (12 ms at scale l for 'koffie', 16% of the
    entries), with two it reads the matches through the trigram index
    (2 ms)."""
    return Q(*(Q(search_text__contains=stem) for stem in stems))


def _served_in(neighbourhood_id: int):
    """Entries serving this area: named for the area itself, for a buurt
    inside it (when it is a wijk), or for the wijk it lies in (when it is
    a buurt). The areas are looked up in the small neighbourhood table, so
    the entries are still found through the index on the link table."""
    areas = Neighbourhood.objects.filter(
        Q(pk=neighbourhood_id)
        | Q(district_id=neighbourhood_id)
        | Q(pk__in=Neighbourhood.objects.filter(pk=neighbourhood_id).values("district_id"))
    ).values("pk")
    return Service.neighbourhoods.through.objects.filter(neighbourhood_id__in=areas).values(
        "service_id"
    )


def _nearest_location(lat: float, lon: float) -> Coalesce:
    """Squared equirectangular distance to the entry's nearest location with
    coordinates: enough to rank within a town, and plain arithmetic that
    both databases compute. One grouped join, not a subquery per entry."""
    scale = math.cos(math.radians(lat)) ** 2
    latitude, longitude = "at_locations__location__latitude", "at_locations__location__longitude"
    squared = (F(latitude) - lat) * (F(latitude) - lat) + (F(longitude) - lon) * (
        F(longitude) - lon
    ) * scale
    return Coalesce(
        Min(ExpressionWrapper(squared, output_field=FloatField())),
        Value(99.0),
        output_field=FloatField(),
    )


def _day_tokens(date: datetime.date) -> list[str]:
    """The byday values (iCalendar, as HSDS uses) that hold on this date:
    its weekday ('TU'), and its place in the month counted from the start
    ('2TU', '+2TU', '02TU') and from the end ('-1TU', '-01TU')."""
    day = DAY_CODES[date.weekday()]
    from_start = (date.day - 1) // 7 + 1
    days_in_month = calendar.monthrange(date.year, date.month)[1]
    from_end = (days_in_month - date.day) // 7 + 1
    return [
        day,
        f"{from_start}{day}",
        f"+{from_start}{day}",
        f"0{from_start}{day}",
        f"-{from_end}{day}",
        f"-0{from_end}{day}",
    ]


def _byday_has(token: str) -> Q:
    """byday, a comma-separated list, holds this value as a whole: '1TU'
    is not in '-1TU'. Plain LIKE conditions, the same on both databases."""
    return (
        Q(byday=token)
        | Q(byday__startswith=f"{token},")
        | Q(byday__endswith=f",{token}")
        | Q(byday__contains=f",{token},")
    )


def _open_at(moment: datetime.datetime) -> Q:
    """Schedules open at this moment: on its weekday, and for a monthly
    rule such as '2TU' (the second Tuesday) only in the right week."""
    now = moment.time()
    on_the_day = Q()
    for token in _day_tokens(moment.date()):
        on_the_day |= _byday_has(token)
    return (
        on_the_day
        & Q(opens_at__lte=now, closes_at__gt=now)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=moment.date()))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=moment.date()))
    )


def _with_times(condition: Q) -> Q:
    """Entries with a schedule meeting the condition; an entry without
    times of its own takes those of the locations it is held at (their
    opening hours, schedules without a service)."""
    matching = Schedule.objects.filter(condition)
    return Exists(matching.filter(service=OuterRef("pk"))) | (
        ~Exists(Schedule.objects.filter(service=OuterRef("pk")))
        & Exists(
            matching.filter(service__isnull=True, location__services_here__service=OuterRef("pk"))
        )
    )


def search_services(
    query: str = "",
    *,
    filters: SearchFilters = SearchFilters(),
    near_postcode: str = "",
    page: int = 1,
    size: int = PAGE_SIZE,
    now: datetime.datetime | None = None,
    cards: bool = False,
    count: bool = False,
) -> SearchPage:
    """Published entries matching the words and filters. Near a postcode:
    entries serving that neighbourhood first, then by distance of their
    nearest known location, then by name; otherwise by name. The rows carry
    everything an entry's page shows, or with ``cards`` only what a result
    card shows (see _cards), in fewer queries. With ``count``, one more
    query counts all matching entries (``total``)."""
    stems = search.query_stems(query)
    near = neighbourhood_for(near_postcode) if near_postcode else None
    page = max(1, page)
    start, stop = (page - 1) * size, page * size + 1
    plain = _text_filter(Service.objects.published(), stems)
    matching = _filtered(plain, filters, now)
    rows = _page(matching, near, start, stop, _looser(stems))
    # Word-start matches; on PostgreSQL, when those find nothing, try again
    # tolerating typos with pg_trgm ('eenzam' finds 'eenzaam'). Trigram
    # similarity is computed per entry, so it is only the fallback: the bench
    # showed it costing 250 ms at Amsterdam size where word-start costs 15 ms.
    # This is the one documented difference from SQLite.
    if not rows and stems and connection.vendor == "postgresql" and not plain.exists():
        fuzzy = _text_filter(Service.objects.published(), stems, fuzzy=True)
        matching = _filtered(fuzzy, filters, now)
        rows = _page(matching, near, start, stop, Q())
    has_next = len(rows) > size
    total = matching.count() if count else None
    rows = _cards(rows[:size]) if cards else _details(rows[:size])
    return SearchPage(
        rows=rows, number=page, has_next=has_next, near=near, stems=stems, total=total
    )


def _filtered(queryset, filters: SearchFilters, now: datetime.datetime | None):
    # Many-to-many conditions as subqueries, so no entry is counted twice.
    if filters.neighbourhood:
        queryset = queryset.filter(
            Q(whole_municipality=True) | Q(pk__in=_served_in(filters.neighbourhood))
        )
    if filters.life_domain:
        queryset = queryset.filter(
            pk__in=Service.life_domains.through.objects.filter(
                lifedomain__code=filters.life_domain
            ).values("service_id")
        )
    if filters.target_group:
        queryset = queryset.filter(
            Q(open_to_everyone=True)
            | Q(
                pk__in=Service.target_groups.through.objects.filter(
                    targetgroup__code=filters.target_group
                ).values("service_id")
            )
        )
    if filters.ladder_level:
        queryset = queryset.filter(ladder_level=filters.ladder_level)
    if filters.cost == "free":
        queryset = queryset.filter(is_free=True)
    elif filters.cost == "contribution":
        queryset = queryset.filter(is_free=False)
    if filters.day in DAY_CODES:
        # Any rule on that weekday, monthly ones ('2TU') included: the
        # entry's times on its card say which week.
        queryset = queryset.filter(_with_times(Q(byday__contains=filters.day)))
    if filters.open_now:
        moment = timezone.localtime(now or timezone.now())
        queryset = queryset.filter(_with_times(_open_at(moment)))
    return queryset


def _page(queryset, near: Neighbourhood | None, start: int, stop: int, few: Q) -> list[Service]:
    """The page's entries with their providers, and the next entry when
    there is one."""
    if near is None:
        return _page_by_name(queryset, start, stop, few)
    return _page_near(queryset, near, start, stop, few)


def _slice(queryset, ordering, start: int, stop: int) -> list[Service]:
    return list(queryset.select_related("organisation").order_by(*ordering)[start:stop])


def _by_id(ids: list[int]) -> list[Service]:
    found = Service.objects.filter(pk__in=ids).select_related("organisation").in_bulk()
    return [found[pk] for pk in ids if pk in found]


def _page_by_name(queryset, start: int, stop: int, few: Q) -> list[Service]:
    """The page in name order. PostgreSQL walks the names in order until it
    has a page of matches: quick when matches are common, but nearly every
    entry is read when they all sit late in the alphabet ('taalcafé': names
    starting with T). So first look only among the first NAME_BOUND names,
    as any match past them comes after. When they hold no full page, rank
    all matches by an ordering the name index cannot give, so that the few
    matches are found through the trigram index instead of by walking."""
    ordering = ["name", "id"]
    if stop < NAME_BOUND:
        # NULL, and so no rows, when there are fewer entries than that.
        last_name = Service.objects.published().order_by(*ordering).values("name")
        bounded = queryset.filter(name__lte=last_name[NAME_BOUND - 1 : NAME_BOUND])
        rows = _slice(bounded, ordering, start, stop)
        if len(rows) == stop - start:
            return rows
        ordering = [Coalesce("name", Value("")), "id"]  # the same order as name, id
    return _slice(queryset.filter(few), ordering, start, stop)


def _page_near(queryset, near: Neighbourhood, start: int, stop: int, few: Q) -> list[Service]:
    """The page near a neighbourhood: entries serving it or placed in it
    first, then by distance of their nearest location, then name. Ranking
    every match by distance reads every match, so first rank only those
    entries and the ones placed within NEARBY_KM of the neighbourhood's
    centre: any other entry is farther away, so when the page ends within
    that distance it is the right page. Otherwise rank every match. The
    ranking reads only ids: it groups and sorts every candidate, and whole
    rows would cost more than fetching the page's rows afterwards."""
    placed_here = ServiceAtLocation.objects.filter(location__neighbourhood=near.pk)
    queryset = queryset.annotate(
        serves_here=Case(
            When(
                pk__in=_served_in(near.pk).union(placed_here.values("service_id"), all=True),
                then=Value(1),
            ),
            default=Value(0),
        )
    )
    point = centroid(near)
    if point is None:
        return _slice(queryset.filter(few), ["-serves_here", "name", "id"], start, stop)
    ranked = queryset.annotate(distance=_nearest_location(*point)).values_list(
        "id", "serves_here", "distance"
    )
    ordering = ["-serves_here", "distance", "name", "id"]
    half_width = NEARBY_KM / KM_PER_DEGREE
    nearby = _served_in(near.pk).union(
        placed_here.values("service_id"),
        _placed_within(point, half_width * 1.001),  # a margin for rounding
        all=True,
    )
    rows = list(ranked.filter(pk__in=nearby).order_by(*ordering)[start:stop])
    if len(rows) < stop - start or not (rows[-1][1] or rows[-1][2] <= half_width * half_width):
        rows = list(ranked.filter(few).order_by(*ordering)[start:stop])
    return _by_id([row[0] for row in rows])


def _placed_within(point: tuple[float, float], half_width: float):
    """Entries placed within the square of this half-width (in degrees of
    latitude) around the point; outside it, _nearest_location is more than
    half_width squared."""
    lat, lon = point
    wide = half_width / math.cos(math.radians(lat))
    return ServiceAtLocation.objects.filter(
        location__latitude__range=(lat - half_width, lat + half_width),
        location__longitude__range=(lon - wide, lon + wide),
    ).values("service_id")


@dataclass(frozen=True)
class Place:
    """Where a result card says an entry is held."""

    name: str
    street: str
    neighbourhood: str


def _cards(services: list[Service]) -> list[Service]:
    """What a result card shows besides the entry and its provider, and
    nothing more, in two queries: its times (card_schedules), and in one
    query its target groups' labels (card_target_groups), its first
    location (card_place) and its first phone number (card_phone)."""
    by_id = {service.pk: service for service in services}
    for service in services:
        service.card_target_groups, service.card_schedules, service.card_place = [], [], None
        service.card_phone = ""
    for schedule in Schedule.objects.filter(service_id__in=by_id).order_by("id"):
        by_id[schedule.service_id].card_schedules.append(schedule)
    columns = ("service_id", "kind", "first", "then", "a", "b", "c")
    groups = (
        Service.target_groups.through.objects.filter(service_id__in=by_id)
        .annotate(
            kind=Value(0),
            first=F("targetgroup__order"),
            then=F("targetgroup_id"),
            a=F("targetgroup__label"),
            b=Value(""),
            c=Value(""),
        )
        .order_by()
        .values_list(*columns)
    )
    places = (
        ServiceAtLocation.objects.filter(service_id__in=by_id)
        .annotate(
            kind=Value(1),
            first=F("id"),
            then=Value(0),
            a=F("location__name"),
            b=F("location__street"),
            c=F("location__neighbourhood__name"),
        )
        .order_by()
        .values_list(*columns)
    )
    phones = (
        Phone.objects.filter(service_id__in=by_id)
        .annotate(
            kind=Value(2),
            first=F("id"),
            then=Value(0),
            a=F("number"),
            b=F("extension"),
            c=Value(""),
        )
        .order_by()
        .values_list(*columns)
    )
    # Groups in their own order (order, label); places and phones in the
    # order added.
    rows = groups.union(places, phones, all=True).order_by("kind", "first", "a", "then")
    for service_id, kind, _first, _then, a, b, c in rows:
        service = by_id[service_id]
        if kind == 0:
            service.card_target_groups.append(a)
        elif kind == 1 and service.card_place is None:
            service.card_place = Place(a, b, c or "")
        elif kind == 2 and not service.card_phone:
            service.card_phone = f"{a} ({b})" if b else a
    return services


def _details(services: list[Service]) -> list[Service]:
    """Everything an entry's page and the API show, in a fixed number of queries."""
    prefetch_related_objects(
        services,
        "target_groups",
        "life_domains",
        "schedules",
        "at_locations__location__accessibility",
        "at_locations__location__neighbourhood",
        "phones",
    )
    return services


def get_service(service_id: int, *, include_inactive: bool = False) -> Service | None:
    queryset = Service.objects.all() if include_inactive else Service.objects.published()
    service = queryset.select_related("organisation").filter(pk=service_id).first()
    return _details([service])[0] if service else None


def published_services(ids) -> list[Service]:
    """The published entries among these ids, for a choice that names them
    (a plan step's link): an id of an entry taken off the map is left out.
    Map entries are no personal data, so no actor and no audit row."""
    return list(Service.objects.published().filter(pk__in=ids))


def review_queue(*, organisation_ids: list[int] | None = None, today=None):
    """Entries not verified for longer than WIJKNET_MAP_REVIEW_MONTHS, oldest
    first; never-verified entries lead."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=30 * settings.WIJKNET_MAP_REVIEW_MONTHS)
    queryset = Service.objects.published().filter(
        Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=cutoff)
    )
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=organisation_ids)
    return queryset.select_related("organisation", "editor").order_by(
        F("last_verified_on").asc(nulls_first=True), "id"
    )
