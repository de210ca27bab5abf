"""The candidate list a coordinator matches from: reads, not writes. Who
may be matched to a request (``eligible``), what the request asks in the
terms of the score (``need_for``), and the best volunteers, highest score
first, with their reasons (``candidates``). The score itself is the pure
``matching.score``; this module only finds, without scoring the whole pool,
the volunteers that scoring everyone would put on top.

Nothing here proposes anyone: a coordinator reads the list and decides
(``services.propose``)."""

import functools
import heapq
import math
import operator
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, Greatest, Sqrt

from wijknet.kaart.selectors import centroid
from wijknet.volunteers import matching
from wijknet.volunteers.models import Match, Request, Volunteer
from wijknet.volunteers.policy import require_coordinator
from wijknet.volunteers.reasons import Reason, explain, interest_names, stored_reasons


@dataclass(frozen=True)
class Suggestion:
    """A ranked candidate: the volunteer, the total and why."""

    volunteer: Volunteer
    total: int
    reasons: list[Reason]


def need_for(request: Request, interest_codes: frozenset[str]) -> matching.Need:
    """What the request asks, for the score. The resident's place is their
    neighbourhood (and its centre for distances); nothing else of the
    resident goes in."""
    person = request.person
    return matching.Need(
        profile=request.profile,
        neighbourhood_id=person.neighbourhood_id,
        point=centroid(person.neighbourhood) if person.neighbourhood_id else None,
        interests=interest_codes,
        languages=frozenset(request.languages),
        availability=frozenset(request.availability),
    )


def _need_and_interests(request: Request) -> tuple[matching.Need, dict[int, str]]:
    """The request's need, and its interests by id (code by pk) for the
    queries that look for them."""
    interest_ids = {i.pk: i.code for i in request.interests.all()}  # prefetched or one query
    return need_for(request, frozenset(interest_ids.values())), interest_ids


def _candidate(
    pk, neighbourhood_id, latitude, longitude, *, profiles, interests, languages, availability
) -> matching.Candidate:
    """A volunteer as the score sees them, from a row or a model alike: a
    place only when both coordinates are known."""
    known = latitude is not None and longitude is not None
    return matching.Candidate(
        id=pk,
        neighbourhood_id=neighbourhood_id,
        point=(latitude, longitude) if known else None,
        profiles=frozenset(profiles),
        interests=frozenset(interests),
        languages=frozenset(languages),
        availability=frozenset(availability),
    )


def eligible(request: Request):
    """The volunteers who may be matched to the request, filtered in the
    database: active with a VOG received that has not expired
    (``Volunteer.objects.available``), offering what is asked, never the
    resident themself, and not anyone already proposed for (or who declined)
    this request."""
    return (
        Volunteer.objects.available()
        .filter(profiles__contains=request.profile)
        .exclude(person_id=request.person_id)
        .exclude(pk__in=Match.objects.filter(request_id=request.pk).values("volunteer_id"))
    )


# A hair below 1: the straight-line distance the database computes, times
# this, stays below the great-circle distance ``matching`` scores with, even
# over the few kilometres where nearness counts.
DISTANCE_SLACK = 0.99
# Rows read per round trip when walking the pool best bound first; the next
# round reads four times as many.
FIRST_CHUNK = 50
# The most anyone can score without points for nearness.
FAR_MAX = sum(matching.WEIGHTS.values()) - matching.WEIGHTS[matching.NEARNESS]


def _speaks(need: matching.Need) -> Q:
    """Speaks a requested language. The JSON lists are compared as text:
    codes are plain letters, digits and hyphens, so a quoted code is found
    only as a whole element."""
    return functools.reduce(
        operator.or_, (Q(languages_text__contains=f'"{code}"') for code in sorted(need.languages))
    )


def _free(code: str) -> Q:
    return Q(availability_text__contains=f'"{code}"')


def _shares_interest(interest_ids: dict[int, str]):
    return Volunteer.interests.through.objects.filter(
        volunteer_id=OuterRef("pk"), interest_id__in=list(interest_ids)
    ).order_by()


