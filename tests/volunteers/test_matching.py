"""The matching score: bounded, explained part by part, monotone in what a
volunteer has in common with the request, and stable in its ranking."""

from hypothesis import given
from hypothesis import strategies as st

from wijknet.volunteers import matching
from wijknet.volunteers.matching import Candidate, Need

INTERESTS = ["wandelen", "koken", "muziek", "tuinieren", "lezen"]
LANGS = ["nl", "en", "ar", "tr"]
SLOTS = ["MO-AM", "TU-PM", "WE-EV", "SA-AM"]
PROFILES = ["buddy", "mentor", "home_visitor", "practical"]

sets = lambda items: st.frozensets(st.sampled_from(items))  # noqa: E731
points = st.one_of(st.none(), st.tuples(st.floats(52.0, 52.1), st.floats(4.9, 5.1)))
needs = st.builds(
    Need,
    profile=st.sampled_from(PROFILES),
    neighbourhood_id=st.one_of(st.none(), st.integers(1, 4)),
    point=points,
    interests=sets(INTERESTS),
    languages=sets(LANGS),
    availability=sets(SLOTS),
)
candidates = st.builds(
    Candidate,
    id=st.integers(1, 10_000),
    neighbourhood_id=st.one_of(st.none(), st.integers(1, 4)),
    point=points,
    profiles=sets(PROFILES),
    interests=sets(INTERESTS),
    languages=sets(LANGS),
    availability=sets(SLOTS),
)


@given(needs, candidates)
def test_the_score_is_the_sum_of_its_parts_within_their_weights(need, candidate):
    result = matching.score(need, candidate)
    assert [part.name for part in result.parts] == list(matching.WEIGHTS)
    for part in result.parts:
        assert 0 <= part.points <= part.weight == matching.WEIGHTS[part.name]
    assert 0 <= result.total <= 100


@given(needs, candidates, st.sampled_from(INTERESTS))
def test_sharing_one_more_interest_never_lowers_the_score(need, candidate, extra):
    before = matching.score(need, candidate).total
    richer = Candidate(**{**candidate.__dict__, "interests": candidate.interests | {extra}})
    assert matching.score(need, richer).total >= before


@given(needs, candidates)
def test_an_open_part_of_the_request_counts_in_full(need, candidate):
    open_need = Need(profile=need.profile)
    parts = {p.name: p for p in matching.score(open_need, candidate).parts}
    for name in (matching.INTERESTS, matching.LANGUAGE, matching.AVAILABILITY):
        assert parts[name].points == parts[name].weight


@given(needs, st.lists(candidates, max_size=30, unique_by=lambda c: c.id), st.integers(1, 10))
def test_ranking_keeps_the_best_first_and_breaks_ties_by_id(need, pool, limit):
    ranked = matching.rank(need, pool, limit=limit)
    assert len(ranked) == min(limit, len(pool))
    keys = [(-s.total, s.candidate.id) for s in ranked]
    assert keys == sorted(keys)
    everyone = sorted((-matching.score(need, c).total, c.id) for c in pool)
    assert keys == everyone[: len(keys)]


def test_a_worked_example():
    need = Need(
        profile="buddy",
        neighbourhood_id=1,
        interests=frozenset({"wandelen", "koken"}),
        languages=frozenset({"ar"}),
        availability=frozenset({"TU-PM", "SA-AM"}),
    )
    near = Candidate(
        id=1,
        neighbourhood_id=1,
        profiles=frozenset({"buddy"}),
        interests=frozenset({"wandelen"}),
        languages=frozenset({"nl", "ar"}),
        availability=frozenset({"TU-PM"}),
    )
    result = matching.score(need, near)
    assert [(p.name, p.points) for p in result.parts] == [
        ("nearness", 30),
        ("interests", 12),
        ("language", 20),
        ("availability", 8),
        ("profile", 10),
    ]
    assert result.total == 80
    far = Candidate(id=2, neighbourhood_id=2, point=None, profiles=frozenset({"mentor"}))
    assert matching.score(need, far).total == 0


def test_distance_counts_when_both_places_are_known():
    need = Need(profile="buddy", point=(52.05, 5.0))
    close = Candidate(id=1, point=(52.05, 5.0))
    two_km = Candidate(id=2, point=(52.068, 5.0))
    far = Candidate(id=3, point=(52.2, 5.0))
    nearness = lambda c: matching.score(need, c).parts[0].points  # noqa: E731
    assert nearness(close) == 30 > nearness(two_km) > nearness(far) == 0
