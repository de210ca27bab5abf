"""A refused action on the case page or a refused report keeps what the user
typed: the page comes back with status 400, the input in the form and the
error at its field, linked to it; nothing is saved."""

import datetime
import html
import re
from collections import Counter

import pytest

from wijknet.cases import services
from wijknet.cases.models import Consultation, Report
from wijknet.people.models import Consent

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def url(case, tab=""):
    return f"/trajecten/{case.pk}/{tab}"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def assert_error_linked(response, field_id: str):
    """Django's own way, which the project's forms use: the field points at
    its error list with aria-describedby and says it is invalid."""
    page = response.content.decode()
    assert f'id="{field_id}_error"' in page
    field = re.search(rf'<(?:input|textarea|select)[^>]*id="{field_id}"[^>]*>', page)
    assert field is not None
    assert f"{field_id}_error" in field.group(0) and 'aria-invalid="true"' in field.group(0)


@pytest.fixture
def conversation(case, professional, context):
    return services.record_conversation(
        professional,
        case=case,
        held_on=TODAY,
        place="home",
        discussed="Wonen, gezondheid en het netwerk",
        context=context,
    )


def test_a_refused_close_keeps_the_note_and_names_the_date(client_of, professional, case):
    note = "Mevrouw redt het weer zelf; de dochter komt wekelijks langs."
    response = client_of(professional).post(
        url(case, "actie/close/"),
        {
            "reason": "goals_reached",
            "note": note,
            "aftercare_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert note in text_of(response)
    assert "De nazorgdatum ligt in het verleden." in text_of(response)
    assert_error_linked(response, "close-aftercare_on")
    assert re.search(r"<details open><summary>Traject afsluiten", response.content.decode())
    case.refresh_from_db()
    assert case.is_open and case.closed_at is None


def test_closing_still_redirects_when_it_succeeds(client_of, professional, case):
    response = client_of(professional).post(
        url(case, "actie/close/"),
        {
            "reason": "goals_reached",
            "note": "Doelen gehaald",
            "aftercare_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302 and response.url == url(case)
    case.refresh_from_db()
    assert not case.is_open


def test_a_consultation_without_consent_keeps_the_question(client_of, professional, team_b, case):
    question = "Kunnen jullie meedenken over schulden en de woning?"
    response = client_of(professional).post(
        url(case, "actie/consultation/"), {"team": team_b.pk, "question": question}
    )
    assert response.status_code == 400
    assert question in text_of(response)
    assert "Consultatie kan alleen met toestemming van de inwoner" in text_of(response)
    assert_error_linked(response, "consultation-consent_given")
    assert not Consultation.objects.exists()
    assert not Consent.objects.filter(purpose=Consent.Purpose.SHARE).exists()


def test_a_too_long_escalation_reason_is_kept(client_of, professional, case):
    reason = "Acute zorgen over de veiligheid. " + "x" * 2000
    response = client_of(professional).post(url(case, "actie/escalate/"), {"reason": reason})
    assert response.status_code == 400
    assert reason in text_of(response)
    assert "niet meer dan 2000 tekens" in text_of(response)
    assert_error_linked(response, "escalate-reason")
    case.refresh_from_db()
    assert case.escalated_at is None


def test_a_refused_reopening_keeps_the_note(
    client_of, professional, team_a, case, household, context
):
    services.close_case(
        professional,
        case=case,
        reason="goals_reached",
        aftercare_on=TODAY + datetime.timedelta(days=30),
        context=context,
    )
    services.open_case(
        professional, household=household, team=team_a, start_reason="walk_in", context=context
    )
    note = "Nieuwe zorgen over de mantelzorg van Kees."
    response = client_of(professional).post(url(case, "actie/reopen/"), {"note": note})
    assert response.status_code == 400
    assert note in text_of(response)
    assert "Dit huishouden heeft al een ander open traject." in text_of(response)
    case.refresh_from_db()
    assert not case.is_open


@pytest.fixture
def consultation(professional, team_b, case, context):
    return services.request_consultation(
        professional,
        case=case,
        team=team_b,
        question="Wat weten jullie van dit gezin?",
        consent_given=True,
        context=context,
    )


def test_a_refused_answer_to_a_consultation_is_kept(client_of, professional_b, case, consultation):
    answer = "Wij kennen het gezin van de schuldhulp. " + "y" * 4000
    response = client_of(professional_b).post(
        url(case, f"consultatie/{consultation.pk}/"), {"answer": answer}
    )
    assert response.status_code == 400
    assert answer in text_of(response)
    assert "niet meer dan 4000 tekens" in text_of(response)
    assert_error_linked(response, f"id_answer-{consultation.pk}")
    consultation.refresh_from_db()
    assert consultation.answer == "" and consultation.answered_at is None


def test_an_empty_answer_gets_the_services_message_at_the_field(
    client_of, professional_b, case, consultation
):
    response = client_of(professional_b).post(
        url(case, f"consultatie/{consultation.pk}/"), {"answer": "   "}
    )
    assert response.status_code == 400
    assert "Schrijf een antwoord." in text_of(response)
    assert_error_linked(response, f"id_answer-{consultation.pk}")


def test_a_refused_report_keeps_the_typed_text(client_of, professional, case, conversation):
    support_need = "Joke wil weer naar de soos, maar kan niet meer fietsen."
    prefix = f"r{conversation.pk}"
    response = client_of(professional).post(
        url(case, f"gesprek/{conversation.pk}/write/"),
        {f"{prefix}-support_need": support_need, f"{prefix}-arrangement": ""},
    )
    assert response.status_code == 400
    assert support_need in text_of(response)
    assert "Dit veld is vereist." in text_of(response)
    assert_error_linked(response, f"id_{prefix}-arrangement")
    assert not Report.objects.exists()


def test_writing_a_report_still_redirects_when_it_succeeds(
    client_of, professional, case, conversation
):
    prefix = f"r{conversation.pk}"
    response = client_of(professional).post(
        url(case, f"gesprek/{conversation.pk}/write/"),
        {f"{prefix}-support_need": "Vervoer", f"{prefix}-arrangement": "Samen zoeken"},
    )
    assert response.status_code == 302
    assert response.url == url(case, "gesprek/") + f"#gesprek-{conversation.pk}"
    assert Report.objects.get().arrangement == "Samen zoeken"


def test_a_verbal_agreement_without_a_witness_keeps_the_residents_comment(
    client_of, professional, case, conversation, context
):
    report = services.write_report(
        professional,
        conversation=conversation,
        support_need="Vervoer",
        arrangement="Samen zoeken",
        context=context,
    )
    comment = "Ik wil dat mijn dochter ook een kopie krijgt."
    response = client_of(professional).post(
        url(case, f"gesprek/{conversation.pk}/resident/"),
        {"how": "verbal", "witness": "", "comment": comment},
    )
    assert response.status_code == 400
    assert comment in text_of(response)
    assert "Bij mondeling akkoord hoort een getuige." in text_of(response)
    assert_error_linked(response, f"id_witness-{conversation.pk}")
    report.refresh_from_db()
    assert report.resident_agreed_at is None and report.resident_comment == ""


def duplicate_ids(response) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', response.content.decode()))
    return [name for name, n in ids.items() if n > 1]


def test_the_case_page_has_no_duplicate_ids(client_of, professional, case):
    """Several action forms share field names; their errors must point at
    their own field."""
    assert duplicate_ids(client_of(professional).get(url(case))) == []


def test_the_conversation_page_has_no_duplicate_ids(
    client_of, professional, case, conversation, context
):
    services.write_report(
        professional,
        conversation=conversation,
        support_need="Vervoer",
        arrangement="Samen zoeken",
        context=context,
    )
    services.record_conversation(
        professional, case=case, held_on=TODAY, place="phone", discussed="Nabellen", context=context
    )
    assert duplicate_ids(client_of(professional).get(url(case, "gesprek/"))) == []
