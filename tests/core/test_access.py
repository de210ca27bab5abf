"""The access policy, tested through pages and the API: who gets a record,
who gets a 404, and what the audit log says afterwards."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory, household_with, share_consent
from wijknet.core.models import AuditEvent, Confidentiality, Role

pytestmark = pytest.mark.django_db


def person_url(person):
    return reverse("people:person", args=[person.pk])


def test_professional_opens_person_of_household_their_team_works_with(
    client_of, professional, known_person
):
    response = client_of(professional).get(person_url(known_person))
    assert response.status_code == 200
    assert "Fenna Zonneveld" in response.text


def test_professional_of_other_team_gets_404_for_person_known_only_to_another_team(
    client_of, professional_b, known_person
):
    response = client_of(professional_b).get(person_url(known_person))
    assert response.status_code == 404
    assert "Fenna" not in response.text


def test_unknown_and_forbidden_person_answer_alike(client_of, professional_b, known_person):
    client = client_of(professional_b)
    forbidden = client.get(person_url(known_person))
    missing = client.get(reverse("people:person", args=[known_person.pk + 1000]))
    assert forbidden.status_code == missing.status_code == 404
    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(forbidden.text)[0] == main.search(missing.text)[0]


def test_consent_to_share_opens_person_to_the_named_team(
    client_of, professional, professional_b, team_b, known_person
):
    share_consent(known_person, team_b, recorded_by=professional)
    assert client_of(professional_b).get(person_url(known_person)).status_code == 200


def test_withdrawn_or_expired_consent_closes_the_person_again(
    client_of, professional, professional_b, team_b, known_person
):
    share_consent(
        known_person, team_b, recorded_by=professional, withdrawn_on=datetime.date(2025, 6, 1)
    )
    share_consent(
        known_person, team_b, recorded_by=professional, expires_on=datetime.date(2025, 2, 1)
    )
    assert client_of(professional_b).get(person_url(known_person)).status_code == 404


def test_ended_involvement_closes_the_household(client_of, professional, team_a):
    person = PersonFactory()
    household = household_with(person, team=team_a, ended_on=datetime.date(2025, 1, 1))
    client = client_of(professional)
    assert client.get(person_url(person)).status_code == 404
    assert client.get(reverse("people:household", args=[household.pk])).status_code == 404


def test_person_above_the_users_clearance_is_hidden(client_of, professional, team_a):
    secret = PersonFactory(confidentiality=Confidentiality.GEHEIM)
    household_with(secret, team=team_a)
    assert client_of(professional).get(person_url(secret)).status_code == 404


def test_raised_clearance_opens_a_secret_record(client_of, team_a):
    trusted = UserFactory(role=Role.PROFESSIONAL, team=team_a, clearance=Confidentiality.GEHEIM)
    secret = PersonFactory(confidentiality=Confidentiality.GEHEIM)
    household_with(secret, team=team_a)
    assert client_of(trusted).get(person_url(secret)).status_code == 200


def test_professional_without_an_active_team_sees_nobody(client_of, known_person):
    loner = UserFactory(role=Role.PROFESSIONAL)
    assert client_of(loner).get(person_url(known_person)).status_code == 404


def test_every_permitted_read_leaves_exactly_one_audit_row(client_of, professional, known_person):
    client = client_of(professional)
    household = known_person.membership.household
    reads = [
        (person_url(known_person), "people.person", known_person.pk),
        (reverse("people:household", args=[household.pk]), "people.household", household.pk),
        (reverse("api:person-detail", args=[known_person.pk]), "people.person", known_person.pk),
        (reverse("api:household-detail", args=[household.pk]), "people.household", household.pk),
    ]
    for url, object_type, object_id in reads:
        before = AuditEvent.objects.count()
        assert client.get(url).status_code == 200
        rows = list(AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before])
        assert len(rows) == 1, url
        row = rows[0]
        assert (row.object_type, row.object_id) == (object_type, str(object_id))
        assert row.actor == professional
        assert row.actor_role == "professional"
        assert row.action == "view"
        assert row.purpose
        assert row.route
        assert row.ip == "127.0.0.1"


def test_a_refused_read_leaves_no_audit_row(client_of, professional_b, known_person):
    client_of(professional_b).get(person_url(known_person))
    assert not AuditEvent.objects.exists()


def test_search_lists_only_visible_persons_and_logs_each_one_shown(
    client_of, professional, team_a, team_b
):
    mine = PersonFactory(last_name="Zwanenburg")
    household_with(mine, team=team_a)
    theirs = PersonFactory(last_name="Zwanenburg")
    household_with(theirs, team=team_b)
    response = client_of(professional).get(reverse("people:search"), {"q": "zwanen"})
    assert response.status_code == 200
    assert person_url(mine) in response.text
    assert person_url(theirs) not in response.text
    listed = AuditEvent.objects.filter(action="list")
    assert [(e.object_type, e.object_id) for e in listed] == [("people.person", str(mine.pk))]


def test_resident_sees_only_own_record_and_own_access_log(client_of, professional, team_a):
    resident = UserFactory(role=Role.RESIDENT)
    me = PersonFactory(first_name="Ilse", user=resident)
    neighbour = PersonFactory(first_name="Wouter")
    household_with(me, team=team_a)
    household_with(neighbour, team=team_a)
    client_of(professional).get(person_url(me))
    client_of(professional).get(person_url(neighbour))

    client = client_of(resident)
    own = client.get(reverse("people:own_record"))
    assert "Ilse" in own.text and "Wouter" not in own.text
    assert client.get(person_url(neighbour)).status_code == 404
    assert client.get(reverse("api:person-detail", args=[neighbour.pk])).status_code == 404

    log = client.get(reverse("people:own_access_log"))
    assert log.status_code == 200
    assert str(professional) in log.text
    rows = log.context["page"].rows
    assert {(r.object_type, r.object_id) for r in rows} <= {
        ("people.person", str(me.pk)),
        ("people.household", str(me.membership.household_id)),
    }
    assert any(r.actor == professional for r in rows)


@pytest.mark.parametrize(
    "role", [Role.POLICY, Role.ADMIN, Role.INTAKE, Role.ASSESSOR, Role.VOLUNTEER]
)
def test_roles_without_case_work_get_no_personal_records(client_of, role, known_person):
    user = UserFactory(role=role, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    client = client_of(user)
    household = known_person.membership.household
    assert client.get(person_url(known_person)).status_code == 404
    assert client.get(reverse("people:household", args=[household.pk])).status_code == 404
    assert client.get(reverse("api:person-detail", args=[known_person.pk])).status_code == 404
    assert client.get(reverse("people:search"), {"q": "zonneveld"}).status_code == 403
    assert client.get(reverse("api:person-list")).status_code == 403
    assert not AuditEvent.objects.exists()


def test_admin_site_offers_no_person_records(client_of):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = client_of(admin)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "/beheer/people/person/" not in index.text
    assert client.get("/beheer/people/person/").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, known_person):
    response = client.get(person_url(known_person))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_consent_to_share_lets_another_team_read_but_not_edit(
    client_of, professional, professional_b, team_b, known_person
):
    share_consent(known_person, team_b, recorded_by=professional)
    client = client_of(professional_b)
    page = client.get(person_url(known_person))
    assert page.status_code == 200
    assert "Gegevens wijzigen" not in page.text
    # The household stays with the involved team, so it is not linked either.
    assert reverse("people:household", args=[known_person.membership.household_id]) not in (
        page.text
    )
    edit = client.get(reverse("people:person_edit", args=[known_person.pk]))
    assert edit.status_code == 403


def test_a_resident_reading_their_household_is_logged_as_own_record(client_of, team_a):
    resident = UserFactory(role=Role.RESIDENT)
    me = PersonFactory(user=resident)
    household = household_with(me, team=team_a)
    client_of(resident).get(reverse("people:household", args=[household.pk]))
    assert AuditEvent.objects.get().purpose == "own_record"
