"""The volunteer pool (some of them residents who also receive support),
and requests for help with matches in every state, follow-up check-ins and
activating home visits. Match scores and reasons come from
``volunteers.matching.score`` on the same data, stored as
``volunteers.services.propose`` stores them; check-ins follow the terms of
``volunteers.services``."""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.conf import settings

from wijknet.demo.bulk import BATCH_SIZE, insert_rows
from wijknet.demo.support_data import (
    CHECK_IN_NOTES,
    END_REASONS,
    FIRST_NAMES,
    NEEDS,
    OTHER_LANGUAGES,
    OVERDUE_SHARE,
    PROFILE_WEIGHTS,
    RESIDENT_VOLUNTEER_SHARE,
    SAMPLE,
    SCREENING,
    SIGNAL_SHARE,
    STATES,
    TRAININGS,
    VISIT_NOTES,
)
from wijknet.demo.support_world import PersonRow, Rows, VolunteerRow, World, moment, weighted
from wijknet.people.models import Consent
from wijknet.volunteers import matching
from wijknet.volunteers.models import (
    SLOTS,
    CheckIn,
    HomeVisit,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
    vog_valid_since,
)
from wijknet.volunteers.reasons import stored_reasons
from wijknet.volunteers.schedule import (
    FIRST_CHECK_IN_DAYS,
    HOME_VISIT_MAX_MONTHS,
    PERIODIC_CHECK_IN_MONTHS,
    SECOND_CHECK_IN_MONTHS,
    add_months,
)


# Volunteers ---------------------------------------------------------------------------
def _slots(rng: random.Random, low: int, high: int) -> list[str]:
    chosen = set(rng.sample(SLOTS, rng.randint(low, high)))
    return [slot for slot in SLOTS if slot in chosen]


def _languages(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.72:
        return ["nl"]
    if roll < 0.95:
        return ["nl", weighted(rng, OTHER_LANGUAGES)]
    return [weighted(rng, OTHER_LANGUAGES)]


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum())


def seed_volunteers(
    rng, world: World, today: date, total: int, counts: Counter
) -> list[VolunteerRow]:
    # Residents who also volunteer: adults in a household a team works with.
    supported = {household for _c, household, _t in world.open_cases} | set(world.household_teams)
    residents = [
        p
        for p in world.persons
        if p.household in supported and (today - p.born).days >= 18 * 365 and p.neighbourhood
    ]
    wanted = min(len(residents), round(RESIDENT_VOLUNTEER_SHARE * len(world.persons)), total)
    chosen = sorted(rng.sample(residents, wanted), key=lambda p: p.id)
    others = [rng.choice(world.persons) for _i in range(total - wanted)]
    teams_any = sorted(world.staff)
    vog_since = vog_valid_since(today)
    pool: list[VolunteerRow] = []
    interest_rows, competence_rows = [], []
    for i in range(total):
        resident = chosen[i] if i < wanted else None
        if resident is not None:
            first, last, area = resident.first_name, resident.last_name, resident.neighbourhood
        else:
            namesake = others[i - wanted]
            first = rng.choice(FIRST_NAMES) if rng.random() < 0.5 else namesake.first_name
            last = rng.choice(world.persons).last_name
            area = world.areas[rng.randrange(len(world.areas))]
        centre = world.centres.get(area)
        profiles = sorted(
            {weighted(rng, PROFILE_WEIGHTS) for _j in range(rng.choice([1, 1, 2, 2, 3]))},
            key=Profile.values.index,
        )
        screening = weighted(rng, SCREENING)
        registered = today - timedelta(days=rng.randint(10, 6 * 365))
        vog = None
        if screening == Volunteer.Screening.VOG_RECEIVED:
            vog = registered + timedelta(days=rng.randint(5, 40))
            while vog < vog_since:  # renewed each time it would have expired
                vog += timedelta(days=365 * settings.WIJKNET_VOG_VALID_YEARS)
            vog = min(vog, today)
        elif screening == Volunteer.Screening.EXPIRED:
            vog = today - timedelta(days=rng.randint(3 * 365 + 10, 6 * 365))
        languages = _languages(rng)
        availability = _slots(rng, 2, 9)
        team = world.team_of.get(area) or teams_any[0]
        obj = Volunteer(
            first_name=first,
            last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}.{i}@example.org",
            phone=f"06{rng.randrange(10**8):08d}",
            person_id=resident.id if resident else None,
            neighbourhood_id=area,
            latitude=centre[0] if centre else None,
            longitude=centre[1] if centre else None,
            profiles=" ".join(profiles),
            languages=languages,
            availability=availability,
            training=rng.choice(TRAININGS),
            screening=screening,
            vog_date=vog,
            active=rng.random() < 0.94,
            registered_on=registered,
            team_id=team,
        )
        interests = rng.sample(world.interests, min(len(world.interests), rng.randint(1, 5)))
        competences = rng.sample(world.competences, min(len(world.competences), rng.randint(0, 3)))
        entry = VolunteerRow(
            obj,
            frozenset(profiles),
            frozenset(code for _pk, code in interests),
            frozenset(languages),
            frozenset(availability),
            resident.id if resident else None,
        )
        pool.append(entry)
        interest_rows.extend((obj, pk) for pk, _code in interests)
        competence_rows.extend((obj, pk) for pk in competences)
    Volunteer.objects.bulk_create([v.obj for v in pool], batch_size=BATCH_SIZE)
    insert_rows(Volunteer.interests.through, ("volunteer", "interest"), interest_rows)
    insert_rows(Volunteer.competences.through, ("volunteer", "competence"), competence_rows)
    counts.update(volunteers=len(pool), volunteers_residents=wanted)
    return pool


