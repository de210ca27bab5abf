"""Reads of volunteers, requests and matches. Every function narrows through
``core.access`` and logs what it shows; the pages read only through here
(the candidate list is in ``ranking.candidates``)."""

import functools
import operator

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.pagination import KeysetPage, keyset_page
from wijknet.people.models import Person
from wijknet.volunteers import hooks, schedule
from wijknet.volunteers.models import LIVE, CheckIn, Match, Request, VisitNote, Volunteer

PAGE_SIZE = 25
LIST_LIMIT = 50
UNKNOWN_PSEUDONYM = _("Uw team kent geen inwoner met dit pseudoniem.")


def _volunteer_rows(actor):
    """Volunteers with ``contact_visible``: whether the actor sees the full
    registration (``access.with_volunteer_contact``)."""
    return Volunteer.objects.select_related("neighbourhood", "team").with_contact(actor)


def mark_contact(actor, volunteers) -> None:
    """Set ``contact_visible`` on volunteers read some other way (the
    candidate list, a match's volunteer): one query for all of them."""
    volunteers = list(volunteers)
    visible = access.volunteer_contact_ids(actor, (v.pk for v in volunteers))
    for volunteer in volunteers:
        volunteer.contact_visible = volunteer.pk in visible


def _request_rows():
    return Request.objects.select_related(
        "person", "person__neighbourhood", "team", "case", "consent", "created_by"
    )


def _with_follow_up(queryset):
    """Matches with their check-ins and home visit notes, in a fixed
    number of queries whatever their number."""
    return queryset.select_related("home_visit").prefetch_related(
        Prefetch("check_ins", queryset=CheckIn.objects.select_related("done_by")),
        Prefetch("home_visit__notes", queryset=VisitNote.objects.select_related("author")),
    )


# --- Volunteers ----------------------------------------------------------------


