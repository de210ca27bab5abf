"""The ``wijknet`` console script: Django's manage.py for this project."""

import os
import sys

# The demo runs on a laptop without HTTPS or 2FA; everything else gets the
# production defaults from settings.py.
DEMO_ENVIRONMENT = {
    "SECRET_KEY": "demo-only-insecure-key-wijknet",
    "WIJKNET_REQUIRE_2FA": "0",
    "WIJKNET_HTTPS": "0",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        for key, value in DEMO_ENVIRONMENT.items():
            os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijknet.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
