"""The network map around a person (ecogram): writes and reads of its ties,
and the team tasks they raise. Every service takes the acting user, checks
``core.access``, validates with Dutch messages by field, runs in one
transaction and leaves an audit row on the person."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.pagination import KeysetPage, keyset_page
from wijknet.people import ecogram
from wijknet.people.models import (
    BurdenCheck,
    Involvement,
    NetworkLayer,
    NetworkTie,
    Person,
    SupportKind,
    TeamTask,
)

# What staff and residents may enter about a tie; forms and services share it.
TIE_FIELDS = (
    "layer",
    "name",
    "relation",
    "support",
    "frequency",
    "reciprocity",
    "load_person",
    "load_tie",
    "note",
)
REVIEW_DAYS = 14  # a resident's proposal is looked at within two weeks
TASK_KEYS = ("due_on", "id")


# --- Team tasks ------------------------------------------------------------------


def involved_team_ids(person: Person) -> list[int]:
    """The teams actively involved with the person's household."""
    household_id = (
        Person.objects.filter(pk=person.pk).values_list("membership__household_id", flat=True).get()
    )
    if household_id is None:
        return []
    return sorted(
        set(
            Involvement.objects.active()
            .filter(household_id=household_id)
            .values_list("team_id", flat=True)
        )
    )


def raise_tasks(person: Person, *, kind: str, title: str, due_on: datetime.date) -> list[TeamTask]:
    """A task of this kind for every team involved with the person's
    household, except a team that already has an open one for the person:
    a flag is raised once until someone ticks it off."""
    teams = involved_team_ids(person)
    already = set(
        TeamTask.objects.filter(
            person=person, kind=kind, team_id__in=teams, done_at__isnull=True
        ).values_list("team_id", flat=True)
    )
    return TeamTask.objects.bulk_create(
        TeamTask(team_id=team, kind=kind, person=person, title=title[:200], due_on=due_on)
        for team in teams
        if team not in already
    )


def open_tasks(actor, *, cursor: str | None, context: AuditContext, size: int = 25) -> KeysetPage:
    """The open tasks of the actor's teams, the most urgent first, about
    persons the actor may see; each person shown is logged once."""
    access.require(actor, "people.search")
    queryset = TeamTask.objects.filter(
        team_id__in=access.team_ids(actor),
        done_at__isnull=True,
        person__in=Person.objects.visible_to(actor).values("pk"),
    ).select_related("team", "person")
    page = keyset_page(queryset, TASK_KEYS, cursor, size)
    persons = {task.person_id: task.person for task in page.rows}
    access.log_listed(actor, persons.values(), context=context)
    return page


@transaction.atomic
def complete_task(actor, *, task: TeamTask) -> TeamTask:
    """Someone of the task's team ticks it off; ticking twice keeps the first."""
    if not access.can(actor, "people.search") or task.team_id not in access.team_ids(actor):
        raise PermissionDenied
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])
    return task


# --- Writes ----------------------------------------------------------------------


