"""Query budgets for the key pages: a fixed number of queries per page,
whatever the number of rows. Timings are measured in `wijknet bench`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, household_with, share_consent

pytestmark = pytest.mark.django_db

# Each page: session, user, team memberships, its own reads, one audit INSERT.
# The household page lists the household's trajectories: one query, one audit insert.
# The person page asks once whether the person is also a volunteer.
BUDGETS = {"search": 5, "person": 11, "household": 10, "home": 6}


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def make_households(team, n, size=3):
    households = []
    for _ in range(n):
        members = [PersonFactory(last_name="Mulder") for _ in range(size)]
        households.append(household_with(*members, team=team))
    return households


def test_search_page_has_a_fixed_query_budget(client_of, professional, team_a):
    client = client_of(professional)
    make_households(team_a, 1, size=2)
    few = count_queries(client, reverse("people:search"), q="mulder")
    make_households(team_a, 12)
    many = count_queries(client, reverse("people:search"), q="mulder")
    assert few == many <= BUDGETS["search"], (few, many)


def test_household_page_has_a_fixed_query_budget(client_of, professional, team_a):
    client = client_of(professional)
    small, large = make_households(team_a, 1, size=1)[0], make_households(team_a, 1, size=6)[0]
    few = count_queries(client, reverse("people:household", args=[small.pk]))
    many = count_queries(client, reverse("people:household", args=[large.pk]))
    assert few == many <= BUDGETS["household"]


def test_person_page_has_a_fixed_query_budget(client_of, professional, team_b, known_person):
    client = client_of(professional)
    url = reverse("people:person", args=[known_person.pk])
    share_consent(known_person, team_b, recorded_by=professional)
    few = count_queries(client, url)
    for _ in range(5):
        share_consent(known_person, team_b, recorded_by=professional)
    many = count_queries(client, url)
    assert few == many <= BUDGETS["person"]


def test_home_page_has_a_fixed_query_budget(client_of, professional, team_a):
    client = client_of(professional)
    make_households(team_a, 2, size=1)
    few = count_queries(client, reverse("core:home"))
    make_households(team_a, 30, size=1)
    many = count_queries(client, reverse("core:home"))
    assert few == many <= BUDGETS["home"]