def _bounded_pool(request: Request, need: matching.Need, interest_ids: dict[int, str]):
    """The pool with ``bound``: an upper bound on each volunteer's score,
    computed by the database as a whole number, so the pool can be walked
    best first (equal bounds by id) and left as soon as nobody further on can
    reach the top. Each part is bounded by its weight times the share found,
    plus the half point rounding may add; nearness by a flat distance a
    little shorter than the true one."""
    weights = matching.WEIGHTS
    # The pool offers the profile; a hair more against float error.
    parts = [Value(float(weights[matching.PROFILE]) + 1e-6)]

    nearness = []
    if need.neighbourhood_id is not None:
        nearness.append(
            When(neighbourhood_id=need.neighbourhood_id, then=weights[matching.NEARNESS])
        )
    if need.point is not None:
        lat, lon = need.point
        km_per_degree = math.radians(matching.EARTH_RADIUS_KM) * DISTANCE_SLACK
        squeeze = math.cos(math.radians(lat))
        flat = Sqrt(
            (F("latitude") - lat) * (F("latitude") - lat)
            + (F("longitude") - lon) * (F("longitude") - lon) * (squeeze * squeeze)
        )
        per_km = weights[matching.NEARNESS] / matching.MAX_KM
        nearness.append(
            When(
                latitude__isnull=False,
                longitude__isnull=False,
                then=Greatest(
                    Value(0.0), weights[matching.NEARNESS] - flat * (km_per_degree * per_km)
                )
                + 0.5,
            )
        )
    if nearness:
        parts.append(Case(*nearness, default=Value(0.0), output_field=FloatField()))

    if interest_ids:
        found = _shares_interest(interest_ids).values("volunteer_id").annotate(n=Count("*"))
        share = weights[matching.INTERESTS] / len(interest_ids)
        parts.append(Coalesce(Subquery(found.values("n")), 0) * share + 0.5)
    else:
        parts.append(Value(float(weights[matching.INTERESTS])))

    if need.languages:
        parts.append(Case(When(_speaks(need), then=weights[matching.LANGUAGE]), default=0))
    else:
        parts.append(Value(float(weights[matching.LANGUAGE])))

    if need.availability:
        share = weights[matching.AVAILABILITY] / len(need.availability)
        free = [Case(When(_free(code), then=1), default=0) for code in sorted(need.availability)]
        parts.append(sum(free[1:], free[0]) * share + 0.5)
    else:
        parts.append(Value(float(weights[matching.AVAILABILITY])))

    total = sum(parts[1:], parts[0])
    return (
        eligible(request)
        .annotate(
            languages_text=Cast("languages", TextField()),
            availability_text=Cast("availability", TextField()),
        )
        .annotate(bound=Floor(ExpressionWrapper(total, output_field=FloatField())))
        .order_by("-bound", "pk")
    )


def _ranked(request: Request, need: matching.Need, interest_ids: dict[int, str], limit: int):
    """The best ``limit`` scores over the pool, exactly as scoring everyone
    would rank them, read in three rings, each only as far as it can still
    change the list:

    1. the resident's own neighbourhood (full points for nearness);
    2. around it, within the distance that still scores enough for
       nearness to beat the weakest of the best so far (a square through
       the place index);
    3. everyone farther away, who scores nothing for nearness: only when the
       other parts alone can still reach the list, and then only those who
       have each part the list cannot do without."""
    if limit <= 0:
        return []
    bounded = _bounded_pool(request, need, interest_ids)
    best: list[tuple[int, int, matching.Score]] = []  # min-heap: the weakest on top

    def floor() -> int:
        return best[0][0] if len(best) == limit else 0

    def walk(rows) -> None:
        if floor():
            rows = rows.filter(bound__gte=floor())
        _walk(rows, request, need, interest_ids, best, limit)

    rest = bounded
    if need.neighbourhood_id is not None:
        walk(bounded.filter(neighbourhood_id=need.neighbourhood_id))
        rest = bounded.exclude(neighbourhood_id=need.neighbourhood_id)
    if need.point is not None:
        walk(rest.filter(_within(need.point, _reach_km(max(floor(), FAR_MAX + 1)))))
        rest = rest.exclude(_within(need.point, _reach_km(FAR_MAX + 1)))
    if floor() <= FAR_MAX:
        walk(rest.filter(_needed_far(need, interest_ids, floor())))
    return _by_score(best)


def _reach_km(score: int) -> float:
    """How near someone must live for nearness to make up what the other
    parts cannot reach of ``score``: round(30 * (1 - km / 5)) >= missing."""
    missing = score - FAR_MAX
    weight = matching.WEIGHTS[matching.NEARNESS]
    return max(0.0, matching.MAX_KM * (1 - (missing - 0.5) / weight))


def _within(point: tuple[float, float], km: float) -> Q:
    """A square a little wider than ``km`` around the point, on the place
    index: everyone within ``km`` lies inside it."""
    lat, lon = point
    half_lat = 1.05 * km / math.radians(matching.EARTH_RADIUS_KM)
    half_lon = half_lat / math.cos(math.radians(min(89.0, abs(lat) + half_lat)))
    return Q(
        latitude__range=(lat - half_lat, lat + half_lat),
        longitude__range=(lon - half_lon, lon + half_lon),
    )


