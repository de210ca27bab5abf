"""The rules of volunteering: who is a candidate and why, a person always
deciding, follow-up over time, the home visit with consent and a limited
period, gaps passed on without personal data, and retention."""

import datetime
import math
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import NeighbourhoodFactory, PersonFactory, UserFactory, household_with
from tests.volunteers.conftest import interests
from tests.volunteers.factories import VolunteerFactory, square
from wijknet.core.models import AuditEvent, Role
from wijknet.people.models import Consent
from wijknet.signals.models import Signal
from wijknet.volunteers import matching, ranking, reasons, schedule, selectors, services
from wijknet.volunteers.models import SLOTS, CheckIn, Match, Request, Volunteer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def ids(suggestions):
    return [s.volunteer.pk for s in suggestions]


def texts(suggestion):
    return {reason.part: reason.text for reason in suggestion.reasons}


# --- Registering -------------------------------------------------------------


def test_registering_checks_the_fields_in_dutch(professional, team_a, north, context):
    with pytest.raises(ValidationError) as error:
        services.register_volunteer(
            professional,
            team=team_a,
            context=context,
            first_name="Bram",
            last_name="",
            neighbourhood=None,
            profiles=["buddy", "tovenaar"],
            languages=["nl", "xx"],
            availability=["MO-AM", "XX-PM"],
            screening="vog_received",
        )
    errors = error.value.message_dict
    assert set(errors) >= {
        "last_name",
        "neighbourhood",
        "profiles",
        "languages",
        "availability",
        "vog_date",
    }
    assert errors["vog_date"] == ["Vul de datum van de VOG in."]
    assert errors["neighbourhood"] == ["Kies de buurt waar de vrijwilliger woont."]
    assert not Volunteer.objects.exists()


def test_registering_stores_codes_and_a_login_without_a_usable_password(
    professional, team_a, north, context
):
    volunteer = services.register_volunteer(
        professional,
        team=team_a,
        context=context,
        first_name="Bram",
        last_name="Kuipers",
        neighbourhood=north,
        profiles=["mentor", "buddy"],
        languages=["tr", "nl"],
        availability=["WE-EV", "MO-AM"],
        screening="vog_received",
        vog_date=TODAY,
        interests=interests("fietsen"),
        username="bram",
    )
    assert volunteer.profiles == "buddy mentor"
    assert volunteer.languages == ["nl", "tr"]
    assert volunteer.availability == ["MO-AM", "WE-EV"]
    assert [i.code for i in volunteer.interests.all()] == ["fietsen"]
    # Without an address point, distance counts from the neighbourhood's centre.
    assert (round(volunteer.latitude, 3), round(volunteer.longitude, 3)) == (52.09, 5.12)
    user = volunteer.user
    assert user.role == Role.VOLUNTEER and not user.has_usable_password()
    assert AuditEvent.objects.filter(
        action="create", object_type="volunteers.volunteer", object_id=str(volunteer.pk)
    ).exists()


def test_a_resident_who_also_gives_is_linked_by_pseudonym_only_if_visible(
    professional, professional_b, team_a, team_b, resident, north, context
):
    fields = dict(first_name="Fenna", last_name="Zonneveld", neighbourhood=north, profiles="buddy")
    with pytest.raises(ValidationError) as error:
        services.register_volunteer(
            professional_b, team=team_b, context=context, pseudonym=resident.pseudonym, **fields
        )
    assert "pseudonym" in error.value.message_dict
    volunteer = services.register_volunteer(
        professional, team=team_a, context=context, pseudonym=resident.pseudonym, **fields
    )
    assert volunteer.person == resident


def test_only_a_coordinator_of_the_team_registers(professional_b, team_a, north, context):
    with pytest.raises(PermissionDenied):
        services.register_volunteer(
            professional_b,
            team=team_a,
            context=context,
            first_name="A",
            last_name="B",
            neighbourhood=north,
            profiles="buddy",
        )


