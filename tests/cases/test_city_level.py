"""Beyond the own team: an escalation reaches the team leads of the whole
municipality with only what the city level needs, and a consultation
request reaches the consulted team, which can answer it."""

import html

import pytest

from tests.factories import MunicipalityFactory, OrganisationFactory, TeamFactory, UserFactory
from wijknet.cases import services
from wijknet.cases.models import Case
from wijknet.core.models import AuditEvent, Role

pytestmark = pytest.mark.django_db

REASON = "Huiselijk geweld vermoed; meerdere instanties betrokken."


@pytest.fixture
def lead_b(team_b):
    return UserFactory(username="leider-b", role=Role.TEAM_LEAD, team=team_b)


def test_a_team_lead_of_another_team_sees_the_escalation_without_personal_data(
    client_of, case, professional, lead_b, household, context
):
    services.escalate(professional, case=case, reason=REASON, context=context)
    response = client_of(lead_b).get("/trajecten/team/")
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    section = text.split("Opgeschaald naar stedelijk niveau")[1].split("<h2>")[0]
    assert case.number in section and "Wijkteam Noord" in section and REASON in section
    # No household name, and no link to a case the lead may not open.
    assert household.name not in text and "Veldhuis" not in text
    assert f'href="/trajecten/{case.pk}/"' not in text
    assert AuditEvent.objects.filter(
        actor=lead_b, action="list", object_type="cases.case", object_id=str(case.pk)
    ).exists()
    assert client_of(lead_b).get(f"/trajecten/{case.pk}/").status_code == 404


def test_the_own_team_lead_gets_a_link_to_the_escalated_case(
    client_of, case, professional, team_lead, context
):
    services.escalate(professional, case=case, reason=REASON, context=context)
    response = client_of(team_lead).get("/trajecten/team/")
    assert f'href="/trajecten/{case.pk}/"' in response.text


def test_escalations_stay_within_the_municipality_and_away_from_professionals(
    client_of, case, professional, professional_b, team_a, context
):
    team_a.organisation.municipality = MunicipalityFactory()
    team_a.organisation.save()
    elsewhere = TeamFactory(
        organisation=OrganisationFactory(
            municipality=MunicipalityFactory(name="Gemeente Elders", cbs_code="GM9903")
        )
    )
    lead_elsewhere = UserFactory(role=Role.TEAM_LEAD, team=elsewhere)
    services.escalate(professional, case=case, reason=REASON, context=context)
    assert case.number not in client_of(lead_elsewhere).get("/trajecten/team/").text
    from wijknet.core import access

    assert not access.escalated_cases(professional_b, Case.objects.all()).exists()


def test_the_consulted_team_lead_sees_the_request_and_answers_it(
    client_of, case, professional, team_b, lead_b, context
):
    consultation = services.request_consultation(
        professional,
        case=case,
        team=team_b,
        question="Kunnen jullie meedenken over de schulden?",
        consent_given=True,
        context=context,
    )
    overview = client_of(lead_b).get("/trajecten/team/")
    text = html.unescape(overview.content.decode())
    section = text.split("Consultatievragen aan uw team")[1]
    assert "Kunnen jullie meedenken over de schulden?" in section
    link = f"/trajecten/{case.pk}/#consultatie-{consultation.pk}"
    assert link in section
    assert AuditEvent.objects.filter(actor=lead_b, action="list", object_id=str(case.pk)).exists()

    page = client_of(lead_b).get(f"/trajecten/{case.pk}/")
    assert page.status_code == 200
    assert f'id="consultatie-{consultation.pk}"' in page.text
    answered = client_of(lead_b).post(
        f"/trajecten/{case.pk}/consultatie/{consultation.pk}/",
        {"answer": "Verwijs naar de schuldhulp van de gemeente."},
    )
    assert answered.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answered_at is not None
    after = client_of(lead_b).get("/trajecten/team/").text
    assert "Er liggen geen open consultatievragen voor uw team." in after


def test_the_asking_team_does_not_get_its_own_request_as_a_question(
    client_of, case, professional, team_b, team_lead, context
):
    services.request_consultation(
        professional,
        case=case,
        team=team_b,
        question="Meedenken over de woning?",
        consent_given=True,
        context=context,
    )
    text = client_of(team_lead).get("/trajecten/team/").text
    assert "Meedenken over de woning?" not in text.split("Consultatievragen aan uw team")[1]
