import signal
import socket
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from wijknet.core.models import Role
from wijknet.demo.logins import ensure_demo_logins
from wijknet.signals.tasks import pseudonymise_signals


class Command(BaseCommand):
    help = (
        "Start de demo: database bijwerken, de synthetische gemeente vullen (xs, seed 1), "
        "demo-inlogs aanmaken en de ontwikkelserver met de achtergrondtaken (db_worker) "
        "starten. Nogmaals draaien kan veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-server",
            action="store_true",
            help="alleen voorbereiden (en de bewaartermijn-taak direct draaien), geen server",
        )
        parser.add_argument("--port", type=int, default=8000, help="standaard: 8000")

    def handle(self, *args, no_server, port, **options):
        self.stdout.write("Database bijwerken ...")
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write("Synthetische gemeente vullen ...")
        call_command("seed", scale="xs", seed=1, stdout=self.stdout)
        accounts = ensure_demo_logins(stdout=self.stdout)

        rows = [("gebruikersnaam", "rol", "wat u kunt doen")]
        for user, login in accounts.users:
            rows.append((user.username, Role(user.role).label, login.can_do))
        width_user = max(len(row[0]) for row in rows)
        width_role = max(len(str(row[1])) for row in rows)
        line = "-" * (width_user + width_role + 50)
        self.stdout.write("")
        self.stdout.write(line)
        for i, (username, role, can_do) in enumerate(rows):
            self.stdout.write(f"{username:<{width_user}} | {role!s:<{width_role}} | {can_do}")
            if i == 0:
                self.stdout.write(line)
        self.stdout.write(line)
        self.stdout.write(
            f"professional en teamleider werken in {accounts.first_team}, "
            f"professional2 in {accounts.second_team}."
        )
        self.stdout.write(
            f"inwoner is {accounts.resident.full_name}, bekend bij {accounts.first_team}."
        )
        self.stdout.write("")
        self.stdout.write(f"Wachtwoord voor alle inlogs: {settings.WIJKNET_DEMO_PASSWORD}")
        self.stdout.write(self.style.SUCCESS(f"Open http://127.0.0.1:{port}/"))
        self.stdout.write(
            "Meldformulier voor inwoners (zonder inlog): "
            f"http://127.0.0.1:{port}{reverse('signals:public_report')}"
        )
        try:
            self.stdout.write(
                f"Sociale kaart (zonder inlog): http://127.0.0.1:{port}{reverse('kaart:search')}"
            )
        except NoReverseMatch:
            pass
        self.stdout.write("Alle gegevens zijn verzonnen (synthetische gemeente Wijkerveen).")

        if no_server:
            # No worker to hand the task to: run the retention sweep here.
            done = pseudonymise_signals.call()
            days = settings.WIJKNET_SIGNAL_RETENTION_DAYS
            self.stdout.write(
                f"Bewaartermijn {days} dagen: {done} gesloten meldingen gepseudonimiseerd."
            )
            call_command("cases_reminders", now=True, stdout=self.stdout)
            return

        _check_port_free(port)
        # The worker picks this task up right after it starts.
        call_command("signals_retention", stdout=self.stdout)
        call_command("cases_reminders", stdout=self.stdout)
        worker = subprocess.Popen([sys.executable, "-m", "wijknet", "db_worker", "--no-reload"])  # noqa: S603
        self.stdout.write(f"Achtergrondtaken: 'wijknet db_worker' draait (proces {worker.pid}).")
        # Ctrl-C ends runserver with SystemExit; make a plain `kill` do the
        # same, so the worker is stopped either way.
        previous = signal.signal(signal.SIGTERM, _exit)
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            _stop(worker)


def _exit(signum, frame):
    sys.exit(0)


def _check_port_free(port: int) -> None:
    """runserver leaves with os._exit when it cannot bind, which would skip
    stopping the worker: find out before starting anything."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise CommandError(
                f"Poort {port} is niet beschikbaar ({error.strerror}); kies een andere met --port."
            ) from None


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
