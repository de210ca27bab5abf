"""The matching score between a request for help and a volunteer. Pure: no
Django. A coordinator reads the score and its reasons and decides; nothing
here ever makes a match by itself.

Five parts, 100 points at most:

- nearness (30): same neighbourhood, else by distance when both places are
  known;
- interests (25): the share of the requested interests the volunteer has;
- language (20): at least one requested language in common;
- availability (15): the share of the requested day parts the volunteer is
  free;
- profile (10): the volunteer offers what is asked (buddy, mentor…).

A part the request leaves open (no interests, languages or day parts asked)
counts in full: it does not separate candidates, and it should not punish
any of them.
"""

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

NEARNESS, INTERESTS, LANGUAGE, AVAILABILITY, PROFILE = (
    "nearness",
    "interests",
    "language",
    "availability",
    "profile",
)
WEIGHTS = {NEARNESS: 30, INTERESTS: 25, LANGUAGE: 20, AVAILABILITY: 15, PROFILE: 10}
# Beyond this distance nearness scores nothing; within it, linearly more.
MAX_KM = 5.0
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Need:
    profile: str
    neighbourhood_id: int | None = None
    point: tuple[float, float] | None = None  # (lat, lon)
    interests: frozenset[str] = field(default_factory=frozenset)
    languages: frozenset[str] = field(default_factory=frozenset)
    availability: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Candidate:
    id: int
    neighbourhood_id: int | None = None
    point: tuple[float, float] | None = None
    profiles: frozenset[str] = field(default_factory=frozenset)
    interests: frozenset[str] = field(default_factory=frozenset)
    languages: frozenset[str] = field(default_factory=frozenset)
    availability: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Part:
    name: str
    points: int
    weight: int
    detail: tuple = ()  # what the part found, for the reason shown


@dataclass(frozen=True)
class Score:
    candidate: Candidate
    parts: tuple[Part, ...]

    @property
    def total(self) -> int:
        return sum(part.points for part in self.parts)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def _share(wanted: frozenset, offered: frozenset, weight: int) -> tuple[int, tuple]:
    if not wanted:
        return weight, ()
    common = wanted & offered
    return round(weight * len(common) / len(wanted)), tuple(sorted(common))


def _nearness(need: Need, candidate: Candidate) -> Part:
    weight = WEIGHTS[NEARNESS]
    if need.neighbourhood_id is not None and need.neighbourhood_id == candidate.neighbourhood_id:
        return Part(NEARNESS, weight, weight, ("same",))
    if need.point is not None and candidate.point is not None:
        km = distance_km(need.point, candidate.point)
        points = round(weight * max(0.0, 1 - km / MAX_KM))
        return Part(NEARNESS, points, weight, ("km", round(km, 1)))
    return Part(NEARNESS, 0, weight, ("unknown",))


def score(need: Need, candidate: Candidate) -> Score:
    interests, common_interests = _share(need.interests, candidate.interests, WEIGHTS[INTERESTS])
    availability, common_slots = _share(
        need.availability, candidate.availability, WEIGHTS[AVAILABILITY]
    )
    common_languages = tuple(sorted(need.languages & candidate.languages))
    language = WEIGHTS[LANGUAGE] if not need.languages or common_languages else 0
    profile = WEIGHTS[PROFILE] if need.profile in candidate.profiles else 0
    return Score(
        candidate,
        (
            _nearness(need, candidate),
            Part(INTERESTS, interests, WEIGHTS[INTERESTS], common_interests),
            Part(LANGUAGE, language, WEIGHTS[LANGUAGE], common_languages),
            Part(AVAILABILITY, availability, WEIGHTS[AVAILABILITY], common_slots),
            Part(PROFILE, profile, WEIGHTS[PROFILE], (need.profile,) if profile else ()),
        ),
    )


def order(result: Score) -> tuple[int, int]:
    """The ranking's sort key: highest score first; equal scores by id, so
    the order is stable."""
    return -result.total, result.candidate.id


def rank(need: Need, candidates: Iterable[Candidate], limit: int = 10) -> list[Score]:
    """The best ``limit`` candidates, in ``order``."""
    scored = (score(need, candidate) for candidate in candidates)
    return heapq.nsmallest(limit, scored, key=order)