def volunteer_pool(
    actor, *, query: str, cursor: str | None, context: AuditContext, size: int = PAGE_SIZE
) -> KeysetPage:
    """The pool, by last name, searchable on the start of a first name or a
    neighbourhood's name, and of the last name of a volunteer whose full
    registration the actor sees.

    A last name the actor may not see is neither searched nor sorted on:
    the other teams' volunteers sort by the initial they are shown with, so
    neither a search nor the page cursor (which carries the sort key, and
    which a reader can craft) can probe it."""
    access.require(actor, "volunteers.coordinate")
    queryset = (
        _volunteer_rows(actor)
        .visible_to(actor)
        .annotate(
            sort_name=Case(
                When(contact_visible=True, then=F("last_name")),
                default=Left("last_name", 1),
                output_field=CharField(),
            )
        )
    )
    term = query.strip()
    if term:
        queryset = queryset.filter(
            Q(first_name__istartswith=term)
            | Q(neighbourhood__name__istartswith=term)
            | Q(contact_visible=True, last_name__istartswith=term)
        )
    page = keyset_page(queryset, ("sort_name", "first_name", "id"), cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def _one_volunteer(actor, volunteer_id: int, context: AuditContext, **filters) -> Volunteer:
    return access.get_visible_or_404(
        actor,
        _volunteer_rows(actor).prefetch_related("interests", "competences"),
        context=context,
        pk=volunteer_id,
        **filters,
    )


def get_volunteer(actor, volunteer_id: int, *, context: AuditContext) -> Volunteer:
    """One volunteer the actor may see, with what they offer (404
    otherwise), logged."""
    return _one_volunteer(actor, volunteer_id, context)


def get_team_volunteer(actor, volunteer_id: int, *, context: AuditContext) -> Volunteer:
    """A volunteer the actor's team coordinates, to change (404 otherwise,
    also for another team's volunteer the pool shows), logged."""
    access.require(actor, "volunteers.coordinate")
    return _one_volunteer(actor, volunteer_id, context, team_id__in=access.team_ids(actor))


def matches_of_volunteer(actor, volunteer: Volunteer, *, context: AuditContext) -> list[Match]:
    """The matches of a volunteer already read, as far as they belong to
    the actor's teams' requests. Each names a resident, so each is logged:
    the resident sees the read in their own access log."""
    rows = list(
        Match.objects.visible_to(actor)
        .filter(volunteer=volunteer)
        .select_related("request", "request__person")
    )
    access.log_listed(actor, rows, context=context)
    return rows


def gives_and_receives(actor, volunteer: Volunteer) -> bool:
    """Whether the volunteer is also a resident the actor may see: only then
    is it shown that they give as well as receive."""
    return (
        volunteer.person_id is not None
        and Person.objects.visible_to(actor).filter(pk=volunteer.person_id).exists()
    )


def resident_by_pseudonym(actor, pseudonym: str) -> Person | None:
    """The resident with this pseudonym (as typed: spaces and case do not
    matter) among those the actor may see, or None: a volunteer who is also
    a resident, and a request typed in by pseudonym, are linked this way. It
    finds, it does not show: the write that links writes the audit row."""
    return Person.objects.visible_to(actor).filter(pseudonym=pseudonym.strip().upper()).first()


# --- Requests ------------------------------------------------------------------


def household_persons(case) -> QuerySet:
    """The members of a case's household a request from that case may be
    for, eldest first, as the queryset the form offers. The read of the case
    (through ``hooks.read_case``) covers them."""
    return Person.objects.filter(membership__household_id=case.household_id).order_by(
        "date_of_birth", "id"
    )


def get_request(actor, request_id: int, *, context: AuditContext) -> Request:
    """One request of the actor's teams (404 otherwise), logged."""
    access.require(actor, "volunteers.coordinate")
    return access.get_visible_or_404(
        actor, _request_rows().prefetch_related("interests"), context=context, pk=request_id
    )


def team_requests(
    actor, *, cursor: str | None, context: AuditContext, status: str = "", size: int = PAGE_SIZE
) -> KeysetPage:
    """The requests of the actor's teams, newest first."""
    access.require(actor, "volunteers.coordinate")
    queryset = _request_rows().visible_to(actor)
    if status in Request.Status.values:
        queryset = queryset.filter(status=status)
    page = keyset_page(queryset, ("-created_at", "-id"), cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def matches_of_request(request: Request) -> list[Match]:
    """The matches of a request already read, newest first; its read covers
    them."""
    return list(
        _with_follow_up(
            request.matches.select_related("volunteer", "volunteer__neighbourhood")
        ).order_by("-proposed_at", "-id")
    )


def household_matches(actor, household_id: int) -> list[Match]:
    """The proposed and running matches of a household's members that the
    actor may see: what a plan step's 'what others do' may name. The case
    page's read of the household covers them; each volunteer carries
    ``contact_visible`` for the ``volunteer_name`` filter."""
    rows = list(
        Match.objects.visible_to(actor)
        .filter(status__in=LIVE, request__person__membership__household_id=household_id)
        .select_related("request__person", "volunteer")
        .order_by("request__person__first_name", "-proposed_at", "-id")
    )
    mark_contact(actor, [match.volunteer for match in rows])
    return rows


def get_match(actor, match_id: int, *, context: AuditContext) -> Match:
    """One match the actor may act on (its request's team, or the volunteer
    themself), logged; 404 otherwise."""
    return access.get_visible_or_404(
        actor,
        Match.objects.select_related("request", "request__person", "request__team", "volunteer"),
        context=context,
        pk=match_id,
    )


# --- The volunteer's own matches ------------------------------------------------


def own_matches(actor, *, context: AuditContext) -> list[Match]:
    """The volunteer's live matches: what the page shows of the resident is
    the first name and the request's needs, nothing more."""
    access.require(actor, "volunteers.own_matches")
    rows = list(
        _with_follow_up(
            Match.objects.visible_to(actor)
            .filter(status__in=LIVE)
            .select_related("request", "request__person")
        ).order_by("-proposed_at", "-id")
    )
    access.log_listed(actor, rows, context=context)
    return rows


# --- The resident's own matches ----------------------------------------------


def resident_matches(actor, *, context: AuditContext) -> list[Match]:
    """The proposed and running matches for the resident's own requests.
    The page shows the volunteer's first name and what the match is for."""
    access.require(actor, "own_record")
    rows = list(
        Match.objects.visible_to(actor)
        .filter(status__in=LIVE)
        .select_related("request", "volunteer")
        .order_by("-proposed_at", "-id")
    )
    access.log_listed(actor, rows, context=context)
    return rows


# --- Retention --------------------------------------------------------------------


def idle_volunteers(actor, *, context: AuditContext) -> tuple[list[Volunteer], int]:
    """Active volunteers of the actor's teams without a live match, longest
    registered first (the first ``LIST_LIMIT``), and how many there are."""
    access.require(actor, "volunteers.coordinate")
    queryset = (
        _volunteer_rows(actor)
        .visible_to(actor)
        .filter(team_id__in=access.team_ids(actor), active=True)
        .exclude(pk__in=Match.objects.filter(status__in=LIVE).values("volunteer_id"))
    )
    rows = list(queryset.order_by("registered_on", "id")[:LIST_LIMIT])
    access.log_listed(actor, rows, context=context)
    return rows, queryset.count()


def matches_needing_check_in(actor, *, context: AuditContext, today=None) -> list[Match]:
    """Running matches of the actor's teams with a check-in overdue, or
    with none done in the last three months (once they have run that long)."""
    access.require(actor, "volunteers.coordinate")
    today = today or timezone.localdate()
    quiet_since = schedule.quiet_since(today)
    rows = list(
        Match.objects.visible_to(actor)
        .filter(status=Match.Status.ACTIVE)
        .annotate(
            last_done=Max("check_ins__done_on"),
            next_due=Min("check_ins__due_on", filter=Q(check_ins__done_on__isnull=True)),
        )
        .filter(
            Q(next_due__lt=today)
            | (
                Q(started_on__lte=quiet_since)
                & (Q(last_done__isnull=True) | Q(last_done__lt=quiet_since))
            )
        )
        .select_related("request", "request__person", "volunteer")
        .order_by("next_due", "id")[:LIST_LIMIT]
    )
    mark_contact(actor, [match.volunteer for match in rows])
    access.log_listed(actor, rows, context=context)
    return rows


def reciprocity(actor) -> dict:
    """How many volunteers in the pool are residents themselves, and how
    many of those have (or had) support: a request for help, or support an
    app above lends through ``hooks`` (a case for their household). Counts
    only, no personal data, so no audit row."""
    if not access.can(actor, "volunteers.coordinate"):
        raise PermissionDenied
    linked = Volunteer.objects.visible_to(actor).filter(person__isnull=False)
    person = OuterRef("person_id")
    supported = linked.filter(
        functools.reduce(
            operator.or_,
            [Exists(Request.objects.filter(person_id=person)), *hooks.support_elsewhere(person)],
        )
    )
    return {"residents": linked.count(), "supported": supported.count()}


# --- What volunteers hold about a person (registered in ``apps.py``) --------


def records_about_person(person) -> list:
    """The records whose reads are reads about this person, for the
    registry in ``people.registry``: their requests for help, the matches
    made for those requests (a volunteer's other matches are about other
    residents), and their own registration as a volunteer."""
    return [
        Request.objects.filter(person=person),
        Match.objects.filter(request__person=person),
        Volunteer.objects.filter(person=person),
    ]


def is_volunteer(actor, *, person, context: AuditContext) -> bool:
    """Whether a person the caller has already read through
    ``people.selectors.get_person`` also gives help as an active registered
    volunteer (*wederkerigheid*), as far as the actor may see the volunteer
    pool. One query, for a detail page only; the registration it finds is
    logged as read, and nothing of it leaves here but the yes or no."""
    registration = Volunteer.objects.filter(person=person, active=True).only("pk")
    found = list(access.visible_volunteers(actor, registration)[:1])
    access.log_listed(actor, found, context=context)
    return bool(found)


def person_page_reciprocity(actor, person, context: AuditContext) -> dict:
    """The person page's line 'Is ook vrijwilliger'."""
    return {"is_volunteer": is_volunteer(actor, person=person, context=context)}