def _registration(volunteer, **changes):
    fields = {name: getattr(volunteer, name) for name in services.CHANGEABLE_FIELDS}
    fields.update(
        profiles=volunteer.profile_codes,
        interests=list(volunteer.interests.all()),
        competences=list(volunteer.competences.all()),
        active=volunteer.active,
    )
    return {**fields, **changes}


def test_recording_the_vog_makes_a_volunteer_a_candidate(
    professional, buddy_request, north, team_a, context
):
    waiting = VolunteerFactory(
        neighbourhood=north, team=team_a, screening=Volunteer.Screening.REQUESTED, vog_date=None
    )
    assert waiting.pk not in ids(ranking.candidates(professional, request=buddy_request))
    services.update_volunteer(
        professional,
        volunteer=waiting,
        context=context,
        **_registration(waiting, screening="vog_received", vog_date=TODAY, languages=["ar"]),
    )
    waiting.refresh_from_db()
    assert waiting.screening == "vog_received" and waiting.languages == ["ar"]
    assert waiting.pk in ids(ranking.candidates(professional, request=buddy_request))
    assert AuditEvent.objects.filter(
        action="change", object_type="volunteers.volunteer", object_id=str(waiting.pk)
    ).exists()


def test_changing_a_registration_checks_like_registering_and_keeps_what_was_saved(
    professional, volunteer, context
):
    before = (volunteer.first_name, volunteer.screening, volunteer.vog_date, volunteer.languages)
    with pytest.raises(ValidationError) as error:
        services.update_volunteer(
            professional,
            volunteer=volunteer,
            context=context,
            **_registration(volunteer, first_name="Anders", vog_date=None, languages=["nl", "xx"]),
        )
    assert error.value.message_dict == {
        "vog_date": ["Vul de datum van de VOG in."],
        "languages": ["Onbekende taal."],
    }
    volunteer.refresh_from_db()
    after = (volunteer.first_name, volunteer.screening, volunteer.vog_date, volunteer.languages)
    assert after == before


def test_only_the_coordinating_team_changes_a_registration(professional_b, volunteer, context):
    with pytest.raises(PermissionDenied):
        services.update_volunteer(
            professional_b, volunteer=volunteer, context=context, **_registration(volunteer)
        )


def test_a_new_neighbourhood_moves_the_point_distances_count_from(
    professional, volunteer, east, context
):
    services.update_volunteer(
        professional,
        volunteer=volunteer,
        context=context,
        **_registration(volunteer, neighbourhood=east),
    )
    volunteer.refresh_from_db()
    assert (round(volunteer.latitude, 3), round(volunteer.longitude, 3)) == (52.09, 5.149)


def test_a_vog_older_than_its_validity_has_expired(
    professional, buddy_request, north, team_a, settings
):
    settings.WIJKNET_VOG_VALID_YEARS = 3
    since = schedule.add_months(TODAY, -36)
    valid = VolunteerFactory(neighbourhood=north, team=team_a, vog_date=since)
    old = VolunteerFactory(
        neighbourhood=north, team=team_a, vog_date=since - datetime.timedelta(days=1)
    )
    assert not valid.vog_expired and old.vog_expired
    assert ids(ranking.candidates(professional, request=buddy_request)) == [valid.pk]
    settings.WIJKNET_VOG_VALID_YEARS = 5
    assert not old.vog_expired
    assert set(ids(ranking.candidates(professional, request=buddy_request))) == {
        valid.pk,
        old.pk,
    }


# --- Requests ----------------------------------------------------------------


def test_a_request_from_a_case_belongs_to_the_case_team(buddy_request, case, team_a):
    assert buddy_request.team == team_a and buddy_request.case == case
    assert buddy_request.status == Request.Status.OPEN
    assert AuditEvent.objects.filter(
        action="create", object_type="volunteers.request", object_id=str(buddy_request.pk)
    ).exists()


def test_another_team_cannot_ask_from_a_case_it_does_not_work_on(
    professional_b, team_b, resident, case, context
):
    with pytest.raises(PermissionDenied):
        services.create_request(
            professional_b,
            person=resident,
            profile="buddy",
            needs="x",
            team=team_b,
            case=case,
            context=context,
        )


