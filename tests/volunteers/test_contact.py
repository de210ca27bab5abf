"""Who sees a volunteer in full. The pool is city-wide, because matching
searches all of it, but the full name, e-mail and phone follow the work:
the coordinating team sees them, and another team once one of its requests
has a proposed or running match with the volunteer. Every other team sees
"Femke R." and what matching needs."""

import base64
import datetime
import json
import re

import pytest

from tests.factories import PersonFactory, UserFactory, household_with
from tests.volunteers.factories import VolunteerFactory
from wijknet.core import access
from wijknet.core.models import Confidentiality, Role
from wijknet.core.pagination import _encode
from wijknet.volunteers import services
from wijknet.volunteers.models import Volunteer
from wijknet.volunteers.templatetags.volunteers import volunteer_name

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()

EMAIL = "femke.rozendaal@example.org"
PHONE = "0612345678"
HIDDEN = ("Rozendaal", EMAIL, PHONE)


@pytest.fixture
def femke(volunteer):
    """Femke Rozendaal, coordinated by team A, with her contact details."""
    volunteer.email = EMAIL
    volunteer.phone = PHONE
    volunteer.save()
    return volunteer


@pytest.fixture
def resident_b(team_b, north):
    person = PersonFactory(first_name="Bertus", last_name="Zuidema", neighbourhood=north)
    household_with(person, team=team_b)
    return person


@pytest.fixture
def request_b(professional_b, team_b, resident_b, context):
    """A request of team B, for which team A's Femke is a candidate."""
    return services.create_request(
        professional_b,
        person=resident_b,
        profile="buddy",
        needs="Samen boodschappen doen.",
        team=team_b,
        context=context,
    )


@pytest.fixture
def proposed_b(professional_b, request_b, femke, context):
    return services.propose(professional_b, request=request_b, volunteer=femke, context=context)


def text_of(response) -> str:
    """The page without its random CSRF tokens, which could hold anything."""
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)


def assert_narrow(page: str) -> None:
    assert "Femke R." in page
    for hidden in HIDDEN:
        assert hidden not in page


def assert_full(page: str) -> None:
    assert "Femke Rozendaal" in page


# --- The rule ------------------------------------------------------------------


def test_the_coordinating_team_sees_the_contact_and_another_team_after_a_live_match(
    professional, professional_b, femke, request_b, volunteer_user, context
):
    assert access.volunteer_contact_ids(professional, [femke.pk]) == {femke.pk}
    assert access.volunteer_contact_ids(professional_b, [femke.pk]) == set()
    match = services.propose(professional_b, request=request_b, volunteer=femke, context=context)
    assert access.volunteer_contact_ids(professional_b, [femke.pk]) == {femke.pk}
    services.accept(volunteer_user, match=match, side="volunteer", context=context)
    services.accept(professional_b, match=match, side="resident", context=context)
    assert access.volunteer_contact_ids(professional_b, [femke.pk]) == {femke.pk}
    services.end_match(
        professional_b, match=match, reason="Klaar.", evaluation="Goed gegaan.", context=context
    )
    # An ended match no longer opens the contact details.
    assert access.volunteer_contact_ids(professional_b, [femke.pk]) == set()


def test_a_declined_proposal_closes_the_contact_again(
    professional_b, proposed_b, femke, volunteer_user, context
):
    services.decline(volunteer_user, match=proposed_b, side="volunteer", context=context)
    assert access.volunteer_contact_ids(professional_b, [femke.pk]) == set()


def test_the_annotation_and_the_id_check_agree(professional, professional_b, femke, north, team_b):
    own_b = VolunteerFactory(neighbourhood=north, team=team_b)
    for actor, expected in ((professional, {femke.pk}), (professional_b, {own_b.pk})):
        rows = Volunteer.objects.with_contact(actor).filter(pk__in=[femke.pk, own_b.pk])
        assert {v.pk for v in rows if v.contact_visible} == expected
        assert access.volunteer_contact_ids(actor, [femke.pk, own_b.pk]) == expected


