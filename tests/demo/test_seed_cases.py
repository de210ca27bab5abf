"""The seeded support trajectories: every phase, plans that keep the ladder
rule, applications decided by assessors who wrote no plan, the team
involved with every household it has a case for, and demo logins with
cases of their own."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from wijknet import bench
from wijknet.cases import phases, services
from wijknet.cases.models import (
    Application,
    Case,
    CaseEvent,
    Consultation,
    Conversation,
    Decision,
    Evaluation,
    Goal,
    LogEntry,
    MatrixDomain,
    MatrixMeasurement,
    Objection,
    PersonalProfile,
    PlanGoal,
    PlanStep,
    PlanVersion,
    Report,
)
from wijknet.core import access, ladder
from wijknet.core.models import Role, User
from wijknet.demo import cases as demo_cases
from wijknet.demo.generator import generate
from wijknet.demo.models import SeedRecord
from wijknet.people.models import Consent, Involvement, Person

pytestmark = pytest.mark.django_db
NUMBER = re.compile(r"^T(\d{4})-(\d{6})$")


@pytest.fixture
def demo():
    call_command("demo", "--no-server", stdout=io.StringIO())
    return {user.username: user for user in User.objects.all()}


def test_xs_has_about_fifty_cases_in_every_phase():
    counts = generate("xs", 1)
    assert 45 <= counts["cases"] == Case.objects.count() <= 55
    open_cases = Case.objects.filter(closed_at__isnull=True)
    assert counts["cases_open"] == open_cases.count()
    assert set(open_cases.values_list("phase", flat=True)) == set(phases.PHASES)
    closed = Case.objects.filter(closed_at__isnull=False)
    assert closed.count() >= 10
    assert {c.close_reason for c in closed} >= {"goals_reached"}
    for case in closed:
        assert case.aftercare_on is not None and case.aftercare_on > case.closed_at.date()
        assert case.events.filter(kind=CaseEvent.Kind.CLOSED).exists()
    assert Case.objects.exclude(escalated_at=None).exists()
    assert Consultation.objects.exists()
    # Some unallocated cases wait for the team lead; every case past the
    # first phase has a coordinator.
    assert open_cases.filter(phase=phases.MEET, coordinator=None).exists()
    assert not Case.objects.exclude(phase=phases.MEET).filter(coordinator=None).exists()


def test_case_numbers_are_unique_and_count_per_year_of_opening():
    generate("xs", 1)
    per_year = {}
    for number, opened in Case.objects.order_by("opened_at", "id").values_list(
        "number", "opened_at"
    ):
        year, sequence = NUMBER.match(number).groups()
        assert int(year) == timezone.localtime(opened).year
        per_year.setdefault(year, []).append(int(sequence))
    for sequences in per_year.values():
        assert sequences == list(range(1, len(sequences) + 1))
    # The next case opened through the service continues the numbering.
    this_year = str(timezone.localdate().year)
    expected = len(per_year.get(this_year, [])) + 1
    assert services._next_number() == f"T{this_year}-{expected:06d}"


def test_every_household_with_a_case_has_the_team_involved():
    generate("xs", 1)
    today = timezone.localdate()
    for case in Case.objects.all():
        involvements = Involvement.objects.filter(household=case.household_id, team=case.team_id)
        assert involvements.exists(), case.number
        if case.is_open or case.aftercare_on >= today:
            assert involvements.active(today).exists(), case.number
    # A household has one open case at most; earlier ones are closed.
    per_household = Counter(Case.objects.values_list("household_id", flat=True))
    assert max(per_household.values()) >= 2
    for household, _ in per_household.most_common(3):
        cases = list(Case.objects.filter(household=household).order_by("opened_at"))
        for earlier, later in zip(cases, cases[1:], strict=False):
            assert earlier.closed_at is not None and earlier.closed_at < later.opened_at


def test_every_seeded_plan_keeps_the_ladder_rule_and_uses_every_ring():
    generate("xs", 1)
    plan_goals = list(PlanGoal.objects.prefetch_related("steps"))
    assert plan_goals
    individual = 0
    for plan_goal in plan_goals:
        levels = [step.ladder_level for step in plan_goal.steps.all()]
        assert levels, plan_goal.pk
        ladder.check_goal(levels, plan_goal.reasons)  # raises when broken
        if ladder.INDIVIDUAL in levels:
            individual += 1
            assert all(reason.strip() for reason in plan_goal.reasons.values())
        # The resident's name is filled in, no template placeholder is left.
        assert not any("{" in reason for reason in plan_goal.reasons.values()), plan_goal.pk
        for step in plan_goal.steps.all():
            columns = (step.own_action, step.others_action, step.professional_help, step.wmo_claim)
            assert any(columns)
    assert individual
    # Steps link to map entries of their own ring and the goal's topic.
    linked = PlanStep.objects.exclude(service=None).select_related(
        "service", "plan_goal__goal__life_domain"
    )
    assert linked.exists()
    for step in linked.prefetch_related("service__life_domains"):
        assert step.service.ladder_level == step.ladder_level
        topics = {domain.code for domain in step.service.life_domains.all()}
        assert step.plan_goal.goal.life_domain.code in topics, step.pk
    levels = Counter(PlanStep.objects.values_list("ladder_level", flat=True))
    assert set(levels) == set(ladder.LEVELS)
    # Every set plan could have been set by the service: a goal, a step for
    # every goal, an evaluation date.
    for version in PlanVersion.objects.filter(status=PlanVersion.Status.SET):
        assert version.evaluation_on and version.set_at
        assert version.plan_goals.exists()


def test_plans_have_versions_set_draft_and_superseded_after_evaluations():
    generate("xs", 1)
    statuses = Counter(PlanVersion.objects.values_list("status", flat=True))
    assert statuses.keys() == {"set", "draft", "superseded"}
    for version in PlanVersion.objects.filter(status=PlanVersion.Status.SUPERSEDED):
        evaluation = Evaluation.objects.get(plan_version=version)
        assert evaluation.new_version.number == version.number + 1
        assert evaluation.held_on >= version.set_at.date()
    drafts = Counter(PlanVersion.objects.filter(status="draft").values_list("case_id", flat=True))
    assert max(drafts.values()) == 1
    # Set plans whose evaluation passed a week ago were reminded; the demo's
    # due plan is left for the sweep.
    reminded = PlanVersion.objects.exclude(reminded_at=None)
    assert reminded.exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER).count() == reminded.count()


def test_conversations_reports_matrix_profiles_and_goals_are_filled_in():
    generate("xs", 1)
    reports = list(Report.objects.all())
    agreed = [r for r in reports if r.is_final]
    assert len(agreed) > len(reports) / 2
    assert any(r.resident_agreed_at is None for r in reports)
    assert all(r.witness for r in reports if r.resident_agreement == "verbal")
    assert Conversation.objects.filter(persons_present__isnull=False).exists()

    domains = MatrixDomain.objects.count()
    assert domains == 13
    measurements = MatrixMeasurement.objects.annotate(n=Count("scores"))
    assert measurements.exists() and all(m.n == domains for m in measurements)
    series = Counter(measurements.values_list("case_id", "person_id"))
    assert max(series.values()) >= 2
    # Progress: in the domains with a target, later snapshots score higher.
    first = last = 0
    for (case, person), n in series.items():
        if n < 2:
            continue
        snapshots = list(
            MatrixMeasurement.objects.filter(case=case, person=person)
            .order_by("measured_on", "id")
            .prefetch_related("scores")
        )
        targeted = {s.domain_id for s in snapshots[0].scores.all() if s.target_level}
        first += sum(s.level for s in snapshots[0].scores.all() if s.domain_id in targeted)
        last += sum(s.level for s in snapshots[-1].scores.all() if s.domain_id in targeted)
    assert last > first

    profile = PersonalProfile.objects.annotate(n=Count("wishes")).filter(n__gte=1).first()
    assert profile is not None
    ranks = list(profile.wishes.values_list("rank", flat=True))
    assert ranks == list(range(1, len(ranks) + 1))
    assert Goal.objects.exclude(wish=None).exists()
    assert {g.result_area for g in Goal.objects.all()} >= {"self_reliance", "participation"}
    assert LogEntry.objects.exists()


def test_applications_are_decided_by_assessors_who_wrote_no_plan():
    generate("xs", 1)
    statuses = Counter(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "decided"} <= statuses.keys()
    today = timezone.localdate()
    assert Application.objects.filter(status="submitted", decision_due__lt=today).exists()
    for application in Application.objects.select_related("case", "plan_version"):
        assert application.plan_version.case_id == application.case_id
        levels = PlanStep.objects.filter(plan_goal__version=application.plan_version)
        assert levels.filter(ladder_level=ladder.INDIVIDUAL).exists()
        if application.status != "draft":
            assert application.decision_due == application.submitted_on + datetime.timedelta(
                weeks=2
            )
    for decision in Decision.objects.select_related("assessor", "application__case"):
        assert decision.assessor.role == Role.ASSESSOR
        assert decision.assessor_id not in services.plan_authors(decision.application.case)
        assert decision.decided_on >= decision.application.submitted_on
    assert Objection.objects.exists()
    for objection in Objection.objects.select_related("decision"):
        assert objection.decision.outcome != "granted"
        assert objection.decision.decided_on <= objection.received_on <= today


def test_the_demo_logins_see_their_cases_and_the_other_team_does_not(demo, client_of):
    professional, other = demo["professional"], demo["professional2"]
    mine = list(Case.objects.filter(coordinator=professional))
    assert len(mine) >= 5
    assert len({case.phase for case in mine}) >= 4
    visible = set(Case.objects.visible_to(professional).values_list("pk", flat=True))
    assert {case.pk for case in mine} <= visible
    others = set(Case.objects.visible_to(other).values_list("pk", flat=True))
    assert others and not {case.pk for case in mine} & others
    assert set(Case.objects.visible_to(demo["teamleider"])) >= set(mine)

    today = timezone.localdate()
    due = services.evaluations_due(today + datetime.timedelta(days=6)).filter(
        case__coordinator=professional, evaluation_on__gte=today
    )
    assert due.exists()

    page = client_of(professional).get(reverse("cases:caseload"))
    assert page.status_code == 200
    for case in mine:
        assert case.number in page.content.decode()
    assert client_of(other).get(reverse("cases:detail", args=[mine[0].pk])).status_code == 404
    for case in mine:
        response = client_of(professional).get(reverse("cases:plan", args=[case.pk]))
        assert response.status_code == 200


def test_the_demo_resident_has_a_set_plan_and_a_report_to_agree_to(demo, client_of):
    resident = demo["inwoner"]
    person = Person.objects.get(user=resident)
    case = Case.objects.visible_to(resident).get(closed_at__isnull=True)
    assert case.household.members.filter(person=person).exists()
    assert case.coordinator == demo["professional"]
    assert services.set_version(case) is not None
    assert Report.objects.filter(conversation__case=case, resident_agreed_at__isnull=True).exists()
    response = client_of(resident).get(reverse("cases:own_plan"))
    assert response.status_code == 200
    assert response.context["case"] == case


def test_the_demo_assessor_has_applications_by_others_in_the_queue(demo, client_of):
    assessor = demo["consulent"]
    queue = Application.objects.visible_to(assessor).filter(status="submitted")
    assert queue.exists()
    for application in queue:
        assert assessor.pk not in services.plan_authors(application.case)
    assert not Case.objects.visible_to(assessor).exists()
    response = client_of(assessor).get(reverse("cases:assessor_queue"))
    assert response.status_code == 200


def test_handing_the_demo_cases_out_again_changes_nothing(demo):
    before = list(Case.objects.order_by("id").values_list("id", "coordinator_id"))
    call_command("demo", "--no-server", stdout=io.StringIO())
    assert list(Case.objects.order_by("id").values_list("id", "coordinator_id")) == before


def test_the_demo_sweep_reminds_the_professional_of_the_evaluation_this_week(demo):
    from wijknet.cases.tasks import sweep_due_evaluations

    # `wijknet demo` ran the sweep already; a second one finds nothing new.
    assert mail.outbox
    assert sweep_due_evaluations.call() == 0
    sent_to = {address for message in mail.outbox for address in message.to}
    assert demo["professional"].email in sent_to
    numbers = set(Case.objects.values_list("number", flat=True))
    for message in mail.outbox:
        assert message.subject.split()[2] in numbers
    persons = Person.objects.values_list("last_name", flat=True)
    text = " ".join(message.body for message in mail.outbox)
    assert not any(f" {name} " in text for name in persons if len(name) > 3)


def _cases_snapshot():
    return {
        "cases": list(
            Case.objects.order_by("id").values_list(
                "number", "household_id", "phase", "opened_at", "closed_at", "coordinator_id"
            )
        ),
        "versions": list(
            PlanVersion.objects.order_by("id").values_list("case__number", "number", "status")
        ),
        "steps": list(PlanStep.objects.order_by("id").values_list("ladder_level", "wmo_claim")),
        "events": CaseEvent.objects.count(),
    }


def test_an_older_seed_without_cases_gets_the_same_cases_once():
    first = generate("xs", 1)
    before = _cases_snapshot()
    # What a municipality seeded before the trajectories existed looks like.
    Objection.objects.all().delete()
    Decision.objects.all().delete()
    Application.objects.all().delete()
    Evaluation.objects.all().delete()
    PlanGoal.objects.all().delete()
    Case.objects.all().delete()
    Involvement.objects.filter(reason__startswith="traject ").delete()
    Consent.objects.filter(note__startswith="consultatie traject").delete()
    record = SeedRecord.objects.get()
    record.counts = {k: v for k, v in record.counts.items() if k not in demo_cases.COUNT_KEYS}
    record.save()

    assert generate("xs", 1) == first
    assert _cases_snapshot() == before
    assert generate("xs", 1) == first
    assert Case.objects.count() == first["cases"]


def test_bench_measures_the_case_pages_on_the_demo_town(demo):
    from django.test import Client

    client = Client()
    client.force_login(demo["consulent"])
    urls = bench.assessor_queue_urls(client)
    assert urls[0] == reverse("cases:assessor_queue")
    ids = bench.case_ids()
    assert ids and set(ids) <= set(
        Case.objects.visible_to(demo["professional"]).values_list("pk", flat=True)
    )
    assert access.can(demo["professional"], "cases.caseload")

    figures = bench.measure_here(requests=3, scenarios=bench.CASE_SCENARIOS)
    for scenario in bench.CASE_SCENARIOS:
        assert figures[scenario]["queries"] > 0
        assert 0 < figures[scenario]["p50"] <= figures[scenario]["p95"]
    assert figures["case_pages"] == len(ids)
    assert figures["cases"] == Case.objects.count()
    every = bench.measure_here(requests=2)
    table = bench.format_table({"s": every, "l": every}, "s", "l")
    assert "cases: s=" in table
    for scenario in bench.CASE_SCENARIOS:
        assert f"{scenario} p95 at l:" in table