def test_a_home_visit_is_a_referral_and_needs_consent(
    professional, team_a, resident, case, context
):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            professional,
            person=resident,
            profile="home_visitor",
            needs="Meekijken thuis.",
            team=team_a,
            case=case,
            context=context,
        )
    assert error.value.message_dict["consent_given"] == [
        "Een huisbezoek is een doorverwijzing: dat kan alleen met toestemming van de inwoner."
    ]
    request = services.create_request(
        professional,
        person=resident,
        profile="home_visitor",
        needs="Meekijken thuis.",
        team=team_a,
        case=case,
        consent_given=True,
        context=context,
    )
    consent = request.consent
    assert consent.purpose == Consent.Purpose.REFERRAL and consent.person == resident
    assert list(consent.teams.all()) == [team_a]


def test_a_request_from_the_report_point_follows_the_linked_signal(
    professional, team_a, resident, context
):
    from tests.signals.factories import SignalFactory

    signal = SignalFactory(team=team_a, subject_person=resident)
    request = services.create_request(
        professional,
        person=resident,
        profile="practical",
        needs="Hulp bij de tuin.",
        team=team_a,
        signal=signal,
        context=context,
    )
    assert request.signal == signal and request.case is None


# --- Candidates -----------------------------------------------------------------


def test_candidates_are_ranked_with_reasons_per_part(
    professional, buddy_request, volunteer, east, team_a
):
    farther = VolunteerFactory(
        first_name="Otto",
        neighbourhood=east,
        latitude=52.090,
        longitude=5.149,
        interests=["muziek"],
        languages=["tr"],
        availability=["WE-PM", "TU-AM"],
        team=team_a,
    )
    suggestions = ranking.candidates(professional, request=buddy_request)
    assert ids(suggestions) == [volunteer.pk, farther.pk]
    best, second = suggestions
    assert texts(best) == {
        "nearness": "zelfde buurt",
        "interests": "2 van 3 interesses: koken en samen eten, wandelen",
        "language": "spreekt Arabisch",
        "availability": "beschikbaar op 1 van 2 gevraagde dagdelen: dinsdagochtend",
        "profile": "biedt maatje aan",
    }
    assert best.total == 30 + 17 + 20 + 8 + 10
    assert texts(second)["nearness"] == "2,0 km"
    assert texts(second)["language"] == "spreekt geen van de gevraagde talen"
    assert [r.label for r in best.reasons] == [
        "Nabijheid",
        "Interesses",
        "Taal",
        "Beschikbaarheid",
        "Aanbod",
    ]


def test_who_is_not_a_candidate(professional, buddy_request, resident, north, team_a):
    eligible = VolunteerFactory(neighbourhood=north, team=team_a)
    VolunteerFactory(neighbourhood=north, screening=Volunteer.Screening.REQUESTED, vog_date=None)
    VolunteerFactory(neighbourhood=north, screening=Volunteer.Screening.EXPIRED)
    VolunteerFactory(neighbourhood=north, profiles="mentor practical")
    VolunteerFactory(neighbourhood=north, active=False)
    VolunteerFactory(neighbourhood=north, person=resident)  # the resident themself
    assert ids(ranking.candidates(professional, request=buddy_request)) == [eligible.pk]


def test_someone_who_declined_is_not_proposed_again(
    professional, volunteer_user, proposed, buddy_request, context
):
    services.decline(volunteer_user, match=proposed, side="volunteer", context=context)
    assert proposed.volunteer_id not in ids(ranking.candidates(professional, request=buddy_request))


def test_only_the_requests_team_sees_its_candidates(professional_b, buddy_request):
    with pytest.raises(PermissionDenied):
        ranking.candidates(professional_b, request=buddy_request)


