import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import NeighbourhoodFactory, PersonFactory, UserFactory, household_with
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditEvent, Postcode, Role
from wijknet.people import services
from wijknet.people.models import Consent, Household, Involvement, Person

pytestmark = pytest.mark.django_db
CONTEXT = AuditContext(purpose="test", route="test")


def register(actor, team, **fields):
    data = {
        "first_name": "Noor",
        "last_name": "Verhagen",
        "date_of_birth": datetime.date(1950, 3, 4),
        **fields,
    }
    return services.register_person(
        actor, team=team, reason="eigen aanmelding", context=CONTEXT, **data
    )


def test_registering_a_resident_creates_household_and_team_involvement(professional, team_a):
    buurt = NeighbourhoodFactory(name="Veenhof")
    Postcode.objects.create(postcode="9101AB", neighbourhood=buurt)
    person = register(professional, team_a, postcode="9101 ab", house_number=12, bsn="999990019")
    assert person.postcode == "9101AB"
    assert person.neighbourhood == buurt
    household = person.membership.household
    assert person.membership.relation.code == "head"
    assert Involvement.objects.get(household=household).team == team_a
    assert AuditEvent.objects.get().action == "create"


def test_invalid_input_is_refused_in_dutch_and_nothing_is_saved(professional, team_a):
    with pytest.raises(ValidationError) as error:
        register(
            professional,
            team_a,
            postcode="1234 SA",
            bsn="123456789",
            date_of_birth=datetime.date(2099, 1, 1),
        )
    messages = error.value.message_dict
    assert "geen geldige Nederlandse postcode" in messages["postcode"][0]
    assert "elfproef" in messages["bsn"][0]
    assert "toekomst" in messages["date_of_birth"][0]
    assert not Person.objects.exists() and not Household.objects.exists()


def test_a_second_person_with_the_same_bsn_is_refused(professional, team_a):
    register(professional, team_a, bsn="999990019")
    with pytest.raises(ValidationError, match="al een inwoner met dit BSN"):
        register(professional, team_a, bsn="999990019", first_name="Anders")
    assert Person.objects.count() == 1


def test_only_members_of_the_chosen_team_can_register_into_it(professional, team_b):
    with pytest.raises(PermissionDenied):
        register(professional, team_b)
    resident = UserFactory(role=Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        register(resident, team_b)


def test_updating_a_person_re_maps_the_neighbourhood_and_logs_the_change(
    professional, known_person
):
    buurt = NeighbourhoodFactory()
    Postcode.objects.create(postcode="9202CD", neighbourhood=buurt)
    updated = services.update_person(
        professional, person=known_person, context=CONTEXT, postcode="9202cd", house_number=3
    )
    assert updated.neighbourhood == buurt
    assert AuditEvent.objects.get().action == "change"


def test_a_failed_update_keeps_the_saved_values(professional, known_person):
    with pytest.raises(ValidationError):
        services.update_person(
            professional, person=known_person, context=CONTEXT, first_name="Anna", postcode="nope"
        )
    known_person.refresh_from_db()
    assert known_person.first_name == "Fenna"


def test_another_team_cannot_update_a_person(professional_b, known_person):
    with pytest.raises(PermissionDenied):
        services.update_person(professional_b, person=known_person, context=CONTEXT, first_name="X")


def test_consent_needs_someone_to_share_with(professional, known_person):
    with pytest.raises(ValidationError, match="met wie"):
        services.record_consent(
            professional, person=known_person, purpose=Consent.Purpose.SHARE, context=CONTEXT
        )


def test_resident_can_withdraw_their_own_consent(professional, team_b, known_person):
    resident = UserFactory(role=Role.RESIDENT)
    known_person.user = resident
    known_person.save()
    consent = services.record_consent(
        professional,
        person=known_person,
        purpose=Consent.Purpose.SHARE,
        teams=[team_b],
        context=CONTEXT,
    )
    services.withdraw_consent(resident, consent=consent, context=CONTEXT)
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date.today()
    assert not consent.is_active


def test_a_stranger_cannot_withdraw_someone_elses_consent(
    professional, professional_b, team_b, known_person
):
    consent = services.record_consent(
        professional,
        person=known_person,
        purpose=Consent.Purpose.SHARE,
        teams=[team_b],
        context=CONTEXT,
    )
    other = PersonFactory()
    household_with(other)
    with pytest.raises(PermissionDenied):
        services.withdraw_consent(UserFactory(role=Role.RESIDENT), consent=consent, context=CONTEXT)
