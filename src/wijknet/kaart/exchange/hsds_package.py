"""The state of one HSDS import: which file holds which table, the CSV
records read from them, and per table the records planned (services.Record
with the row they came from, for the report)."""

import csv
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import models

from wijknet.kaart.exchange.hsds_rows import FileRecord, ImportReport, Issue, Row
from wijknet.kaart.exchange.schema import TABLE, TABLES, Table
from wijknet.kaart.services import RECORD_MODELS, Batch, Record, Ref

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
# The table each owner is in.
OWNER_TABLE = {
    "organisation": "organization",
    "service": "service",
    "location": "location",
    "contact": "contact",
}


@dataclass
class Planned(Record):
    row: Row | None = None  # where the record came from, for the report

    @property
    def record(self) -> FileRecord:
        return self.row.record


class Package:
    """One run of the import: the files read, the records planned per
    table, and what Wijknet already holds of them."""

    def __init__(self, root: Path, dry_run: bool):
        self.root = root
        self.report = ImportReport(dry_run=dry_run)
        self.files: dict[str, tuple[list[str], list[FileRecord]]] = {}
        # What services.save_batch writes: the records planned per table,
        # and the pks of the records they refer to.
        self.batch = Batch.empty()
        self.planned: dict[str, dict[uuid.UUID, Planned]] = self.batch.records
        self.pks: dict[str, dict[uuid.UUID, int]] = self.batch.pks
        self.existing: dict[str, dict[uuid.UUID, models.Model]] = {
            name: {} for name in RECORD_MODELS
        }
        self.refs: list[tuple[Planned, str, str, Ref]] = []  # (planned, column, field, ref)
        self.sal_refs: list[tuple[Planned, str, uuid.UUID]] = []
        self.sal_links: dict[uuid.UUID, tuple[uuid.UUID | None, uuid.UUID | None]] = {}
        self.addresses: dict[uuid.UUID, list[tuple[Row, dict]]] = defaultdict(list)

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

    def _read_csv(self, table: Table, path: Path) -> tuple[list[str], list[FileRecord]]:
        records: list[FileRecord] = []
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
                    record = FileRecord(path.name, number, dict(zip(header, cells, strict=False)))
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

    # -- the records of a table ---------------------------------------------

    def records(self, name: str):
        _header, records = self.files.get(name, ([], []))
        seen: set[uuid.UUID] = set()
        for record in records:
            row = Row(self.report, record)
            hsds_id = row.uuid("id", required=True)
            if hsds_id is None:
                continue
            if hsds_id in seen:
                row.error("id komt dubbel voor in dit bestand")
                continue
            seen.add(hsds_id)
            yield row, hsds_id

    def plan(self, name: str, row: Row, hsds_id: uuid.UUID) -> Planned:
        planned = Planned(name, hsds_id, row=row)
        self.planned[name][hsds_id] = planned
        return planned

    def link(self, planned: Planned, column: str, name: str, table: str, *, required=False):
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
        ref = Ref(table, target)
        planned.values[name] = ref
        self.refs.append((planned, column, name, ref))

    def link_owners(self, planned: Planned) -> None:
        """Parse the columns naming what a schedule, contact or phone
        belongs to (OWNERS), and its service at a location."""
        for owner in OWNERS[planned.table]:
            self.link(planned, OWNER_COLUMN[owner], owner, OWNER_TABLE[owner])
        self.sal_link(planned)

    def sal_link(self, planned: Planned) -> None:
        target = planned.row.uuid("service_at_location_id")
        if target is not None:
            self.sal_refs.append((planned, "service_at_location_id", target))

    def known(self, ref: Ref) -> bool:
        return ref.id in self.planned[ref.table] or ref.id in self.pks[ref.table]