def _ranked_by_scoring_everyone(request, limit):
    """The list as ``matching.rank`` gives it over every volunteer in the pool."""
    need = ranking.need_for(request, frozenset(request.interests.values_list("code", flat=True)))
    everyone = [
        matching.Candidate(
            id=v.pk,
            neighbourhood_id=v.neighbourhood_id,
            point=(v.latitude, v.longitude) if v.latitude is not None else None,
            profiles=frozenset(v.profile_codes),
            interests=frozenset(i.code for i in v.interests.all()),
            languages=frozenset(v.languages),
            availability=frozenset(v.availability),
        )
        for v in ranking.eligible(request).prefetch_related("interests")
    ]
    return [(s.candidate.id, s.total) for s in matching.rank(need, everyone, limit)]


def test_the_candidate_list_ranks_exactly_as_scoring_the_whole_pool(
    professional, team_a, resident, north, east, case, context
):
    """The candidate list reads the pool in rings around the resident and
    skips whoever cannot reach the top; it must give exactly what scoring
    everyone would give, wherever the best happen to live."""
    rng = random.Random(7)
    codes = ["wandelen", "koken", "muziek", "lezen", "tuinieren"]
    languages = ["nl", "en", "ar", "tr"]
    far = NeighbourhoodFactory(name="Verweg", geometry=square(52.30, 5.50))
    ring = NeighbourhoodFactory(name="Rondom", geometry=square(52.11, 5.14))

    def volunteer(neighbourhood, point):
        return VolunteerFactory(
            neighbourhood=neighbourhood,
            latitude=None if point is None else point[0],
            longitude=None if point is None else point[1],
            profiles=rng.choice(["buddy", "buddy mentor", "mentor"]),
            interests=rng.sample(codes, rng.randint(0, 4)),
            languages=rng.sample(languages, rng.randint(0, 2)),
            availability=rng.sample(SLOTS[:6], rng.randint(0, 4)),
            team=team_a,
        )

    for _ in range(25):  # the resident's own neighbourhood
        volunteer(north, (52.09 + rng.uniform(-0.002, 0.002), 5.12 + rng.uniform(-0.002, 0.002)))
    for _ in range(60):  # from next door to about 8 km away, around the 5 km edge
        km = rng.uniform(0, 8)
        bearing = rng.uniform(0, 6.283)
        lat = 52.09 + km / 111.2 * math.cos(bearing)
        lon = 5.12 + km / (111.2 * math.cos(math.radians(52.09))) * math.sin(bearing)
        volunteer(rng.choice([east, ring]), (lat, lon))
    for _ in range(30):  # about 25 km away, or with no known place
        volunteer(far, rng.choice([(52.30, 5.50), None]))
    # Near and well suited, but their VOG has expired: never on the list.
    expired = set()
    for _ in range(8):
        one = volunteer(north, (52.09, 5.12))
        one.vog_date = TODAY - datetime.timedelta(days=3 * 366 + 1)
        one.save()
        expired.add(one.pk)

    for round_ in range(12):
        if round_ == 9:  # a resident whose neighbourhood is not known
            resident.neighbourhood = None
            resident.save()
        request = services.create_request(
            professional,
            person=resident,
            profile=rng.choice(["buddy", "mentor"]),
            needs="x",
            team=team_a,
            case=case,
            interests=interests(*rng.sample(codes, round_ % 4)),
            languages=rng.sample(languages, round_ % 3),
            availability=rng.sample(SLOTS[:6], round_ % 4),
            context=context,
        )
        for limit in (1, 3, 10, 40):
            got = [
                (s.volunteer.pk, s.total)
                for s in ranking.candidates(professional, request=request, limit=limit)
            ]
            assert got == _ranked_by_scoring_everyone(request, limit), (round_, limit)
            assert not expired & {pk for pk, _total in got}


# --- Proposing, accepting, declining ---------------------------------------


def test_proposing_keeps_the_score_and_its_reasons(proposed, volunteer, professional):
    assert proposed.status == Match.Status.PROPOSED
    assert proposed.score == 30 + 17 + 20 + 8 + 10
    assert proposed.proposed_by == professional
    assert [part["part"] for part in proposed.reasons] == list(matching.WEIGHTS)
    texts = [r.text for r in reasons.explain(proposed.reasons, reasons.interest_names())]
    assert texts[0] == "zelfde buurt" and texts[2] == "spreekt Arabisch"


