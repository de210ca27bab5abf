"""Background work of the support trajectory: the reminder sweep for
evaluations that are due.

Scheduled like the signals' retention sweep (docs/signals.md, "Scheduling it
in production"): ``wijknet db_worker`` runs permanently and executes queued
tasks; ``wijknet cases_reminders`` only queues this sweep and returns, so
cron or a systemd timer calls it once a day, e.g. early in the morning::

    # /etc/systemd/system/wijknet-reminders.service
    [Service]
    Type=oneshot
    User=wijknet
    EnvironmentFile=/etc/wijknet/env
    ExecStart=/srv/wijknet/.venv/bin/wijknet cases_reminders

    # /etc/systemd/system/wijknet-reminders.timer
    [Timer]
    OnCalendar=*-*-* 06:30
    Persistent=true

    [Install]
    WantedBy=timers.target

A sweep that runs twice, or twice at once, sends every reminder once: each
plan version is claimed with a conditional update before its mail goes out.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from wijknet.cases import services
from wijknet.cases.models import CaseEvent, PlanVersion
from wijknet.core.models import Role

REMIND_DAYS = 7
logger = logging.getLogger(__name__)


def reminder_email(version: PlanVersion) -> tuple[str, str]:
    """Subject and body: the case number, the date and a link, nothing about
    the household (an e-mail leaves the system and its audit log)."""
    subject = f"Evaluatie traject {version.case.number} op {version.evaluation_on:%d-%m-%Y}"
    link = settings.WIJKNET_SITE_URL.rstrip("/") + reverse(
        "cases:evaluations", args=[version.case_id]
    )
    body = (
        f"{subject}.\n\n"
        "U bent regiehouder van dit traject. Plan het evaluatiegesprek met de inwoner.\n\n"
        f"Open het traject in Wijknet (inloggen nodig): {link}\n"
    )
    return subject, body


@transaction.atomic
def _remind(version_id: int, now: datetime.datetime) -> bool:
    """Claim one plan version and remind its coordinator; False when another
    sweep got there first. A mail that fails rolls the claim back, so the
    next sweep tries again."""
    claimed = PlanVersion.objects.filter(pk=version_id, reminded_at__isnull=True).update(
        reminded_at=now
    )
    if not claimed:
        return False
    version = PlanVersion.objects.select_related("case", "case__coordinator").get(pk=version_id)
    subject, body = reminder_email(version)
    CaseEvent.objects.create(
        case=version.case,
        at=now,
        actor=None,
        kind=CaseEvent.Kind.REMINDER,
        note=f"evaluatie op {version.evaluation_on:%d-%m-%Y}",
        after=f"v{version.number}",
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [version.case.coordinator.email])
    return True


def due_for_reminder(until: datetime.date):
    """Set plans of open cases, evaluation by ``until``, not reminded yet,
    with a coordinator who can receive the mail."""
    return (
        services.evaluations_due(until)
        .filter(
            reminded_at__isnull=True,
            case__coordinator__is_active=True,
            case__coordinator__role__in=[Role.PROFESSIONAL, Role.TEAM_LEAD],
        )
        .exclude(case__coordinator__email="")
        .order_by("evaluation_on", "id")
    )


@task()
def sweep_due_evaluations() -> int:
    """Remind every coordinator whose set plan is to be evaluated within
    ``REMIND_DAYS`` days: one mail and one 'reminder' event per plan
    version, ever. Returns how many were sent. Safe to run twice, and
    alongside another sweep."""
    now = timezone.now()
    until = timezone.localdate() + datetime.timedelta(days=REMIND_DAYS)
    sent = 0
    for version_id in list(due_for_reminder(until).values_list("id", flat=True)):
        try:
            sent += _remind(version_id, now)
        except OSError:  # the mail server: this one waits for the next sweep
            logger.exception("Herinnering evaluatie niet verstuurd (planversie %s)", version_id)
    return sent
