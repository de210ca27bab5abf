"""Bulk import of social-map entries from a CSV or Excel (.xlsx) file.

Partner organisations keep their list of offers in a spreadsheet. Reading
.xlsx directly (with openpyxl) spares them an export to CSV, which in Dutch
Excel installations silently produces Windows-1252 text with semicolons and
turns codes into numbers; openpyxl is pure Python, needs no office suite on
the server, and its read-only mode streams rows so memory stays flat. CSV
is still accepted: UTF-8, with ';' or ',' between the columns (sniffed).

The columns (first row; Dutch headers in any order, case does not matter):
see ``COLUMNS``, also shown on the import page. A column that is absent
leaves that part of an existing entry alone; a present but empty cell
empties it (or sets the default, where there is one).

The import runs in two steps, and nothing is written in the first:

1. ``read_table`` reads the file, ``build_plan`` checks every row and
   compares it with the map: new, changed (field: old -> new), unchanged,
   or an error with its reason;
2. ``apply`` builds the plan again and, only when no row has an error,
   hands the entries to services.save_entries, which writes them all in
   one transaction; if any row fails its checks after all, nothing is
   written.
"""

import copy
import csv
import datetime
import hashlib
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijknet.core.models import Neighbourhood, Organisation
from wijknet.core.validators import format_postcode, normalise_postcode
from wijknet.kaart import history, services
from wijknet.kaart.models import LifeDomain, Service, TargetGroup

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
TOKEN_MAX_AGE = 60 * 60  # seconds between the dry run and the confirmation
_SALT = "wijknet.kaart.import"

NEW, CHANGED, UNCHANGED, ERROR = "new", "changed", "unchanged", "error"
OUTCOME_LABELS = {
    NEW: gettext_lazy("nieuw"),
    CHANGED: gettext_lazy("gewijzigd"),
    UNCHANGED: gettext_lazy("ongewijzigd"),
    ERROR: gettext_lazy("fout"),
}


@dataclass(frozen=True)
class SheetColumn:
    header: str
    description: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    SheetColumn(
        "id",
        gettext_lazy(
            "Optioneel: de id (HSDS-uuid) van bestaand aanbod dat u wilt bijwerken. "
            "Leeg: nieuw aanbod."
        ),
        ("hsds-id", "uuid"),
    ),
    SheetColumn("naam", gettext_lazy("Naam van het aanbod. Verplicht.")),
    SheetColumn(
        "organisatie",
        gettext_lazy("Naam van de aanbieder, precies zoals in Wijknet. Verplicht."),
        ("aanbieder",),
    ),
    SheetColumn("omschrijving", gettext_lazy("Wat is het? Verplicht bij nieuw aanbod.")),
    SheetColumn("werkwijze", gettext_lazy("Hoe het werkt.")),
    SheetColumn(
        "ladder",
        gettext_lazy("algemeen, collectief of individueel. Leeg: algemeen."),
    ),
    SheetColumn(
        "levensdomeinen",
        gettext_lazy("Codes, gescheiden door ; (bijvoorbeeld wonen;financien)."),
    ),
    SheetColumn(
        "doelgroepen",
        gettext_lazy("Codes, gescheiden door ;. Leeg: voor iedereen."),
    ),
    SheetColumn(
        "buurten",
        gettext_lazy("CBS-buurtcodes (BU…), gescheiden door ;. Leeg: de hele gemeente."),
    ),
    SheetColumn("gratis", gettext_lazy("ja of nee. Leeg: ja.")),
    SheetColumn("kosten", gettext_lazy("Wat het kost. Verplicht als gratis 'nee' is.")),
    SheetColumn("aanmelden", gettext_lazy("Hoe een inwoner zich aanmeldt of wordt verwezen.")),
    SheetColumn("website", gettext_lazy("Webadres; zonder https:// wordt dat ervoor gezet.")),
    SheetColumn("e-mail", gettext_lazy("E-mailadres van het aanbod."), ("email", "e-mailadres")),
    SheetColumn("adres", gettext_lazy("Straat en huisnummer van de locatie."), ("straat",)),
    SheetColumn("postcode", gettext_lazy("Postcode van de locatie, zoals 1234 AB.")),
    SheetColumn("plaats", gettext_lazy("Plaats van de locatie.")),
    SheetColumn("status", gettext_lazy("actief of niet actief. Leeg: actief.")),
)
REQUIRED_HEADERS = ("naam", "organisatie")
_HEADERS = {c.header: c.header for c in COLUMNS} | {
    alias: c.header for c in COLUMNS for alias in c.aliases
}