def test_one_live_match_per_request(professional, proposed, buddy_request, north, team_a, context):
    other = VolunteerFactory(neighbourhood=north, team=team_a)
    with pytest.raises(ValidationError, match="loopt al een koppeling"):
        services.propose(professional, request=buddy_request, volunteer=other, context=context)


def test_an_ineligible_volunteer_cannot_be_proposed(
    professional, buddy_request, north, team_a, context
):
    mentor = VolunteerFactory(neighbourhood=north, profiles="mentor", team=team_a)
    with pytest.raises(ValidationError) as error:
        services.propose(professional, request=buddy_request, volunteer=mentor, context=context)
    assert "volunteer" in error.value.message_dict


def test_both_sides_accept_and_the_follow_up_is_planned(active, buddy_request):
    active.refresh_from_db()
    buddy_request.refresh_from_db()
    assert active.status == Match.Status.ACTIVE and active.started_on == TODAY
    assert active.volunteer_accepted_at and active.resident_accepted_at
    assert buddy_request.status == Request.Status.MATCHED
    due = list(active.check_ins.values_list("due_on", flat=True))
    assert due == [TODAY + datetime.timedelta(days=14), schedule.add_months(TODAY, 3)]


def test_one_side_accepting_is_not_enough(proposed, volunteer_user, context):
    services.accept(volunteer_user, match=proposed, side="volunteer", context=context)
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.PROPOSED and not proposed.check_ins.exists()


def test_only_the_volunteer_answers_for_themself(
    proposed, professional, professional_b, context, north
):
    other = UserFactory(role=Role.VOLUNTEER)
    VolunteerFactory(user=other, neighbourhood=north)
    for actor in (professional, other):
        with pytest.raises(PermissionDenied):
            services.accept(actor, match=proposed, side="volunteer", context=context)
    with pytest.raises(PermissionDenied):
        services.accept(professional_b, match=proposed, side="resident", context=context)


def test_the_coordinator_answers_for_a_volunteer_without_login(
    professional, buddy_request, north, team_a, context
):
    offline = VolunteerFactory(neighbourhood=north, team=team_a)
    match = services.propose(
        professional, request=buddy_request, volunteer=offline, context=context
    )
    services.accept(professional, match=match, side="volunteer", context=context)
    services.accept(professional, match=match, side="resident", context=context)
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE


def test_the_resident_may_answer_in_the_portal(proposed, resident, context):
    user = UserFactory(role=Role.RESIDENT)
    resident.user = user
    resident.save()
    services.accept(user, match=proposed, side="resident", context=context)
    proposed.refresh_from_db()
    assert proposed.resident_accepted_at is not None


def test_declining_records_who_and_reopens_the_request(
    proposed, professional, buddy_request, context
):
    services.decline(professional, match=proposed, side="resident", context=context)
    proposed.refresh_from_db()
    assert proposed.status == Match.Status.DECLINED and proposed.declined_by == "resident"
    buddy_request.refresh_from_db()
    assert buddy_request.status == Request.Status.OPEN
    with pytest.raises(ValidationError):
        services.accept(professional, match=proposed, side="resident", context=context)


# --- Follow-up and the end ---------------------------------------------------


def test_check_ins_then_every_six_months(active, professional, context):
    first, second = active.check_ins.all()
    with pytest.raises(ValidationError) as error:
        services.record_check_in(professional, check_in=first, note=" ", context=context)
    assert error.value.message_dict == {"note": ["Schrijf op hoe het gaat."]}
    services.record_check_in(professional, check_in=first, note="Gaat goed.", context=context)
    assert active.check_ins.count() == 2  # the three-month one is still planned
    services.record_check_in(professional, check_in=second, note="Vaste prik.", context=context)
    planned = active.check_ins.get(done_on__isnull=True)
    assert planned.due_on == schedule.add_months(second.due_on, 6)
    with pytest.raises(ValidationError, match="al vastgelegd"):
        services.record_check_in(professional, check_in=first, note="nog eens", context=context)


