"""The synthetic municipality: sizes, valid Dutch identifiers, the social
map, determinism (trajectories included; their own checks are in
test_seed_cases.py), and a demo that can run again and again."""

import datetime
import io
import os
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from wijknet import bench
from wijknet.core import access, deadlines
from wijknet.core.models import Neighbourhood, Organisation, Postcode, Role, Team, User
from wijknet.core.validators import normalise_postcode, validate_cbs_area_code
from wijknet.demo.generator import ORGANISATIONS, generate
from wijknet.demo.models import SeedRecord
from wijknet.demo.socialmap import describe_times
from wijknet.kaart import selectors as map_selectors
from wijknet.kaart.models import (
    DAY_CODES,
    Contact,
    Location,
    MapEditor,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from wijknet.kaart.services import index_text_for
from wijknet.people.models import Household, Involvement, Person
from wijknet.signals import selectors, workflow
from wijknet.signals.models import RiskGroup, Signal, SignalEvent
from wijknet.signals.services import REMOVED

pytestmark = pytest.mark.django_db
DEMO_USERNAMES = [
    "inwoner",
    "vrijwilliger",
    "meldpunt",
    "professional",
    "professional2",
    "teamleider",
    "consulent",
    "beleid",
    "beheer",
]


def test_xs_is_a_small_town_with_valid_dutch_identifiers():
    counts = generate("xs", 1)
    assert 450 <= counts["persons"] == Person.objects.count() <= 550
    assert Counter(Team.objects.values_list("prototype", flat=True)) == {
        "team": 1,
        "front_back_office": 1,
        "network": 1,
    }
    for area in Neighbourhood.objects.all():
        validate_cbs_area_code(area.cbs_code, area.kind)
        assert area.geometry["type"] == "Polygon"
    postcodes = dict(Postcode.objects.values_list("postcode", "neighbourhood_id"))
    for person in Person.objects.all():
        assert normalise_postcode(person.postcode) == person.postcode
        assert postcodes[person.postcode] == person.neighbourhood_id
        if person.bsn:
            assert stdnum_bsn.is_valid(person.bsn) and person.bsn.startswith("9999")
        assert not person.phone
        assert not person.email or person.email.endswith("@example.org")
    assert Involvement.objects.active().exists()


def test_xs_has_two_years_of_signals_that_follow_the_rules():
    counts = generate("xs", 1)
    now = timezone.now()
    signals = list(
        Signal.objects.select_related("band", "computed_band", "subject_person").order_by("id")
    )
    assert len(signals) == counts["signals"] == 300
    assert {s.channel for s in signals} == set(Signal.Channel.values)
    assert {s.level for s in signals} == set(Signal.Level.values)
    assert len({s.reporter_token for s in signals}) == 300
    ages = [(now - s.created_at).days for s in signals]
    assert min(ages) <= 14 and 600 <= max(ages) < 731
    assert [s.created_at for s in signals] == sorted(s.created_at for s in signals)
    team_of = {}
    for team, area in Team.neighbourhoods.through.objects.order_by("team_id").values_list(
        "team_id", "neighbourhood_id"
    ):
        team_of.setdefault(area, team)

    for s in signals:
        assert s.team_id == team_of.get(s.neighbourhood_id)
        assert set(s.risk_flags) <= set(RiskGroup.values)
        assert not s.reporter_phone
        assert not s.reporter_email or s.reporter_email.endswith("@example.org")
        assert s.status != workflow.CONVERTED
        if s.subject_person is not None:
            assert s.neighbourhood_id == s.subject_person.neighbourhood_id
        if s.band is None:
            assert s.status in (workflow.NOTICE, workflow.CLOSED) and s.deadline is None
        else:
            assert s.computed_band.min_score <= s.urgency_score <= s.computed_band.max_score
            assert (s.band == s.computed_band) == (not s.override_reason)
            start = timezone.localdate(s.created_at)
            assert s.deadline == deadlines.add_working_days(start, s.band.deadline_working_days)
            assert (s.urgent_consultation_at is not None) == s.band.urgent_consultation
        if s.status in workflow.FINAL:
            assert s.created_at <= s.closed_at <= now
        else:
            assert s.closed_at is None and s.pseudonymised_at is None
        if s.pseudonymised_at is not None:
            assert s.description == REMOVED and not s.reporter_name and not s.subject_person
    triaged = sum(s.band is not None for s in signals)
    assert 0.75 <= triaged / len(signals) <= 0.95
    assert any(s.override_reason for s in signals)
    # The newest wait for intake on whatever day the seed runs.
    assert all(s.status == workflow.NOTICE and s.band is None for s in signals[-3:])
    assert any(s.team_id is None for s in signals)
    received = SignalEvent.objects.filter(kind=SignalEvent.Kind.RECEIVED)
    assert received.count() == 300
    assert SignalEvent.objects.count() == counts["signal_events"]

    # Policy staff see some neighbourhoods with enough signals to show a count.
    policy = User.objects.filter(role=Role.POLICY).order_by("id").first()
    assert any(row["n"] is not None for row in selectors.policy_aggregates(policy))


def test_an_older_seed_without_signals_gets_them_once():
    generate("xs", 1)
    Signal.objects.all().delete()
    record = SeedRecord.objects.get()
    record.counts = {k: v for k, v in record.counts.items() if not k.startswith("signal")}
    record.save()
    counts = generate("xs", 1)
    assert counts["signals"] == Signal.objects.count() == 300
    assert generate("xs", 1) == counts
    assert Signal.objects.count() == 300


def test_xs_has_a_social_map_with_searchable_entries():
    counts = generate("xs", 1)
    services = list(
        Service.objects.select_related("organisation")
        .prefetch_related("target_groups", "life_domains", "neighbourhoods", "schedules")
        .order_by("id")
    )
    assert len(services) == counts["services"] == 150
    network = {name for name, _, _ in ORGANISATIONS}
    invented = Organisation.objects.exclude(name__in=network)
    assert invented.count() == counts["map_organisations"] == 12
    assert set(invented.values_list("kind", flat=True)) <= {
        "welfare",
        "care",
        "volunteer_centre",
        "other",
    }
    assert len({s.organisation_id for s in services}) >= 12
    for service in services:
        expected = index_text_for(
            service,
            target_groups=list(service.target_groups.all()),
            life_domains=list(service.life_domains.all()),
        )
        assert service.search_text == expected, service.name
        service.full_clean(exclude=["search_text"])
        assert service.url.startswith("https://example.org/")
        assert service.email.endswith("@example.org")
        assert service.open_to_everyone or service.target_groups.all()
        assert service.is_free or service.fees_description
        assert service.whole_municipality != bool(service.neighbourhoods.all())
        assert service.life_domains.all()
        if service.ladder_level == Service.LadderLevel.INDIVIDUAL:
            assert "Wmo-consulent" in service.application_process
        for schedule in service.schedules.all():
            assert schedule.days and set(schedule.days) <= set(DAY_CODES)
            assert schedule.opens_at < schedule.closes_at and schedule.description
    assert len({s.name for s in services}) == len(services)
    levels = Counter(s.ladder_level for s in services)
    assert levels["general"] > levels["collective"] > 0 and levels["individual"] > 0
    assert levels["general"] >= 0.7 * len(services)
    assert 0.6 <= sum(bool(s.schedules.all()) for s in services) / len(services) <= 0.9
    all_text = " ".join(s.description for s in services)
    for word in ("eenzaamheid", "maaltijden", "schulden", "mantelzorgers"):
        assert word in all_text

    # Stemming is exercised: the query word differs from the word in the text.
    assert map_selectors.search_services("eenzaam").rows
    assert map_selectors.search_services("maaltijd").rows

    # About one location per two entries, some shared, each placed correctly.
    locations = list(Location.objects.all())
    assert 50 <= len(locations) == counts["locations"] <= 110
    links = Counter(ServiceAtLocation.objects.values_list("location_id", flat=True))
    assert max(links.values()) >= 2
    neighbourhood_of = dict(Postcode.objects.values_list("postcode", "neighbourhood_id"))
    geometry = dict(Neighbourhood.objects.values_list("id", "geometry"))
    for location in locations:
        assert normalise_postcode(location.postcode) == location.postcode
        assert neighbourhood_of[location.postcode] == location.neighbourhood_id
        assert location.city == "Wijkerveen" and location.street
        ring = geometry[location.neighbourhood_id]["coordinates"][0]
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        assert min(lons) < location.longitude < max(lons)
        assert min(lats) < location.latitude < max(lats)

    # A review queue of about a quarter of the published entries.
    published = Service.objects.published().count()
    assert 0.15 <= map_selectors.review_queue().count() / published <= 0.35

    # Overlap: several organisations offer help in the same domain and place.
    Through = Service.neighbourhoods.through
    offered = Counter()
    for service_id, area in Through.objects.values_list("service_id", "neighbourhood_id"):
        service = next(s for s in services if s.id == service_id)
        for domain in service.life_domains.all():
            offered[(domain.code, area, service.organisation_id)] += 1
    organisations_per_place = Counter((domain, area) for domain, area, _ in offered)
    assert max(organisations_per_place.values()) >= 3

    # Contacts and editors, but no phone numbers: none is safe to invent.
    assert Contact.objects.count() == counts["map_contacts"] > 0
    assert all(e.endswith("@example.org") for e in Contact.objects.values_list("email", flat=True))
    assert not Phone.objects.exists()
    editors = list(MapEditor.objects.select_related("user"))
    assert len(editors) == counts["map_editors"] > 0
    assert all(access.can(editor.user, "kaart.edit") for editor in editors)
    assert Schedule.objects.count() == counts["schedules"]


def test_times_are_described_in_dutch():
    assert describe_times("TU", "10:00", "12:00") == "elke dinsdag 10:00-12:00"
    assert describe_times("MO,WE,FR", "09:00", "12:30") == "maandag, woensdag en vrijdag 9:00-12:30"
    assert describe_times("MO,TU,WE,TH,FR", "09:30", "15:30") == (
        "maandag tot en met vrijdag 9:30-15:30"
    )
    assert describe_times("MO,TU,WE,TH,FR,SA,SU", "09:00", "10:00") == "elke dag 9:00-10:00"


def _map_snapshot():
    return {
        "services": list(
            Service.objects.order_by("id").values_list(
                "hsds_id", "name", "organisation__name", "search_text", "last_verified_on"
            )
        ),
        "locations": list(
            Location.objects.order_by("id").values_list("hsds_id", "name", "postcode", "latitude")
        ),
        "schedules": list(Schedule.objects.order_by("id").values_list("hsds_id", "description")),
        "editors": list(
            MapEditor.objects.order_by("organisation__name").values_list(
                "organisation__name", "user__username"
            )
        ),
    }


def test_an_older_seed_without_the_social_map_gets_the_same_map_once():
    first = generate("xs", 1)
    before = _map_snapshot()
    # What a municipality seeded before the map existed looks like.
    MapEditor.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.exclude(name__in=[name for name, _, _ in ORGANISATIONS]).delete()
    record = SeedRecord.objects.get()
    map_keys = {"map_organisations", "services", "locations", "schedules"}
    map_keys |= {"map_contacts", "map_editors"}
    record.counts = {k: v for k, v in record.counts.items() if k not in map_keys}
    record.save()

    assert generate("xs", 1) == first
    assert _map_snapshot() == before
    assert generate("xs", 1) == first
    assert Service.objects.count() == 150


def test_seeding_twice_adds_nothing():
    first = generate("xs", 1)
    assert generate("xs", 1) == first
    assert Person.objects.count() == first["persons"]


def _seed_into(path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["DATABASE_URL"] = f"sqlite:///{path}"
    for args in (["migrate", "-v0"], ["seed", "--scale", "xs", "--seed", "5", "-v0"]):
        subprocess.run([sys.executable, "-m", "wijknet", *args], env=env, check=True)
    with sqlite3.connect(path) as db:
        persons = db.execute(
            "SELECT pseudonym, first_name, last_name, postcode, bsn FROM people_person ORDER BY id"
        ).fetchall()
        signals = db.execute(
            "SELECT reporter_token, channel, level, description, subject_postcode, band_id "
            "FROM signals_signal ORDER BY id"
        ).fetchall()
        services = db.execute(
            "SELECT s.hsds_id, s.name, o.name, s.description, s.search_text, s.last_verified_on "
            "FROM kaart_service s JOIN core_organisation o ON o.id = s.organisation_id "
            "ORDER BY s.id"
        ).fetchall()
        locations = db.execute(
            "SELECT hsds_id, name, street, postcode, latitude, longitude "
            "FROM kaart_location ORDER BY id"
        ).fetchall()
        cases = db.execute(
            "SELECT number, household_id, coordinator_id, phase, opened_at, closed_at "
            "FROM cases_case ORDER BY id"
        ).fetchall()
        steps = db.execute(
            "SELECT plan_goal_id, ladder_level, own_action, wmo_claim, service_id, done_on "
            "FROM cases_planstep ORDER BY id"
        ).fetchall()
        scores = db.execute(
            "SELECT measurement_id, domain_id, level, target_level FROM cases_matrixscore "
            "ORDER BY id"
        ).fetchall()
    assert cases and steps and scores
    return persons + signals + services + locations + cases + steps + scores


def test_the_same_seed_gives_the_same_municipality(tmp_path):
    first, second = _seed_into(tmp_path / "a.sqlite3"), _seed_into(tmp_path / "b.sqlite3")
    assert first == second
    assert len(first) > 1000


def _counts():
    models = (Person, Household, User, Signal, SignalEvent, Organisation, Service, Location)
    return [model.objects.count() for model in (*models, Schedule, MapEditor)] + [
        Signal.objects.filter(pseudonymised_at__isnull=False).count()
    ]


def test_demo_can_run_twice_and_every_demo_login_works(client):
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    counts = _counts()
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    assert _counts() == counts

    for username in DEMO_USERNAMES:
        response = client.post(
            reverse("core:login"), {"username": username, "password": "wijknet-demo"}
        )
        assert response.status_code == 302, username
        client.post(reverse("core:logout"))


def test_demo_teams_see_different_households(client_of):
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    resident = Person.objects.get(user__username="inwoner")
    url = reverse("people:person", args=[resident.pk])
    assert client_of(User.objects.get(username="professional")).get(url).status_code == 200
    assert client_of(User.objects.get(username="professional2")).get(url).status_code == 404
    first = set(Household.objects.visible_to(User.objects.get(username="professional")))
    second = set(Household.objects.visible_to(User.objects.get(username="professional2")))
    assert first and second and not first & second


def test_demo_without_server_runs_the_retention_sweep():
    generate("xs", 1)
    cutoff = timezone.now() - datetime.timedelta(days=settings.WIJKNET_SIGNAL_RETENTION_DAYS)
    due = Signal.objects.filter(
        status=workflow.CLOSED, closed_at__lt=cutoff, pseudonymised_at__isnull=True
    )
    pending = set(due.values_list("id", flat=True))
    assert pending, "the seed leaves old closed signals for the retention task"
    still_open = dict(
        Signal.objects.exclude(status__in=workflow.FINAL).values_list("id", "description")
    )
    assert still_open

    out = io.StringIO()
    call_command("demo", "--no-server", stdout=out)
    assert f"{len(pending)} gesloten meldingen gepseudonimiseerd" in out.getvalue()
    assert not due.exists()
    for signal in Signal.objects.filter(id__in=pending):
        assert signal.description == REMOVED and signal.pseudonymised_at is not None
        assert not signal.reporter_name and not signal.reporter_email
        assert signal.subject_person_id is None and not signal.subject_postcode
    assert SignalEvent.objects.filter(
        signal_id__in=pending, kind=SignalEvent.Kind.PSEUDONYMISED
    ).count() == len(pending)
    reopened = Signal.objects.filter(id__in=still_open)
    assert not reopened.filter(pseudonymised_at__isnull=False).exists()
    assert dict(reopened.values_list("id", "description")) == still_open

    out = io.StringIO()
    call_command("demo", "--no-server", stdout=out)
    assert "0 gesloten meldingen gepseudonimiseerd" in out.getvalue()


def test_demo_prints_what_each_login_can_do_with_signals():
    out = io.StringIO()
    call_command("demo", "--no-server", stdout=out)
    text = out.getvalue()
    assert "alle meldingen: wachtrij, urgentie bepalen, toewijzen, overzicht" in text
    assert text.count("meldingen van het eigen team") == 3
    assert "signalen per buurt (cijfers, kleine aantallen verborgen)" in text
    assert text.count("melding doen") == 2
    assert "http://127.0.0.1:8000/melden/" in text
    assert "Sociale kaart (zonder inlog): http://127.0.0.1:8000/sociale-kaart/" in text


def test_bench_measures_the_queue_as_the_report_point():
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    client = Client()
    client.force_login(User.objects.get(username="meldpunt"))
    urls = bench.queue_urls(client)
    for view in ("open", "new", "overdue"):
        assert f"/meldingen/?view={view}" in urls
    second_page = [url for url in urls if "na=" in url]
    assert len(second_page) == 1
    first = client.get(second_page[0].split("&na=")[0])
    second = client.get(second_page[0])
    assert first.status_code == second.status_code == 200
    assert first.context["page"].rows[-1].id > second.context["page"].rows[0].id

    figures = bench.measure_here(requests=4, scenarios=("signal_queue",))
    assert figures["signal_queue"]["urls"] == 4
    assert figures["signal_queue"]["queries"] > 0
    assert 0 < figures["signal_queue"]["p50"] <= figures["signal_queue"]["p95"]
    assert figures["signals"] == 300


def test_bench_measures_every_scenario_on_the_demo_town():
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    figures = bench.measure_here(requests=3)
    for scenario in bench.SCENARIOS:
        assert figures[scenario]["queries"] > 0
        assert 0 < figures[scenario]["p50"] <= figures[scenario]["p95"]
    table = bench.format_table({"s": figures, "l": figures}, "s", "l")
    assert "l/s p50" in table and "person_search" in table


def test_bench_measures_the_map_search_on_the_demo_town():
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    queries = bench.map_queries()
    assert len(queries) == len(bench.MAP_QUERIES)
    assert any(params.get("postcode") for params in queries)
    for params in queries[:4]:
        assert bench.map_search_naive(params) is not None
    assert bench.map_search_selector({"q": "eenzaam"})
    assert bench.map_search_naive({"q": "koffie"})
    # The neighbourhood query names a real buurt, and without words the
    # baseline applies the very same filters as the search.
    assert any(params.get("neighbourhood", "").startswith("BU") for params in queries)
    for params in queries:
        if not params["q"] and not params.get("postcode"):
            ids = [service.pk for service in bench.map_search_naive(params)]
            assert ids == [service.pk for service in bench.map_search_selector(params)], params

    figures = bench.measure_here(requests=3, scenarios=bench.POSTGRES_SCENARIOS)
    assert figures["map_search_via"] in ("page", "selector")
    for scenario in bench.MAP_SCENARIOS:
        assert figures[scenario]["urls"] == len(bench.MAP_QUERIES)
    for scenario in bench.POSTGRES_SCENARIOS:
        assert figures[scenario]["queries"] > 0
        assert 0 < figures[scenario]["p50"] <= figures[scenario]["p95"]
    assert figures["services"] == Service.objects.published().count()
    table = bench.format_map_table({"s": figures, "l": figures}, "s", "l", "15")
    assert "naive icontains" in table and "target <= 50 ms" in table
    assert "support system on PostgreSQL" in table and "volunteer_match p95 at l" in table