def test_a_team_lead_follows_the_same_rule(team_b, femke, request_b, professional_b, context):
    lead_b = UserFactory(role=Role.TEAM_LEAD, team=team_b)
    assert access.volunteer_contact_ids(lead_b, [femke.pk]) == set()
    services.propose(professional_b, request=request_b, volunteer=femke, context=context)
    assert access.volunteer_contact_ids(lead_b, [femke.pk]) == {femke.pk}


def test_a_match_above_the_clearance_opens_nothing(team_b, femke, north, context):
    """The match must be one the actor may see (``visible_matches``)."""
    cleared = UserFactory(role=Role.PROFESSIONAL, team=team_b, clearance=Confidentiality.GEHEIM)
    colleague = UserFactory(role=Role.PROFESSIONAL, team=team_b)
    secret = PersonFactory(neighbourhood=north, confidentiality=Confidentiality.GEHEIM)
    household = household_with(secret, team=team_b)
    household.confidentiality = Confidentiality.GEHEIM
    household.save()
    request = services.create_request(
        cleared, person=secret, profile="buddy", needs="Wandelen.", team=team_b, context=context
    )
    services.propose(cleared, request=request, volunteer=femke, context=context)
    assert access.volunteer_contact_ids(cleared, [femke.pk]) == {femke.pk}
    assert access.volunteer_contact_ids(colleague, [femke.pk]) == set()


def test_a_volunteer_sees_their_own_registration_only(femke, volunteer_user, north, team_a):
    other = VolunteerFactory(neighbourhood=north, team=team_a)
    assert access.volunteer_contact_ids(volunteer_user, [femke.pk, other.pk]) == {femke.pk}


@pytest.mark.parametrize(
    "role", [Role.INTAKE, Role.ASSESSOR, Role.POLICY, Role.ADMIN, Role.RESIDENT]
)
def test_other_roles_see_no_contact(role, femke):
    user = UserFactory(role=role)
    assert access.volunteer_contact_ids(user, [femke.pk]) == set()
    assert not Volunteer.objects.with_contact(user).get(pk=femke.pk).contact_visible


def test_a_professional_without_a_team_sees_no_contact(femke):
    assert access.volunteer_contact_ids(UserFactory(role=Role.PROFESSIONAL), [femke.pk]) == set()


def test_a_volunteer_read_without_asking_is_named_narrowly(femke):
    """The filter and ``str`` fail closed: too little, never too much."""
    plain = Volunteer.objects.get(pk=femke.pk)
    assert volunteer_name(plain) == "Femke R." and str(plain) == "Femke R."
    plain.contact_visible = True
    assert volunteer_name(plain) == "Femke Rozendaal"


# --- The pages ------------------------------------------------------------------


def test_the_coordinating_team_sees_everything(client_of, professional, femke):
    client = client_of(professional)
    assert_full(text_of(client.get("/vrijwilligers/")))
    page = text_of(client.get(f"/vrijwilligers/{femke.pk}/"))
    assert_full(page)
    assert EMAIL in page and PHONE in page
    assert "<dd>vrijwilliger</dd>" in page  # the login's username


def test_another_team_sees_first_name_and_initial(client_of, professional_b, femke, request_b):
    client = client_of(professional_b)
    assert_narrow(text_of(client.get("/vrijwilligers/")))
    detail = text_of(client.get(f"/vrijwilligers/{femke.pk}/"))
    assert_narrow(detail)
    assert "<title>Femke R." in detail
    # What matching needs is all there.
    for shown in ("Lindenhof", "Arabisch", "dinsdag", "VOG ontvangen", "Wijkteam Noord"):
        assert shown in detail
    assert "via het coördinerend team" in detail
    assert "<dd>vrijwilliger</dd>" not in detail and "<dd>ja</dd>" in detail
    response = client.get(f"/hulpvragen/{request_b.pk}/")
    assert femke.pk in [s.volunteer.pk for s in response.context["suggestions"]]
    assert_narrow(text_of(response))


def test_a_proposal_opens_the_contact_details_to_the_proposing_team(
    client_of, professional_b, femke, request_b
):
    client = client_of(professional_b)
    proposed = client.post(
        f"/hulpvragen/{request_b.pk}/voorstellen/", {"volunteer": femke.pk}, follow=True
    )
    assert_full(text_of(proposed))  # the matches on the request page
    assert_full(text_of(client.get("/vrijwilligers/")))
    detail = text_of(client.get(f"/vrijwilligers/{femke.pk}/"))
    assert_full(detail)
    assert EMAIL in detail and PHONE in detail


