"""The network map's rules and geometry, without a database: the signals it
raises, and where each tie goes in the picture."""

import math

from hypothesis import given
from hypothesis import strategies as st

from wijknet.people import ecogram
from wijknet.people.ecogram import TieFacts


def tie(id, layer, load_tie=2, load_person=2, burden=None):  # noqa: A002 - mirrors TieFacts
    return TieFacts(
        id=id,
        layer=layer,
        name=f"tie {id}",
        load_person=load_person,
        load_tie=load_tie,
        burden=burden,
    )


def test_a_full_light_network_raises_nothing():
    ties = [tie(1, "natural"), tie(2, "natural"), tie(3, "community"), tie(4, "professional")]
    ties.append(tie(5, "self"))
    assert ecogram.network_signals(ties) == []


def test_fewer_than_three_natural_and_community_ties_is_a_small_network():
    ties = [tie(1, "natural"), tie(2, "community"), tie(3, "professional"), tie(4, "professional")]
    ties += [tie(5, "self"), tie(6, "self")]  # own strengths do not make a network large
    assert ecogram.network_signals(ties) == [ecogram.SMALL_NETWORK]


def test_professionals_do_not_make_a_network_large():
    ties = [tie(i, "professional") for i in range(1, 6)] + [tie(9, "natural")]
    assert ecogram.SMALL_NETWORK in ecogram.network_signals(ties)


def test_a_heavy_load_on_the_other_side_is_an_overloaded_carrier():
    ties = [tie(1, "natural", load_tie=3), tie(2, "natural", load_tie=4), tie(3, "community")]
    ties.append(tie(4, "professional", load_tie=2, load_person=4))  # heavy for the person only
    ties.append(tie(5, "self", load_tie=4))  # what the person does themselves has no other side
    assert ecogram.network_signals(ties) == ["overloaded_carrier:1", "overloaded_carrier:2"]


def test_a_carer_whose_latest_check_is_very_heavy_or_overloaded_is_overloaded():
    ties = [
        tie(1, "natural", load_tie=1, burden="very_heavy"),
        tie(2, "natural", load_tie=1, burden="overloaded"),
        tie(3, "natural", load_tie=1, burden="fairly_heavy"),
        tie(4, "community"),
        tie(5, "professional"),
        tie(6, "self"),
    ]
    assert ecogram.network_signals(ties) == ["overloaded_carrier:1", "overloaded_carrier:2"]


def test_every_empty_layer_is_named_inside_out():
    assert ecogram.network_signals([]) == [
        ecogram.SMALL_NETWORK,
        "empty_layer:self",
        "empty_layer:natural",
        "empty_layer:community",
        "empty_layer:professional",
    ]
    codes = ecogram.network_signals([tie(1, "community")] * 3)
    assert [c for c in codes if c.startswith("empty")] == [
        "empty_layer:self",
        "empty_layer:natural",
        "empty_layer:professional",
    ]


def test_split_code():
    assert ecogram.split_code("overloaded_carrier:12") == ("overloaded_carrier", "12")
    assert ecogram.split_code("small_network") == ("small_network", "")


def test_line_style_carries_the_heavier_load_without_colour():
    assert ecogram.line_style(1, 1) == (1.0, "2 4")
    assert ecogram.line_style(2, 1) == (1.5, "")
    assert ecogram.line_style(1, 3) == (4.0, "")
    assert ecogram.line_style(4, 2) == (4.0, "10 5")
    styles = {ecogram.line_style(load, load) for load in (1, 2, 3, 4)}
    assert len(styles) == 4  # each load looks different


def test_labels_are_shortened_but_given_labels_are_kept():
    long = TieFacts(id=1, layer="natural", name="Grootmoeder van moederskant Wilhelmina")
    point = ecogram.layout([long]).points[0]
    assert point.label.endswith("…") and len(point.label) == ecogram.LABEL_CHARS
    point = ecogram.layout([long], labels={1: "Oma (oma) – zwaar"}).points[0]
    assert point.label == "Oma (oma) – zwaar"


