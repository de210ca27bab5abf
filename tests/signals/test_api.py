"""The signals API for partner systems: POST a triaged signal, read the
team's own signals."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.signals.factories import SignalFactory
from wijknet.core.models import AuditEvent, Role
from wijknet.signals.models import Signal, SignalEvent

pytestmark = pytest.mark.django_db

VALID = {
    "reporter_type": "gp",
    "description": "Patiënt verwaarloost zich en weigert hulp.",
    "nature_safety": 1,
    "nature_health": 2,
    "nature_welfare": 1,
    "extent": "over_75",
    "duration": "structural_long",
}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_professional(api, professional):
    api.force_authenticate(professional)
    return api


def post(api, **changes):
    data = {**VALID, **changes}
    for name in [k for k, v in data.items() if v is None]:
        del data[name]
    return api.post(reverse("api:signal-list"), data, format="json")


def test_a_partner_posts_a_signal_and_gets_its_score_and_band(as_professional, professional):
    response = post(as_professional)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "urgency_score", "urgency_band", "status", "reporter_token"}
    assert set(body["urgency_band"]) == {"code", "label", "signal_action", "reporter_action"}
    assert body["urgency_score"] == 8
    assert body["urgency_band"]["code"] == "active"
    assert body["urgency_band"]["signal_action"].startswith("Actief toewerken")
    assert body["status"] == "assess"
    signal = Signal.objects.get()
    assert body["id"] == signal.pk
    assert body["reporter_token"] == signal.reporter_token
    assert (signal.channel, signal.entered_by) == (Signal.Channel.API, professional)
    assert AuditEvent.objects.filter(
        object_type="signals.signal", object_id=str(signal.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nature_safety": 3}, "nature_safety", "kleiner is dan of gelijk is aan 2"),
        ({"nature_health": -1}, "nature_health", "groter is dan of gelijk is aan 0"),
        ({"nature_welfare": "veel"}, "nature_welfare", "geldig getal"),
        ({"extent": "everyone"}, "extent", '"everyone" is een ongeldige keuze'),
        ({"duration": "forever"}, "duration", '"forever" is een ongeldige keuze'),
        ({"description": "x" * 5001}, "description", "5000"),
        ({"description": "<script>alert(1)</script>"}, "description", "zonder HTML-code"),
        ({"subject_street": "<img src=x onerror=alert(1)>"}, "subject_street", "HTML"),
        ({"nature_safety": None}, "nature_safety", "vereist"),
        ({"extent": None}, "extent", "vereist"),
        ({"duration": None}, "duration", "vereist"),
        ({"subject_postcode": "0000 AA"}, "subject_postcode", "postcode"),
        ({"risk_flags": ["unicorns"]}, "risk_flags", '"unicorns" is een ongeldige keuze'),
    ],
)
def test_bad_input_gets_400_with_a_clear_message_and_stores_nothing(
    as_professional, changes, field, message
):
    response = post(as_professional, **changes)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors, errors
    assert message in str(errors[field]), errors
    assert not Signal.objects.exists()
    assert not SignalEvent.objects.exists()


def test_a_signal_without_any_urgency_items_is_refused(as_professional):
    response = post(
        as_professional,
        nature_safety=None,
        nature_health=None,
        nature_welfare=None,
        extent=None,
        duration=None,
    )
    assert response.status_code == 400
    assert set(response.json()) == {
        "nature_safety",
        "nature_health",
        "nature_welfare",
        "extent",
        "duration",
    }
    assert not Signal.objects.exists()


def test_an_anonymous_post_is_refused(api):
    response = post(api)
    assert response.status_code in (401, 403)
    assert not Signal.objects.exists()


def test_a_user_who_may_not_report_gets_403(api):
    api.force_authenticate(UserFactory(role=Role.RESIDENT))
    assert post(api).status_code == 403
    assert not Signal.objects.exists()


def test_the_list_shows_only_the_professionals_own_team(as_professional, team_a, team_b):
    own = SignalFactory(team=team_a)
    SignalFactory(team=team_b)
    SignalFactory(team=None)
    response = as_professional.get(reverse("api:signal-list"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert response.json()["results"][0]["team"] == team_a.name


def test_the_list_filters_and_pages(as_professional, team_a):
    signals = [SignalFactory(team=team_a) for _ in range(27)]
    SignalFactory(team=team_a, status="closed")
    first = as_professional.get(reverse("api:signal-list")).json()
    assert len(first["results"]) == 25
    second = as_professional.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [s.pk for s in signals[1::-1]]
    assert second["next"] is None
    closed = as_professional.get(reverse("api:signal-list"), {"view": "closed"}).json()
    assert [row["status"] for row in closed["results"]] == ["closed"]


def test_the_detail_of_another_teams_signal_is_404(as_professional, team_a, team_b):
    own, other = SignalFactory(team=team_a), SignalFactory(team=team_b)
    assert as_professional.get(reverse("api:signal-detail", args=[other.pk])).status_code == 404
    response = as_professional.get(reverse("api:signal-detail", args=[own.pk]))
    assert response.status_code == 200
    assert response.json()["id"] == own.pk
    assert "reporter_token" not in response.json()


def test_reading_through_the_api_is_logged(as_professional, team_a):
    signal = SignalFactory(team=team_a)
    as_professional.get(reverse("api:signal-detail", args=[signal.pk]))
    as_professional.get(reverse("api:signal-list"))
    actions = list(
        AuditEvent.objects.filter(object_type="signals.signal").values_list("action", flat=True)
    )
    assert sorted(actions) == ["list", "view"]


def test_reporter_tokens_are_unique_and_long(as_professional):
    tokens = [post(as_professional).json()["reporter_token"] for _ in range(40)]
    assert len(set(tokens)) == 40
    assert min(len(token) for token in tokens) >= 32
