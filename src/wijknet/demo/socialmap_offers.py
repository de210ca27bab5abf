"""The kinds of help on the social map and how their entries vary: the
templates ``socialmap`` draws each entry from.

The templates are data, kept in ``socialmap_offers.toml`` beside this module
so that a reader finds the texts apart from the drawing; this module reads
them once, in file order, into ``Offer`` records. The seed's draws depend on
that order and on every value, so editing the file changes the seeded map.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from wijknet.kaart.models import Service

Level = Service.LadderLevel
SOURCE = Path(__file__).with_name("socialmap_offers.toml")


@dataclass(frozen=True)
class Offer:
    """A kind of help, and how its entries vary.

    Names may use {buurt} (the neighbourhood, or Wijkerveen), {wijk} (the
    district), {plek} (the location's name) and {org} (the provider)."""

    key: str
    weight: float
    kinds: tuple[str, ...]  # organisation kinds that offer it
    names: tuple[str, ...]
    what: tuple[str, ...]  # the first sentence of the description
    more: tuple[str, ...]  # the second
    method: tuple[str, ...]
    domains: tuple[str, ...]  # LifeDomain codes; the first always, the others often
    fields: tuple[int, ...]  # PerformanceField numbers
    groups: tuple[str, ...] = ()  # TargetGroup codes
    open: float = 1.0  # chance the entry is for everyone
    levels: tuple[tuple[str, float], ...] = ((Level.GENERAL, 1.0),)
    local: float = 0.8  # chance it serves 1-3 neighbourhoods, not the whole town
    venue: str = "community"  # community | own | "" (at home, by phone)
    at_venue: float = 0.9  # chance an entry has a location
    free: float = 1.0
    fees: tuple[str, ...] = ()
    times: tuple[tuple[str, str, str], ...] = ()  # (byday, opens, closes)
    apply: tuple[str, ...] = ("U kunt gewoon binnenlopen; aanmelden is niet nodig.",)
    ages: tuple[int | None, int | None] = (None, None)
    alternate: tuple[str, ...] = ()
    languages: str = ""
    volunteer_run: bool = False


def _offer(entry: dict, texts: dict[str, tuple[str, ...]]) -> Offer:
    """One ``[[offers]]`` table as an Offer: lists become tuples, the ages
    a pair, and an ``apply`` that names a shared text becomes that text."""
    values = {
        name: tuple(tuple(item) if isinstance(item, list) else item for item in value)
        if isinstance(value, list)
        else value
        for name, value in entry.items()
        if name not in ("minimum_age", "maximum_age")
    }
    if isinstance(values.get("apply"), str):
        values["apply"] = texts[values["apply"]]
    if "minimum_age" in entry or "maximum_age" in entry:
        values["ages"] = (entry.get("minimum_age"), entry.get("maximum_age"))
    return Offer(**values)


def _load() -> tuple[dict[str, tuple[str, ...]], tuple[Offer, ...]]:
    with SOURCE.open("rb") as file:
        data = tomllib.load(file)
    texts = {name: tuple(lines) for name, lines in data["texts"].items()}
    return texts, tuple(_offer(entry, texts) for entry in data["offers"])


TEXTS, OFFERS = _load()
WALK_IN = TEXTS["walk_in"]
WMO_APPLY = TEXTS["wmo_apply"]
