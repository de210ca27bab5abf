"""Every write to the social map, and nowhere else: each keeps the search
text in step and leaves a line in the entry's change history.

- ``save_entry`` (with ``save_service`` under it) saves one entry with its
  location, times, contact person and phone number: the staff form;
- ``save_entries`` is its bulk form: it checks every entry first
  (``check_entry``), then writes them all through ``save_batch``: the
  spreadsheet import;
- ``save_batch`` writes planned records of any table of the map with bulk
  queries (a few per 500 rows), and writes the history lines and the search
  text of the entries they touch, in one transaction: the HSDS import.

The importers (``kaart.exchange``) only read and check their files and hand
what they planned to these functions.
"""

import copy
import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access
from wijknet.core.models import Organisation
from wijknet.core.selectors import neighbourhood_for_postcode
from wijknet.core.validators import normalise_postcode
from wijknet.kaart import search
from wijknet.kaart.details import (
    CONTACT_FIELDS,
    LOCATION_FIELDS,
    NO_DETAILS,
    detail_changes,
    detail_owners,
    detail_states,
    location_state,
    schedule_state,
)
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


# An import sets the review date (HSDS assured_date) and never the editor.
BATCH_SNAPSHOT = tuple(f for f in SERVICE_FIELDS if f != "editor") + ("last_verified_on",)


def batch_snapshot(
    service: Service, relations: dict[str, set[int]], fields: tuple = BATCH_SNAPSHOT
) -> dict:
    """A service as a batch's history line compares it, with its
    many-to-many pks given (fetched for the whole batch at once)."""
    data = {}
    for name in fields:
        attname = Service._meta.get_field(name).attname
        data[name] = _value(getattr(service, attname))
    for name in SERVICE_RELATIONS:
        data[name] = sorted(relations.get(name, set()))
    return data


def _snapshot(service: Service) -> dict:
    """A saved entry as save_service's history line compares it."""
    relations = {
        name: set(getattr(service, name).values_list("pk", flat=True)) for name in SERVICE_RELATIONS
    }
    return batch_snapshot(service, relations, SERVICE_FIELDS)


# One entry ----------------------------------------------------------------------


def _check(service: Service, *, has_target_groups: bool, has_neighbourhoods: bool) -> None:
    """The rules of an entry beyond its fields' own, on its state after
    the change (save_service, save_entries)."""
    errors = {}
    if not service.open_to_everyone and not has_target_groups:
        errors["target_groups"] = _("Kies een doelgroep, of maak het aanbod voor iedereen.")
    if (
        service.minimum_age is not None
        and service.maximum_age is not None
        and service.minimum_age > service.maximum_age
    ):
        errors["maximum_age"] = _("De maximumleeftijd ligt onder de minimumleeftijd.")
    if service.whole_municipality and has_neighbourhoods:
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
    _check(
        service,
        has_target_groups=service.target_groups.exists(),
        has_neighbourhoods=service.neighbourhoods.exists(),
    )
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


def _fill_place(location: Location, data: dict, entry_name: str) -> None:
    """Set the fields given on an entry's place, named after the entry when
    it has no name, and check it; the neighbourhood follows the postcode."""
    for name in LOCATION_FIELDS:
        if name in data:
            setattr(location, name, data[name] or "")
    if not location.name:
        location.name = entry_name
    place_location(location)
    location.full_clean(exclude=["organisation", "neighbourhood", "hsds_id"], validate_unique=False)


def _save_location(service: Service, data: dict | None) -> dict:
    """``data`` None removes the entry's place (the location itself stays:
    other entries may be held there)."""
    link = service.at_locations.select_related("location__neighbourhood").order_by("id").first()
    before = location_state(link.location if link else None)
    if data is None:
        if link is not None:
            link.delete()
        after = {}
    else:
        location = link.location if link else Location(organisation=service.organisation)
        _fill_place(location, data, service.name)
        location.save()
        if "accessibility" in data:
            location.accessibility.set(data["accessibility"])
        if link is None:
            ServiceAtLocation.objects.create(service=service, location=location)
        after = location_state(location)
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
    # The entry's fields its history line compares.
    history_fields: tuple[str, ...] = BATCH_SNAPSHOT
    # Whose details (location, times, ...) the history lines follow. False:
    # every entry in Wijknet a changed record belongs to, as packages share
    # locations between entries. True: the batch's own entries only, new
    # ones included, as save_entry notes them (save_entries).
    own_details: bool = False

    @classmethod
    def empty(cls, **options) -> "Batch":
        return cls(
            records={name: {} for name in RECORD_MODELS},
            pks={name: {} for name in RECORD_MODELS},
            **options,
        )

    def add(self, record: Record) -> Record:
        self.records[record.table][record.id] = record
        if record.existing is not None:
            self.pks[record.table][record.id] = record.existing.pk
        return record

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
    entries = batch.records["service"].values()
    if batch.own_details:
        owners = {p.existing.pk for p in entries if p.existing is not None}
    else:
        owners = detail_owners(batch)
    details_before = detail_states(owners)
    now = timezone.now()
    for name, model in RECORD_MODELS.items():
        _write_table(batch, name, model, now)
        _write_relations(batch, name, model)
    if batch.own_details:
        owners = {p.existing.pk for p in entries}
    _write_history(batch, actor, action, details_before, detail_states(owners))
    _reindex_batch(batch)


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
    details = {
        pk: detail_changes(details_before.get(pk, NO_DETAILS), after)
        for pk, after in details_after.items()
    }
    versions = []
    for p in touched:
        current = {r: relations[r].get(p.existing.pk, set()) for r in relations}
        after = batch_snapshot(p.existing, current, batch.history_fields)
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


