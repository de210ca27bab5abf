"""The resident's "Wie heeft mijn gegevens bekeken?": reads of every record
about them show there (their network map, signals linked to them, their
requests for volunteer help and the matches made for them), read through
the real pages; reads about other residents never do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory, household_with
from tests.volunteers.factories import VolunteerFactory
from wijknet.core import audit
from wijknet.core.models import AuditEvent, Role
from wijknet.people import network
from wijknet.people.models import NetworkTie
from wijknet.signals import services as signal_services
from wijknet.volunteers import services as volunteer_services

pytestmark = pytest.mark.django_db

LOG = "/mijn-gegevens/inzage/"


@pytest.fixture
def resident_user(db):
    return UserFactory(username="inwoner", role=Role.RESIDENT)


@pytest.fixture
def me(resident_user, team_a):
    person = PersonFactory(first_name="Joke", last_name="Brouwer", user=resident_user)
    household_with(person, team=team_a)
    return person


@pytest.fixture
def neighbour(team_a):
    """Another resident of the same team, helped by the same volunteer."""
    person = PersonFactory(first_name="Wouter", last_name="Schaapman")
    household_with(person, team=team_a)
    return person


@pytest.fixture
def volunteer_user(db):
    return UserFactory(
        username="femke.r", role=Role.VOLUNTEER, first_name="Femke", last_name="Rozendaal"
    )


@pytest.fixture
def volunteer(volunteer_user, team_a):
    return VolunteerFactory(
        first_name="Femke", last_name="Rozendaal", user=volunteer_user, team=team_a
    )


def request_and_match(professional, person, volunteer, context):
    request = volunteer_services.create_request(
        professional,
        person=person,
        profile="buddy",
        needs="Samen boodschappen doen.",
        team=person.membership.household.involvements.get().team,
        context=context,
    )
    match = volunteer_services.propose(
        professional, request=request, volunteer=volunteer, context=context
    )
    return request, match


def tie_of(professional, person, context, **fields):
    return network.save_tie(
        professional,
        person=person,
        context=context,
        layer="natural",
        name=fields.pop("name", "dochter Anna"),
        relation="dochter",
        **fields,
    )


def linked_signal(professional, team, person, context):
    signal = signal_services.submit_signal(
        professional, channel="partner_form", reporter_type="gp", description="Zorgen"
    )
    signal.team = team
    signal.save()
    return signal_services.link_subject(
        professional, signal=signal, pseudonym=person.pseudonym, context=context
    )


def shown(response) -> set[tuple[str, str, str]]:
    return {(e.object_type, e.object_id, e.action) for e in response.context["page"].rows}


def test_the_resident_sees_reads_of_their_requests_matches_network_and_signals(
    client_of, professional, team_a, me, volunteer, resident_user, context
):
    request, match = request_and_match(professional, me, volunteer, context)
    tie = tie_of(professional, me, context)
    signal = linked_signal(professional, team_a, me, context)

    staff = client_of(professional)
    assert staff.get(reverse("volunteers:request", args=[request.pk])).status_code == 200
    assert staff.get(reverse("people:network", args=[me.pk])).status_code == 200
    assert staff.get(reverse("signals:detail", args=[signal.pk])).status_code == 200
    assert client_of(volunteer.user).get(reverse("volunteers:own_matches")).status_code == 200

    log = client_of(resident_user).get(LOG)
    assert log.status_code == 200
    rows = shown(log)
    assert ("volunteers.request", str(request.pk), "view") in rows
    assert ("volunteers.match", str(match.pk), "list") in rows
    assert ("people.networktie", str(tie.pk), "list") in rows
    assert ("signals.signal", str(signal.pk), "view") in rows
    text = log.text
    for label in (
        "uw hulpvraag voor een vrijwilliger",
        "uw koppeling met een vrijwilliger",
        "uw netwerkkaart",
        "een melding over u",
    ):
        assert label in text, label
    # The volunteer by first name and role, as they see the resident.
    assert "Femke (Vrijwilliger)" in text
    assert "Rozendaal" not in text
    assert professional.get_full_name() in text


def test_reads_about_another_resident_stay_out_of_the_log(
    client_of, professional, team_a, me, neighbour, volunteer, resident_user, context
):
    mine, my_match = request_and_match(professional, me, volunteer, context)
    theirs, their_match = request_and_match(professional, neighbour, volunteer, context)
    # The neighbour's map names the resident as a known person: still the
    # neighbour's record, and nothing the resident may learn about.
    their_tie = tie_of(professional, neighbour, context, name="buurvrouw Joke")
    NetworkTie.objects.filter(pk=their_tie.pk).update(linked_person=me)
    their_signal = linked_signal(professional, team_a, neighbour, context)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    staff = client_of(professional)
    staff.get(reverse("volunteers:request", args=[theirs.pk]))
    staff.get(reverse("people:network", args=[neighbour.pk]))
    staff.get(reverse("signals:detail", args=[their_signal.pk]))
    # The volunteer's own page lists both matches, one row each.
    client_of(volunteer.user).get(reverse("volunteers:own_matches"))
    assert AuditEvent.objects.filter(
        id__gt=before, object_type="volunteers.match", object_id=str(their_match.pk)
    ).exists()

    log = client_of(resident_user).get(LOG)
    rows = shown(log)
    assert ("volunteers.match", str(my_match.pk), "list") in rows
    others = {
        ("volunteers.request", str(theirs.pk)),
        ("volunteers.match", str(their_match.pk)),
        ("people.networktie", str(their_tie.pk)),
        ("signals.signal", str(their_signal.pk)),
        ("people.person", str(neighbour.pk)),
        ("people.household", str(neighbour.membership.household_id)),
    }
    assert not {(kind, ref) for kind, ref, _ in rows} & others
    assert "Schaapman" not in log.text and "Wouter" not in log.text


def test_a_read_by_a_deleted_volunteer_account_shows_only_the_role(
    client_of, professional, me, volunteer, resident_user, context
):
    _, match = request_and_match(professional, me, volunteer, context)
    audit.record(volunteer.user, audit.Action.VIEW, match, context)
    username = volunteer.user.username
    volunteer.user.delete()
    text = client_of(resident_user).get(LOG).text
    assert "uw koppeling met een vrijwilliger" in text
    assert username not in text and "Femke" not in text


def test_the_log_page_has_a_fixed_query_budget(
    client_of, professional, team_a, me, resident_user, context
):
    """Session, user, own person, its audit INSERT, the keys of the records
    about the resident (one UNION), the page of rows with their actors."""

    def count() -> int:
        client = client_of(resident_user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LOG)
        assert response.status_code == 200
        return len(queries)

    def records(n: int) -> None:
        for i in range(n):
            volunteer = VolunteerFactory(team=team_a)
            request_and_match(professional, me, volunteer, context)
            tie_of(professional, me, context, name=f"buur {i}")
            linked_signal(professional, team_a, me, context)
        client_of(professional).get(reverse("people:network", args=[me.pk]))

    records(1)
    few = count()
    records(6)
    many = count()
    assert few == many <= 6, (few, many)


def test_a_volunteers_page_logs_each_matched_resident_it_names(
    client_of, professional, me, neighbour, volunteer, resident_user, context
):
    """The coordinator's page of a volunteer lists their matches with each
    resident's first name: each resident sees that read, and only their own."""
    _, my_match = request_and_match(professional, me, volunteer, context)
    _, their_match = request_and_match(professional, neighbour, volunteer, context)
    page = client_of(professional).get(reverse("volunteers:volunteer", args=[volunteer.pk]))
    assert page.status_code == 200
    assert "Joke" in page.text and "Wouter" in page.text

    rows = shown(client_of(resident_user).get(LOG))
    assert ("volunteers.match", str(my_match.pk), "list") in rows
    assert ("volunteers.match", str(their_match.pk), "list") not in rows