def test_ending_needs_a_reason_and_an_evaluation(active, professional, buddy_request, context):
    with pytest.raises(ValidationError) as error:
        services.end_match(professional, match=active, reason="", evaluation="", context=context)
    assert error.value.message_dict == {
        "reason": ["Geef de reden waarom de koppeling stopt."],
        "evaluation": [
            "Schrijf een korte evaluatie: wat heeft de koppeling opgeleverd, en wat ging er goed "
            "of minder goed?"
        ],
    }
    with pytest.raises(ValidationError) as error:
        services.end_match(
            professional, match=active, reason="Verhuisd.", evaluation="  ", context=context
        )
    assert set(error.value.message_dict) == {"evaluation"}
    active.refresh_from_db()
    assert active.status == Match.Status.ACTIVE and active.end_reason == ""
    services.end_match(
        professional,
        match=active,
        reason="Mevrouw gaat nu zelf naar de soos.",
        evaluation="Doel bereikt.",
        context=context,
    )
    active.refresh_from_db()
    buddy_request.refresh_from_db()
    assert active.status == Match.Status.ENDED and active.ended_on == TODAY
    assert buddy_request.status == Request.Status.CLOSED
    assert not active.check_ins.filter(done_on__isnull=True).exists()


# --- The activating home visit -----------------------------------------------


def test_a_home_visit_has_a_limited_period(professional, home_match, context):
    with pytest.raises(ValidationError) as error:
        services.start_home_visit(
            professional,
            match=home_match,
            period_start=TODAY,
            period_end=schedule.add_months(TODAY, 7),
            context=context,
        )
    assert "hoogstens zes maanden" in error.value.message_dict["period_end"][0]


def test_a_home_visit_needs_the_consent_to_still_hold(professional, home_match, context):
    consent = home_match.request.consent
    consent.withdrawn_on = TODAY
    consent.save()
    with pytest.raises(ValidationError, match="toestemming"):
        services.start_home_visit(
            professional,
            match=home_match,
            period_start=TODAY,
            period_end=TODAY + datetime.timedelta(days=30),
            context=context,
        )


def test_only_a_home_visitor_request_gets_a_visit(professional, active, context):
    with pytest.raises(ValidationError, match="huisbezoeker"):
        services.start_home_visit(
            professional,
            match=active,
            period_start=TODAY,
            period_end=TODAY + datetime.timedelta(days=30),
            context=context,
        )


def test_notes_follow_the_three_steps_in_order(visit, home_match, professional, context):
    visitor = home_match.volunteer.user
    with pytest.raises(ValidationError) as error:
        services.add_visit_note(
            visitor, visit=visit, step="perspective", text="Wat wil ze?", context=context
        )
    assert "op volgorde" in error.value.message_dict["step"][0]
    assert services.next_steps(visit) == ["clarify"]
    services.add_visit_note(
        visitor, visit=visit, step="clarify", text="Ze kookt niet meer.", context=context
    )
    services.add_visit_note(
        visitor, visit=visit, step="perspective", text="Samen koken?", context=context
    )
    services.add_visit_note(
        professional, visit=visit, step="clarify", text="Aanvulling.", context=context
    )
    services.add_visit_note(
        visitor, visit=visit, step="action", text="Kookclub buurthuis.", context=context
    )
    assert [n.step for n in visit.notes.all()] == ["clarify", "perspective", "clarify", "action"]


def test_another_volunteer_writes_no_notes(visit, north, context):
    stranger = UserFactory(role=Role.VOLUNTEER)
    VolunteerFactory(user=stranger, neighbourhood=north)
    with pytest.raises(PermissionDenied):
        services.add_visit_note(stranger, visit=visit, step="clarify", text="x", context=context)


def test_no_notes_after_the_period(visit, home_match, context):
    visit.period_start = TODAY - datetime.timedelta(days=60)
    visit.period_end = TODAY - datetime.timedelta(days=1)
    visit.save()
    with pytest.raises(ValidationError, match="voorbij"):
        services.add_visit_note(
            home_match.volunteer.user, visit=visit, step="clarify", text="x", context=context
        )