def _clean(fields: dict) -> dict:
    """The tie's fields checked and tidied; a ValidationError by field."""
    unknown = set(fields) - set(TIE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    data = dict(fields)
    errors = {}
    for name in ("name", "relation", "note"):
        if name in data:
            data[name] = " ".join(str(data[name] or "").split())
    if "name" in data and not data["name"]:
        errors["name"] = _("Vul in wie het is.")
    if "layer" in data and data["layer"] not in NetworkLayer.values:
        errors["layer"] = _("Kies een laag van het netwerk.")
    if "support" in data:
        support = data["support"] or []
        if isinstance(support, str) or not set(support) <= set(SupportKind.values):
            errors["support"] = _("Kies de soort steun uit de lijst.")
        else:
            data["support"] = [kind for kind in SupportKind.values if kind in support]
    for name in ("load_person", "load_tie"):
        if name in data and data[name] not in NetworkTie.Load.values:
            errors[name] = _("Kies een belasting van 1 (licht) tot 4 (te zwaar).")
    if "frequency" in data and data["frequency"] not in NetworkTie.Frequency.values:
        errors["frequency"] = _("Kies hoe vaak er contact is.")
    if "reciprocity" in data and data["reciprocity"] not in NetworkTie.Reciprocity.values:
        errors["reciprocity"] = _("Kies of de steun van één kant komt of wederzijds is.")
    if errors:
        raise ValidationError(errors)
    return data


def _check_relation(tie: NetworkTie) -> None:
    """Every tie names the relation, except what the person does themselves:
    a hobby or a routine has no other side (the self layer)."""
    if tie.layer != NetworkLayer.SELF and not tie.relation:
        raise ValidationError(
            {"relation": _("Vul de relatie in, bijvoorbeeld 'dochter' of 'huisarts'.")}
        )


def require_change(actor, person: Person) -> None:
    """Only a team that may change the person draws their network."""
    if not access.can_change_person(actor, person):
        raise PermissionDenied


@transaction.atomic
def save_tie(
    actor, *, person: Person, tie: NetworkTie | None = None, context: AuditContext, **fields
) -> NetworkTie:
    """Add a tie to the person's map, or change one: staff of a team
    involved with the person's household."""
    require_change(actor, person)
    data = _clean(fields)
    if tie is None:
        missing = {"name", "layer"} - set(data)
        if missing:
            raise ValidationError({name: _("Dit veld is verplicht.") for name in sorted(missing)})
        tie = NetworkTie(person=person, source=NetworkTie.Source.PROFESSIONAL)
    else:
        tie = NetworkTie.objects.select_for_update().filter(pk=tie.pk, person=person).first()
        if tie is None:
            raise PermissionDenied
        if tie.ended_on is not None:
            raise ValidationError(_("Deze relatie is beëindigd en kan niet meer worden gewijzigd."))
    for name, value in data.items():
        setattr(tie, name, value)
    _check_relation(tie)
    tie.full_clean(exclude=["person", "linked_person", "reviewed_by"])
    tie.save()
    audit.record(actor, audit.Action.CHANGE, person, context)
    return tie


@transaction.atomic
def end_tie(
    actor, *, tie: NetworkTie, context: AuditContext, ended_on: datetime.date | None = None
) -> NetworkTie:
    """Take a tie off the map from a day on (today by default); it stays as
    history. Ending twice keeps the first day."""
    require_change(actor, tie.person)
    tie = NetworkTie.objects.select_for_update().get(pk=tie.pk)
    if tie.ended_on is None:
        ended_on = ended_on or timezone.localdate()
        if ended_on < timezone.localtime(tie.created_at).date():
            raise ValidationError({"ended_on": _("De einddatum ligt voor het begin.")})
        tie.ended_on = ended_on
        tie.save(update_fields=["ended_on"])
        audit.record(actor, audit.Action.CHANGE, tie.person, context)
    return tie


@transaction.atomic
def propose_tie(resident_actor, *, context: AuditContext, **fields) -> NetworkTie:
    """The resident fills in their own map in the portal. The tie waits for
    the team's review, and each team involved with the household gets a
    task to look at it (one open task per team at a time)."""
    if not access.can(resident_actor, "own_record"):
        raise PermissionDenied
    person = Person.objects.filter(user=resident_actor).first()
    if person is None:
        raise PermissionDenied
    data = _clean(fields)
    missing = {"name", "layer"} - set(data)
    if missing:
        raise ValidationError({name: _("Dit veld is verplicht.") for name in sorted(missing)})
    tie = NetworkTie(person=person, source=NetworkTie.Source.RESIDENT, **data)
    _check_relation(tie)
    tie.full_clean(exclude=["person", "linked_person", "reviewed_by"])
    tie.save()
    raise_tasks(
        person,
        kind=TeamTask.Kind.NETWORK_REVIEW,
        title=_("Netwerkkaart van %(name)s nakijken: de inwoner heeft iets toegevoegd")
        % {"name": person.full_name},
        due_on=timezone.localdate() + datetime.timedelta(days=REVIEW_DAYS),
    )
    audit.record(resident_actor, audit.Action.CHANGE, person, context)
    return tie


@transaction.atomic
def review_tie(actor, *, tie: NetworkTie, accept: bool, context: AuditContext) -> NetworkTie:
    """Staff accept a resident's proposal onto the map, or refuse it (it
    ends). When nothing of the person awaits review any more, the review
    tasks are done."""
    require_change(actor, tie.person)
    tie = NetworkTie.objects.select_for_update().select_related("person").get(pk=tie.pk)
    if not tie.awaiting_review or tie.ended_on is not None:
        raise ValidationError(_("Dit voorstel is al beoordeeld."))
    now = timezone.now()
    tie.reviewed_by = actor
    tie.reviewed_at = now
    fields = ["reviewed_by", "reviewed_at"]
    if not accept:
        tie.ended_on = timezone.localdate()
        fields.append("ended_on")
    tie.save(update_fields=fields)
    still_waiting = NetworkTie.objects.filter(
        person=tie.person,
        source=NetworkTie.Source.RESIDENT,
        reviewed_at__isnull=True,
        ended_on__isnull=True,
    ).exists()
    if not still_waiting:
        TeamTask.objects.filter(
            person=tie.person, kind=TeamTask.Kind.NETWORK_REVIEW, done_at__isnull=True
        ).update(done_at=now, done_by=actor)
    audit.record(actor, audit.Action.CHANGE, tie.person, context)
    return tie


# --- Reads -----------------------------------------------------------------------


def network_of(actor, *, person: Person, context: AuditContext) -> list[NetworkTie]:
    """The person's current ties the actor may see, each with its carer
    registration and burden history, in a fixed number of queries; every
    tie shown is logged."""
    checks = BurdenCheck.objects.select_related("checked_by").order_by("-checked_on", "-id")
    ties = list(
        NetworkTie.objects.visible_to(actor)
        .current()
        .filter(person=person)
        .select_related("carer")
        .prefetch_related(Prefetch("carer__checks", queryset=checks))
    )
    for tie in ties:
        carer = getattr(tie, "carer", None)
        history = list(carer.checks.all()) if carer is not None else []
        tie.burden_history = history
        tie.latest_burden = history[0] if history else None
    access.log_listed(actor, ties, context=context)
    return ties


def facts(tie: NetworkTie) -> ecogram.TieFacts:
    latest = getattr(tie, "latest_burden", None)
    return ecogram.TieFacts(
        id=tie.pk,
        layer=tie.layer,
        name=tie.name,
        load_person=tie.load_person,
        load_tie=tie.load_tie,
        burden=latest.burden if latest is not None else None,
    )


def household_ties(actor, household_id: int, *, context: AuditContext) -> list[NetworkTie]:
    """The current, accepted ties of a household's members that the actor
    may see: what a plan step's 'what others do' may name (not the person's
    own strengths). The plan page shows them as choices, so every tie read
    is logged like any other list of personal data."""
    ties = list(
        NetworkTie.objects.visible_to(actor)
        .current()
        .filter(person__membership__household_id=household_id)
        .exclude(layer=NetworkLayer.SELF)
        .exclude(source=NetworkTie.Source.RESIDENT, reviewed_at__isnull=True)
        .select_related("person")
        .order_by("person__first_name", "layer", "name", "id")
    )
    access.log_listed(actor, ties, context=context)
    return ties
