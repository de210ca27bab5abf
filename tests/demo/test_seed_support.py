"""The seeded support system around a person: network maps for most
residents, informal carers with every burden level and a task for each
overloaded one, the volunteer pool with residents who also give, requests
and matches in every state with their check-ins and home visits, the demo
logins' part of it, and the same seed giving the same support system."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from wijknet.core.models import User
from wijknet.demo.generator import generate
from wijknet.demo.support import SIZES, seed_support
from wijknet.people.models import (
    BurdenCheck,
    CarerBurden,
    Consent,
    InformalCarer,
    Involvement,
    NetworkLayer,
    NetworkTie,
    Person,
    SupportKind,
    TeamTask,
)
from wijknet.volunteers import matching, ranking, reasons, schedule
from wijknet.volunteers.models import (
    CheckIn,
    HomeVisit,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
)

pytestmark = pytest.mark.django_db
FLAGGED = (CarerBurden.VERY_HEAVY, CarerBurden.OVERLOADED)


@pytest.fixture
def seeded():
    counts = generate("xs", 1)
    if "network_ties" not in counts:  # a municipality seeded without the phase
        today = timezone.localdate()
        counts = {**counts, **seed_support(1, scale_name="xs", today=today, say=lambda m: None)}
    return counts


def _latest_burden():
    return Subquery(
        BurdenCheck.objects.filter(carer=OuterRef("pk"))
        .order_by("-checked_on", "-id")
        .values("burden")[:1]
    )


def test_most_persons_have_a_network_map_some_small_or_with_an_empty_layer(seeded):
    persons = Person.objects.count()
    others = NetworkTie.objects.exclude(layer=NetworkLayer.SELF)
    sizes = dict(others.values("person").annotate(n=Count("id")).values_list("person", "n"))
    assert 0.6 * persons <= len(sizes) <= 0.8 * persons
    assert seeded["network_ties"] == NetworkTie.objects.count()
    assert 1 in sizes.values() and max(sizes.values()) <= 8
    assert Counter(sizes.values())[1] < 0.2 * len(sizes)
    layers = Counter(
        others.values("person")
        .annotate(n=Count("layer", distinct=True))
        .values_list("n", flat=True)
    )
    assert layers[3] > layers[2] > 0  # most use every layer, some leave one empty
    # Most maps also record an own strength or two; none stands alone.
    own = Counter(
        NetworkTie.objects.filter(layer=NetworkLayer.SELF)
        .values("person")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert 0.45 * len(sizes) <= own.total() <= 0.75 * len(sizes)
    assert set(own) == {1, 2}
    assert set(
        NetworkTie.objects.filter(layer=NetworkLayer.SELF).values_list("person", flat=True)
    ) <= set(sizes)
    assert NetworkTie.objects.filter(name="buurthuis De Linde").exists()
    assert NetworkTie.objects.filter(name="huisarts", layer=NetworkLayer.PROFESSIONAL).exists()
    assert NetworkTie.objects.filter(load_tie__gte=NetworkTie.Load.HEAVY).exists()
    assert (
        NetworkTie.objects.filter(load_person__lte=NetworkTie.Load.BEARABLE).count()
        > 0.6 * NetworkTie.objects.count()
    )
    waiting = [tie for tie in NetworkTie.objects.filter(source="resident") if tie.awaiting_review]
    assert waiting
    for support in NetworkTie.objects.values_list("support", flat=True)[:200]:
        assert support and set(support) <= set(SupportKind.values)


def test_carers_span_every_burden_level_and_the_overloaded_ones_have_a_task(seeded):
    carers = InformalCarer.objects.select_related("tie", "tie__person__membership")
    assert carers.exists()
    for carer in carers:
        assert carer.tie.layer == NetworkLayer.NATURAL
        assert SupportKind.CARE in carer.tie.support
        assert 1 <= carer.checks.count() <= 3
    assert set(BurdenCheck.objects.values_list("burden", flat=True)) == set(CarerBurden.values)
    latest = dict(
        InformalCarer.objects.annotate(latest=_latest_burden()).values_list("id", "latest")
    )
    flagged = [carer for carer in carers if latest[carer.pk] in FLAGGED]
    assert flagged
    with_task = 0
    for carer in flagged:
        person = carer.tie.person
        teams = set(
            Involvement.objects.active()
            .filter(household__members__person=person)
            .values_list("team_id", flat=True)
        )
        tasks = set(
            TeamTask.objects.filter(
                person=person, kind=TeamTask.Kind.CARER_OVERLOAD, done_at__isnull=True
            ).values_list("team_id", flat=True)
        )
        assert tasks == teams
        with_task += bool(tasks)
    assert with_task, "at least one overloaded carer shows as a task"
    assert seeded["carer_tasks"] == TeamTask.objects.filter(kind="carer_overload").count()


def test_the_volunteer_pool_with_residents_who_also_give(seeded):
    persons = Person.objects.count()
    assert Volunteer.objects.count() == SIZES["xs"][0] == seeded["volunteers"]
    residents = Volunteer.objects.filter(person__isnull=False)
    assert abs(residents.count() - 0.05 * persons) <= 2
    for volunteer in residents.select_related("person"):
        assert volunteer.person.first_name == volunteer.first_name
        household = volunteer.person.membership.household
        assert household.involvements.exists() or household.cases.exists()
    screening = Counter(Volunteer.objects.values_list("screening", flat=True))
    assert screening.most_common(1)[0][0] == Volunteer.Screening.VOG_RECEIVED
    assert len(screening) >= 3
    languages = Counter(
        code for row in Volunteer.objects.values_list("languages", flat=True) for code in row
    )
    assert languages.most_common(1)[0][0] == "nl" and len(languages) >= 3
    for volunteer in Volunteer.objects.select_related("neighbourhood", "team")[:20]:
        assert set(volunteer.profile_codes) <= set(Profile.values)
        assert volunteer.neighbourhood.kind == "neighbourhood"
        assert volunteer.team.neighbourhoods.filter(pk=volunteer.neighbourhood_id).exists()
        assert volunteer.latitude is not None and volunteer.availability
    assert Volunteer.interests.through.objects.count() >= Volunteer.objects.count()


def test_requests_and_matches_in_every_state(seeded):
    requests = Request.objects.all()
    assert 25 <= requests.count() == seeded["volunteer_requests"] <= SIZES["xs"][1]
    assert set(requests.values_list("status", flat=True)) == set(Request.Status.values)
    assert set(Match.objects.values_list("status", flat=True)) == set(Match.Status.values)
    for request in requests.filter(case__isnull=False).select_related("case"):
        assert request.team_id == request.case.team_id
        assert request.case.household.members.filter(person=request.person_id).exists()
    assert (
        requests.filter(
            status="open", matches__status="proposed", matches__volunteer_accepted_at__isnull=False
        ).exists()
        or requests.filter(status="open", matches__status="proposed").exists()
    )
    assert requests.filter(status="open", matches__isnull=True).exists()
    for match in Match.objects.filter(status="ended"):
        assert match.end_reason and match.ended_on and match.request.status == "closed"
    for match in Match.objects.filter(status="active"):
        assert match.request.status == "matched" and match.started_on
        assert match.check_ins.filter(done_on__isnull=True).exists()
    assert CheckIn.objects.filter(done_on__isnull=False).exists()
    assert seeded["check_ins"] == CheckIn.objects.count()
    # The stored score is the score of the same data.
    for match in Match.objects.select_related("request__person", "volunteer")[:10]:
        need, result = ranking.score_volunteer(match.request, match.volunteer)
        assert match.score == result.total
        assert match.reasons == reasons.stored_reasons(need, result)
        assert isinstance(result, matching.Score)
    for request in requests.filter(profile=Profile.HOME_VISITOR):
        assert request.consent.purpose == Consent.Purpose.REFERRAL
    visits = HomeVisit.objects.all()
    assert visits.exists() and VisitNote.objects.exists()
    for visit in visits:
        steps = list(visit.notes.values_list("step", flat=True))
        assert steps == list(VisitNote.Step.values)[: len(steps)]


def test_check_ins_follow_the_schedule(seeded):
    for match in Match.objects.filter(status="active", started_on__isnull=False)[:20]:
        dues = sorted(match.check_ins.values_list("due_on", flat=True))
        assert dues[0] == match.started_on + datetime.timedelta(days=schedule.FIRST_CHECK_IN_DAYS)
        if len(dues) > 1:
            assert dues[1] == schedule.add_months(match.started_on, 3)
    overdue = CheckIn.objects.filter(
        done_on__isnull=True, due_on__lt=timezone.localdate(), match__status="active"
    )
    assert overdue.exists()


def test_the_demo_logins_get_their_part():
    call_command("demo", "--no-server", stdout=io.StringIO())
    users = {user.username: user for user in User.objects.all()}
    volunteer = Volunteer.objects.get(user=users["vrijwilliger"])
    mine = Match.objects.visible_to(users["vrijwilliger"])
    assert set(mine.values_list("volunteer_id", flat=True)) == {volunteer.pk}
    proposed = mine.filter(status="proposed", volunteer_accepted_at__isnull=True)
    assert proposed.exists()
    active = mine.get(status="active")
    assert active.check_ins.filter(done_on__isnull=True).exists()
    resident = Person.objects.get(user=users["inwoner"])
    carer = InformalCarer.objects.filter(tie__person=resident).annotate(latest=_latest_burden())
    assert carer.filter(latest=CarerBurden.OVERLOADED).exists()
    assert TeamTask.objects.filter(
        person=resident, kind="carer_overload", done_at__isnull=True
    ).exists()
    assert NetworkTie.objects.filter(person=resident, layer=NetworkLayer.SELF).exists()
    call_command("demo", "--no-server", stdout=io.StringIO())  # again: nothing doubles
    assert Match.objects.visible_to(users["vrijwilliger"]).count() == mine.count()


def _wipe_support():
    Match.objects.all().delete()
    Request.objects.all().delete()
    Consent.objects.filter(purpose=Consent.Purpose.REFERRAL, note__startswith="hulpvraag").delete()
    Volunteer.objects.all().delete()
    TeamTask.objects.filter(kind=TeamTask.Kind.CARER_OVERLOAD).delete()
    NetworkTie.objects.all().delete()


def test_the_same_seed_gives_the_same_support_system(seeded):
    def snapshot():
        return (
            list(NetworkTie.objects.order_by("id").values_list("name", "layer")[:30]),
            list(Volunteer.objects.order_by("id").values_list("first_name", "profiles")[:20]),
            list(Match.objects.order_by("id").values_list("status", "score")),
        )

    first = snapshot()
    _wipe_support()
    today = timezone.localdate()
    again = seed_support(1, scale_name="xs", today=today, say=lambda m: None)
    assert {key: seeded[key] for key in again} == again
    assert snapshot() == first
