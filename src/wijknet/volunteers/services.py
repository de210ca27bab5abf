"""Every write about volunteers, and the candidate list a coordinator
matches from: registering a volunteer (with a login, or linked to a resident
who also gives), requests for help from a case or the report point, the
ranked candidates with their reasons, proposing a match, both sides
accepting, the follow-up check-ins, ending, and the activating home visit
with its three steps and the gaps it passes on as meso signals.

Each service takes the acting user, checks it itself (a coordinator is a
professional or team lead of the request's or volunteer's team; a
volunteer acts only on their own matches), runs in one transaction and
writes an audit row; bad input raises ValidationError in Dutch and stores
nothing. Nothing here ever makes a match by itself: a coordinator proposes,
the volunteer and the resident both accept.
"""

import calendar
import datetime
import heapq
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.models import Neighbourhood, Role, Team, User
from wijknet.people.models import Consent, Person
from wijknet.volunteers import matching
from wijknet.volunteers.models import (
    DAYS,
    LANGUAGES,
    PARTS,
    SLOTS,
    CheckIn,
    HomeVisit,
    Interest,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
)

# Follow-up of a match: after two weeks, after three months, then every six.
FIRST_CHECK_IN_DAYS = 14
SECOND_CHECK_IN_MONTHS = 3
PERIODIC_CHECK_IN_MONTHS = 6
# An activating home visit lasts a limited period (seed 000:1942-1973).
HOME_VISIT_MAX_MONTHS = 6

LIVE = (Match.Status.PROPOSED, Match.Status.ACTIVE)
VOLUNTEER, RESIDENT = "volunteer", "resident"
SIDES = (VOLUNTEER, RESIDENT)

VOLUNTEER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "neighbourhood",
    "latitude",
    "longitude",
    "profiles",
    "languages",
    "availability",
    "training",
    "screening",
    "vog_date",
)
LANGUAGE_CODES = [code for code, _label in LANGUAGES]
# Text shown to others takes plain text: anything like markup is refused.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
_WORD = re.compile(r"\w+")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# --- Who may act ---------------------------------------------------------------


def is_coordinator(actor, team_id: int | None) -> bool:
    """A professional or team lead of the team that coordinates."""
    return access.can(actor, "volunteers.coordinate") and team_id in access.team_ids(actor)


def _require_coordinator(actor, team_id: int | None) -> None:
    if not is_coordinator(actor, team_id):
        raise PermissionDenied


def is_own_match(actor, match: Match) -> bool:
    """The volunteer of the match, logged in as themself."""
    return (
        access.can(actor, "volunteers.own_matches")
        and match.volunteer.user_id is not None
        and match.volunteer.user_id == actor.pk
    )


def _locked_match(match: Match) -> Match:
    return (
        Match.objects.select_for_update()
        .select_related("request", "request__person", "volunteer")
        .get(pk=match.pk)
    )


def _plain(value: str, field: str, errors: dict) -> str:
    text = (value or "").strip()
    if _MARKUP.search(text):
        errors[field] = _("Gebruik gewone tekst, zonder HTML-code.")
    return text


def _codes(values, allowed: list[str], field: str, message: str, errors: dict) -> list[str]:
    """A subset of ``allowed``, in the order of ``allowed``; unknown codes are
    an error on ``field``."""
    given = set(values or ())
    if given - set(allowed):
        errors[field] = message
    return [code for code in allowed if code in given]


# --- Volunteers ----------------------------------------------------------------