LADDER = {
    "algemeen": Service.LadderLevel.GENERAL,
    "algemene voorziening": Service.LadderLevel.GENERAL,
    "collectief": Service.LadderLevel.COLLECTIVE,
    "collectieve voorziening": Service.LadderLevel.COLLECTIVE,
    "individueel": Service.LadderLevel.INDIVIDUAL,
    "individuele voorziening": Service.LadderLevel.INDIVIDUAL,
}
STATUS = {
    "actief": Service.Status.ACTIVE,
    "niet actief": Service.Status.INACTIVE,
    "inactief": Service.Status.INACTIVE,
}
YES = {"ja", "j", "yes", "y", "waar", "true", "1"}
NO = {"nee", "n", "no", "onwaar", "false", "0"}
EVERYONE = {"iedereen"}
WHOLE_TOWN = {"hele gemeente", "gemeente"}
LOCATION_COLUMNS = {"adres": "street", "postcode": "postcode", "plaats": "city"}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


# Reading ---------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict]]  # (row number as in a spreadsheet, header -> text)
    warnings: list[str] = field(default_factory=list)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "Het bestand is geen UTF-8-tekst. Kies in Excel bij 'Opslaan als' voor "
                "'CSV UTF-8', of upload het als .xlsx."
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=";,")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row])
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise ImportFileError(
            _("Het CSV-bestand kan niet worden gelezen (rij %(n)s): %(error)s")
            % {"n": reader.line_num, "error": error}
        ) from None
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFileError(_("Dit is geen geldig Excel-bestand (.xlsx).")) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
    finally:
        book.close()
    return rows


