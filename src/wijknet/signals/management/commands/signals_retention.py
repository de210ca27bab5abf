from django.conf import settings
from django.core.management.base import BaseCommand

from wijknet.signals.tasks import pseudonymise_signals


class Command(BaseCommand):
    help = (
        "Zet de bewaartermijn-taak in de wachtrij: meldingen die langer dan "
        "WIJKNET_SIGNAL_RETENTION_DAYS dagen gesloten zijn en geen traject werden, worden "
        "gepseudonimiseerd. Draai dit dagelijks (cron of systemd-timer) naast 'wijknet db_worker'."
    )

    def handle(self, *args, **options):
        result = pseudonymise_signals.enqueue()
        days = settings.WIJKNET_SIGNAL_RETENTION_DAYS
        self.stdout.write(f"Bewaartermijn {days} dagen: taak {result.id} ({result.status}).")