def test_one_tie_per_ring_starts_at_its_own_angle():
    placed = ecogram.layout(
        [tie(1, "natural"), tie(2, "community"), tie(3, "professional"), tie(4, "self")]
    )
    cx, cy = ecogram.CENTRE
    own, first = placed.points[:2]  # inside out: the person's own strengths first
    assert (first.x, first.y) == (cx, round(cy - ecogram.RADII["natural"], 1))  # at the top
    assert first.anchor == "middle"
    assert len({(p.x, p.y) for p in placed.points}) == 4
    assert [r.layer for r in placed.rings] == ["self", "natural", "community", "professional"]
    assert own.layer == "self"  # on the ring closest to the person
    assert math.hypot(own.x - cx, own.y - cy) < ecogram.RADII["natural"]


# --- Properties of the layout ---------------------------------------------------

ties_strategy = st.lists(
    st.builds(
        TieFacts,
        id=st.integers(min_value=1, max_value=10**6),
        layer=st.sampled_from(ecogram.LAYERS),
        name=st.text(min_size=1, max_size=60),
        load_person=st.integers(min_value=1, max_value=4),
        load_tie=st.integers(min_value=1, max_value=4),
        burden=st.one_of(
            st.none(), st.sampled_from(["not_heavy", "fairly_heavy", "very_heavy", "overloaded"])
        ),
    ),
    max_size=80,
    unique_by=lambda t: t.id,
)


@given(ties_strategy)
def test_every_tie_gets_one_point_on_its_own_ring(ties):
    placed = ecogram.layout(ties)
    assert sorted(p.tie_id for p in placed.points) == sorted(t.id for t in ties)
    layer_of = {t.id: t.layer for t in ties}
    for point in placed.points:
        assert point.layer == layer_of[point.tie_id]
        distance = math.hypot(point.x - placed.cx, point.y - placed.cy)
        assert abs(distance - ecogram.RADII[point.layer]) < 0.2  # rounding to 0.1


@given(ties_strategy)
def test_points_and_labels_stay_in_the_viewbox(ties):
    placed = ecogram.layout(ties)
    for point in placed.points:
        assert ecogram.NODE_RADIUS <= point.x <= placed.width - ecogram.NODE_RADIUS
        assert ecogram.NODE_RADIUS <= point.y <= placed.height - ecogram.NODE_RADIUS
        assert 0 <= point.label_x <= placed.width
        assert 12 <= point.label_y <= placed.height  # a 13px label's baseline


@given(ties_strategy)
def test_no_two_ties_share_a_point(ties):
    placed = ecogram.layout(ties)
    assert len({(p.x, p.y) for p in placed.points}) == len(placed.points)


@given(ties_strategy)
def test_ties_of_one_ring_are_spread_evenly(ties):
    placed = ecogram.layout(ties)
    for layer in ecogram.LAYERS:
        on_ring = [p for p in placed.points if p.layer == layer]
        if len(on_ring) < 2:
            continue
        angles = [math.atan2(p.y - placed.cy, p.x - placed.cx) for p in on_ring]
        gaps = [
            (b - a) % (2 * math.pi) for a, b in zip(angles, angles[1:] + angles[:1], strict=True)
        ]
        expected = 2 * math.pi / len(on_ring)
        assert all(abs(gap - expected) < 0.01 for gap in gaps)


@given(ties_strategy)
def test_signals_name_exactly_the_overloaded_ties_and_the_empty_layers(ties):
    codes = ecogram.network_signals(ties)
    overloaded = {int(c.split(":")[1]) for c in codes if c.startswith("overloaded_carrier:")}
    assert overloaded == {
        t.id
        for t in ties
        if t.layer != "self" and (t.load_tie >= 3 or t.burden in ("very_heavy", "overloaded"))
    }
    empty = {c.split(":")[1] for c in codes if c.startswith("empty_layer:")}
    assert empty == set(ecogram.LAYERS) - {t.layer for t in ties}
    small = sum(t.layer in ("natural", "community") for t in ties) < 3
    assert (ecogram.SMALL_NETWORK in codes) == small