def seed_requests(rng, world: World, today: date, total: int, pool, counts: Counter) -> None:
    by_profile: dict[str, list[VolunteerRow]] = defaultdict(list)
    for entry in pool:
        v = entry.obj
        if v.active and v.screening == Volunteer.Screening.VOG_RECEIVED:
            for profile in entry.profiles:
                by_profile[profile].append(entry)
    sources = _request_sources(rng, world, total)
    out = Rows()
    states = list(STATES)
    for index, (person_id, team, case, signal) in enumerate(sources):
        person = world.by_id[person_id]
        # The first few cover every state and profile, whatever the draw.
        state = states[index] if index < len(states) else weighted(rng, STATES)
        profile = (
            Profile.values[index % len(Profile.values)]
            if index < 2 * len(Profile.values)
            else weighted(rng, PROFILE_WEIGHTS)
        )
        showcase = index < len(states)
        _request(
            rng, world, today, out, by_profile, person, team, case, signal, state, profile, showcase
        )
    _save(out, counts)


def _request_sources(rng, world: World, total: int) -> list[tuple]:
    """(person, team, case, signal) per request: mostly a member of an open
    case's household, some a resident a signal was linked to."""
    cases = list(world.open_cases)
    rng.shuffle(cases)
    signals = list(world.signals)
    rng.shuffle(signals)
    from_signals = min(len(signals), round(SIGNAL_SHARE * total))
    sources = []
    for signal, person, team in signals[:from_signals]:
        if person in world.by_id and team in world.staff:
            sources.append((person, team, None, signal))
    for i in range(total - len(sources)):
        if not cases:
            break
        case, household, team = cases[i % len(cases)]
        members = world.household_members.get(household) or []
        if not members:
            continue
        sources.append((rng.choice(members), team, case, None))
    rng.shuffle(sources)
    return sources


def _need(world: World, person: PersonRow, request: Request, codes: frozenset) -> matching.Need:
    area = person.neighbourhood
    return matching.Need(
        profile=request.profile,
        neighbourhood_id=area,
        point=world.centres.get(area) if area else None,
        interests=codes,
        languages=frozenset(request.languages),
        availability=frozenset(request.availability),
    )


def _pick(rng, need, candidates: list[VolunteerRow], person_id: int, taken: set[int]):
    """The best of a sample of the pool by the score, as a coordinator would
    take from the candidate list; None when nobody fits."""
    if not candidates:
        return None, None
    sample = rng.sample(candidates, min(SAMPLE, len(candidates)))
    sample = [v for v in sample if v.person != person_id and v.obj.pk not in taken]
    if not sample:
        return None, None
    best = max(sample, key=lambda v: (matching.score(need, v.candidate()).total, -v.obj.pk))
    return best, matching.score(need, best.candidate())


