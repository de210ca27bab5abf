import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import UserFactory
from wijknet.core import audit
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditEvent, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(known_person, professional):
    audit.record(professional, "view", known_person, AuditContext(purpose="test", route="t"))
    return AuditEvent.objects.get()


def test_an_audit_row_cannot_be_changed_through_the_model(event):
    event.purpose = "iets anders"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    assert AuditEvent.objects.get().purpose == "test"


def test_an_audit_row_cannot_be_deleted_through_the_model(event):
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.update(purpose="x")
    assert AuditEvent.objects.count() == 1


def test_deleting_a_user_keeps_their_audit_rows(known_person):
    user = UserFactory()
    audit.record(user, "view", known_person, AuditContext(purpose="test"))
    user.delete()
    row = AuditEvent.objects.get()
    assert row.actor_username == user.username


@pytest.mark.postgres
def test_postgres_trigger_rejects_update_and_delete_in_sql(event):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    for sql in ("UPDATE core_auditevent SET purpose = 'x'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert AuditEvent.objects.get().purpose == "test"


def test_events_about_takes_records_and_querysets_of_records(
    known_person, professional, django_assert_num_queries
):
    from tests.factories import PersonFactory
    from wijknet.people.models import Person

    context = AuditContext(purpose="test", route="t")
    others = [PersonFactory() for _ in range(3)]
    stranger = PersonFactory()
    household = known_person.membership.household
    for record in [known_person, household, *others, stranger]:
        audit.record(professional, "view", record, context)
    with django_assert_num_queries(1):  # the querysets' keys, in one UNION
        events = audit.events_about(
            [
                known_person,
                household,
                Person.objects.filter(pk__in=[p.pk for p in others]),
                Person.objects.none(),
            ]
        )
    assert {(e.object_type, e.object_id) for e in events} == {
        ("people.person", str(known_person.pk)),
        ("people.household", str(household.pk)),
        *(("people.person", str(p.pk)) for p in others),
    }
    assert not audit.events_about([]).exists()
