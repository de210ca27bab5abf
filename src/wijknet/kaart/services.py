"""Every write to the social map, and nowhere else: each keeps the search
text in step and leaves a line in the entry's change history.

Two forms write an entry:

- ``save_entry`` (and ``save_service`` under it) saves one entry with its
  location, times, contact person and phone number, as the staff form does;
- ``save_batch`` saves many records at once in a few queries per 500
  (bulk_create/bulk_update), with the same history lines and search text,
  in one transaction. The importers (``kaart.exchange``) only read and
  check their files; they hand what they planned to it.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access
from wijknet.core.models import Organisation
from wijknet.core.selectors import neighbourhood_for_postcode
from wijknet.core.validators import normalise_postcode
from wijknet.kaart import search
from wijknet.kaart.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceVersion,
)

# Plain fields staff may edit; many-to-many fields are passed as lists.
SERVICE_FIELDS = (
    "organisation",
    "name",
    "alternate_name",
    "description",
    "working_method",
    "open_to_everyone",
    "minimum_age",
    "maximum_age",
    "ladder_level",
    "whole_municipality",
    "is_free",
    "fees_description",
    "application_process",
    "url",
    "email",
    "languages",
    "volunteers",
    "partnerships",
    "status",
    "editor",
)
SERVICE_RELATIONS = ("target_groups", "performance_fields", "life_domains", "neighbourhoods")
# An entry's details, under the keys its history uses ("location.street").
LOCATION_FIELDS = ("name", "street", "postcode", "city", "transportation")
CONTACT_FIELDS = ("name", "title", "email")

KEEP = object()  # "leave this part of the entry as it is"
BATCH = 500  # rows per bulk query


# Search text -----------------------------------------------------------------


def index_text_for(service: Service, *, target_groups=(), life_domains=()) -> str:
    """What free text searches: name, description, method, and the labels
    of the target groups and life domains, so 'ouderen' finds entries for
    older people even when the text says 'senioren'."""
    return search.index_text(
        service.name,
        service.alternate_name,
        service.description,
        service.working_method,
        service.organisation.name if service.organisation_id else "",
        *(str(item) for item in target_groups),
        *(str(item) for item in life_domains),
    )


def _fresh_index_text(service: Service) -> str:
    return index_text_for(
        service,
        target_groups=list(service.target_groups.all()),
        life_domains=list(service.life_domains.all()),
    )


def reindex(service: Service) -> None:
    service.search_text = _fresh_index_text(service)
    Service.objects.filter(pk=service.pk).update(search_text=service.search_text)


def reindex_many(service_ids) -> None:
    """``reindex`` for many entries: three queries and one update per 500."""
    for chunk in chunks(sorted(set(service_ids))):
        found = list(
            Service.objects.filter(pk__in=chunk)
            .select_related("organisation")
            .prefetch_related("target_groups", "life_domains")
        )
        for service in found:
            service.search_text = _fresh_index_text(service)
        Service.objects.bulk_update(found, ["search_text"], batch_size=BATCH)


# The history's picture of an entry ----------------------------------------------


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _snapshot(service: Service) -> dict:
    data = {name: _value(getattr(service, name)) for name in SERVICE_FIELDS}
    if service.pk:
        for name in SERVICE_RELATIONS:
            data[name] = sorted(getattr(service, name).values_list("pk", flat=True))
    return data


# An import sets the review date (HSDS assured_date) and never the editor.
BATCH_SNAPSHOT = tuple(f for f in SERVICE_FIELDS if f != "editor") + ("last_verified_on",)


def batch_snapshot(service: Service, relations: dict[str, set[int]]) -> dict:
    """A service as a batch's history line compares it, with its
    many-to-many pks given (fetched for the whole batch at once)."""
    data = {}
    for name in BATCH_SNAPSHOT:
        attname = Service._meta.get_field(name).attname
        data[name] = _value(getattr(service, attname))
    for name in SERVICE_RELATIONS:
        data[name] = sorted(relations.get(name, set()))
    return data


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _location_state(location: Location | None) -> dict:
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
    for chunk in chunks(service_ids):
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


# One entry ----------------------------------------------------------------------


def _check(service: Service) -> None:
    errors = {}
    if not service.open_to_everyone and service.pk and not service.target_groups.exists():
        errors["target_groups"] = _("Kies een doelgroep, of maak het aanbod voor iedereen.")
    if (
        service.minimum_age is not None
        and service.maximum_age is not None
        and service.minimum_age > service.maximum_age
    ):
        errors["maximum_age"] = _("De maximumleeftijd ligt onder de minimumleeftijd.")
    if service.whole_municipality and service.pk and service.neighbourhoods.exists():
        # The form says the same; imports and the API meet it here.
        errors["neighbourhoods"] = _("Kies buurten óf 'voor de hele gemeente', niet allebei.")
    if not service.is_free and not service.fees_description.strip():
        errors["fees_description"] = _("Vermeld wat het kost, of maak het aanbod gratis.")
    if errors:
        raise ValidationError(errors)


def _require_editor(actor) -> None:
    if actor is not None and not access.can(actor, "kaart.edit"):
        raise PermissionDenied


@transaction.atomic
def save_service(actor, *, service: Service | None = None, action: str = "", **fields) -> Service:
    """Create or change an entry. ``actor`` None is a system import."""
    _require_editor(actor)
    relations = {name: fields.pop(name) for name in SERVICE_RELATIONS if name in fields}
    unknown = set(fields) - set(SERVICE_FIELDS) - {"last_verified_on"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    creating = service is None
    service = Service() if creating else Service.objects.select_for_update().get(pk=service.pk)
    before = {} if creating else _snapshot(service)
    for name, value in fields.items():
        setattr(service, name, value)
    if creating and "last_verified_on" not in fields:
        service.last_verified_on = timezone.localdate()
    service.full_clean(exclude=["search_text"])
    service.save()
    for name, items in relations.items():
        getattr(service, name).set(items)
    _check(service)
    reindex(service)
    after = _snapshot(service)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes or creating:
        ServiceVersion.objects.create(
            service=service,
            actor=actor,
            action=action or ("created" if creating else "changed"),
            changes=changes,
        )
    return service


@transaction.atomic
def verify_service(actor, *, service: Service) -> Service:
    """One click: 'still correct'. Resets the review clock and says who."""
    _require_editor(actor)
    today = timezone.localdate()
    previous = service.last_verified_on
    Service.objects.filter(pk=service.pk).update(last_verified_on=today)
    service.last_verified_on = today
    ServiceVersion.objects.create(
        service=service,
        actor=actor,
        action="verified",
        changes={"last_verified_on": [_value(previous), today.isoformat()]},
    )
    return service


def place_location(location: Location) -> None:
    """Normalise the postcode and map it to a neighbourhood."""
    if location.postcode:
        location.postcode = normalise_postcode(location.postcode)
        location.neighbourhood = neighbourhood_for_postcode(location.postcode)
    else:
        location.neighbourhood = None


def _latest_version_id(service: Service | None) -> int:
    if service is None:
        return 0
    return ServiceVersion.objects.filter(service=service).aggregate(m=Max("id"))["m"] or 0


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
        place_location(location)
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


def _save_schedules(service: Service, rows: list[dict]) -> dict:
    """``rows``: the times the entry should have, each with the ``pk`` of the
    schedule it edits, if any; schedules not named are removed. Editing in
    place keeps each schedule's HSDS identifier stable."""
    existing = {schedule.pk: schedule for schedule in service.schedules.all()}
    before = sorted(schedule_state(s) for s in existing.values())
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
    after = sorted(schedule_state(s) for s in kept)
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
    """Create or change an entry and its one location, its times, one
    contact person and one phone number, noted in the same line of its
    history; ``KEEP`` leaves a part alone. Raises ValidationError (and
    writes nothing) when any part is invalid."""
    since = _latest_version_id(service)
    service = save_service(actor, service=service, action=action, **fields)
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


