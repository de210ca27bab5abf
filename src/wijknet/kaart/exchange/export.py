"""Export the social map as an HSDS 3.0 tabular package (schema.py):
every entry, active or not, with its organisation, locations, addresses,
times, contact persons and phone numbers."""

import csv
import datetime
import json
from collections import defaultdict
from pathlib import Path

from wijknet.core.models import Organisation
from wijknet.core.validators import format_postcode
from wijknet.kaart.exchange.schema import (
    PLAIN_COLUMNS,
    TABLE,
    TABLES,
    Table,
    X,
    address_id,
    datapackage,
    eligibility_text,
)
from wijknet.kaart.models import Contact, Location, Phone, Schedule, Service, ServiceAtLocation


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _write_csv(path: Path, table: Table, rows: list[dict]) -> None:
    header = table.header
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in sorted(rows, key=lambda r: str(r["id"])):
            writer.writerow([_cell(row.get(name)) for name in header])


def _m2m_values(model, name: str, value_path: str) -> dict[int, list]:
    """{owner pk: [related value, ...]} for one many-to-many field, sorted."""
    field_ = model._meta.get_field(name)
    through = field_.remote_field.through
    source = field_.m2m_field_name()
    target = field_.m2m_reverse_field_name()
    found: dict[int, list] = defaultdict(list)
    for owner, value in through.objects.values_list(f"{source}_id", f"{target}__{value_path}"):
        found[owner].append(value)
    return {owner: sorted(values, key=str) for owner, values in found.items()}


def _joined(values) -> str:
    return ",".join(str(value) for value in values)


def _plain_rows(name: str, model, organisation_ids: set[int] | None = None) -> list[dict]:
    """The rows of a table stored as HSDS has it (schema.PLAIN_COLUMNS);
    the organisations they belong to are added to ``organisation_ids``."""
    columns = PLAIN_COLUMNS[name]
    extra = ("organisation_id",) if organisation_ids is not None else ()
    rows = []
    for found in model.objects.values(*columns.values(), *extra):
        if extra and found["organisation_id"]:
            organisation_ids.add(found["organisation_id"])
        rows.append({column: found[path] for column, path in columns.items()})
    return rows


def export_package(path) -> dict[str, int]:
    """Write the whole social map (active and inactive entries) as an HSDS
    tabular package into the folder ``path``; returns rows per file. The
    output is deterministic: rows are ordered by id."""
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)

    target_groups = _m2m_values(Service, "target_groups", "code")
    target_labels: dict[int, list[str]] = defaultdict(list)
    through = Service.target_groups.through
    for service_id, label in through.objects.order_by(
        "targetgroup__order", "targetgroup__label"
    ).values_list("service_id", "targetgroup__label"):
        target_labels[service_id].append(label)
    performance = _m2m_values(Service, "performance_fields", "number")
    domains = _m2m_values(Service, "life_domains", "code")
    areas = _m2m_values(Service, "neighbourhoods", "cbs_code")
    accessibility = _m2m_values(Location, "accessibility", "code")

    organisation_ids: set[int] = set()
    services = []
    for service in Service.objects.select_related("organisation"):
        organisation_ids.add(service.organisation_id)
        services.append(
            {
                "id": service.hsds_id,
                "organization_id": service.organisation.hsds_id,
                "name": service.name,
                "alternate_name": service.alternate_name,
                "description": service.description,
                "url": service.url,
                "email": service.email,
                "status": service.status,
                "interpretation_services": service.languages,
                "application_process": service.application_process,
                "fees_description": service.fees_description,
                "eligibility_description": eligibility_text(
                    service.open_to_everyone, target_labels.get(service.pk, [])
                ),
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "assured_date": service.last_verified_on,
                X + "working_method": service.working_method,
                X + "open_to_everyone": service.open_to_everyone,
                X + "target_groups": _joined(target_groups.get(service.pk, [])),
                X + "ladder_level": service.ladder_level,
                X + "performance_fields": _joined(sorted(performance.get(service.pk, []), key=int)),
                X + "life_domains": _joined(domains.get(service.pk, [])),
                X + "whole_municipality": service.whole_municipality,
                X + "neighbourhoods": _joined(areas.get(service.pk, [])),
                X + "is_free": service.is_free,
                X + "volunteers": service.volunteers,
                X + "partnerships": service.partnerships,
            }
        )

    locations, addresses = [], []
    for location in Location.objects.select_related("organisation", "neighbourhood"):
        if location.organisation_id:
            organisation_ids.add(location.organisation_id)
        locations.append(
            {
                "id": location.hsds_id,
                "location_type": "physical",
                "organization_id": location.organisation.hsds_id
                if location.organisation_id
                else None,
                "name": location.name,
                "description": location.description,
                "transportation": location.transportation,
                "latitude": location.latitude,
                "longitude": location.longitude,
                X + "neighbourhood": location.neighbourhood.cbs_code
                if location.neighbourhood_id
                else "",
                X + "accessibility": _joined(accessibility.get(location.pk, [])),
            }
        )
        if location.street or location.postcode or location.city:
            addresses.append(
                {
                    "id": address_id(location.hsds_id),
                    "location_id": location.hsds_id,
                    "address_1": location.street,
                    "city": location.city,
                    "postal_code": format_postcode(location.postcode),
                    "country": "NL",
                    "address_type": "physical",
                }
            )

    at_locations = _plain_rows("service_at_location", ServiceAtLocation)
    schedules = _plain_rows("schedule", Schedule)
    contacts = _plain_rows("contact", Contact, organisation_ids)
    phones = _plain_rows("phone", Phone, organisation_ids)

    organisations = [
        {
            "id": o.hsds_id,
            "name": o.name,
            "description": o.description,
            "email": o.email,
            "website": o.website,
            X + "kind": o.kind,
            X + "partner_role": o.partner_role,
            X + "municipality": o.municipality.cbs_code if o.municipality_id else "",
        }
        for o in Organisation.objects.filter(pk__in=organisation_ids).select_related("municipality")
    ]

    rows = {
        "organization": organisations,
        "service": services,
        "location": locations,
        "service_at_location": at_locations,
        "schedule": schedules,
        "contact": contacts,
        "phone": phones,
        "address": addresses,
    }
    for table in TABLES:
        _write_csv(root / table.path, table, rows[table.name])
    (root / "datapackage.json").write_text(
        json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return {TABLE[name].path: len(found) for name, found in rows.items()}
