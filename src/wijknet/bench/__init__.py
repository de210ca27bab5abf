"""`wijknet bench`: page speed at two sizes of municipality, side by side,
the public social-map search on PostgreSQL at both sizes beside a naive
``icontains`` baseline, and a load test of the signals API on a real server.
See bench/README.md at the top of the repository for how to run and read it.

The parent process seeds each scale once into its own database (cached under
``.bench/``, keyed by scale, seed, the migrations and the generator), then
runs every measurement in a child process on a throw-away copy, so audit rows
written while measuring never pile up in the cache. The PostgreSQL databases
for the map search are cached the same way, as databases named after scale,
seed and key; the map search is anonymous and writes nothing, so it runs on
them directly. Figures are printed, never asserted: these machines are too
noisy for timing assertions.

The modules, in the order a run goes through them:

- ``scenarios``: what is measured, as whom, and the targets;
- ``processes``: the children, the cached databases, the PostgreSQL server;
- ``measure``: inside a child, the pages each scenario times, and the timing;
- ``mapsearch``: inside a child, the map searches and their naive baseline;
- ``postgres``: part 2, the map search and support pages on PostgreSQL;
- ``load``: part 3, the load test of the signals API on gunicorn;
- ``report``: the tables and the verdicts.

This app sits above every other one: it may import any of them, and none of
them imports it. The names below are the ones the command and the tests use.
"""

from wijknet.bench.load import load_test, prepare_load_database
from wijknet.bench.mapsearch import map_queries, map_search_naive, map_search_selector
from wijknet.bench.measure import (
    assessor_queue_urls,
    case_ids,
    measure_here,
    network_person_ids,
    open_requests,
    queue_urls,
)
from wijknet.bench.postgres import map_search_postgres
from wijknet.bench.processes import DEFAULT_POSTGRES, measure_scale, seeded_database
from wijknet.bench.report import format_map_table, format_table
from wijknet.bench.scenarios import (
    ALL_SCENARIOS,
    CASE_SCENARIOS,
    MAP_QUERIES,
    MAP_SCENARIOS,
    POSTGRES_SCENARIOS,
    SCENARIOS,
    SUPPORT_SCENARIOS,
)

__all__ = [
    "ALL_SCENARIOS",
    "CASE_SCENARIOS",
    "DEFAULT_POSTGRES",
    "MAP_QUERIES",
    "MAP_SCENARIOS",
    "POSTGRES_SCENARIOS",
    "SCENARIOS",
    "SUPPORT_SCENARIOS",
    "assessor_queue_urls",
    "case_ids",
    "format_map_table",
    "format_table",
    "load_test",
    "map_queries",
    "map_search_naive",
    "map_search_postgres",
    "map_search_selector",
    "measure_here",
    "measure_scale",
    "network_person_ids",
    "open_requests",
    "prepare_load_database",
    "queue_urls",
    "seeded_database",
]