@transaction.atomic
def register_volunteer(
    actor,
    *,
    team: Team,
    context: AuditContext,
    interests=(),
    competences=(),
    pseudonym: str = "",
    username: str = "",
    password: str = "",
    **fields,
) -> Volunteer:
    """Register a volunteer with the actor's team as coordinator.

    ``pseudonym`` links the resident the volunteer also is (reciprocity: a
    client who gives as well); the actor must be able to see that resident.
    ``username`` creates a login with role volunteer. Without ``password``
    it gets none that works: the coordinator has an administrator set one
    and hands it over in person (the demo passes its password).
    """
    _require_coordinator(actor, team.pk)
    unknown = set(fields) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise TypeError(f"unknown volunteer fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    data = dict(fields)
    for name in ("first_name", "last_name", "training", "phone"):
        if name in data:
            data[name] = _plain(data[name], name, errors)
    for name in ("first_name", "last_name"):
        if not data.get(name):
            errors[name] = _("Vul de %(field)s in.") % {
                "field": Volunteer._meta.get_field(name).verbose_name
            }
    neighbourhood = data.get("neighbourhood")
    if neighbourhood is None:
        errors["neighbourhood"] = _("Kies de buurt waar de vrijwilliger woont.")
    elif neighbourhood.kind != Neighbourhood.Kind.NEIGHBOURHOOD:
        errors["neighbourhood"] = _("Kies een buurt, geen wijk.")

    profiles = data.get("profiles") or []
    if isinstance(profiles, str):
        profiles = profiles.split()
    data["profiles"] = " ".join(
        _codes(profiles, Profile.values, "profiles", _("Onbekende rol als vrijwilliger."), errors)
    )
    if not data["profiles"] and "profiles" not in errors:
        errors["profiles"] = _("Kies waarmee de vrijwilliger wil helpen.")
    data["languages"] = _codes(
        data.get("languages"), LANGUAGE_CODES, "languages", _("Onbekende taal."), errors
    )
    data["availability"] = _codes(
        data.get("availability"), SLOTS, "availability", _("Onbekend dagdeel."), errors
    )

    screening = data.get("screening") or Volunteer.Screening.NONE
    data["screening"] = screening
    if screening not in Volunteer.Screening.values:
        errors["screening"] = _("Kies de stand van de screening.")
    vog_date = data.get("vog_date")
    if screening == Volunteer.Screening.VOG_RECEIVED and vog_date is None:
        errors["vog_date"] = _("Vul de datum van de VOG in.")
    elif vog_date and vog_date > timezone.localdate():
        errors["vog_date"] = _("De datum van de VOG ligt in de toekomst.")

    person = None
    if (pseudonym or "").strip():
        person = (
            Person.objects.visible_to(actor).filter(pseudonym=pseudonym.strip().upper()).first()
        )
        if person is None:
            errors["pseudonym"] = _("Uw team kent geen inwoner met dit pseudoniem.")
        elif Volunteer.objects.filter(person=person).exists():
            errors["pseudonym"] = _("Deze inwoner staat al als vrijwilliger ingeschreven.")
    username = (username or "").strip()
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("Deze gebruikersnaam is al in gebruik.")

    volunteer = Volunteer(team=team, person=person, **data)
    if (volunteer.latitude is None or volunteer.longitude is None) and neighbourhood is not None:
        # Without an address point, distance is reckoned from the neighbourhood.
        from wijknet.kaart.selectors import centroid

        point = centroid(neighbourhood)
        if point is not None:
            volunteer.latitude, volunteer.longitude = point
    try:
        # The relations and the lists are checked above.
        volunteer.full_clean(
            exclude=["user", "person", "team", "neighbourhood", "languages", "availability"]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)

    if username:
        user = User.objects.create_user(
            username,
            email=volunteer.email,
            password=password or None,  # None: an unusable password
            role=Role.VOLUNTEER,
            first_name=volunteer.first_name,
            last_name=volunteer.last_name,
        )
        volunteer.user = user
    volunteer.save()
    volunteer.interests.set(interests)
    volunteer.competences.set(competences)
    audit.record(actor, audit.Action.CREATE, volunteer, context)
    return volunteer


@transaction.atomic
def set_volunteer_active(
    actor, *, volunteer: Volunteer, active: bool, context: AuditContext
) -> Volunteer:
    """Take a volunteer out of the pool (or back in); a live match stays."""
    _require_coordinator(actor, volunteer.team_id)
    volunteer.active = active
    volunteer.save(update_fields=["active"])
    audit.record(actor, audit.Action.CHANGE, volunteer, context)
    return volunteer


# --- Requests ------------------------------------------------------------------


@transaction.atomic
def create_request(
    actor,
    *,
    person: Person,
    profile: str,
    needs: str,
    team: Team,
    context: AuditContext,
    case=None,
    signal=None,
    consent: Consent | None = None,
    consent_given: bool = False,
    interests=(),
    languages=(),
    availability=(),
) -> Request:
    """Ask for a buddy, mentor, home visitor or practical help for a resident.

    From a case, the request belongs to the case's team and is for a member
    of its household; from the report point, to the team a signal linked to
    the resident is routed to. Otherwise the team must work with the
    resident's household. A home visit is a referral and needs the
    resident's consent: ``consent_given`` records it (purpose referral), or
    pass an active referral ``consent`` already on file.
    """
    if not is_coordinator(actor, team.pk):
        raise PermissionDenied
    if case is not None:
        if not access.can_work_on_case(actor, case) or case.team_id != team.pk:
            raise PermissionDenied
        if not case.household.members.filter(person=person).exists():
            raise ValidationError({"person": _("Kies een lid van het huishouden van het traject.")})
    elif signal is not None:
        from wijknet.signals.models import Signal

        if not access.can(actor, "signals.triage") or not (
            Signal.objects.visible_to(actor).filter(pk=signal.pk, team=team).exists()
        ):
            raise PermissionDenied
        if signal.subject_person_id != person.pk:
            raise ValidationError(_("Koppel de melding eerst aan de inwoner."))
    elif not access.can_change_person(actor, person):
        raise PermissionDenied

    errors: dict = {}
    if profile not in Profile.values:
        errors["profile"] = _("Kies wat er gevraagd wordt.")
    needs = _plain(needs, "needs", errors)
    if not needs:
        errors["needs"] = _("Beschrijf wat de koppeling vraagt.")
    elif len(needs) > Request._meta.get_field("needs").max_length:
        errors["needs"] = _("Houd het kort: hoogstens 1000 tekens.")
    languages = _codes(languages, LANGUAGE_CODES, "languages", _("Onbekende taal."), errors)
    availability = _codes(availability, SLOTS, "availability", _("Onbekend dagdeel."), errors)
    if consent is not None and not (
        consent.person_id == person.pk
        and consent.purpose == Consent.Purpose.REFERRAL
        and consent.is_active
    ):
        errors["consent"] = _("Deze toestemming geldt niet voor doorverwijzing van deze inwoner.")
    if profile == Profile.HOME_VISITOR and consent is None and not consent_given:
        errors["consent_given"] = _(
            "Een huisbezoek is een doorverwijzing: dat kan alleen met toestemming van de inwoner."
        )
    if errors:
        raise ValidationError(errors)

    if consent is None and consent_given:
        consent = Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.REFERRAL,
            recorded_by=actor,
            note=_("hulpvraag: %(profile)s") % {"profile": Profile(profile).label},
        )
        consent.teams.add(team)
        audit.record(actor, audit.Action.CHANGE, person, context)
    request = Request.objects.create(
        profile=profile,
        person=person,
        team=team,
        case=case,
        signal=signal,
        needs=needs,
        languages=languages,
        availability=availability,
        consent=consent,
        created_by=actor,
    )
    request.interests.set(interests)
    audit.record(actor, audit.Action.CREATE, request, context)
    return request