# Many records at once ------------------------------------------------------------

# What a batch writes, in write order (a record refers only to tables before
# it), keyed by the HSDS table names the exchange format uses.
RECORD_MODELS = {
    "organization": Organisation,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "schedule": Schedule,
    "contact": Contact,
    "phone": Phone,
}
RECORD_RELATIONS = {
    "service": SERVICE_RELATIONS,
    "location": ("accessibility",),
}


@dataclass(frozen=True)
class Ref:
    """A record named by its table and HSDS id: one already in Wijknet, or
    one the same batch creates first. save_batch turns it into a pk."""

    table: str
    id: uuid.UUID


@dataclass
class Record:
    """One record of a batch, as a reader planned and checked it."""

    table: str
    id: uuid.UUID  # its HSDS id
    values: dict = field(default_factory=dict)  # model field -> value or Ref
    defaults: dict = field(default_factory=dict)  # only used when creating
    relations: dict = field(default_factory=dict)  # m2m field -> set of pks
    existing: models.Model | None = None
    action: str = ""  # created | updated | unchanged
    changed: set = field(default_factory=set)  # fields (and m2m fields) to write
    before: dict = field(default_factory=dict)  # a service's batch_snapshot


@dataclass
class Batch:
    """Everything one import writes. ``records``: per table of
    RECORD_MODELS, the records by HSDS id; ``pks``: per table, the pk of
    every record already in Wijknet that a Ref names. save_batch adds the
    pks of what it creates."""

    records: dict[str, dict[uuid.UUID, Record]]
    pks: dict[str, dict[uuid.UUID, int]]

    def resolved(self, value):
        if isinstance(value, Ref):
            return self.pks[value.table].get(value.id)
        return value


def chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def through(model, name: str):
    """The through model of a many-to-many field, and its two column names."""
    field_ = model._meta.get_field(name)
    return (
        field_.remote_field.through,
        field_.m2m_field_name() + "_id",
        field_.m2m_reverse_field_name() + "_id",
    )


def related_pks(model, relation: str, owners) -> dict[int, set[int]]:
    """{owner pk: {related pk, ...}} for one many-to-many field, per 500."""
    model_through, source, target = through(model, relation)
    found: dict[int, set[int]] = defaultdict(set)
    for chunk in chunks(list(owners)):
        for owner, item in model_through.objects.filter(**{f"{source}__in": chunk}).values_list(
            source, target
        ):
            found[owner].add(item)
    return found


@transaction.atomic
def save_batch(actor, batch: Batch, *, action: str = "imported") -> None:
    """Write a batch's created and updated records with bulk queries, table
    by table, and keep the history and the search text in step: one history
    line per entry whose record or details changed (as save_entry writes
    them), and fresh search text for those entries and for the entries of
    organisations whose name changed. ``actor`` None is a system import."""
    _require_editor(actor)
    owners = _detail_owners(batch)
    details_before = detail_states(owners)
    now = timezone.now()
    for name, model in RECORD_MODELS.items():
        _write_table(batch, name, model, now)
        _write_relations(batch, name, model)
    _write_history(batch, actor, action, details_before, detail_states(owners))
    _reindex_batch(batch)


