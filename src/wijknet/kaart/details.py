"""An entry's details as its change history records them: the location,
times, contact persons and phone numbers under keys such as
"location.street", next to the entry's own fields. The writers in
services.py compare these states before and after a change."""

from django.db.models import Q
from django.db.models.functions import Coalesce

from wijknet.kaart.models import Contact, Location, Phone, Schedule, ServiceAtLocation

LOCATION_FIELDS = ("name", "street", "postcode", "city", "transportation")
CONTACT_FIELDS = ("name", "title", "email")
CHUNK = 500


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def location_state(location: Location | None) -> dict:
    if location is None:
        return {}
    state = {name: getattr(location, name) or "" for name in LOCATION_FIELDS}
    state["neighbourhood"] = location.neighbourhood.name if location.neighbourhood else ""
    state["accessibility"] = sorted(item.label for item in location.accessibility.all())
    return state


def schedule_state(schedule: Schedule) -> list[str]:
    return [
        schedule.byday,
        _time(schedule.opens_at),
        _time(schedule.closes_at),
        schedule.description,
    ]


def detail_states(service_ids) -> dict[int, dict]:
    """Per entry, its details under the history keys save_entry writes,
    for writers that change them some other way (save_batch): every
    location, time, contact person and phone number, as an entry from a
    package may have several of each. Times held at a location count for
    the entries there. A few queries per 500 entries."""
    service_ids = sorted(set(service_ids))
    states = {}
    for chunk in _chunks(service_ids):
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
                times[owner].append(schedule_state(schedule))
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
            states[pk] = _state(places[pk], times[pk], people[pk], numbers[pk])
    return states


def _state(places: list[Location], times: list, people: list[Contact], numbers: list[str]):
    located = [location_state(location) for location in places]
    state = {
        f"location.{name}": "; ".join(filter(None, (item[name] for item in located)))
        for name in (*LOCATION_FIELDS, "neighbourhood")
    }
    state["location.accessibility"] = sorted(
        {label for item in located for label in item["accessibility"]}
    )
    state["schedules"] = sorted(times)
    for name in CONTACT_FIELDS:
        state[f"contact.{name}"] = "; ".join(
            filter(None, (getattr(contact, name) for contact in people))
        )
    state["phone"] = "; ".join(numbers)
    return state


# A new entry's details before it is saved: nothing.
NO_DETAILS = _state([], [], [], [])


def detail_changes(before: dict, after: dict) -> dict:
    """The history's [old, new] pairs between two detail_states of an entry."""
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def _chunks(items: list):
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def detail_owners(batch) -> set[int]:
    """The entries already in Wijknet (pks) whose location, times, contact
    persons or phone numbers the batch (services.save_batch) adds or changes: those the changed
    records belong to before and after, and those held at a changed
    location or whose contact person has a changed phone."""
    owners: dict[str, set[int]] = {"service": set(), "location": set(), "contact": set()}
    for table in ("service_at_location", "schedule", "contact", "phone", "location"):
        for p in batch.records[table].values():
            if p.action == "unchanged":
                continue
            if table == "location":
                if p.existing is not None:
                    owners["location"].add(p.existing.pk)
                continue
            for name, found in owners.items():
                if name in p.values:
                    found.add(batch.resolved(p.values[name]))
                if p.existing is not None and hasattr(p.existing, f"{name}_id"):
                    found.add(getattr(p.existing, f"{name}_id"))
    for ids in owners.values():
        ids.discard(None)
    services = owners["service"]
    for chunk in _chunks(sorted(owners["location"])):
        services.update(
            ServiceAtLocation.objects.filter(location_id__in=chunk).values_list(
                "service_id", flat=True
            )
        )
    for chunk in _chunks(sorted(owners["contact"])):
        services.update(
            Contact.objects.filter(pk__in=chunk, service__isnull=False).values_list(
                "service_id", flat=True
            )
        )
    return services
