"""The cases API: what a team may list and read, the plan with its ladder,
the matrix per domain code, an audit row for every case shown, and a list
whose query count does not grow with its length."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tests.cases.conftest import add_step, justify_all
from tests.factories import PersonFactory, UserFactory, household_with
from wijknet.cases import services
from wijknet.cases.models import MatrixDomain, MatrixMeasurement, MatrixScore
from wijknet.core.models import AuditEvent, AuditPurpose, Role

pytestmark = pytest.mark.django_db
LIST = reverse("api:case-list")


@pytest.fixture
def api():
    return APIClient()


def detail_url(case):
    return reverse("api:case-detail", args=[case.pk])


def matrix_url(case):
    return reverse("api:case-matrix", args=[case.pk])


def another_case(actor, team, context, last_name="Brink"):
    case = services.open_case(
        actor,
        household=household_with(PersonFactory(last_name=last_name), team=team),
        team=team,
        start_reason="referral",
        context=context,
    )
    type(case).objects.filter(pk=case.pk).update(coordinator=actor)
    return case


def audit_rows(case, action):
    return AuditEvent.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action=action
    )


def test_a_professional_lists_the_team_cases_with_the_current_plan(
    api, case, draft, professional, context
):
    add_step(professional, case, draft, "network", context, others_action="dochter helpt")
    api.force_authenticate(professional)
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    [row] = body["results"]
    assert row["id"] == case.pk and row["number"] == case.number
    assert row["coordinator"] == professional.get_full_name()
    assert row["phase"] == "meet" and row["escalated"] is False
    plan = row["plan"]
    assert plan["number"] == 1 and plan["status"] == "draft" and plan["set_at"] is None
    assert plan["drawn_up_on"] == draft.drawn_up_on.isoformat()
    [plan_goal] = plan["goals"]
    [step] = plan_goal["steps"]
    assert step["ladder_level"] == "network" and step["others_action"] == "dochter helpt"
    # The list gives the plan exactly as the detail does.
    assert plan == api.get(detail_url(case)).json()["plan"]
    listed = audit_rows(case, AuditEvent.Action.LIST).get()
    assert listed.purpose == AuditPurpose.SUPPORT_API and listed.actor == professional


def test_closed_cases_and_filters(api, case, professional, team_a, context):
    other = another_case(professional, team_a, context)
    services.close_case(
        professional,
        case=other,
        reason="refused",
        aftercare_on=datetime.date.today() + datetime.timedelta(days=30),
        context=context,
    )
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_a)
    api.force_authenticate(colleague)
    assert [r["id"] for r in api.get(LIST).json()["results"]] == [case.pk]
    assert [r["id"] for r in api.get(LIST, {"status": "closed"}).json()["results"]] == [other.pk]
    assert {r["id"] for r in api.get(LIST, {"status": "all"}).json()["results"]} == {
        case.pk,
        other.pk,
    }
    assert api.get(LIST, {"mine": "true"}).json()["results"] == []
    assert api.get(LIST, {"status": "gesloten"}).status_code == 400
    api.force_authenticate(professional)
    assert [r["id"] for r in api.get(LIST, {"mine": "1"}).json()["results"]] == [case.pk]


@pytest.mark.parametrize("role", [Role.POLICY, Role.ADMIN, Role.ASSESSOR, Role.RESIDENT])
def test_no_case_list_at_all_for_roles_without_a_caseload(api, case, role):
    api.force_authenticate(UserFactory(role=role))
    assert api.get(LIST).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LIST).exists()


def test_the_list_requires_authentication(api, case):
    assert api.get(LIST).status_code in (401, 403)
    assert api.get(detail_url(case)).status_code in (401, 403)


def test_another_team_sees_neither_the_case_in_the_list_nor_its_pages(api, case, professional_b):
    api.force_authenticate(professional_b)
    assert api.get(LIST).json()["results"] == []
    assert api.get(detail_url(case)).status_code == 404
    assert api.get(matrix_url(case)).status_code == 404
    assert not audit_rows(case, AuditEvent.Action.VIEW).exists()


@pytest.mark.parametrize("role", [Role.POLICY, Role.ADMIN, Role.ASSESSOR])
def test_staff_without_cases_get_404_on_a_case(api, case, role):
    """404 where a record may not be seen: the answer does not even tell
    that the case exists."""
    api.force_authenticate(UserFactory(role=role))
    assert api.get(detail_url(case)).status_code == 404
    assert api.get(matrix_url(case)).status_code == 404
    assert not audit_rows(case, AuditEvent.Action.VIEW).exists()


def test_the_case_with_its_plan_goals_and_steps_on_every_ladder_level(
    api, case, draft, goal, professional, context
):
    justify_all(professional, case, draft, context)
    for level in ("own", "network", "general", "collective", "individual"):
        add_step(professional, case, draft, level, context)
    api.force_authenticate(professional)
    response = api.get(detail_url(case))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.number and body["household"] == case.household_id
    plan = body["plan"]
    assert plan["number"] == 1 and plan["status"] == "draft"
    [plan_goal] = plan["goals"]
    assert plan_goal["goal"] == goal.pk and plan_goal["title"] == goal.title
    assert plan_goal["result_area"] == "participation"
    assert set(plan_goal["reasons"]) == {"own", "network", "general", "collective"}
    assert all(plan_goal["reasons"].values())
    assert [s["ladder_level"] for s in plan_goal["steps"]] == [
        "own",
        "network",
        "general",
        "collective",
        "individual",
    ]
    viewed = audit_rows(case, AuditEvent.Action.VIEW).get()
    assert viewed.purpose == AuditPurpose.SUPPORT_API


def test_a_case_without_a_plan_reads_as_such(api, case, professional):
    api.force_authenticate(professional)
    assert api.get(detail_url(case)).json()["plan"] is None
    assert api.get(LIST).json()["results"][0]["plan"] is None


def test_the_matrix_per_domain_code(api, case, professional, household):
    person = household.members.order_by("id").first().person
    domains = list(MatrixDomain.objects.order_by("order"))
    assert len(domains) == 13
    for on, shift in ((datetime.date(2026, 1, 5), 0), (datetime.date(2026, 4, 5), 1)):
        measurement = MatrixMeasurement.objects.create(
            case=case, person=person, measured_on=on, author=professional
        )
        MatrixScore.objects.bulk_create(
            MatrixScore(
                measurement=measurement,
                domain=domain,
                level=min(5, 2 + shift + i % 3),
                target_level=4 if domain.code == "financien" else None,
            )
            for i, domain in enumerate(domains)
        )
    api.force_authenticate(professional)
    response = api.get(matrix_url(case))
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == case.number
    assert body["domains"][0] == "financien" and len(body["domains"]) == 13
    first, second = body["measurements"]
    assert first["measured_on"] == "2026-01-05" and first["person"] == person.pk
    assert first["scores"]["financien"] == 2 and second["scores"]["financien"] == 3
    assert set(first["scores"]) == {d.code for d in domains}
    assert first["targets"] == {"financien": 4}
    assert audit_rows(case, AuditEvent.Action.VIEW).count() == 1


def test_the_list_costs_the_same_queries_for_one_case_as_for_five(
    api, case, draft, professional, team_a, context, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_step(professional, case, draft, "own", context)
    api.force_authenticate(professional)
    with CaptureQueriesContext(connection) as one:
        assert len(api.get(LIST).json()["results"]) == 1
    for i in range(4):
        other = another_case(professional, team_a, context, last_name=f"Brink{i}")
        services.save_goal(
            professional, case=other, context=context, title="Doel", result_area="participation"
        )
        version = services.start_plan(professional, case=other, context=context)
        add_step(professional, other, version, "network", context)
        add_step(professional, other, version, "own", context)
    with django_assert_max_num_queries(len(one)):
        results = api.get(LIST).json()["results"]
    assert [len(row["plan"]["goals"][0]["steps"]) for row in results] == [2, 2, 2, 2, 1]


def test_the_list_pages_by_cursor(api, professional, team_a, context):
    made = {another_case(professional, team_a, context, f"Groen{i}").pk for i in range(30)}
    api.force_authenticate(professional)
    first = api.get(LIST).json()
    assert len(first["results"]) == 25 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True) and set(ids) == made


def test_a_token_opens_the_cases_api(api, case, professional):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=professional)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(detail_url(case)).status_code == 200


def test_a_resident_gets_no_case_file_from_the_api_not_even_their_own(
    api, case, resident_user, team_a, context
):
    # The case is the team's working file (drafts, staff notes); the
    # resident reads their set plan in the portal.
    api.force_authenticate(resident_user)
    assert api.get(detail_url(case)).status_code == 404
    assert api.get(matrix_url(case)).status_code == 404


def test_the_schema_has_the_cases_api_and_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    text = target.read_text()
    for path in (
        "/api/v1/cases/:",
        "/api/v1/cases/{case_id}/:",
        "/api/v1/cases/{case_id}/matrix/:",
    ):
        assert path in text
