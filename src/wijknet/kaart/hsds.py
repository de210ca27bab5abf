"""Open Referral HSDS 3.0 exchange for the social map, in the specification's
tabular form: a folder with ``datapackage.json`` and one CSV file per table.

Wijknet reads and writes eight HSDS tables: organizations, services,
locations, service_at_location, schedules, contacts, phones and addresses.
Every file carries all columns of the HSDS header (columns Wijknet does not
model stay empty). Data only Wijknet has (working method, support ladder,
Wmo performance fields, life domains, target groups, neighbourhoods, ...)
travel in extra columns whose names start with ``x_wijknet_``; HSDS tabular
data allow extra fields, and ``datapackage.json`` describes them.

Mapping notes:

- a Wijknet location holds one address; the export writes it as one
  ``physical`` address row whose id is derived from the location's id, and
  the import takes a location's physical address (or else its first one);
- ``eligibility_description`` is written from the target groups; the import
  reads the ``x_wijknet_`` columns instead;
- ``opens_at``/``closes_at`` are local (Europe/Amsterdam) times.

The import is all or nothing: every record is checked first, each problem is
reported as (file, row, id, message), and if there is any error nothing is
written. Records are matched on their HSDS id, so importing a package twice
changes nothing the second time. The import adds and changes records; it does
not delete records that are missing from the package.
"""

