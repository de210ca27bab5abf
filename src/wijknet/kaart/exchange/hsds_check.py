"""The HSDS import's checks across records, once every table is read:
what Wijknet already holds of the package, references that must resolve,
names and links that must be unique, and per record whether it is new,
changed or unchanged, with the rules services.save_service enforces
applied to the state after the import."""

import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError

from wijknet.core.models import Organisation
from wijknet.kaart.exchange.hsds_package import OWNER_COLUMN, OWNERS, Package, Planned
from wijknet.kaart.exchange.hsds_rows import ABSENT
from wijknet.kaart.exchange.schema import X
from wijknet.kaart.models import Location, Service, ServiceAtLocation
from wijknet.kaart.services import (
    RECORD_MODELS,
    RECORD_RELATIONS,
    Ref,
    batch_snapshot,
    chunks,
    place_location,
    related_pks,
)

REF_LABEL = {
    "organization": "organisatie",
    "service": "aanbod",
    "location": "locatie",
    "contact": "contactpersoon",
}


def load_existing(pkg: Package) -> None:
    """The records the package changes, and the pks of everything it
    refers to that is already in Wijknet."""
    for p in pkg.planned["service_at_location"].values():
        service, location = p.values.get("service"), p.values.get("location")
        pkg.sal_links[p.id] = (
            service.id if isinstance(service, Ref) else None,
            location.id if isinstance(location, Ref) else None,
        )
    wanted = list({target for _p, _c, target in pkg.sal_refs} - set(pkg.sal_links))
    for chunk in chunks(wanted):
        for hsds_id, service, location in ServiceAtLocation.objects.filter(
            hsds_id__in=chunk
        ).values_list("hsds_id", "service__hsds_id", "location__hsds_id"):
            pkg.sal_links[hsds_id] = (service, location)
    referenced: dict[str, set[uuid.UUID]] = defaultdict(set)
    for _p, _column, _name, ref in pkg.refs:
        referenced[ref.table].add(ref.id)
    for service, location in pkg.sal_links.values():
        referenced["service"].add(service)
        referenced["location"].add(location)
    for ids in referenced.values():
        ids.discard(None)
    for name, model in RECORD_MODELS.items():
        ids = list(pkg.planned[name])
        for chunk in chunks(ids):
            for obj in model.objects.filter(hsds_id__in=chunk):
                pkg.existing[name][obj.hsds_id] = obj
                pkg.pks[name][obj.hsds_id] = obj.pk
        others = list(referenced[name] - set(pkg.pks[name]))
        for chunk in chunks(others):
            pkg.pks[name].update(
                model.objects.filter(hsds_id__in=chunk).values_list("hsds_id", "pk")
            )


def check_references(pkg: Package) -> None:
    """Every link must resolve, in the package or in Wijknet. Links to an
    organisation (other than a service's own) and to a service at a
    location may be dangling: they are dropped with a warning, as the
    specification's own example package has such links."""
    for p, column, name, ref in pkg.refs:
        if pkg.known(ref):
            continue
        message = (
            f"{column}: {REF_LABEL[ref.table]} {ref.id} staat niet in het pakket en niet in Wijknet"
        )
        if ref.table == "organization" and p.table != "service":
            p.row.warn(message + "; koppeling niet overgenomen")
            p.values[name] = None
        else:
            p.row.error(message)
    for p, column, target in pkg.sal_refs:
        if target not in pkg.sal_links:
            p.row.warn(
                f"{column}: aanbod op locatie {target} staat niet in het pakket en niet "
                "in Wijknet; koppeling niet overgenomen"
            )
            continue
        for name, linked in zip(("service", "location"), pkg.sal_links[target], strict=True):
            current = p.values.get(name)
            if linked is None:
                continue
            if current is None:
                p.values[name] = Ref(name, linked)
            elif current.id != linked:
                p.row.error(f"{column}: hoort bij een ander {REF_LABEL[name]} dan {name}_id")
    for table, owners in OWNERS.items():
        for p in pkg.planned[table].values():
            existing = pkg.existing[table].get(p.id)

            def linked(name, p=p, existing=existing) -> bool:
                if name in p.values:
                    return p.values[name] is not None
                return existing is not None and getattr(existing, f"{name}_id") is not None

            if not any(linked(name) for name in owners):
                columns = " of ".join(OWNER_COLUMN[name] for name in owners)
                p.row.error(f"hoort nergens bij: vul {columns} in")


