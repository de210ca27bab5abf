"""`wijknet bench`: page speed at two sizes of municipality, side by side,
the public social-map search on PostgreSQL at both sizes beside a naive
``icontains`` baseline, and a load test of the signals API on a real server.

The parent process seeds each scale once into its own database (cached under
``.bench/``, keyed by scale, seed, the migrations and the generator), then
runs every measurement in a child process on a throw-away copy, so audit rows
written while measuring never pile up in the cache. The PostgreSQL databases
for the map search are cached the same way, as databases named after scale,
seed and key; the map search is anonymous and writes nothing, so it runs on
them directly. Figures are printed, never asserted: these machines are too
noisy for timing assertions.

The load test starts gunicorn on 127.0.0.1 against a fresh PostgreSQL
database, fires concurrent ``POST /api/v1/signals/`` requests at it from a
thread pool in this process, and then checks in the database that every
request became exactly one signal.
"""

import hashlib
import html
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings

SCENARIOS = (
    "person_search",
    "household_page",
    "home_page",
    "signal_queue",
    "map_search",
    "caseload",
    "case_page",
    "case_plan",
    "assessor_queue",
    "volunteer_match",
    "request_page",
    "network_page",
)
# The support trajectory's pages, with a target of their own.
CASE_SCENARIOS = ("caseload", "case_page", "case_plan", "assessor_queue")
# The social-map searches measured on PostgreSQL: the public page, the
# selector behind it, and a naive icontains search with the same filters.
MAP_SCENARIOS = ("map_search", "map_selector", "map_naive")
ALL_SCENARIOS = (*SCENARIOS, *MAP_SCENARIOS[1:])
# Who each scenario runs as (None: nobody logged in); the rest run as the
# demo professional.
SCENARIO_USERS = {
    "signal_queue": "meldpunt",
    "assessor_queue": "consulent",
    "map_search": None,
    "map_selector": None,
    "map_naive": None,
}
QUEUE_TARGET_P95_MS = 100
CASE_TARGET_P95_MS = 100  # every case page at scale l
CASE_TARGET_RATIO = 1.5  # l/s of the p95
# The support system around a person: the candidate list over the whole pool
# (about 40,000 volunteers at scale l), as a function and as the request
# page that shows it, and the network map of a person.
SUPPORT_SCENARIOS = ("volunteer_match", "request_page", "network_page")
SUPPORT_TARGET_P95_MS = {"volunteer_match": 200, "request_page": 200, "network_page": 100}
# Measured again on PostgreSQL, the production database.
POSTGRES_SCENARIOS = (*MAP_SCENARIOS, *SUPPORT_SCENARIOS)
MAP_TARGET_P95_MS = 50  # public search at scale l, on PostgreSQL, with filters
MAP_TARGET_RATIO = 1.5  # l/s of the p95

# Files besides the migrations whose changes make a cached database stale;
# the search text stored with each entry comes from the kaart modules.
SEED_SOURCES = (
    "demo/cases.py",
    "demo/generator.py",
    "demo/logins.py",
    "demo/socialmap.py",
    "demo/support.py",
    "kaart/search.py",
    "kaart/services.py",
)

# What residents search for: (words, filters, near a postcode?).
FIRST_BUURT = "first buurt"  # resolved by map_queries to a neighbourhood code
MAP_QUERIES = (
    ("eenzaam", {}, False),
    ("maaltijden", {}, True),
    ("schulden", {"life_domain": "financien"}, False),
    ("mantelzorg", {"target_group": "mantelzorgers", "cost": "free"}, False),
    ("koffie", {"day": "TU"}, True),
    ("vervoer", {"target_group": "ouderen"}, False),
    ("taalcafé", {}, False),
    ("klussen", {}, True),
    ("dagbesteding", {"ladder_level": "collective"}, False),
    ("opvoeden", {"life_domain": "opvoeden"}, True),
    ("huishoudelijke hulp", {"ladder_level": "individual"}, False),
    ("wandelen", {"cost": "free"}, True),
    ("formulieren invullen", {}, False),
    ("eenzaamheid ouderen", {}, True),
    ("", {"life_domain": "sociale-contacten"}, True),
    ("voedselbank", {"target_group": "laag-inkomen"}, False),
    # A typo: on PostgreSQL the pg_trgm fallback answers it.
    ("eenzamheid", {}, False),
    # A neighbourhood (the first by code, a buurt) and "open now".
    ("koffie", {"neighbourhood": FIRST_BUURT}, False),
    ("", {"open_now": "on", "life_domain": "sociale-contacten"}, False),
)


