import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wijknet import bench


class Command(BaseCommand):
    help = (
        "Meet de belangrijkste pagina's bij schaal s (≈ Leiden) en l (≈ Amsterdam) en toont "
        "p50, p95, queries per verzoek en de verhouding l/s. De gevulde databases worden "
        "bewaard in .bench/. Daarna het zoeken op de sociale kaart op PostgreSQL bij beide "
        "schalen, naast een naïeve icontains-zoekopdracht, en daar ook de kandidatenlijst, "
        "de hulpvraagpagina en de netwerkkaart; en een belastingtest: "
        "gelijktijdige meldingen via de API op gunicorn met PostgreSQL (BENCH_POSTGRES_URL, "
        f"standaard {bench.DEFAULT_POSTGRES})."
    )

    def add_arguments(self, parser):
        parser.add_argument("--small", default="s", help="kleine schaal (standaard s)")
        parser.add_argument("--large", default="l", help="grote schaal (standaard l)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--requests", type=int, default=60, help="verzoeken per scenario")
        parser.add_argument(
            "--cache-dir", default=str(Path(settings.PROJECT_DIR) / ".bench"), type=Path
        )
        load = parser.add_mutually_exclusive_group()
        load.add_argument("--load", action="store_true", help="alleen de belastingtest")
        load.add_argument("--no-load", action="store_true", help="sla de belastingtest over")
        postgres = parser.add_mutually_exclusive_group()
        postgres.add_argument(
            "--postgres",
            action="store_true",
            help="alleen het zoeken op de sociale kaart op PostgreSQL (samen met --load: beide)",
        )
        postgres.add_argument(
            "--no-postgres",
            action="store_true",
            help="sla het zoeken op de sociale kaart op PostgreSQL over",
        )
        parser.add_argument(
            "--workers", type=int, default=4, help="gunicorn-workers bij de belastingtest"
        )
        parser.add_argument(
            "--load-requests",
            type=int,
            default=200,
            help="gelijktijdige meldingen bij de belastingtest (standaard 200)",
        )
        parser.add_argument("--measure", action="store_true", help="intern: meet deze database")
        parser.add_argument(
            "--scenarios",
            default=",".join(bench.SCENARIOS),
            help="intern, bij --measure: de scenario's, met komma's gescheiden",
        )
        parser.add_argument(
            "--load-prepare", action="store_true", help="intern: vul de belastingtest-database"
        )

    def handle(self, *args, small, large, seed, requests, cache_dir, measure, **options):
        if measure:
            scenarios = tuple(name for name in options["scenarios"].split(",") if name)
            unknown = set(scenarios) - set(bench.ALL_SCENARIOS)
            if unknown:
                raise CommandError(f"Onbekende scenario's: {', '.join(sorted(unknown))}")
            self.stdout.write(json.dumps(bench.measure_here(requests, scenarios)))
            return
        if options["load_prepare"]:
            self.stdout.write(json.dumps(bench.prepare_load_database()))
            return
        only = {part for part in ("load", "postgres") if options[part]}
        parts = only or {"pages", "postgres", "load"}
        parts -= {part for part in ("load", "postgres") if options[f"no_{part}"]}
        reports = []
        if "pages" in parts:
            figures = {}
            for scale in (small, large):
                database = bench.seeded_database(cache_dir, scale, seed, self.stderr.write)
                self.stderr.write(f"{scale}: measuring {requests} requests per scenario ...")
                figures[scale] = bench.measure_scale(database, requests)
            reports.append(bench.format_table(figures, small, large))
            self.stdout.write(reports[-1])
        if "postgres" in parts:
            if reports:
                self.stdout.write("")
            reports.append(
                bench.map_search_postgres(
                    small=small, large=large, seed=seed, requests=requests, log=self.stderr.write
                )
            )
            self.stdout.write(reports[-1])
        if "load" in parts:
            if reports:
                self.stdout.write("")
            self.stdout.write(
                bench.load_test(
                    workers=options["workers"],
                    requests=options["load_requests"],
                    log=self.stderr.write,
                )
            )