import csv
import datetime
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from wijknet.core.models import Municipality, Neighbourhood, Organisation
from wijknet.core.validators import format_postcode, normalise_postcode
from wijknet.kaart import editing
from wijknet.kaart import services as kaart_services
from wijknet.kaart.models import (
    DAY_CODES,
    AccessibilityFeature,
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

HSDS_VERSION = "3.0.0"
X = "x_wijknet_"
BATCH = 500

# ---------------------------------------------------------------------------
# The package layout


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"
    format: str = ""
    required: bool = False
    description: str = ""
    enum: tuple[str, ...] = ()

    def describe(self) -> dict:
        data: dict = {"name": self.name, "type": self.type}
        if self.format:
            data["format"] = self.format
        if self.description:
            data["description"] = self.description
        constraints: dict = {"required": self.required}
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.name == "id":
            constraints["unique"] = True
        data["constraints"] = constraints
        return data


@dataclass(frozen=True)
class Table:
    name: str  # the HSDS resource name
    path: str
    description: str
    columns: tuple[Column, ...]
    foreign_keys: tuple[tuple[str, str], ...] = ()

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def describe(self) -> dict:
        schema: dict = {
            "primaryKey": "id",
            "fields": [column.describe() for column in self.columns],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": name, "reference": {"resource": resource, "fields": "id"}}
                for name, resource in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": self.path,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": schema,
        }


def _id(required: bool = True) -> Column:
    return Column("id", format="uuid", required=required)


def _ref(name: str, required: bool = False) -> Column:
    return Column(name, format="uuid", required=required)


def _codes(name: str, what: str) -> Column:
    return Column(
        X + name,
        description=f"Wijknet extension: comma-separated {what}, e.g. as the export writes them.",
    )


ORGANIZATION = Table(
    "organization",
    "organizations.csv",
    "Organisations that offer services on the social map.",
    (
        _id(),
        Column("name", required=True),
        Column("alternate_name"),
        Column("description"),
        Column("email", format="email"),
        Column("website", format="uri"),
        Column("tax_status"),
        Column("tax_id"),
        Column("year_incorporated", "number"),
        Column("legal_status"),
        Column("logo"),
        Column("uri", format="uri"),
        _ref("parent_organization_id"),
        Column(
            X + "kind",
            description="Wijknet extension: kind of organisation. New organisations "
            "without it are imported as 'other'.",
            enum=tuple(Organisation.Kind.values),
        ),
        Column(
            X + "partner_role",
            description="Wijknet extension: role in the local network (core or shell partner).",
            enum=tuple(Organisation.PartnerRole.values),
        ),
        Column(
            X + "municipality",
            description="Wijknet extension: CBS code of the municipality (GMxxxx).",
        ),
    ),
)

SERVICE = Table(
    "service",
    "services.csv",
    "The offers on the social map. eligibility_description is written from the "
    "x_wijknet_open_to_everyone and x_wijknet_target_groups columns; "
    "interpretation_services holds the languages spoken.",
    (
        _id(),
        _ref("organization_id", required=True),
        _ref("program_id"),
        Column("name", required=True),
        Column("alternate_name"),
        Column("description", required=True),
        Column("url", format="uri"),
        Column("email", format="email"),
        Column("status", required=True, enum=("active", "inactive")),
        Column("interpretation_services"),
        Column("application_process"),
        Column("fees_description"),
        Column("wait_time"),
        Column("fees"),
        Column("accreditations"),
        Column("eligibility_description"),
        Column("minimum_age", "number"),
        Column("maximum_age", "number"),
        Column("assured_date", "date"),
        Column("assurer_email", format="email"),
        Column("licenses"),
        Column("alert"),
        Column("last_modified", "datetime"),
        Column(X + "working_method", description="Wijknet extension: how the offer works."),
        Column(
            X + "open_to_everyone",
            "boolean",
            description="Wijknet extension: open to everyone, or only to the target groups.",
        ),
        _codes("target_groups", "target group codes"),
        Column(
            X + "ladder_level",
            description="Wijknet extension: place on the support ladder.",
            enum=tuple(Service.LadderLevel.values),
        ),
        _codes("performance_fields", "Wmo performance field numbers (1-9)"),
        _codes("life_domains", "life domain codes"),
        Column(
            X + "whole_municipality",
            "boolean",
            description="Wijknet extension: offered in the whole municipality, "
            "or only in x_wijknet_neighbourhoods.",
        ),
        _codes("neighbourhoods", "CBS codes of districts and neighbourhoods (WK…, BU…)"),
        Column(
            X + "is_free",
            "boolean",
            description="Wijknet extension: free of charge. Without it, a new "
            "service is free when fees_description is empty.",
        ),
        Column(X + "volunteers", description="Wijknet extension: how volunteers take part."),
        Column(X + "partnerships", description="Wijknet extension: partners in the offer."),
    ),
    (("organization_id", "organization"),),
)

LOCATION = Table(
    "location",
    "locations.csv",
    "The places where services are offered. The address is in addresses.csv.",
    (
        _id(),
        Column("location_type", required=True, enum=("physical", "postal", "virtual")),
        Column("url", format="uri"),
        _ref("organization_id"),
        Column("name", required=True),
        Column("alternate_name"),
        Column("description"),
        Column("transportation"),
        Column("latitude", "number"),
        Column("longitude", "number"),
        Column("external_identifier"),
        Column("external_identifier_type"),
        Column(
            X + "neighbourhood",
            description="Wijknet extension: CBS code of the neighbourhood the location "
            "lies in. On import the postcode decides when Wijknet knows it.",
        ),
        _codes("accessibility", "accessibility feature codes"),
    ),
    (("organization_id", "organization"),),
)

SERVICE_AT_LOCATION = Table(
    "service_at_location",
    "service_at_location.csv",
    "Which service is offered at which location.",
    (
        _id(),
        _ref("service_id", required=True),
        _ref("location_id", required=True),
        Column("description"),
    ),
    (("service_id", "service"), ("location_id", "location")),
)

SCHEDULE = Table(
    "schedule",
    "schedules.csv",
    "Opening hours and recurring activities as iCalendar weekly rules; "
    "opens_at and closes_at are local times (Europe/Amsterdam).",
    (
        _id(),
        _ref("service_id"),
        _ref("location_id"),
        _ref("service_at_location_id"),
        Column("valid_from", "date"),
        Column("valid_to", "date"),
        Column("dtstart", "date"),
        Column("timezone", "number"),
        Column("until", "date"),
        Column("count", "number"),
        Column("wkst"),
        Column("freq", required=True, enum=("WEEKLY", "MONTHLY")),
        Column("interval", "number"),
        Column("byday"),
        Column("byweekno"),
        Column("bymonthday"),
        Column("byyearday"),
        Column("description"),
        Column("opens_at", "time"),
        Column("closes_at", "time"),
        Column("schedule_link", format="uri"),
        Column("attending_type"),
        Column("notes"),
    ),
    (("service_id", "service"), ("location_id", "location")),
)

CONTACT = Table(
    "contact",
    "contacts.csv",
    "Contact persons of organisations, services and locations.",
    (
        _id(),
        _ref("organization_id"),
        _ref("service_id"),
        _ref("service_at_location_id"),
        _ref("location_id"),
        Column("name"),
        Column("title"),
        Column("department"),
        Column("email", format="email"),
    ),
    (("organization_id", "organization"), ("service_id", "service"), ("location_id", "location")),
)

PHONE = Table(
    "phone",
    "phones.csv",
    "Phone numbers of organisations, services, locations and contacts.",
    (
        _id(),
        _ref("location_id"),
        _ref("service_id"),
        _ref("organization_id"),
        _ref("contact_id"),
        _ref("service_at_location_id"),
        Column("number", required=True),
        Column("extension", "number"),
        Column("type"),
        Column("description"),
    ),
    (
        ("location_id", "location"),
        ("service_id", "service"),
        ("organization_id", "organization"),
        ("contact_id", "contact"),
    ),
)

ADDRESS = Table(
    "address",
    "addresses.csv",
    "The address of each location: one physical address per location; the id "
    "is derived from the location's id. postal_code is a Dutch postcode (1234 AB).",
    (
        _id(),
        _ref("location_id", required=True),
        Column("attention"),
        Column("address_1"),
        Column("address_2"),
        Column("city"),
        Column("region"),
        Column("state_province"),
        Column("postal_code"),
        Column("country", required=True),
        Column("address_type", required=True, enum=("physical", "postal", "virtual")),
    ),
    (("location_id", "location"),),
)

TABLES = (
    ORGANIZATION,
    SERVICE,
    LOCATION,
    SERVICE_AT_LOCATION,
    SCHEDULE,
    CONTACT,
    PHONE,
    ADDRESS,
)
TABLE = {table.name: table for table in TABLES}
MODELS = {
    "organization": Organisation,
    "service": Service,
    "location": Location,
    "service_at_location": ServiceAtLocation,
    "schedule": Schedule,
    "contact": Contact,
    "phone": Phone,
}
# Dutch labels for reports, in write order.
LABELS = {
    "organization": "organisaties",
    "service": "aanbod",
    "location": "locaties",
    "service_at_location": "aanbod op locatie",
    "contact": "contactpersonen",
    "schedule": "tijden",
    "phone": "telefoonnummers",
}


def datapackage() -> dict:
    """The ``datapackage.json`` Wijknet writes: every resource and its fields."""
    return {
        "name": "wijknet-sociale-kaart",
        "title": "Wijknet social map (HSDS 3.0)",
        "description": (
            "The social map of a Wijknet installation in the tabular format of the "
            "Human Services Data Specification (HSDS) 3.0 by Open Referral "
            "(https://openreferral.org/). Columns whose names start with 'x_wijknet_' "
            "are Wijknet extensions (extra fields, allowed by HSDS tabular data); "
            "HSDS columns Wijknet does not model are left empty."
        ),
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "homepage": "https://docs.openreferral.org",
        "resources": [table.describe() for table in TABLES],
    }


# ---------------------------------------------------------------------------
# Export


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


def address_id(location_hsds_id: uuid.UUID) -> uuid.UUID:
    """The id of a location's address row: stable, derived from the location."""
    return uuid.uuid5(location_hsds_id, "address")


def eligibility_text(open_to_everyone: bool, target_group_labels: list[str]) -> str:
    if open_to_everyone:
        return "Voor iedereen"
    if target_group_labels:
        return "Voor " + ", ".join(target_group_labels)
    return ""


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

    at_locations = [
        {"id": row[0], "service_id": row[1], "location_id": row[2], "description": row[3]}
        for row in ServiceAtLocation.objects.values_list(
            "hsds_id", "service__hsds_id", "location__hsds_id", "description"
        )
    ]
    schedules = [
        {
            "id": s["hsds_id"],
            "service_id": s["service__hsds_id"],
            "location_id": s["location__hsds_id"],
            "valid_from": s["valid_from"],
            "valid_to": s["valid_to"],
            "freq": s["freq"],
            "byday": s["byday"],
            "description": s["description"],
            "opens_at": s["opens_at"],
            "closes_at": s["closes_at"],
        }
        for s in Schedule.objects.values(
            "hsds_id",
            "service__hsds_id",
            "location__hsds_id",
            "valid_from",
            "valid_to",
            "freq",
            "byday",
            "description",
            "opens_at",
            "closes_at",
        )
    ]
    contacts = []
    for c in Contact.objects.values(
        "hsds_id",
        "organisation_id",
        "organisation__hsds_id",
        "service__hsds_id",
        "location__hsds_id",
        "name",
        "title",
        "email",
    ):
        if c["organisation_id"]:
            organisation_ids.add(c["organisation_id"])
        contacts.append(
            {
                "id": c["hsds_id"],
                "organization_id": c["organisation__hsds_id"],
                "service_id": c["service__hsds_id"],
                "location_id": c["location__hsds_id"],
                "name": c["name"],
                "title": c["title"],
                "email": c["email"],
            }
        )
    phones = []
    for p in Phone.objects.values(
        "hsds_id",
        "organisation_id",
        "organisation__hsds_id",
        "service__hsds_id",
        "location__hsds_id",
        "contact__hsds_id",
        "number",
        "extension",
        "type",
        "description",
    ):
        if p["organisation_id"]:
            organisation_ids.add(p["organisation_id"])
        phones.append(
            {
                "id": p["hsds_id"],
                "location_id": p["location__hsds_id"],
                "service_id": p["service__hsds_id"],
                "organization_id": p["organisation__hsds_id"],
                "contact_id": p["contact__hsds_id"],
                "number": p["number"],
                "extension": p["extension"],
                "type": p["type"],
                "description": p["description"],
            }
        )

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


# ---------------------------------------------------------------------------
# Import: the report


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None  # row in the file as a spreadsheet counts: the header is row 1
    id: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, rij {self.row}"
        if self.id:
            where += f" (id {self.id})"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    # table -> {"created": n, "updated": n, "unchanged": n}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, table: str, action: str) -> int:
        return self.counts.get(table, {}).get(action, 0)

    def summary(self) -> list[str]:
        """One Dutch line per table: what was (or in a dry run: would be) done."""
        lines = []
        for name, label in LABELS.items():
            lines.append(
                f"{label}: {self.count(name, 'created')} nieuw, "
                f"{self.count(name, 'updated')} gewijzigd, "
                f"{self.count(name, 'unchanged')} ongewijzigd"
            )
        return lines


# ---------------------------------------------------------------------------
# Import: reading and checking single cells

_ABSENT = object()  # the column is not in the file: leave the field alone
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(" + "|".join(DAY_CODES) + ")$")
_TRUE = {"true", "1", "yes", "ja", "waar"}
_FALSE = {"false", "0", "no", "nee", "onwaar"}
_DUTCH = {"", "NL", "NLD", "NEDERLAND", "NETHERLANDS", "THE NETHERLANDS"}
_url = URLValidator()


@dataclass
class _Record:
    file: str
    number: int  # the row, as a spreadsheet counts
    values: dict[str, str]

    @property
    def id(self) -> str:
        return self.values.get("id", "").strip()


@dataclass(frozen=True)
class _Ref:
    table: str
    id: uuid.UUID


class _Row:
    """Typed access to one CSV record; problems land in the report."""

    def __init__(self, report: ImportReport, record: _Record):
        self.report = report
        self.record = record
        self.ok = True

    def issue(self, message: str) -> Issue:
        return Issue(self.record.file, self.record.number, self.record.id, message)

    def error(self, message: str) -> None:
        self.report.errors.append(self.issue(message))
        self.ok = False

    def warn(self, message: str) -> None:
        self.report.warnings.append(self.issue(message))

    def has(self, column: str) -> bool:
        return column in self.record.values

    def raw(self, column: str) -> str:
        return (self.record.values.get(column) or "").strip()

    def _length(self, column: str, value: str, model, name: str) -> str:
        limit = model._meta.get_field(name).max_length
        if limit and len(value) > limit:
            self.error(f"{column}: te lang ({len(value)} tekens, maximaal {limit})")
        return value

    def text(self, column: str, model, name: str, *, required: bool = False):
        if not self.has(column):
            if required:
                self.error(f"{column}: verplicht veld ontbreekt")
                return ""
            return _ABSENT
        value = self.raw(column)
        if required and not value:
            self.error(f"{column}: verplicht veld is leeg")
        return self._length(column, value, model, name)

    def email(self, column: str, model, name: str):
        value = self.text(column, model, name)
        if value is not _ABSENT and value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(f"{column}: '{value}' is geen geldig e-mailadres")
        return value

    def url(self, column: str, model, name: str):
        value = self.text(column, model, name)
        if value is not _ABSENT and value:
            try:
                _url(value)
            except ValidationError:
                self.error(f"{column}: '{value}' is geen geldige URL")
        return value

    def uuid(self, column: str, *, required: bool = False) -> uuid.UUID | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(f"{column}: verplicht veld ontbreekt")
            return None
        if not _UUID.match(value):
            self.error(f"{column}: '{value}' is geen geldige UUID")
            return None
        return uuid.UUID(value)

    def choice(self, column: str, allowed, *, required: bool = False):
        if not self.has(column):
            if required:
                self.error(f"{column}: verplicht veld ontbreekt")
            return _ABSENT
        value = self.raw(column)
        if not value:
            if required:
                self.error(f"{column}: verplicht veld is leeg")
            return _ABSENT
        if value not in allowed:
            self.error(f"{column}: '{value}' is niet toegestaan (kies uit {', '.join(allowed)})")
            return _ABSENT
        return value

    def date(self, column: str):
        if not self.has(column):
            return _ABSENT
        value = self.raw(column)
        if not value:
            return None
        try:
            if not _DATE.match(value):
                raise ValueError
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(f"{column}: '{value}' is geen geldige datum (JJJJ-MM-DD)")
            return None

    def time(self, column: str):
        if not self.has(column):
            return _ABSENT
        value = self.raw(column)
        if not value:
            return None
        match = _TIME.match(value)
        try:
            if not match:
                raise ValueError
            hours, minutes, seconds, zone = match.groups()
            moment = datetime.time(int(hours), int(minutes), int(seconds or 0))
        except ValueError:
            self.error(f"{column}: '{value}' is geen geldige tijd (UU:MM of UU:MM:SS)")
            return None
        if zone:
            self.warn(f"{column}: tijdzone '{zone}' genegeerd; Wijknet bewaart de lokale tijd")
        return moment

    def integer(self, column: str, *, low: int = 0, high: int = 32767):
        if not self.has(column):
            return _ABSENT
        value = self.raw(column)
        if not value:
            return None
        try:
            number = float(value)
            if not number.is_integer():
                raise ValueError
            number = int(number)
        except (ValueError, OverflowError):
            self.error(f"{column}: '{value}' is geen geheel getal")
            return None
        if not low <= number <= high:
            self.error(f"{column}: {number} ligt niet tussen {low} en {high}")
            return None
        return number

    def number(self, column: str):
        if not self.has(column):
            return _ABSENT
        value = self.raw(column)
        if not value:
            return None
        try:
            number = float(value)
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError
        except ValueError:
            self.error(f"{column}: '{value}' is geen getal")
            return None
        return number

    def boolean(self, column: str):
        """True/False, or _ABSENT when the column or the value is missing."""
        value = self.raw(column).lower()
        if not value:
            return _ABSENT
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.error(f"{column}: '{self.raw(column)}' is geen ja/nee-waarde (true of false)")
        return _ABSENT

    def codes(self, column: str, known: dict[str, int]):
        """The pks of a comma-separated list of reference codes."""
        if not self.has(column):
            return _ABSENT
        codes = [code.strip() for code in self.raw(column).split(",") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            self.error(f"{column}: onbekende code(s): {', '.join(unknown)}")
        return {known[code] for code in codes if code in known}


def _put(values: dict, name: str, value) -> None:
    if value is not _ABSENT:
        values[name] = value


# ---------------------------------------------------------------------------
# Import: the package


@dataclass
class _Planned:
    table: str
    row: _Row
    id: uuid.UUID
    values: dict = field(default_factory=dict)  # model field -> value or _Ref
    defaults: dict = field(default_factory=dict)  # only used when creating
    relations: dict = field(default_factory=dict)  # m2m field -> set of pks
    existing: models.Model | None = None
    action: str = ""  # created | updated | unchanged
    changed: set = field(default_factory=set)  # fields (and m2m fields) to write
    before: dict = field(default_factory=dict)  # service history snapshot

    @property
    def record(self) -> _Record:
        return self.row.record


# Columns a file must have for Wijknet to read it.
IMPORT_REQUIRED = {
    "organization": ("id", "name"),
    "service": ("id", "organization_id", "name", "description", "status"),
    "location": ("id", "name"),
    "service_at_location": ("id", "service_id", "location_id"),
    "schedule": ("id",),
    "contact": ("id",),
    "phone": ("id", "number"),
    "address": ("id", "location_id"),
}
# What a schedule, contact or phone must belong to (at least one).
OWNERS = {
    "schedule": ("service", "location"),
    "contact": ("organisation", "service", "location"),
    "phone": ("organisation", "service", "location", "contact"),
}
OWNER_COLUMN = {
    "organisation": "organization_id",
    "service": "service_id",
    "location": "location_id",
    "contact": "contact_id",
}
REF_LABEL = {
    "organization": "organisatie",
    "service": "aanbod",
    "location": "locatie",
    "contact": "contactpersoon",
}
SERVICE_SNAPSHOT = tuple(f for f in kaart_services.SERVICE_FIELDS if f != "editor") + (
    "last_verified_on",
)
M2M = {
    "service": kaart_services.SERVICE_RELATIONS,
    "location": ("accessibility",),
}


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _through(model, name: str):
    field_ = model._meta.get_field(name)
    return (
        field_.remote_field.through,
        field_.m2m_field_name() + "_id",
        field_.m2m_reverse_field_name() + "_id",
    )


class _Import:
    def __init__(self, root: Path, dry_run: bool):
        self.root = root
        self.report = ImportReport(dry_run=dry_run)
        self.files: dict[str, tuple[list[str], list[_Record]]] = {}
        self.planned: dict[str, dict[uuid.UUID, _Planned]] = {name: {} for name in MODELS}
        self.pks: dict[str, dict[uuid.UUID, int]] = {name: {} for name in MODELS}
        self.existing: dict[str, dict[uuid.UUID, models.Model]] = {name: {} for name in MODELS}
        self.refs: list[tuple[_Planned, str, str, _Ref]] = []  # (planned, column, field, ref)
        self.sal_refs: list[tuple[_Planned, str, uuid.UUID]] = []
        self.sal_links: dict[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]] = {}
        self.addresses: dict[uuid.UUID, list[tuple[_Row, dict]]] = defaultdict(list)

    # -- reading -----------------------------------------------------------

    def file_issue(self, name: str, message: str, *, warning: bool = False) -> None:
        issue = Issue(name, None, "", message)
        (self.report.warnings if warning else self.report.errors).append(issue)

    def locate(self) -> dict[str, Path]:
        """Which file holds which table: from datapackage.json, else the
        standard file names."""
        paths = {table.name: self.root / table.path for table in TABLES}
        descriptor = self.root / "datapackage.json"
        if not self.root.is_dir():
            self.file_issue(str(self.root), "map bestaat niet")
            return {}
        if not descriptor.exists():
            self.file_issue(
                "datapackage.json",
                "ontbreekt; de standaard bestandsnamen zijn gebruikt",
                warning=True,
            )
        else:
            try:
                package = json.loads(descriptor.read_text(encoding="utf-8-sig"))
                resources = package["resources"]
                named = {r["name"]: r.get("path") for r in resources if isinstance(r, dict)}
            except (ValueError, KeyError, TypeError, UnicodeDecodeError) as problem:
                self.file_issue("datapackage.json", f"onleesbaar: {problem}")
                return {}
            ignored = sorted(
                str(path)
                for name, path in named.items()
                if name not in paths and isinstance(path, str) and self._has_rows(path)
            )
            if ignored:
                self.file_issue(
                    "datapackage.json",
                    "niet ingelezen (Wijknet kent deze tabellen niet): " + ", ".join(ignored),
                    warning=True,
                )
            for name in paths:
                path = named.get(name)
                if path is None:
                    continue
                if not isinstance(path, str) or Path(path).name != path or path.startswith("."):
                    self.file_issue("datapackage.json", f"ongeldig pad voor {name}: {path!r}")
                    continue
                paths[name] = self.root / path
        return {name: path for name, path in paths.items() if path.exists()}

    def _has_rows(self, path: str) -> bool:
        candidate = self.root / path
        if Path(path).name != path or not candidate.is_file():
            return False
        with candidate.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            filled = (row for row in csv.reader(handle) if any(cell.strip() for cell in row))
            return next(filled, None) is not None and next(filled, None) is not None

    def read(self) -> None:
        found = self.locate()
        if not found and self.report.ok:
            self.file_issue(str(self.root), "geen HSDS-bestanden gevonden")
        for name, path in found.items():
            self.files[name] = self._read_csv(TABLE[name], path)

    def _read_csv(self, table: Table, path: Path) -> tuple[list[str], list[_Record]]:
        records: list[_Record] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = [cell.strip() for cell in next(reader, [])]
                missing = [c for c in IMPORT_REQUIRED[table.name] if c not in header]
                if len(set(header)) != len(header):
                    self.file_issue(path.name, "kolomnamen komen dubbel voor")
                    return header, []
                if missing:
                    self.file_issue(
                        path.name, "verplichte kolommen ontbreken: " + ", ".join(missing)
                    )
                    return header, []
                # Rows count as in a spreadsheet: the header is row 1, and a
                # cell with line breaks does not add rows.
                for number, cells in enumerate(reader, start=2):
                    if not any(cell.strip() for cell in cells):
                        continue
                    record = _Record(path.name, number, dict(zip(header, cells, strict=False)))
                    if len(cells) != len(header):
                        self.report.errors.append(
                            Issue(
                                path.name,
                                number,
                                record.id,
                                f"{len(cells)} velden, de kopregel heeft er {len(header)}",
                            )
                        )
                        continue
                    records.append(record)
        except UnicodeDecodeError:
            self.file_issue(path.name, "is geen UTF-8-tekst")
            return [], []
        except csv.Error as problem:
            self.file_issue(path.name, f"geen geldige CSV: {problem}")
            return [], []
        return header, records

    def warn_unmodelled(self, name: str, used: set[str]) -> None:
        header, records = self.files[name]
        ignored = [
            column
            for column in header
            if column not in used and any((r.values.get(column) or "").strip() for r in records)
        ]
        if ignored:
            self.file_issue(
                TABLE[name].path,
                "kolommen niet overgenomen (Wijknet kent ze niet): " + ", ".join(ignored),
                warning=True,
            )

    # -- parsing -----------------------------------------------------------

    def records(self, name: str):
        _header, records = self.files.get(name, ([], []))
        seen: set[uuid.UUID] = set()
        for record in records:
            row = _Row(self.report, record)
            hsds_id = row.uuid("id", required=True)
            if hsds_id is None:
                continue
            if hsds_id in seen:
                row.error("id komt dubbel voor in dit bestand")
                continue
            seen.add(hsds_id)
            yield row, hsds_id

    def plan(self, name: str, row: _Row, hsds_id: uuid.UUID) -> _Planned:
        planned = _Planned(name, row, hsds_id)
        self.planned[name][hsds_id] = planned
        return planned

    def link(self, planned: _Planned, column: str, name: str, table: str, *, required=False):
        """Parse a reference column; it is checked once all ids are known."""
        row = planned.row
        if not row.has(column):
            if required:
                row.error(f"{column}: verplicht veld ontbreekt")
            return
        target = row.uuid(column, required=required)
        if target is None:
            if row.has(column) and not row.raw(column):
                planned.values[name] = None
            return
        ref = _Ref(table, target)
        planned.values[name] = ref
        self.refs.append((planned, column, name, ref))

    def sal_link(self, planned: _Planned) -> None:
        target = planned.row.uuid("service_at_location_id")
        if target is not None:
            self.sal_refs.append((planned, "service_at_location_id", target))

    def parse(self) -> None:
        self.parse_organisations()
        self.parse_services()
        self.parse_addresses()
        self.parse_locations()
        self.parse_at_locations()
        self.parse_schedules()
        self.parse_contacts()
        self.parse_phones()

    def parse_organisations(self) -> None:
        if "organization" not in self.files:
            return
        municipalities = dict(Municipality.objects.values_list("cbs_code", "pk"))
        for row, hsds_id in self.records("organization"):
            p = self.plan("organization", row, hsds_id)
            v = p.values
            _put(v, "name", row.text("name", Organisation, "name", required=True))
            _put(v, "description", row.text("description", Organisation, "description"))
            _put(v, "email", row.email("email", Organisation, "email"))
            _put(v, "website", row.url("website", Organisation, "website"))
            _put(v, "kind", row.choice(X + "kind", Organisation.Kind.values))
            _put(v, "partner_role", row.choice(X + "partner_role", Organisation.PartnerRole.values))
            if row.has(X + "municipality"):
                code = row.raw(X + "municipality")
                if code and code not in municipalities:
                    row.error(f"{X}municipality: onbekende gemeente '{code}'")
                v["municipality_id"] = municipalities.get(code)
            p.defaults = {"kind": Organisation.Kind.OTHER}
        self.warn_unmodelled(
            "organization",
            {"id", "name", "description", "email", "website"}
            | {X + "kind", X + "partner_role", X + "municipality"},
        )

    def parse_services(self) -> None:
        if "service" not in self.files:
            return
        known = {
            "target_groups": dict(TargetGroup.objects.values_list("code", "pk")),
            "life_domains": dict(LifeDomain.objects.values_list("code", "pk")),
            "performance_fields": {
                str(number): pk
                for number, pk in PerformanceField.objects.values_list("number", "pk")
            },
            "neighbourhoods": dict(Neighbourhood.objects.values_list("cbs_code", "pk")),
        }
        statuses = {
            "active": "active",
            "inactive": "inactive",
            "defunct": "inactive",
            "temporarily closed": "inactive",
        }
        for row, hsds_id in self.records("service"):
            p = self.plan("service", row, hsds_id)
            v = p.values
            self.link(p, "organization_id", "organisation", "organization", required=True)
            _put(v, "name", row.text("name", Service, "name", required=True))
            _put(v, "alternate_name", row.text("alternate_name", Service, "alternate_name"))
            _put(v, "description", row.text("description", Service, "description", required=True))
            _put(v, "url", row.url("url", Service, "url"))
            _put(v, "email", row.email("email", Service, "email"))
            status = row.choice("status", list(statuses), required=True)
            if status is not _ABSENT:
                v["status"] = statuses[status]
                if status != v["status"]:
                    row.warn(f"status '{status}' is overgenomen als 'inactive'")
            _put(v, "languages", row.text("interpretation_services", Service, "languages"))
            _put(
                v,
                "application_process",
                row.text("application_process", Service, "application_process"),
            )
            _put(v, "fees_description", row.text("fees_description", Service, "fees_description"))
            _put(v, "minimum_age", row.integer("minimum_age", high=150))
            _put(v, "maximum_age", row.integer("maximum_age", high=150))
            _put(v, "last_verified_on", row.date("assured_date"))
            _put(v, "working_method", row.text(X + "working_method", Service, "working_method"))
            _put(v, "open_to_everyone", row.boolean(X + "open_to_everyone"))
            _put(v, "ladder_level", row.choice(X + "ladder_level", Service.LadderLevel.values))
            _put(v, "whole_municipality", row.boolean(X + "whole_municipality"))
            _put(v, "is_free", row.boolean(X + "is_free"))
            _put(v, "volunteers", row.text(X + "volunteers", Service, "volunteers"))
            _put(v, "partnerships", row.text(X + "partnerships", Service, "partnerships"))
            for name, codes in known.items():
                _put(p.relations, name, row.codes(X + name, codes))
            if "is_free" not in v:
                p.defaults["is_free"] = not v.get("fees_description")
            # A new entry named for some neighbourhoods is not for the whole
            # municipality unless the package says so.
            p.defaults["whole_municipality"] = not p.relations.get("neighbourhoods")
            p.defaults["last_verified_on"] = None
        header = set(self.files["service"][0])
        used = {
            "id",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
        } | {column.name for column in SERVICE.columns if column.name.startswith(X)}
        if header & {X + "open_to_everyone", X + "target_groups"}:
            used.add("eligibility_description")  # written from those columns
        self.warn_unmodelled("service", used)

    def parse_addresses(self) -> None:
        if "address" not in self.files:
            return
        for row, _hsds_id in self.records("address"):
            location = row.uuid("location_id", required=True)
            kind = row.choice("address_type", ("physical", "postal", "virtual"))
            values = {
                "address_1": row.text("address_1", Location, "street"),
                "address_2": row.text("address_2", Location, "street"),
                "city": row.text("city", Location, "city"),
                "postal_code": row.raw("postal_code"),
                "country": row.raw("country"),
                "region": row.raw("region"),
                "state_province": row.raw("state_province"),
                "address_type": "" if kind is _ABSENT else kind,
            }
            if location is not None and row.ok:
                self.addresses[location].append(
                    (row, {k: ("" if v is _ABSENT else v) for k, v in values.items()})
                )
        self.warn_unmodelled(
            "address",
            {
                "id",
                "location_id",
                "address_1",
                "address_2",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            },
        )

    def _address(self, p: _Planned) -> None:
        """Fold the location's (first physical) address into its fields."""
        found = self.addresses.get(p.id, [])
        if not found:
            p.values.update(street="", postcode="", city="")
            return
        found = sorted(found, key=lambda item: item[1]["address_type"] != "physical")
        row, a = found[0]
        for other, _values in found[1:]:
            other.warn("locatie heeft al een adres; dit adres is niet overgenomen")
        street = ", ".join(part for part in (a["address_1"], a["address_2"]) if part)
        country = a["country"].upper()
        postcode, city = "", a["city"]
        if country in _DUTCH:
            if a["postal_code"]:
                try:
                    postcode = normalise_postcode(a["postal_code"])
                except ValidationError:
                    city = " ".join(part for part in (a["postal_code"], city) if part)
                    row.warn(
                        f"postal_code: '{a['postal_code']}' is geen Nederlandse postcode; "
                        "bewaard in het veld plaats"
                    )
        else:
            city = ", ".join(
                part
                for part in (
                    " ".join(part for part in (a["postal_code"], city) if part),
                    a["region"],
                    a["state_province"],
                    a["country"],
                )
                if part
            )
            row.warn(
                f"adres buiten Nederland ({a['country']}): postcode, regio en land "
                "zijn bewaard in het veld plaats"
            )
        row._length("address_1", street, Location, "street")
        row._length("city", city, Location, "city")
        p.values.update(street=street, postcode=postcode, city=city)

    def parse_locations(self) -> None:
        if "location" not in self.files:
            if self.addresses:
                self.file_issue("addresses.csv", "locations.csv ontbreekt")
            return
        features = dict(AccessibilityFeature.objects.values_list("code", "pk"))
        areas = dict(Neighbourhood.objects.values_list("cbs_code", "pk"))
        with_addresses = "address" in self.files
        for row, hsds_id in self.records("location"):
            p = self.plan("location", row, hsds_id)
            v = p.values
            row.choice("location_type", ("physical", "postal", "virtual"))
            self.link(p, "organization_id", "organisation", "organization")
            _put(v, "name", row.text("name", Location, "name", required=True))
            _put(v, "description", row.text("description", Location, "description"))
            _put(v, "transportation", row.text("transportation", Location, "transportation"))
            latitude, longitude = row.number("latitude"), row.number("longitude")
            if latitude is not _ABSENT or longitude is not _ABSENT:
                latitude = None if latitude is _ABSENT else latitude
                longitude = None if longitude is _ABSENT else longitude
                if (latitude is None) != (longitude is None):
                    row.warn("latitude en longitude horen samen; coördinaten niet overgenomen")
                    latitude = longitude = None
                elif latitude is not None and not (
                    -90 <= latitude <= 90 and -180 <= longitude <= 180
                ):
                    row.warn(
                        f"coördinaten ({latitude}, {longitude}) liggen buiten de aarde; "
                        "niet overgenomen"
                    )
                    latitude = longitude = None
                v.update(latitude=latitude, longitude=longitude)
            _put(p.relations, "accessibility", row.codes(X + "accessibility", features))
            if row.has(X + "neighbourhood"):
                code = row.raw(X + "neighbourhood")
                if code and code not in areas:
                    row.error(f"{X}neighbourhood: onbekende buurt '{code}'")
                p.defaults["fallback_neighbourhood"] = areas.get(code)
            if with_addresses:
                self._address(p)
        for location, found in self.addresses.items():
            if location not in self.planned["location"]:
                for row, _values in found:
                    row.error(f"location_id: locatie {location} staat niet in locations.csv")
        self.warn_unmodelled(
            "location",
            {
                "id",
                "location_type",
                "organization_id",
                "name",
                "description",
                "transportation",
                "latitude",
                "longitude",
                X + "neighbourhood",
                X + "accessibility",
            },
        )

    def parse_at_locations(self) -> None:
        if "service_at_location" not in self.files:
            return
        for row, hsds_id in self.records("service_at_location"):
            p = self.plan("service_at_location", row, hsds_id)
            self.link(p, "service_id", "service", "service", required=True)
            self.link(p, "location_id", "location", "location", required=True)
            _put(
                p.values,
                "description",
                row.text("description", ServiceAtLocation, "description"),
            )
        self.warn_unmodelled(
            "service_at_location", {"id", "service_id", "location_id", "description"}
        )

    def parse_schedules(self) -> None:
        if "schedule" not in self.files:
            return
        for row, hsds_id in self.records("schedule"):
            p = self.plan("schedule", row, hsds_id)
            v = p.values
            self.link(p, "service_id", "service", "service")
            self.link(p, "location_id", "location", "location")
            self.sal_link(p)
            freq = row.choice("freq", ("WEEKLY", "MONTHLY"))
            v["freq"] = "WEEKLY" if freq is _ABSENT else freq
            if row.has("byday"):
                days = [day.strip().upper() for day in row.raw("byday").split(",") if day.strip()]
                wrong = [day for day in days if not _BYDAY.match(day)]
                if wrong:
                    row.error(f"byday: onbekende dag(en): {', '.join(wrong)} (gebruik MO..SU)")
                v["byday"] = row._length("byday", ",".join(days), Schedule, "byday")
            _put(v, "opens_at", row.time("opens_at"))
            _put(v, "closes_at", row.time("closes_at"))
            _put(v, "valid_from", row.date("valid_from"))
            _put(v, "valid_to", row.date("valid_to"))
            _put(v, "description", row.text("description", Schedule, "description"))
            if v.get("valid_from") and v.get("valid_to") and v["valid_to"] < v["valid_from"]:
                row.error("valid_to ligt voor valid_from")
            if v.get("opens_at") and v.get("closes_at") and v["closes_at"] <= v["opens_at"]:
                row.warn("closes_at ligt niet na opens_at")
        self.warn_unmodelled(
            "schedule",
            {
                "id",
                "service_id",
                "location_id",
                "service_at_location_id",
                "valid_from",
                "valid_to",
                "freq",
                "byday",
                "description",
                "opens_at",
                "closes_at",
            },
        )

    def parse_contacts(self) -> None:
        if "contact" not in self.files:
            return
        for row, hsds_id in self.records("contact"):
            p = self.plan("contact", row, hsds_id)
            self.link(p, "organization_id", "organisation", "organization")
            self.link(p, "service_id", "service", "service")
            self.link(p, "location_id", "location", "location")
            self.sal_link(p)
            _put(p.values, "name", row.text("name", Contact, "name"))
            _put(p.values, "title", row.text("title", Contact, "title"))
            _put(p.values, "email", row.email("email", Contact, "email"))
        self.warn_unmodelled(
            "contact",
            {
                "id",
                "organization_id",
                "service_id",
                "service_at_location_id",
                "location_id",
                "name",
                "title",
                "email",
            },
        )

    def parse_phones(self) -> None:
        if "phone" not in self.files:
            return
        for row, hsds_id in self.records("phone"):
            p = self.plan("phone", row, hsds_id)
            self.link(p, "organization_id", "organisation", "organization")
            self.link(p, "service_id", "service", "service")
            self.link(p, "location_id", "location", "location")
            self.link(p, "contact_id", "contact", "contact")
            self.sal_link(p)
            _put(p.values, "number", row.text("number", Phone, "number", required=True))
            _put(p.values, "extension", row.text("extension", Phone, "extension"))
            kind = row.text("type", Phone, "type")
            if kind is not _ABSENT:
                p.values["type"] = kind or "voice"
            _put(p.values, "description", row.text("description", Phone, "description"))
        self.warn_unmodelled(
            "phone",
            {
                "id",
                "location_id",
                "service_id",
                "organization_id",
                "contact_id",
                "service_at_location_id",
                "number",
                "extension",
                "type",
                "description",
            },
        )

    # -- references and cross-record checks --------------------------------

    def load_existing(self) -> None:
        """The records the package changes, and the pks of everything it
        refers to that is already in Wijknet."""
        for p in self.planned["service_at_location"].values():
            service, location = p.values.get("service"), p.values.get("location")
            self.sal_links[p.id] = (
                service.id if isinstance(service, _Ref) else None,
                location.id if isinstance(location, _Ref) else None,
            )
        wanted = list({target for _p, _c, target in self.sal_refs} - set(self.sal_links))
        for chunk in _chunks(wanted):
            for hsds_id, service, location in ServiceAtLocation.objects.filter(
                hsds_id__in=chunk
            ).values_list("hsds_id", "service__hsds_id", "location__hsds_id"):
                self.sal_links[hsds_id] = (service, location)
        referenced: dict[str, set[uuid.UUID]] = defaultdict(set)
        for _p, _column, _name, ref in self.refs:
            referenced[ref.table].add(ref.id)
        for service, location in self.sal_links.values():
            referenced["service"].add(service)
            referenced["location"].add(location)
        for ids in referenced.values():
            ids.discard(None)
        for name, model in MODELS.items():
            ids = list(self.planned[name])
            for chunk in _chunks(ids):
                for obj in model.objects.filter(hsds_id__in=chunk):
                    self.existing[name][obj.hsds_id] = obj
                    self.pks[name][obj.hsds_id] = obj.pk
            others = list(referenced[name] - set(self.pks[name]))
            for chunk in _chunks(others):
                self.pks[name].update(
                    model.objects.filter(hsds_id__in=chunk).values_list("hsds_id", "pk")
                )

    def known(self, ref: _Ref) -> bool:
        return ref.id in self.planned[ref.table] or ref.id in self.pks[ref.table]

    def check_references(self) -> None:
        """Every link must resolve, in the package or in Wijknet. Links to an
        organisation (other than a service's own) and to a service at a
        location may be dangling: they are dropped with a warning, as the
        specification's own example package has such links."""
        for p, column, name, ref in self.refs:
            if self.known(ref):
                continue
            message = (
                f"{column}: {REF_LABEL[ref.table]} {ref.id} staat niet in het pakket "
                "en niet in Wijknet"
            )
            if ref.table == "organization" and p.table != "service":
                p.row.warn(message + "; koppeling niet overgenomen")
                p.values[name] = None
            else:
                p.row.error(message)
        for p, column, target in self.sal_refs:
            if target not in self.sal_links:
                p.row.warn(
                    f"{column}: aanbod op locatie {target} staat niet in het pakket en niet "
                    "in Wijknet; koppeling niet overgenomen"
                )
                continue
            for name, linked in zip(("service", "location"), self.sal_links[target], strict=True):
                current = p.values.get(name)
                if linked is None:
                    continue
                if current is None:
                    p.values[name] = _Ref(name, linked)
                elif current.id != linked:
                    p.row.error(f"{column}: hoort bij een ander {REF_LABEL[name]} dan {name}_id")
        for table, owners in OWNERS.items():
            for p in self.planned[table].values():
                existing = self.existing[table].get(p.id)

                def linked(name, p=p, existing=existing) -> bool:
                    if name in p.values:
                        return p.values[name] is not None
                    return existing is not None and getattr(existing, f"{name}_id") is not None

                if not any(linked(name) for name in owners):
                    columns = " of ".join(OWNER_COLUMN[name] for name in owners)
                    p.row.error(f"hoort nergens bij: vul {columns} in")

    def check_unique(self) -> None:
        # Organisation names are unique in Wijknet.
        names: dict[str, _Planned] = {}
        for p in self.planned["organization"].values():
            name = p.values.get("name")
            if not name:
                continue
            if name in names:
                p.row.error(f"name: de naam '{name}' staat ook op rij {names[name].record.number}")
            names[name] = p
        renamed = {
            p.id
            for p in self.planned["organization"].values()
            if p.id in self.existing["organization"]
        }
        for chunk in _chunks(list(names)):
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
                self.pks["service"][p.values["service"].id]
                for p in self.planned["service_at_location"].values()
                if isinstance(p.values.get("service"), _Ref)
                and p.values["service"].id in self.pks["service"]
            }
        )
        for chunk in _chunks(service_pks):
            for service_pk, location_pk, hsds_id in ServiceAtLocation.objects.filter(
                service_id__in=chunk
            ).values_list("service_id", "location_id", "hsds_id"):
                known_pairs[(service_pk, location_pk)] = hsds_id
        pairs: dict[tuple, _Planned] = {}
        for p in self.planned["service_at_location"].values():
            service, location = p.values.get("service"), p.values.get("location")
            if not (isinstance(service, _Ref) and isinstance(location, _Ref)):
                continue
            key = (service.id, location.id)
            if key in pairs:
                p.row.error(f"dit aanbod staat al op deze locatie (rij {pairs[key].record.number})")
            pairs[key] = p
            service_pk = self.pks["service"].get(service.id)
            location_pk = self.pks["location"].get(location.id)
            other = known_pairs.get((service_pk, location_pk))
            if other is not None and other != p.id:
                p.row.error(f"dit aanbod staat in Wijknet al op deze locatie (id {other})")

    # -- planning ----------------------------------------------------------

    def resolved(self, value):
        if isinstance(value, _Ref):
            return self.pks[value.table].get(value.id)
        return value

    def m2m_existing(self, name: str) -> dict[str, dict[int, set[int]]]:
        model = MODELS[name]
        found: dict[str, dict[int, set[int]]] = {}
        owners = [obj.pk for obj in self.existing[name].values()]
        for relation in M2M.get(name, ()):
            through, source, target = _through(model, relation)
            found[relation] = defaultdict(set)
            for chunk in _chunks(owners):
                for owner, item in through.objects.filter(**{f"{source}__in": chunk}).values_list(
                    source, target
                ):
                    found[relation][owner].add(item)
        return found

    def decide(self) -> None:
        place_cache: dict[str, tuple[str, int | None]] = {}
        for name in MODELS:
            relations = self.m2m_existing(name)
            counts = {"created": 0, "updated": 0, "unchanged": 0}
            for p in self.planned[name].values():
                existing = self.existing[name].get(p.id)
                p.existing = existing
                if name == "location":
                    self.place(p, existing, place_cache)
                current_m2m = {
                    relation: relations[relation].get(existing.pk, set()) if existing else set()
                    for relation in M2M.get(name, ())
                }
                if name == "service":
                    self.check_service(p, existing, current_m2m)
                if existing is None:
                    p.action = "created"
                    p.changed = set(p.relations)
                else:
                    p.changed = {
                        key for key, value in p.values.items() if self.differs(existing, key, value)
                    } | {r for r, items in p.relations.items() if current_m2m[r] != items}
                    p.action = "updated" if p.changed else "unchanged"
                    if name == "service":
                        p.before = _snapshot(existing, current_m2m)
                counts[p.action] += 1
            self.report.counts[name] = counts

    def differs(self, existing, key: str, value) -> bool:
        model_field = existing._meta.get_field(key)
        current = getattr(existing, model_field.attname)
        if isinstance(value, _Ref):
            pk = self.resolved(value)
            return pk is None or current != pk
        return current != value

    def place(self, p: _Planned, existing, cache) -> None:
        """Normalise the postcode and find the neighbourhood, through
        services.place_location (cached per postcode)."""
        fallback = p.defaults.pop("fallback_neighbourhood", _ABSENT)
        postcode = p.values.get("postcode", existing.postcode if existing else "")
        neighbourhood = None
        if postcode:
            if postcode not in cache:
                scratch = Location(postcode=postcode)
                try:
                    kaart_services.place_location(scratch)
                except ValidationError:  # an old, invalid postcode the package leaves alone
                    scratch.neighbourhood = None
                cache[postcode] = (scratch.postcode, scratch.neighbourhood_id)
            postcode, neighbourhood = cache[postcode]
            if "postcode" in p.values:
                p.values["postcode"] = postcode
        if neighbourhood is not None:
            p.values["neighbourhood_id"] = neighbourhood
        elif fallback is not _ABSENT:
            p.values["neighbourhood_id"] = fallback
        elif "postcode" in p.values:
            p.values["neighbourhood_id"] = None

    def check_service(self, p: _Planned, existing, current_m2m) -> None:
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

    # -- writing -----------------------------------------------------------

    def detail_owners(self) -> set[int]:
        """The services already in Wijknet whose location, times, contact
        persons or phone numbers this import adds or changes: those the
        changed records belong to before and after, and those held at a
        changed location or whose contact person has a changed phone."""
        owners: dict[str, set[int]] = {"service": set(), "location": set(), "contact": set()}
        for table in ("service_at_location", "schedule", "contact", "phone", "location"):
            for p in self.planned[table].values():
                if p.action == "unchanged":
                    continue
                if table == "location":
                    if p.existing is not None:
                        owners["location"].add(p.existing.pk)
                    continue
                for name, found in owners.items():
                    if name in p.values:
                        found.add(self.resolved(p.values[name]))
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

    def write(self) -> None:
        now = timezone.now()
        owners = self.detail_owners()
        details_before = editing.detail_states(owners)
        for name, model in MODELS.items():
            creates, updates = [], defaultdict(list)
            for p in self.planned[name].values():
                if p.action == "created":
                    values = {**p.defaults, **p.values}
                    values.pop("fallback_neighbourhood", None)
                    obj = model(hsds_id=p.id)
                    self.assign(obj, values)
                    p.existing = obj
                    creates.append(obj)
                elif p.action == "updated":
                    values = {k: v for k, v in p.values.items() if k in p.changed}
                    self.assign(p.existing, values)
                    keys = {model._meta.get_field(key).name for key in values}
                    if name == "service":
                        p.existing.updated_at = now
                        keys.add("updated_at")
                    updates[frozenset(keys)].append(p.existing)
            model.objects.bulk_create(creates, batch_size=BATCH)
            missing = [obj.hsds_id for obj in creates if obj.pk is None]
            for chunk in _chunks(missing):
                for hsds_id, pk in model.objects.filter(hsds_id__in=chunk).values_list(
                    "hsds_id", "pk"
                ):
                    self.planned[name][hsds_id].existing.pk = pk
            for obj in creates:
                self.pks[name][obj.hsds_id] = obj.pk
            for keys, objs in updates.items():
                model.objects.bulk_update(objs, sorted(keys), batch_size=BATCH)
            self.write_m2m(name, model)
        self.write_history(details_before, editing.detail_states(owners))
        self.reindex()

    def assign(self, obj, values: dict) -> None:
        for key, value in values.items():
            model_field = obj._meta.get_field(key)
            setattr(obj, model_field.attname, self.resolved(value))

    def write_m2m(self, name: str, model) -> None:
        for relation in M2M.get(name, ()):
            through, source, target = _through(model, relation)
            changed = [
                p
                for p in self.planned[name].values()
                if p.action in ("created", "updated") and relation in p.changed
            ]
            for chunk in _chunks([p.existing.pk for p in changed if p.action == "updated"]):
                through.objects.filter(**{f"{source}__in": chunk}).delete()
            through.objects.bulk_create(
                [
                    through(**{source: p.existing.pk, target: item})
                    for p in changed
                    for item in sorted(p.relations[relation])
                ],
                batch_size=BATCH,
            )

    def write_history(self, details_before: dict, details_after: dict) -> None:
        """One line per service whose record or details (location, times,
        contact persons, phone numbers) the import changed, saying what
        changed, as a manual edit's line does (editing.save_entry)."""
        touched = [p for p in self.planned["service"].values() if p.action != "unchanged"]
        relations = {relation: defaultdict(set) for relation in M2M["service"]}
        for relation in M2M["service"]:
            through, source, target = _through(Service, relation)
            for chunk in _chunks([p.existing.pk for p in touched]):
                for owner, item in through.objects.filter(**{f"{source}__in": chunk}).values_list(
                    source, target
                ):
                    relations[relation][owner].add(item)
        details = {
            pk: editing.detail_changes(details_before[pk], after)
            for pk, after in details_after.items()
        }
        versions = []
        for p in touched:
            after = _snapshot(
                p.existing, {r: relations[r].get(p.existing.pk, set()) for r in relations}
            )
            changes = {k: [p.before.get(k), v] for k, v in after.items() if p.before.get(k) != v}
            changes.update(details.pop(p.existing.pk, {}))
            versions.append(
                ServiceVersion(service=p.existing, actor=None, action="imported", changes=changes)
            )
        only_details = sorted(pk for pk, changes in details.items() if changes)
        versions += [
            ServiceVersion(service_id=pk, actor=None, action="imported", changes=details[pk])
            for pk in only_details
        ]
        ServiceVersion.objects.bulk_create(versions, batch_size=BATCH)
        for chunk in _chunks(only_details):
            Service.objects.filter(pk__in=chunk).update(updated_at=timezone.now())

    def reindex(self) -> None:
        """Keep the search text in step: imported services, and the services
        of organisations whose name changed (the name is searchable)."""
        ids = {p.existing.pk for p in self.planned["service"].values() if p.action != "unchanged"}
        renamed = [
            p.existing.pk
            for p in self.planned["organization"].values()
            if p.action == "updated" and "name" in p.changed
        ]
        for chunk in _chunks(renamed):
            ids.update(
                Service.objects.filter(organisation_id__in=chunk).values_list("pk", flat=True)
            )
        for chunk in _chunks(sorted(ids)):
            for service in (
                Service.objects.filter(pk__in=chunk)
                .select_related("organisation")
                .prefetch_related("target_groups", "life_domains")
            ):
                kaart_services.reindex(service)

    # -- the whole run -----------------------------------------------------

    def run(self) -> ImportReport:
        self.read()
        if self.report.ok:
            self.parse()
            self.load_existing()
            self.check_references()
            self.check_unique()
            self.decide()
        if not self.report.ok:
            self.report.counts = {}
        elif not self.report.dry_run:
            self.write()
        return self.report


def _snapshot_value(value):
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _snapshot(service: Service, relations: dict[str, set[int]]) -> dict:
    """A service as the change history stores it (as services.save_service does)."""
    data = {}
    for name in SERVICE_SNAPSHOT:
        attname = Service._meta.get_field(name).attname
        data[name] = _snapshot_value(getattr(service, attname))
    for name in kaart_services.SERVICE_RELATIONS:
        data[name] = sorted(relations.get(name, set()))
    return data


def import_package(path, *, dry_run: bool = False) -> ImportReport:
    """Read an HSDS tabular package from the folder ``path`` and add or
    update its records, matched on their HSDS ids. Every record is checked
    first; with any error, or with ``dry_run``, nothing is written and the
    report says what is wrong or what would change."""
    run = _Import(Path(path), dry_run)
    if dry_run:
        return run.run()
    try:
        with transaction.atomic():
            report = run.run()
            if not report.ok:
                transaction.set_rollback(True)
    except IntegrityError as problem:
        report = run.report
        report.counts = {}
        report.errors.append(Issue("", None, "", f"de database weigerde het pakket: {problem}"))
    return report
