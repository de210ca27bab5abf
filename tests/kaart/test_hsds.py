"""The HSDS 3.0 tabular exchange: a lossless round trip, idempotent
imports, all-or-nothing on errors, dry runs, and the specification's own
example package."""

import csv
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from tests.kaart.hsds_fixtures import EXAMPLE, build_rich_map, counts, wipe_map
from wijknet.core.models import Organisation
from wijknet.kaart import selectors
from wijknet.kaart.exchange.export import export_package
from wijknet.kaart.exchange.hsds_import import import_package
from wijknet.kaart.exchange.schema import LABELS
from wijknet.kaart.history import history as entry_history
from wijknet.kaart.models import (
    Contact,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceVersion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return build_rich_map()


@pytest.fixture
def package(town, tmp_path):
    folder = tmp_path / "export"
    export_package(folder)
    return folder


def files_of(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def read_rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def edit_csv(path, change) -> None:
    """Rewrite a CSV file; ``change(rows)`` edits the list of dicts in place."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def test_the_package_has_the_hsds_files_headers_and_descriptor(package):
    example = json.loads((EXAMPLE / "datapackage.json").read_text())
    example_paths = {r["name"]: r["path"] for r in example["resources"]}
    ours = json.loads((package / "datapackage.json").read_text())
    assert ours["profile"] == "tabular-data-package"
    assert {r["name"] for r in ours["resources"]} == {
        "organization",
        "service",
        "location",
        "service_at_location",
        "schedule",
        "contact",
        "phone",
        "address",
    }
    for resource in ours["resources"]:
        assert resource["path"] == example_paths[resource["name"]]
        with (EXAMPLE / resource["path"]).open(newline="") as handle:
            hsds_header = next(csv.reader(handle))
        with (package / resource["path"]).open(newline="") as handle:
            header = next(csv.reader(handle))
        # Every HSDS column, in the specification's order; then the extensions.
        assert header[: len(hsds_header)] == hsds_header
        assert all(name.startswith("x_wijknet_") for name in header[len(hsds_header) :])
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header
        assert all(
            f["type"] in {"string", "number", "boolean", "date", "time", "datetime"} for f in fields
        )
        extensions = [f for f in fields if f["name"].startswith("x_wijknet_")]
        assert all(f.get("description") for f in extensions)
    assert {p.name for p in package.iterdir()} == {
        "datapackage.json",
        *(r["path"] for r in ours["resources"]),
    }


def test_the_export_maps_the_fields(package, town):
    services = {row["name"]: row for row in read_rows(package / "services.csv")}
    coffee = services["Koffieochtend De Linde"]
    assert coffee["id"] == str(town["coffee"].hsds_id)
    assert coffee["organization_id"] == str(town["welfare"].hsds_id)
    assert coffee["status"] == "active"
    assert coffee["assured_date"] == "2025-01-15"
    assert coffee["interpretation_services"] == "Nederlands, Turks"
    assert coffee["eligibility_description"] == "Voor ouderen, mantelzorgers"
    assert coffee["minimum_age"] == "18" and coffee["maximum_age"] == "99"
    assert coffee["x_wijknet_target_groups"] == "mantelzorgers,ouderen"
    assert coffee["x_wijknet_performance_fields"] == "1,4"
    assert coffee["x_wijknet_is_free"] == "false"
    assert coffee["program_id"] == "" and coffee["last_modified"] == ""
    assert services["Thuisadministratie"]["status"] == "inactive"
    assert services["Thuisadministratie"]["eligibility_description"] == "Voor iedereen"
    (address,) = read_rows(package / "addresses.csv")
    assert address["location_id"] == str(town["linde"].hsds_id)
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        "Lindelaan 3",
        "9101 AB",
        "Proefdorp",
    )
    assert (address["country"], address["address_type"]) == ("NL", "physical")
    times = {row["description"]: row for row in read_rows(package / "schedules.csv")}
    tuesday = times["Elke dinsdag en donderdag"]
    assert (tuesday["opens_at"], tuesday["closes_at"], tuesday["byday"]) == (
        "10:00:00",
        "12:00:00",
        "TU,TH",
    )
    assert tuesday["service_id"] == str(town["coffee"].hsds_id)
    assert tuesday["location_id"] == str(town["linde"].hsds_id)
    ids = [row["id"] for row in read_rows(package / "services.csv")]
    assert ids == sorted(ids)


def test_round_trip_into_an_empty_database_is_byte_identical(package, tmp_path):
    before = files_of(package)
    wipe_map()
    assert Service.objects.count() == Organisation.objects.count() == 0

    report = import_package(package)

    assert report.errors == [] and report.warnings == []
    assert report.count("service", "created") == 3
    again = tmp_path / "again"
    export_package(again)
    after = files_of(again)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name


def test_an_import_keeps_search_neighbourhoods_and_history_in_step(package, town):
    wipe_map()
    import_package(package)
    assert [s.name for s in selectors.search_services("eenzaam").rows] == ["Koffieochtend De Linde"]
    # The organisation's name is searchable too.
    assert "Tafeltje-dek-je" in [s.name for s in selectors.search_services("horst").rows]
    linde = Location.objects.get(hsds_id=town["linde"].hsds_id)
    assert (linde.postcode, linde.neighbourhood) == ("9101AB", town["here"])
    office = Location.objects.get(hsds_id=town["office"].hsds_id)
    assert office.neighbourhood == town["far"]
    coffee = Service.objects.get(hsds_id=town["coffee"].hsds_id)
    (version,) = coffee.versions.all()
    assert version.action == "imported" and version.actor is None
    assert version.changes["name"] == [None, "Koffieochtend De Linde"]
    assert version.changes["last_verified_on"] == [None, "2025-01-15"]
    assert sorted(coffee.target_groups.values_list("code", flat=True)) == [
        "mantelzorgers",
        "ouderen",
    ]
    assert Organisation.objects.get(name="Stichting Welzijn Proefdorp").kind == "welfare"


def test_importing_the_same_package_twice_creates_no_duplicates(package):
    wipe_map()
    first = import_package(package)
    after_first = counts()
    second = import_package(package)
    assert first.ok and second.ok
    assert counts() == after_first
    for table in LABELS:
        assert second.count(table, "created") == 0
        assert second.count(table, "updated") == 0
    assert second.count("service", "unchanged") == 3
    assert second.count("phone", "unchanged") == 5


def test_importing_into_the_source_database_changes_nothing(package):
    before = counts()
    report = import_package(package)
    assert report.ok
    assert counts() == before
    assert sum(report.count(table, "updated") for table in LABELS) == 0


def test_an_import_updates_by_id_and_records_the_change(package, town):
    def rename(rows):
        for row in rows:
            if row["id"] == str(town["meals"].hsds_id):
                row["name"] = "Tafeltje-dek-je Proefdorp"
                row["x_wijknet_life_domains"] = "zelfzorg,gezondheid"

    edit_csv(package / "services.csv", rename)
    report = import_package(package)
    assert report.ok
    assert report.count("service", "updated") == 1
    assert report.count("service", "unchanged") == 2
    meals = Service.objects.get(pk=town["meals"].pk)
    assert meals.name == "Tafeltje-dek-je Proefdorp"
    assert set(meals.life_domains.values_list("code", flat=True)) == {"zelfzorg", "gezondheid"}
    latest = meals.versions.first()
    assert latest.action == "imported"
    assert latest.changes["name"] == ["Tafeltje-dek-je", "Tafeltje-dek-je Proefdorp"]
    assert set(latest.changes) == {"name", "life_domains"}
    assert "proefdorp" in meals.__class__.objects.get(pk=meals.pk).search_text


def test_a_bad_package_reports_every_record_and_writes_nothing(package, town):
    unknown = "0b3f2a4c-1d2e-4f50-8a6b-7c8d9e0f1a2b"

    def services(rows):
        rows[0]["organization_id"] = unknown
        rows[1]["name"] = ""
        rows[2]["name"] = "Nieuwe naam die niet mag landen"

    def schedules(rows):
        rows[0]["opens_at"] = "25:99"

    def contacts(rows):
        rows[0]["id"] = "geen-uuid"

    edit_csv(package / "services.csv", services)
    edit_csv(package / "schedules.csv", schedules)
    edit_csv(package / "contacts.csv", contacts)
    service_rows = read_rows(package / "services.csv")
    before = counts()
    names = set(Service.objects.values_list("name", flat=True))

    report = import_package(package)

    assert not report.ok
    assert counts() == before
    assert set(Service.objects.values_list("name", flat=True)) == names
    found = {(issue.file, issue.row, issue.id) for issue in report.errors}
    assert ("services.csv", 2, service_rows[0]["id"]) in found
    assert ("services.csv", 3, service_rows[1]["id"]) in found
    assert ("schedules.csv", 2) in {(i.file, i.row) for i in report.errors}
    assert ("contacts.csv", 2, "geen-uuid") in found
    messages = "\n".join(str(issue) for issue in report.errors)
    assert f"organization_id: organisatie {unknown} staat niet in het pakket" in messages
    assert "name: verplicht veld is leeg" in messages
    assert "opens_at: '25:99' is geen geldige tijd" in messages
    assert "id: 'geen-uuid' is geen geldige UUID" in messages
    assert report.counts == {}


def test_a_bad_package_into_an_empty_database_writes_nothing(package):
    def schedules(rows):
        rows[-1]["closes_at"] = "laat"

    edit_csv(package / "schedules.csv", schedules)
    wipe_map()
    report = import_package(package)
    assert [issue.file for issue in report.errors] == ["schedules.csv"]
    assert all(count == 0 for count in counts().values())


def for_some_and_for_all(rows):
    """An entry both for some neighbourhoods and for the whole municipality."""
    area = next(row["x_wijknet_neighbourhoods"] for row in rows if row["x_wijknet_neighbourhoods"])
    rows[0].update(x_wijknet_whole_municipality="true", x_wijknet_neighbourhoods=area)


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "services.csv",
            lambda rows: rows[0].update(x_wijknet_target_groups="marsmannetjes"),
            "onbekende code(s): marsmannetjes",
        ),
        ("services.csv", lambda rows: rows[0].update(email="geen-adres"), "geen geldig e-mail"),
        ("services.csv", lambda rows: rows[0].update(status="weg"), "status: 'weg'"),
        ("services.csv", lambda rows: rows[0].update(minimum_age="12,5"), "geen geheel getal"),
        (
            "services.csv",
            lambda rows: rows[0].update(minimum_age="80", maximum_age="18"),
            "maximum_age ligt onder minimum_age",
        ),
        ("services.csv", for_some_and_for_all, "kies buurten of x_wijknet_whole_municipality"),
        ("schedules.csv", lambda rows: rows[0].update(valid_from="1-1-2025"), "geen geldige datum"),
        ("schedules.csv", lambda rows: rows[0].update(byday="MA,DI"), "onbekende dag(en)"),
        (
            "service_at_location.csv",
            lambda rows: rows.append(dict(rows[0], id="6f1c1b52-8f0e-4a53-9d47-2b7f8f1d9a10")),
            "dit aanbod staat al op deze locatie",
        ),
        ("organizations.csv", lambda rows: rows.append(dict(rows[0])), "id komt dubbel voor"),
        (
            "phones.csv",
            lambda rows: rows[0].update(
                service_id="", location_id="", organization_id="", contact_id=""
            ),
            "hoort nergens bij",
        ),
        (
            "addresses.csv",
            lambda rows: rows[0].update(location_id="6f1c1b52-8f0e-4a53-9d47-2b7f8f1d9a10"),
            "staat niet in locations.csv",
        ),
    ],
)
def test_each_kind_of_bad_record_is_an_error(package, file, change, message):
    edit_csv(package / file, change)
    before = counts()
    report = import_package(package)
    assert not report.ok
    assert any(issue.file == file and message in issue.message for issue in report.errors), [
        str(issue) for issue in report.errors
    ]
    assert counts() == before


def test_a_missing_column_is_a_file_error(package):
    rows = read_rows(package / "services.csv")
    with (package / "services.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[k for k in rows[0] if k != "status"])
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if k != "status"} for row in rows)
    report = import_package(package)
    assert [str(issue) for issue in report.errors] == [
        "services.csv: verplichte kolommen ontbreken: status"
    ]


def test_a_dry_run_writes_nothing_but_says_what_would_change(package, town):
    wipe_map()
    report = import_package(package, dry_run=True)
    assert report.ok and report.dry_run and not report.written
    assert all(count == 0 for count in counts().values())
    assert report.count("organization", "created") == 3
    assert report.count("service", "created") == 3
    assert report.count("location", "created") == 2
    assert report.count("service_at_location", "created") == 3
    assert report.count("schedule", "created") == 4
    assert report.count("contact", "created") == 3
    assert report.count("phone", "created") == 5

    import_package(package)
    edit_csv(
        package / "phones.csv",
        lambda rows: rows[0].update(description="Nieuw: ook 's middags"),
    )
    before = counts()
    descriptions = sorted(Phone.objects.values_list("description", flat=True))
    report = import_package(package, dry_run=True)
    assert report.count("phone", "updated") == 1
    assert report.count("phone", "unchanged") == 4
    assert report.count("service", "unchanged") == 3
    assert counts() == before
    assert sorted(Phone.objects.values_list("description", flat=True)) == descriptions


def test_the_specification_example_package_imports(tmp_path):
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    report = import_package(folder)
    assert report.errors == [], [str(issue) for issue in report.errors]

    service = Service.objects.get(hsds_id="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organisation.name == "Example Organization Inc."
    assert service.organisation.kind == Organisation.Kind.OTHER
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    assert service.last_verified_on.isoformat() == "2005-01-01"
    assert service.is_free is False  # it has a fees description
    assert service.languages.startswith("Interpretation services")
    assert service.versions.get().action == "imported"
    assert " counsel " in service.search_text

    location = Location.objects.get(hsds_id="3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    assert location.street == "1-30 Main Street, MyVillage"
    assert location.postcode == ""  # not a Dutch postcode: kept as text
    assert location.city == "ABC 1234 MyCity, MyRegion, MyState, US"
    assert location.latitude is None  # latitude 100 is not on earth
    assert location.organisation is None  # the example's organisation is not in it
    assert ServiceAtLocation.objects.filter(service=service, location=location).exists()
    schedule = Schedule.objects.get()
    assert (schedule.byday, schedule.opens_at.isoformat(), schedule.closes_at.isoformat()) == (
        "TH,FR",
        "10:00:00",
        "18:00:00",
    )
    contact = Contact.objects.get()
    assert (contact.name, contact.service, contact.location) == ("Ann Persona", service, location)
    phone = Phone.objects.get()
    assert (phone.contact, phone.service, phone.extension) == (contact, service, "100")

    warnings = "\n".join(str(issue) for issue in report.warnings)
    assert "adres buiten Nederland (US)" in warnings
    assert "coördinaten (100.0, 101.0) liggen buiten de aarde" in warnings
    assert "kolommen niet overgenomen" in warnings
    assert "niet ingelezen (Wijknet kent deze tabellen niet)" in warnings

    again = import_package(folder)
    assert again.ok and again.count("service", "unchanged") == 1
    assert Service.objects.count() == 1


def test_the_command_exports_and_imports_in_dutch(town, tmp_path, capsys):
    folder = tmp_path / "pakket"
    call_command("hsds", "export", str(folder))
    assert "services.csv: 3 regels" in capsys.readouterr().out
    wipe_map()
    call_command("hsds", "import", str(folder), "--dry-run")
    out = capsys.readouterr().out
    assert "Proefrun: er is niets opgeslagen" in out
    assert "aanbod: 3 nieuw, 0 gewijzigd, 0 ongewijzigd" in out
    assert Service.objects.count() == 0
    call_command("hsds", "import", str(folder))
    assert "aanbod: 3 nieuw" in capsys.readouterr().out
    assert Service.objects.count() == 3
    assert ServiceVersion.objects.filter(action="imported").count() == 3


def test_the_command_fails_with_the_error_list(package, capsys):
    edit_csv(package / "services.csv", lambda rows: rows[0].update(name=""))
    before = counts()
    with pytest.raises(CommandError, match="1 fout"):
        call_command("hsds", "import", str(package))
    err = capsys.readouterr().err
    assert "services.csv, rij 2" in err and "name: verplicht veld is leeg" in err
    assert counts() == before


def test_a_folder_without_a_package_is_an_error(tmp_path):
    report = import_package(tmp_path / "bestaat-niet")
    assert not report.ok
    report = import_package(tmp_path)
    assert [issue.message for issue in report.errors] == ["geen HSDS-bestanden gevonden"]


def test_a_package_without_wijknet_columns_leaves_wijknet_data_alone(package, town):
    path = package / "services.csv"
    rows = read_rows(path)
    plain = [k for k in rows[0] if not k.startswith("x_wijknet_")]
    for row in rows:
        if row["id"] == str(town["coffee"].hsds_id):
            row["description"] = "Samen koffie drinken. Nieuwe tekst."
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=plain, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)

    report = import_package(package)

    assert report.ok, [str(issue) for issue in report.errors]
    assert report.count("service", "updated") == 1
    coffee = Service.objects.get(pk=town["coffee"].pk)
    assert coffee.description == "Samen koffie drinken. Nieuwe tekst."
    assert coffee.working_method.startswith("Vrijwilligers ontvangen u")
    assert coffee.ladder_level == "collective" and coffee.is_free is False
    assert sorted(coffee.target_groups.values_list("code", flat=True)) == [
        "mantelzorgers",
        "ouderen",
    ]
    assert coffee.neighbourhoods.count() == 2
    assert set(coffee.versions.first().changes) == {"description"}


def test_a_partial_package_may_refer_to_records_already_in_wijknet(package, town, tmp_path):
    partial = tmp_path / "partial"
    partial.mkdir()
    new_id = "5a0e8a57-3c6e-4d0f-9a43-0b8f1f0c2e11"
    header = next(csv.reader((package / "services.csv").open(encoding="utf-8", newline="")))
    with (partial / "services.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerow(
            {
                "id": new_id,
                "organization_id": str(town["care"].hsds_id),
                "name": "Boodschappenhulp",
                "description": "Samen boodschappen doen.",
                "status": "active",
            }
        )
    with (partial / "service_at_location.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,service_id,location_id,description\r\n")
        handle.write(f"7d8c4b1e-2f3a-4b5c-8d6e-9f0a1b2c3d4e,{new_id},{town['linde'].hsds_id},\r\n")

    report = import_package(partial)

    assert report.ok, [str(issue) for issue in report.errors]
    service = Service.objects.get(hsds_id=new_id)
    assert service.organisation == town["care"]
    assert service.is_free is True and service.open_to_everyone is True
    assert service.at_locations.get().location == town["linde"]
    assert "datapackage.json" in {issue.file for issue in report.warnings}


def test_an_import_that_changes_only_times_or_a_location_notes_it_in_the_history(package, town):
    wipe_map()
    import_package(package)
    coffee = Service.objects.get(hsds_id=town["coffee"].hsds_id)
    meals = Service.objects.get(hsds_id=town["meals"].hsds_id)
    debt = Service.objects.get(hsds_id=town["debt"].hsds_id)
    monday = Schedule.objects.get(service=coffee, byday="MO")

    def later(rows):
        for row in rows:
            if row["id"] == str(monday.hsds_id):
                assert row["opens_at"].startswith("09:30")
                row["opens_at"] = "10:00"

    edit_csv(package / "schedules.csv", later)
    report = import_package(package)
    assert report.ok
    assert report.count("schedule", "updated") == 1
    assert report.count("service", "updated") == 0
    latest = entry_history(coffee)[0]
    assert latest.action == "bijgewerkt via import"
    assert [(c.label, c.new) for c in latest.changes] == [
        (
            "Tijden",
            "ma 10:00-17:00; ma, di, wo, do, vr 08:00-22:00; di, do 10:00-12:00 "
            "(Elke dinsdag en donderdag)",
        )
    ]
    assert "ma 09:30-17:00" in latest.changes[0].old
    assert meals.versions.count() == debt.versions.count() == 1  # only their import

    def rename(rows):
        for row in rows:
            if row["id"] == str(town["linde"].hsds_id):
                row["name"] = "Wijkcentrum De Linde"

    edit_csv(package / "locations.csv", rename)
    report = import_package(package)
    assert report.count("location", "updated") == 1
    for held_there in (coffee, meals):  # both are held at De Linde
        (change,) = entry_history(held_there)[0].changes
        assert change.label == "Locatie: naam"
        assert "Buurthuis De Linde" in change.old and "Buurthuis" not in change.new
        assert "Wijkcentrum De Linde" in change.new
    assert debt.versions.count() == 1
    # Importing the same package again writes no further lines.
    lines = ServiceVersion.objects.count()
    import_package(package)
    assert ServiceVersion.objects.count() == lines
