"""Every write to signals goes through services.py: intake on each channel,
routing, triage, band override, IAO, feedback to the reporter, retention."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, UserFactory
from tests.signals.factories import ACTIVE, CRISIS, LOW, WIDOW, SignalFactory
from wijknet.core.deadlines import add_working_days
from wijknet.core.models import AuditEvent, Holiday, Role
from wijknet.signals import services, workflow
from wijknet.signals.models import Signal, SignalEvent, UrgencyBand
from wijknet.signals.tasks import pseudonymise_signals

pytestmark = pytest.mark.django_db

CONCERN = "De buurvrouw komt al weken de deur niet uit en de post stapelt zich op."


def submit(actor, channel=Signal.Channel.PUBLIC_FORM, **fields):
    fields.setdefault("reporter_type", Signal.ReporterType.RESIDENT)
    fields.setdefault("description", CONCERN)
    return services.submit_signal(actor, channel=channel, **fields)


def kinds(signal):
    return list(signal.events.values_list("kind", flat=True))


# Intake ----------------------------------------------------------------------


def test_the_public_form_needs_no_logged_in_user():
    signal = submit(None, subject_description="buurvrouw op nummer 12")
    signal.refresh_from_db()
    assert signal.channel == Signal.Channel.PUBLIC_FORM
    assert signal.entered_by is None
    assert signal.status == workflow.NOTICE
    assert signal.band is None and signal.deadline is None
    assert signal.reporter_token
    assert kinds(signal) == [SignalEvent.Kind.RECEIVED]


def test_other_channels_need_a_user_who_may_report():
    with pytest.raises(PermissionDenied):
        submit(None, channel=Signal.Channel.PARTNER_FORM)
    resident = UserFactory(role=Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        submit(resident, channel=Signal.Channel.API)
    assert not Signal.objects.exists()


@pytest.mark.parametrize("channel", ["phone", "email", "walk_in"])
def test_phone_email_and_walk_in_need_the_report_point(channel, professional, intake):
    with pytest.raises(PermissionDenied):
        submit(professional, channel=channel)
    assert not Signal.objects.exists()
    signal = submit(intake, channel=channel)
    assert signal.channel == channel
    assert signal.entered_by == intake


def test_a_partner_may_report_on_the_partner_form(professional):
    signal = submit(professional, channel=Signal.Channel.PARTNER_FORM)
    assert signal.entered_by == professional


def test_a_signal_goes_to_the_team_serving_the_postcodes_neighbourhood(north, team_a, team_b):
    signal = submit(None, subject_postcode="1234 ab")
    signal.refresh_from_db()
    assert signal.subject_postcode == "1234AB"
    assert signal.neighbourhood == north
    assert signal.team == team_a
    routed = signal.events.get(kind=SignalEvent.Kind.ROUTED)
    assert routed.note == team_a.name


def test_a_signal_about_a_known_person_follows_the_persons_neighbourhood(north, team_a, intake):
    person = PersonFactory(neighbourhood=north)
    signal = submit(intake, channel=Signal.Channel.PHONE, subject_person=person)
    assert signal.neighbourhood == north
    assert signal.team == team_a


def test_an_unknown_postcode_stays_in_the_report_points_queue(north):
    signal = submit(None, subject_postcode="9999 ZZ")
    signal.refresh_from_db()
    assert signal.subject_postcode == "9999ZZ"
    assert signal.neighbourhood is None
    assert signal.team is None
    assert SignalEvent.Kind.ROUTED not in kinds(signal)


def test_an_invalid_postcode_is_refused_in_dutch():
    with pytest.raises(ValidationError) as error:
        submit(None, subject_postcode="1234 SA")
    assert "geen geldige Nederlandse postcode" in error.value.message_dict["subject_postcode"][0]
    assert not Signal.objects.exists()


def test_a_signal_with_urgency_items_is_triaged_at_once(intake):
    # A holiday on the next working day pushes the deadline one day further.
    today = timezone.localdate()
    holiday = add_working_days(today, 1)
    Holiday.objects.create(date=holiday, name="Proefdag")
    signal = submit(intake, channel=Signal.Channel.PHONE, items=WIDOW)
    signal.refresh_from_db()
    consult = UrgencyBand.objects.get(code="consult")
    assert signal.urgency_score == 6
    assert signal.band == signal.computed_band == consult
    assert signal.status == workflow.ASSESS
    assert signal.deadline == add_working_days(today, consult.deadline_working_days, {holiday})
    assert signal.deadline > add_working_days(today, consult.deadline_working_days)
    assert signal.urgent_consultation_at is None
    assert kinds(signal) == ["received", "triaged"]


def test_a_crisis_goes_to_the_urgent_consultation(intake):
    signal = submit(intake, channel=Signal.Channel.WALK_IN, items=CRISIS)
    signal.refresh_from_db()
    assert signal.urgency_score == 10
    assert signal.band.code == "crisis"
    assert signal.urgent_consultation_at is not None
    assert signal.deadline == add_working_days(timezone.localdate(), 0)
    assert SignalEvent.Kind.URGENT in kinds(signal)


@pytest.mark.parametrize(
    "field", ["description", "subject_description", "subject_street", "reporter_name"]
)
@pytest.mark.parametrize("markup", ["<script>alert(1)</script>", "hallo <b>daar</b>", "<!-- x -->"])
def test_html_in_a_text_field_is_refused_and_nothing_is_stored(field, markup):
    with pytest.raises(ValidationError) as error:
        submit(None, **{field: markup})
    assert "zonder HTML-code" in error.value.message_dict[field][0]
    assert not Signal.objects.exists()
    assert not SignalEvent.objects.exists()


def test_a_comparison_sign_in_plain_text_is_not_mistaken_for_html():
    signal = submit(None, description="Zij eet < 1 maaltijd per dag en heeft pijn > 3 weken.")
    assert signal.pk


def test_partial_urgency_items_are_refused_in_dutch(intake):
    partial = services.Items(nature_safety=1, nature_health=2)
    with pytest.raises(ValidationError) as error:
        submit(intake, channel=Signal.Channel.PHONE, items=partial)
    assert "Vul alle vijf onderdelen" in error.value.message_dict["urgency"][0]
    assert not Signal.objects.exists()


def test_an_unknown_risk_group_is_refused(intake):
    with pytest.raises(ValidationError) as error:
        submit(intake, channel=Signal.Channel.PHONE, risk_flags=["living_alone", "unicorns"])
    assert "unicorns" in error.value.message_dict["risk_flags"][0]
    assert not Signal.objects.exists()


def test_a_description_over_5000_characters_is_refused():
    with pytest.raises(ValidationError) as error:
        submit(None, description="x" * 5001)
    assert "description" in error.value.message_dict
    assert not Signal.objects.exists()


def test_a_staff_intake_is_logged_in_the_access_log(intake, context):
    signal = submit(intake, channel=Signal.Channel.PHONE, context=context)
    logged = AuditEvent.objects.get(object_type="signals.signal")
    assert (logged.object_id, logged.action, logged.actor) == (str(signal.pk), "create", intake)


# Triage and override -----------------------------------------------------------


def test_triage_of_a_new_signal_scores_it_and_moves_it_to_assess(intake, context):
    signal = submit(None)
    services.triage(intake, signal=signal, items=ACTIVE, context=context)
    signal.refresh_from_db()
    assert (signal.urgency_score, signal.band.code, signal.status) == (7, "active", "assess")
    event = signal.events.get(kind=SignalEvent.Kind.TRIAGED)
    assert (event.from_status, event.to_status, event.actor) == ("notice", "assess", intake)


def test_triage_needs_all_items(intake, context):
    signal = submit(None)
    with pytest.raises(ValidationError):
        services.triage(intake, signal=signal, items=services.Items(), context=context)
    with pytest.raises(ValidationError):
        services.triage(
            intake, signal=signal, items=services.Items(nature_safety=2), context=context
        )
    signal.refresh_from_db()
    assert signal.band is None and signal.status == workflow.NOTICE


def test_a_closed_signal_cannot_be_triaged_again(intake, context):
    signal = SignalFactory(status=workflow.CLOSED, closed_at=timezone.now())
    with pytest.raises(ValidationError):
        services.triage(intake, signal=signal, items=ACTIVE, context=context)


def test_a_professional_cannot_triage_another_teams_signal(professional_b, team_a, context):
    signal = SignalFactory(team=team_a)
    with pytest.raises(PermissionDenied):
        services.triage(professional_b, signal=signal, items=ACTIVE, context=context)
    signal.refresh_from_db()
    assert signal.band is None


def test_the_deadline_counts_from_the_local_day_the_signal_came_in(intake, context):
    # 23:30 UTC on Monday 3 March 2025 is already Tuesday in Amsterdam.
    signal = SignalFactory()
    came_in = datetime.datetime(2025, 3, 3, 23, 30, tzinfo=datetime.UTC)
    Signal.objects.filter(pk=signal.pk).update(created_at=came_in)
    services.triage(intake, signal=signal, items=WIDOW, context=context)
    signal.refresh_from_db()
    assert signal.deadline == add_working_days(datetime.date(2025, 3, 4), 5)


def test_overriding_the_band_needs_a_reason(intake, context):
    signal = submit(intake, channel=Signal.Channel.PHONE, items=WIDOW)
    crisis = UrgencyBand.objects.get(code="crisis")
    for reason in ["", "   "]:
        with pytest.raises(ValidationError) as error:
            services.override_band(
                intake, signal=signal, band=crisis, reason=reason, context=context
            )
        assert "reason" in error.value.message_dict
    signal.refresh_from_db()
    assert signal.band.code == "consult"
    assert SignalEvent.Kind.OVERRIDE not in kinds(signal)


def test_an_override_keeps_the_computed_band_and_the_reason(intake, context):
    signal = submit(intake, channel=Signal.Channel.PHONE, items=WIDOW)
    active = UrgencyBand.objects.get(code="active")
    services.override_band(
        intake, signal=signal, band=active, reason="Valt vaak, woont alleen.", context=context
    )
    signal.refresh_from_db()
    assert signal.band == active
    assert signal.computed_band.code == "consult"
    assert signal.urgency_score == 6
    assert signal.override_reason == "Valt vaak, woont alleen."
    assert signal.deadline == add_working_days(
        timezone.localdate(signal.created_at), active.deadline_working_days
    )
    event = signal.events.get(kind=SignalEvent.Kind.OVERRIDE)
    assert "Valt vaak, woont alleen." in event.note
    assert event.actor == intake


def test_an_override_to_crisis_calls_the_urgent_consultation(intake, context):
    signal = submit(intake, channel=Signal.Channel.PHONE, items=WIDOW)
    crisis = UrgencyBand.objects.get(code="crisis")
    services.override_band(
        intake, signal=signal, band=crisis, reason="Dreigt te vallen.", context=context
    )
    signal.refresh_from_db()
    assert signal.urgent_consultation_at is not None
    assert SignalEvent.Kind.URGENT in kinds(signal)


def test_a_band_cannot_be_overridden_before_triage(intake, context):
    signal = submit(None)
    with pytest.raises(ValidationError):
        services.override_band(
            intake,
            signal=signal,
            band=UrgencyBand.objects.get(code="low"),
            reason="reden",
            context=context,
        )


def test_a_new_triage_after_an_override_follows_the_new_score(intake, context):
    signal = submit(intake, channel=Signal.Channel.PHONE, items=WIDOW)
    services.override_band(
        intake,
        signal=signal,
        band=UrgencyBand.objects.get(code="active"),
        reason="reden",
        context=context,
    )
    services.triage(intake, signal=signal, items=LOW, context=context)
    signal.refresh_from_db()
    assert signal.band.code == signal.computed_band.code == "low"
    assert signal.override_reason == ""


def test_the_iao_given_is_recorded_as_an_event(intake, context):
    signal = submit(None)
    services.record_iao(
        intake, signal=signal, note="Folder mantelzorg meegegeven.", context=context
    )
    event = signal.events.get(kind=SignalEvent.Kind.IAO)
    assert (event.note, event.actor) == ("Folder mantelzorg meegegeven.", intake)


def test_an_empty_iao_note_is_refused(intake, context):
    signal = submit(None)
    with pytest.raises(ValidationError):
        services.record_iao(intake, signal=signal, note=" ", context=context)
    assert SignalEvent.Kind.IAO not in kinds(signal)


def test_a_signal_can_be_handed_to_a_team_and_back_to_the_report_point(intake, team_b, context):
    signal = submit(None)
    services.assign_team(intake, signal=signal, team=team_b, context=context)
    signal.refresh_from_db()
    assert signal.team == team_b
    services.assign_team(intake, signal=signal, team=None, context=context)
    signal.refresh_from_db()
    assert signal.team is None
    assert [e.note for e in signal.events.filter(kind="routed")] == [team_b.name, "meldpunt"]


# Feedback to the reporter --------------------------------------------------------

PRIVATE = {
    "description": "Mevrouw Jansen valt steeds en drinkt te veel.",
    "subject_description": "weduwe Jansen, 78 jaar",
    "subject_street": "Kerkstraat",
    "subject_house_number": "12",
}


def test_the_reporter_gets_one_email_when_the_band_asks_for_feedback(
    intake, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.WIJKNET_SITE_URL = "https://wijknet.proefdorp.nl/"
    with django_capture_on_commit_callbacks(execute=True):
        signal = submit(
            intake,
            channel=Signal.Channel.PHONE,
            items=ACTIVE,
            reporter_email="buurman@example.org",
            **PRIVATE,
        )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["buurman@example.org"]
    link = "https://wijknet.proefdorp.nl" + reverse("signals:status", args=[signal.reporter_token])
    assert link in mail.body
    # The status link carries a random token, which may hold "12" by chance.
    text = (mail.subject + mail.body).replace(link, "")
    for value in PRIVATE.values():
        assert value not in text
    assert "Jansen" not in text
    assert SignalEvent.Kind.FEEDBACK in kinds(signal)


def test_no_email_for_a_band_that_needs_no_feedback(
    intake, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        low = submit(intake, channel="phone", items=LOW, reporter_email="a@example.org")
        consult = submit(intake, channel="phone", items=WIDOW, reporter_email="b@example.org")
    assert mailoutbox == []
    assert SignalEvent.Kind.FEEDBACK not in kinds(low) + kinds(consult)


def test_no_email_without_an_address(intake, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(intake, channel="phone", items=CRISIS)
    assert mailoutbox == []


def test_a_second_triage_sends_no_second_email(
    intake, context, mailoutbox, django_capture_on_commit_callbacks
):
    signal = submit(None, reporter_email="buurman@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.triage(intake, signal=signal, items=ACTIVE, context=context)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.triage(intake, signal=signal, items=CRISIS, context=context)
        services.override_band(
            intake,
            signal=signal,
            band=UrgencyBand.objects.get(code="active"),
            reason="toch minder acuut",
            context=context,
        )
    assert len(mailoutbox) == 1
    assert kinds(signal).count(SignalEvent.Kind.FEEDBACK) == 1


def test_the_email_waits_for_the_transaction_to_commit(
    intake, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(intake, channel="phone", items=ACTIVE, reporter_email="c@example.org")
    assert mailoutbox == []
    assert len(callbacks) == 1


# Retention ----------------------------------------------------------------------

NOW = timezone.make_aware(datetime.datetime(2025, 6, 1, 12, 0))


def closed_signal(days_ago, team=None, **fields):
    defaults = {
        "reporter_name": "Bram Buurman",
        "reporter_email": "bram@example.org",
        "reporter_phone": "0612345678",
        "subject_description": "oudere buurvrouw",
        "subject_street": "Kerkstraat",
        "subject_house_number": "12",
        "subject_postcode": "1234AB",
        "description": CONCERN,
        "level": Signal.Level.MESO,
        "reporter_type": Signal.ReporterType.VOLUNTEER,
        "urgency_score": 6,
        "band": UrgencyBand.objects.get(code="consult"),
        "computed_band": UrgencyBand.objects.get(code="low"),
        "override_reason": "Buurvrouw Jansen zei dat ze niet meer eet.",
        "status": workflow.CLOSED,
        "closed_at": NOW - datetime.timedelta(days=days_ago),
        "team": team,
    }
    signal = SignalFactory(**{**defaults, **fields})
    SignalEvent.objects.create(signal=signal, kind=SignalEvent.Kind.IAO, note="Jansen gebeld.")
    return signal


PERSONAL = (
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "subject_description",
    "subject_street",
    "subject_house_number",
    "subject_postcode",
)


def snapshot(signal):
    signal.refresh_from_db()
    return {f.attname: getattr(signal, f.attname) for f in Signal._meta.concrete_fields}


def test_signals_closed_past_the_retention_period_lose_their_personal_details(
    settings, north, team_a
):
    settings.WIJKNET_SIGNAL_RETENTION_DAYS = 90
    person = PersonFactory()
    old = closed_signal(91, team=team_a, neighbourhood=north, subject_person=person)
    assert services.pseudonymise_closed_signals(now=NOW) == 1
    old.refresh_from_db()
    for name in PERSONAL:
        assert getattr(old, name) == "", name
    assert old.subject_person is None
    assert old.override_reason == ""
    assert old.description != CONCERN
    assert old.pseudonymised_at == NOW
    # What remains is what the counts need.
    assert (old.urgency_score, old.band.code, old.computed_band.code) == (6, "consult", "low")
    assert (old.neighbourhood, old.team, old.level) == (north, team_a, "meso")
    assert old.reporter_type == "volunteer"
    assert not old.events.exclude(note="").exists()
    assert old.events.filter(kind=SignalEvent.Kind.PSEUDONYMISED).count() == 1


def test_recently_closed_and_open_signals_are_left_alone(settings):
    settings.WIJKNET_SIGNAL_RETENTION_DAYS = 90
    recent = closed_signal(89)
    still_open = closed_signal(
        400, status=workflow.ACT, closed_at=None, created_at=NOW - datetime.timedelta(days=400)
    )
    converted = closed_signal(400, status=workflow.CONVERTED)
    before = [snapshot(s) for s in (recent, still_open, converted)]
    assert services.pseudonymise_closed_signals(now=NOW) == 0
    assert [snapshot(s) for s in (recent, still_open, converted)] == before
    assert not SignalEvent.objects.filter(kind=SignalEvent.Kind.PSEUDONYMISED).exists()


def test_the_retention_period_comes_from_the_settings(settings):
    settings.WIJKNET_SIGNAL_RETENTION_DAYS = 30
    signal = closed_signal(31)
    assert services.pseudonymise_closed_signals(now=NOW) == 1
    signal.refresh_from_db()
    assert signal.reporter_name == ""


def test_running_the_retention_twice_changes_nothing_more():
    old = closed_signal(200)
    assert services.pseudonymise_closed_signals(now=NOW) == 1
    after_first = snapshot(old)
    events = list(old.events.values_list("id", "kind", "note"))
    assert services.pseudonymise_closed_signals(now=NOW + datetime.timedelta(days=1)) == 0
    assert snapshot(old) == after_first
    assert list(old.events.values_list("id", "kind", "note")) == events


def test_the_retention_handles_more_signals_than_one_batch():
    closed_at = NOW - datetime.timedelta(days=200)
    Signal.objects.bulk_create(
        Signal(
            channel="public_form",
            reporter_type="resident",
            reporter_name="Bram Buurman",
            description=CONCERN,
            status=workflow.CLOSED,
            closed_at=closed_at,
        )
        for _ in range(501)
    )
    assert services.pseudonymise_closed_signals(now=NOW) == 501
    assert not Signal.objects.exclude(reporter_name="").exists()
    assert SignalEvent.objects.filter(kind="pseudonymised").count() == 501


def test_the_retention_task_pseudonymises_the_same_way():
    now = timezone.now()
    old = closed_signal(0, closed_at=now - datetime.timedelta(days=365))
    recent = closed_signal(0, closed_at=now - datetime.timedelta(days=1))
    result = pseudonymise_signals.enqueue()
    assert result.return_value == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.reporter_name == "" and old.pseudonymised_at is not None
    assert recent.reporter_name == "Bram Buurman" and recent.pseudonymised_at is None


def test_the_retention_command_runs_the_task():
    old = closed_signal(0, closed_at=timezone.now() - datetime.timedelta(days=365))
    out = io.StringIO()
    call_command("signals_retention", stdout=out)
    assert "Bewaartermijn 90 dagen" in out.getvalue()
    old.refresh_from_db()
    assert old.subject_street == "" and old.pseudonymised_at is not None
