"""The urgency schema (domain guide §4.1): five items, a total of 0-10, and
bands that cover every total exactly once."""

from importlib import import_module

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijknet.signals import services
from wijknet.signals.models import Signal, UrgencyBand
from wijknet.signals.urgency import BandRule, UrgencyError, UrgencyItems, band_for, check_bands

# The schema written out from the source, independent of the code under test.
NATURE = {0: 0, 1: 1, 2: 2}
EXTENT = {"individual": 0, "several": 1, "minor": 2, "over_75": 2}
DURATION = {"incidental": 0, "structural_short": 1, "structural_long": 2}
EXPECTED_BANDS = [("low", 0, 4), ("consult", 5, 6), ("active", 7, 9), ("crisis", 10, 10)]

DEFAULT_RULES = [
    BandRule(code, low, high)
    for code, _label, low, high, *_rest in import_module(
        "wijknet.signals.migrations.0002_urgency_bands"
    ).BANDS
]

natures = st.sampled_from(sorted(NATURE))
extents = st.sampled_from(sorted(EXTENT))
durations = st.sampled_from(sorted(DURATION))
valid_items = st.builds(
    UrgencyItems,
    nature_safety=natures,
    nature_health=natures,
    nature_welfare=natures,
    extent=extents,
    duration=durations,
)
not_a_nature_point = st.one_of(
    st.integers().filter(lambda v: v not in NATURE),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
    st.floats(allow_nan=False).filter(lambda v: v not in NATURE),
)


@given(valid_items)
def test_score_is_between_0_and_10_and_is_the_sum_of_the_item_points(items):
    expected = (
        NATURE[items.nature_safety]
        + NATURE[items.nature_health]
        + NATURE[items.nature_welfare]
        + EXTENT[items.extent]
        + DURATION[items.duration]
    )
    assert 0 <= items.score <= 10
    assert items.score == expected


def test_every_extent_and_duration_the_form_offers_can_be_scored():
    assert set(Signal.Extent.values) == set(EXTENT)
    assert set(Signal.Duration.values) == set(DURATION)
    for extent in Signal.Extent.values:
        for duration in Signal.Duration.values:
            assert UrgencyItems(0, 0, 0, extent, duration).score >= 0


@pytest.mark.parametrize("extent", ["minor", "over_75"])
def test_persons_under_18_and_over_75_both_weigh_two_points(extent):
    base = UrgencyItems(0, 0, 0, "individual", "incidental").score
    assert UrgencyItems(0, 0, 0, extent, "incidental").score - base == 2


def test_the_lowest_and_highest_totals_are_0_and_10():
    assert UrgencyItems(0, 0, 0, "individual", "incidental").score == 0
    assert UrgencyItems(2, 2, 2, "over_75", "structural_long").score == 10


@pytest.mark.parametrize("slot", ["nature_safety", "nature_health", "nature_welfare"])
@given(bad=not_a_nature_point)
def test_a_nature_item_outside_0_1_2_is_refused(slot, bad):
    values = {"nature_safety": 0, "nature_health": 0, "nature_welfare": 0, slot: bad}
    with pytest.raises(UrgencyError):
        UrgencyItems(**values, extent="individual", duration="incidental")


@pytest.mark.parametrize("bad", [3, -1, True, False])
def test_the_known_invalid_nature_values_are_refused(bad):
    with pytest.raises(UrgencyError):
        UrgencyItems(bad, 0, 0, "individual", "incidental")


@given(st.text(max_size=20).filter(lambda v: v not in EXTENT))
def test_an_unknown_extent_is_refused(extent):
    with pytest.raises(UrgencyError):
        UrgencyItems(0, 0, 0, extent, "incidental")


@given(st.text(max_size=20).filter(lambda v: v not in DURATION))
def test_an_unknown_duration_is_refused(duration):
    with pytest.raises(UrgencyError):
        UrgencyItems(0, 0, 0, "individual", duration)


def test_the_default_bands_are_the_ones_the_domain_guide_describes():
    assert [(b.code, b.min_score, b.max_score) for b in DEFAULT_RULES] == EXPECTED_BANDS


@pytest.mark.django_db
def test_the_bands_in_the_database_are_the_default_bands():
    stored = [(b.code, b.min_score, b.max_score) for b in UrgencyBand.objects.all()]
    assert stored == EXPECTED_BANDS


def test_the_default_bands_cover_every_score_exactly_once():
    check_bands(DEFAULT_RULES)
    for score in range(11):
        hits = [b for b in DEFAULT_RULES if b.min_score <= score <= b.max_score]
        assert len(hits) == 1, score


@pytest.mark.parametrize(
    ("score", "code"),
    [(s, "low") for s in range(5)]
    + [(5, "consult"), (6, "consult")]
    + [(s, "active") for s in range(7, 10)]
    + [(10, "crisis")],
)
def test_each_score_lands_in_its_default_band(score, code):
    assert band_for(score, DEFAULT_RULES).code == code


@pytest.mark.parametrize("score", [-1, 11, 100])
def test_a_score_outside_0_to_10_has_no_band(score):
    with pytest.raises(UrgencyError):
        band_for(score, DEFAULT_RULES)


def test_the_example_from_the_source_scores_6_and_asks_for_consultation():
    items = UrgencyItems(
        nature_safety=1,
        nature_health=1,
        nature_welfare=1,
        extent="over_75",
        duration="structural_short",
    )
    assert items.score == 6
    assert band_for(items.score, DEFAULT_RULES).code == "consult"


@pytest.mark.django_db
def test_the_example_from_the_source_lands_in_the_consultation_band_in_the_database():
    band = services.band_for_score(6)
    assert band.code == "consult"
    assert band.feedback_required is False
    assert band.urgent_consultation is False


# Random band splits: cut 0-10 at random points into consecutive bands.
cuts = st.sets(st.integers(min_value=1, max_value=10), max_size=10).map(sorted)


def split(cut_points):
    edges = [0, *cut_points, 11]
    return [BandRule(f"b{i}", edges[i], edges[i + 1] - 1) for i in range(len(edges) - 1)]


@given(cuts, st.randoms(use_true_random=False))
def test_any_split_of_0_to_10_into_consecutive_bands_is_accepted(cut_points, rnd):
    bands = split(cut_points)
    rnd.shuffle(bands)
    check_bands(bands)
    for score in range(11):
        band = band_for(score, bands)
        assert band.min_score <= score <= band.max_score


@given(cuts, st.data())
def test_a_split_with_a_band_left_out_has_a_gap_and_is_refused(cut_points, data):
    bands = split(cut_points)
    missing = data.draw(st.sampled_from(bands))
    with pytest.raises(UrgencyError, match="0 banden"):
        check_bands([b for b in bands if b is not missing])


@given(cuts.filter(lambda c: len(c) >= 1), st.data())
def test_a_split_with_two_bands_overlapping_is_refused(cut_points, data):
    bands = split(cut_points)
    i = data.draw(st.integers(min_value=0, max_value=len(bands) - 2))
    grown = BandRule(bands[i].code, bands[i].min_score, bands[i].max_score + 1)
    with pytest.raises(UrgencyError, match="2 banden"):
        check_bands([*bands[:i], grown, *bands[i + 1 :]])


def test_no_bands_at_all_is_refused():
    with pytest.raises(UrgencyError):
        check_bands([])


def test_a_gap_is_refused_even_when_a_band_reaches_beyond_10():
    with pytest.raises(UrgencyError):
        check_bands([BandRule("a", 0, 5), BandRule("b", 7, 20)])
    check_bands([BandRule("a", 0, 5), BandRule("b", 6, 20)])
