"""Staff editing beyond ``services.save_service``: an entry's one location,
its times, one contact person and one phone number, written in the same
transaction as the entry and noted in the same line of its history; and
that history told back in words.

The writes belong in services.py in the long run (it is the one place that
writes the map); they live here until that module grows them.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijknet.core.models import Neighbourhood, Organisation, User
from wijknet.core.pagination import keyset_page
from wijknet.kaart import services
from wijknet.kaart.models import (
    DAY_CODES,
    Contact,
    LifeDomain,
    Location,
    PerformanceField,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceVersion,
    TargetGroup,
)

LOCATION_FIELDS = ("name", "street", "postcode", "city", "transportation")
CONTACT_FIELDS = ("name", "title", "email")

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

KEEP = object()  # "leave this part of the entry as it is"
HISTORY_SIZE = 50  # lines per page of an entry's history


# Writing ---------------------------------------------------------------------


def _latest_version_id(service: Service | None) -> int:
    if service is None:
        return 0
    return ServiceVersion.objects.filter(service=service).aggregate(m=Max("id"))["m"] or 0


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _location_state(location: Location | None) -> dict:
    if location is None:
        return {}
    state = {name: getattr(location, name) or "" for name in LOCATION_FIELDS}
    state["neighbourhood"] = location.neighbourhood.name if location.neighbourhood else ""
    state["accessibility"] = sorted(item.label for item in location.accessibility.all())
    return state


def _save_location(service: Service, data: dict | None) -> dict:
    """``data`` None removes the entry's place (the location itself stays:
    other entries may be held there)."""
    link = service.at_locations.select_related("location__neighbourhood").order_by("id").first()
    before = _location_state(link.location if link else None)
    if data is None:
        if link is not None:
            link.delete()
        after = {}
    else:
        location = link.location if link else Location(organisation=service.organisation)
        for name in LOCATION_FIELDS:
            if name in data:
                setattr(location, name, data[name] or "")
        if not location.name:
            location.name = service.name
        services.place_location(location)
        location.full_clean(exclude=["organisation", "neighbourhood"])
        location.save()
        if "accessibility" in data:
            location.accessibility.set(data["accessibility"])
        if link is None:
            ServiceAtLocation.objects.create(service=service, location=location)
        after = _location_state(location)
    changes = {}
    for key in sorted(set(before) | set(after)):
        blank = [] if key == "accessibility" else ""
        old, new = before.get(key, blank), after.get(key, blank)
        if old != new:
            changes[f"location.{key}"] = [old, new]
    return changes


def _schedule_state(schedule: Schedule) -> list[str]:
    return [
        schedule.byday,
        _time(schedule.opens_at),
        _time(schedule.closes_at),
        schedule.description,
    ]


def _save_schedules(service: Service, rows: list[dict]) -> dict:
    """``rows``: the times the entry should have, each with the ``pk`` of the
    schedule it edits, if any; schedules not named are removed. Editing in
    place keeps each schedule's HSDS identifier stable."""
    existing = {schedule.pk: schedule for schedule in service.schedules.all()}
    before = sorted(_schedule_state(s) for s in existing.values())
    kept = []
    for row in rows:
        schedule = existing.pop(row.get("pk"), None) or Schedule(service=service)
        schedule.byday = row.get("byday", "")
        schedule.opens_at = row.get("opens_at")
        schedule.closes_at = row.get("closes_at")
        schedule.description = row.get("description", "")
        schedule.full_clean(exclude=["service", "location"])
        schedule.save()
        kept.append(schedule)
    Schedule.objects.filter(pk__in=list(existing)).delete()
    after = sorted(_schedule_state(s) for s in kept)
    return {"schedules": [before, after]} if before != after else {}


def _save_contact(service: Service, data: dict | None, phone: str | None) -> dict:
    changes = {}
    contact = service.contacts.order_by("id").first()
    before = {name: getattr(contact, name) for name in CONTACT_FIELDS} if contact else {}
    if data is None or not any(data.get(name) for name in CONTACT_FIELDS):
        if contact is not None:
            contact.delete()
        after = {}
    else:
        contact = contact or Contact(service=service)
        for name in CONTACT_FIELDS:
            setattr(contact, name, data.get(name) or "")
        contact.full_clean(exclude=["organisation", "service", "location"])
        contact.save()
        after = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    for name in CONTACT_FIELDS:
        if before.get(name, "") != after.get(name, ""):
            changes[f"contact.{name}"] = [before.get(name, ""), after.get(name, "")]

    number = service.phones.filter(contact__isnull=True).order_by("id").first()
    old = number.number if number else ""
    if not phone:
        if number is not None:
            number.delete()
    else:
        number = number or Phone(service=service)
        number.number = phone
        number.full_clean(exclude=["organisation", "service", "location", "contact"])
        number.save()
    if old != (phone or ""):
        changes["phone"] = [old, phone or ""]
    return changes


