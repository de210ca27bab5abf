"""The synthetic municipality: sizes, valid Dutch identifiers, determinism,
and a demo that can run again and again."""

import os
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from stdnum.nl import bsn as stdnum_bsn

from wijknet.core.models import Neighbourhood, Postcode, Team, User
from wijknet.core.validators import normalise_postcode, validate_cbs_area_code
from wijknet.demo import bench
from wijknet.demo.generator import generate
from wijknet.people.models import Household, Involvement, Person

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
        return db.execute(
            "SELECT pseudonym, first_name, last_name, postcode, bsn FROM people_person ORDER BY id"
        ).fetchall()


def test_the_same_seed_gives_the_same_municipality(tmp_path):
    first, second = _seed_into(tmp_path / "a.sqlite3"), _seed_into(tmp_path / "b.sqlite3")
    assert first == second
    assert len(first) > 400


def test_demo_can_run_twice_and_every_demo_login_works(client):
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    counts = (Person.objects.count(), Household.objects.count(), User.objects.count())
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    assert (Person.objects.count(), Household.objects.count(), User.objects.count()) == counts

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


def test_bench_measures_every_scenario_on_the_demo_town():
    call_command("demo", "--no-server", stdout=open(os.devnull, "w"))
    figures = bench.measure_here(requests=3)
    for scenario in bench.SCENARIOS:
        assert figures[scenario]["queries"] > 0
        assert 0 < figures[scenario]["p50"] <= figures[scenario]["p95"]
    table = bench.format_table({"s": figures, "l": figures}, "s", "l")
    assert "l/s p50" in table and "person_search" in table
