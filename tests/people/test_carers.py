"""Informal carers: registering one, checking their burden, the flag and the
team task an overloaded carer raises, respite on the social map, and the
counts per neighbourhood for policy with small cells hidden."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import (
    NeighbourhoodFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    household_with,
)
from wijknet.core.models import AuditEvent, Postcode, Role
from wijknet.people import carers
from wijknet.people.models import BurdenCheck, InformalCarer, Involvement, NetworkTie, TeamTask

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def daughter(known_person):
    return NetworkTie.objects.create(
        person=known_person,
        layer="natural",
        name="Anna",
        relation="dochter",
        support=["emotional"],
    )


@pytest.fixture
def carer(professional, daughter, context):
    return carers.register_carer(
        professional,
        tie=daughter,
        care_given="Boodschappen en medicijnen",
        hours_per_week=12,
        since=datetime.date(2023, 5, 1),
        context=context,
    )


def network_url(person):
    return reverse("people:network", args=[person.pk])


# --- Registering a carer ------------------------------------------------------------


def test_registering_a_carer_adds_care_to_the_support(carer, daughter):
    daughter.refresh_from_db()
    assert daughter.support == ["emotional", "care"]
    assert carer.hours_per_week == 12
    assert AuditEvent.objects.filter(action="change", object_type="people.person").count() == 1


def test_a_carer_comes_from_the_natural_network(professional, known_person, context):
    doctor = NetworkTie.objects.create(
        person=known_person, layer="professional", name="Dokter", relation="huisarts"
    )
    with pytest.raises(ValidationError) as error:
        carers.register_carer(professional, tie=doctor, care_given="zorg", context=context)
    assert "natuurlijke netwerk" in error.value.messages[0]
    assert not InformalCarer.objects.exists()


def test_a_carer_is_registered_once_and_checked(professional, daughter, carer, context):
    with pytest.raises(ValidationError):
        carers.register_carer(professional, tie=daughter, care_given="nog eens", context=context)
    other = NetworkTie.objects.create(
        person=daughter.person, layer="natural", name="Piet", relation="zoon"
    )
    with pytest.raises(ValidationError) as error:
        carers.register_carer(
            professional, tie=other, care_given=" ", hours_per_week=200, context=context
        )
    assert set(error.value.message_dict) == {"care_given", "hours_per_week"}


def test_only_an_involved_team_registers_a_carer(professional_b, daughter, context):
    with pytest.raises(PermissionDenied):
        carers.register_carer(professional_b, tie=daughter, care_given="zorg", context=context)


def test_staff_register_a_carer_through_the_page(client_of, professional, known_person, daughter):
    client = client_of(professional)
    page = client.get(network_url(known_person))
    new = reverse("people:carer_new", args=[known_person.pk, daughter.pk])
    assert f'href="{new}"' in page.text
    response = client.post(new, {"care_given": "Wassen en aankleden", "hours_per_week": "10"})
    assert response.status_code == 302
    assert daughter.carer.care_given == "Wassen en aankleden"


# --- Burden checks, the flag and the team task --------------------------------------


def test_an_overloaded_carer_raises_exactly_one_open_task_per_team(
    professional, carer, known_person, team_a, team_b, context
):
    Involvement.objects.create(household=known_person.membership.household, team=team_b)
    carers.record_burden(professional, carer=carer, burden="overloaded", context=context)
    carers.record_burden(professional, carer=carer, burden="very_heavy", context=context)
    tasks = TeamTask.objects.filter(kind="carer_overload", person=known_person)
    assert sorted(tasks.values_list("team_id", flat=True)) == sorted([team_a.pk, team_b.pk])
    task = tasks.get(team=team_a)
    assert "Anna" in task.title and "overbelast" in task.title
    assert task.due_on == TODAY + datetime.timedelta(days=carers.OVERLOAD_DAYS)
    # Once ticked off, a new overload raises a new task.
    task.done_at = task.created_at
    task.save()
    carers.record_burden(professional, carer=carer, burden="overloaded", context=context)
    assert tasks.filter(team=team_a, done_at__isnull=True).count() == 1
    assert tasks.filter(team=team_a).count() == 2


@pytest.mark.parametrize("burden", ["not_heavy", "fairly_heavy"])
def test_a_bearable_burden_raises_no_task(professional, carer, context, burden):
    check = carers.record_burden(professional, carer=carer, burden=burden, context=context)
    assert not carers.is_flagged(check)
    assert not TeamTask.objects.exists()


def test_an_old_heavy_check_does_not_flag_a_carer_who_is_fine_now(professional, carer, context):
    carers.record_burden(professional, carer=carer, burden="not_heavy", context=context)
    carers.record_burden(
        professional,
        carer=carer,
        burden="overloaded",
        checked_on=TODAY - datetime.timedelta(days=90),
        context=context,
    )
    assert not TeamTask.objects.exists()


def test_a_burden_check_is_checked(professional, professional_b, carer, context):
    with pytest.raises(ValidationError) as error:
        carers.record_burden(
            professional,
            carer=carer,
            burden="exhausted",
            checked_on=TODAY + datetime.timedelta(days=1),
            context=context,
        )
    assert set(error.value.message_dict) == {"burden", "checked_on"}
    with pytest.raises(PermissionDenied):
        carers.record_burden(professional_b, carer=carer, burden="overloaded", context=context)
    assert not BurdenCheck.objects.exists()


def test_recording_overbelast_on_the_page_shows_the_flag_and_the_history(
    client_of, professional, known_person, daughter, carer
):
    client = client_of(professional)
    prefix = f"b{daughter.pk}"
    response = client.post(
        reverse("people:burden_new", args=[known_person.pk, daughter.pk]),
        {f"{prefix}-burden": "overloaded", f"{prefix}-checked_on": TODAY.isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    text = response.text
    assert "Het team heeft een taak gekregen" in text  # the message
    assert "Signaal: overbelast" in text  # the flag in the carer's section
    assert "Eén overbelaste drager: Anna (dochter)" in text  # and on the map's signals
    assert "Anna (dochter) – overbelast</text>" in text  # and in words in the picture
    assert "Belasting van Anna door de tijd" in text
    assert TeamTask.objects.filter(kind="carer_overload", done_at__isnull=True).count() == 1


def test_a_bad_burden_form_is_shown_again(client_of, professional, known_person, daughter, carer):
    response = client_of(professional).post(
        reverse("people:burden_new", args=[known_person.pk, daughter.pk]),
        {f"b{daughter.pk}-checked_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "Controleer de gegevens" in response.text
    assert not BurdenCheck.objects.exists()


def test_the_history_shows_every_check_newest_first(
    client_of, professional, known_person, carer, context
):
    for days, burden in ((60, "not_heavy"), (30, "fairly_heavy"), (1, "very_heavy")):
        carers.record_burden(
            professional,
            carer=carer,
            burden=burden,
            checked_on=TODAY - datetime.timedelta(days=days),
            context=context,
        )
    text = client_of(professional).get(network_url(known_person)).text
    section = text.split("Belasting van Anna door de tijd")[1].split("</table>")[0]
    positions = [section.index(label) for label in ("zeer zwaar", "tamelijk zwaar", "niet zwaar")]
    assert positions == sorted(positions)
    assert "Signaal: zeer zwaar belast" in text


# --- Respite on the social map ----------------------------------------------------------


def test_the_carers_section_links_respite_services_near_the_resident(
    client_of, professional, known_person, carer
):
    from wijknet.kaart import services as kaart

    organisation = OrganisationFactory(name="Stichting Ontzorg")
    here = NeighbourhoodFactory(name="Veenhof")
    Postcode.objects.create(postcode="9101AB", neighbourhood=here)
    known_person.postcode = "9101AB"
    known_person.save()
    respite = kaart.save_service(
        None,
        organisation=organisation,
        name="Respijtzorg Veenhof",
        description="Een vrijwilliger neemt de zorg een dagdeel over.",
    )
    support = kaart.save_service(
        None,
        organisation=organisation,
        name="Mantelzorgsteunpunt",
        description="Advies en een luisterend oor voor mantelzorgers.",
    )
    kaart.save_service(
        None, organisation=organisation, name="Koffieochtend", description="Samen koffie."
    )
    text = client_of(professional).get(network_url(known_person)).text
    section = text.split("Ontlasting voor mantelzorgers")[1]
    assert f'href="/sociale-kaart/{respite.pk}/"' in section
    assert f'href="/sociale-kaart/{support.pk}/"' in section
    assert section.index("Respijtzorg Veenhof") < section.index("Mantelzorgsteunpunt")
    assert "Koffieochtend" not in section


def test_respite_is_the_same_from_the_cache_and_follows_changes_to_the_map(
    client_of, professional, known_person, carer, django_assert_max_num_queries
):
    from wijknet.kaart import services as kaart

    organisation = OrganisationFactory(name="Stichting Ontzorg")
    first = kaart.save_service(
        None, organisation=organisation, name="Respijtzorg Oost", description="Even vrij."
    )
    assert carers.respite_services(known_person) == [first]
    # Again from the cache: the neighbourhood, the map version, the entries.
    with django_assert_max_num_queries(3):
        assert carers.respite_services(known_person) == [first]
    # A new entry, a renamed one and one taken off the map show at once.
    second = kaart.save_service(
        None, organisation=organisation, name="Mantelzorgcafé", description="Lotgenoten."
    )
    assert carers.respite_services(known_person) == [first, second]
    kaart.save_service(None, service=first, name="Respijtzorg Oost en West")
    assert carers.respite_services(known_person)[0].name == "Respijtzorg Oost en West"
    kaart.save_service(None, service=second, status="inactive")
    text = client_of(professional).get(network_url(known_person)).text
    section = text.split("Ontlasting voor mantelzorgers")[1]
    assert "Respijtzorg Oost en West" in section and "Mantelzorgcafé" not in section


def test_respite_shows_at_most_five(known_person):
    from wijknet.kaart import services as kaart

    organisation = OrganisationFactory()
    for i in range(7):
        kaart.save_service(
            None, organisation=organisation, name=f"Respijtzorg {i}", description="Even vrij."
        )
    assert len(carers.respite_services(known_person)) == 5


def test_no_carer_no_respite_search(client_of, professional, known_person):
    assert (
        "Ontlasting voor mantelzorgers"
        not in client_of(professional).get(network_url(known_person)).text
    )


# --- Counts for policy -------------------------------------------------------------------


def _carers_in(neighbourhood, team, burdens, checked_by):
    """One carer per burden, each caring for a resident of the neighbourhood;
    None for a carer without a check."""
    for burden in burdens:
        person = PersonFactory()
        person.neighbourhood = neighbourhood
        person.save()
        household_with(person, team=team)
        tie = NetworkTie.objects.create(person=person, layer="natural", name="X", relation="y")
        carer = InformalCarer.objects.create(tie=tie, care_given="zorg")
        if burden:
            BurdenCheck.objects.create(
                carer=carer,
                burden="not_heavy",
                checked_on=TODAY - datetime.timedelta(days=100),
                checked_by=checked_by,
            )
            BurdenCheck.objects.create(carer=carer, burden=burden, checked_by=checked_by)


def test_policy_sees_counts_per_neighbourhood_with_small_cells_hidden(
    client_of, professional, team_a
):
    big = NeighbourhoodFactory(name="Grootveld")
    small = NeighbourhoodFactory(name="Kleinhoven")
    mixed = NeighbourhoodFactory(name="Middenmeer")
    _carers_in(
        big,
        team_a,
        ["overloaded"] * 3 + ["very_heavy", "fairly_heavy"] + ["not_heavy"] * 7,
        professional,
    )
    _carers_in(big, team_a, [None] * 4, professional)  # never checked: not counted
    _carers_in(small, team_a, ["overloaded"] * 3, professional)
    _carers_in(mixed, team_a, ["overloaded"] * 2 + ["not_heavy"] * 6, professional)
    policy = UserFactory(role=Role.POLICY)
    indicator = carers.policy_aggregates(policy)
    rows = {row["neighbourhood"]: row for row in indicator["rows"]}
    assert (rows["Grootveld"]["n"], rows["Grootveld"]["heavy"]) == (12, 5)
    assert rows["Grootveld"]["share"] == 42
    assert (rows["Kleinhoven"]["n"], rows["Kleinhoven"]["share"]) == (None, None)
    assert rows["Middenmeer"]["n"] == 8
    assert (rows["Middenmeer"]["heavy"], rows["Middenmeer"]["share"]) == (None, None)
    # 23 in all, but 23 minus the 12 and 8 shown would give Kleinhoven's 3.
    assert indicator["total"] == {"n": None, "heavy": None, "share": None}

    page = client_of(policy).get(reverse("people:carer_aggregates"))
    assert page.status_code == 200
    text = page.text
    assert "Grootveld" in text and "42%" in text
    kleinhoven = text.split("Kleinhoven")[1].split("</tr>")[0]
    assert "·" in kleinhoven and "3" not in kleinhoven
    assert "&lt; 5" not in text
    assert "niet getoond: te weinig mantelzorgers om herleiding te voorkomen" in text
    assert not AuditEvent.objects.exists()


def test_a_heavy_count_hidden_for_its_small_complement_is_not_called_small(
    client_of, professional, team_a
):
    """12 carers of whom 9 heavily burdened: the 9 is hidden because it
    would give away the 3 others, and the page must not claim it is under 5."""
    _carers_in(
        NeighbourhoodFactory(name="Zwaarveld"),
        team_a,
        ["overloaded"] * 4 + ["very_heavy"] * 3 + ["fairly_heavy"] * 2 + ["not_heavy"] * 3,
        professional,
    )
    _carers_in(
        NeighbourhoodFactory(name="Lichtenhof"),
        team_a,
        ["fairly_heavy"] * 2 + ["not_heavy"] * 8,
        professional,
    )
    policy = UserFactory(role=Role.POLICY)
    indicator = carers.policy_aggregates(policy)
    rows = {row["neighbourhood"]: row for row in indicator["rows"]}
    assert rows["Zwaarveld"] == {**rows["Zwaarveld"], "n": 12, "heavy": None, "share": None}
    assert rows["Lichtenhof"] == {**rows["Lichtenhof"], "n": 10, "heavy": None, "share": None}
    # Over the municipality: 11 of 22, and 11 on either side hides nobody.
    assert indicator["total"] == {"n": 22, "heavy": 11, "share": 50}

    text = client_of(policy).get(reverse("people:carer_aggregates")).text
    zwaarveld = text.split("Zwaarveld")[1].split("</tr>")[0]
    assert "&lt; 5" not in zwaarveld and "9" not in zwaarveld and "·" in zwaarveld
    total = text.split("Hele gemeente")[1].split("</tr>")[0]
    assert "22" in total and "11" in total and "50%" in total


def test_the_municipal_total_hides_what_subtraction_would_reveal(professional, team_a):
    """Shown rows 10 (5 heavy) and 7 (hidden heavy: 2 heavy, 5 not): the
    total of 7 heavy minus the 5 shown would give the other row's 2."""
    _carers_in(NeighbourhoodFactory(), team_a, ["overloaded"] * 5 + ["not_heavy"] * 5, professional)
    _carers_in(NeighbourhoodFactory(), team_a, ["very_heavy"] * 2 + ["not_heavy"] * 5, professional)
    total = carers.policy_aggregates(UserFactory(role=Role.POLICY))["total"]
    assert total == {"n": 17, "heavy": None, "share": None}


def test_an_ended_tie_is_no_longer_a_carer_for_policy(professional, team_a):
    place = NeighbourhoodFactory()
    _carers_in(place, team_a, ["overloaded"] * 5, professional)
    NetworkTie.objects.filter(pk=NetworkTie.objects.first().pk).update(ended_on=TODAY)
    indicator = carers.policy_aggregates(UserFactory(role=Role.POLICY))
    assert indicator["rows"][0]["n"] is None  # 4 left
    assert indicator["total"]["n"] is None


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.TEAM_LEAD, Role.RESIDENT, Role.ADMIN])
def test_only_policy_sees_the_counts(client_of, role):
    user = UserFactory(role=role)
    assert client_of(user).get(reverse("people:carer_aggregates")).status_code == 403
    assert carers.policy_aggregates(user) == {"rows": [], "total": None}