def migration_key() -> str:
    """Changes whenever a migration, the generator or the Django version changes."""
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR)
    for path in [*sorted(base.glob("*/migrations/*.py")), *(base / p for p in SEED_SOURCES)]:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _child_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-key-not-secret",
        WIJKNET_REQUIRE_2FA="0",
        WIJKNET_HTTPS="0",
        DEBUG="0",
        **extra,
    )
    env.pop("REPORTING_DATABASE_URL", None)
    return env


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _run(args: list[str], env: dict) -> str:
    command = [sys.executable, "-m", "wijknet", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def seeded_database(cache_dir: Path, scale: str, seed: int, log) -> Path:
    """The cached database for this scale and seed, seeding it when missing."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"wijknet-{scale}-{seed}-{migration_key()}.sqlite3"
    if target.exists():
        log(f"{scale}: cached database {target.name}")
        return target
    scratch = target.with_suffix(".partial")
    for leftover in cache_dir.glob(f"{scratch.name}*"):
        leftover.unlink()
    log(f"{scale}: seeding (once) ...")
    started = time.perf_counter()
    env = _child_env(_sqlite_url(scratch))
    _run(["migrate", "-v0"], env)
    _run(["seed", "--scale", scale, "--seed", str(seed), "--demo-logins", "-v0"], env)
    _run(
        [
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute("
            "'PRAGMA wal_checkpoint(TRUNCATE)')",
        ],
        env,
    )
    scratch.rename(target)
    log(f"{scale}: seeded in {time.perf_counter() - started:.1f} s")
    return target


def measure_scale(database: Path, requests: int) -> dict:
    """Copy the cached database and measure it in a child process."""
    work = database.with_suffix(".run")
    shutil.copyfile(database, work)
    try:
        env = _child_env(_sqlite_url(work))
        output = _run(["bench", "--measure", "--requests", str(requests)], env)
    finally:
        for leftover in database.parent.glob(f"{work.name}*"):
            leftover.unlink()
    return json.loads(output.strip().splitlines()[-1])


_NEXT_PAGE = re.compile(r'href="\?([^"]*\bna=[^"]+)"')


def queue_urls(client) -> list[str]:
    """The report point's queue: three views, and the second page of the
    first view that has one (the link the page itself offers)."""
    urls = [f"/meldingen/?view={view}" for view in ("open", "new", "overdue")]
    for view in ("open", "all"):
        match = _NEXT_PAGE.search(client.get(f"/meldingen/?view={view}").content.decode())
        if match:
            urls.append(f"/meldingen/?{html.unescape(match.group(1))}")
            break
    return urls


def assessor_queue_urls(client) -> list[str]:
    """The assessor's queue, and its second page when the first offers one."""
    from django.urls import reverse

    first = reverse("cases:assessor_queue")
    urls = [first]
    match = _NEXT_PAGE.search(client.get(first).content.decode())
    if match:
        urls.append(f"{first}?{html.unescape(match.group(1))}")
    return urls


def case_ids(username: str = "professional", limit: int = 100) -> list[int]:
    """Cases the user may see, open ones first, newest first: the case
    pages measured."""
    from django.db.models import F

    from wijknet.cases.models import Case
    from wijknet.core.models import User

    user = User.objects.get(username=username)
    return list(
        Case.objects.visible_to(user)
        .order_by(F("closed_at").asc(nulls_first=True), "-id")
        .values_list("id", flat=True)[:limit]
    )


def open_requests(username: str = "professional", limit: int = 40) -> list:
    """Open requests of the user's teams without a live match, the ones a
    coordinator matches from: their candidate lists are measured."""
    from wijknet.core.models import User
    from wijknet.volunteers.models import Request

    user = User.objects.get(username=username)
    return list(
        Request.objects.visible_to(user)
        .filter(status=Request.Status.OPEN)
        .exclude(matches__status__in=("proposed", "active"))
        .select_related("person__neighbourhood")
        .order_by("id")[:limit]
    )


def network_person_ids(username: str = "professional", limit: int = 100) -> list[int]:
    """Persons the user may see who have a network map."""
    from wijknet.core.models import User
    from wijknet.people.models import NetworkTie, Person

    user = User.objects.get(username=username)
    mapped = NetworkTie.objects.filter(ended_on__isnull=True).values("person_id")
    return list(
        Person.objects.visible_to(user)
        .filter(pk__in=mapped)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def map_queries() -> list[dict]:
    """MAP_QUERIES as the search form's parameters, with postcodes spread
    over the municipality."""
    from wijknet.core.models import Neighbourhood, Postcode
    from wijknet.core.validators import format_postcode

    codes = list(Postcode.objects.order_by("postcode").values_list("postcode", flat=True))
    near = codes[:: max(1, len(codes) // 7)] or [""]
    buurt = (
        Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD)
        .order_by("cbs_code")
        .values_list("cbs_code", flat=True)
        .first()
    )
    queries = []
    for i, (words, filters, nearby) in enumerate(MAP_QUERIES):
        params = {"q": words, **filters}
        if params.get("neighbourhood") == FIRST_BUURT:
            params["neighbourhood"] = buurt or ""
        if nearby and near[0]:
            params["postcode"] = format_postcode(near[i % len(near)])
        queries.append(params)
    return queries


def map_page_url() -> str | None:
    """The public search page, or None while it is not routed yet."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("kaart:search")
    except NoReverseMatch:
        return None


def _filters(params: dict):
    from wijknet.kaart.selectors import SearchFilters

    return SearchFilters(
        neighbourhood=_neighbourhood_id(params.get("neighbourhood", "")),
        open_now=bool(params.get("open_now")),
        life_domain=params.get("life_domain", ""),
        target_group=params.get("target_group", ""),
        ladder_level=params.get("ladder_level", ""),
        cost=params.get("cost", ""),
        day=params.get("day", ""),
    )


def map_search_selector(params: dict) -> list:
    """The search behind the public page, without the page."""
    from wijknet.kaart import selectors

    page = selectors.search_services(
        params.get("q", ""),
        filters=_filters(params),
        near_postcode=params.get("postcode", ""),
        cards=True,
    )
    return page.rows


def _neighbourhood_id(code: str) -> int | None:
    from wijknet.core.models import Neighbourhood

    if not code:
        return None
    return Neighbourhood.objects.filter(cbs_code=code).values_list("pk", flat=True).first()


def map_search_naive(params: dict) -> list:
    """The baseline: every word as ``icontains`` over all the text the
    search indexes (name, other name, description, working method, provider,
    target-group and life-domain labels), with the same filters, the same
    page size and the same details per result; near a postcode, entries
    serving its neighbourhood first (without the distance ranking)."""
    from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

    from wijknet.kaart import selectors
    from wijknet.kaart.models import Service, ServiceAtLocation

    queryset = Service.objects.published()
    for word in params.get("q", "").split():
        labelled = Q(
            pk__in=Service.target_groups.through.objects.filter(
                targetgroup__label__icontains=word
            ).values("service_id")
        ) | Q(
            pk__in=Service.life_domains.through.objects.filter(
                lifedomain__label__icontains=word
            ).values("service_id")
        )
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(working_method__icontains=word)
            | Q(organisation__name__icontains=word)
            | labelled
        )
    queryset = selectors._filtered(queryset, _filters(params), None)
    ordering = ["name", "id"]
    near = selectors.neighbourhood_for(params["postcode"]) if params.get("postcode") else None
    if near is not None:
        served = Service.neighbourhoods.through.objects.filter(neighbourhood_id=near.pk)
        here = ServiceAtLocation.objects.filter(
            service=OuterRef("pk"), location__neighbourhood=near.pk
        )
        queryset = queryset.annotate(
            serves_here=Case(
                When(Q(pk__in=served.values("service_id")) | Exists(here), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        ordering = ["-serves_here", "name", "id"]
    size = selectors.PAGE_SIZE
    ids = list(queryset.order_by(*ordering).values_list("id", flat=True)[: size + 1])
    return list(
        Service.objects.filter(pk__in=ids[:size])
        .select_related("organisation")
        .prefetch_related(
            "target_groups",
            "life_domains",
            "schedules",
            "at_locations__location__accessibility",
            "at_locations__location__neighbourhood",
            "phones",
        )
    )


def _get(client, url: str):
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return fetch


def _call(function, argument):
    return lambda: function(argument)


def measure_here(requests: int, scenarios: tuple[str, ...] = SCENARIOS) -> dict:
    """Runs inside the child: time each scenario as its demo user (the map
    searches as an anonymous visitor)."""
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from wijknet.cases.models import Application, Case
    from wijknet.core.models import User
    from wijknet.kaart.models import Service
    from wijknet.people.models import Household, Person
    from wijknet.signals.models import Signal

    clients = {}
    for username in {SCENARIO_USERS.get(scenario, "professional") for scenario in scenarios}:
        clients[username] = Client()
        if username is not None:
            clients[username].force_login(User.objects.get(username=username))
    results = {
        "persons": Person.objects.count(),
        "signals": Signal.objects.count(),
        "services": Service.objects.published().count(),
        "cases": Case.objects.count(),
        "submitted": Application.objects.filter(status=Application.Status.SUBMITTED).count(),
    }

    def case_pages(name: str):
        def pool(client):
            ids = case_ids()
            results["case_pages"] = len(ids)
            return [_get(client, reverse(name, args=[pk])) for pk in ids]

        return pool

    def visible_households():
        user = User.objects.get(username="professional")
        households = list(Household.objects.visible_to(user).values_list("id", flat=True)[:200])
        results["visible_households"] = len(households)
        return households

    def surname_prefixes():
        user = User.objects.get(username="professional")
        lasts = Person.objects.visible_to(user).values_list("last_name", flat=True)[:400]
        return sorted({last[:3].lower() for last in lasts if len(last) >= 3})

    def matching_pool(client):
        from wijknet.volunteers import services
        from wijknet.volunteers.models import Volunteer

        user = User.objects.get(username="professional")
        items = open_requests()
        results["matching_requests"] = len(items)
        results["volunteer_pool"] = Volunteer.objects.available().count()
        return [_call(lambda item: services.candidates(user, request=item), r) for r in items]

    def map_pool(client):
        page = map_page_url()
        results["map_search_via"] = "page" if page else "selector"
        if page is None:  # the page is not routed yet: the search behind it
            return [_call(map_search_selector, params) for params in map_queries()]
        return [_get(client, f"{page}?{urlencode(params)}") for params in map_queries()]

    pools = {
        "person_search": lambda client: [
            _get(client, f"/personen/?q={name}") for name in surname_prefixes()
        ],
        "household_page": lambda client: [
            _get(client, f"/huishoudens/{pk}/") for pk in visible_households()
        ],
        "home_page": lambda client: [_get(client, "/")],
        "signal_queue": lambda client: [_get(client, url) for url in queue_urls(client)],
        "map_search": map_pool,
        "map_selector": lambda client: [
            _call(map_search_selector, params) for params in map_queries()
        ],
        "map_naive": lambda client: [_call(map_search_naive, params) for params in map_queries()],
        "caseload": lambda client: [_get(client, reverse("cases:caseload"))],
        "case_page": case_pages("cases:detail"),
        "case_plan": case_pages("cases:plan"),
        "assessor_queue": lambda client: [_get(client, url) for url in assessor_queue_urls(client)],
        "volunteer_match": matching_pool,
        "request_page": lambda client: [
            _get(client, reverse("volunteers:request", args=[r.pk])) for r in open_requests()
        ],
        "network_page": lambda client: [
            _get(client, f"/personen/{pk}/netwerk/") for pk in network_person_ids()
        ],
    }
    for scenario in scenarios:
        client = clients[SCENARIO_USERS.get(scenario, "professional")]
        pool = pools[scenario](client)
        for fetch in pool[:5]:  # warm caches and the connection
            fetch()
        with CaptureQueriesContext(connection) as captured:
            pool[0]()
        queries = len(captured)  # read now: a new connection clears the log
        timings = []
        for i in range(requests):
            fetch = pool[i % len(pool)]
            started = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[scenario] = {
            "p50": statistics.median(timings),
            "p95": timings[min(len(timings) - 1, int(0.95 * len(timings)))],
            "queries": queries,
            "urls": len(pool),
        }
    return results


def _row(label: str, small: dict, large: dict, width: int = 16) -> str:
    return (
        f"{label:<{width}} {small['p50']:>7.1f}ms {small['p95']:>7.1f}ms {small['queries']:>5} "
        f"{large['p50']:>7.1f}ms {large['p95']:>7.1f}ms {large['queries']:>5} "
        f"{large['p50'] / small['p50']:>8.2f} {large['p95'] / small['p95']:>8.2f}"
    )


def _header(small: str, large: str, width: int = 16, first: str = "scenario") -> list[str]:
    header = (
        f"{first:<{width}} {small + ' p50':>9} {small + ' p95':>9} {small + ' q':>5} "
        f"{large + ' p50':>9} {large + ' p95':>9} {large + ' q':>5} {'l/s p50':>8} {'l/s p95':>8}"
    )
    return [header, "-" * len(header)]


def format_table(figures: dict[str, dict], small: str, large: str) -> str:
    lines = _header(small, large)
    for scenario in SCENARIOS:
        lines.append(_row(scenario, figures[small][scenario], figures[large][scenario]))
    lines.append(
        f"persons: {small}={figures[small]['persons']:,}  {large}={figures[large]['persons']:,}; "
        f"signals: {small}={figures[small].get('signals', 0):,}  "
        f"{large}={figures[large].get('signals', 0):,}; "
        f"map entries: {small}={figures[small].get('services', 0):,}  "
        f"{large}={figures[large].get('services', 0):,}"
    )
    via = figures[large].get("map_search_via", "page")
    lines.append(
        "times per request through Django's test client, SQLite, one process; "
        "signal_queue as meldpunt, map_search anonymous"
        + ("" if via == "page" else " (search_services: the page is not routed yet)")
        + ", the rest as professional"
    )
    queue_p95 = figures[large]["signal_queue"]["p95"]
    verdict = "met" if queue_p95 <= QUEUE_TARGET_P95_MS else "NOT met"
    lines.append(
        f"signal_queue p95 at {large}: {queue_p95:.1f} ms "
        f"(target <= {QUEUE_TARGET_P95_MS} ms: {verdict})"
    )
    lines.append(
        f"cases: {small}={figures[small].get('cases', 0):,}  "
        f"{large}={figures[large].get('cases', 0):,}; submitted applications: "
        f"{small}={figures[small].get('submitted', 0):,}  "
        f"{large}={figures[large].get('submitted', 0):,}; case_page and case_plan rotate over "
        f"{figures[large].get('case_pages', 0)} cases professional may see, "
        "assessor_queue as consulent"
    )
    for scenario in CASE_SCENARIOS:
        p95 = figures[large][scenario]["p95"]
        ratio = p95 / figures[small][scenario]["p95"]
        p95_verdict = "met" if p95 <= CASE_TARGET_P95_MS else "NOT met"
        ratio_verdict = "met" if ratio <= CASE_TARGET_RATIO else "NOT met"
        lines.append(
            f"{scenario} p95 at {large}: {p95:.1f} ms (target <= {CASE_TARGET_P95_MS} ms: "
            f"{p95_verdict}); l/s p95 {ratio:.2f} (target <= {CASE_TARGET_RATIO}: "
            f"{ratio_verdict})"
        )
    lines.append(
        f"volunteer pool (active, VOG): {small}={figures[small].get('volunteer_pool', 0):,}  "
        f"{large}={figures[large].get('volunteer_pool', 0):,}; volunteer_match is "
        "services.candidates and request_page /hulpvragen/<id>/ over "
        f"{figures[large].get('matching_requests', 0)} open requests without a live match; "
        "network_page /personen/<id>/netwerk/"
    )
    lines.extend(_support_verdicts(figures, small, large))
    return "\n".join(lines)


def _support_verdicts(figures: dict[str, dict], small: str, large: str) -> list[str]:
    lines = []
    for scenario in SUPPORT_SCENARIOS:
        p95 = figures[large][scenario]["p95"]
        ratio = p95 / figures[small][scenario]["p95"]
        target = SUPPORT_TARGET_P95_MS[scenario]
        verdict = "met" if p95 <= target else "NOT met"
        lines.append(
            f"{scenario} p95 at {large}: {p95:.1f} ms (target <= {target} ms: {verdict}); "
            f"l/s p95 {ratio:.2f}"
        )
    return lines


# Social-map search on PostgreSQL -----------------------------------------------
MAP_DATABASE_PREFIX = "wijknet_bench"  # + _<scale>_<seed>_<key>
MAP_LABELS = {
    "map_search": "public page",
    "map_selector": "search_services",
    "map_naive": "naive icontains",
}


def _postgres_url(server: str, database: str) -> str:
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def seeded_postgres(admin, server_url: str, scale: str, seed: int, log) -> str:
    """The cached PostgreSQL database for this scale and seed, seeding it
    when missing; returns its URL. Databases of this scale with another key
    are dropped: they can no longer be used."""
    prefix = f"{MAP_DATABASE_PREFIX}_{scale}_"
    target = f"{prefix}{seed}_{migration_key()}"
    partial = f"{target}_partial"
    names = [row[0] for row in admin.execute("SELECT datname FROM pg_database").fetchall()]
    for name in names:
        if name.startswith(prefix) and name != target:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if target in names:
        log(f"{scale} (PostgreSQL): cached database {target}")
        return _postgres_url(server_url, target)
    log(f"{scale} (PostgreSQL): seeding (once) ...")
    started = time.perf_counter()
    admin.execute(f'CREATE DATABASE "{partial}"')
    env = _child_env(_postgres_url(server_url, partial))
    _run(["migrate", "-v0"], env)
    # The demo logins: the support pages are measured as professional.
    _run(["seed", "--scale", scale, "--seed", str(seed), "--demo-logins", "-v0"], env)
    import psycopg

    # Fresh statistics, or the planner guesses from an empty table.
    with psycopg.connect(_postgres_url(server_url, partial), autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    admin.execute(f'ALTER DATABASE "{partial}" RENAME TO "{target}"')
    log(f"{scale} (PostgreSQL): seeded in {time.perf_counter() - started:.1f} s")
    return _postgres_url(server_url, target)


def map_search_postgres(
    *, small: str, large: str, seed: int, requests: int, log=lambda message: None
) -> str:
    """Seed (once) and measure the map searches at both scales on PostgreSQL;
    return the report."""
    try:
        import psycopg
    except ImportError as missing:
        return f"map search on PostgreSQL skipped: {missing.name} is not installed"
    server_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    admin_url, _ = _postgres_urls(server_url)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            "map search on PostgreSQL skipped: cannot connect to PostgreSQL at "
            f"{_hostport(server_url)} ({reason})"
        )
    figures = {}
    try:
        version = admin.execute("SHOW server_version").fetchone()[0]
        for scale in (small, large):
            database_url = seeded_postgres(admin, server_url, scale, seed, log)
            log(f"{scale} (PostgreSQL): measuring {requests} requests per scenario ...")
            output = _run(
                [
                    "bench",
                    "--measure",
                    "--requests",
                    str(requests),
                    "--scenarios",
                    ",".join(POSTGRES_SCENARIOS),
                ],
                _child_env(database_url),
            )
            figures[scale] = json.loads(output.strip().splitlines()[-1])
    finally:
        admin.close()
    return format_map_table(figures, small, large, version)


def format_map_table(figures: dict[str, dict], small: str, large: str, version: str) -> str:
    width = 31
    lines = [
        f"social map search on PostgreSQL {version}: {len(MAP_QUERIES)} searches in rotation "
        "(words, filters, near a postcode), anonymous",
        *_header(small, large, width, "search"),
    ]
    for scenario in MAP_SCENARIOS:
        label = f"{scenario} ({MAP_LABELS[scenario]})"
        lines.append(_row(label, figures[small][scenario], figures[large][scenario], width))
    lines.append(
        f"map entries (published): {small}={figures[small]['services']:,}  "
        f"{large}={figures[large]['services']:,}"
    )
    if figures[large].get("map_search_via") != "page":
        lines.append("map_search timed search_services: the public page is not routed yet")
    page, naive = figures[large]["map_search"], figures[large]["map_naive"]
    ratio = page["p95"] / figures[small]["map_search"]["p95"]
    naive_ratio = naive["p95"] / figures[small]["map_naive"]["p95"]
    p95_verdict = "met" if page["p95"] <= MAP_TARGET_P95_MS else "NOT met"
    ratio_verdict = "met" if ratio <= MAP_TARGET_RATIO else "NOT met"
    lines.append(
        f"map_search p95 at {large}: {page['p95']:.1f} ms "
        f"(target <= {MAP_TARGET_P95_MS} ms: {p95_verdict}); "
        f"l/s p95 {ratio:.2f} (target <= {MAP_TARGET_RATIO}: {ratio_verdict})"
    )
    selector = figures[large]["map_selector"]
    lines.append(
        f"baseline: naive icontains l/s p95 {naive_ratio:.2f}; at {large} the naive search "
        f"takes {naive['p95'] / selector['p95']:.2f}x the p95 of search_services"
    )
    lines.append("")
    lines.append(
        f"support system on PostgreSQL {version}: the candidate list, the request page and "
        "the network page, as professional"
    )
    lines.extend(_header(small, large))
    for scenario in SUPPORT_SCENARIOS:
        lines.append(_row(scenario, figures[small][scenario], figures[large][scenario]))
    lines.append(
        f"volunteer pool (active, VOG): {small}={figures[small].get('volunteer_pool', 0):,}  "
        f"{large}={figures[large].get('volunteer_pool', 0):,}"
    )
    lines.extend(_support_verdicts(figures, small, large))
    return "\n".join(lines)


# Load test ---------------------------------------------------------------------
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432"
LOAD_DATABASE = "wijknet_bench_load"
REQUEST_TIMEOUT = 30  # seconds, per request
LOAD_USERNAME = "api-bench"
LOAD_DESCRIPTIONS = [
    "Buurvrouw komt al weken niet meer buiten.",
    "Er liggen stapels post achter de deur.",
    "Meneer lijkt vergeetachtig en verdwaalt.",
    "Geluidsoverlast en ruzie in de nacht.",
]


def prepare_load_database() -> dict:
    """Runs inside a child on the fresh load-test database: the municipality's
    structure (no residents, no signals) and one API user with a token."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from wijknet.core.models import Membership, Postcode, Role, User
    from wijknet.demo.generator import generate_structure

    with transaction.atomic():
        teams = generate_structure("xs", 1)
        user = User.objects.create(
            username=LOAD_USERNAME,
            first_name="Koppeling",
            last_name="Belastingtest",
            email=f"{LOAD_USERNAME}@example.org",
            role=Role.PROFESSIONAL,
            password=make_password(None),
        )
        Membership.objects.create(
            user=user, team=teams[0], discipline="koppeling", start=timezone.localdate()
        )
        token = Token.objects.create(user=user)
    postcodes = list(Postcode.objects.order_by("postcode").values_list("postcode", flat=True))
    return {"token": token.key, "postcodes": postcodes}


@dataclass
class _Reply:
    status: int | None  # None: no HTTP answer
    latency_ms: float
    started: float
    finished: float
    body: dict | None = None
    error: str = ""


def _postgres_urls(server: str) -> tuple[str, str]:
    """(maintenance database URL, load-test database URL) on one server."""
    parts = urllib.parse.urlsplit(server)
    return (
        urllib.parse.urlunsplit(parts._replace(path="/postgres")),
        urllib.parse.urlunsplit(parts._replace(path=f"/{LOAD_DATABASE}")),
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _opener():
    # No proxies from the environment: requests go to 127.0.0.1 and nowhere else.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _wait_until_serving(base: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log_path.read_text()[-3000:]}")
        try:
            _opener().open(f"{base}/api/v1/signals/", timeout=2).close()
            return
        except urllib.error.HTTPError:  # 401/403 without a token: it answers
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log_path.read_text()[-3000:]}")


def _post(url: str, token: str, body: dict, barrier: threading.Barrier) -> _Reply:
    data = json.dumps(body).encode()
    # The URL is always http://127.0.0.1:<port>/..., built by load_test.
    request = urllib.request.Request(  # noqa: S310
        url,
        data=data,
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        barrier.wait(timeout=REQUEST_TIMEOUT)  # all threads start together
    except threading.BrokenBarrierError:
        pass
    started = time.perf_counter()
    try:
        with _opener().open(request, timeout=REQUEST_TIMEOUT) as response:
            status, payload = response.status, json.loads(response.read() or b"null")
        error = ""
    except urllib.error.HTTPError as failure:
        status, payload = failure.code, None
        error = failure.read()[:300].decode(errors="replace")
    except (OSError, ValueError) as failure:
        status, payload, error = None, None, f"{type(failure).__name__}: {failure}"
    finished = time.perf_counter()
    return _Reply(status, (finished - started) * 1000, started, finished, payload, error)


def _bodies(count: int, run_id: str, postcodes: list[str]) -> list[dict]:
    extents = ("individual", "several", "minor", "over_75")
    durations = ("incidental", "structural_short", "structural_long")
    reporters = ("police", "housing", "gp", "professional")
    bodies = []
    for i in range(count):
        bodies.append(
            {
                "reporter_type": reporters[i % len(reporters)],
                "reporter_name": f"Koppeling {i:03d}",
                "subject_description": f"bewoner op nummer {i % 180 + 1}",
                "subject_postcode": postcodes[i % len(postcodes)] if postcodes else "",
                "subject_informed": ("yes", "no", "unknown")[i % 3],
                "description": (
                    f"{LOAD_DESCRIPTIONS[i % len(LOAD_DESCRIPTIONS)]} [{_marker(run_id, i)}]"
                ),
                "risk_flags": ["living_alone"] if i % 2 else [],
                "nature_safety": i % 3,
                "nature_health": (i // 3) % 3,
                "nature_welfare": (i // 9) % 3,
                "extent": extents[i % len(extents)],
                "duration": durations[i % len(durations)],
            }
        )
    return bodies


def _marker(run_id: str, i: int) -> str:
    return f"LOADTEST-{run_id}-{i:04d}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _fire(base: str, token: str, bodies: list[dict]) -> tuple[list[_Reply], float]:
    """Send every body at once, each on its own thread; bounded in count
    (one request per body, no retries) and in time."""
    url = f"{base}/api/v1/signals/"
    barrier = threading.Barrier(len(bodies))
    replies: list[_Reply] = []
    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        futures = [pool.submit(_post, url, token, body, barrier) for body in bodies]
        done, late = wait_for(futures, timeout=3 * REQUEST_TIMEOUT)
        for future in late:
            future.cancel()
        replies = [future.result() for future in done]
    missing = len(bodies) - len(replies)
    replies += [_Reply(None, 0.0, 0.0, 0.0, error="no answer in time")] * missing
    answered = [reply for reply in replies if reply.finished]
    wall = max(r.finished for r in answered) - min(r.started for r in answered) if answered else 0.0
    return replies, wall


def _verify(database_url: str, run_id: str, count: int, replies: list[_Reply]) -> list[str]:
    """What is wrong in the database after the run; empty when all is well."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=10) as db:
        rows = db.execute("SELECT id, description, reporter_token FROM signals_signal").fetchall()
    problems = []
    if len(rows) != count:
        problems.append(f"{len(rows)} signals in the database, expected {count}")
    pattern = re.compile(rf"LOADTEST-{re.escape(run_id)}-(\d{{4}})")
    seen = Counter(int(m) for _, description, _ in rows for m in pattern.findall(description))
    wrong = [i for i in range(count) if seen[i] != 1]
    if wrong or set(seen) - set(range(count)):
        problems.append(f"markers not exactly once: {len(wrong)} (e.g. {wrong[:5]})")
    tokens = {token for _, _, token in rows}
    if len(tokens) != count:
        problems.append(f"{len(tokens)} unique reporter tokens, expected {count}")
    answered = {(r.body or {}).get("id") for r in replies if r.status == 201}
    if answered != {pk for pk, _, _ in rows}:
        problems.append("the ids in the 201 answers differ from the ids in the database")
    return problems


def load_test(*, workers: int = 4, requests: int = 200, log=lambda message: None) -> str:
    """Start gunicorn on a fresh PostgreSQL database, send ``requests``
    concurrent signals through the API, check the database; return a report."""
    try:
        import gunicorn  # noqa: F401
        import psycopg
    except ImportError as missing:
        return f"load test skipped: {missing.name} is not installed"
    server_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    admin_url, database_url = _postgres_urls(server_url)
    shown = _hostport(server_url)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"load test skipped: cannot connect to PostgreSQL at {shown} ({reason})"

    server = None
    workdir = Path(tempfile.mkdtemp(prefix="wijknet-load-"))
    try:
        version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(f'DROP DATABASE IF EXISTS "{LOAD_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{LOAD_DATABASE}"')
        env = _child_env(
            database_url,
            ALLOWED_HOSTS="127.0.0.1",
            WIJKNET_TOKEN_RATE="10000/min",
        )
        log(f"load: migrating {LOAD_DATABASE} on PostgreSQL {version} ...")
        _run(["migrate", "-v0"], env)
        prepared = json.loads(_run(["bench", "--load-prepare"], env).strip().splitlines()[-1])

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = workdir / "gunicorn.log"
        log(f"load: gunicorn with {workers} workers on 127.0.0.1:{port} ...")
        with log_path.open("w") as server_log:
            server = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "wijknet.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "60",
                    "--backlog",
                    "2048",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=settings.PROJECT_DIR,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
        _wait_until_serving(base, server, log_path)

        run_id = secrets.token_hex(4)
        bodies = _bodies(requests, run_id, prepared["postcodes"])
        log(f"load: {requests} concurrent POST /api/v1/signals/ ...")
        replies, wall = _fire(base, prepared["token"], bodies)
        problems = _verify(database_url, run_id, requests, replies)
    finally:
        if server is not None:
            _stop(server)
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{LOAD_DATABASE}" WITH (FORCE)')
        finally:
            admin.close()
            shutil.rmtree(workdir, ignore_errors=True)

    created = [r for r in replies if r.status == 201]
    errors = [r for r in replies if r.status != 201]
    latencies = [r.latency_ms for r in replies if r.status is not None]
    statuses = Counter(str(r.status or "no answer") for r in errors)
    lines = [
        f"load test: {requests} concurrent POST /api/v1/signals/ to gunicorn "
        f"({workers} workers) on 127.0.0.1, PostgreSQL {version}",
        f"  201 Created: {len(created)}   errors: {len(errors)}"
        + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))})" if errors else ""),
        f"  throughput: {len(created) / wall if wall else 0:.1f} requests/s "
        f"({wall:.2f} s from first send to last answer)",
    ]
    if latencies:
        lines.append(
            f"  latency: p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {_percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
        )
    if errors:
        lines.append(f"  first error: {errors[0].error[:200]}")
    if not problems and not errors:
        lines.append(
            f"  check: OK: {requests} signals in the database, every marker exactly once, "
            f"{requests} unique reporter tokens, zero errors"
        )
    else:
        lines.append("  check: FAILED: " + "; ".join(problems or ["errors above"]))
    return "\n".join(lines)


def _hostport(url: str) -> str:
    """The address without any password, for messages."""
    parts = urllib.parse.urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{user}{parts.hostname or ''}{port}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
