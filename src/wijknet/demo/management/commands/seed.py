from django.core.management.base import BaseCommand

from wijknet.demo.generator import SCALES, generate


class Command(BaseCommand):
    help = (
        "Vult een lege database met de synthetische gemeente Wijkerveen "
        "(xs ≈ 500, s ≈ 10.000, m ≈ 30.000, l ≈ 80.000 inwoners) en twee jaar meldingen "
        "(xs ≈ 300, s ≈ 20.000, m ≈ 60.000, l ≈ 160.000). Nogmaals draaien verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="xs", help="standaard: xs")
        parser.add_argument("--seed", type=int, default=1, help="standaard: 1")
        parser.add_argument(
            "--demo-logins",
            action="store_true",
            help="maak ook de demo-inlogs aan (met het demo-wachtwoord)",
        )

    def handle(self, *args, scale, seed, demo_logins, **options):
        generate(scale, seed, stdout=self.stdout if options["verbosity"] > 0 else None)
        if demo_logins:
            from wijknet.demo.logins import ensure_demo_logins

            ensure_demo_logins(stdout=self.stdout)