def test_a_gap_goes_out_as_a_meso_signal_without_the_resident(
    visit, home_match, resident, north, context
):
    visitor = home_match.volunteer.user
    with pytest.raises(ValidationError, match="Noem de inwoner niet"):
        services.pass_on_gap(
            visitor,
            visit=visit,
            description="Mevrouw Zonneveld kan nergens samen eten.",
            context=context,
        )
    signal = services.pass_on_gap(
        visitor,
        visit=visit,
        description="Er is in de buurt geen plek om samen te eten.",
        context=context,
    )
    signal.refresh_from_db()
    assert signal.level == Signal.Level.MESO
    assert signal.neighbourhood == north
    assert signal.subject_person is None and signal.subject_household is None
    assert signal.reporter_type == Signal.ReporterType.VOLUNTEER
    assert signal.subject_street == "" and signal.subject_postcode == ""
    for private in (resident.first_name, resident.last_name, resident.street):
        assert private not in signal.description


# --- Retention and reciprocity -------------------------------------------------


def test_retention_lists_idle_volunteers_and_quiet_matches(
    active, professional, north, team_a, context
):
    idle = VolunteerFactory(neighbourhood=north, team=team_a)
    VolunteerFactory(neighbourhood=north, team=team_a, active=False)
    rows, count = selectors.idle_volunteers(professional, context=context)
    assert [v.pk for v in rows] == [idle.pk] and count == 1
    assert selectors.matches_needing_check_in(professional, context=context) == []

    # The two-week check-in has passed without being done.
    in_three_weeks = TODAY + datetime.timedelta(days=21)
    assert selectors.matches_needing_check_in(
        professional, context=context, today=in_three_weeks
    ) == [active]
    # Done it, but then nothing for more than three months.
    for check_in in active.check_ins.all():
        check_in.done_on = TODAY
        check_in.save()
    CheckIn.objects.create(match=active, due_on=schedule.add_months(TODAY, 9))
    later = schedule.add_months(TODAY, 4)
    assert selectors.matches_needing_check_in(professional, context=context, today=later) == [
        active
    ]
    assert selectors.matches_needing_check_in(professional, context=context) == []


def test_reciprocity_counts_volunteers_who_also_receive(professional, resident, case, north):
    VolunteerFactory(neighbourhood=north, person=resident)  # in a case
    other = PersonFactory()
    household_with(other)
    VolunteerFactory(neighbourhood=north, person=other)  # a resident without support
    VolunteerFactory(neighbourhood=north)
    assert selectors.reciprocity(professional) == {"residents": 2, "supported": 1}


def test_someone_just_across_the_neighbourhood_border_is_not_missed(
    professional, team_a, resident, north, east, case, context
):
    """When the resident's own neighbourhood already fills the list with
    full scores, a volunteer 40 metres away in the next neighbourhood can
    still tie with them (nearness rounds to full points) and then ranks
    first on registration order."""

    def perfect(neighbourhood, lat, lon):
        return VolunteerFactory(
            neighbourhood=neighbourhood,
            latitude=lat,
            longitude=lon,
            profiles="buddy",
            interests=["wandelen"],
            languages=["nl"],
            availability=["MO-AM"],
            team=team_a,
        )

    across = perfect(east, 52.09036, 5.12)  # 40 m north of the resident's centre
    for _ in range(3):
        perfect(north, 52.09, 5.12)
    request = services.create_request(
        professional,
        person=resident,
        profile="buddy",
        needs="x",
        team=team_a,
        case=case,
        interests=interests("wandelen"),
        languages=["nl"],
        availability=["MO-AM"],
        context=context,
    )
    ranked = ranking.candidates(professional, request=request, limit=3)
    assert [s.total for s in ranked] == [100, 100, 100]
    assert ranked[0].volunteer == across
    assert [(s.volunteer.pk, s.total) for s in ranked] == _ranked_by_scoring_everyone(request, 3)
