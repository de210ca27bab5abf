import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import PersonFactory, household_with

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def api():
    cache.clear()
    return APIClient()


def token_for(api, username, password=PASSWORD):
    return api.post(
        reverse("api:token"), {"username": username, "password": password}, format="json"
    )


def test_token_is_issued_for_valid_credentials_and_opens_the_api(api, professional, known_person):
    response = token_for(api, professional.username)
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) == 40
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get(reverse("api:person-list"), {"q": "Zonneveld"})
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()["results"]] == [known_person.pk]
    detail = api.get(reverse("api:person-detail", args=[known_person.pk])).json()
    assert detail["pseudonym"] == known_person.pseudonym
    assert detail["confidentiality"] == "vertrouwelijk"


def test_wrong_password_gets_no_token(api, professional):
    response = token_for(api, professional.username, "fout")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_token_endpoint_is_rate_limited(api, professional, settings):
    statuses = [token_for(api, professional.username, "fout").status_code for _ in range(12)]
    assert statuses[0] == 400
    assert 429 in statuses


def test_api_requires_authentication(api, known_person):
    assert api.get(reverse("api:person-detail", args=[known_person.pk])).status_code in (401, 403)


def test_person_list_pages_by_cursor(api, professional, team_a):
    for _ in range(30):
        household_with(PersonFactory(last_name="Groen"), team=team_a)
    api.force_authenticate(professional)
    first = api.get(reverse("api:person-list"), {"q": "groen"}).json()
    assert len(first["results"]) == 25
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    ids = {p["id"] for p in first["results"] + second["results"]}
    assert len(ids) == 30


def test_openapi_schema_and_docs_are_served_locally(api):
    schema = api.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/persons/{person_id}/" in paths
    docs = api.get(reverse("api:docs"))
    assert docs.status_code == 200
    assert "https://" not in docs.content.decode()


def test_a_forged_forwarded_for_header_does_not_dodge_the_rate_limit(api, professional):
    statuses = [
        api.post(
            reverse("api:token"),
            {"username": professional.username, "password": "fout"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        ).status_code
        for i in range(12)
    ]
    assert 429 in statuses
