"""The demo logins' part of the support system: the ``vrijwilliger``
login's own volunteer record with a proposal and a running match, and a
network map with an overloaded carer for a resident. Safe to run again."""

from datetime import date, timedelta

from django.utils import timezone

from wijknet.cases.models import Case
from wijknet.core.models import Membership, Neighbourhood, Role, Team
from wijknet.demo.support_data import (
    BURDEN_NOTES,
    CARE_GIVEN,
    CHECK_IN_NOTES,
    DEMO_TIE_FIELDS,
    DEMO_TIES,
    NEEDS,
    VISIT_NOTES,
)
from wijknet.people.carers import overload_task
from wijknet.people.models import (
    BurdenCheck,
    CarerBurden,
    Consent,
    HouseholdMember,
    InformalCarer,
    NetworkTie,
    Person,
)
from wijknet.volunteers.models import (
    CheckIn,
    HomeVisit,
    Interest,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
)
from wijknet.volunteers.reasons import stored_reasons
from wijknet.volunteers.schedule import FIRST_CHECK_IN_DAYS, HOME_VISIT_MAX_MONTHS, add_months

# --- The demo logins' part -------------------------------------------------------------------


def hand_demo_volunteer(user, team: Team, *, today: date | None = None) -> Volunteer:
    """The `vrijwilliger` login's own volunteer record, with one proposal
    waiting for their answer and one running match with a check-in due.
    Safe to run again: what is there already is kept."""
    today = today or timezone.localdate()
    volunteer = Volunteer.objects.filter(user=user).first()
    area = (
        team.neighbourhoods.filter(kind="neighbourhood").order_by("id").first()
        or Neighbourhood.objects.filter(kind="neighbourhood").order_by("id").first()
    )
    if volunteer is None:
        from wijknet.kaart.selectors import centroid

        point = centroid(area)
        volunteer = Volunteer.objects.create(
            user=user,
            first_name=user.first_name or "Femke",
            last_name=user.last_name or "Rozendaal",
            email=user.email,
            neighbourhood=area,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            profiles=f"{Profile.BUDDY} {Profile.HOME_VISITOR}",
            languages=["nl", "en"],
            availability=["TU-PM", "WE-AM", "TH-PM", "SA-AM"],
            training="basistraining vrijwilligerswerk, cursus activerend huisbezoek",
            screening=Volunteer.Screening.VOG_RECEIVED,
            vog_date=today - timedelta(days=200),
            registered_on=today - timedelta(days=240),
            team=team,
        )
        volunteer.interests.set(Interest.objects.filter(code__in=["wandelen", "koffie", "koken"]))
    matches = Match.objects.filter(volunteer=volunteer)
    if not matches.filter(status=Match.Status.PROPOSED).exists():
        _demo_match(volunteer, team, today, active=False)
    if not matches.filter(status=Match.Status.ACTIVE).exists():
        _demo_match(volunteer, team, today, active=True)
    return volunteer


