import pytest
from django.urls import reverse

from wijknet.core.models import AuditEvent
from wijknet.signals.services import submit_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_signal(professional, team_a):
    signal = submit_signal(
        professional, channel="partner_form", reporter_type="gp", description="Zorgen"
    )
    signal.team = team_a
    signal.save()
    return signal


def link(client, signal, pseudonym):
    return client.post(
        reverse("signals:act", args=[signal.pk, "subject"]), {"subject-pseudonym": pseudonym}
    )


def test_a_team_links_a_signal_to_a_resident_it_knows_by_pseudonym(
    client_of, professional, team_signal, known_person
):
    response = link(client_of(professional), team_signal, known_person.pseudonym.lower())
    assert response.status_code == 302
    team_signal.refresh_from_db()
    assert team_signal.subject_person == known_person
    assert team_signal.subject_household_id == known_person.membership.household_id
    assert AuditEvent.objects.filter(action="change", object_type="signals.signal").exists()


def test_an_unknown_or_other_teams_pseudonym_is_refused_in_dutch(
    client_of, professional, team_b, team_signal
):
    from tests.factories import PersonFactory, household_with

    stranger = PersonFactory()
    household_with(stranger, team=team_b)
    for code in ("ZZZZZ-ZZZZZ", stranger.pseudonym):
        response = link(client_of(professional), team_signal, code)
        assert response.status_code == 400
        assert "kent geen inwoner met dit pseudoniem" in response.text
    team_signal.refresh_from_db()
    assert team_signal.subject_person is None