def _note(actor, service: Service, changes: dict, action: str, since: int) -> None:
    """Add the details' changes to the history line save_service just wrote,
    or write one line of their own when the entry itself did not change."""
    version = ServiceVersion.objects.filter(service=service, pk__gt=since).order_by("-id").first()
    if version is not None:
        version.changes = {**version.changes, **changes}
        version.save(update_fields=["changes"])
    else:
        ServiceVersion.objects.create(
            service=service, actor=actor, action=action or "changed", changes=changes
        )
    Service.objects.filter(pk=service.pk).update(updated_at=timezone.now())


@transaction.atomic
def save_entry(
    actor,
    *,
    service: Service | None,
    fields: dict,
    action: str = "",
    location=KEEP,
    schedules=KEEP,
    contact=KEEP,
    phone=KEEP,
) -> Service:
    """Create or change an entry and the parts given; ``KEEP`` leaves a part
    alone. Raises ValidationError (and writes nothing) when any part is
    invalid."""
    since = _latest_version_id(service)
    service = services.save_service(actor, service=service, action=action, **fields)
    changes = {}
    if location is not KEEP:
        changes.update(_save_location(service, location))
    if schedules is not KEEP:
        changes.update(_save_schedules(service, schedules))
    if contact is not KEEP or phone is not KEEP:
        current_contact = service.contacts.order_by("id").first()
        current_phone = service.phones.filter(contact__isnull=True).order_by("id").first()
        if contact is KEEP:
            contact = (
                {name: getattr(current_contact, name) for name in CONTACT_FIELDS}
                if current_contact
                else None
            )
        if phone is KEEP:
            phone = current_phone.number if current_phone else ""
        changes.update(_save_contact(service, contact, phone))
    if changes:
        _note(actor, service, changes, action, since)
    return service


def detail_states(service_ids) -> dict[int, dict]:
    """Per entry, its details under the history keys save_entry writes,
    for writers that change them some other way (the HSDS import): every
    location, time, contact person and phone number, as an entry from a
    package may have several of each. Times held at a location count for
    the entries there. A few queries per 500 entries."""
    service_ids = sorted(set(service_ids))
    states = {}
    for start in range(0, len(service_ids), 500):
        chunk = service_ids[start : start + 500]
        places: dict[int, list[Location]] = {pk: [] for pk in chunk}
        held_at: dict[int, list[int]] = {}
        links = (
            ServiceAtLocation.objects.filter(service_id__in=chunk)
            .select_related("location__neighbourhood")
            .prefetch_related("location__accessibility")
            .order_by("location__hsds_id")
        )
        for link in links:
            places[link.service_id].append(link.location)
            held_at.setdefault(link.location_id, []).append(link.service_id)
        times: dict[int, list] = {pk: [] for pk in chunk}
        schedules = Schedule.objects.filter(
            Q(service_id__in=chunk) | Q(service__isnull=True, location_id__in=list(held_at))
        )
        for schedule in schedules:
            owners = [schedule.service_id] if schedule.service_id else held_at[schedule.location_id]
            for owner in owners:
                times[owner].append(_schedule_state(schedule))
        people: dict[int, list[Contact]] = {pk: [] for pk in chunk}
        for contact in Contact.objects.filter(service_id__in=chunk).order_by("hsds_id"):
            people[contact.service_id].append(contact)
        numbers: dict[int, list[str]] = {pk: [] for pk in chunk}
        phones = (
            Phone.objects.filter(Q(service_id__in=chunk) | Q(contact__service_id__in=chunk))
            .annotate(owner=Coalesce("service_id", "contact__service_id"))
            .order_by("hsds_id")
        )
        for phone in phones:
            numbers[phone.owner].append(phone.number)
        for pk in chunk:
            located = [_location_state(location) for location in places[pk]]
            state = {
                f"location.{name}": "; ".join(filter(None, (item[name] for item in located)))
                for name in (*LOCATION_FIELDS, "neighbourhood")
            }
            state["location.accessibility"] = sorted(
                {label for item in located for label in item["accessibility"]}
            )
            state["schedules"] = sorted(times[pk])
            for name in CONTACT_FIELDS:
                state[f"contact.{name}"] = "; ".join(
                    filter(None, (getattr(contact, name) for contact in people[pk]))
                )
            state["phone"] = "; ".join(numbers[pk])
            states[pk] = state
    return states


def detail_changes(before: dict, after: dict) -> dict:
    """The history's [old, new] pairs between two detail_states of an entry."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


# Reading the history ---------------------------------------------------------


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
