"""Reciprocity on the person page: a resident who is also a registered
volunteer is shown as such, through the access policy and logged, without
any of the volunteer's details."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, share_consent
from tests.volunteers.factories import VolunteerFactory
from wijknet.core.models import AuditEvent, Role

pytestmark = pytest.mark.django_db
LINE = "Is ook vrijwilliger"


def person_url(person):
    return reverse("people:person", args=[person.pk])


@pytest.fixture
def registration(known_person, team_b):
    """Fenna also gives help, coordinated by another team."""
    return VolunteerFactory(
        person=known_person, team=team_b, first_name="Fenna", phone="0612345678"
    )


def test_the_teams_professional_sees_the_person_is_also_a_volunteer(
    client_of, professional, known_person, registration
):
    page = client_of(professional).get(person_url(known_person))
    assert page.status_code == 200
    assert LINE in page.text
    assert "0612345678" not in page.text  # no volunteer details
    read = AuditEvent.objects.get(actor=professional, object_type="volunteers.volunteer")
    assert (read.action, read.object_id) == ("list", str(registration.pk))


def test_a_person_who_does_not_volunteer_has_no_line(client_of, professional, known_person):
    VolunteerFactory(person=None)
    page = client_of(professional).get(person_url(known_person))
    assert LINE not in page.text
    assert not AuditEvent.objects.filter(object_type="volunteers.volunteer").exists()


def test_a_volunteer_who_stopped_is_not_shown(client_of, professional, known_person, registration):
    registration.active = False
    registration.save()
    assert LINE not in client_of(professional).get(person_url(known_person)).text


def test_another_team_that_may_not_see_the_person_learns_nothing(
    client_of, professional_b, known_person, registration
):
    page = client_of(professional_b).get(person_url(known_person))
    assert page.status_code == 404
    assert LINE not in page.text
    assert not AuditEvent.objects.filter(object_type="volunteers.volunteer").exists()


def test_another_team_with_consent_to_share_sees_it(
    client_of, professional, professional_b, team_b, known_person, registration
):
    share_consent(known_person, team_b, recorded_by=professional)
    assert LINE in client_of(professional_b).get(person_url(known_person)).text


def test_roles_without_the_volunteer_pool_do_not_see_it(known_person, registration, context):
    from wijknet.volunteers import selectors

    policy = UserFactory(role=Role.POLICY)
    assert not selectors.is_volunteer(policy, person=known_person, context=context)
