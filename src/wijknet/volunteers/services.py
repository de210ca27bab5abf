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
import functools
import heapq
import math
import operator
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Floor, Greatest, Sqrt
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


def _volunteer_data(fields: dict, errors: dict) -> dict:
    """The volunteer's own fields checked and normalised, as registering and
    changing a registration both take them; problems go into ``errors``."""
    unknown = set(fields) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise TypeError(f"unknown volunteer fields: {', '.join(sorted(unknown))}")
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
    return data


def _place_in(volunteer: Volunteer) -> None:
    """Without an address point, distance is reckoned from the
    neighbourhood's centre."""
    from wijknet.kaart.selectors import centroid

    point = centroid(volunteer.neighbourhood)
    if point is not None:
        volunteer.latitude, volunteer.longitude = point


def _full_clean(volunteer: Volunteer, errors: dict) -> None:
    try:
        # The relations and the lists are checked in ``_volunteer_data``.
        volunteer.full_clean(
            exclude=["user", "person", "team", "neighbourhood", "languages", "availability"]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)


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
    errors: dict = {}
    data = _volunteer_data(fields, errors)
    neighbourhood = data.get("neighbourhood")

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
        _place_in(volunteer)
    _full_clean(volunteer, errors)
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


# What a coordinator may change of a registration: not the login, the
# resident the volunteer also is, or the coordinating team.
CHANGEABLE_FIELDS = tuple(
    name for name in VOLUNTEER_FIELDS if name not in ("latitude", "longitude")
)


