"""A score's reasons, stored and in words. A match keeps what the score
found per part (``stored_reasons``), not the words, so it reads in the
language of whoever opens it; ``explain`` turns the stored parts into the
lines a coordinator reads beside a candidate or a proposed match."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wijknet.volunteers import matching
from wijknet.volunteers.models import DAYS, LANGUAGES, PARTS, SLOTS, Interest, Profile

PART_LABELS = {
    matching.NEARNESS: gettext_lazy("Nabijheid"),
    matching.INTERESTS: gettext_lazy("Interesses"),
    matching.LANGUAGE: gettext_lazy("Taal"),
    matching.AVAILABILITY: gettext_lazy("Beschikbaarheid"),
    matching.PROFILE: gettext_lazy("Aanbod"),
}


@dataclass(frozen=True)
class Reason:
    """One part of a score, in words for the coordinator."""

    part: str
    points: int
    weight: int
    text: str

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.part])


def stored_reasons(need: matching.Need, result: matching.Score) -> list[dict]:
    """The parts of a score as stored on a match: what was found, not the
    words, so a match reads in the language of whoever opens it."""
    wanted = {
        matching.INTERESTS: len(need.interests),
        matching.LANGUAGE: len(need.languages),
        matching.AVAILABILITY: len(need.availability),
    }
    return [
        {
            "part": part.name,
            "points": part.points,
            "weight": part.weight,
            "detail": list(part.detail),
            "wanted": wanted.get(part.name, 0),
        }
        for part in result.parts
    ]


def _slot_label(slot: str) -> str:
    day, part = slot.split("-")
    return f"{dict(DAYS)[day]}{dict(PARTS)[part]}"


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def reason_text(part: dict, interest_names: dict[str, str]) -> str:
    """One stored part of a score in words, e.g. 'zelfde buurt', '2,1 km',
    '2 van 3 interesses: wandelen, koken', 'spreekt Arabisch'."""
    name, detail, wanted = part["part"], part.get("detail") or [], part.get("wanted", 0)
    if name == matching.NEARNESS:
        if detail[:1] == ["same"]:
            return _("zelfde buurt")
        if detail[:1] == ["km"]:
            return _("%(km)s km") % {"km": formats.number_format(detail[1], 1)}
        return _("afstand onbekend")
    if name == matching.INTERESTS:
        if not wanted:
            return _("geen interesses gevraagd")
        text = ngettext("%(n)s van %(m)s interesse", "%(n)s van %(m)s interesses", wanted) % {
            "n": len(detail),
            "m": wanted,
        }
        names = [interest_names.get(code, code) for code in detail]
        return f"{text}: {', '.join(names)}" if names else text
    if name == matching.LANGUAGE:
        if not wanted:
            return _("geen taal gevraagd")
        if not detail:
            return _("spreekt geen van de gevraagde talen")
        labels = dict(LANGUAGES)
        return _("spreekt %(languages)s") % {
            "languages": _join([str(labels.get(code, code)) for code in detail])
        }
    if name == matching.AVAILABILITY:
        if not wanted:
            return _("geen dagdelen gevraagd")
        text = ngettext(
            "beschikbaar op %(n)s van %(m)s gevraagd dagdeel",
            "beschikbaar op %(n)s van %(m)s gevraagde dagdelen",
            wanted,
        ) % {"n": len(detail), "m": wanted}
        slots = [_slot_label(slot) for slot in detail if slot in SLOTS]
        return f"{text}: {', '.join(slots)}" if slots else text
    if name == matching.PROFILE:
        if detail:
            return _("biedt %(profile)s aan") % {"profile": Profile(detail[0]).label}
        return _("biedt dit niet aan")
    return ""


def explain(parts: list[dict], interest_names: dict[str, str]) -> list[Reason]:
    return [
        Reason(part["part"], part["points"], part["weight"], reason_text(part, interest_names))
        for part in parts
    ]


def interest_names() -> dict[str, str]:
    """Codes to names of the interests (reference data, one query)."""
    return dict(Interest.objects.values_list("code", "name"))
