"""The report point's pages: the public form and the reporter's status page
without login, the partner and intake forms, the queue, the detail page with
its actions, the dashboard and the policy aggregates."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import NeighbourhoodFactory, TeamFactory, UserFactory
from tests.signals.factories import ACTIVE, WIDOW, SignalFactory
from wijknet.core.models import AuditEvent, Role
from wijknet.signals import forms, services, workflow
from wijknet.signals.models import Signal, SignalEvent, UrgencyBand

pytestmark = pytest.mark.django_db

CONCERN = "Mijn buurman Piet is sinds de dood van zijn vrouw erg vergeetachtig."
PUBLIC = {
    "description": CONCERN,
    "subject_description": "buurman Piet, 81 jaar",
    "subject_street": "Lindelaan",
    "subject_house_number": "7",
    "subject_postcode": "",
    "subject_informed": "no",
    "reporter_type": "resident",
    "reporter_name": "Truus de Melder",
    "reporter_email": "",
    "reporter_phone": "",
    "website": "",
}
# Queue page: session, user, (team memberships), bands for the filter, the
# rows with band, team and neighbourhood joined, and one audit INSERT.
QUEUE_BUDGET = {Role.INTAKE: 5, Role.PROFESSIONAL: 6}


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(forms, "MIN_SECONDS_ON_FORM", 0)


def public_post(client, address="127.0.0.1", **changes):
    data = {**PUBLIC, "stamp": forms.form_stamp(), **changes}
    return client.post(reverse("signals:public_report"), data, REMOTE_ADDR=address)


def detail_url(signal):
    return reverse("signals:detail", args=[signal.pk])


def act(client, signal, action, data):
    return client.post(reverse("signals:act", args=[signal.pk, action]), data)


def shown(response, *signals):
    """Which of the given signals the page links to."""
    return [s for s in signals if f'href="{detail_url(s)}"' in response.text]


# The public form ---------------------------------------------------------------


def test_the_public_form_opens_without_login_and_carries_a_stamp(client):
    response = client.get(reverse("signals:public_report"))
    assert response.status_code == 200
    assert "Ik maak me zorgen over iemand" in response.text
    assert re.search(r'<input type="hidden" name="stamp" value="[^"]+"', response.text)
    assert 'name="website"' in response.text


def test_a_valid_report_leads_to_the_reporters_status_page(client, no_wait):
    response = public_post(client)
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("signals:status", args=[signal.reporter_token])
    assert signal.channel == Signal.Channel.PUBLIC_FORM
    assert signal.entered_by is None
    assert signal.description == CONCERN
    assert signal.status == workflow.NOTICE


def test_a_report_with_a_stamp_from_a_few_seconds_ago_is_accepted(client, monkeypatch):
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real - forms.MIN_SECONDS_ON_FORM - 1)
    stamp = forms.form_stamp()
    monkeypatch.setattr(time, "time", lambda: real)
    assert public_post(client, stamp=stamp).status_code == 302
    assert Signal.objects.count() == 1


def test_a_filled_honeypot_stores_nothing(client, no_wait):
    response = public_post(client, website="https://spam.example")
    assert response.status_code == 200
    assert "Uw melding kon niet worden verwerkt" in response.text
    assert not Signal.objects.exists()


def test_a_form_sent_too_fast_is_refused_as_expired(client):
    response = public_post(client)  # a fresh stamp: zero seconds on the form
    assert response.status_code == 200
    assert "Het formulier is verlopen" in response.text
    assert not Signal.objects.exists()


@pytest.mark.parametrize("stamp", ["", "123", "MTIz:1tAbCd:tampered"])
def test_a_missing_or_tampered_stamp_is_refused_as_expired(client, no_wait, stamp):
    response = public_post(client, stamp=stamp)
    assert response.status_code == 200
    assert "verlopen" in response.text
    assert not Signal.objects.exists()


def test_a_stamp_with_a_changed_time_is_refused(client, no_wait):
    stamp = forms.form_stamp()
    value, rest = stamp.split(":", 1)
    forged = ("MQ" if value != "MQ" else "Mg") + ":" + rest
    assert "verlopen" in public_post(client, stamp=forged).text
    assert not Signal.objects.exists()


def test_a_form_left_open_for_days_is_refused_as_expired(client, monkeypatch):
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real - 2 * 24 * 60 * 60)
    stamp = forms.form_stamp()
    monkeypatch.setattr(time, "time", lambda: real)
    assert "verlopen" in public_post(client, stamp=stamp).text
    assert not Signal.objects.exists()


def test_one_address_may_send_only_so_many_reports_an_hour(client, no_wait, settings):
    settings.WIJKNET_PUBLIC_SIGNALS_PER_HOUR = 2
    assert [public_post(client).status_code for _ in range(2)] == [302, 302]
    refused = public_post(client)
    assert refused.status_code == 200
    assert "U heeft al een aantal meldingen gedaan" in refused.text
    assert Signal.objects.count() == 2
    other = public_post(client, address="192.0.2.7")
    assert other.status_code == 302
    assert Signal.objects.count() == 3


def test_form_errors_keep_what_was_typed_and_give_a_new_stamp(client, no_wait):
    response = public_post(client, reporter_type="", subject_postcode="1234 SA")
    assert response.status_code == 200
    assert not Signal.objects.exists()
    assert CONCERN in response.text
    assert 'value="Lindelaan"' in response.text
    assert 'value="Truus de Melder"' in response.text
    assert 'role="alert"' in response.text
    assert "Dit veld is vereist" in response.text
    assert re.search(r'name="stamp" value="[^"]+"', response.text)


def test_html_in_the_public_form_is_refused_in_dutch(client, no_wait):
    response = public_post(client, description="<script>alert('x')</script>")
    assert response.status_code == 200
    assert "zonder HTML-code" in response.text
    assert "<script>alert" not in response.text
    assert not Signal.objects.exists()


# The reporter's status page ------------------------------------------------------

SECRETS = (CONCERN, "buurman Piet", "Lindelaan", "Truus de Melder")


def test_the_status_page_tells_the_status_in_plain_dutch_and_nothing_more(
    client, no_wait, intake, context
):
    public_post(client)
    signal = Signal.objects.get()
    url = reverse("signals:status", args=[signal.reporter_token])
    waiting = client.get(url)
    assert waiting.status_code == 200
    assert "Uw melding wacht op beoordeling" in waiting.text
    services.triage(intake, signal=signal, items=ACTIVE, context=context)
    acting = client.get(url)
    assert "er wordt actie ondernomen" in acting.text
    services.change_status(intake, signal=signal, to_status="closed", context=context)
    closed = client.get(url)
    assert "Uw melding is afgehandeld" in closed.text
    for page in (waiting, acting, closed):
        for secret in SECRETS:
            assert secret not in page.text


def test_the_status_page_reads_no_personal_columns(client):
    signal = SignalFactory(description=CONCERN, reporter_name="Truus de Melder")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("signals:status", args=[signal.reporter_token]))
    sql = " ".join(q["sql"] for q in queries)
    for column in ("description", "reporter_name", "subject_street", "reporter_email"):
        assert column not in sql


def test_an_unknown_token_gives_404(client):
    SignalFactory()
    assert client.get(reverse("signals:status", args=["geen-echte-code"])).status_code == 404


# Partner and intake forms -----------------------------------------------------------

PARTNER = {
    "description": CONCERN,
    "level": "micro",
    "isolation_type": "",
    "subject_description": "",
    "subject_street": "",
    "subject_house_number": "",
    "subject_postcode": "",
    "subject_informed": "yes",
    "reporter_type": "professional",
    "reporter_name": "",
    "reporter_email": "",
    "reporter_phone": "",
}


def test_a_professional_reports_on_the_partner_form(client_of, professional, north):
    client = client_of(professional)
    page = client.get(reverse("signals:new"))
    assert page.status_code == 200
    assert 'name="channel"' not in page.text
    assert 'name="nature_safety"' not in page.text
    response = client.post(reverse("signals:new"), {**PARTNER, "subject_postcode": "1234 AB"})
    signal = Signal.objects.get()
    assert signal.channel == Signal.Channel.PARTNER_FORM
    assert signal.entered_by == professional
    assert signal.band is None
    # Routed to the professional's own team, so they may open it.
    assert response.status_code == 302 and response.url == detail_url(signal)


def test_a_partner_whose_signal_goes_elsewhere_lands_on_the_status_page(client_of, professional):
    response = client_of(professional).post(reverse("signals:new"), PARTNER)
    signal = Signal.objects.get()
    assert signal.team is None
    assert response.url == reverse("signals:status", args=[signal.reporter_token])


def test_the_intake_form_has_a_channel_and_optional_urgency(client_of, intake):
    client = client_of(intake)
    page = client.get(reverse("signals:new"))
    assert 'name="channel"' in page.text
    assert 'name="nature_safety"' in page.text
    response = client.post(reverse("signals:new"), {**PARTNER, "channel": "phone"})
    assert response.status_code == 302, response.context["form"].errors
    signal = Signal.objects.get()
    assert (signal.channel, signal.status, signal.band) == ("phone", "notice", None)
    assert response.url == detail_url(signal)


def test_the_intake_form_triages_when_the_urgency_is_filled_in(client_of, intake):
    items = {
        "nature_safety": "1",
        "nature_health": "1",
        "nature_welfare": "1",
        "extent": "over_75",
        "duration": "structural_short",
    }
    response = client_of(intake).post(
        reverse("signals:new"), {**PARTNER, "channel": "walk_in", **items}
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.channel, signal.urgency_score, signal.band.code) == ("walk_in", 6, "consult")
    assert signal.status == workflow.ASSESS


def test_a_partly_filled_urgency_on_the_intake_form_is_refused_in_dutch(client_of, intake):
    response = client_of(intake).post(
        reverse("signals:new"), {**PARTNER, "channel": "phone", "nature_safety": "2"}
    )
    assert response.status_code == 200
    assert "Vul alle vijf onderdelen" in response.text
    assert not Signal.objects.exists()


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.POLICY, Role.ADMIN])
def test_roles_that_do_not_report_cannot_open_the_partner_form(client_of, role):
    assert client_of(UserFactory(role=role)).get(reverse("signals:new")).status_code == 403


# The queue ---------------------------------------------------------------------------


@pytest.fixture
def three(team_a, team_b):
    return (
        SignalFactory(team=team_a),
        SignalFactory(team=team_b),
        SignalFactory(team=None),
    )


def test_the_report_point_sees_every_signal_in_the_queue(client_of, intake, three):
    response = client_of(intake).get(reverse("signals:queue"))
    assert response.status_code == 200
    assert shown(response, *three) == list(three)


def test_a_professional_sees_only_the_signals_of_their_team(client_of, professional, three):
    response = client_of(professional).get(reverse("signals:queue"))
    assert shown(response, *three) == [three[0]]


def test_a_professional_cannot_open_another_teams_signal(client_of, professional_b, three):
    client = client_of(professional_b)
    assert client.get(detail_url(three[0])).status_code == 404
    assert client.get(detail_url(three[2])).status_code == 404
    assert client.get(detail_url(three[1])).status_code == 200
    response = act(client, three[0], "iao", {"iao-note": "advies"})
    assert response.status_code == 404
    assert not SignalEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.POLICY, Role.ADMIN, Role.RESIDENT, Role.VOLUNTEER])
def test_roles_without_a_queue_get_403(client_of, role, three):
    client = client_of(UserFactory(role=role))
    assert client.get(reverse("signals:queue")).status_code == 403
    assert client.get(detail_url(three[2])).status_code == 404


def test_the_queue_needs_a_login(client):
    response = client.get(reverse("signals:queue"))
    assert response.status_code == 302
    assert reverse("core:login") in response.url


@pytest.fixture
def mixed(team_a):
    today = timezone.localdate()
    bands = {b.code: b for b in UrgencyBand.objects.all()}
    return {
        "new": SignalFactory(status="notice"),
        "overdue": SignalFactory(
            status="assess", band=bands["consult"], deadline=today - datetime.timedelta(days=1)
        ),
        "urgent": SignalFactory(
            status="assess", band=bands["crisis"], urgent_consultation_at=timezone.now()
        ),
        "active": SignalFactory(
            status="act", band=bands["active"], deadline=today + datetime.timedelta(days=3)
        ),
        "closed": SignalFactory(
            status="closed", band=bands["crisis"], closed_at=timezone.now(), deadline=today
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["new", "overdue", "urgent", "active"]),
        ({"view": "new"}, ["new"]),
        ({"view": "overdue"}, ["overdue"]),
        ({"view": "urgent"}, ["urgent"]),
        ({"view": "closed"}, ["closed"]),
        ({"view": "all"}, ["new", "overdue", "urgent", "active", "closed"]),
        ({"band": "crisis"}, ["urgent"]),
        ({"view": "all", "band": "crisis"}, ["urgent", "closed"]),
        ({"band": "consult"}, ["overdue"]),
    ],
)
def test_the_queue_filters_by_view_and_band(client_of, intake, mixed, query, expected):
    response = client_of(intake).get(reverse("signals:queue"), query)
    assert response.status_code == 200
    names = [name for name, signal in mixed.items() if shown(response, signal)]
    assert names == expected


def test_the_queue_pages_by_key(client_of, intake):
    signals = [SignalFactory() for _ in range(27)]
    client = client_of(intake)
    first = client.get(reverse("signals:queue"))
    assert len(shown(first, *signals)) == 25
    cursor = re.search(r'na=([^"&]+)', first.text).group(1)
    second = client.get(reverse("signals:queue"), {"na": cursor})
    assert shown(second, *signals) == signals[:2]


# The detail page and its actions ----------------------------------------------------------


@pytest.fixture
def signal(team_a):
    return SignalFactory(team=team_a, description=CONCERN)


def test_the_detail_page_shows_the_signal_and_its_actions(client_of, professional, signal):
    response = client_of(professional).get(detail_url(signal))
    assert response.status_code == 200
    assert CONCERN in response.text
    assert "De urgentie is nog niet bepaald" in response.text
    for field in ("triage-nature_safety", "status-to_status", "iao-note", "assign-team"):
        assert f'name="{field}"' in response.text
    assert 'name="override-band"' not in response.text  # only once there is a band


TRIAGE = {
    "triage-nature_safety": "2",
    "triage-nature_health": "2",
    "triage-nature_welfare": "1",
    "triage-extent": "several",
    "triage-duration": "structural_short",
}


def test_triage_on_the_detail_page_redirects_and_shows_the_band(client_of, professional, signal):
    client = client_of(professional)
    response = act(client, signal, "triage", TRIAGE)
    assert response.status_code == 302 and response.url == detail_url(signal)
    signal.refresh_from_db()
    assert (signal.urgency_score, signal.band.code, signal.status) == (7, "active", "assess")
    page = client.get(detail_url(signal))
    assert "De urgentie is bepaald" in page.text
    assert "7 / 10" in page.text
    assert signal.band.signal_action in page.text


def test_an_incomplete_triage_gives_400_with_a_dutch_error(client_of, professional, signal):
    data = {k: v for k, v in TRIAGE.items() if k != "triage-duration"}
    response = act(client_of(professional), signal, "triage", data)
    assert response.status_code == 400
    assert "Dit veld is vereist" in response.text
    signal.refresh_from_db()
    assert signal.band is None


def test_an_override_without_a_reason_gives_400(client_of, intake, signal, context):
    services.triage(intake, signal=signal, items=WIDOW, context=context)
    crisis = UrgencyBand.objects.get(code="crisis")
    client = client_of(intake)
    response = act(client, signal, "override", {"override-band": crisis.pk, "override-reason": ""})
    assert response.status_code == 400
    assert "Dit veld is vereist" in response.text
    html = act(
        client, signal, "override", {"override-band": crisis.pk, "override-reason": "<i>x</i>"}
    )
    assert html.status_code == 400
    assert "zonder HTML-code" in html.text
    signal.refresh_from_db()
    assert signal.band.code == "consult"


def test_an_override_with_a_reason_is_shown_beside_the_computed_band(
    client_of, intake, signal, context
):
    services.triage(intake, signal=signal, items=WIDOW, context=context)
    active = UrgencyBand.objects.get(code="active")
    client = client_of(intake)
    response = act(
        client, signal, "override", {"override-band": active.pk, "override-reason": "Valt vaak."}
    )
    assert response.status_code == 302
    page = client.get(detail_url(signal)).text
    assert "berekend: overleg" in page
    assert "Valt vaak." in page


def test_a_status_step_on_the_detail_page(client_of, professional, signal):
    response = act(
        client_of(professional),
        signal,
        "status",
        {"status-to_status": "assess", "status-note": "gesprek gepland"},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "assess"


def test_a_status_step_the_cycle_does_not_have_gives_400(client_of, professional, signal):
    response = act(client_of(professional), signal, "status", {"status-to_status": "act"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.text
    signal.refresh_from_db()
    assert signal.status == "notice"


def test_converting_is_not_a_plain_status_step_on_the_detail_page(client_of, professional, team_a):
    # Converting goes with opening the case ('Traject openen'), never alone.
    signal = SignalFactory(team=team_a, status="decide")
    response = act(client_of(professional), signal, "status", {"status-to_status": "converted"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.text
    signal.refresh_from_db()
    assert signal.status == "decide"


def test_recording_iao_on_the_detail_page(client_of, professional, signal):
    client = client_of(professional)
    response = act(client, signal, "iao", {"iao-note": "Folder over de buurthulp gegeven."})
    assert response.status_code == 302
    assert signal.events.get(kind="iao").note == "Folder over de buurthulp gegeven."
    empty = act(client, signal, "iao", {"iao-note": ""})
    assert empty.status_code == 400
    assert "Dit veld is vereist" in empty.text


def test_assigning_to_another_team_sends_the_professional_back_to_the_queue(
    client_of, professional, signal, team_b
):
    response = act(client_of(professional), signal, "assign", {"assign-team": team_b.pk})
    assert response.status_code == 302
    assert response.url == reverse("signals:queue")
    signal.refresh_from_db()
    assert signal.team == team_b


def test_the_report_point_assigns_a_signal_to_a_team(client_of, intake, team_b):
    signal = SignalFactory()
    response = act(client_of(intake), signal, "assign", {"assign-team": team_b.pk})
    assert response.status_code == 302 and response.url == detail_url(signal)
    signal.refresh_from_db()
    assert signal.team == team_b


def test_an_unknown_action_is_404_and_a_get_is_405(client_of, professional, signal):
    client = client_of(professional)
    assert act(client, signal, "delete", {}).status_code == 404
    assert client.get(reverse("signals:act", args=[signal.pk, "iao"])).status_code == 405


# The access log -------------------------------------------------------------------------


def signal_log():
    return AuditEvent.objects.filter(object_type="signals.signal")


def test_every_detail_read_leaves_exactly_one_log_row(client_of, professional, signal):
    client = client_of(professional)
    for expected in (1, 2):
        client.get(detail_url(signal))
        assert signal_log().count() == expected
    row = signal_log().latest("id")
    assert (row.action, row.object_id, row.actor) == ("view", str(signal.pk), professional)
    assert row.purpose == "signal_handling"


def test_the_queue_logs_one_list_row_per_signal_shown(client_of, professional, three):
    client_of(professional).get(reverse("signals:queue"))
    rows = signal_log()
    assert [(r.action, r.object_id) for r in rows] == [("list", str(three[0].pk))]


def test_the_report_points_queue_logs_every_signal_on_the_page(client_of, intake, three):
    client_of(intake).get(reverse("signals:queue"))
    assert sorted(signal_log().values_list("object_id", flat=True)) == sorted(
        str(s.pk) for s in three
    )
    assert set(signal_log().values_list("action", flat=True)) == {"list"}


def test_a_refused_detail_read_is_not_logged(client_of, professional_b, signal):
    client_of(professional_b).get(detail_url(signal))
    assert not signal_log().exists()


# Dashboard and policy aggregates ---------------------------------------------------------


def test_the_report_point_dashboard_counts_open_signals(client_of, intake, mixed):
    response = client_of(intake).get(reverse("signals:dashboard"))
    assert response.status_code == 200
    text = response.text
    assert "<strong>1</strong> wachten op beoordeling" in text
    assert "<strong>1</strong> open meldingen" in text  # overdue
    assert "<strong>1</strong> open crisismeldingen" in text
    assert "<strong>4</strong> in totaal, 4 nog zonder team" in text
    assert CONCERN not in text


def test_a_team_lead_dashboard_counts_only_their_teams_signals(
    client_of, team_lead, team_a, team_b
):
    SignalFactory(team=team_a)
    SignalFactory(team=team_a, status="closed", closed_at=timezone.now())
    SignalFactory(team=team_b)
    SignalFactory(team=None)
    response = client_of(team_lead).get(reverse("signals:dashboard"))
    assert response.status_code == 200
    assert "<strong>1</strong> wachten op beoordeling" in response.text
    assert "<strong>1</strong> in totaal, 0 nog zonder team" in response.text


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.POLICY, Role.RESIDENT])
def test_roles_without_a_dashboard_get_403(client_of, role):
    user = UserFactory(role=role)
    assert client_of(user).get(reverse("signals:dashboard")).status_code == 403


def test_policy_sees_meso_and_macro_counts_with_small_cells_hidden(client_of):
    centre = NeighbourhoodFactory(name="Centrum")
    harbour = NeighbourhoodFactory(name="Haven")
    for _ in range(5):
        SignalFactory(neighbourhood=centre, level="meso")
    for _ in range(2):
        SignalFactory(neighbourhood=centre, level="macro")
    for _ in range(3):
        SignalFactory(neighbourhood=harbour, level="meso")
    for _ in range(6):
        SignalFactory(neighbourhood=harbour, level="micro")
    old = SignalFactory(neighbourhood=harbour, level="meso")
    Signal.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    response = client_of(UserFactory(role=Role.POLICY)).get(reverse("signals:aggregates"))
    assert response.status_code == 200
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", response.text)
    assert sorted(rows) == [
        ("Centrum", "macro", "&lt; 5"),
        ("Centrum", "meso", "5"),
        ("Haven", "meso", "&lt; 5"),
    ]


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PROFESSIONAL, Role.ADMIN])
def test_only_policy_opens_the_aggregates(client_of, role):
    user = UserFactory(role=role)
    assert client_of(user).get(reverse("signals:aggregates")).status_code == 403


# Query budget -------------------------------------------------------------------------------


def make_signals(n, team, neighbourhood):
    band = UrgencyBand.objects.get(code="active")
    for _ in range(n):
        SignalFactory(team=team, neighbourhood=neighbourhood, band=band, urgency_score=7)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.INTAKE, Role.PROFESSIONAL])
def test_the_queue_page_has_a_fixed_query_budget(client_of, role):
    team = TeamFactory()
    user = UserFactory(role=role, team=team)
    client = client_of(user)
    neighbourhood = NeighbourhoodFactory()
    make_signals(3, team, neighbourhood)
    few = count_queries(client, reverse("signals:queue"))
    make_signals(37, team, neighbourhood)
    many = count_queries(client, reverse("signals:queue"))
    assert few == many <= QUEUE_BUDGET[role], (few, many)