def _request(
    rng, world, today, out: Rows, by_profile, person, team, case, signal, state, profile, showcase
):
    worker = world.worker(rng, team)
    age = {
        "open": (1, 40),
        "proposed": (3, 50),
        "declined": (10, 80),
        "active": (30, 700),
        "ended": (200, 1100),
        "closed": (30, 400),
    }[state]
    created_day = today - timedelta(days=rng.randint(*age))
    languages = []
    roll = rng.random()
    if roll < 0.35:
        languages = ["nl"]
    elif roll < 0.5:
        languages = [weighted(rng, OTHER_LANGUAGES)]
    availability = _slots(rng, 2, 4) if rng.random() < 0.5 else []
    request = Request(
        profile=profile,
        person_id=person.id,
        team_id=team,
        case_id=case,
        signal_id=signal,
        needs=rng.choice(NEEDS[profile]),
        languages=languages,
        availability=availability,
        status=Request.Status.OPEN,
        created_by_id=worker,
        created_at=moment(rng, created_day),
    )
    interests = rng.sample(world.interests, rng.randint(0, 3)) if world.interests else []
    codes = frozenset(code for _pk, code in interests)
    out.requests.append(request)
    out.request_interests.extend((request, pk) for pk, _code in interests)
    if profile == Profile.HOME_VISITOR:
        consent = Consent(
            person_id=person.id,
            purpose=Consent.Purpose.REFERRAL,
            given_on=created_day,
            recorded_by_id=worker,
            note=f"hulpvraag: {Profile(profile).label}",
        )
        out.consents.append(consent)
        out.consent_teams.append((consent, team))
        request.consent = consent
    if state == "open":
        return
    if state == "closed":
        request.status = Request.Status.CLOSED
        request.closed_reason = rng.choice(
            ["inwoner heeft het zelf opgelost", "inwoner wil toch geen vrijwilliger"]
        )
        return
    need = _need(world, person, request, codes)
    candidates = by_profile.get(profile, [])
    taken: set[int] = set()
    if state == "declined" or rng.random() < 0.1:
        volunteer, result = _pick(rng, need, candidates, person.id, taken)
        if volunteer is not None:
            taken.add(volunteer.obj.pk)
            out.matches.append(
                _match(request, volunteer, need, result, worker, created_day, rng)
                | {
                    "status": Match.Status.DECLINED,
                    "declined_by": rng.choice(["volunteer", "resident"]),
                }
            )
        if state == "declined":
            return
    volunteer, result = _pick(rng, need, candidates, person.id, taken)
    if volunteer is None:
        return
    proposed_day = min(today, created_day + timedelta(days=rng.randint(1, 10)))
    row = _match(request, volunteer, need, result, worker, proposed_day, rng)
    if state == "proposed":
        proposed_day = today - timedelta(days=rng.randint(0, 10))
        row["proposed_at"] = moment(rng, proposed_day)
        side = rng.random()
        if side < 0.4:
            row["volunteer_accepted_at"] = row["proposed_at"] + timedelta(hours=rng.randint(2, 48))
        elif side < 0.6:
            row["resident_accepted_at"] = row["proposed_at"] + timedelta(hours=rng.randint(2, 48))
        out.matches.append(row)
        return
    start = min(today, proposed_day + timedelta(days=rng.randint(2, 14)))
    accepted = moment(rng, start)
    row.update(
        status=Match.Status.ACTIVE,
        volunteer_accepted_at=accepted,
        resident_accepted_at=accepted,
        started_on=start,
    )
    request.status = Request.Status.MATCHED
    until = today
    if state == "ended":
        ended = min(today - timedelta(days=1), start + timedelta(days=rng.randint(90, 500)))
        reason, evaluation = rng.choice(END_REASONS)
        row.update(
            status=Match.Status.ENDED, ended_on=ended, end_reason=reason, evaluation=evaluation
        )
        request.status = Request.Status.CLOSED
        request.closed_reason = reason
        until = ended
    out.matches.append(row)
    overdue = state == "active" and (showcase or rng.random() < OVERDUE_SHARE)
    _check_ins(rng, out, row, start, until, today, state == "active", worker, overdue)
    if profile == Profile.HOME_VISITOR:
        _home_visit(rng, out, row, start, until, worker)


