"""The HSDS import's report, and typed reading of one CSV record: every
problem becomes an Issue (file, row, id, message) in the report, so the
whole package is checked before anything is written."""

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from wijknet.kaart.exchange.schema import LABELS
from wijknet.kaart.models import DAY_CODES


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


ABSENT = object()  # the column is not in the file: leave the field alone
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$")
BYDAY = re.compile(r"^([+-]?\d{1,2})?(" + "|".join(DAY_CODES) + ")$")
_TRUE = {"true", "1", "yes", "ja", "waar"}
_FALSE = {"false", "0", "no", "nee", "onwaar"}
DUTCH = {"", "NL", "NLD", "NEDERLAND", "NETHERLANDS", "THE NETHERLANDS"}
_url = URLValidator()


@dataclass
class FileRecord:
    file: str
    number: int  # the row, as a spreadsheet counts
    values: dict[str, str]

    @property
    def id(self) -> str:
        return self.values.get("id", "").strip()


class Row:
    """Typed access to one CSV record; problems land in the report."""

    def __init__(self, report: ImportReport, record: FileRecord):
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

    def length(self, column: str, value: str, model, name: str) -> str:
        limit = model._meta.get_field(name).max_length
        if limit and len(value) > limit:
            self.error(f"{column}: te lang ({len(value)} tekens, maximaal {limit})")
        return value

    def text(self, column: str, model, name: str, *, required: bool = False):
        if not self.has(column):
            if required:
                self.error(f"{column}: verplicht veld ontbreekt")
                return ""
            return ABSENT
        value = self.raw(column)
        if required and not value:
            self.error(f"{column}: verplicht veld is leeg")
        return self.length(column, value, model, name)

    def _validated(self, column: str, model, name: str, validate, what: str):
        value = self.text(column, model, name)
        if value is not ABSENT and value:
            try:
                validate(value)
            except ValidationError:
                self.error(f"{column}: '{value}' is geen {what}")
        return value

    def email(self, column: str, model, name: str):
        return self._validated(column, model, name, validate_email, "geldig e-mailadres")

    def url(self, column: str, model, name: str):
        return self._validated(column, model, name, _url, "geldige URL")

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
            return ABSENT
        value = self.raw(column)
        if not value:
            if required:
                self.error(f"{column}: verplicht veld is leeg")
            return ABSENT
        if value not in allowed:
            self.error(f"{column}: '{value}' is niet toegestaan (kies uit {', '.join(allowed)})")
            return ABSENT
        return value

    def _typed(self, column: str, parse, what: str):
        """ABSENT when the column is missing; None when the cell is empty, or
        wrong (then an error says it is not ``what``); else parse(cell)."""
        if not self.has(column):
            return ABSENT
        value = self.raw(column)
        if not value:
            return None
        try:
            return parse(value)
        except (ValueError, OverflowError):
            self.error(f"{column}: '{value}' is geen {what}")
            return None

    def date(self, column: str):
        return self._typed(column, _date, "geldige datum (JJJJ-MM-DD)")

    def time(self, column: str):
        def parse(value):
            match = _TIME.match(value)
            if not match:
                raise ValueError
            hours, minutes, seconds, zone = match.groups()
            moment = datetime.time(int(hours), int(minutes), int(seconds or 0))
            if zone:
                self.warn(f"{column}: tijdzone '{zone}' genegeerd; Wijknet bewaart de lokale tijd")
            return moment

        return self._typed(column, parse, "geldige tijd (UU:MM of UU:MM:SS)")

    def integer(self, column: str, *, low: int = 0, high: int = 32767):
        number = self._typed(column, _integer, "geheel getal")
        if isinstance(number, int) and not low <= number <= high:
            self.error(f"{column}: {number} ligt niet tussen {low} en {high}")
            return None
        return number

    def number(self, column: str):
        return self._typed(column, _number, "getal")

    def boolean(self, column: str):
        """True/False, or ABSENT when the column or the value is missing."""
        value = self.raw(column).lower()
        if not value:
            return ABSENT
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.error(f"{column}: '{self.raw(column)}' is geen ja/nee-waarde (true of false)")
        return ABSENT

    def codes(self, column: str, known: dict[str, int]):
        """The pks of a comma-separated list of reference codes."""
        if not self.has(column):
            return ABSENT
        codes = [code.strip() for code in self.raw(column).split(",") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            self.error(f"{column}: onbekende code(s): {', '.join(unknown)}")
        return {known[code] for code in codes if code in known}


def _date(value: str) -> datetime.date:
    if not _DATE.match(value):
        raise ValueError
    return datetime.date.fromisoformat(value)


def _integer(value: str) -> int:
    number = float(value)
    if not number.is_integer():
        raise ValueError
    return int(number)


def _number(value: str) -> float:
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError
    return number


def put(values: dict, name: str, value) -> None:
    if value is not ABSENT:
        values[name] = value
