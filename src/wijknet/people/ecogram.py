"""The network map around a person (ecogram, seed 002:584-749): what the map
says about the network, and where each tie goes in the picture. Pure: no
Django, so the rules and the geometry are tested on their own.

The person sits in the centre; the four layers of support around them are
concentric rings: what the person does and draws on themselves (*eigen
kracht*) closest, then the natural network, provisions in the community, and
professionals outside (the support layers of domain guide §4.9). Callers
pass the current, accepted ties as ``TieFacts``.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SELF = "self"
NATURAL = "natural"
COMMUNITY = "community"
PROFESSIONAL = "professional"
LAYERS = (SELF, NATURAL, COMMUNITY, PROFESSIONAL)  # inside out

# Signal codes. A code that concerns one tie or one layer carries it after a
# colon: "overloaded_carrier:12", "empty_layer:community".
SMALL_NETWORK = "small_network"
OVERLOADED = "overloaded_carrier"
EMPTY_LAYER = "empty_layer"

SMALL_NETWORK_BELOW = 3  # ties in the natural layer and the community together
HEAVY_LOAD = 3  # NetworkTie.Load: 3 heavy (zwaar), 4 too heavy (te zwaar)
HEAVY_BURDENS = frozenset({"very_heavy", "overloaded"})  # CarerBurden codes

# The picture: a viewBox wide enough for labels left and right of the outer
# ring, and high enough for labels above and below it.
WIDTH = 1000
HEIGHT = 660
CENTRE = (WIDTH / 2, HEIGHT / 2)
RADII = {SELF: 62.0, NATURAL: 130.0, COMMUNITY: 205.0, PROFESSIONAL: 280.0}
NODE_RADIUS = 7
LABEL_GAP = 14.0
LABEL_CHARS = 30
# Each ring starts at its own angle, so ties of different rings do not line
# up on one spoke.
START = {
    SELF: -math.pi / 2 + 1.05,
    NATURAL: -math.pi / 2,
    COMMUNITY: -math.pi / 2 + 0.35,
    PROFESSIONAL: -math.pi / 2 + 0.7,
}


@dataclass(frozen=True)
class TieFacts:
    """What the map needs of one tie. ``burden`` is the latest burden check
    of a tie registered as an informal carer, if any."""

    id: int
    layer: str
    name: str
    load_person: int = 2
    load_tie: int = 2
    burden: str | None = None


@dataclass(frozen=True)
class Ring:
    layer: str
    radius: float


@dataclass(frozen=True)
class Point:
    """One tie in the picture: its node, its label and the line from the
    person to it, whose thickness and dashes carry the load."""

    tie_id: int
    layer: str
    x: float
    y: float
    label: str
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: start | middle | end
    stroke_width: float
    dash: str  # SVG stroke-dasharray, "" for a solid line


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    cx: float
    cy: float
    rings: tuple[Ring, ...]
    points: tuple[Point, ...]


# --- What the map says ----------------------------------------------------------


def is_overloaded(tie: TieFacts) -> bool:
    """The other side carries too much: a heavy load on the tie, or a carer
    whose latest burden check says very heavy or overloaded. What the person
    does themselves has no other side."""
    if tie.layer == SELF:
        return False
    return tie.load_tie >= HEAVY_LOAD or tie.burden in HEAVY_BURDENS


def layer_counts(ties: Iterable[TieFacts]) -> dict[str, int]:
    counts = dict.fromkeys(LAYERS, 0)
    for tie in ties:
        if tie.layer in counts:
            counts[tie.layer] += 1
    return counts


def network_signals(ties: Iterable[TieFacts]) -> list[str]:
    """Signal codes for the current ties: a small network first, then each
    overloaded carrier, then each empty layer (inside out)."""
    ties = list(ties)
    counts = layer_counts(ties)
    codes = []
    if counts[NATURAL] + counts[COMMUNITY] < SMALL_NETWORK_BELOW:
        codes.append(SMALL_NETWORK)
    codes.extend(f"{OVERLOADED}:{tie.id}" for tie in ties if is_overloaded(tie))
    codes.extend(f"{EMPTY_LAYER}:{layer}" for layer in LAYERS if not counts[layer])
    return codes


def split_code(code: str) -> tuple[str, str]:
    """("overloaded_carrier", "12") for "overloaded_carrier:12"; the second
    part is empty for a code without one."""
    kind, _, subject = code.partition(":")
    return kind, subject


# --- Where it goes in the picture ----------------------------------------------


def line_style(load_person: int, load_tie: int) -> tuple[float, str]:
    """(stroke width, dash pattern) for the heavier of the two loads: light
    is a thin dotted line, bearable a thin solid one, heavy a thick solid one
    and too heavy a thick dashed one. Never colour alone."""
    load = max(load_person, load_tie)
    if load <= 1:
        return 1.0, "2 4"
    if load == 2:
        return 1.5, ""
    if load == 3:
        return 4.0, ""
    return 4.0, "10 5"


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _anchor(cos: float) -> str:
    if cos > 0.3:
        return "start"
    if cos < -0.3:
        return "end"
    return "middle"


def layout(ties: Sequence[TieFacts], labels: dict[int, str] | None = None) -> Layout:
    """Coordinates for the picture. Every tie of a known layer gets a point
    on its own ring; the ties of one ring are spread evenly around it, in
    the order given. ``labels`` gives a tie's text as it should be shown
    (default: its name, shortened)."""
    labels = labels or {}
    cx, cy = CENTRE
    points = []
    for layer in LAYERS:
        members = [tie for tie in ties if tie.layer == layer]
        radius = RADII[layer]
        for i, tie in enumerate(members):
            angle = START[layer] + 2 * math.pi * i / len(members)
            cos, sin = math.cos(angle), math.sin(angle)
            # On a crowded ring every other label sits a little further out.
            gap = LABEL_GAP + (LABEL_GAP if len(members) > 8 and i % 2 else 0.0)
            if abs(cos) <= 0.3:
                gap += 4.0  # above or below the node: clear the circle
            label_r = radius + gap
            width, dash = line_style(tie.load_person, tie.load_tie)
            points.append(
                Point(
                    tie_id=tie.id,
                    layer=layer,
                    x=round(cx + radius * cos, 1),
                    y=round(cy + radius * sin, 1),
                    label=labels[tie.id] if tie.id in labels else short_label(tie.name),
                    label_x=round(cx + label_r * cos, 1),
                    # Text sits on its baseline: centre it on the spoke, and
                    # below a node in the lower half.
                    label_y=round(cy + label_r * sin + (9 if sin > 0.95 else 4), 1),
                    anchor=_anchor(cos),
                    stroke_width=width,
                    dash=dash,
                )
            )
    rings = tuple(Ring(layer, RADII[layer]) for layer in LAYERS)
    return Layout(WIDTH, HEIGHT, cx, cy, rings, tuple(points))