def check_unique(pkg: Package) -> None:
    # Organisation names are unique in Wijknet.
    names: dict[str, Planned] = {}
    for p in pkg.planned["organization"].values():
        name = p.values.get("name")
        if not name:
            continue
        if name in names:
            p.row.error(f"name: de naam '{name}' staat ook op rij {names[name].record.number}")
        names[name] = p
    renamed = {
        p.id for p in pkg.planned["organization"].values() if p.id in pkg.existing["organization"]
    }
    for chunk in chunks(list(names)):
        for name, hsds_id in Organisation.objects.filter(name__in=chunk).values_list(
            "name", "hsds_id"
        ):
            p = names[name]
            if hsds_id != p.id and hsds_id not in renamed:
                p.row.error(f"name: Wijknet heeft al een andere organisatie '{name}'")
    # A service is at a location once.
    known_pairs: dict[tuple[int, int], uuid.UUID] = {}
    service_pks = sorted(
        {
            pkg.pks["service"][p.values["service"].id]
            for p in pkg.planned["service_at_location"].values()
            if isinstance(p.values.get("service"), Ref)
            and p.values["service"].id in pkg.pks["service"]
        }
    )
    for chunk in chunks(service_pks):
        for service_pk, location_pk, hsds_id in ServiceAtLocation.objects.filter(
            service_id__in=chunk
        ).values_list("service_id", "location_id", "hsds_id"):
            known_pairs[(service_pk, location_pk)] = hsds_id
    pairs: dict[tuple, Planned] = {}
    for p in pkg.planned["service_at_location"].values():
        service, location = p.values.get("service"), p.values.get("location")
        if not (isinstance(service, Ref) and isinstance(location, Ref)):
            continue
        key = (service.id, location.id)
        if key in pairs:
            p.row.error(f"dit aanbod staat al op deze locatie (rij {pairs[key].record.number})")
        pairs[key] = p
        service_pk = pkg.pks["service"].get(service.id)
        location_pk = pkg.pks["location"].get(location.id)
        other = known_pairs.get((service_pk, location_pk))
        if other is not None and other != p.id:
            p.row.error(f"dit aanbod staat in Wijknet al op deze locatie (id {other})")


def _current_relations(pkg: Package, name: str) -> dict[str, dict[int, set[int]]]:
    owners = [obj.pk for obj in pkg.existing[name].values()]
    return {
        relation: related_pks(RECORD_MODELS[name], relation, owners)
        for relation in RECORD_RELATIONS.get(name, ())
    }


def decide(pkg: Package) -> None:
    place_cache: dict[str, tuple[str, int | None]] = {}
    for name in RECORD_MODELS:
        relations = _current_relations(pkg, name)
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for p in pkg.planned[name].values():
            existing = pkg.existing[name].get(p.id)
            p.existing = existing
            if name == "location":
                _place(p, existing, place_cache)
            current_m2m = {
                relation: relations[relation].get(existing.pk, set()) if existing else set()
                for relation in RECORD_RELATIONS.get(name, ())
            }
            if name == "service":
                _check_service(p, existing, current_m2m)
            if existing is None:
                p.action = "created"
                p.changed = set(p.relations)
            else:
                p.changed = {
                    key for key, value in p.values.items() if _differs(pkg, existing, key, value)
                } | {r for r, items in p.relations.items() if current_m2m[r] != items}
                p.action = "updated" if p.changed else "unchanged"
                if name == "service":
                    p.before = batch_snapshot(existing, current_m2m)
            counts[p.action] += 1
        pkg.report.counts[name] = counts


def _differs(pkg: Package, existing, key: str, value) -> bool:
    model_field = existing._meta.get_field(key)
    current = getattr(existing, model_field.attname)
    if isinstance(value, Ref):
        pk = pkg.batch.resolved(value)
        return pk is None or current != pk
    return current != value


def _place(p: Planned, existing, cache) -> None:
    """Normalise the postcode and find the neighbourhood, through
    services.place_location (cached per postcode)."""
    fallback = p.defaults.pop("fallback_neighbourhood", ABSENT)
    postcode = p.values.get("postcode", existing.postcode if existing else "")
    neighbourhood = None
    if postcode:
        if postcode not in cache:
            scratch = Location(postcode=postcode)
            try:
                place_location(scratch)
            except ValidationError:  # an old, invalid postcode the package leaves alone
                scratch.neighbourhood = None
            cache[postcode] = (scratch.postcode, scratch.neighbourhood_id)
        postcode, neighbourhood = cache[postcode]
        if "postcode" in p.values:
            p.values["postcode"] = postcode
    if neighbourhood is not None:
        p.values["neighbourhood_id"] = neighbourhood
    elif fallback is not ABSENT:
        p.values["neighbourhood_id"] = fallback
    elif "postcode" in p.values:
        p.values["neighbourhood_id"] = None


def _check_service(p: Planned, existing, current_m2m) -> None:
    """The rules services.save_service enforces, on the state after import."""

    def now(name):
        if name in p.values:
            return p.values[name]
        if existing is not None:
            return getattr(existing, name)
        if name in p.defaults:
            return p.defaults[name]
        return Service._meta.get_field(name).get_default()

    groups = p.relations.get("target_groups", current_m2m.get("target_groups", set()))
    if not now("open_to_everyone") and not groups:
        p.row.error(
            f"{X}target_groups: kies een doelgroep, of maak het aanbod voor iedereen "
            f"({X}open_to_everyone)"
        )
    low, high = now("minimum_age"), now("maximum_age")
    if low is not None and high is not None and low > high:
        p.row.error("maximum_age ligt onder minimum_age")
    if not now("is_free") and not (now("fees_description") or "").strip():
        p.row.error(f"fees_description: vermeld wat het kost, of zet {X}is_free op true")
    areas = p.relations.get("neighbourhoods", current_m2m.get("neighbourhoods", set()))
    if now("whole_municipality") and areas:
        p.row.error(f"{X}neighbourhoods: kies buurten of {X}whole_municipality, niet allebei")
