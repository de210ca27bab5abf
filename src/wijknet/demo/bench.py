"""`wijknet bench`: page speed at two sizes of municipality, side by side.

The parent process seeds each scale once into its own database (cached under
``.bench/``, keyed by scale, seed and the migrations), then runs every
measurement in a child process on a throw-away copy, so audit rows written
while measuring never pile up in the cache. Figures are printed, never
asserted: these machines are too noisy for timing assertions.
"""

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django
from django.conf import settings

SCENARIOS = ("person_search", "household_page", "home_page")


def migration_key() -> str:
    """Changes whenever a migration or the Django version changes."""
    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(Path(settings.BASE_DIR).glob("*/migrations/*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _child_env(database_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=f"sqlite:///{database_path}",
        SECRET_KEY="bench-only-key-not-secret",
        WIJKNET_REQUIRE_2FA="0",
        WIJKNET_HTTPS="0",
        DEBUG="0",
    )
    env.pop("REPORTING_DATABASE_URL", None)
    return env


def _run(args: list[str], database_path: Path) -> str:
    command = [sys.executable, "-m", "wijknet", *args]
    result = subprocess.run(
        command, env=_child_env(database_path), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def seeded_database(cache_dir: Path, scale: str, seed: int, log) -> Path:
    """The cached database for this scale and seed, seeding it when missing."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"wijknet-{scale}-{seed}-{migration_key()}.sqlite3"
    if target.exists():
        log(f"{scale}: cached database {target.name}")
        return target
    scratch = target.with_suffix(".partial")
    for leftover in cache_dir.glob(f"{scratch.name}*"):
        leftover.unlink()
    log(f"{scale}: seeding (once) ...")
    started = time.perf_counter()
    _run(["migrate", "-v0"], scratch)
    _run(["seed", "--scale", scale, "--seed", str(seed), "--demo-logins", "-v0"], scratch)
    _run(
        [
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute("
            "'PRAGMA wal_checkpoint(TRUNCATE)')",
        ],
        scratch,
    )
    scratch.rename(target)
    log(f"{scale}: seeded in {time.perf_counter() - started:.1f} s")
    return target


def measure_scale(database: Path, requests: int) -> dict:
    """Copy the cached database and measure it in a child process."""
    work = database.with_suffix(".run")
    shutil.copyfile(database, work)
    try:
        output = _run(["bench", "--measure", "--requests", str(requests)], work)
    finally:
        for leftover in database.parent.glob(f"{work.name}*"):
            leftover.unlink()
    return json.loads(output.strip().splitlines()[-1])


def measure_here(requests: int) -> dict:
    """Runs inside the child: time each scenario as the demo professional."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from wijknet.core.models import User
    from wijknet.people.models import Household, Person

    user = User.objects.get(username="professional")
    client = Client()
    client.force_login(user)
    households = list(Household.objects.visible_to(user).values_list("id", flat=True)[:200])
    names = sorted(
        {
            last[:3].lower()
            for last in Person.objects.visible_to(user).values_list("last_name", flat=True)[:400]
            if len(last) >= 3
        }
    )
    urls = {
        "person_search": [f"/personen/?q={name}" for name in names],
        "household_page": [f"/huishoudens/{pk}/" for pk in households],
        "home_page": ["/"],
    }
    results = {"persons": Person.objects.count(), "visible_households": len(households)}
    for scenario in SCENARIOS:
        pool = urls[scenario]
        for url in pool[:5]:  # warm caches and the connection
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(pool[0])
        queries = len(captured)  # read now: a new connection clears the log
        timings = []
        for i in range(requests):
            started = time.perf_counter()
            response = client.get(pool[i % len(pool)])
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{pool[i % len(pool)]} answered {response.status_code}")
        timings.sort()
        results[scenario] = {
            "p50": statistics.median(timings),
            "p95": timings[min(len(timings) - 1, int(0.95 * len(timings)))],
            "queries": queries,
        }
    return results


def format_table(figures: dict[str, dict], small: str, large: str) -> str:
    header = (
        f"{'scenario':<16} {small + ' p50':>9} {small + ' p95':>9} {small + ' q':>5} "
        f"{large + ' p50':>9} {large + ' p95':>9} {large + ' q':>5} {'l/s p50':>8} {'l/s p95':>8}"
    )
    lines = [header, "-" * len(header)]
    for scenario in SCENARIOS:
        s, big = figures[small][scenario], figures[large][scenario]
        lines.append(
            f"{scenario:<16} {s['p50']:>7.1f}ms {s['p95']:>7.1f}ms {s['queries']:>5} "
            f"{big['p50']:>7.1f}ms {big['p95']:>7.1f}ms {big['queries']:>5} "
            f"{big['p50'] / s['p50']:>8.2f} {big['p95'] / s['p95']:>8.2f}"
        )
    lines.append(
        f"persons: {small}={figures[small]['persons']:,}  {large}={figures[large]['persons']:,}; "
        "times per request through Django's test client, SQLite, one process"
    )
    return "\n".join(lines)