def _header(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


def read_table(name: str, data: bytes) -> Sheet:
    """The rows of the file's first sheet as text, keyed by column header."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "csv":
        raw = _read_csv(data)
    elif suffix == "xlsx":
        raw = _read_xlsx(data)
    elif suffix == "xls":
        raise ImportFileError(
            _("Oude Excel-bestanden (.xls) kan Wijknet niet lezen. Sla het op als .xlsx.")
        )
    else:
        raise ImportFileError(_("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
    while raw and not any(raw[0]):
        raw.pop(0)
    if not raw:
        raise ImportFileError(_("Het bestand is leeg."))
    warnings, headers, positions = [], [], []
    for position, text in enumerate(raw[0]):
        if not text:
            continue
        header = _HEADERS.get(_header(text))
        if header is None:
            warnings.append(
                _("De kolom '%(name)s' is onbekend en wordt overgeslagen.") % {"name": text}
            )
            continue
        if header in headers:
            raise ImportFileError(
                _("De kolom '%(name)s' staat twee keer in het bestand.") % {"name": header}
            )
        headers.append(header)
        positions.append(position)
    missing = [header for header in REQUIRED_HEADERS if header not in headers]
    if missing:
        raise ImportFileError(
            _("De kolom(men) %(names)s ontbreken in de eerste rij.") % {"names": ", ".join(missing)}
        )
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = {
            header: (values[position] if position < len(values) else "")
            for header, position in zip(headers, positions, strict=True)
        }
        if any(cells.values()):
            rows.append((number, cells))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Het bestand heeft meer dan %(n)s rijen. Splits het in kleinere bestanden.")
            % {"n": MAX_ROWS}
        )
    if not rows:
        raise ImportFileError(_("Het bestand heeft geen rijen onder de kolomnamen."))
    return Sheet(name=name, headers=headers, rows=rows, warnings=warnings)


# Checking and comparing --------------------------------------------------------


@dataclass
class RowReport:
    line: int
    name: str
    organisation: str
    outcome: str = UNCHANGED
    changes: list[history.Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    service: Service | None = None
    fields: dict = field(default_factory=dict)
    location: object = services.KEEP

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class Plan:
    rows: list[RowReport]
    warnings: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == ERROR for row in self.rows)

    @property
    def has_changes(self) -> bool:
        return any(row.outcome in (NEW, CHANGED) for row in self.rows)

    @property
    def counts(self) -> dict:
        counts = dict.fromkeys((NEW, CHANGED, UNCHANGED, ERROR), 0)
        for row in self.rows:
            counts[row.outcome] += 1
        return counts

    def digest(self) -> str:
        """What the user was shown, so a confirmation applies exactly that."""
        shown = [
            [row.line, row.outcome, [[c.label, c.old, c.new] for c in row.changes], row.errors]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _words(value) -> str:
    if value is None or value == "" or value == []:
        return _("(leeg)")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


class _Lookups:
    """Everything the rows refer to, fetched once for the whole file."""

    def __init__(self, rows: list[tuple[int, dict]]):
        self.organisations = {o.name.casefold(): o for o in Organisation.objects.all()}
        self.life_domains = self._reference(LifeDomain)
        self.target_groups = self._reference(TargetGroup)
        codes = {code.upper() for _line, cells in rows for code in _split(cells.get("buurten", ""))}
        self.neighbourhoods = {
            n.cbs_code: n for n in Neighbourhood.objects.filter(cbs_code__in=codes)
        }
        ids = set()
        for _line, cells in rows:
            try:
                ids.add(uuid.UUID(cells.get("id", "")))
            except ValueError:
                pass
        self.services = {
            s.hsds_id: s
            for s in Service.objects.filter(hsds_id__in=ids)
            .select_related("organisation")
            .prefetch_related(
                "life_domains", "target_groups", "neighbourhoods", "at_locations__location"
            )
        }
        names = {cells.get("naam", "").strip().lower() for _line, cells in rows}
        self.taken = set(
            Service.objects.annotate(lname=Lower("name"))
            .filter(lname__in=names)
            .values_list("organisation_id", "lname")
        )

    @staticmethod
    def _reference(model) -> dict:
        found = {}
        for item in model.objects.all():
            found[item.code.lower()] = item
            found.setdefault(item.label.casefold(), item)
        return found


class _Row:
    """One row's checks. ``fields`` become save_service's arguments."""

    def __init__(self, line: int, cells: dict, lookups: _Lookups):
        self.cells, self.lookups = cells, lookups
        self.report = RowReport(
            line=line, name=cells.get("naam", ""), organisation=cells.get("organisatie", "")
        )
        self.fields: dict = {}
        self.location = services.KEEP

    def error(self, message: str) -> None:
        self.report.errors.append(message)

    def has(self, header: str) -> bool:
        return header in self.cells

    def text(self, header: str, name: str, *, required: bool = False) -> None:
        if not self.has(header):
            return
        value = self.cells[header].strip()
        if required and not value:
            self.error(_("Vul de kolom '%(column)s' in.") % {"column": header})
        self.fields[name] = value

    def choice(self, header: str, name: str, options: dict, default, message: str) -> None:
        if not self.has(header):
            return
        value = " ".join(self.cells[header].lower().split())
        if not value:
            self.fields[name] = default
        elif value in options:
            self.fields[name] = options[value]
        else:
            self.error(message % {"value": self.cells[header]})

    def codes(self, header: str, known: dict, message: str) -> list | None:
        if not self.has(header):
            return None
        items = []
        for code in _split(self.cells[header]):
            item = known.get(code.lower()) or known.get(code.casefold())
            if item is None:
                self.error(message % {"code": code})
            elif item not in items:
                items.append(item)
        return items

    def check(self) -> None:
        cells, lookups = self.cells, self.lookups
        raw_id = cells.get("id", "").strip()
        service = None
        if raw_id:
            try:
                key = uuid.UUID(raw_id)
            except ValueError:
                self.error(_("'%(id)s' is geen geldige id (uuid).") % {"id": raw_id})
            else:
                service = lookups.services.get(key)
                if service is None:
                    self.error(_("Er is geen aanbod met id %(id)s.") % {"id": raw_id})
        self.report.service = service
        creating = service is None

        self.text("naam", "name", required=True)
        organisation_name = cells.get("organisatie", "").strip()
        if organisation_name:
            organisation = lookups.organisations.get(organisation_name.casefold())
            if organisation is None:
                self.error(
                    _(
                        "De organisatie '%(name)s' staat niet in Wijknet. Controleer de "
                        "schrijfwijze, of vraag functioneel beheer haar toe te voegen."
                    )
                    % {"name": organisation_name}
                )
            else:
                self.fields["organisation"] = organisation
        elif creating:
            self.error(_("Vul de kolom 'organisatie' in."))
        if creating and not self.has("omschrijving"):
            self.error(_("Vul de kolom 'omschrijving' in: nieuw aanbod heeft een omschrijving."))
        self.text("omschrijving", "description", required=True)
        self.text("werkwijze", "working_method")
        self.text("kosten", "fees_description")
        self.text("aanmelden", "application_process")
        self.text("e-mail", "email")
        if self.has("website"):
            url = cells["website"].strip()
            if url and "://" not in url:
                url = f"https://{url}"
            self.fields["url"] = url
        self.choice(
            "ladder",
            "ladder_level",
            LADDER,
            Service.LadderLevel.GENERAL,
            _("Onbekende ladder '%(value)s': kies algemeen, collectief of individueel."),
        )
        self.choice(
            "status",
            "status",
            STATUS,
            Service.Status.ACTIVE,
            _("Onbekende status '%(value)s': kies actief of niet actief."),
        )
        if self.has("gratis"):
            value = cells["gratis"].strip().lower()
            if value in YES or not value:
                self.fields["is_free"] = True
            elif value in NO:
                self.fields["is_free"] = False
            else:
                self.error(
                    _("Vul bij 'gratis' ja of nee in, niet '%(value)s'.")
                    % {"value": cells["gratis"]}
                )

        domains = self.codes(
            "levensdomeinen", lookups.life_domains, _("Onbekend levensdomein '%(code)s'.")
        )
        if domains is not None:
            self.fields["life_domains"] = domains
        self._target_groups()
        self._neighbourhoods()
        self._location()
        if not self.report.errors:
            self._validate(service)

    def _target_groups(self) -> None:
        if not self.has("doelgroepen"):
            return
        if self.cells["doelgroepen"].strip().lower() in EVERYONE:
            groups = []
        else:
            groups = self.codes(
                "doelgroepen", self.lookups.target_groups, _("Onbekende doelgroep '%(code)s'.")
            )
        self.fields["target_groups"] = groups
        self.fields["open_to_everyone"] = not groups

    def _neighbourhoods(self) -> None:
        if not self.has("buurten"):
            return
        areas = []
        if self.cells["buurten"].strip().lower() not in WHOLE_TOWN:
            for code in _split(self.cells["buurten"]):
                area = self.lookups.neighbourhoods.get(code.upper())
                if area is None:
                    self.error(_("Onbekende buurtcode '%(code)s'.") % {"code": code})
                elif area.kind != Neighbourhood.Kind.NEIGHBOURHOOD:
                    self.error(
                        _("'%(code)s' is een wijk; vul buurtcodes (BU…) in.") % {"code": code}
                    )
                elif area not in areas:
                    areas.append(area)
        self.fields["neighbourhoods"] = areas
        self.fields["whole_municipality"] = not areas

    def _location(self) -> None:
        present = {h: self.cells[h].strip() for h in LOCATION_COLUMNS if self.has(h)}
        if not any(present.values()):
            return  # no address given: an existing place stays as it is
        location = {LOCATION_COLUMNS[h]: value for h, value in present.items()}
        if location.get("postcode"):
            try:
                location["postcode"] = normalise_postcode(location["postcode"])
            except ValidationError as error:
                self.error(" ".join(error.messages))
        self.location = location

    def _validate(self, service: Service | None) -> None:
        """The model's own checks, and save_service's rules, without saving."""
        candidate = copy.copy(service) if service is not None else Service()
        for name, value in self.fields.items():
            if name not in ("life_domains", "target_groups", "neighbourhoods"):
                setattr(candidate, name, value)
        try:
            candidate.full_clean(
                exclude=["search_text", "hsds_id", "organisation", "editor"],
                validate_unique=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                label = capfirst(Service._meta.get_field(name).verbose_name)
                for message in messages:
                    self.error(f"{label}: {message}")
        if not candidate.is_free and not candidate.fees_description.strip():
            self.error(_("Vermeld in de kolom 'kosten' wat het kost, of zet gratis op 'ja'."))

    def compare(self) -> None:
        report = self.report
        service = report.service
        if report.errors:
            report.outcome = ERROR
            return
        if service is None:
            key = (self.fields["organisation"].pk, self.fields["name"].lower())
            if key in self.lookups.taken:
                report.errors.append(
                    _(
                        "Bij %(organisation)s staat al aanbod met de naam '%(name)s'. Vul de "
                        "kolom id in om het bij te werken."
                    )
                    % {"organisation": self.fields["organisation"], "name": self.fields["name"]}
                )
                report.outcome = ERROR
                return
            self.lookups.taken.add(key)
            report.outcome = NEW
            return
        for name, new in self.fields.items():
            old = getattr(service, name)
            if name in ("life_domains", "target_groups", "neighbourhoods"):
                old = list(old.all())
                differs = sorted(o.pk for o in old) != sorted(n.pk for n in new)
            else:
                differs = old != new
            if differs:
                model_field = Service._meta.get_field(name)
                if model_field.choices:
                    choices = dict(model_field.flatchoices)
                    old, new = choices.get(old, old), choices.get(new, new)
                label = str(capfirst(model_field.verbose_name))
                report.changes.append(history.Change(label, _words(old), _words(new)))
        if self.location is not services.KEEP:
            links = list(service.at_locations.all())
            place = links[0].location if links else None
            for name, new in self.location.items():
                old = getattr(place, name) if place else ""
                if old != new:
                    if name == "postcode":
                        old, new = format_postcode(old), format_postcode(new)
                    report.changes.append(
                        history.Change(
                            str(history.DETAIL_LABELS[f"location.{name}"]), _words(old), _words(new)
                        )
                    )
        report.outcome = CHANGED if report.changes else UNCHANGED


def build_plan(rows: list[tuple[int, dict]], warnings: list[str] | None = None) -> Plan:
    """The dry run: what each row would do. Writes nothing."""
    lookups = _Lookups(rows)
    reports, seen_ids = [], {}
    for line, cells in rows:
        row = _Row(line, cells, lookups)
        row.check()
        raw_id = cells.get("id", "").strip().lower()
        if raw_id:
            if raw_id in seen_ids:
                row.error(
                    _("Deze id staat ook in rij %(n)s; elk aanbod mag één keer in het bestand.")
                    % {"n": seen_ids[raw_id]}
                )
            seen_ids.setdefault(raw_id, line)
        row.compare()
        row.report.fields = row.fields
        row.report.location = row.location
        reports.append(row.report)
    return Plan(rows=reports, warnings=list(warnings or []))


def apply(actor, rows: list[tuple[int, dict]]) -> Plan:
    """Check the rows again and hand the new and changed entries to
    services.save_entries, which writes all of them in one transaction or,
    when any breaks a rule after all, none; ``plan.applied`` says whether
    anything was written."""
    plan = build_plan(rows)
    if plan.has_errors:
        return plan
    changing = [report for report in plan.rows if report.outcome in (NEW, CHANGED)]
    entries = [
        services.Entry(service=report.service, fields=report.fields, location=report.location)
        for report in changing
    ]
    try:
        services.save_entries(actor, entries, action="imported")
    except services.EntryError as problem:
        report = changing[problem.index]
        report.errors = problem.messages
        report.outcome = ERROR
        return plan
    plan.applied = True
    return plan


# Between the two steps -----------------------------------------------------------


def sign(table: Sheet, plan: Plan, user) -> str:
    """The rows the user saw, signed for them alone, to confirm in step two.
    Nothing is kept on the server in between."""
    payload = {"name": table.name, "rows": table.rows, "digest": plan.digest()}
    return signing.dumps(payload, salt=f"{_SALT}:{user.pk}", compress=True)


def unsign(token: str, user) -> dict | None:
    try:
        payload = signing.loads(token or "", salt=f"{_SALT}:{user.pk}", max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    payload["rows"] = [(line, cells) for line, cells in payload["rows"]]
    return payload


def example_csv() -> str:
    """A file to start from: the headers and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in COLUMNS])
    writer.writerow(
        [
            "",
            "Koffieochtend De Linde",
            "Stichting Voorbeeld",
            "Elke dinsdag samen koffie drinken en bijpraten.",
            "Vrijwilligers schenken koffie; u kunt gewoon binnenlopen.",
            "algemeen",
            "sociale-contacten",
            "ouderen",
            "",
            "ja",
            "",
            "Loop gewoon binnen.",
            "www.voorbeeld.nl",
            "info@voorbeeld.nl",
            "Lindelaan 3",
            "1234 AB",
            "Voorbeeldstad",
            "actief",
        ]
    )
    return out.getvalue()