def _match(request, volunteer: VolunteerRow, need, result, worker, day, rng) -> dict:
    return {
        "request": request,
        "volunteer": volunteer.obj,
        "score": result.total,
        "reasons": stored_reasons(need, result),
        "status": Match.Status.PROPOSED,
        "proposed_by_id": worker,
        "proposed_at": moment(rng, day),
    }


def _check_ins(
    rng, out: Rows, match: dict, start, until, today, running: bool, worker, overdue=False
) -> None:
    """After two weeks and three months, then six months after the last;
    done ones up to ``until``. On an overdue running match the last one due
    was not done, so no later one is planned yet."""
    rows = []
    planned = [
        start + timedelta(days=FIRST_CHECK_IN_DAYS),
        add_months(start, SECOND_CHECK_IN_MONTHS),
    ]
    while planned:
        due = planned.pop(0)
        if due >= until:
            if running:
                rows.append((match, due, None, "", None))
                rows.extend((match, later, None, "", None) for later in planned)
            break
        done = min(until, due + timedelta(days=rng.randint(0, 7)))
        rows.append((match, due, done, rng.choice(CHECK_IN_NOTES), worker))
        if not planned:
            planned.append(add_months(max(due, done), PERIODIC_CHECK_IN_MONTHS))
    done_rows = [i for i, row in enumerate(rows) if row[2] is not None]
    if running and overdue and done_rows:
        last = done_rows[-1]
        rows[last] = (match, rows[last][1], None, "", None)
        # only the second of the first two stays planned beside it
        rows = rows[: last + 1] + (rows[last + 1 : last + 2] if last == 0 else [])
    out.check_ins.extend(rows)


def _home_visit(rng, out: Rows, match: dict, start, until, worker) -> None:
    end = add_months(start, rng.choice([3, 4, HOME_VISIT_MAX_MONTHS]))
    visit = HomeVisit(period_start=start, period_end=end)
    out.visits.append((match, visit))
    last = min(until, end)
    steps = list(VisitNote.Step.values)
    taken = min(3, 1 + (last - start).days // 21)
    for i, step in enumerate(steps[:taken]):
        on = min(last, start + timedelta(days=7 + 21 * i))
        out.notes.append((visit, step, on, VISIT_NOTES[step], worker))


def _save(out: Rows, counts: Counter) -> None:
    Consent.objects.bulk_create(out.consents, batch_size=BATCH_SIZE)
    insert_rows(Consent.teams.through, ("consent", "team"), out.consent_teams)
    for request in out.requests:
        if request.consent is not None:
            request.consent_id = request.consent.pk
    Request.objects.bulk_create(out.requests, batch_size=BATCH_SIZE)
    insert_rows(Request.interests.through, ("request", "interest"), out.request_interests)
    matches = []
    for row in out.matches:
        request, volunteer = row["request"], row["volunteer"]
        fields = {k: v for k, v in row.items() if k not in ("request", "volunteer")}
        row["obj"] = Match(request_id=request.pk, volunteer_id=volunteer.pk, **fields)
        matches.append(row["obj"])
    Match.objects.bulk_create(matches, batch_size=BATCH_SIZE)
    insert_rows(
        CheckIn,
        ("match", "due_on", "done_on", "note", "done_by"),
        [(m["obj"], due, done, note, by) for m, due, done, note, by in out.check_ins],
    )
    visits = []
    for row, visit in out.visits:
        visit.match_id = row["obj"].pk
        visits.append(visit)
    HomeVisit.objects.bulk_create(visits, batch_size=BATCH_SIZE)
    insert_rows(VisitNote, ("visit", "step", "on", "text", "author"), out.notes)
    counts.update(
        requests=len(out.requests),
        matches=len(matches),
        check_ins=len(out.check_ins),
        visits=len(visits),
    )
