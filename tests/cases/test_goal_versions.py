"""Goals as the resident agreed to them: an edit names the revision it was
opened on and loses to someone else's edit, a set plan keeps the wording it
was set with, and whoever wrote a goal or filled in an application does not
decide on the application."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from tests.cases.conftest import set_plan_due
from tests.cases.test_applications import complete, granted, set_plan, write_report
from tests.factories import UserFactory
from wijknet.cases import pdf, services
from wijknet.cases.models import Application, CaseEvent, Decision, ResultArea
from wijknet.cases.services import applications
from wijknet.core.models import Role

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def edit_goal(actor, case, goal, revision, context, **fields):
    values = {"title": goal.title, "result_area": goal.result_area}
    values.update(fields)
    return services.save_goal(
        actor, case=case, goal=goal, revision=revision, context=context, **values
    )


def goal_post(goal, **fields):
    data = {"title": goal.title, "result_area": goal.result_area, "revision": goal.revision}
    data.update(fields)
    return data


# --- Two people editing one goal ----------------------------------------------


def test_a_stale_goal_edit_is_refused_and_saves_nothing(case, goal, professional, team_a, context):
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_a)
    opened_on = goal.revision
    edit_goal(colleague, case, goal, opened_on, context, title="Elke week naar het buurthuis")
    with pytest.raises(services.GoalConflict) as refused:
        edit_goal(professional, case, goal, opened_on, context, title="Eens per maand naar de kerk")
    assert "Iemand anders heeft dit doel intussen gewijzigd" in refused.value.messages[0]
    goal.refresh_from_db()
    assert goal.title == "Elke week naar het buurthuis"
    assert goal.revision == opened_on + 1


def test_a_goal_edit_without_a_revision_is_refused(case, goal, professional, context):
    with pytest.raises(services.GoalConflict):
        edit_goal(professional, case, goal, None, context, title="Anders")
    goal.refresh_from_db()
    assert goal.title == "Twee keer per week onder de mensen"


def test_the_page_refuses_a_stale_goal_edit_and_keeps_the_input(
    client_of, case, goal, professional, team_a, context
):
    page = client_of(professional).get(f"/trajecten/{case.pk}/plan/?doel={goal.pk}")
    assert page.status_code == 200
    assert f'name="revision" value="{goal.revision}"' in page.text
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_a)
    edit_goal(colleague, case, goal, goal.revision, context, title="Elke week naar het buurthuis")

    typed = "Twee keer per week koffie drinken in de bibliotheek"
    response = client_of(professional).post(
        f"/trajecten/{case.pk}/plan/doel/{goal.pk}/", goal_post(goal, title=typed)
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Iemand anders heeft dit doel intussen gewijzigd" in text
    assert typed in text
    goal.refresh_from_db()
    assert goal.title == "Elke week naar het buurthuis"
    # The form now carries the current revision: a deliberate second save goes through.
    assert f'name="revision" value="{goal.revision}"' in response.text
    again = client_of(professional).post(
        f"/trajecten/{case.pk}/plan/doel/{goal.pk}/", goal_post(goal, title=typed)
    )
    assert again.status_code == 302
    goal.refresh_from_db()
    assert goal.title == typed


# --- A set plan keeps its wording ---------------------------------------------


def test_editing_a_goal_leaves_the_set_versions_wording_unchanged(
    client_of, case, goal, draft, professional, resident_user, context
):
    set_plan_due(professional, case, draft, context, TODAY + datetime.timedelta(days=30))
    services.start_plan(professional, case=case, context=context)
    goal.refresh_from_db()
    edit_goal(
        professional,
        case,
        goal,
        goal.revision,
        context,
        title="Elke dag een wandeling met de buurvrouw",
        preferences="Liever 's ochtends",
        result_area=ResultArea.SOCIAL_COHESION,
    )
    old = "Twee keer per week onder de mensen"
    new = "Elke dag een wandeling met de buurvrouw"

    set_page = client_of(professional).get(f"/trajecten/{case.pk}/plan/?versie=1")
    assert old in set_page.text and "Doel: " + new not in set_page.text
    kept = services.set_version(case).plan_goals.get()
    assert kept.title == old and kept.result_area == ResultArea.PARTICIPATION
    portal = client_of(resident_user).get("/mijn-plan/")
    assert old in portal.text and new not in portal.text
    # The new draft shows the goal as it now is.
    draft_page = client_of(professional).get(f"/trajecten/{case.pk}/plan/")
    assert "Doel: " + new in draft_page.text


def test_the_plan_pdf_of_the_set_version_keeps_its_wording(
    client_of, case, goal, draft, professional, context, monkeypatch
):
    set_plan_due(professional, case, draft, context, TODAY + datetime.timedelta(days=30))
    goal.refresh_from_db()
    edit_goal(professional, case, goal, goal.revision, context, title="Iets heel anders")
    printed = []
    original = pdf.render_to_string

    def capture(*args, **kwargs):
        printed.append(original(*args, **kwargs))
        return printed[-1]

    monkeypatch.setattr(pdf, "render_to_string", capture)
    response = client_of(professional).get(f"/trajecten/{case.pk}/plan.pdf?versie=1")
    assert response.status_code == 200
    assert "Twee keer per week onder de mensen" in printed[0]
    assert "Iets heel anders" not in printed[0]


# --- Separation of duties -------------------------------------------------------


def test_a_goal_editor_counts_as_plan_author_and_may_not_decide(
    case, goal, draft, professional, team_a, context
):
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_a)
    goal.refresh_from_db()
    edit_goal(colleague, case, goal, goal.revision, context, preferences="Niet op maandag")
    assert CaseEvent.objects.filter(case=case, actor=colleague, kind=CaseEvent.Kind.PLAN).exists()
    assert colleague.pk in services.plan_authors(case)

    set_plan(professional, case, draft, context)
    write_report(professional, case, context)
    application = applications.draft_from_plan(professional, case=case, context=context)
    complete(professional, application, context)
    applications.submit(professional, application=application, context=context)
    colleague.role = Role.ASSESSOR
    colleague.save(update_fields=["role"])
    with pytest.raises(PermissionDenied):
        granted(colleague, application, context)
    assert not Decision.objects.exists()


def test_whoever_filled_in_the_application_may_not_decide(
    case, goal, draft, professional, team_a, assessor, context
):
    set_plan(professional, case, draft, context)
    write_report(professional, case, context)
    application = applications.draft_from_plan(professional, case=case, context=context)
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_a)
    complete(colleague, application, context)
    applications.submit(professional, application=application, context=context)
    assert colleague.pk not in services.plan_authors(case)
    colleague.role = Role.ASSESSOR
    colleague.save(update_fields=["role"])
    assert applications.is_plan_author(colleague, application)
    with pytest.raises(PermissionDenied):
        granted(colleague, application, context)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    # The queue marks it as theirs, too; another assessor decides.
    [row] = applications.assessor_queue(colleague, cursor=None, context=context).rows
    assert row.own_plan
    granted(assessor, application, context)
    assert Decision.objects.get().assessor == assessor


def test_the_api_gives_the_set_plan_with_the_wording_it_was_set_with(
    case, goal, draft, professional, context
):
    set_plan_due(professional, case, draft, context, TODAY + datetime.timedelta(days=30))
    goal.refresh_from_db()
    edit_goal(professional, case, goal, goal.revision, context, title="Iets heel anders")
    api = APIClient()
    api.force_authenticate(professional)
    plan = api.get(f"/api/v1/cases/{case.pk}/").json()["plan"]
    assert plan["status"] == "set"
    [plan_goal] = plan["goals"]
    assert plan_goal["title"] == "Twee keer per week onder de mensen"
