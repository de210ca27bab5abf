"""The staff pages of the social map: who may use them, the entry form with
its errors in Dutch, the history in words, and the review queue."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import NeighbourhoodFactory, OrganisationFactory, UserFactory
from wijknet.core.models import Postcode, Role
from wijknet.kaart import services
from wijknet.kaart.history import HISTORY_SIZE
from wijknet.kaart.models import (
    Contact,
    LifeDomain,
    Location,
    MapEditor,
    Phone,
    Schedule,
    Service,
    ServiceVersion,
    TargetGroup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    return {
        role: UserFactory(username=f"user-{role}", role=role, first_name=role.title())
        for role in (
            Role.RESIDENT,
            Role.PROFESSIONAL,
            Role.POLICY,
            Role.INTAKE,
            Role.TEAM_LEAD,
            Role.ADMIN,
        )
    }


@pytest.fixture
def editor(users):
    return users[Role.INTAKE]


@pytest.fixture
def samen():
    return OrganisationFactory(name="Stichting Samen")


@pytest.fixture
def coffee(samen):
    return services.save_service(
        None,
        organisation=samen,
        name="Koffieochtend De Linde",
        description="Samen koffie drinken tegen eenzaamheid.",
        life_domains=[LifeDomain.objects.get(code="sociale-contacten")],
    )


def entry_data(organisation, **overrides) -> dict:
    """What the browser posts for a plain, valid entry."""
    data = {
        "organisation": organisation.pk,
        "name": "Maaltijdpunt Veenhof",
        "alternate_name": "",
        "description": "Samen eten voor weinig geld.",
        "working_method": "Vrijwilligers koken, u eet mee.",
        "ladder_level": "general",
        "open_to_everyone": "on",
        "whole_municipality": "on",
        "is_free": "on",
        "fees_description": "",
        "application_process": "",
        "url": "",
        "email": "",
        "languages": "",
        "volunteers": "",
        "partnerships": "",
        "status": "active",
        "editor": "",
        "locatie-name": "",
        "locatie-street": "",
        "locatie-postcode": "",
        "locatie-city": "",
        "locatie-transportation": "",
        "tijden-TOTAL_FORMS": "1",
        "tijden-INITIAL_FORMS": "0",
        "tijden-MIN_NUM_FORMS": "0",
        "tijden-MAX_NUM_FORMS": "20",
        "tijden-0-pk": "",
        "tijden-0-opens_at": "",
        "tijden-0-closes_at": "",
        "tijden-0-description": "",
        "contact-name": "",
        "contact-title": "",
        "contact-email": "",
        "contact-phone": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


STAFF_PAGES = [
    ("kaart:staff_list", False),
    ("kaart:staff_create", False),
    ("kaart:staff_edit", True),
    ("kaart:staff_history", True),
    ("kaart:staff_review", False),
    ("kaart:staff_import", False),
    ("kaart:staff_import_example", False),
]


def _url(name, with_id, service):
    return reverse(name, args=[service.pk] if with_id else [])


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.PROFESSIONAL, Role.POLICY])
def test_roles_without_kaart_edit_get_403_on_every_staff_page(client, users, coffee, role):
    client.force_login(users[role])
    for name, with_id in STAFF_PAGES:
        assert client.get(_url(name, with_id, coffee)).status_code == 403, name
    verify = client.post(reverse("kaart:staff_verify", args=[coffee.pk]))
    assert verify.status_code == 403
    confirm = client.post(reverse("kaart:staff_import_confirm"), {"token": "x"})
    assert confirm.status_code == 403
    assert not ServiceVersion.objects.filter(action="verified").exists()


@pytest.mark.parametrize("role", [Role.INTAKE, Role.TEAM_LEAD, Role.ADMIN])
def test_intake_team_lead_and_admin_may_edit(client, users, coffee, role):
    client.force_login(users[role])
    for name, with_id in STAFF_PAGES:
        assert client.get(_url(name, with_id, coffee)).status_code == 200, name
    response = client.post(reverse("kaart:staff_create"), entry_data(coffee.organisation))
    assert response.status_code == 302
    assert Service.objects.filter(name="Maaltijdpunt Veenhof").exists()


def test_only_policy_sees_the_overlap_analysis(client, users):
    for role, status in [
        (Role.POLICY, 200),
        (Role.INTAKE, 403),
        (Role.PROFESSIONAL, 403),
        (Role.RESIDENT, 403),
    ]:
        client.force_login(users[role])
        assert client.get(reverse("kaart:overlap")).status_code == status, role


def test_anonymous_visitors_are_sent_to_the_login(client, coffee):
    response = client.get(reverse("kaart:staff_list"))
    assert response.status_code == 302
    assert reverse("core:login") in response.url


def test_the_navigation_offers_the_pages_to_those_who_may_use_them(client, users):
    client.force_login(users[Role.INTAKE])
    page = client.get(reverse("core:home")).text
    assert "Sociale kaart beheren" in page and "Overlap in het aanbod" not in page
    client.force_login(users[Role.POLICY])
    page = client.get(reverse("core:home")).text
    assert "Overlap in het aanbod" in page and "Sociale kaart beheren" not in page


# The form ----------------------------------------------------------------------


def test_an_editor_creates_an_entry_with_place_times_and_contact(client, editor, samen):
    here = NeighbourhoodFactory(name="Veenhof")
    Postcode.objects.create(postcode="9101AB", neighbourhood=here)
    ouderen = TargetGroup.objects.get(code="ouderen")
    client.force_login(editor)
    data = entry_data(
        samen,
        open_to_everyone=None,
        target_groups=[ouderen.pk],
        life_domains=[LifeDomain.objects.get(code="zelfzorg").pk],
        **{
            "locatie-name": "Wijkcentrum Veenhof",
            "locatie-street": "Lindelaan 3",
            "locatie-postcode": "9101 ab",
            "locatie-city": "Wijkerveen",
            "tijden-0-days": ["TH", "MO"],
            "tijden-0-opens_at": "17:00",
            "tijden-0-closes_at": "19:00",
            "contact-name": "Ans Bakker",
            "contact-email": "ans@example.org",
            "contact-phone": "0591 123 456",
        },
    )
    response = client.post(reverse("kaart:staff_create"), data)
    assert response.status_code == 302
    assert response.url == reverse("kaart:staff_list")

    entry = Service.objects.get(name="Maaltijdpunt Veenhof")
    assert entry.open_to_everyone is False
    assert list(entry.target_groups.all()) == [ouderen]
    assert entry.last_verified_on == timezone.localdate()
    place = entry.at_locations.get().location
    assert (place.name, place.postcode, place.neighbourhood) == (
        "Wijkcentrum Veenhof",
        "9101AB",
        here,
    )
    schedule = entry.schedules.get()
    assert schedule.byday == "MO,TH"
    assert (schedule.opens_at, schedule.closes_at) == (datetime.time(17), datetime.time(19))
    assert entry.contacts.get().name == "Ans Bakker"
    assert entry.phones.get().number == "0591 123 456"
    version = entry.versions.get()
    assert version.action == "created" and version.actor == editor
    assert version.changes["location.street"] == ["", "Lindelaan 3"]
    assert version.changes["schedules"] == [[], [["MO,TH", "17:00", "19:00", ""]]]

    listing = client.get(reverse("kaart:staff_list"))
    assert "Maaltijdpunt Veenhof" in listing.text
    assert "is opgeslagen" in listing.text


def test_errors_are_in_dutch_in_the_summary_and_nothing_is_saved_or_lost(client, editor, samen):
    client.force_login(editor)
    data = entry_data(
        samen,
        name="",
        description="",
        working_method="Dit getypte blijft staan.",
        url="geen adres",
        **{
            "locatie-street": "Lindelaan 3",
            "locatie-postcode": "12345",
            "tijden-0-days": ["TU"],
            "tijden-0-opens_at": "12:00",
            "tijden-0-closes_at": "10:00",
            "contact-phone": "bel maar",
        },
    )
    response = client.post(reverse("kaart:staff_create"), data)
    assert response.status_code == 200
    page = response.text
    assert 'class="error-summary" role="alert"' in page
    assert "Controleer de gegevens" in page
    assert '<a href="#id_name">Naam: Dit veld is vereist.</a>' in page
    assert "Wat is het?: Dit veld is vereist." in page
    assert "Website: Voer een geldige URL in." in page
    assert "geen geldige Nederlandse postcode" in page
    assert "Tijden, regel 1: Tot: De eindtijd ligt voor de begintijd." in page
    assert "Vul een telefoonnummer in" in page
    # What was typed is still there.
    assert "Dit getypte blijft staan." in page
    assert 'value="Lindelaan 3"' in page
    assert re.search(r'name="tijden-0-days" value="TU"[^>]* checked', page)
    assert Service.objects.count() == 0
    assert Location.objects.count() == 0
    assert Schedule.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"is_free": None}, "Vermeld wat het kost, of maak het aanbod gratis."),
        ({"open_to_everyone": None}, "Kies een doelgroep, of maak het aanbod voor iedereen."),
        (
            {"minimum_age": "65", "maximum_age": "18"},
            "De maximumleeftijd ligt onder de minimumleeftijd.",
        ),
        (
            {"whole_municipality": None},
            "Kies de buurten waar het aanbod is, of kies &#x27;voor de hele gemeente&#x27;.",
        ),
    ],
)
def test_the_rules_of_an_entry_are_shown_and_roll_everything_back(
    client, editor, samen, overrides, message
):
    client.force_login(editor)
    data = entry_data(
        samen,
        **overrides,
        **{"locatie-street": "Lindelaan 3", "contact-phone": "0591 123 456"},
    )
    response = client.post(reverse("kaart:staff_create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert Service.objects.count() == 0
    assert Location.objects.count() == Phone.objects.count() == 0
    assert ServiceVersion.objects.count() == 0


def test_the_service_refuses_neighbourhoods_on_an_entry_for_the_whole_municipality(samen):
    # The form refuses it too; the service is where imports and the API meet it.
    with pytest.raises(ValidationError) as refused:
        services.save_service(
            None,
            organisation=samen,
            name="Buurtkoffie",
            description="Koffie in de buurt.",
            whole_municipality=True,
            neighbourhoods=[NeighbourhoodFactory()],
        )
    assert "neighbourhoods" in refused.value.message_dict
    assert Service.objects.count() == ServiceVersion.objects.count() == 0


def test_editing_writes_one_history_line_with_old_and_new_values(client, editor, coffee):
    client.force_login(editor)
    ouderen = TargetGroup.objects.get(code="ouderen")
    form = client.get(reverse("kaart:staff_edit", args=[coffee.pk]))
    assert 'value="Koffieochtend De Linde"' in form.text
    data = entry_data(
        coffee.organisation,
        name="Koffieochtend De Linde (nieuw)",
        description=coffee.description,
        working_method="",
        open_to_everyone=None,
        target_groups=[ouderen.pk],
        life_domains=[lf.pk for lf in coffee.life_domains.all()],
        **{"locatie-street": "Lindelaan 5", "contact-name": "Piet"},
    )
    response = client.post(reverse("kaart:staff_edit", args=[coffee.pk]), data)
    assert response.status_code == 302
    version = coffee.versions.first()
    assert version.action == "changed" and version.actor == editor
    assert version.changes["name"] == ["Koffieochtend De Linde", "Koffieochtend De Linde (nieuw)"]
    assert version.changes["open_to_everyone"] == [True, False]
    assert version.changes["location.street"] == ["", "Lindelaan 5"]
    assert version.changes["contact.name"] == ["", "Piet"]
    assert coffee.versions.count() == 2  # created, changed

    history = client.get(reverse("kaart:staff_history", args=[coffee.pk])).text
    assert "Geschiedenis van Koffieochtend De Linde (nieuw)" in history
    assert "gewijzigd door Intake" in history
    assert (
        '<th scope="row">Naam</th><td>Koffieochtend De Linde</td>'
        "<td>Koffieochtend De Linde (nieuw)</td>"
    ) in history
    assert '<th scope="row">Voor iedereen</th><td>ja</td><td>nee</td>' in history
    assert '<th scope="row">Doelgroepen</th><td>(leeg)</td><td>ouderen</td>' in history
    assert "Locatie: straat en huisnummer</th><td>(leeg)</td><td>Lindelaan 5</td>" in history
    assert "aangemaakt door import of systeem" in history


def test_saving_the_form_unchanged_writes_no_history(client, editor, coffee):
    client.force_login(editor)
    data = entry_data(
        coffee.organisation,
        name=coffee.name,
        description=coffee.description,
        working_method="",
        life_domains=[lf.pk for lf in coffee.life_domains.all()],
    )
    client.post(reverse("kaart:staff_edit", args=[coffee.pk]), data)
    assert coffee.versions.count() == 1


def test_times_are_edited_in_place_and_removed_with_the_delete_box(client, editor, coffee):
    tuesday = Schedule.objects.create(
        service=coffee, byday="TU", opens_at="10:00", closes_at="12:00"
    )
    friday = Schedule.objects.create(service=coffee, byday="FR", description="op afspraak")
    client.force_login(editor)
    data = entry_data(
        coffee.organisation,
        name=coffee.name,
        description=coffee.description,
        working_method="",
        **{
            "tijden-TOTAL_FORMS": "3",
            "tijden-INITIAL_FORMS": "2",
            "tijden-0-pk": str(tuesday.pk),
            "tijden-0-days": ["TU", "WE"],
            "tijden-0-opens_at": "10:00",
            "tijden-0-closes_at": "12:30",
            "tijden-1-pk": str(friday.pk),
            "tijden-1-days": ["FR"],
            "tijden-1-description": "op afspraak",
            "tijden-1-DELETE": "on",
            "tijden-2-pk": "",
        },
    )
    response = client.post(reverse("kaart:staff_edit", args=[coffee.pk]), data)
    assert response.status_code == 302
    remaining = list(coffee.schedules.all())
    assert len(remaining) == 1
    assert remaining[0].hsds_id == tuesday.hsds_id  # the same schedule, edited
    assert (remaining[0].byday, remaining[0].closes_at) == ("TU,WE", datetime.time(12, 30))
    history = client.get(reverse("kaart:staff_history", args=[coffee.pk])).text
    assert "di, wo 10:00-12:30" in history
    assert "vr (op afspraak)" in history


def test_clearing_the_place_unlinks_it_and_keeps_the_location(client, editor, coffee):
    place = Location.objects.create(name="Buurthuis", street="Lindelaan 3")
    coffee.at_locations.create(location=place)
    Contact.objects.create(service=coffee, name="Ans")
    client.force_login(editor)
    data = entry_data(
        coffee.organisation, name=coffee.name, description=coffee.description, working_method=""
    )
    client.post(reverse("kaart:staff_edit", args=[coffee.pk]), data)
    assert not coffee.at_locations.exists()
    assert Location.objects.filter(pk=place.pk).exists()
    assert not coffee.contacts.exists()
    assert coffee.versions.first().changes["location.street"] == ["Lindelaan 3", ""]


# The list ---------------------------------------------------------------------------


def test_the_list_searches_by_name_and_filters_by_organisation_and_status(
    client, editor, coffee, samen
):
    other = OrganisationFactory(name="De Horst")
    services.save_service(
        None, organisation=other, name="Koffie aan huis", description="Bezoek thuis."
    )
    services.save_service(
        None, organisation=samen, name="Oude koffieclub", description="Gestopt.", status="inactive"
    )
    client.force_login(editor)
    url = reverse("kaart:staff_list")
    page = client.get(url, {"q": "koffie"}).text
    assert all(name in page for name in ("Koffieochtend", "Koffie aan huis", "Oude koffieclub"))
    page = client.get(url, {"q": "koffie", "organisation": other.pk}).text
    assert "Koffie aan huis" in page and "Koffieochtend" not in page
    page = client.get(url, {"status": "inactive"}).text
    assert "Oude koffieclub" in page and "Koffieochtend" not in page
    assert "Geen aanbod gevonden" in client.get(url, {"q": "zwemmen"}).text


def test_the_list_pages_by_key(client, editor, samen):
    for i in range(30):
        services.save_service(None, organisation=samen, name=f"Aanbod {i:02d}", description="Iets.")
    client.force_login(editor)
    first = client.get(reverse("kaart:staff_list"))
    assert "Aanbod 24" in first.text and "Aanbod 25" not in first.text
    cursor = first.text.split("na=")[1].split('"')[0]
    second = client.get(reverse("kaart:staff_list"), {"na": cursor})
    assert "Aanbod 25" in second.text and "Aanbod 29" in second.text
    assert "Aanbod 24" not in second.text


def test_the_history_pages_by_key_from_the_newest_line(client, editor, samen):
    entry = services.save_service(None, organisation=samen, name="Naam 00", description="Iets.")
    for i in range(1, 60):
        entry = services.save_service(None, service=entry, name=f"Naam {i:02d}")
    client.force_login(editor)
    url = reverse("kaart:staff_history", args=[entry.pk])
    first = client.get(url).text
    assert first.count('class="history-line"') == HISTORY_SIZE == 50
    assert "<td>Naam 58</td><td>Naam 59</td>" in first
    assert "<td>Naam 09</td><td>Naam 10</td>" in first
    assert "<td>Naam 08</td><td>Naam 09</td>" not in first and "aangemaakt" not in first
    assert "Terug naar de nieuwste wijzigingen" not in first
    cursor = first.split("na=")[1].split('"')[0]
    second = client.get(url, {"na": cursor}).text
    assert second.count('class="history-line"') == 10
    assert "<td>Naam 08</td><td>Naam 09</td>" in second and "aangemaakt door" in second
    assert "<td>Naam 09</td><td>Naam 10</td>" not in second
    assert "Oudere wijzigingen" not in second and "Terug naar de nieuwste wijzigingen" in second


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_list_and_review_pages_cost_the_same_queries_with_more_entries(client, editor, samen):
    old = timezone.localdate() - datetime.timedelta(days=800)
    services.save_service(
        None, organisation=samen, name="Eerste", description="Iets.", last_verified_on=old
    )
    client.force_login(editor)
    few_list = _count_queries(client, reverse("kaart:staff_list"))
    few_review = _count_queries(client, reverse("kaart:staff_review"))
    owner = UserFactory(role=Role.INTAKE)  # "!": no password, no slow hashing
    for i in range(40):
        organisation = OrganisationFactory()
        MapEditor.objects.create(organisation=organisation, user=owner)
        services.save_service(
            None,
            organisation=organisation,
            name=f"Aanbod {i}",
            description="Iets.",
            last_verified_on=old,
        )
    assert _count_queries(client, reverse("kaart:staff_list")) == few_list
    assert _count_queries(client, reverse("kaart:staff_review")) == few_review


# The review queue ---------------------------------------------------------------------


@pytest.fixture
def stale(samen, settings):
    settings.WIJKNET_MAP_REVIEW_MONTHS = 12
    today = timezone.localdate()
    horst = OrganisationFactory(name="De Horst")
    owner = UserFactory(
        username="redacteur", role=Role.TEAM_LEAD, first_name="Rik", last_name="Mol"
    )
    MapEditor.objects.create(organisation=samen, user=owner)
    entries = {
        "old": services.save_service(
            None,
            organisation=samen,
            name="Oud aanbod",
            description="Iets.",
            last_verified_on=today - datetime.timedelta(days=400),
        ),
        "never": services.save_service(
            None, organisation=horst, name="Nooit gecontroleerd", description="Iets."
        ),
        "fresh": services.save_service(
            None,
            organisation=samen,
            name="Vers aanbod",
            description="Iets.",
            last_verified_on=today - datetime.timedelta(days=30),
        ),
        "inactive": services.save_service(
            None,
            organisation=samen,
            name="Gestopt aanbod",
            description="Iets.",
            status="inactive",
            last_verified_on=today - datetime.timedelta(days=400),
        ),
    }
    Service.objects.filter(pk=entries["never"].pk).update(last_verified_on=None)
    return {**entries, "owner": owner, "horst": horst}


def test_the_review_queue_lists_stale_entries_by_organisation_with_their_owner(
    client, editor, stale
):
    client.force_login(editor)
    page = client.get(reverse("kaart:staff_review")).text
    assert "Oud aanbod" in page and "Nooit gecontroleerd" in page
    assert "Vers aanbod" not in page and "Gestopt aanbod" not in page
    assert "langer dan 12 maanden" in page
    samen_section = page.split('<h2 id="org-')[2]  # groups sorted: De Horst, Stichting Samen
    assert "Stichting Samen" in samen_section and "Redacteur: Rik Mol" in samen_section
    horst_section = page.split('<h2 id="org-')[1]
    assert "nog niemand aangewezen" in horst_section

    only = client.get(reverse("kaart:staff_review"), {"organisation": stale["horst"].pk}).text
    assert "Nooit gecontroleerd" in only and "Oud aanbod" not in only


def test_the_review_period_is_a_setting(client, editor, stale, settings):
    # 'Vers aanbod' was checked 30 days ago, 'Oud aanbod' 400 days ago.
    client.force_login(editor)
    settings.WIJKNET_MAP_REVIEW_MONTHS = 24
    page = client.get(reverse("kaart:staff_review")).text
    assert "langer dan 24 maanden" in page
    assert "Oud aanbod" not in page and "Nooit gecontroleerd" in page
    settings.WIJKNET_MAP_REVIEW_MONTHS = 0
    page = client.get(reverse("kaart:staff_review")).text
    assert "Oud aanbod" in page and "Vers aanbod" in page


def test_my_organisations_only(client, stale):
    client.force_login(stale["owner"])
    page = client.get(reverse("kaart:staff_review"), {"mine": "on"}).text
    assert "Oud aanbod" in page and "Nooit gecontroleerd" not in page


def test_klopt_nog_verifies_in_one_click(client, editor, stale):
    client.force_login(editor)
    entry = stale["old"]
    back = reverse("kaart:staff_review") + "?organisation=1"
    response = client.post(reverse("kaart:staff_verify", args=[entry.pk]), {"next": back})
    assert response.status_code == 302 and response.url == back
    entry.refresh_from_db()
    assert entry.last_verified_on == timezone.localdate()
    version = entry.versions.first()
    assert (version.action, version.actor) == ("verified", editor)
    page = client.get(reverse("kaart:staff_review")).text
    assert ">Oud aanbod</a>" not in page and ">Nooit gecontroleerd</a>" in page
    history = client.get(reverse("kaart:staff_history", args=[entry.pk])).text
    assert "gecontroleerd: klopt nog door Intake" in history


def test_klopt_nog_needs_a_post_and_goes_back_only_to_this_site(client, editor, stale):
    client.force_login(editor)
    url = reverse("kaart:staff_verify", args=[stale["old"].pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "https://elders.example.org/"})
    assert response.url == reverse("kaart:staff_review")