@transaction.atomic
def close_request(actor, *, request: Request, reason: str, context: AuditContext) -> Request:
    """Close a request nobody is matched to (any more)."""
    _require_coordinator(actor, request.team_id)
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status == Request.Status.CLOSED:
        raise ValidationError(_("Deze hulpvraag is al gesloten."))
    if request.matches.filter(status__in=LIVE).exists():
        raise ValidationError(_("Rond eerst de koppeling af die voor deze hulpvraag loopt."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Geef de reden om de hulpvraag te sluiten.")})
    request.status = Request.Status.CLOSED
    request.closed_reason = reason.strip()[:300]
    request.save(update_fields=["status", "closed_reason"])
    audit.record(actor, audit.Action.CHANGE, request, context)
    return request


# --- Candidates and their reasons --------------------------------------------


PART_LABELS = {
    matching.NEARNESS: gettext_lazy("Nabijheid"),
    matching.INTERESTS: gettext_lazy("Interesses"),
    matching.LANGUAGE: gettext_lazy("Taal"),
    matching.AVAILABILITY: gettext_lazy("Beschikbaarheid"),
    matching.PROFILE: gettext_lazy("Aanbod"),
}


@dataclass(frozen=True)
class Reason:
    """One part of a score, in words for the coordinator."""

    part: str
    points: int
    weight: int
    text: str

    @property
    def label(self) -> str:
        return str(PART_LABELS[self.part])


@dataclass(frozen=True)
class Suggestion:
    """A ranked candidate: the volunteer, the total and why."""

    volunteer: Volunteer
    total: int
    reasons: list[Reason]


def need_for(request: Request, interest_codes: frozenset[str]) -> matching.Need:
    """What the request asks, for the score. The resident's place is their
    neighbourhood (and its centre for distances); nothing else of the
    resident goes in."""
    from wijknet.kaart.selectors import centroid

    person = request.person
    return matching.Need(
        profile=request.profile,
        neighbourhood_id=person.neighbourhood_id,
        point=centroid(person.neighbourhood) if person.neighbourhood_id else None,
        interests=interest_codes,
        languages=frozenset(request.languages),
        availability=frozenset(request.availability),
    )


def stored_reasons(need: matching.Need, result: matching.Score) -> list[dict]:
    """The parts of a score as stored on a match: what was found, not the
    words, so a match reads in the language of whoever opens it."""
    wanted = {
        matching.INTERESTS: len(need.interests),
        matching.LANGUAGE: len(need.languages),
        matching.AVAILABILITY: len(need.availability),
    }
    return [
        {
            "part": part.name,
            "points": part.points,
            "weight": part.weight,
            "detail": list(part.detail),
            "wanted": wanted.get(part.name, 0),
        }
        for part in result.parts
    ]


def _slot_label(slot: str) -> str:
    day, part = slot.split("-")
    return f"{dict(DAYS)[day]}{dict(PARTS)[part]}"


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def reason_text(part: dict, interest_names: dict[str, str]) -> str:
    """One stored part of a score in words, e.g. 'zelfde buurt', '2,1 km',
    '2 van 3 interesses: wandelen, koken', 'spreekt Arabisch'."""
    name, detail, wanted = part["part"], part.get("detail") or [], part.get("wanted", 0)
    if name == matching.NEARNESS:
        if detail[:1] == ["same"]:
            return _("zelfde buurt")
        if detail[:1] == ["km"]:
            return _("%(km)s km") % {"km": formats.number_format(detail[1], 1)}
        return _("afstand onbekend")
    if name == matching.INTERESTS:
        if not wanted:
            return _("geen interesses gevraagd")
        text = ngettext("%(n)s van %(m)s interesse", "%(n)s van %(m)s interesses", wanted) % {
            "n": len(detail),
            "m": wanted,
        }
        names = [interest_names.get(code, code) for code in detail]
        return f"{text}: {', '.join(names)}" if names else text
    if name == matching.LANGUAGE:
        if not wanted:
            return _("geen taal gevraagd")
        if not detail:
            return _("spreekt geen van de gevraagde talen")
        labels = dict(LANGUAGES)
        return _("spreekt %(languages)s") % {
            "languages": _join([str(labels.get(code, code)) for code in detail])
        }
    if name == matching.AVAILABILITY:
        if not wanted:
            return _("geen dagdelen gevraagd")
        text = ngettext(
            "beschikbaar op %(n)s van %(m)s gevraagd dagdeel",
            "beschikbaar op %(n)s van %(m)s gevraagde dagdelen",
            wanted,
        ) % {"n": len(detail), "m": wanted}
        slots = [_slot_label(slot) for slot in detail if slot in SLOTS]
        return f"{text}: {', '.join(slots)}" if slots else text
    if name == matching.PROFILE:
        if detail:
            return _("biedt %(profile)s aan") % {"profile": Profile(detail[0]).label}
        return _("biedt dit niet aan")
    return ""


def explain(parts: list[dict], interest_names: dict[str, str]) -> list[Reason]:
    return [
        Reason(part["part"], part["points"], part["weight"], reason_text(part, interest_names))
        for part in parts
    ]


def interest_names() -> dict[str, str]:
    """Codes to names of the interests (reference data, one query)."""
    return dict(Interest.objects.values_list("code", "name"))


def _pool(request: Request):
    """The volunteers who may be matched to the request, filtered in the
    database: active with a VOG, offering what is asked, never the resident
    themself, and not anyone already proposed for (or who declined) this
    request. Served by the ``volunteer_pool`` index (active, screening, …)."""
    return (
        Volunteer.objects.available()
        .filter(profiles__contains=request.profile)
        .exclude(person_id=request.person_id)
        .exclude(pk__in=Match.objects.filter(request_id=request.pk).values("volunteer_id"))
    )


# Around the resident, a box a little wider than matching.MAX_KM in every
# direction: a volunteer outside it (and outside the resident's
# neighbourhood) scores nothing for nearness.
BOX_LAT, BOX_LON = 0.05, 0.09
FAR_MAX = sum(matching.WEIGHTS.values()) - matching.WEIGHTS[matching.NEARNESS]


def _near(need: matching.Need) -> Q | None:
    """Who can score for nearness, as a filter; None when nobody can."""
    near = Q(neighbourhood_id=need.neighbourhood_id) if need.neighbourhood_id else Q()
    if need.point is not None:
        lat, lon = need.point
        near |= Q(
            latitude__range=(lat - BOX_LAT, lat + BOX_LAT),
            longitude__range=(lon - BOX_LON, lon + BOX_LON),
        )
    return near or None


def _pool_rows(
    request: Request, need: matching.Need, interest_ids: dict[int, str], near: Q | None = None
):
    """The pool as plain tuples (id, neighbourhood, point, interests,
    languages, day parts): one query for the fields the score needs, one for
    the requested interests through the M2M table. Only what the request
    asks for can count, so only that is kept. ``near`` narrows the pool to
    the volunteers around the resident."""
    pool = _pool(request).order_by()
    if near is not None:
        pool = pool.filter(near)
    shared: dict[int, list[str]] = {}
    if interest_ids:
        through = Volunteer.interests.through
        pairs = through.objects.filter(
            interest_id__in=list(interest_ids), volunteer_id__in=pool.values("pk")
        ).values_list("volunteer_id", "interest_id")
        for volunteer_id, interest_id in pairs:
            shared.setdefault(volunteer_id, []).append(interest_ids[interest_id])
    # The JSON lists are read as text: codes are plain letters, digits and
    # hyphens, so a quoted code is found only as a whole element, and
    # decoding every row would cost more than scoring it. A part the request
    # leaves open counts in full, whatever the volunteer has: its column is
    # not even read then.
    languages = [(code, f'"{code}"') for code in need.languages]
    slots = [(code, f'"{code}"') for code in need.availability]
    rows = pool.annotate(
        languages_text=Cast("languages", TextField()) if languages else Value(""),
        availability_text=Cast("availability", TextField()) if slots else Value(""),
    ).values_list(
        "id", "neighbourhood_id", "latitude", "longitude", "languages_text", "availability_text"
    )
    none: list = []
    for pk, neighbourhood_id, lat, lon, languages_text, availability_text in rows:
        yield (
            pk,
            neighbourhood_id,
            (lat, lon) if lat is not None and lon is not None else None,
            shared.get(pk, none),
            [code for code, quoted in languages if quoted in languages_text] if languages else none,
            [code for code, quoted in slots if quoted in availability_text] if slots else none,
        )


def _upper_bound(need: matching.Need, row: tuple) -> int:
    """At least the score ``matching.score`` gives the row, and cheap: no
    objects, each part at most its weight times the share found plus the
    half a point rounding may add. Only a candidate whose bound can still
    reach the top is scored for real."""
    _pk, neighbourhood_id, point, interests, languages, availability = row
    weights = matching.WEIGHTS
    bound = weights[matching.PROFILE] + 1e-6  # and a hair for float error
    if need.neighbourhood_id is not None and need.neighbourhood_id == neighbourhood_id:
        bound += weights[matching.NEARNESS]
    elif need.point is not None and point is not None:
        km = matching.distance_km(need.point, point)
        bound += weights[matching.NEARNESS] * max(0.0, 1 - km / matching.MAX_KM) + 0.5
    for part, wanted, found in (
        (matching.INTERESTS, need.interests, interests),
        (matching.AVAILABILITY, need.availability, availability),
    ):
        bound += weights[part] * len(found) / len(wanted) + 0.5 if wanted else weights[part]
    if not need.languages or languages:
        bound += weights[matching.LANGUAGE]
    return int(bound)


def _shortlist(need: matching.Need, profile: str, rows, limit: int) -> list[matching.Candidate]:
    """The candidates that can make the best ``limit``: rows are taken by
    their upper bound, highest first, and scored until no bound can beat the
    ``limit``-th score found (equal scores rank by id). ``matching.rank``
    over this shortlist gives the same list as over the whole pool."""
    if limit <= 0:
        return []
    profiles = frozenset({profile})  # the pool offers it, by the filter
    bounded = sorted(((_upper_bound(need, row), row) for row in rows), key=lambda x: -x[0])
    kept: list[matching.Candidate] = []
    worst: list[tuple[int, int]] = []  # min-heap of (score, -id): the weakest on top
    for bound, row in bounded:
        if len(worst) == limit:
            if bound < worst[0][0]:
                break  # every later bound is lower still
            if (bound, -row[0]) < worst[0]:
                continue
        candidate = matching.Candidate(
            id=row[0],
            neighbourhood_id=row[1],
            point=row[2],
            profiles=profiles,
            interests=frozenset(row[3]),
            languages=frozenset(row[4]),
            availability=frozenset(row[5]),
        )
        kept.append(candidate)
        key = (matching.score(need, candidate).total, -candidate.id)
        if len(worst) < limit:
            heapq.heappush(worst, key)
        elif key > worst[0]:
            heapq.heapreplace(worst, key)
    return kept


def candidates(
    actor, *, request: Request, limit: int = 10, names: dict[str, str] | None = None
) -> list[Suggestion]:
    """The best ``limit`` volunteers for the request, highest score first,
    each with the reasons per part. A coordinator reads them and decides.
    Fixed cost in queries: the request's interests, the pool, the pool's
    shared interests, the volunteers shown and (if asked) interest names."""
    _require_coordinator(actor, request.team_id)
    interest_ids = {i.pk: i.code for i in request.interests.all()}  # prefetched or one query
    need = need_for(request, frozenset(interest_ids.values()))
    ranked = []
    near = _near(need)
    if near is not None:
        # Around the resident first: when the weakest of the best scores
        # more than anyone farther away could, the rest of the pool cannot
        # change the list (and ties cannot arise).
        rows = _pool_rows(request, need, interest_ids, near)
        ranked = matching.rank(need, _shortlist(need, request.profile, rows, limit), limit=limit)
    if len(ranked) < limit or ranked[-1].total <= FAR_MAX:
        rows = _pool_rows(request, need, interest_ids)
        ranked = matching.rank(need, _shortlist(need, request.profile, rows, limit), limit=limit)
    volunteers = Volunteer.objects.select_related("neighbourhood").in_bulk(
        [result.candidate.id for result in ranked]
    )
    if names is None:
        names = interest_names() if need.interests else {}
    return [
        Suggestion(
            volunteer=volunteers[result.candidate.id],
            total=result.total,
            reasons=explain(stored_reasons(need, result), names),
        )
        for result in ranked
        if result.candidate.id in volunteers
    ]


def score_volunteer(request: Request, volunteer: Volunteer) -> tuple[matching.Need, matching.Score]:
    """The score of one volunteer for a request, as the candidate list has it."""
    interest_ids = {i.pk: i.code for i in request.interests.all()}  # prefetched or one query
    need = need_for(request, frozenset(interest_ids.values()))
    candidate = matching.Candidate(
        id=volunteer.pk,
        neighbourhood_id=volunteer.neighbourhood_id,
        point=(
            (volunteer.latitude, volunteer.longitude)
            if volunteer.latitude is not None and volunteer.longitude is not None
            else None
        ),
        profiles=frozenset(volunteer.profile_codes),
        interests=frozenset(volunteer.interests.values_list("code", flat=True)),
        languages=frozenset(volunteer.languages),
        availability=frozenset(volunteer.availability),
    )
    return need, matching.score(need, candidate)


# --- Matches -------------------------------------------------------------------


@transaction.atomic
def propose(actor, *, request: Request, volunteer: Volunteer, context: AuditContext) -> Match:
    """Propose a volunteer for the request; the score and its reasons are
    kept with the match. Both the volunteer and the resident still decide."""
    _require_coordinator(actor, request.team_id)
    request = Request.objects.select_for_update().select_related("person").get(pk=request.pk)
    if request.status != Request.Status.OPEN:
        raise ValidationError(_("Deze hulpvraag staat niet meer open."))
    if request.matches.filter(status__in=LIVE).exists():
        raise ValidationError(_("Voor deze hulpvraag loopt al een koppeling."))
    if not _pool(request).filter(pk=volunteer.pk).exists():
        raise ValidationError(
            {"volunteer": _("Deze vrijwilliger komt voor deze hulpvraag niet in aanmerking.")}
        )
    need, result = score_volunteer(request, volunteer)
    match = Match.objects.create(
        request=request,
        volunteer=volunteer,
        score=result.total,
        reasons=stored_reasons(need, result),
        proposed_by=actor,
    )
    audit.record(actor, audit.Action.CREATE, match, context)
    return match


def _may_act_for(actor, match: Match, side: str) -> bool:
    """The volunteer answers for themself; a volunteer without a login
    answers through the coordinator. The resident's answer is recorded by
    the coordinator, or given by the resident in the portal."""
    coordinator = is_coordinator(actor, match.request.team_id)
    if side == VOLUNTEER:
        return is_own_match(actor, match) or (coordinator and match.volunteer.user_id is None)
    if side == RESIDENT:
        person_user = match.request.person.user_id
        return coordinator or (person_user is not None and person_user == actor.pk)
    return False


@transaction.atomic
def accept(actor, *, match: Match, side: str, context: AuditContext) -> Match:
    """One side says yes. When both have, the match starts today, the
    request is matched and the first two check-ins are planned."""
    if side not in SIDES:
        raise ValidationError(_("Onbekende partij."))
    match = _locked_match(match)
    if not _may_act_for(actor, match, side):
        raise PermissionDenied
    if match.status != Match.Status.PROPOSED:
        raise ValidationError(_("Deze koppeling is geen voorstel meer."))
    now = timezone.now()
    if side == VOLUNTEER and match.volunteer_accepted_at is None:
        match.volunteer_accepted_at = now
    if side == RESIDENT and match.resident_accepted_at is None:
        match.resident_accepted_at = now
    fields = ["volunteer_accepted_at", "resident_accepted_at"]
    if match.volunteer_accepted_at and match.resident_accepted_at:
        today = timezone.localdate()
        match.status = Match.Status.ACTIVE
        match.started_on = today
        fields += ["status", "started_on"]
        Request.objects.filter(pk=match.request_id).update(status=Request.Status.MATCHED)
        CheckIn.objects.bulk_create(
            [
                CheckIn(match=match, due_on=today + datetime.timedelta(days=FIRST_CHECK_IN_DAYS)),
                CheckIn(match=match, due_on=add_months(today, SECOND_CHECK_IN_MONTHS)),
            ]
        )
    match.save(update_fields=fields)
    audit.record(actor, audit.Action.CHANGE, match, context)
    return match


@transaction.atomic
def decline(actor, *, match: Match, side: str, context: AuditContext) -> Match:
    """One side says no: the proposal ends and the request is open for
    another candidate. Who declined is kept."""
    if side not in SIDES:
        raise ValidationError(_("Onbekende partij."))
    match = _locked_match(match)
    if not _may_act_for(actor, match, side):
        raise PermissionDenied
    if match.status != Match.Status.PROPOSED:
        raise ValidationError(_("Deze koppeling is geen voorstel meer."))
    match.status = Match.Status.DECLINED
    match.declined_by = side
    match.save(update_fields=["status", "declined_by"])
    audit.record(actor, audit.Action.CHANGE, match, context)
    return match


@transaction.atomic
def record_check_in(actor, *, check_in: CheckIn, note: str, context: AuditContext) -> CheckIn:
    """The coordinator records how the match is going. When no planned
    check-in is left, the next periodic one is planned."""
    match = _locked_match(check_in.match)
    _require_coordinator(actor, match.request.team_id)
    check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Deze koppeling loopt niet."))
    if check_in.done_on is not None:
        raise ValidationError(_("Dit contactmoment is al vastgelegd."))
    errors: dict = {}
    note = _plain(note, "note", errors)
    if not note:
        errors["note"] = _("Schrijf op hoe het gaat.")
    if errors:
        raise ValidationError(errors)
    check_in.done_on = timezone.localdate()
    check_in.note = note
    check_in.done_by = actor
    check_in.save(update_fields=["done_on", "note", "done_by"])
    if not match.check_ins.filter(done_on__isnull=True).exists():
        last = max(check_in.due_on, check_in.done_on)
        CheckIn.objects.create(match=match, due_on=add_months(last, PERIODIC_CHECK_IN_MONTHS))
    audit.record(actor, audit.Action.CHANGE, match, context)
    return check_in


@transaction.atomic
def end_match(
    actor, *, match: Match, reason: str, evaluation: str = "", context: AuditContext
) -> Match:
    """End a running match with a reason and an evaluation; the request
    closes with it. Check-ins not yet done are dropped."""
    match = _locked_match(match)
    _require_coordinator(actor, match.request.team_id)
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Alleen een lopende koppeling kan worden beëindigd."))
    errors: dict = {}
    reason = _plain(reason, "reason", errors)
    evaluation = _plain(evaluation, "evaluation", errors)
    if not reason:
        errors["reason"] = _("Geef de reden waarom de koppeling stopt.")
    if errors:
        raise ValidationError(errors)
    match.status = Match.Status.ENDED
    match.ended_on = timezone.localdate()
    match.end_reason = reason[:300]
    match.evaluation = evaluation
    match.save(update_fields=["status", "ended_on", "end_reason", "evaluation"])
    match.check_ins.filter(done_on__isnull=True).delete()
    Request.objects.filter(pk=match.request_id).update(
        status=Request.Status.CLOSED, closed_reason=reason[:300]
    )
    audit.record(actor, audit.Action.CHANGE, match, context)
    return match


# --- The activating home visit ---------------------------------------------


def _referral_consent_active(request: Request) -> bool:
    return request.consent_id is not None and request.consent.is_active


@transaction.atomic
def start_home_visit(
    actor,
    *,
    match: Match,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    context: AuditContext,
) -> HomeVisit:
    """Start the home visit of a running home-visitor match, for a limited
    period, with the resident's referral consent on file."""
    match = _locked_match(match)
    _require_coordinator(actor, match.request.team_id)
    request = match.request
    if request.profile != Profile.HOME_VISITOR:
        raise ValidationError(_("Alleen een hulpvraag om een huisbezoeker krijgt een huisbezoek."))
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Een huisbezoek begint pas als beide partijen hebben ingestemd."))
    if not _referral_consent_active(request):
        raise ValidationError(
            _("Er is geen geldige toestemming van de inwoner voor doorverwijzing.")
        )
    if HomeVisit.objects.filter(match=match).exists():
        raise ValidationError(_("Voor deze koppeling loopt al een huisbezoek."))
    errors: dict = {}
    if period_start is None:
        errors["period_start"] = _("Vul de begindatum in.")
    if period_end is None:
        errors["period_end"] = _("Vul de einddatum in.")
    if not errors:
        if period_end < period_start:
            errors["period_end"] = _("De einddatum ligt voor de begindatum.")
        elif period_end > add_months(period_start, HOME_VISIT_MAX_MONTHS):
            errors["period_end"] = _(
                "Een huisbezoek duurt een beperkte periode: hoogstens zes maanden."
            )
        if match.started_on and period_start < match.started_on:
            errors["period_start"] = _("Het huisbezoek kan niet vóór de koppeling beginnen.")
    if errors:
        raise ValidationError(errors)
    visit = HomeVisit.objects.create(match=match, period_start=period_start, period_end=period_end)
    audit.record(actor, audit.Action.CHANGE, match, context)
    return visit


# The three steps, in order: look differently, think differently, act differently.
STEPS = [VisitNote.Step.CLARIFY, VisitNote.Step.PERSPECTIVE, VisitNote.Step.ACTION]


def _visit_match(actor, visit: HomeVisit) -> Match:
    match = _locked_match(visit.match)
    if not (is_own_match(actor, match) or is_coordinator(actor, match.request.team_id)):
        raise PermissionDenied
    return match


def next_steps(visit: HomeVisit, notes=None) -> list[str]:
    """The steps a note may be written for now: every step already begun,
    and the first one not yet begun (the steps are taken in order)."""
    taken = {note.step for note in (visit.notes.all() if notes is None else notes)}
    open_steps = []
    for step in STEPS:
        open_steps.append(step)
        if step not in taken:
            break
    return open_steps


@transaction.atomic
def add_visit_note(
    actor, *, visit: HomeVisit, step: str, text: str, context: AuditContext
) -> VisitNote:
    """A note of the visitor (or coordinator) in one of the three steps,
    taken in order, within the visit's period and while consent holds."""
    match = _visit_match(actor, visit)
    visit = HomeVisit.objects.get(pk=visit.pk)
    today = timezone.localdate()
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Deze koppeling loopt niet meer."))
    if not _referral_consent_active(match.request):
        raise ValidationError(_("De inwoner heeft de toestemming voor doorverwijzing ingetrokken."))
    if today > visit.period_end:
        raise ValidationError(_("De periode van het huisbezoek is voorbij."))
    if today < visit.period_start:
        raise ValidationError(_("De periode van het huisbezoek is nog niet begonnen."))
    errors: dict = {}
    if step not in VisitNote.Step.values:
        errors["step"] = _("Kies een stap.")
    elif step not in next_steps(visit):
        errors["step"] = _(
            "Werk de stappen op volgorde af: eerst anders kijken, dan anders denken, "
            "dan anders doen."
        )
    text = _plain(text, "text", errors)
    if not text:
        errors["text"] = _("Schrijf de notitie.")
    if errors:
        raise ValidationError(errors)
    note = VisitNote.objects.create(visit=visit, step=step, on=today, text=text, author=actor)
    audit.record(actor, audit.Action.CHANGE, match, context)
    return note


def _names_the_resident(text: str, person: Person) -> bool:
    """Whether the text names the resident (first or last name as words)."""
    words = " " + " ".join(_WORD.findall(text.lower())) + " "
    for name in (person.first_name, person.last_name):
        name_words = " ".join(_WORD.findall((name or "").lower()))
        if len(name_words) >= 2 and f" {name_words} " in words:
            return True
    return False


@transaction.atomic
def pass_on_gap(actor, *, visit: HomeVisit, description: str, context: AuditContext):
    """A gap in the neighbourhood that the visit brought to light goes to
    the report point as a meso signal: the neighbourhood and the gap, no
    personal data of the resident and no link back to the visit."""
    from wijknet.signals import services as signal_services
    from wijknet.signals.models import Signal

    match = _visit_match(actor, visit)
    person = match.request.person
    errors: dict = {}
    description = _plain(description, "description", errors)
    if not description:
        errors["description"] = _("Beschrijf wat er in de buurt ontbreekt.")
    elif _names_the_resident(description, person):
        errors["description"] = _(
            "Noem de inwoner niet: beschrijf alleen wat er in de buurt ontbreekt."
        )
    if errors:
        raise ValidationError(errors)
    reporter = (
        Signal.ReporterType.VOLUNTEER
        if actor.role == Role.VOLUNTEER
        else Signal.ReporterType.PROFESSIONAL
    )
    return signal_services.submit_signal(
        actor,
        channel=Signal.Channel.PARTNER_FORM,
        reporter_type=reporter,
        description=description,
        level=Signal.Level.MESO,
        neighbourhood=person.neighbourhood,
        context=context,
    )