# Many entries: save_entry's bulk form ----------------------------------------------


@dataclass
class Entry:
    """One entry for save_entries: the entry to change (None: a new one),
    the fields to set (many-to-many fields as lists), and its place: KEEP,
    or the LOCATION_FIELDS to set on it."""

    service: Service | None
    fields: dict
    location: object = KEEP


class EntryError(Exception):
    """Entry number ``index`` of save_entries breaks a rule; nothing was
    written. ``messages`` say which."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(error)
        self.index = index
        self.messages = list(error.messages)


def check_entry(
    service: Service | None, *, fields: dict, location=KEEP, relations=None, place=None
):
    """The checks save_entry makes, without writing: the fields' own, the
    entry's rules (save_service) and its place's. Returns the entry and its
    place (None: KEEP) as they would be saved, or raises ValidationError.
    ``relations``: the entry's many-to-many pks now; ``place``: its first
    location now, if any."""
    candidate = copy.copy(service) if service is not None else Service()
    chosen = dict(relations or {})
    for name, value in fields.items():
        if name in SERVICE_RELATIONS:
            chosen[name] = {item.pk for item in value}
        else:
            setattr(candidate, name, value)
    candidate.full_clean(exclude=["search_text", "hsds_id"], validate_unique=False)
    _check(
        candidate,
        has_target_groups=bool(chosen.get("target_groups")),
        has_neighbourhoods=bool(chosen.get("neighbourhoods")),
    )
    if location is KEEP:
        return candidate, None
    place = copy.copy(place) if place is not None else Location()
    _fill_place(place, location, candidate.name)
    return candidate, place


@transaction.atomic
def save_entries(actor, entries: list[Entry], *, action: str = "imported") -> None:
    """save_entry for many entries (a spreadsheet import) through
    save_batch: every entry is checked first, and if any breaks a rule
    (EntryError) nothing is written; then all are written with bulk
    queries, each with the history line save_entry would write."""
    _require_editor(actor)
    current = Service.objects.select_for_update().in_bulk(
        [entry.service.pk for entry in entries if entry.service is not None]
    )
    relations = {r: related_pks(Service, r, list(current)) for r in SERVICE_RELATIONS}
    links = {}  # each entry's first place by id, as save_entry takes it
    for chunk in chunks(sorted(current)):
        for link in (
            ServiceAtLocation.objects.filter(service_id__in=chunk)
            .select_related("location__neighbourhood")
            .order_by("-id")
        ):
            links[link.service_id] = link
    batch = Batch.empty(history_fields=SERVICE_FIELDS, own_details=True)
    for index, entry in enumerate(entries):
        service = current.get(entry.service.pk) if entry.service is not None else None
        held = {r: relations[r].get(service.pk, set()) for r in relations} if service else {}
        link = links.get(service.pk) if service is not None else None
        try:
            candidate, place = check_entry(
                service,
                fields=entry.fields,
                location=entry.location,
                relations=held,
                place=link.location if link is not None else None,
            )
        except ValidationError as error:
            raise EntryError(index, error) from None
        record = _plan_service(batch, service, candidate, entry.fields, held)
        if place is not None:
            _plan_place(batch, record, link, place)
    save_batch(actor, batch, action=action)


def _plan_service(batch: Batch, service, candidate: Service, fields: dict, held: dict) -> Record:
    values = {}
    for name in fields:
        if name not in SERVICE_RELATIONS:
            attname = Service._meta.get_field(name).attname
            values[attname] = getattr(candidate, attname)
    relations = {
        name: {item.pk for item in items}
        for name, items in fields.items()
        if name in SERVICE_RELATIONS
    }
    if service is None:
        return batch.add(
            Record(
                "service",
                uuid.uuid4(),
                values=values,
                defaults={"last_verified_on": timezone.localdate()},
                relations=relations,
                action="created",
                changed=set(relations),
            )
        )
    changed = {key for key, value in values.items() if getattr(service, key) != value}
    changed |= {name for name, items in relations.items() if held.get(name, set()) != items}
    return batch.add(
        Record(
            "service",
            service.hsds_id,
            values=values,
            relations=relations,
            existing=service,
            action="updated" if changed else "unchanged",
            changed=changed,
            before=batch_snapshot(service, held, SERVICE_FIELDS),
        )
    )


def _plan_place(batch: Batch, entry: Record, link, place: Location) -> None:
    """The entry's first place as check_entry left it, or a new place with
    a link to the entry, as save_entry saves it."""
    values = {name: getattr(place, name) for name in LOCATION_FIELDS}
    values["neighbourhood_id"] = place.neighbourhood_id
    if link is not None:
        existing = link.location
        changed = {key for key, value in values.items() if getattr(existing, key) != value}
        batch.add(
            Record(
                "location",
                existing.hsds_id,
                values,
                existing=existing,
                action="updated" if changed else "unchanged",
                changed=changed,
            )
        )
        return
    values["organisation_id"] = entry.values.get("organisation_id") or (
        entry.existing.organisation_id
    )
    location = batch.add(Record("location", uuid.uuid4(), values, action="created"))
    link_values = {"service": Ref("service", entry.id), "location": Ref("location", location.id)}
    batch.add(Record("service_at_location", uuid.uuid4(), link_values, action="created"))
