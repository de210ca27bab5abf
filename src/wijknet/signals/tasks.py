from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from wijknet.signals import services
from wijknet.signals.models import Signal


@task()
def send_feedback_email(signal_id: int) -> bool:
    signal = Signal.objects.filter(pk=signal_id).exclude(reporter_email="").first()
    if signal is None:
        return False
    subject, body = services.feedback_email(signal)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [signal.reporter_email])
    return True


@task()
def pseudonymise_signals() -> int:
    """The retention sweep; schedule it daily (see docs/signals.md)."""
    return services.pseudonymise_closed_signals()
