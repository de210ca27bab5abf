"""Bulk import from CSV and Excel: a dry run that reports per row, and an
apply step that writes all rows or none."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, OrganisationFactory, UserFactory
from wijknet.core.models import Postcode, Role
from wijknet.kaart import services
from wijknet.kaart.exchange import spreadsheet as imports
from wijknet.kaart.history import history as entry_history
from wijknet.kaart.models import LifeDomain, Location, Service, ServiceVersion, TargetGroup

pytestmark = pytest.mark.django_db

HEADER = [
    "id",
    "naam",
    "organisatie",
    "omschrijving",
    "ladder",
    "levensdomeinen",
    "doelgroepen",
    "buurten",
    "gratis",
    "kosten",
    "website",
    "adres",
    "postcode",
    "plaats",
]


@pytest.fixture
def editor():
    return UserFactory(username="redactie", role=Role.INTAKE, first_name="Ilse")


@pytest.fixture
def town():
    samen = OrganisationFactory(name="Stichting Samen")
    horst = OrganisationFactory(name="De Horst")
    veenhof = NeighbourhoodFactory(name="Veenhof", cbs_code="BU99020101")
    Postcode.objects.create(postcode="9101AB", neighbourhood=veenhof)
    coffee = services.save_service(
        None,
        organisation=samen,
        name="Koffieochtend De Linde",
        description="Samen koffie drinken.",
        life_domains=[LifeDomain.objects.get(code="sociale-contacten")],
    )
    return {"samen": samen, "horst": horst, "veenhof": veenhof, "coffee": coffee}


def csv_file(rows, header=HEADER, delimiter=";", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(**cells) -> list[str]:
    return [cells.get(name, "") for name in HEADER]


NEW_ROW = row(
    naam="Maaltijdpunt Veenhof",
    organisatie="stichting samen",  # case does not matter
    omschrijving="Samen eten voor weinig geld.",
    ladder="collectief",
    levensdomeinen="zelfzorg; sociale-contacten",
    doelgroepen="ouderen",
    buurten="BU99020101",
    gratis="nee",
    kosten="€ 4 per maaltijd",
    website="www.voorbeeld.nl",
    adres="Lindelaan 3",
    postcode="9101 ab",
    plaats="Wijkerveen",
)


def plan_of(data: bytes, name="aanbod.csv") -> imports.Plan:
    table = imports.read_table(name, data)
    return imports.build_plan(table.rows, warnings=table.warnings)


# Reading ----------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_with_either_delimiter_and_a_byte_order_mark(delimiter):
    data = b"\xef\xbb\xbf" + csv_file([row(naam="A", organisatie="B")], delimiter=delimiter)
    table = imports.read_table("aanbod.csv", data)
    assert table.headers == HEADER
    assert table.rows == [(2, dict(zip(HEADER, row(naam="A", organisatie="B"), strict=True)))]


def test_csv_cells_with_the_delimiter_inside_quotes():
    data = b'Naam;Organisatie;Omschrijving\r\n"Koffie; thee";Samen;"Regel 1\nregel 2"\r\n'
    table = imports.read_table("x.csv", data)
    assert table.rows[0][1] == {
        "naam": "Koffie; thee",
        "organisatie": "Samen",
        "omschrijving": "Regel 1\nregel 2",
    }


def test_headers_ignore_case_accept_aliases_and_warn_about_unknown_columns():
    data = csv_file(
        [["X", "Samen", "iets", "x@example.org"]], header=["NAAM", "Organisatie ", "kleur", "email"]
    )
    table = imports.read_table("x.csv", data)
    assert table.headers == ["naam", "organisatie", "e-mail"]
    assert table.warnings == ["De kolom 'kleur' is onbekend en wordt overgeslagen."]
    assert table.rows[0][1]["e-mail"] == "x@example.org"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.csv", b"naam;omschrijving\r\nA;B\r\n", "organisatie ontbreken"),
        ("x.csv", "naam;organisatie\r\nKoffie é;B\r\n".encode("cp1252"), "geen UTF-8"),
        ("x.csv", b"", "leeg"),
        ("x.csv", b"naam;organisatie\r\n", "geen rijen"),
        ("x.csv", b"naam;organisatie;naam\r\nA;B;C\r\n", "twee keer"),
        ("x.xls", b"whatever", ".xls"),
        ("x.pdf", b"whatever", "Kies een CSV-bestand"),
        ("x.xlsx", b"not a zip at all", "geen geldig Excel-bestand"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(name, data, message):
    with pytest.raises(imports.ImportFileError, match=message):
        imports.read_table(name, data)


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    data = csv_file([row(naam=f"A{i}", organisatie="B") for i in range(5)])
    with pytest.raises(imports.ImportFileError, match="meer dan 3 rijen"):
        imports.read_table("x.csv", data)


def test_xlsx_cells_become_text():
    data = xlsx_file([[None, "Koffie", "Samen", "Iets", None, None, None, None, True, None]])
    table = imports.read_table("aanbod.xlsx", data)
    cells = table.rows[0][1]
    assert cells["naam"] == "Koffie" and cells["gratis"] == "ja" and cells["id"] == ""


# The dry run -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_dry_run_reports_each_row_and_writes_nothing(town, kind):
    coffee = town["coffee"]
    rows = [
        NEW_ROW,
        row(
            id=str(coffee.hsds_id),
            naam="Koffieochtend De Linde",
            organisatie="Stichting Samen",
            omschrijving="Samen koffie drinken, elke dinsdag.",
            levensdomeinen="sociale-contacten",
            gratis="ja",
        ),
        row(
            id=str(coffee.hsds_id).upper(),
            naam="Koffieochtend De Linde",
            organisatie="Stichting Samen",
            omschrijving="Samen koffie drinken.",
        ),
        row(naam="Schuldhulp", organisatie="Onbekende Stichting", omschrijving="Hulp."),
    ]
    data = csv_file(rows) if kind == "csv" else xlsx_file(rows)
    before = (Service.objects.count(), ServiceVersion.objects.count(), Location.objects.count())

    plan = plan_of(data, f"aanbod.{kind}")

    assert (
        Service.objects.count(),
        ServiceVersion.objects.count(),
        Location.objects.count(),
    ) == before
    new, changed, repeated, unknown = plan.rows
    assert (new.line, new.outcome, new.name) == (2, "new", "Maaltijdpunt Veenhof")
    assert changed.outcome == "changed"
    assert [(c.label, c.old, c.new) for c in changed.changes] == [
        ("Wat is het?", "Samen koffie drinken.", "Samen koffie drinken, elke dinsdag."),
    ]
    # The same id twice is an error, whatever the row says.
    assert repeated.outcome == "error"
    assert repeated.errors == [
        "Deze id staat ook in rij 3; elk aanbod mag één keer in het bestand."
    ]
    assert unknown.outcome == "error"
    assert "De organisatie 'Onbekende Stichting' staat niet in Wijknet" in unknown.errors[0]
    assert plan.has_errors and plan.counts == {"new": 1, "changed": 1, "unchanged": 0, "error": 2}


def test_an_unchanged_row_is_reported_as_such(town):
    coffee = town["coffee"]
    data = csv_file(
        [[str(coffee.hsds_id), coffee.name, "Stichting Samen", coffee.description]],
        header=["id", "naam", "organisatie", "omschrijving"],
    )
    plan = plan_of(data)
    assert [r.outcome for r in plan.rows] == ["unchanged"]
    assert not plan.has_changes and not plan.has_errors


def test_columns_the_file_lacks_leave_the_entry_alone(town, editor):
    coffee = town["coffee"]
    data = csv_file(
        [[str(coffee.hsds_id), coffee.name, "Stichting Samen", "Nu ook thee."]],
        header=["id", "naam", "organisatie", "omschrijving"],
    )
    plan = imports.apply(editor, imports.read_table("x.csv", data).rows)
    assert plan.applied and [r.outcome for r in plan.rows] == ["changed"]
    coffee.refresh_from_db()
    assert coffee.description == "Nu ook thee."
    assert [d.code for d in coffee.life_domains.all()] == ["sociale-contacten"]
    assert set(coffee.versions.first().changes) == {"description"}


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"ladder": "soms"}, "Onbekende ladder 'soms'"),
        ({"levensdomeinen": "wonen;sterrenkunde"}, "Onbekend levensdomein 'sterrenkunde'."),
        ({"doelgroepen": "katten"}, "Onbekende doelgroep 'katten'."),
        ({"buurten": "BU00000000"}, "Onbekende buurtcode 'BU00000000'."),
        ({"gratis": "misschien"}, "Vul bij 'gratis' ja of nee in, niet 'misschien'."),
        ({"gratis": "nee"}, "Vermeld in de kolom 'kosten' wat het kost"),
        ({"postcode": "12345"}, "'12345' is geen geldige Nederlandse postcode"),
        ({"website": "http://"}, "Website: Voer een geldige URL in."),
        ({"id": "abc"}, "'abc' is geen geldige id (uuid)."),
        ({"id": "6f1c2a4e-0000-4000-8000-000000000000"}, "Er is geen aanbod met id"),
        ({"omschrijving": ""}, "Vul de kolom 'omschrijving' in."),
        ({"naam": "Koffieochtend de linde"}, "Bij Stichting Samen staat al aanbod met de naam"),
    ],
)
def test_row_errors_say_what_is_wrong(town, cells, message):
    base = {"naam": "Nieuw", "organisatie": "Stichting Samen", "omschrijving": "Iets."}
    plan = plan_of(csv_file([row(**(base | cells))]))
    (report,) = plan.rows
    assert report.outcome == "error"
    assert any(message in error for error in report.errors), report.errors


def test_two_new_rows_with_the_same_name_are_an_error(town):
    same = row(naam="Inloop", organisatie="De Horst", omschrijving="Iets.")
    plan = plan_of(csv_file([same, same]))
    assert [r.outcome for r in plan.rows] == ["new", "error"]


# Applying -------------------------------------------------------------------------------


def test_apply_writes_new_and_changed_entries_with_their_history(town, editor):
    coffee = town["coffee"]
    rows = [
        NEW_ROW,
        row(
            id=str(coffee.hsds_id),
            naam="Koffieochtend De Linde",
            organisatie="De Horst",
            omschrijving="Samen koffie drinken.",
            adres="Lindelaan 5",
        ),
    ]
    table = imports.read_table("x.csv", csv_file(rows))
    plan = imports.apply(editor, table.rows)
    assert plan.applied

    meals = Service.objects.get(name="Maaltijdpunt Veenhof")
    assert meals.organisation == town["samen"]
    assert meals.ladder_level == "collective"
    assert (meals.is_free, meals.fees_description) == (False, "€ 4 per maaltijd")
    assert meals.url == "https://www.voorbeeld.nl"
    assert sorted(d.code for d in meals.life_domains.all()) == ["sociale-contacten", "zelfzorg"]
    assert list(meals.target_groups.all()) == [TargetGroup.objects.get(code="ouderen")]
    assert meals.open_to_everyone is False
    assert (meals.whole_municipality, list(meals.neighbourhoods.all())) == (
        False,
        [town["veenhof"]],
    )
    place = meals.at_locations.get().location
    assert (place.street, place.postcode, place.neighbourhood) == (
        "Lindelaan 3",
        "9101AB",
        town["veenhof"],
    )
    assert "maaltijdpunt" in meals.search_text
    version = meals.versions.get()
    assert (version.action, version.actor) == ("imported", editor)

    # Updated by id; an empty cell empties the field (a missing column would not).
    coffee.refresh_from_db()
    assert coffee.organisation == town["horst"]
    assert list(coffee.life_domains.all()) == []
    version = coffee.versions.first()
    assert version.action == "imported"
    assert version.changes["organisation"] == [town["samen"].pk, town["horst"].pk]
    assert version.changes["location.street"] == ["", "Lindelaan 5"]
    history = entry_history(coffee)
    assert history[0].action == "bijgewerkt via import"
    assert ("Organisatie", "Stichting Samen", "De Horst") in [
        (c.label, c.old, c.new) for c in history[0].changes
    ]


def test_nothing_is_written_when_any_row_has_an_error(town, editor):
    coffee = town["coffee"]
    rows = [
        NEW_ROW,
        row(
            id=str(coffee.hsds_id),
            naam="Nieuwe naam",
            organisatie="Stichting Samen",
            omschrijving="x",
        ),
        row(naam="Fout", organisatie="Stichting Samen", omschrijving="Iets.", ladder="soms"),
    ]
    table = imports.read_table("x.csv", csv_file(rows))
    counts = (Service.objects.count(), ServiceVersion.objects.count(), Location.objects.count())
    plan = imports.apply(editor, table.rows)
    assert not plan.applied and plan.has_errors
    assert (
        Service.objects.count(),
        ServiceVersion.objects.count(),
        Location.objects.count(),
    ) == counts
    coffee.refresh_from_db()
    assert coffee.name == "Koffieochtend De Linde"


def test_a_failure_while_writing_rolls_back_the_rows_already_written(town, editor, monkeypatch):
    original = services.check_entry
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(kwargs["fields"]["name"])
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("De database wilde niet.")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "check_entry", fail_second)
    rows = [
        row(naam="Eerste", organisatie="Stichting Samen", omschrijving="Iets."),
        row(naam="Tweede", organisatie="Stichting Samen", omschrijving="Iets."),
    ]
    plan = imports.apply(editor, imports.read_table("x.csv", csv_file(rows)).rows)
    assert not plan.applied
    assert plan.rows[1].errors == ["De database wilde niet."]
    assert not Service.objects.filter(name__in=["Eerste", "Tweede"]).exists()


# The pages --------------------------------------------------------------------------------


def upload(client, data: bytes, name="aanbod.csv"):
    return client.post(reverse("kaart:staff_import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_upload_shows_the_report_then_confirm_applies_it(client, town, editor, kind):
    client.force_login(editor)
    coffee = town["coffee"]
    rows = [
        NEW_ROW,
        row(
            id=str(coffee.hsds_id),
            naam="Koffieochtend De Linde",
            organisatie="Stichting Samen",
            omschrijving="Nieuwe omschrijving.",
        ),
    ]
    data = csv_file(rows) if kind == "csv" else xlsx_file(rows)
    response = upload(client, data, f"aanbod.{kind}")
    assert response.status_code == 200
    page = response.text
    assert "1 nieuw, 1 gewijzigd, 0 ongewijzigd, 0 met een fout." in page
    assert "Wat is het?: Samen koffie drinken. → Nieuwe omschrijving." in page
    assert "Import uitvoeren" in page
    assert not Service.objects.filter(name="Maaltijdpunt Veenhof").exists()

    token = response.context["token"]
    done = client.post(reverse("kaart:staff_import_confirm"), {"token": token})
    assert done.status_code == 302 and done.url == reverse("kaart:staff_list")
    assert Service.objects.filter(name="Maaltijdpunt Veenhof").exists()
    coffee.refresh_from_db()
    assert coffee.description == "Nieuwe omschrijving."
    listing = client.get(done.url).text
    assert "Import verwerkt: 1 nieuw, 1 gewijzigd, 0 ongewijzigd." in listing


def test_a_file_with_errors_cannot_be_confirmed(client, town, editor):
    client.force_login(editor)
    bad = row(naam="Fout", organisatie="Stichting Samen", omschrijving="Iets.", gratis="soms")
    response = upload(client, csv_file([NEW_ROW, bad]))
    page = response.text
    assert "Er is niets opgeslagen" in page
    assert "Vul bij &#x27;gratis&#x27; ja of nee in, niet &#x27;soms&#x27;." in page
    assert "Import uitvoeren" not in page and response.context["token"] is None
    assert not Service.objects.filter(name="Maaltijdpunt Veenhof").exists()


def test_a_confirmation_is_only_valid_for_the_user_who_saw_the_report(client, town, editor):
    client.force_login(editor)
    token = upload(client, csv_file([NEW_ROW])).context["token"]
    colleague = UserFactory(role=Role.TEAM_LEAD)
    client.force_login(colleague)
    response = client.post(reverse("kaart:staff_import_confirm"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("kaart:staff_import")
    client.force_login(editor)
    tampered = client.post(reverse("kaart:staff_import_confirm"), {"token": token[:-2] + "xx"})
    assert tampered.url == reverse("kaart:staff_import")
    assert not Service.objects.filter(name="Maaltijdpunt Veenhof").exists()


def test_when_the_map_changed_since_the_dry_run_the_new_report_is_shown(client, town, editor):
    client.force_login(editor)
    coffee = town["coffee"]
    update = row(
        id=str(coffee.hsds_id),
        naam="Koffieochtend De Linde",
        organisatie="Stichting Samen",
        omschrijving="Door de import.",
    )
    token = upload(client, csv_file([update])).context["token"]
    services.save_service(None, service=coffee, description="Intussen met de hand.")
    response = client.post(reverse("kaart:staff_import_confirm"), {"token": token})
    assert response.status_code == 200
    assert "Het aanbod is intussen gewijzigd" in response.text
    assert "Intussen met de hand. → Door de import." in response.text
    coffee.refresh_from_db()
    assert coffee.description == "Intussen met de hand."


def test_the_upload_size_is_limited(client, editor, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 1024 * 1024)
    client.force_login(editor)
    response = upload(client, b"naam;organisatie\r\n" + b"x;y\r\n" * 300_000)
    assert "Het bestand is te groot: het mag hoogstens 1 MB zijn." in response.text


def test_the_page_documents_the_columns_and_offers_an_example(client, editor):
    client.force_login(editor)
    page = client.get(reverse("kaart:staff_import")).text
    for column in imports.COLUMNS:
        assert f"<code>{column.header}</code>" in page
    assert "<code>sociale-contacten</code>" in page  # the codes to use
    example = client.get(reverse("kaart:staff_import_example"))
    assert example["Content-Disposition"] == 'attachment; filename="sociale-kaart-voorbeeld.csv"'
    table = imports.read_table("voorbeeld.csv", example.content)
    assert table.headers == [column.header for column in imports.COLUMNS]
