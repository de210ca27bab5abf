"""The social map's reference lists and its editors are kept by functioneel
beheer in /beheer/: what they add or rename there is what residents filter
on, and the owner they name is the one the review queue shows."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from wijknet.core.models import Role
from wijknet.kaart import services
from wijknet.kaart.models import LifeDomain, MapEditor, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(db):
    return UserFactory(username="beheer", role=Role.ADMIN, is_staff=True, is_superuser=True)


def test_beheer_adds_a_target_group_and_renames_a_life_domain_for_the_search(client_of, beheer):
    admin = client_of(beheer)
    added = admin.post(
        "/beheer/kaart/targetgroup/add/",
        {"code": "statushouders", "label": "nieuwkomers met een verblijfsvergunning", "order": 30},
    )
    assert added.status_code == 302
    assert TargetGroup.objects.filter(code="statushouders").exists()
    domain = LifeDomain.objects.get(code="financien")
    renamed = admin.post(
        f"/beheer/kaart/lifedomain/{domain.pk}/change/",
        {"code": domain.code, "label": "geld en schulden", "order": domain.order},
    )
    assert renamed.status_code == 302

    form = admin.get(reverse("kaart:search")).text
    assert 'value="statushouders"' in form and "nieuwkomers met een verblijfsvergunning" in form
    assert "geld en schulden" in form


def test_beheer_names_the_owner_the_review_queue_shows(client_of, beheer, settings):
    settings.WIJKNET_MAP_REVIEW_MONTHS = 12
    samen = OrganisationFactory(name="Stichting Samen")
    services.save_service(
        None,
        organisation=samen,
        name="Oud aanbod",
        description="Iets.",
        last_verified_on=datetime.date.today() - datetime.timedelta(days=400),
    )
    owner = UserFactory(username="redacteur", role=Role.INTAKE, first_name="Rik", last_name="Mol")
    made = client_of(beheer).post(
        "/beheer/kaart/mapeditor/add/", {"organisation": samen.pk, "user": owner.pk}
    )
    assert made.status_code == 302
    assert MapEditor.objects.get(organisation=samen).user == owner

    page = client_of(owner).get(reverse("kaart:staff_review"), {"mine": "on"}).text
    assert "Oud aanbod" in page and "Redacteur: Rik Mol" in page


def test_only_beheer_reaches_the_reference_lists(client_of):
    for role in (Role.PROFESSIONAL, Role.POLICY, Role.INTAKE):
        user = UserFactory(username=f"user-{role}", role=role)
        response = client_of(user).get("/beheer/kaart/targetgroup/")
        assert response.status_code == 302 and "/login/" in response.url, role
