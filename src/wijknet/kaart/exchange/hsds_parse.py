"""Reading an HSDS package's tables into planned records: each column
typed and checked (hsds_rows.Row), mapped onto Wijknet's fields, and the
columns Wijknet does not model reported. References between records are
only noted here; hsds_check resolves them once every table is read."""

from django.core.exceptions import ValidationError

from wijknet.core.models import Municipality, Neighbourhood, Organisation
from wijknet.core.validators import normalise_postcode
from wijknet.kaart.exchange.hsds_package import Package, Planned
from wijknet.kaart.exchange.hsds_rows import ABSENT, BYDAY, DUTCH, put
from wijknet.kaart.exchange.schema import PLAIN_COLUMNS, SERVICE, X
from wijknet.kaart.models import (
    AccessibilityFeature,
    Contact,
    LifeDomain,
    Location,
    PerformanceField,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TargetGroup,
)


def parse(pkg: Package) -> None:
    """Read every table's records into planned records, in write order."""
    _organisations(pkg)
    _services(pkg)
    _addresses(pkg)
    _locations(pkg)
    _at_locations(pkg)
    _schedules(pkg)
    _contacts(pkg)
    _phones(pkg)


def _organisations(pkg: Package) -> None:
    if "organization" not in pkg.files:
        return
    municipalities = dict(Municipality.objects.values_list("cbs_code", "pk"))
    for row, hsds_id in pkg.records("organization"):
        p = pkg.plan("organization", row, hsds_id)
        v = p.values
        put(v, "name", row.text("name", Organisation, "name", required=True))
        put(v, "description", row.text("description", Organisation, "description"))
        put(v, "email", row.email("email", Organisation, "email"))
        put(v, "website", row.url("website", Organisation, "website"))
        put(v, "kind", row.choice(X + "kind", Organisation.Kind.values))
        put(v, "partner_role", row.choice(X + "partner_role", Organisation.PartnerRole.values))
        if row.has(X + "municipality"):
            code = row.raw(X + "municipality")
            if code and code not in municipalities:
                row.error(f"{X}municipality: onbekende gemeente '{code}'")
            v["municipality_id"] = municipalities.get(code)
        p.defaults = {"kind": Organisation.Kind.OTHER}
    pkg.warn_unmodelled(
        "organization",
        {"id", "name", "description", "email", "website"}
        | {X + "kind", X + "partner_role", X + "municipality"},
    )


def _services(pkg: Package) -> None:
    if "service" not in pkg.files:
        return
    known = {
        "target_groups": dict(TargetGroup.objects.values_list("code", "pk")),
        "life_domains": dict(LifeDomain.objects.values_list("code", "pk")),
        "performance_fields": {
            str(number): pk for number, pk in PerformanceField.objects.values_list("number", "pk")
        },
        "neighbourhoods": dict(Neighbourhood.objects.values_list("cbs_code", "pk")),
    }
    statuses = {
        "active": "active",
        "inactive": "inactive",
        "defunct": "inactive",
        "temporarily closed": "inactive",
    }
    for row, hsds_id in pkg.records("service"):
        p = pkg.plan("service", row, hsds_id)
        v = p.values
        pkg.link(p, "organization_id", "organisation", "organization", required=True)
        put(v, "name", row.text("name", Service, "name", required=True))
        put(v, "alternate_name", row.text("alternate_name", Service, "alternate_name"))
        put(v, "description", row.text("description", Service, "description", required=True))
        put(v, "url", row.url("url", Service, "url"))
        put(v, "email", row.email("email", Service, "email"))
        status = row.choice("status", list(statuses), required=True)
        if status is not ABSENT:
            v["status"] = statuses[status]
            if status != v["status"]:
                row.warn(f"status '{status}' is overgenomen als 'inactive'")
        put(v, "languages", row.text("interpretation_services", Service, "languages"))
        put(
            v,
            "application_process",
            row.text("application_process", Service, "application_process"),
        )
        put(v, "fees_description", row.text("fees_description", Service, "fees_description"))
        put(v, "minimum_age", row.integer("minimum_age", high=150))
        put(v, "maximum_age", row.integer("maximum_age", high=150))
        put(v, "last_verified_on", row.date("assured_date"))
        put(v, "working_method", row.text(X + "working_method", Service, "working_method"))
        put(v, "open_to_everyone", row.boolean(X + "open_to_everyone"))
        put(v, "ladder_level", row.choice(X + "ladder_level", Service.LadderLevel.values))
        put(v, "whole_municipality", row.boolean(X + "whole_municipality"))
        put(v, "is_free", row.boolean(X + "is_free"))
        put(v, "volunteers", row.text(X + "volunteers", Service, "volunteers"))
        put(v, "partnerships", row.text(X + "partnerships", Service, "partnerships"))
        for name, codes in known.items():
            put(p.relations, name, row.codes(X + name, codes))
        if "is_free" not in v:
            p.defaults["is_free"] = not v.get("fees_description")
        # A new entry named for some neighbourhoods is not for the whole
        # municipality unless the package says so.
        p.defaults["whole_municipality"] = not p.relations.get("neighbourhoods")
        p.defaults["last_verified_on"] = None
    header = set(pkg.files["service"][0])
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
    pkg.warn_unmodelled("service", used)


