"""The plan: versions, the ladder rule at the service level, and the
optimistic lock that keeps two professionals from overwriting each other."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.cases.conftest import add_step, justify_all, live_match
from tests.factories import UserFactory
from wijknet.cases import services
from wijknet.cases.models import CaseEvent, PlanVersion
from wijknet.core.models import Role
from wijknet.people.models import NetworkTie

pytestmark = pytest.mark.django_db


def test_an_individual_step_is_refused_until_every_inner_ring_has_a_reason(
    case, draft, professional, context
):
    add_step(professional, case, draft, "network", context, others_action="buurman rijdt")
    with pytest.raises(ValidationError) as refused:
        add_step(professional, case, draft, "individual", context, wmo_claim="vervoer")
    assert "eigen kracht" in str(refused.value)
    assert draft.plan_goals.first().steps.count() == 1

    justify_all(professional, case, draft, context)
    add_step(professional, case, draft, "individual", context, wmo_claim="vervoer")
    assert sorted(draft.plan_goals.first().steps.values_list("ladder_level", flat=True)) == [
        "individual",
        "network",
    ]


def test_clearing_a_reason_an_individual_step_relies_on_is_refused(
    case, draft, professional, context
):
    justify_all(professional, case, draft, context)
    add_step(professional, case, draft, "individual", context, wmo_claim="vervoer")
    draft.refresh_from_db()
    plan_goal = draft.plan_goals.first()
    with pytest.raises(ValidationError):
        services.set_reasons(
            professional,
            case=case,
            plan_goal=plan_goal,
            revision=draft.revision,
            reasons={"own": "", "network": "x", "general": "x", "collective": "x"},
            context=context,
        )
    plan_goal.refresh_from_db()
    assert plan_goal.reason_own.startswith("Overwogen")


def test_a_change_on_an_old_revision_loses_with_a_clear_message(
    case, draft, professional, team_a, context
):
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_a)
    draft.refresh_from_db()
    opened_at = draft.revision  # both opened the plan at this revision
    services.update_plan_header(
        colleague, case=case, version=draft, revision=opened_at, aids="rollator", context=context
    )
    with pytest.raises(services.PlanConflict) as conflict:
        services.update_plan_header(
            professional,
            case=case,
            version=draft,
            revision=opened_at,
            aids="scootmobiel",
            context=context,
        )
    assert "Iemand anders heeft dit plan" in conflict.value.messages[0]
    draft.refresh_from_db()
    assert draft.aids == "rollator"


def test_setting_a_plan_needs_steps_and_an_evaluation_date_then_a_new_version_copies_it(
    case, draft, professional, context
):
    with pytest.raises(ValidationError) as refused:
        services.set_plan(
            professional, case=case, version=draft, revision=draft.revision, context=context
        )
    text = " ".join(refused.value.messages)
    assert "evaluatiedatum" in text and "nog geen stap" in text

    add_step(professional, case, draft, "own", context)
    draft.refresh_from_db()
    services.update_plan_header(
        professional,
        case=case,
        version=draft,
        revision=draft.revision,
        evaluation_on=datetime.date.today() + datetime.timedelta(days=30),
        context=context,
    )
    draft.refresh_from_db()
    services.set_plan(
        professional, case=case, version=draft, revision=draft.revision, context=context
    )
    draft.refresh_from_db()
    assert draft.status == PlanVersion.Status.SET
    case.refresh_from_db()
    assert case.access_step == 6

    second = services.start_plan(professional, case=case, context=context)
    assert second.number == 2 and second.is_draft
    assert second.plan_goals.first().steps.count() == 1
    # The set version stays what the resident sees until the new one is set.
    assert services.set_version(case) == draft


def test_only_the_own_team_writes_in_a_plan(case, draft, professional_b, context):
    with pytest.raises(PermissionDenied):
        add_step(professional_b, case, draft, "own", context)


def test_plan_changes_are_in_the_history_with_their_author(case, draft, professional, context):
    add_step(professional, case, draft, "own", context)
    assert professional.pk in services.plan_authors(case)
    assert case.events.filter(kind=CaseEvent.Kind.PLAN, actor=professional).exists()


def test_a_plan_with_an_individual_provision_goes_to_checking_first(
    case, draft, professional, context
):
    justify_all(professional, case, draft, context)
    add_step(professional, case, draft, "individual", context, wmo_claim="begeleiding")
    draft.refresh_from_db()
    services.update_plan_header(
        professional,
        case=case,
        version=draft,
        revision=draft.revision,
        evaluation_on=datetime.date.today() + datetime.timedelta(days=30),
        context=context,
    )
    draft.refresh_from_db()
    services.set_plan(
        professional, case=case, version=draft, revision=draft.revision, context=context
    )
    case.refresh_from_db()
    assert case.access_step == 5  # toetsing plan, before it is carried out


def test_a_new_version_keeps_the_links_of_what_others_do(
    case, draft, professional, household, context
):
    """A step that names a network tie and a volunteer match keeps both in
    the next version: when a set plan is changed, and after an evaluation."""
    person = household.members.first().person
    tie = NetworkTie.objects.create(
        person=person, layer="natural", name="Anna", relation="buurvrouw"
    )
    match = live_match(person, case.team, professional)
    add_step(
        professional,
        case,
        draft,
        "network",
        context,
        others_action="Anna rijdt naar de soos",
        network_tie=tie,
        volunteer_match=match,
    )
    set_plan(professional, case, draft, context)

    second = services.start_plan(professional, case=case, context=context)
    step = second.plan_goals.get().steps.get()
    assert (step.network_tie, step.volunteer_match) == (tie, match)

    set_plan(professional, case, second, context)
    evaluation = services.record_evaluation(
        professional,
        case=case,
        next_evaluation_on=datetime.date.today() + datetime.timedelta(days=60),
        relationship_ok=True,
        activities_ok=True,
        phase_fit_ok=True,
        went_well="Anna rijdt elke week",
        context=context,
    )
    step = evaluation.new_version.plan_goals.get().steps.get()
    assert (step.network_tie, step.volunteer_match) == (tie, match)


def set_plan(actor, case, version, context):
    version.refresh_from_db()
    services.update_plan_header(
        actor,
        case=case,
        version=version,
        revision=version.revision,
        evaluation_on=datetime.date.today(),
        context=context,
    )
    version.refresh_from_db()
    services.set_plan(actor, case=case, version=version, revision=version.revision, context=context)
