from django.core.management.base import BaseCommand, CommandError

from wijknet.kaart.exchange.export import export_package
from wijknet.kaart.exchange.hsds_import import import_package

MAX_LISTED = 500


class Command(BaseCommand):
    help = (
        "Wissel de sociale kaart uit als Open Referral HSDS 3.0-pakket (datapackage.json "
        "met CSV-bestanden). 'hsds export MAP' schrijft al het aanbod; 'hsds import MAP' "
        "leest een pakket in (alles of niets; met --dry-run wordt niets opgeslagen)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = actions.add_parser("export", help="Schrijf de sociale kaart naar een map.")
        export.add_argument("directory", help="Map voor datapackage.json en de CSV-bestanden.")
        load = actions.add_parser("import", help="Lees een HSDS-pakket in.")
        load.add_argument("directory", help="Map met datapackage.json en de CSV-bestanden.")
        load.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en tonen wat er zou veranderen; niets opslaan.",
        )

    def handle(self, *args, **options):
        if options["action"] == "export":
            self.export(options["directory"])
        else:
            self.load(options["directory"], dry_run=options["dry_run"])

    def export(self, directory: str) -> None:
        counts = export_package(directory)
        self.stdout.write(f"HSDS-pakket geschreven naar {directory}:")
        for name, count in counts.items():
            self.stdout.write(f"  {name}: {count} regels")

    def load(self, directory: str, *, dry_run: bool) -> None:
        report = import_package(directory, dry_run=dry_run)
        if report.warnings:
            self.stdout.write(f"Waarschuwingen ({len(report.warnings)}):")
            for issue in report.warnings[:MAX_LISTED]:
                self.stdout.write(f"  {issue}")
            self._more(self.stdout, len(report.warnings))
        if not report.ok:
            self.stderr.write(f"Fouten ({len(report.errors)}):")
            for issue in report.errors[:MAX_LISTED]:
                self.stderr.write(f"  {issue}")
            self._more(self.stderr, len(report.errors))
            raise CommandError(
                f"Het pakket bevat {len(report.errors)} fout(en); er is niets opgeslagen."
            )
        if dry_run:
            self.stdout.write("Proefrun: er is niets opgeslagen. Bij inlezen zou dit gebeuren:")
        else:
            self.stdout.write(f"HSDS-pakket ingelezen uit {directory}:")
        for line in report.summary():
            self.stdout.write(f"  {line}")

    @staticmethod
    def _more(stream, total: int) -> None:
        if total > MAX_LISTED:
            stream.write(f"  … en nog {total - MAX_LISTED}")