def _detail_owners(batch: Batch) -> set[int]:
    """The entries already in Wijknet whose location, times, contact
    persons or phone numbers the batch adds or changes: those the changed
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
    for chunk in chunks(sorted(owners["location"])):
        services.update(
            ServiceAtLocation.objects.filter(location_id__in=chunk).values_list(
                "service_id", flat=True
            )
        )
    for chunk in chunks(sorted(owners["contact"])):
        services.update(
            Contact.objects.filter(pk__in=chunk, service__isnull=False).values_list(
                "service_id", flat=True
            )
        )
    return services


def _assign(batch: Batch, obj, values: dict) -> None:
    for key, value in values.items():
        model_field = obj._meta.get_field(key)
        setattr(obj, model_field.attname, batch.resolved(value))


def _write_table(batch: Batch, name: str, model, now) -> None:
    planned = batch.records[name]
    creates, updates = [], defaultdict(list)
    for p in planned.values():
        if p.action == "created":
            obj = model(hsds_id=p.id)
            _assign(batch, obj, {**p.defaults, **p.values})
            p.existing = obj
            creates.append(obj)
        elif p.action == "updated":
            values = {k: v for k, v in p.values.items() if k in p.changed}
            _assign(batch, p.existing, values)
            keys = {model._meta.get_field(key).name for key in values}
            if name == "service":
                p.existing.updated_at = now
                keys.add("updated_at")
            updates[frozenset(keys)].append(p.existing)
    model.objects.bulk_create(creates, batch_size=BATCH)
    missing = [obj.hsds_id for obj in creates if obj.pk is None]
    for chunk in chunks(missing):
        for hsds_id, pk in model.objects.filter(hsds_id__in=chunk).values_list("hsds_id", "pk"):
            planned[hsds_id].existing.pk = pk
    for obj in creates:
        batch.pks[name][obj.hsds_id] = obj.pk
    for keys, objs in updates.items():
        model.objects.bulk_update(objs, sorted(keys), batch_size=BATCH)


def _write_relations(batch: Batch, name: str, model) -> None:
    for relation in RECORD_RELATIONS.get(name, ()):
        model_through, source, target = through(model, relation)
        changed = [
            p
            for p in batch.records[name].values()
            if p.action in ("created", "updated") and relation in p.changed
        ]
        for chunk in chunks([p.existing.pk for p in changed if p.action == "updated"]):
            model_through.objects.filter(**{f"{source}__in": chunk}).delete()
        model_through.objects.bulk_create(
            [
                model_through(**{source: p.existing.pk, target: item})
                for p in changed
                for item in sorted(p.relations[relation])
            ],
            batch_size=BATCH,
        )


def _write_history(
    batch: Batch, actor, action: str, details_before: dict, details_after: dict
) -> None:
    """One line per entry whose record or details (location, times,
    contact persons, phone numbers) the batch changed, saying what changed,
    as a manual edit's line does (save_entry)."""
    touched = [p for p in batch.records["service"].values() if p.action != "unchanged"]
    owners = [p.existing.pk for p in touched]
    relations = {r: related_pks(Service, r, owners) for r in SERVICE_RELATIONS}
    details = {pk: detail_changes(details_before[pk], after) for pk, after in details_after.items()}
    versions = []
    for p in touched:
        after = batch_snapshot(
            p.existing, {r: relations[r].get(p.existing.pk, set()) for r in relations}
        )
        changes = {k: [p.before.get(k), v] for k, v in after.items() if p.before.get(k) != v}
        changes.update(details.pop(p.existing.pk, {}))
        versions.append(
            ServiceVersion(service=p.existing, actor=actor, action=action, changes=changes)
        )
    only_details = sorted(pk for pk, changes in details.items() if changes)
    versions += [
        ServiceVersion(service_id=pk, actor=actor, action=action, changes=details[pk])
        for pk in only_details
    ]
    ServiceVersion.objects.bulk_create(versions, batch_size=BATCH)
    for chunk in chunks(only_details):
        Service.objects.filter(pk__in=chunk).update(updated_at=timezone.now())


def _reindex_batch(batch: Batch) -> None:
    """The batch's changed entries, and the entries of organisations whose
    name changed (the name is searchable)."""
    ids = {p.existing.pk for p in batch.records["service"].values() if p.action != "unchanged"}
    renamed = [
        p.existing.pk
        for p in batch.records["organization"].values()
        if p.action == "updated" and "name" in p.changed
    ]
    for chunk in chunks(renamed):
        ids.update(Service.objects.filter(organisation_id__in=chunk).values_list("pk", flat=True))
    reindex_many(ids)
