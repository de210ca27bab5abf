from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from wijknet.core.models import Role
from wijknet.demo.logins import ensure_demo_logins


class Command(BaseCommand):
    help = (
        "Start de demo: database bijwerken, de synthetische gemeente vullen (xs, seed 1), "
        "demo-inlogs aanmaken en de ontwikkelserver starten. Nogmaals draaien kan veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-server", action="store_true", help="alleen voorbereiden, geen server starten"
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
        self.stdout.write("Alle gegevens zijn verzonnen (synthetische gemeente Wijkerveen).")

        if not no_server:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
