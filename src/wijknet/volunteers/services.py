"""Every write about volunteers: registering a volunteer (with a login, or
linked to a resident who also gives), requests for help from a case or the
report point, proposing a match, both sides accepting, the follow-up
check-ins, ending, and the activating home visit with its three steps and
the gaps it passes on as meso signals. The candidate list a coordinator
proposes from is a read, in ``ranking``; who may act is in ``policy``;
when the check-ins fall is in ``schedule``.

Each service takes the acting user, checks it itself (a coordinator is a
professional or team lead of the request's or volunteer's team; a
volunteer acts only on their own matches), runs in one transaction and
writes an audit row; bad input raises ValidationError in Dutch and stores
nothing. Nothing here ever makes a match by itself: a coordinator proposes,
the volunteer and the resident both accept.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.models import Neighbourhood, Role, Team, User
from wijknet.kaart.selectors import centroid
from wijknet.people.models import Consent, Person
from wijknet.signals import services as signal_services
from wijknet.signals.models import Signal
from wijknet.volunteers import schedule, selectors
from wijknet.volunteers.models import (
    LANGUAGES,
    LIVE,
    SLOTS,
    CheckIn,
    HomeVisit,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
)
from wijknet.volunteers.policy import is_coordinator, is_own_match, require_coordinator
from wijknet.volunteers.ranking import eligible, score_volunteer
from wijknet.volunteers.reasons import stored_reasons

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
    require_coordinator(actor, team.pk)
    errors: dict = {}
    data = _volunteer_data(fields, errors)
    neighbourhood = data.get("neighbourhood")

    person = None
    if (pseudonym or "").strip():
        person = selectors.resident_by_pseudonym(actor, pseudonym)
        if person is None:
            errors["pseudonym"] = selectors.UNKNOWN_PSEUDONYM
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
    require_coordinator(actor, volunteer.team_id)
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
    require_coordinator(actor, volunteer.team_id)
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
    require_coordinator(actor, request.team_id)
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


# --- Matches -------------------------------------------------------------------


@transaction.atomic
def propose(actor, *, request: Request, volunteer: Volunteer, context: AuditContext) -> Match:
    """Propose a volunteer for the request; the score and its reasons are
    kept with the match. Both the volunteer and the resident still decide."""
    require_coordinator(actor, request.team_id)
    request = Request.objects.select_for_update().select_related("person").get(pk=request.pk)
    if request.status != Request.Status.OPEN:
        raise ValidationError(_("Deze hulpvraag staat niet meer open."))
    if request.matches.filter(status__in=LIVE).exists():
        raise ValidationError(_("Voor deze hulpvraag loopt al een koppeling."))
    if not eligible(request).filter(pk=volunteer.pk).exists():
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


def _proposal_for(actor, match: Match, side: str) -> Match:
    """The match, locked, for one side's yes or no: a known side, an actor
    who may answer for it, and still a proposal."""
    if side not in SIDES:
        raise ValidationError(_("Onbekende partij."))
    match = _locked_match(match)
    if not _may_act_for(actor, match, side):
        raise PermissionDenied
    if match.status != Match.Status.PROPOSED:
        raise ValidationError(_("Deze koppeling is geen voorstel meer."))
    return match


@transaction.atomic
def accept(actor, *, match: Match, side: str, context: AuditContext) -> Match:
    """One side says yes. When both have, the match starts today, the
    request is matched and the first two check-ins are planned."""
    match = _proposal_for(actor, match, side)
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
            [CheckIn(match=match, due_on=due_on) for due_on in schedule.first_check_ins(today)]
        )
    match.save(update_fields=fields)
    audit.record(actor, audit.Action.CHANGE, match, context)
    return match


@transaction.atomic
def decline(actor, *, match: Match, side: str, context: AuditContext) -> Match:
    """One side says no: the proposal ends and the request is open for
    another candidate. Who declined is kept."""
    match = _proposal_for(actor, match, side)
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
    require_coordinator(actor, match.request.team_id)
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
        due_on = schedule.next_check_in(check_in.due_on, check_in.done_on)
        CheckIn.objects.create(match=match, due_on=due_on)
    audit.record(actor, audit.Action.CHANGE, match, context)
    return check_in


@transaction.atomic
def end_match(actor, *, match: Match, reason: str, evaluation: str, context: AuditContext) -> Match:
    """End a running match with a reason and an evaluation, both required;
    the request closes with it. Check-ins not yet done are dropped."""
    match = _locked_match(match)
    require_coordinator(actor, match.request.team_id)
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
    require_coordinator(actor, match.request.team_id)
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
        elif period_end > schedule.latest_home_visit_end(period_start):
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
