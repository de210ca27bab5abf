import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from wijknet.demo import bench


class Command(BaseCommand):
    help = (
        "Meet de belangrijkste pagina's bij schaal s (≈ Leiden) en l (≈ Amsterdam) en toont "
        "p50, p95, queries per verzoek en de verhouding l/s. De gevulde databases worden "
        "bewaard in .bench/. Daarna een belastingtest: gelijktijdige meldingen via de API op "
        "gunicorn met PostgreSQL (BENCH_POSTGRES_URL, standaard "
        f"{bench.DEFAULT_POSTGRES})."
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
            "--load-prepare", action="store_true", help="intern: vul de belastingtest-database"
        )

    def handle(self, *args, small, large, seed, requests, cache_dir, measure, **options):
        if measure:
            self.stdout.write(json.dumps(bench.measure_here(requests)))
            return
        if options["load_prepare"]:
            self.stdout.write(json.dumps(bench.prepare_load_database()))
            return
        if not options["load"]:
            figures = {}
            for scale in (small, large):
                database = bench.seeded_database(cache_dir, scale, seed, self.stderr.write)
                self.stderr.write(f"{scale}: measuring {requests} requests per scenario ...")
                figures[scale] = bench.measure_scale(database, requests)
            self.stdout.write(bench.format_table(figures, small, large))
        if not options["no_load"]:
            if not options["load"]:
                self.stdout.write("")
            self.stdout.write(
                bench.load_test(
                    workers=options["workers"],
                    requests=options["load_requests"],
                    log=self.stderr.write,
                )
            )