@transaction.atomic
def update_volunteer(
    actor,
    *,
    volunteer: Volunteer,
    context: AuditContext,
    interests=(),
    competences=(),
    active: bool = True,
    **fields,
) -> Volunteer:
    """Change a registration: the details, what the volunteer offers, the
    screening (a VOG received, renewed or expired) and whether they are in
    the pool. The same checks as registering; bad input changes nothing.
    A new neighbourhood moves the point distances count from to its centre."""
    _require_coordinator(actor, volunteer.team_id)
    unknown = set(fields) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown volunteer fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    data = _volunteer_data(fields, errors)
    if errors:
        raise ValidationError(errors)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    moved = data["neighbourhood"].pk != volunteer.neighbourhood_id
    for name, value in data.items():
        setattr(volunteer, name, value)
    volunteer.active = bool(active)
    if moved or volunteer.latitude is None or volunteer.longitude is None:
        volunteer.latitude = volunteer.longitude = None
        _place_in(volunteer)
    _full_clean(volunteer, errors)
    if errors:
        raise ValidationError(errors)
    volunteer.save()
    volunteer.interests.set(interests)
    volunteer.competences.set(competences)
    audit.record(actor, audit.Action.CHANGE, volunteer, context)
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
    database: active with a VOG received that has not expired
    (``Volunteer.objects.available``), offering what is asked, never the
    resident themself, and not anyone already proposed for (or who declined)
    this request."""
    return (
        Volunteer.objects.available()
        .filter(profiles__contains=request.profile)
        .exclude(person_id=request.person_id)
        .exclude(pk__in=Match.objects.filter(request_id=request.pk).values("volunteer_id"))
    )


# A hair below 1: the straight-line distance the database computes, times
# this, stays below the great-circle distance ``matching`` scores with, even
# over the few kilometres where nearness counts.
DISTANCE_SLACK = 0.99
# Rows read per round trip when walking the pool best bound first; the next
# round reads four times as many.
FIRST_CHUNK = 50
# The most anyone can score without points for nearness.
FAR_MAX = sum(matching.WEIGHTS.values()) - matching.WEIGHTS[matching.NEARNESS]


def _speaks(need: matching.Need) -> Q:
    """Speaks a requested language. The JSON lists are compared as text:
    codes are plain letters, digits and hyphens, so a quoted code is found
    only as a whole element."""
    return functools.reduce(
        operator.or_, (Q(languages_text__contains=f'"{code}"') for code in sorted(need.languages))
    )


def _free(code: str) -> Q:
    return Q(availability_text__contains=f'"{code}"')


def _shares_interest(interest_ids: dict[int, str]):
    return Volunteer.interests.through.objects.filter(
        volunteer_id=OuterRef("pk"), interest_id__in=list(interest_ids)
    ).order_by()


def _bounded_pool(request: Request, need: matching.Need, interest_ids: dict[int, str]):
    """The pool with ``bound``: an upper bound on each volunteer's score,
    computed by the database as a whole number, so the pool can be walked
    best first (equal bounds by id) and left as soon as nobody further on can
    reach the top. Each part is bounded by its weight times the share found,
    plus the half point rounding may add; nearness by a flat distance a
    little shorter than the true one."""
    weights = matching.WEIGHTS
    # The pool offers the profile; a hair more against float error.
    parts = [Value(float(weights[matching.PROFILE]) + 1e-6)]

    nearness = []
    if need.neighbourhood_id is not None:
        nearness.append(
            When(neighbourhood_id=need.neighbourhood_id, then=weights[matching.NEARNESS])
        )
    if need.point is not None:
        lat, lon = need.point
        km_per_degree = math.radians(matching.EARTH_RADIUS_KM) * DISTANCE_SLACK
        squeeze = math.cos(math.radians(lat))
        flat = Sqrt(
            (F("latitude") - lat) * (F("latitude") - lat)
            + (F("longitude") - lon) * (F("longitude") - lon) * (squeeze * squeeze)
        )
        per_km = weights[matching.NEARNESS] / matching.MAX_KM
        nearness.append(
            When(
                latitude__isnull=False,
                longitude__isnull=False,
                then=Greatest(
                    Value(0.0), weights[matching.NEARNESS] - flat * (km_per_degree * per_km)
                )
                + 0.5,
            )
        )
    if nearness:
        parts.append(Case(*nearness, default=Value(0.0), output_field=FloatField()))

    if interest_ids:
        found = _shares_interest(interest_ids).values("volunteer_id").annotate(n=Count("*"))
        share = weights[matching.INTERESTS] / len(interest_ids)
        parts.append(Coalesce(Subquery(found.values("n")), 0) * share + 0.5)
    else:
        parts.append(Value(float(weights[matching.INTERESTS])))

    if need.languages:
        parts.append(Case(When(_speaks(need), then=weights[matching.LANGUAGE]), default=0))
    else:
        parts.append(Value(float(weights[matching.LANGUAGE])))

    if need.availability:
        share = weights[matching.AVAILABILITY] / len(need.availability)
        free = [Case(When(_free(code), then=1), default=0) for code in sorted(need.availability)]
        parts.append(sum(free[1:], free[0]) * share + 0.5)
    else:
        parts.append(Value(float(weights[matching.AVAILABILITY])))

    total = sum(parts[1:], parts[0])
    return (
        _pool(request)
        .annotate(
            languages_text=Cast("languages", TextField()),
            availability_text=Cast("availability", TextField()),
        )
        .annotate(bound=Floor(ExpressionWrapper(total, output_field=FloatField())))
        .order_by("-bound", "pk")
    )


def _ranked(request: Request, need: matching.Need, interest_ids: dict[int, str], limit: int):
    """The best ``limit`` scores over the pool, exactly as scoring everyone
    would rank them, read in three rings, each only as far as it can still
    change the list:

    1. the resident's own neighbourhood (full points for nearness);
    2. around it, within the distance that still scores enough for
       nearness to beat the weakest of the best so far (a square through
       the place index);
    3. everyone farther away, who scores nothing for nearness: only when the
       other parts alone can still reach the list, and then only those who
       have each part the list cannot do without."""
    if limit <= 0:
        return []
    bounded = _bounded_pool(request, need, interest_ids)
    best: list[tuple[int, int, matching.Score]] = []  # min-heap: the weakest on top

    def floor() -> int:
        return best[0][0] if len(best) == limit else 0

    def walk(rows) -> None:
        if floor():
            rows = rows.filter(bound__gte=floor())
        _walk(rows, request, need, interest_ids, best, limit)

    rest = bounded
    if need.neighbourhood_id is not None:
        walk(bounded.filter(neighbourhood_id=need.neighbourhood_id))
        rest = bounded.exclude(neighbourhood_id=need.neighbourhood_id)
    if need.point is not None:
        walk(rest.filter(_within(need.point, _reach_km(max(floor(), FAR_MAX + 1)))))
        rest = rest.exclude(_within(need.point, _reach_km(FAR_MAX + 1)))
    if floor() <= FAR_MAX:
        walk(rest.filter(_needed_far(need, interest_ids, floor())))
    return _by_score(best)


def _reach_km(score: int) -> float:
    """How near someone must live for nearness to make up what the other
    parts cannot reach of ``score``: round(30 * (1 - km / 5)) >= missing."""
    missing = score - FAR_MAX
    weight = matching.WEIGHTS[matching.NEARNESS]
    return max(0.0, matching.MAX_KM * (1 - (missing - 0.5) / weight))


def _within(point: tuple[float, float], km: float) -> Q:
    """A square a little wider than ``km`` around the point, on the place
    index: everyone within ``km`` lies inside it."""
    lat, lon = point
    half_lat = 1.05 * km / math.radians(matching.EARTH_RADIUS_KM)
    half_lon = half_lat / math.cos(math.radians(min(89.0, abs(lat) + half_lat)))
    return Q(
        latitude__range=(lat - half_lat, lat + half_lat),
        longitude__range=(lon - half_lon, lon + half_lon),
    )


def _needed_far(need: matching.Need, interest_ids: dict[int, str], floor: int) -> Q:
    """What someone without points for nearness must have to still score
    ``floor``: each part the request asks for whose absence alone would
    keep them below it. Cheap tests, so the bound is computed for few."""
    weights = matching.WEIGHTS
    needed = Q()
    if need.languages and FAR_MAX - weights[matching.LANGUAGE] < floor:
        needed &= _speaks(need)
    if interest_ids and FAR_MAX - weights[matching.INTERESTS] < floor:
        needed &= Q(Exists(_shares_interest(interest_ids)))
    if need.availability and FAR_MAX - weights[matching.AVAILABILITY] < floor:
        needed &= functools.reduce(operator.or_, map(_free, sorted(need.availability)))
    return needed


def _walk(
    rows,
    request: Request,
    need: matching.Need,
    interest_ids: dict[int, str],
    best: list,
    limit: int,
) -> None:
    """Score ``rows`` (a bounded pool) best bound first into ``best``, a
    chunk at a time. A volunteer whose (bound, id) cannot beat the weakest
    of the best so far ends the walk: everyone after them is bounded lower
    still, or equal with a higher id."""
    rows = rows.values_list(
        "pk", "neighbourhood_id", "latitude", "longitude", "languages", "availability", "bound"
    )
    through = Volunteer.interests.through
    profiles = frozenset({request.profile})  # the pool offers it, by the filter
    start, size = 0, max(FIRST_CHUNK, 5 * limit)
    while True:
        chunk = list(rows[start : start + size])
        shared: dict[int, set[str]] = {}
        if interest_ids and chunk:
            pairs = through.objects.filter(
                volunteer_id__in=[row[0] for row in chunk], interest_id__in=list(interest_ids)
            ).values_list("volunteer_id", "interest_id")
            for volunteer_id, interest_id in pairs:
                shared.setdefault(volunteer_id, set()).add(interest_ids[interest_id])
        for pk, neighbourhood_id, lat, lon, languages, availability, bound in chunk:
            if len(best) == limit and (bound, -pk) < best[0][:2]:
                return
            candidate = matching.Candidate(
                id=pk,
                neighbourhood_id=neighbourhood_id,
                point=(lat, lon) if lat is not None and lon is not None else None,
                profiles=profiles,
                interests=frozenset(shared.get(pk, ())),
                languages=frozenset(languages),
                availability=frozenset(availability),
            )
            result = matching.score(need, candidate)
            key = (result.total, -pk, result)
            if len(best) < limit:
                heapq.heappush(best, key)
            elif key[:2] > best[0][:2]:
                heapq.heapreplace(best, key)
        if len(chunk) < size:
            return
        start, size = start + size, size * 4


def _by_score(best: list) -> list[matching.Score]:
    return [result for _total, _pk, result in sorted(best, key=lambda k: k[:2], reverse=True)]


def candidates(
    actor, *, request: Request, limit: int = 10, names: dict[str, str] | None = None
) -> list[Suggestion]:
    """The best ``limit`` volunteers for the request, highest score first,
    each with the reasons per part. A coordinator reads them and decides.
    Queries: the request's interests, then per chunk of the pool the rows
    and their shared interests (one chunk nearly always), the volunteers
    shown and (if asked) interest names."""
    _require_coordinator(actor, request.team_id)
    interest_ids = {i.pk: i.code for i in request.interests.all()}  # prefetched or one query
    need = need_for(request, frozenset(interest_ids.values()))
    ranked = _ranked(request, need, interest_ids, limit)
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
def end_match(actor, *, match: Match, reason: str, evaluation: str, context: AuditContext) -> Match:
    """End a running match with a reason and an evaluation, both required;
    the request closes with it. Check-ins not yet done are dropped."""
    match = _locked_match(match)
    _require_coordinator(actor, match.request.team_id)
    if match.status != Match.Status.ACTIVE:
        raise ValidationError(_("Alleen een lopende koppeling kan worden beëindigd."))
    errors: dict = {}
    reason = _plain(reason, "reason", errors)
    evaluation = _plain(evaluation, "evaluation", errors)
    if not reason:
        errors["reason"] = _("Geef de reden waarom de koppeling stopt.")
    if not evaluation and "evaluation" not in errors:
        errors["evaluation"] = _(
            "Schrijf een korte evaluatie: wat heeft de koppeling opgeleverd, en wat ging er goed "
            "of minder goed?"
        )
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
