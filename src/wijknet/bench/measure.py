"""Measuring, inside the child: the pages and functions each scenario
times, and the timing loop itself (``measure_here``).

Each scenario has a pool of requests (the URLs it rotates over, or calls of
a function); a few warm the caches and the connection, one is counted for
its queries, then ``requests`` are timed. Models are imported inside the
functions: this package is a Django app, loaded before the models are
ready.
"""

import html
import re
import statistics
import time

from wijknet.bench.mapsearch import (
    map_page_url,
    map_queries,
    map_search_naive,
    map_search_selector,
)
from wijknet.bench.report import percentile
from wijknet.bench.scenarios import SCENARIO_USERS, SCENARIOS

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
        from wijknet.volunteers import ranking
        from wijknet.volunteers.models import Volunteer

        user = User.objects.get(username="professional")
        items = open_requests()
        results["matching_requests"] = len(items)
        results["volunteer_pool"] = Volunteer.objects.available().count()
        return [_call(lambda item: ranking.candidates(user, request=item), r) for r in items]

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
        results[scenario] = {
            "p50": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "queries": queries,
            "urls": len(pool),
        }
    return results
