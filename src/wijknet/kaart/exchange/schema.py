"""The layout of an Open Referral HSDS 3.0 tabular package as Wijknet
reads and writes it: eight tables, their columns, and the
``datapackage.json`` that describes them. Pure description; the export and
the import (export.py, hsds_import.py) follow it.
"""

import uuid
from dataclasses import dataclass

from wijknet.core.models import Organisation
from wijknet.kaart.models import Service

HSDS_VERSION = "3.0.0"
X = "x_wijknet_"

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


# The tables Wijknet stores as HSDS has them: each column it models, and the
# model's value (a path for QuerySet.values) it is written from.
PLAIN_COLUMNS = {
    "service_at_location": {
        "id": "hsds_id",
        "service_id": "service__hsds_id",
        "location_id": "location__hsds_id",
        "description": "description",
    },
    "schedule": {
        "id": "hsds_id",
        "service_id": "service__hsds_id",
        "location_id": "location__hsds_id",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
        "freq": "freq",
        "byday": "byday",
        "description": "description",
        "opens_at": "opens_at",
        "closes_at": "closes_at",
    },
    "contact": {
        "id": "hsds_id",
        "organization_id": "organisation__hsds_id",
        "service_id": "service__hsds_id",
        "location_id": "location__hsds_id",
        "name": "name",
        "title": "title",
        "email": "email",
    },
    "phone": {
        "id": "hsds_id",
        "location_id": "location__hsds_id",
        "service_id": "service__hsds_id",
        "organization_id": "organisation__hsds_id",
        "contact_id": "contact__hsds_id",
        "number": "number",
        "extension": "extension",
        "type": "type",
        "description": "description",
    },
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


def address_id(location_hsds_id: uuid.UUID) -> uuid.UUID:
    """The id of a location's address row: stable, derived from the location."""
    return uuid.uuid5(location_hsds_id, "address")


def eligibility_text(open_to_everyone: bool, target_group_labels: list[str]) -> str:
    if open_to_everyone:
        return "Voor iedereen"
    if target_group_labels:
        return "Voor " + ", ".join(target_group_labels)
    return ""
