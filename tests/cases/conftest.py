import datetime

import pytest

from tests.factories import PersonFactory, UserFactory, household_with
from wijknet.cases import services
from wijknet.cases.models import ResultArea
from wijknet.core.models import Role


@pytest.fixture
def team_lead(team_a):
    return UserFactory(username="leider-a", role=Role.TEAM_LEAD, team=team_a)


@pytest.fixture
def assessor(db):
    return UserFactory(username="consulent", role=Role.ASSESSOR)


@pytest.fixture
def resident_user(db):
    return UserFactory(username="inwoner", role=Role.RESIDENT)


@pytest.fixture
def household(team_a, resident_user):
    """A household of two that team A is involved with; the first member
    has a login as a resident."""
    first = PersonFactory(first_name="Joke", last_name="Veldhuis", user=resident_user)
    second = PersonFactory(first_name="Kees", last_name="Veldhuis")
    return household_with(first, second, team=team_a)


@pytest.fixture
def case(professional, team_a, household, context):
    case = services.open_case(
        professional,
        household=household,
        team=team_a,
        start_reason="walk_in",
        reported_on=datetime.date.today() - datetime.timedelta(days=3),
        context=context,
    )
    case.coordinator = professional
    case.save(update_fields=["coordinator"])
    return case


@pytest.fixture
def goal(case, professional, context):
    return services.save_goal(
        professional,
        case=case,
        context=context,
        title="Twee keer per week onder de mensen",
        result_area=ResultArea.PARTICIPATION,
    )


@pytest.fixture
def draft(case, goal, professional, context):
    """A draft plan version holding the goal."""
    return services.start_plan(professional, case=case, context=context)


def add_step(actor, case, version, level, context, **fields):
    version.refresh_from_db()
    plan_goal = version.plan_goals.first()
    fields.setdefault("own_action", "zelf iets doen")
    return services.save_step(
        actor,
        case=case,
        plan_goal=plan_goal,
        revision=version.revision,
        ladder_level=level,
        context=context,
        **fields,
    )


def justify_all(actor, case, version, context):
    version.refresh_from_db()
    plan_goal = version.plan_goals.first()
    return services.set_reasons(
        actor,
        case=case,
        plan_goal=plan_goal,
        revision=version.revision,
        reasons={
            "own": "Overwogen, niet passend omdat mevrouw niet meer zelf kan fietsen.",
            "network": "De dochter woont in Groningen en komt eens per maand.",
            "general": "De buurtbus rijdt niet op de tijden van de dagbesteding.",
            "collective": "Regiotaxi overwogen; niet passend door de rolstoel.",
        },
        context=context,
    )


def set_plan_due(actor, case, draft, context, evaluation_on=None):
    """Set the draft plan with one step, its evaluation due on the given
    day (today by default)."""
    add_step(actor, case, draft, "network", context, others_action="buurman")
    draft.refresh_from_db()
    services.update_plan_header(
        actor,
        case=case,
        version=draft,
        revision=draft.revision,
        evaluation_on=evaluation_on or datetime.date.today(),
        context=context,
    )
    draft.refresh_from_db()
    return services.set_plan(
        actor, case=case, version=draft, revision=draft.revision, context=context
    )


def live_match(person, team, actor, status="proposed"):
    """A volunteer proposed (or, with ``status``, matched) for a request of
    ``person``."""
    from tests.volunteers.factories import VolunteerFactory
    from wijknet.volunteers.models import Match, Request

    request = Request.objects.create(
        profile="buddy", person=person, team=team, needs="Samen naar de soos", created_by=actor
    )
    volunteer = VolunteerFactory(first_name="Buddy", last_name="Testpersoon", team=team)
    return Match.objects.create(
        request=request, volunteer=volunteer, score=80, status=status, proposed_by=actor
    )
