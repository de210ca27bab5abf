import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from wijknet.demo import bench


class Command(BaseCommand):
    help = (
        "Meet de belangrijkste pagina's bij schaal s (≈ Leiden) en l (≈ Amsterdam) en toont "
        "p50, p95, queries per verzoek en de verhouding l/s. De gevulde databases worden "
        "bewaard in .bench/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--small", default="s", help="kleine schaal (standaard s)")
        parser.add_argument("--large", default="l", help="grote schaal (standaard l)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--requests", type=int, default=60, help="verzoeken per scenario")
        parser.add_argument(
            "--cache-dir", default=str(Path(settings.PROJECT_DIR) / ".bench"), type=Path
        )
        parser.add_argument("--measure", action="store_true", help="intern: meet deze database")

    def handle(self, *args, small, large, seed, requests, cache_dir, measure, **options):
        if measure:
            self.stdout.write(json.dumps(bench.measure_here(requests)))
            return
        figures = {}
        for scale in (small, large):
            database = bench.seeded_database(cache_dir, scale, seed, self.stderr.write)
            self.stderr.write(f"{scale}: measuring {requests} requests per scenario ...")
            figures[scale] = bench.measure_scale(database, requests)
        self.stdout.write(bench.format_table(figures, small, large))