def test_a_declined_proposal_shows_the_narrow_view_again(
    client_of, professional_b, proposed_b, request_b, femke, volunteer_user, context
):
    services.decline(volunteer_user, match=proposed_b, side="volunteer", context=context)
    client = client_of(professional_b)
    assert_narrow(text_of(client.get(f"/hulpvragen/{request_b.pk}/")))  # the declined match
    assert_narrow(text_of(client.get(f"/vrijwilligers/{femke.pk}/")))


def test_the_retention_page_names_a_running_match_in_full(
    client_of, professional_b, proposed_b, volunteer_user, context
):
    services.accept(volunteer_user, match=proposed_b, side="volunteer", context=context)
    services.accept(professional_b, match=proposed_b, side="resident", context=context)
    first = proposed_b.check_ins.first()
    first.due_on = TODAY - datetime.timedelta(days=1)
    first.save()
    page = text_of(client_of(professional_b).get("/vrijwilligers/binding/"))
    assert "te laat" in page
    assert_full(page)


# --- Searching and paging the pool --------------------------------------------------


def names_in(response) -> list[str]:
    return [v.first_name for v in response.context["page"].rows]


def test_a_hidden_last_name_cannot_be_searched(client_of, professional, professional_b, femke):
    client = client_of(professional_b)
    assert names_in(client.get("/vrijwilligers/?q=roz")) == []
    assert names_in(client.get("/vrijwilligers/?q=femke@")) == []
    assert names_in(client.get("/vrijwilligers/?q=fem")) == ["Femke"]
    assert names_in(client.get("/vrijwilligers/?q=linden")) == ["Femke"]
    assert names_in(client_of(professional).get("/vrijwilligers/?q=roz")) == ["Femke"]


def test_after_a_proposal_the_last_name_can_be_searched(client_of, professional_b, proposed_b):
    assert names_in(client_of(professional_b).get("/vrijwilligers/?q=roz")) == ["Femke"]


def test_the_page_cursor_cannot_probe_a_hidden_last_name(
    client_of, professional, professional_b, north, team_a
):
    """The cursor carries the sort key, and a reader can write their own:
    another team's volunteers sort by the initial they are shown with."""
    for n in range(30):
        VolunteerFactory(
            first_name=f"Naam{n:02d}",
            last_name=f"Verborgen{n:02d}",
            neighbourhood=north,
            team=team_a,
        )
    client = client_of(professional_b)
    first = client.get("/vrijwilligers/")
    cursor = first.context["page"].next_cursor
    assert cursor and "Verborgen" not in str(_decode_cursor(cursor))

    def after(reader, key):
        return names_in(client_of(reader).get(f"/vrijwilligers/?na={_encode((key, '', 0))}"))

    # For the coordinating team the cursor seeks by the last name itself, so
    # where a page starts tells a last name apart...
    assert after(professional, "Verborgen05")[0] == "Naam05"
    assert after(professional, "Verborgen25")[0] == "Naam25"
    # ...while another team's pages answer alike between hidden names.
    assert after(professional_b, "Verborgen05") == after(professional_b, "Verborgen25") == []
    assert after(professional_b, "V")[:2] == ["Naam00", "Naam01"]


def _decode_cursor(cursor: str):
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


def test_the_pool_page_costs_the_same_for_5_or_50_volunteers(
    client_of, professional_b, proposed_b, north, team_a, team_b, django_assert_max_num_queries
):
    client = client_of(professional_b)

    def add(n):
        for i in range(n):
            VolunteerFactory(neighbourhood=north, team=team_a if i % 2 else team_b)

    add(5)
    client.get("/vrijwilligers/")  # warm caches (sessions, content types)
    with django_assert_max_num_queries(100) as five:
        assert client.get("/vrijwilligers/").status_code == 200
    add(45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        page = client.get("/vrijwilligers/")
    assert len(page.context["page"].rows) == 25
