"""The network map around a person (ecogram): who may read and change it,
the audit rows, the resident's own map and proposals, the picture and the
table, the signals, the team's tasks, and a plan step that names a tie."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, TeamFactory, UserFactory, household_with, share_consent
from wijknet.core.models import AuditEvent, AuditPurpose, Role
from wijknet.people import network
from wijknet.people.models import (
    BurdenCheck,
    InformalCarer,
    Involvement,
    NetworkTie,
    TeamTask,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def resident_user(db):
    return UserFactory(username="inwoner", role=Role.RESIDENT)


@pytest.fixture
def resident(resident_user, team_a):
    """A resident with a login whose household team A works with."""
    person = PersonFactory(first_name="Joke", last_name="Brouwer", user=resident_user)
    household_with(person, team=team_a)
    return person


def make_tie(person, layer="natural", name="Anna", relation="dochter", **fields):
    return NetworkTie.objects.create(
        person=person, layer=layer, name=name, relation=relation, **fields
    )


def url(person):
    return reverse("people:network", args=[person.pk])


# --- Services -----------------------------------------------------------------------


def test_staff_of_an_involved_team_add_a_tie(professional, known_person, context):
    tie = network.save_tie(
        professional,
        person=known_person,
        context=context,
        layer="natural",
        name="  Anna  de Vries ",
        relation="dochter",
        support=["emotional", "practical", "practical"],
        load_tie=3,
    )
    assert tie.name == "Anna de Vries"
    assert tie.support == ["practical", "emotional"]  # known kinds, in their own order
    assert tie.source == NetworkTie.Source.PROFESSIONAL and not tie.awaiting_review
    row = AuditEvent.objects.get()
    assert (row.action, row.object_type, row.object_id) == (
        "change",
        "people.person",
        str(known_person.pk),
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"relation": ""}, "relation"),
        ({"layer": "family"}, "layer"),
        ({"support": ["money"]}, "support"),
        ({"load_tie": 5}, "load_tie"),
        ({"load_person": 0}, "load_person"),
        ({"frequency": "hourly"}, "frequency"),
    ],
)
def test_a_tie_is_checked_field_by_field(professional, known_person, context, fields, field):
    data = {"layer": "natural", "name": "Anna", "relation": "dochter", **fields}
    with pytest.raises(ValidationError) as error:
        network.save_tie(professional, person=known_person, context=context, **data)
    assert field in error.value.message_dict
    assert not NetworkTie.objects.exists()
    assert not AuditEvent.objects.exists()


def test_only_an_involved_team_changes_the_map(
    professional, professional_b, team_b, known_person, context
):
    with pytest.raises(PermissionDenied):
        network.save_tie(
            professional_b,
            person=known_person,
            context=context,
            layer="natural",
            name="A",
            relation="b",
        )
    # A consent to share opens the map for reading only.
    share_consent(known_person, team_b, professional)
    tie = make_tie(known_person)
    with pytest.raises(PermissionDenied):
        network.end_tie(professional_b, tie=tie, context=context)
    resident = UserFactory(role=Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        network.save_tie(resident, person=known_person, tie=tie, context=context, name="X")


def test_ending_a_tie_keeps_it_as_history(professional, known_person, context):
    tie = make_tie(known_person)
    network.end_tie(professional, tie=tie, context=context)
    network.end_tie(professional, tie=tie, context=context)  # twice keeps the first
    tie.refresh_from_db()
    assert tie.ended_on == TODAY
    assert AuditEvent.objects.filter(action="change").count() == 1
    with pytest.raises(ValidationError):
        network.save_tie(professional, person=known_person, tie=tie, context=context, name="B")


# --- The network page: access and audit --------------------------------------------


def test_another_team_gets_404_like_an_unknown_id(client_of, professional_b, known_person):
    make_tie(known_person)
    client = client_of(professional_b)
    forbidden = client.get(url(known_person))
    unknown = client.get(reverse("people:network", args=[known_person.pk + 999]))
    assert forbidden.status_code == unknown.status_code == 404
    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(forbidden.text).group() == main.search(unknown.text).group()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.POLICY, Role.INTAKE, Role.ASSESSOR, Role.VOLUNTEER])
def test_roles_without_person_access_get_404(client_of, known_person, role):
    make_tie(known_person)
    assert client_of(UserFactory(role=role)).get(url(known_person)).status_code == 404
    assert not AuditEvent.objects.exists()


def test_an_ended_involvement_closes_the_map(client_of, professional, known_person):
    Involvement.objects.filter(household__members__person=known_person).update(
        ended_on=TODAY - datetime.timedelta(days=1)
    )
    assert client_of(professional).get(url(known_person)).status_code == 404


def test_the_read_is_audited_on_the_person_and_per_tie_shown(client_of, professional, known_person):
    shown = [make_tie(known_person, name="Anna"), make_tie(known_person, "community", "Buurthuis")]
    make_tie(known_person, name="Ex", ended_on=TODAY)  # history: not shown
    make_tie(PersonFactory(), name="Vreemde")  # someone else's map
    response = client_of(professional).get(url(known_person), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    view = AuditEvent.objects.get(action="view")
    assert (view.object_type, view.object_id) == ("people.person", str(known_person.pk))
    listed = AuditEvent.objects.filter(action="list")
    assert sorted(listed.values_list("object_id", flat=True)) == sorted(str(t.pk) for t in shown)
    for row in [view, *listed]:
        assert row.actor == professional
        assert row.actor_role == Role.PROFESSIONAL
        assert row.purpose == AuditPurpose.SUPPORT
        assert row.route == "people:network"
        assert row.ip == "10.1.2.3"
    assert set(listed.values_list("object_type", flat=True)) == {"people.networktie"}


def test_a_sharing_team_reads_the_map_without_forms(
    client_of, professional, professional_b, team_b, known_person
):
    make_tie(known_person)
    share_consent(known_person, team_b, professional)
    client = client_of(professional_b)
    page = client.get(url(known_person))
    assert page.status_code == 200
    assert "niet wijzigen" in page.text
    assert "Relatie toevoegen" not in page.text
    posted = client.post(url(known_person), {"nieuw-name": "X"})
    assert posted.status_code == 403


# --- Picture, table and signals ------------------------------------------------------


def _svg(text):
    return re.search(r"<svg viewBox.*?</svg>", text, re.S).group()


def _table_names(text):
    table = re.search(r'<table class="network-table">.*?</table>', text, re.S).group()
    return re.findall(r'<th scope="row">([^<]+?)(?: <span|</th>)', table)


def test_the_picture_and_the_table_hold_the_same_ties(client_of, professional, known_person):
    make_tie(known_person, name="Anna", relation="dochter", load_tie=4)
    make_tie(known_person, "community", "Buurthuis De Linde", "buurthuis")
    make_tie(known_person, "professional", "Dokter Pieters", "huisarts")
    response = client_of(professional).get(url(known_person))
    svg = _svg(response.text)
    assert 'role="img"' in svg
    title = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S).group(1)
    assert "Fenna Zonneveld" in title
    assert "natuurlijk netwerk: 1" in title and "professionals: 1" in title
    labels = re.findall(r"<text [^>]*>([^<]+)</text>", svg)[1:]  # the first is the person
    assert sorted(labels) == [
        "Anna (dochter) – te zwaar",  # the load in words, not in colour
        "Buurthuis De Linde (buurthuis)",
        "Dokter Pieters (huisarts)",
    ]
    assert svg.count('<g class="tie') == 3
    assert 'stroke-dasharray="10 5"' in svg  # too heavy: a thick dashed line
    names = _table_names(response.text)
    assert names == ["Anna", "Buurthuis De Linde", "Dokter Pieters"]  # inside out
    assert "te zwaar" in response.text and "wekelijks" in response.text


def test_coordinates_are_not_localised(client_of, professional, known_person, settings):
    make_tie(known_person)
    svg = _svg(client_of(professional).get(url(known_person)).text)
    assert re.search(r'cx="\d+\.\d"', svg) and not re.search(r'cx="\d+,\d"', svg)


def test_the_page_lists_the_networks_signals(client_of, professional, known_person):
    make_tie(known_person, name="Anna", relation="dochter", load_tie=3)
    response = client_of(professional).get(url(known_person))
    text = response.text
    assert "Klein netwerk" in text
    assert "Eén overbelaste drager: Anna (dochter)" in text
    assert "Niemand in de laag &#x27;voorzieningen in de buurt&#x27;" in text
    assert "Niemand in de laag &#x27;professionals&#x27;" in text
    assert "Niemand in de laag &#x27;natuurlijk netwerk&#x27;" not in text


def test_a_healthy_network_raises_no_signal(client_of, professional, known_person):
    make_tie(known_person, "self", "Tuinieren", "")
    for name in ("Anna", "Piet"):
        make_tie(known_person, name=name)
    make_tie(known_person, "community", "Buurthuis")
    make_tie(known_person, "professional", "Huisarts")
    assert "Signalen uit de netwerkkaart" not in client_of(professional).get(url(known_person)).text


def test_staff_add_edit_and_end_a_tie_through_the_pages(client_of, professional, known_person):
    client = client_of(professional)
    posted = client.post(
        url(known_person),
        {
            "nieuw-layer": "natural",
            "nieuw-name": "Anna",
            "nieuw-relation": "dochter",
            "nieuw-support": ["practical"],
            "nieuw-frequency": "weekly",
            "nieuw-reciprocity": "mutual",
            "nieuw-load_person": "2",
            "nieuw-load_tie": "3",
        },
    )
    assert posted.status_code == 302
    tie = NetworkTie.objects.get()
    assert (tie.load_tie, tie.support) == (3, ["practical"])
    edit = reverse("people:tie_edit", args=[known_person.pk, tie.pk])
    assert client.get(edit).status_code == 200
    changed = client.post(
        edit,
        {
            "layer": "natural",
            "name": "Anna",
            "relation": "dochter",
            "frequency": "daily",
            "reciprocity": "receives",
            "load_person": "1",
            "load_tie": "4",
        },
    )
    assert changed.status_code == 302
    tie.refresh_from_db()
    assert (tie.frequency, tie.load_tie, tie.support) == ("daily", 4, [])
    client.post(reverse("people:tie_end", args=[known_person.pk, tie.pk]))
    tie.refresh_from_db()
    assert tie.ended_on == TODAY
    assert "Anna" not in _table_names(client.get(url(known_person)).text)


def test_a_blank_tie_is_refused_in_dutch(client_of, professional, known_person):
    response = client_of(professional).post(url(known_person), {"nieuw-layer": "natural"})
    assert response.status_code == 400
    assert "Controleer de gegevens" in response.text
    assert not NetworkTie.objects.exists()


def test_a_tie_of_another_person_is_404(client_of, professional, known_person, team_a):
    other = PersonFactory()
    household_with(other, team=team_a)
    tie = make_tie(other)
    client = client_of(professional)
    assert client.get(reverse("people:tie_edit", args=[known_person.pk, tie.pk])).status_code == 404
    client.post(reverse("people:tie_end", args=[known_person.pk, tie.pk]))
    tie.refresh_from_db()
    assert tie.ended_on is None


def test_the_network_page_has_a_fixed_query_budget(
    client_of, professional, known_person, django_assert_max_num_queries
):
    def grow(n):
        for i in range(n):
            tie = make_tie(known_person, ["natural", "community", "professional"][i % 3], f"T{i}")
            if i % 3 == 0:
                carer = InformalCarer.objects.create(tie=tie, care_given="boodschappen")
                for burden in ("not_heavy", "fairly_heavy"):
                    BurdenCheck.objects.create(carer=carer, burden=burden, checked_by=professional)

    client = client_of(professional)
    grow(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(known_person)).status_code == 200
    grow(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url(known_person))
    assert len(_table_names(page.text)) == 12


# --- The resident's own map -----------------------------------------------------------


def test_the_resident_sees_only_their_own_map(client_of, resident_user, resident, known_person):
    make_tie(resident, name="Anna")
    make_tie(known_person, name="Vreemde")
    client = client_of(resident_user)
    page = client.get(reverse("people:own_network"))
    assert page.status_code == 200
    assert "Anna" in page.text and "Vreemde" not in page.text
    assert _svg(page.text)
    assert client.get(url(known_person)).status_code == 404
    assert client.get(url(resident)).url == reverse("people:own_network")
    rows = AuditEvent.objects.filter(actor=resident_user)
    assert {(r.action, r.object_type, r.purpose) for r in rows} == {
        ("view", "people.person", AuditPurpose.OWN_RECORD),
        ("list", "people.networktie", AuditPurpose.OWN_RECORD),
    }


def test_staff_have_no_own_map(client_of, professional):
    assert client_of(professional).get(reverse("people:own_network")).status_code == 403


def test_a_resident_without_a_linked_record_is_told_so(client_of):
    page = client_of(UserFactory(role=Role.RESIDENT)).get(reverse("people:own_network"))
    assert "geen gegevens gekoppeld" in page.text


def test_the_residents_proposal_awaits_review_and_raises_one_task_per_team(
    client_of, resident_user, resident, team_a, team_b
):
    Involvement.objects.create(household=resident.membership.household, team=team_b)
    elsewhere = TeamFactory()
    Involvement.objects.create(
        household=resident.membership.household,
        team=elsewhere,
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2021, 1, 1),
    )
    client = client_of(resident_user)
    for name in ("Buurvrouw Els", "Tante Mies"):
        response = client.post(
            reverse("people:own_network"),
            {
                "layer": "natural",
                "name": name,
                "relation": "buurvrouw",
                "support": ["emotional"],
                "frequency": "weekly",
                "reciprocity": "mutual",
                "load_person": "2",
                "load_tie": "2",
            },
        )
        assert response.status_code == 302
    ties = NetworkTie.objects.filter(person=resident)
    assert ties.count() == 2
    assert all(tie.source == "resident" and tie.awaiting_review for tie in ties)
    tasks = TeamTask.objects.filter(kind="network_review", person=resident)
    assert sorted(tasks.values_list("team_id", flat=True)) == sorted([team_a.pk, team_b.pk])
    page = client.get(reverse("people:own_network"))
    assert "voorstel, wacht op het wijkteam" in page.text
    assert "Tante Mies (buurvrouw) – voorstel" in _svg(page.text)


def test_a_proposal_from_someone_without_a_record_is_refused(context):
    with pytest.raises(PermissionDenied):
        network.propose_tie(
            UserFactory(role=Role.RESIDENT),
            context=context,
            layer="natural",
            name="A",
            relation="b",
        )


def test_staff_review_proposals_and_the_task_is_done_after_the_last(
    client_of, professional, resident, context
):
    first = make_tie(resident, name="Els", source="resident")
    second = make_tie(resident, name="Mies", source="resident")
    network.raise_tasks(resident, kind="network_review", title="nakijken", due_on=TODAY)
    client = client_of(professional)
    page = client.get(url(resident))
    assert "Voorstellen van de inwoner" in page.text
    assert "Els" not in _svg(page.text)  # not on the map until accepted
    review = "people:tie_review"
    client.post(reverse(review, args=[resident.pk, first.pk]), {"decision": "accept"})
    first.refresh_from_db()
    assert first.reviewed_by == professional and first.reviewed_at and first.ended_on is None
    assert TeamTask.objects.get().done_at is None  # Mies still waits
    client.post(reverse(review, args=[resident.pk, second.pk]), {"decision": "refuse"})
    second.refresh_from_db()
    assert second.ended_on == TODAY and not second.awaiting_review
    task = TeamTask.objects.get()
    assert task.done_at is not None and task.done_by == professional
    with pytest.raises(ValidationError):
        network.review_tie(professional, tie=first, accept=False, context=context)
    assert "Els" in _svg(client.get(url(resident)).text)


# --- Team tasks ---------------------------------------------------------------------


def test_the_task_list_shows_the_teams_open_tasks_and_logs_each_person(
    client_of, professional, known_person, team_b
):
    other = PersonFactory(last_name="Elders")
    household_with(other, team=team_b)
    mine = TeamTask.objects.create(
        team=professional.memberships.get().team,
        kind="carer_overload",
        person=known_person,
        title="Mantelzorger ontlasten",
    )
    TeamTask.objects.create(team=team_b, kind="other", person=other, title="Van een ander team")
    client = client_of(professional)
    page = client.get(reverse("people:tasks"))
    assert "Mantelzorger ontlasten" in page.text and "Van een ander team" not in page.text
    listed = AuditEvent.objects.filter(action="list")
    assert list(listed.values_list("object_id", flat=True)) == [str(known_person.pk)]
    client.post(reverse("people:task_done", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.done_by == professional
    assert "geen open taken" in client.get(reverse("people:tasks")).text


def test_the_task_list_pages_by_due_date(client_of, professional, team_a, known_person):
    TeamTask.objects.bulk_create(
        TeamTask(
            team=team_a,
            kind="other",
            person=known_person,
            title=f"Taak {i:02d}",
            due_on=TODAY + datetime.timedelta(days=i),
        )
        for i in range(27)
    )
    client = client_of(professional)
    first = client.get(reverse("people:tasks"))
    assert "Taak 00" in first.text and "Taak 24" in first.text and "Taak 25" not in first.text
    cursor = re.search(r"na=([\w-]+)", first.text).group(1)
    second = client.get(reverse("people:tasks"), {"na": cursor})
    assert "Taak 25" in second.text and "Taak 26" in second.text and "Taak 24" not in second.text


def test_another_team_cannot_tick_off_a_task(client_of, professional_b, known_person, team_a):
    task = TeamTask.objects.create(team=team_a, kind="other", person=known_person, title="x")
    assert (
        client_of(professional_b).post(reverse("people:task_done", args=[task.pk])).status_code
        == 404
    )
    task.refresh_from_db()
    assert task.done_at is None


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.POLICY])
def test_the_task_list_is_for_teams(client_of, role):
    assert client_of(UserFactory(role=role)).get(reverse("people:tasks")).status_code == 403


# --- Links and navigation ---------------------------------------------------------------


def test_the_person_page_links_to_the_map(client_of, professional, known_person):
    page = client_of(professional).get(reverse("people:person", args=[known_person.pk]))
    assert f'href="{url(known_person)}"' in page.text


@pytest.mark.parametrize(
    ("role", "label"),
    [(Role.RESIDENT, "Mijn netwerk"), (Role.PROFESSIONAL, "Taken"), (Role.POLICY, "Mantelzorg")],
)
def test_navigation_offers_the_new_pages(client_of, role, label):
    nav = client_of(UserFactory(role=role)).get(reverse("core:home")).text
    assert label in nav.split('class="main-nav"')[1].split("</nav>")[0]


# --- A plan step names a tie ---------------------------------------------------------------


@pytest.fixture
def draft(professional, team_a, known_person, context):
    from wijknet.cases import services
    from wijknet.cases.models import ResultArea

    case = services.open_case(
        professional,
        household=known_person.membership.household,
        team=team_a,
        start_reason="walk_in",
        context=context,
    )
    services.save_goal(
        professional,
        case=case,
        context=context,
        title="Boodschappen gedaan",
        result_area=ResultArea.SELF_RELIANCE,
    )
    return services.start_plan(professional, case=case, context=context)


def _post_step(client, version, tie):
    plan_goal = version.plan_goals.get()
    prefix = f"s{plan_goal.pk}"
    return client.post(
        reverse("cases:plan_act", args=[version.case_id, "step"]),
        {
            "plan_goal": plan_goal.pk,
            f"{prefix}-revision": version.revision,
            f"{prefix}-ladder_level": "network",
            f"{prefix}-others_action": "Doet de boodschappen op zaterdag",
            f"{prefix}-network_tie": tie.pk,
        },
    )


def test_a_plan_step_names_a_tie_of_the_household(client_of, professional, known_person, draft):
    tie = make_tie(known_person, name="Anna", relation="dochter")
    client = client_of(professional)
    plan = client.get(reverse("cases:plan", args=[draft.case_id]))
    assert "Anna (dochter), netwerk van Fenna" in plan.text
    assert _post_step(client, draft, tie).status_code == 302
    step = draft.plan_goals.get().steps.get()
    assert step.network_tie == tie
    plan = client.get(reverse("cases:plan", args=[draft.case_id]))
    assert f'<a href="{url(known_person)}">Anna</a>' in plan.text


def test_a_plan_step_refuses_a_tie_of_another_household(client_of, professional, team_a, draft):
    stranger = PersonFactory()
    household_with(stranger, team=team_a)  # visible to the team, but not this household
    tie = make_tie(stranger, name="Vreemde")
    response = _post_step(client_of(professional), draft, tie)
    assert response.status_code == 400
    assert not draft.plan_goals.get().steps.exists()


def test_a_plan_step_refuses_an_unreviewed_proposal(client_of, professional, known_person, draft):
    tie = make_tie(known_person, name="Els", source="resident")
    assert _post_step(client_of(professional), draft, tie).status_code == 400


def test_the_case_overview_links_each_member_to_their_map(
    client_of, professional, known_person, draft
):
    page = client_of(professional).get(reverse("cases:detail", args=[draft.case_id]))
    assert f'href="{url(known_person)}"' in page.text


# --- The person's own strengths (the self layer) ----------------------------------------


def test_own_strengths_need_no_relation_but_a_tie_does(professional, known_person, context):
    own = network.save_tie(
        professional,
        person=known_person,
        context=context,
        layer="self",
        name="Wandelen met de hond",
        relation="",
        frequency="daily",
    )
    assert (own.layer, own.relation, own.linked_person) == ("self", "", None)
    with pytest.raises(ValidationError) as error:
        network.save_tie(
            professional, person=known_person, context=context, layer="natural", name="Anna"
        )
    assert "relation" in error.value.message_dict
    assert list(NetworkTie.objects.values_list("name", flat=True)) == ["Wandelen met de hond"]


def test_own_strengths_are_drawn_closest_and_listed_in_the_table(
    client_of, professional, known_person
):
    client = client_of(professional)
    before = client.get(url(known_person)).text
    assert "Geen eigen kracht vastgelegd" in before
    posted = client.post(
        url(known_person),
        {
            "nieuw-layer": "self",
            "nieuw-name": "Tuinieren",
            "nieuw-relation": "",
            "nieuw-frequency": "weekly",
            "nieuw-reciprocity": "mutual",
            "nieuw-load_person": "1",
            "nieuw-load_tie": "2",
        },
    )
    assert posted.status_code == 302
    make_tie(known_person, name="Anna", relation="dochter")
    page = client.get(url(known_person)).text
    assert "Geen eigen kracht vastgelegd" not in page
    svg = _svg(page)
    assert '<g class="tie tie-self">' in svg
    assert "zelf / eigen kracht: 1" in svg  # the picture's text alternative counts it
    assert _table_names(page) == ["Tuinieren", "Anna"]  # inside out: self first
    row = re.search(r'<tr data-tie="\d+">\s*<td>zelf / eigen kracht</td>.*?</tr>', page, re.S)
    assert row and "Tuinieren" in row.group()


def test_the_resident_adds_an_own_strength_in_the_portal(client_of, resident_user, resident):
    response = client_of(resident_user).post(
        reverse("people:own_network"),
        {
            "layer": "self",
            "name": "Koken voor de buren",
            "frequency": "weekly",
            "reciprocity": "gives",
            "load_person": "1",
            "load_tie": "2",
        },
    )
    assert response.status_code == 302
    tie = NetworkTie.objects.get(person=resident)
    assert (tie.layer, tie.relation, tie.awaiting_review) == ("self", "", True)


def test_a_plan_step_offers_no_own_strengths_as_what_others_do(known_person, professional, context):
    own = make_tie(known_person, "self", "Tuinieren", "")
    other = make_tie(known_person, name="Anna")
    household = known_person.membership.household_id
    assert list(network.household_ties(professional, household, context=context)) == [other]
    assert own.pk not in {
        tie.pk for tie in network.household_ties(professional, household, context=context)
    }
