"""Every write to persons, households and consents. Each service takes the
acting user, validates with ``full_clean`` and runs in one transaction."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.models import Organisation, Team
from wijknet.core.selectors import neighbourhood_for_postcode
from wijknet.people.models import (
    PERSON_FIELDS,
    Consent,
    Household,
    HouseholdMember,
    Involvement,
    Person,
    RelationType,
)


def _place(person: Person) -> None:
    person.full_clean(exclude=["pseudonym", "search_name"])
    person.neighbourhood = neighbourhood_for_postcode(person.postcode) if person.postcode else None


@transaction.atomic
def register_person(actor, *, team: Team, reason: str, context: AuditContext, **fields) -> Person:
    """Register a resident the actor's team starts working with: a person, a
    household of one and the team's involvement with it."""
    if not access.can(actor, "people.register") or team.pk not in access.team_ids(actor):
        raise PermissionDenied
    person = Person(**{key: fields[key] for key in PERSON_FIELDS if key in fields})
    _place(person)
    person.save()
    household = Household.objects.create(name=_("Huishouden %(name)s") % {"name": person.last_name})
    HouseholdMember.objects.create(
        household=household, person=person, relation=RelationType.objects.get(code="head")
    )
    Involvement.objects.create(household=household, team=team, reason=reason)
    audit.record(actor, audit.Action.CREATE, person, context)
    return person


@transaction.atomic
def update_person(actor, *, person: Person, context: AuditContext, **fields) -> Person:
    if not access.can_change_person(actor, person):
        raise PermissionDenied
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = Person.objects.select_for_update().get(pk=person.pk)
    for key, value in fields.items():
        setattr(locked, key, value)
    _place(locked)
    locked.save()
    audit.record(actor, audit.Action.CHANGE, locked, context)
    return locked


@transaction.atomic
def record_consent(
    actor,
    *,
    person: Person,
    purpose: str,
    teams: list[Team] = (),
    organisations: list[Organisation] = (),
    given_on: date | None = None,
    expires_on: date | None = None,
    note: str = "",
    context: AuditContext,
) -> Consent:
    if not access.can_change_person(actor, person):
        raise PermissionDenied
    if not teams and not organisations:
        raise ValidationError(_("Kies met wie de gegevens gedeeld mogen worden."))
    consent = Consent(
        person=person,
        purpose=purpose,
        given_on=given_on or timezone.localdate(),
        expires_on=expires_on,
        note=note,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    consent.teams.set(teams)
    consent.organisations.set(organisations)
    audit.record(actor, audit.Action.CHANGE, person, context)
    return consent


@transaction.atomic
def withdraw_consent(actor, *, consent: Consent, context: AuditContext) -> Consent:
    """The resident themselves, or staff who may change the person, withdraw
    a consent from today on. Withdrawing twice keeps the first date."""
    person = consent.person
    is_own = person.user_id is not None and person.user_id == actor.pk
    if not (is_own or access.can_change_person(actor, person)):
        raise PermissionDenied
    if consent.withdrawn_on is None:
        consent.withdrawn_on = timezone.localdate()
        consent.save(update_fields=["withdrawn_on"])
        audit.record(actor, audit.Action.CHANGE, person, context)
    return consent
