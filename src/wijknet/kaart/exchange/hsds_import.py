"""Import an HSDS 3.0 tabular package (schema.py) into the social map.

The import is all or nothing: every record is checked first, each problem
is reported as (file, row, id, message), and if there is any error nothing
is written. Records are matched on their HSDS id, so importing a package
twice changes nothing the second time. The import adds and changes
records; it does not delete records that are missing from the package.

This module only reads and checks, in four steps: find and read the files
(hsds_package), parse each table's records (hsds_parse), check them across
records and decide per record what changes (hsds_check). The writing is
services.save_batch's, which keeps the history and the search text in
step.
"""

from pathlib import Path

from django.db import IntegrityError, transaction

from wijknet.kaart import services
from wijknet.kaart.exchange import hsds_check, hsds_parse
from wijknet.kaart.exchange.hsds_package import Package
from wijknet.kaart.exchange.hsds_rows import ImportReport, Issue


def _run(pkg: Package) -> ImportReport:
    report = pkg.report
    pkg.read()
    if report.ok:
        hsds_parse.parse(pkg)
        hsds_check.load_existing(pkg)
        hsds_check.check_references(pkg)
        hsds_check.check_unique(pkg)
        hsds_check.decide(pkg)
    if not report.ok:
        report.counts = {}
    elif not report.dry_run:
        services.save_batch(None, pkg.batch, action="imported")
    return report


def import_package(path, *, dry_run: bool = False) -> ImportReport:
    """Read an HSDS tabular package from the folder ``path`` and add or
    update its records, matched on their HSDS ids. Every record is checked
    first; with any error, or with ``dry_run``, nothing is written and the
    report says what is wrong or what would change."""
    pkg = Package(Path(path), dry_run)
    if dry_run:
        return _run(pkg)
    try:
        with transaction.atomic():
            report = _run(pkg)
            if not report.ok:
                transaction.set_rollback(True)
    except IntegrityError as problem:
        report = pkg.report
        report.counts = {}
        report.errors.append(Issue("", None, "", f"de database weigerde het pakket: {problem}"))
    return report