def _demo_match(volunteer: Volunteer, team: Team, today: date, *, active: bool) -> Match | None:
    """A request of ``team`` for someone the volunteer is not, with a match."""
    from wijknet.volunteers.ranking import score_volunteer

    lead = (
        Membership.objects.active(today)
        .filter(team=team, user__role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD])
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    case = (
        Case.objects.filter(team=team, closed_at__isnull=True)
        .exclude(requests__matches__volunteer=volunteer)
        .exclude(household__members__person__user__isnull=False)
        .order_by("id")
        .first()
    )
    if lead is None or case is None:
        return None
    member = HouseholdMember.objects.filter(household=case.household).order_by("id").first()
    profile = Profile.BUDDY if not active else Profile.HOME_VISITOR
    consent = None
    if profile == Profile.HOME_VISITOR:
        consent = Consent.objects.create(
            person=member.person,
            purpose=Consent.Purpose.REFERRAL,
            recorded_by_id=lead,
            given_on=today - timedelta(days=40),
            note="hulpvraag: huisbezoeker",
        )
        consent.teams.add(team)
    request = Request.objects.create(
        profile=profile,
        person=member.person,
        team=team,
        case=case,
        needs=NEEDS[profile][0],
        languages=["nl"],
        availability=["TU-PM", "TH-PM"],
        consent=consent,
        created_by_id=lead,
        created_at=timezone.now() - timedelta(days=45 if active else 3),
    )
    request.interests.set(Interest.objects.filter(code__in=["wandelen", "koffie"]))
    need, result = score_volunteer(request, volunteer)
    match = Match(
        request=request,
        volunteer=volunteer,
        score=result.total,
        reasons=stored_reasons(need, result),
        proposed_by_id=lead,
        proposed_at=timezone.now() - timedelta(days=30 if active else 1),
    )
    if active:
        start = today - timedelta(days=28)
        match.status = Match.Status.ACTIVE
        match.started_on = start
        match.volunteer_accepted_at = match.resident_accepted_at = timezone.now() - timedelta(
            days=28
        )
        request.status = Request.Status.MATCHED
        request.save(update_fields=["status"])
    match.save()
    if active:
        CheckIn.objects.create(
            match=match,
            due_on=start + timedelta(days=FIRST_CHECK_IN_DAYS),
            done_on=start + timedelta(days=FIRST_CHECK_IN_DAYS),
            note=CHECK_IN_NOTES[0],
            done_by_id=lead,
        )
        CheckIn.objects.create(match=match, due_on=today + timedelta(days=2))
        visit = HomeVisit.objects.create(
            match=match, period_start=start, period_end=add_months(start, HOME_VISIT_MAX_MONTHS)
        )
        VisitNote.objects.create(
            visit=visit,
            step=VisitNote.Step.CLARIFY,
            on=start + timedelta(days=7),
            text=VISIT_NOTES[VisitNote.Step.CLARIFY],
            author=volunteer.user or match.proposed_by,
        )
    return match


def ensure_demo_network(person: Person, checked_by, *, today: date | None = None) -> InformalCarer:
    """A network map for ``person``, an own strength included, with a carer
    whose latest check is overloaded, and the task it raises for every
    involved team (once)."""
    from wijknet.people.network import raise_tasks

    today = today or timezone.localdate()
    existing = InformalCarer.objects.filter(tie__person=person, tie__ended_on__isnull=True).first()
    if existing is not None:
        latest = existing.checks.order_by("-checked_on", "-id").first()
        if latest is not None and latest.burden == CarerBurden.OVERLOADED:
            return existing
    ties = [
        NetworkTie(person=person, **dict(zip(DEMO_TIE_FIELDS, row, strict=True)))
        for row in DEMO_TIES
    ]
    have = set(NetworkTie.objects.filter(person=person).values_list("name", flat=True))
    NetworkTie.objects.bulk_create([tie for tie in ties if tie.name not in have])
    tie = NetworkTie.objects.get(person=person, name=ties[0].name)
    carer, _created = InformalCarer.objects.get_or_create(
        tie=tie,
        defaults={
            "care_given": CARE_GIVEN[0],
            "hours_per_week": 24,
            "since": today - timedelta(days=900),
        },
    )
    BurdenCheck.objects.bulk_create(
        [
            BurdenCheck(
                carer=carer,
                checked_on=today - timedelta(days=120),
                burden=CarerBurden.FAIRLY_HEAVY,
                note=BURDEN_NOTES[CarerBurden.FAIRLY_HEAVY],
                checked_by=checked_by,
            ),
            BurdenCheck(
                carer=carer,
                checked_on=today,
                burden=CarerBurden.OVERLOADED,
                note=BURDEN_NOTES[CarerBurden.OVERLOADED],
                checked_by=checked_by,
            ),
        ]
    )
    task = overload_task(CarerBurden.OVERLOADED, carer=tie.name, person=person.full_name, on=today)
    raise_tasks(person, kind=task.kind, title=task.title, due_on=task.due_on)
    return carer
