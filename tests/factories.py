"""Factories for synthetic test data. Nothing here is a real person.

Default names are numbered placeholders ("Voornaam000012 Achternaam000012"),
not Faker names: a test that checks a name stays off a page ("Wouter" not
in the log) must not fail because a random user happened to be called
Wouters. Tests that need a name to read well pass it explicitly."""

import datetime

import factory
from factory.django import DjangoModelFactory

from wijknet.core.models import (
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Role,
    Team,
    User,
)
from wijknet.people.models import (
    Consent,
    Household,
    HouseholdMember,
    Involvement,
    Person,
    RelationType,
)

factory.Faker._DEFAULT_LOCALE = "nl_NL"


def first_names():
    return factory.Sequence(lambda n: f"Voornaam{n:06d}")


def last_names():
    return factory.Sequence(lambda n: f"Achternaam{n:06d}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    name = "Gemeente Proefdorp"
    cbs_code = "GM9902"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Neighbourhood.Kind.DISTRICT
    cbs_code = factory.Sequence(lambda n: f"WK9902{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Neighbourhood.Kind.NEIGHBOURHOOD
    district = factory.SubFactory(DistrictFactory)
    cbs_code = factory.Sequence(lambda n: f"BU9902{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stichting Proef {n}")
    kind = Organisation.Kind.WELFARE


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    prototype = Team.Prototype.TEAM


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = first_names()
    last_name = last_names()
    role = Role.PROFESSIONAL
    password = factory.django.Password("geheim-wachtwoord-1")

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy convention
        if create and extracted is not None:
            Membership.objects.create(user=obj, team=extracted, start=datetime.date(2020, 1, 1))


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = first_names()
    last_name = last_names()
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=95)


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    name = factory.Sequence(lambda n: f"Huishouden {n}")


def household_with(*persons, team=None, started_on=None, ended_on=None):
    """A household holding the given persons, optionally known to ``team``."""
    household = HouseholdFactory(name=f"Huishouden {persons[0].last_name}")
    head = RelationType.objects.get(code="head")
    other = RelationType.objects.get(code="partner")
    for i, person in enumerate(persons):
        HouseholdMember.objects.create(
            household=household, person=person, relation=head if i == 0 else other
        )
    if team is not None:
        Involvement.objects.create(
            household=household,
            team=team,
            started_on=started_on or datetime.date(2024, 1, 1),
            ended_on=ended_on,
        )
    return household


def share_consent(person, team, recorded_by, **fields):
    consent = Consent.objects.create(
        person=person,
        purpose=Consent.Purpose.SHARE,
        recorded_by=recorded_by,
        given_on=fields.pop("given_on", datetime.date(2025, 1, 1)),
        **fields,
    )
    consent.teams.set([team])
    return consent
