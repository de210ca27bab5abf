"""An entry's change history told back in words: who changed what, from
what, to what. The lines are written by services.py (save_entry,
save_batch); this module only reads them, and names the history's keys
for the pages and the spreadsheet import's report."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijknet.core.models import Neighbourhood, Organisation, User
from wijknet.core.pagination import keyset_page
from wijknet.kaart import services
from wijknet.kaart.models import (
    DAY_CODES,
    LifeDomain,
    PerformanceField,
    Service,
    ServiceVersion,
    TargetGroup,
)

# History keys of the details, next to the entry's own field names.
DETAIL_LABELS = {
    "location.name": gettext_lazy("Locatie: naam"),
    "location.street": gettext_lazy("Locatie: straat en huisnummer"),
    "location.postcode": gettext_lazy("Locatie: postcode"),
    "location.city": gettext_lazy("Locatie: plaats"),
    "location.transportation": gettext_lazy("Locatie: bereikbaarheid"),
    "location.neighbourhood": gettext_lazy("Locatie: buurt"),
    "location.accessibility": gettext_lazy("Locatie: toegankelijkheid"),
    "schedules": gettext_lazy("Tijden"),
    "contact.name": gettext_lazy("Contactpersoon: naam"),
    "contact.title": gettext_lazy("Contactpersoon: functie"),
    "contact.email": gettext_lazy("Contactpersoon: e-mail"),
    "phone": gettext_lazy("Telefoonnummer"),
    "last_verified_on": gettext_lazy("Laatst gecontroleerd"),
}
ACTION_LABELS = {
    "created": gettext_lazy("aangemaakt"),
    "changed": gettext_lazy("gewijzigd"),
    "verified": gettext_lazy("gecontroleerd: klopt nog"),
    "imported": gettext_lazy("bijgewerkt via import"),
}
DAY_SHORT = dict(
    zip(
        DAY_CODES,
        [
            gettext_lazy("ma"),
            gettext_lazy("di"),
            gettext_lazy("wo"),
            gettext_lazy("do"),
            gettext_lazy("vr"),
            gettext_lazy("za"),
            gettext_lazy("zo"),
        ],
        strict=True,
    )
)

HISTORY_SIZE = 50  # lines per page of an entry's history


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryLine:
    at: datetime.datetime
    actor: str
    action: str
    changes: list[Change] = field(default_factory=list)


_RELATED = {
    "organisation": Organisation,
    "editor": User,
    "target_groups": TargetGroup,
    "performance_fields": PerformanceField,
    "life_domains": LifeDomain,
    "neighbourhoods": Neighbourhood,
}


def _empty() -> str:
    return _("(leeg)")


def _days_text(byday: str) -> str:
    return ", ".join(str(DAY_SHORT[d]) for d in byday.split(",") if d in DAY_SHORT)


def schedule_words(state) -> str:
    """One stored schedule as 'di, do 10:00-12:00 (inloop)'."""
    byday, opens, closes, description = (list(state) + ["", "", "", ""])[:4]
    parts = [_days_text(byday or "")]
    if opens or closes:
        parts.append(f"{opens}-{closes}")
    if description:
        parts.append(f"({description})")
    return " ".join(part for part in parts if part) or _empty()


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Names:
    """Display names of every related object the history mentions, fetched
    in one query per model however long the history is."""

    def __init__(self, versions):
        wanted: dict[str, set] = {name: set() for name in _RELATED}
        for version in versions:
            for name, pair in version.changes.items():
                if name not in wanted:
                    continue
                for value in pair:
                    if isinstance(value, list):
                        wanted[name].update(value)
                    elif value is not None:
                        wanted[name].add(value)
        self.names = {}
        for name, ids in wanted.items():
            model = _RELATED[name]
            self.names[name] = (
                {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)} if ids else {}
            )

    def get(self, name, pk) -> str:
        return self.names[name].get(pk, _("(verwijderd)"))


def _field_words(name: str, value, names: _Names) -> str:
    if value is None or value == "" or value == []:
        return _empty()
    if name in _RELATED:
        if isinstance(value, list):
            return ", ".join(sorted(names.get(name, pk) for pk in value))
        return names.get(name, value)
    if name == "schedules":
        return "; ".join(schedule_words(item) for item in value)
    if name == "location.accessibility":
        return ", ".join(value)
    if name == "last_verified_on":
        try:
            return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    try:
        model_field = Service._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a detail key, not a model field
        return _shorten(str(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return _shorten(str(value))


def field_label(name: str) -> str:
    if name in DETAIL_LABELS:
        return str(DETAIL_LABELS[name])
    try:
        label = str(Service._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown key still shows
        return name
    return label[:1].upper() + label[1:]


_ORDER = {
    name: i
    for i, name in enumerate(
        [*services.SERVICE_FIELDS, *services.SERVICE_RELATIONS, *DETAIL_LABELS]
    )
}


def history(service: Service, *, limit: int = HISTORY_SIZE) -> list[HistoryLine]:
    """The entry's newest ``limit`` changes, newest first: who, when, and
    per field the old and the new value in words."""
    return history_page(service, size=limit).rows


def history_page(service: Service, cursor: str | None = None, *, size: int = HISTORY_SIZE):
    """A page of the entry's history (as ``history``) after ``cursor``,
    with the cursor of the next page (core.pagination)."""
    page = keyset_page(
        ServiceVersion.objects.filter(service=service).select_related("actor"),
        ("-at", "-id"),
        cursor,
        size,
    )
    page.rows = _lines(page.rows)
    return page


def _lines(versions: list[ServiceVersion]) -> list[HistoryLine]:
    names = _Names(versions)
    lines = []
    for version in versions:
        changes = []
        for name, pair in sorted(
            version.changes.items(), key=lambda item: _ORDER.get(item[0], len(_ORDER))
        ):
            old, new = _field_words(name, pair[0], names), _field_words(name, pair[1], names)
            if old != new:  # a new entry lists its empty fields too; leave them out
                changes.append(Change(label=field_label(name), old=old, new=new))
        lines.append(
            HistoryLine(
                at=version.at,
                actor=str(version.actor) if version.actor else _("import of systeem"),
                action=str(ACTION_LABELS.get(version.action, version.action)),
                changes=changes,
            )
        )
    return lines
