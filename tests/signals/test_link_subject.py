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


def test_the_signal_page_names_a_linked_resident_only_by_pseudonym(
    client_of, professional, team_signal, known_person
):
    from tests.factories import UserFactory
    from wijknet.core.models import Role

    link(client_of(professional), team_signal, known_person.pseudonym)
    intake = UserFactory(role=Role.INTAKE)
    page = client_of(intake).get(reverse("signals:detail", args=[team_signal.pk]))
    assert known_person.pseudonym in page.text
    assert known_person.last_name not in page.text


def test_a_closed_signal_can_no_longer_be_changed(client_of, professional, team_signal):
    from wijknet.core.audit import AuditContext
    from wijknet.signals import services

    context = AuditContext(purpose="test")
    services.change_status(professional, signal=team_signal, to_status="closed", context=context)
    client = client_of(professional)
    for action, data in [
        ("iao", {"iao-note": "Nog een advies"}),
        ("assign", {"assign-team": ""}),
        ("subject", {"subject-pseudonym": "ABCDE-FGHJK"}),
    ]:
        response = client.post(reverse("signals:act", args=[team_signal.pk, action]), data)
        assert response.status_code == 400, action
    team_signal.refresh_from_db()
    assert team_signal.team is not None
    assert not team_signal.events.filter(kind="iao").exists()
