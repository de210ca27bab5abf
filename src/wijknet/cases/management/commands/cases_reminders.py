from django.core.management.base import BaseCommand

from wijknet.cases.tasks import REMIND_DAYS, sweep_due_evaluations


class Command(BaseCommand):
    help = (
        "Zet de herinneringstaak in de wachtrij: de regiehouder van elk vastgesteld plan "
        f"waarvan de evaluatie binnen {REMIND_DAYS} dagen valt, krijgt één e-mail met alleen "
        "het trajectnummer en de datum. Draai dit dagelijks (cron of systemd-timer) naast "
        "'wijknet db_worker'; met --now draait de taak direct, zonder worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="direct uitvoeren in plaats van in de wachtrij"
        )

    def handle(self, *args, now, **options):
        if now:
            sent = sweep_due_evaluations.call()
            self.stdout.write(f"Herinneringen evaluatie: {sent} verstuurd.")
            return
        result = sweep_due_evaluations.enqueue()
        self.stdout.write(f"Herinneringen evaluatie: taak {result.id} ({result.status}).")
