"""Every read of persons and households that leaves this app. Each selector
takes the actor, narrows through ``core.access`` and leaves an audit row."""

import re

from django.db.models import QuerySet

from wijknet.core import access, audit
from wijknet.core.audit import AuditContext
from wijknet.core.pagination import KeysetPage, keyset_page
from wijknet.core.validators import normalise_postcode
from wijknet.people import registry
from wijknet.people.models import (
    Consent,
    Household,
    HouseholdMember,
    NetworkTie,
    Person,
    search_key,
)

_BSN = re.compile(r"^\d{9}$")
_POSTCODE = re.compile(r"^\d{4}\s?[a-zA-Z]{2}$")
_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# Dutch surname prefixes are stored apart from the surname (tussenvoegsel).
_PREFIXES = (
    "van der ",
    "van den ",
    "van de ",
    "in 't ",
    "van ",
    "de ",
    "den ",
    "der ",
    "ter ",
    "te ",
    "het ",
    "'t ",
)

PERSON_KEYS = ("search_name", "id")


def _person_rows() -> QuerySet:
    return Person.objects.select_related(
        "neighbourhood", "membership__household", "membership__relation"
    )


def _match(queryset: QuerySet, query: str) -> QuerySet:
    """Match on BSN, postcode, date of birth (dd-mm-jjjj) or a name prefix:
    each an indexed lookup, so the cost does not grow with the register."""
    text = query.strip()
    if _BSN.match(text):
        return queryset.filter(bsn=text)
    if _POSTCODE.match(text):
        return queryset.filter(postcode=normalise_postcode(text))
    if date := _DATE.match(text):
        day, month, year = (int(part) for part in date.groups())
        return queryset.filter(
            date_of_birth__year=year, date_of_birth__month=month, date_of_birth__day=day
        )
    key = search_key(text)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    # A range instead of LIKE, so both SQLite and PostgreSQL use the index.
    return queryset.filter(search_name__gte=key, search_name__lt=key + "\uffff")


def search_persons(
    actor, *, query: str, cursor: str | None, context: AuditContext, size: int = 25
) -> KeysetPage:
    queryset = _person_rows().visible_to(actor)
    if query.strip():
        queryset = _match(queryset, query)
    page = keyset_page(queryset, PERSON_KEYS, cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def get_person(actor, *, person_id: int, context: AuditContext) -> Person:
    return access.get_visible_or_404(actor, _person_rows(), pk=person_id, context=context)


def get_household(actor, *, household_id: int, context: AuditContext) -> Household:
    """A household with the members the actor may see, in one audited read."""
    queryset = Household.objects.prefetch_related("involvements__team")
    household = access.get_visible_or_404(actor, queryset, pk=household_id, context=context)
    members = Person.objects.filter(membership__household=household).visible_to(actor)
    household.visible_members = list(
        HouseholdMember.objects.select_related("person", "relation")
        .filter(household=household, person__in=members)
        .order_by("relation__order", "person__date_of_birth")
    )
    return household


def team_households(actor, *, cursor: str | None, context: AuditContext, size: int = 25):
    """The households the actor's teams are involved with, by name."""
    queryset = Household.objects.visible_to(actor)
    page = keyset_page(queryset, ("name", "id"), cursor, size)
    access.log_listed(actor, page.rows, context=context)
    return page


def consents_of(actor, *, person: Person) -> list[Consent]:
    """Consents of a person the caller has already read through ``get_person``
    or ``own_person``; the same audit row covers them."""
    return list(person.consents.prefetch_related("teams", "organisations"))


def own_person(actor, *, context: AuditContext) -> Person | None:
    """The resident's own record, or None when the login is not linked to one."""
    person = _person_rows().visible_to(actor).filter(user=actor).first()
    if person is not None:
        audit.record(actor, audit.Action.VIEW, person, context)
    return person


def records_about_person(person: Person) -> list:
    """What people itself holds about a person, for the registry (see
    ``people.registry``): the person, their network map and their
    household."""
    subjects: list = [person, NetworkTie.objects.filter(person=person)]
    membership = getattr(person, "membership", None)
    if membership is not None:
        subjects.append(membership.household)
    return subjects


def access_log(actor, *, person: Person, cursor: str | None, size: int = 50) -> KeysetPage:
    """Who looked at this person or at a record about them, in any app (see
    ``people.registry``): for the resident's own page 'Wie heeft mijn
    gegevens bekeken?'. Two queries, whatever the number of records."""
    events = audit.events_about(registry.records_about(person)).select_related("actor")
    return keyset_page(events, ("-id",), cursor, size)