def _addresses(pkg: Package) -> None:
    if "address" not in pkg.files:
        return
    for row, _hsds_id in pkg.records("address"):
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
            "address_type": "" if kind is ABSENT else kind,
        }
        if location is not None and row.ok:
            pkg.addresses[location].append(
                (row, {k: ("" if v is ABSENT else v) for k, v in values.items()})
            )
    pkg.warn_unmodelled(
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


def _address(pkg: Package, p: Planned) -> None:
    """Fold the location's (first physical) address into its fields."""
    found = pkg.addresses.get(p.id, [])
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
    if country in DUTCH:
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
    row.length("address_1", street, Location, "street")
    row.length("city", city, Location, "city")
    p.values.update(street=street, postcode=postcode, city=city)


def _locations(pkg: Package) -> None:
    if "location" not in pkg.files:
        if pkg.addresses:
            pkg.file_issue("addresses.csv", "locations.csv ontbreekt")
        return
    features = dict(AccessibilityFeature.objects.values_list("code", "pk"))
    areas = dict(Neighbourhood.objects.values_list("cbs_code", "pk"))
    with_addresses = "address" in pkg.files
    for row, hsds_id in pkg.records("location"):
        p = pkg.plan("location", row, hsds_id)
        v = p.values
        row.choice("location_type", ("physical", "postal", "virtual"))
        pkg.link(p, "organization_id", "organisation", "organization")
        put(v, "name", row.text("name", Location, "name", required=True))
        put(v, "description", row.text("description", Location, "description"))
        put(v, "transportation", row.text("transportation", Location, "transportation"))
        latitude, longitude = row.number("latitude"), row.number("longitude")
        if latitude is not ABSENT or longitude is not ABSENT:
            latitude = None if latitude is ABSENT else latitude
            longitude = None if longitude is ABSENT else longitude
            if (latitude is None) != (longitude is None):
                row.warn("latitude en longitude horen samen; coördinaten niet overgenomen")
                latitude = longitude = None
            elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                row.warn(
                    f"coördinaten ({latitude}, {longitude}) liggen buiten de aarde; "
                    "niet overgenomen"
                )
                latitude = longitude = None
            v.update(latitude=latitude, longitude=longitude)
        put(p.relations, "accessibility", row.codes(X + "accessibility", features))
        if row.has(X + "neighbourhood"):
            code = row.raw(X + "neighbourhood")
            if code and code not in areas:
                row.error(f"{X}neighbourhood: onbekende buurt '{code}'")
            p.defaults["fallback_neighbourhood"] = areas.get(code)
        if with_addresses:
            _address(pkg, p)
    for location, found in pkg.addresses.items():
        if location not in pkg.planned["location"]:
            for row, _values in found:
                row.error(f"location_id: locatie {location} staat niet in locations.csv")
    pkg.warn_unmodelled(
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


def _at_locations(pkg: Package) -> None:
    if "service_at_location" not in pkg.files:
        return
    for row, hsds_id in pkg.records("service_at_location"):
        p = pkg.plan("service_at_location", row, hsds_id)
        pkg.link(p, "service_id", "service", "service", required=True)
        pkg.link(p, "location_id", "location", "location", required=True)
        put(
            p.values,
            "description",
            row.text("description", ServiceAtLocation, "description"),
        )
    pkg.warn_unmodelled("service_at_location", set(PLAIN_COLUMNS["service_at_location"]))


def _schedules(pkg: Package) -> None:
    if "schedule" not in pkg.files:
        return
    for row, hsds_id in pkg.records("schedule"):
        p = pkg.plan("schedule", row, hsds_id)
        v = p.values
        pkg.link_owners(p)
        freq = row.choice("freq", ("WEEKLY", "MONTHLY"))
        v["freq"] = "WEEKLY" if freq is ABSENT else freq
        if row.has("byday"):
            days = [day.strip().upper() for day in row.raw("byday").split(",") if day.strip()]
            wrong = [day for day in days if not BYDAY.match(day)]
            if wrong:
                row.error(f"byday: onbekende dag(en): {', '.join(wrong)} (gebruik MO..SU)")
            v["byday"] = row.length("byday", ",".join(days), Schedule, "byday")
        put(v, "opens_at", row.time("opens_at"))
        put(v, "closes_at", row.time("closes_at"))
        put(v, "valid_from", row.date("valid_from"))
        put(v, "valid_to", row.date("valid_to"))
        put(v, "description", row.text("description", Schedule, "description"))
        if v.get("valid_from") and v.get("valid_to") and v["valid_to"] < v["valid_from"]:
            row.error("valid_to ligt voor valid_from")
        if v.get("opens_at") and v.get("closes_at") and v["closes_at"] <= v["opens_at"]:
            row.warn("closes_at ligt niet na opens_at")
    pkg.warn_unmodelled("schedule", {*PLAIN_COLUMNS["schedule"], "service_at_location_id"})


def _contacts(pkg: Package) -> None:
    if "contact" not in pkg.files:
        return
    for row, hsds_id in pkg.records("contact"):
        p = pkg.plan("contact", row, hsds_id)
        pkg.link_owners(p)
        put(p.values, "name", row.text("name", Contact, "name"))
        put(p.values, "title", row.text("title", Contact, "title"))
        put(p.values, "email", row.email("email", Contact, "email"))
    pkg.warn_unmodelled("contact", {*PLAIN_COLUMNS["contact"], "service_at_location_id"})


def _phones(pkg: Package) -> None:
    if "phone" not in pkg.files:
        return
    for row, hsds_id in pkg.records("phone"):
        p = pkg.plan("phone", row, hsds_id)
        pkg.link_owners(p)
        put(p.values, "number", row.text("number", Phone, "number", required=True))
        put(p.values, "extension", row.text("extension", Phone, "extension"))
        kind = row.text("type", Phone, "type")
        if kind is not ABSENT:
            p.values["type"] = kind or "voice"
        put(p.values, "description", row.text("description", Phone, "description"))
    pkg.warn_unmodelled("phone", {*PLAIN_COLUMNS["phone"], "service_at_location_id"})