def _needed_far(need: matching.Need, interest_ids: dict[int, str], floor: int) -> Q:
    """What someone without points for nearness must have to still score
    ``floor``: each part the request asks for whose absence alone would
    keep them below it. Cheap tests, so the bound is computed for few."""
    weights = matching.WEIGHTS
    needed = Q()
    if need.languages and FAR_MAX - weights[matching.LANGUAGE] < floor:
        needed &= _speaks(need)
    if interest_ids and FAR_MAX - weights[matching.INTERESTS] < floor:
        needed &= Q(Exists(_shares_interest(interest_ids)))
    if need.availability and FAR_MAX - weights[matching.AVAILABILITY] < floor:
        needed &= functools.reduce(operator.or_, map(_free, sorted(need.availability)))
    return needed


def _walk(
    rows,
    request: Request,
    need: matching.Need,
    interest_ids: dict[int, str],
    best: list,
    limit: int,
) -> None:
    """Score ``rows`` (a bounded pool) best bound first into ``best``, a
    chunk at a time. A volunteer whose (bound, id) cannot beat the weakest
    of the best so far ends the walk: everyone after them is bounded lower
    still, or equal with a higher id."""
    rows = rows.values_list(
        "pk", "neighbourhood_id", "latitude", "longitude", "languages", "availability", "bound"
    )
    through = Volunteer.interests.through
    profiles = frozenset({request.profile})  # the pool offers it, by the filter
    start, size = 0, max(FIRST_CHUNK, 5 * limit)
    while True:
        chunk = list(rows[start : start + size])
        shared: dict[int, set[str]] = {}
        if interest_ids and chunk:
            pairs = through.objects.filter(
                volunteer_id__in=[row[0] for row in chunk], interest_id__in=list(interest_ids)
            ).values_list("volunteer_id", "interest_id")
            for volunteer_id, interest_id in pairs:
                shared.setdefault(volunteer_id, set()).add(interest_ids[interest_id])
        for pk, neighbourhood_id, lat, lon, languages, availability, bound in chunk:
            if len(best) == limit and (bound, -pk) < best[0][:2]:
                return
            candidate = _candidate(
                pk,
                neighbourhood_id,
                lat,
                lon,
                profiles=profiles,
                interests=shared.get(pk, ()),
                languages=languages,
                availability=availability,
            )
            result = matching.score(need, candidate)
            # ``matching.order`` turned around: the weakest on top of the heap.
            key = (result.total, -pk, result)
            if len(best) < limit:
                heapq.heappush(best, key)
            elif key[:2] > best[0][:2]:
                heapq.heapreplace(best, key)
        if len(chunk) < size:
            return
        start, size = start + size, size * 4


def _by_score(best: list) -> list[matching.Score]:
    return sorted((result for _total, _pk, result in best), key=matching.order)


def candidates(
    actor, *, request: Request, limit: int = 10, names: dict[str, str] | None = None
) -> list[Suggestion]:
    """The best ``limit`` volunteers for the request, highest score first,
    each with the reasons per part. A coordinator reads them and decides.
    Queries: the request's interests, then per chunk of the pool the rows
    and their shared interests (one chunk nearly always), the volunteers
    shown and (if asked) interest names."""
    require_coordinator(actor, request.team_id)
    need, interest_ids = _need_and_interests(request)
    ranked = _ranked(request, need, interest_ids, limit)
    volunteers = Volunteer.objects.select_related("neighbourhood").in_bulk(
        [result.candidate.id for result in ranked]
    )
    if names is None:
        names = interest_names() if need.interests else {}
    return [
        Suggestion(
            volunteer=volunteers[result.candidate.id],
            total=result.total,
            reasons=explain(stored_reasons(need, result), names),
        )
        for result in ranked
        if result.candidate.id in volunteers
    ]


def score_volunteer(request: Request, volunteer: Volunteer) -> tuple[matching.Need, matching.Score]:
    """The score of one volunteer for a request, as the candidate list has it."""
    need, _interest_ids = _need_and_interests(request)
    candidate = _candidate(
        volunteer.pk,
        volunteer.neighbourhood_id,
        volunteer.latitude,
        volunteer.longitude,
        profiles=volunteer.profile_codes,
        interests=volunteer.interests.values_list("code", flat=True),
        languages=volunteer.languages,
        availability=volunteer.availability,
    )
    return need, matching.score(need, candidate)
