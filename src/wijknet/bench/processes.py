"""The parent's side of the bench: the child processes that seed and
measure, the cached databases they work on, and the addresses of the
PostgreSQL server.

Every measurement runs in a child (``python -m wijknet bench --measure``)
on a database of its own, with settings fit for measuring (no 2FA, no
HTTPS, no debug). The parent never opens those databases through Django.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import django
from django.conf import settings

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432"

# Code besides the migrations whose changes make a cached database stale,
# as globs under src/wijknet: the whole demo app (the generator and every
# phase of the seed, however it is split up), and the kaart modules that
# make the search text stored with each entry. A pattern that matches
# nothing is an error, so a moved file cannot silently drop out of the key.
SEED_SOURCES = (
    "demo/**/*.py",
    "kaart/search.py",
    "kaart/services.py",
)


def _seed_files(base: Path) -> list[Path]:
    files = []
    for pattern in SEED_SOURCES:
        found = sorted(path for path in base.glob(pattern) if "migrations" not in path.parts)
        if not found:
            raise FileNotFoundError(f"bench: no file matches {pattern!r} under {base}")
        files += found
    return files


def migration_key() -> str:
    """Changes whenever a migration, the generator or the Django version changes."""
    digest = hashlib.sha256(django.get_version().encode())
    base = Path(settings.BASE_DIR)
    for path in [*sorted(base.glob("*/migrations/*.py")), *_seed_files(base)]:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def child_env(database_url: str, **extra: str) -> dict:
    """The environment of a child: this one, without pytest's variables,
    on ``database_url``, with settings fit for measuring."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-key-not-secret",
        WIJKNET_REQUIRE_2FA="0",
        WIJKNET_HTTPS="0",
        DEBUG="0",
        **extra,
    )
    env.pop("REPORTING_DATABASE_URL", None)
    return env


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def run(args: list[str], env: dict) -> str:
    """Run ``wijknet <args>`` in a child and return what it printed."""
    command = [sys.executable, "-m", "wijknet", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def last_json(output: str):
    """The figures a child printed: the JSON on its last line."""
    return json.loads(output.strip().splitlines()[-1])


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
    env = child_env(sqlite_url(scratch))
    run(["migrate", "-v0"], env)
    run(["seed", "--scale", scale, "--seed", str(seed), "--demo-logins", "-v0"], env)
    run(
        [
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute("
            "'PRAGMA wal_checkpoint(TRUNCATE)')",
        ],
        env,
    )
    scratch.rename(target)
    log(f"{scale}: seeded in {time.perf_counter() - started:.1f} s")
    return target


def measure_scale(database: Path, requests: int) -> dict:
    """Copy the cached database and measure it in a child process."""
    work = database.with_suffix(".run")
    shutil.copyfile(database, work)
    try:
        env = child_env(sqlite_url(work))
        output = run(["bench", "--measure", "--requests", str(requests)], env)
    finally:
        for leftover in database.parent.glob(f"{work.name}*"):
            leftover.unlink()
    return last_json(output)


# PostgreSQL ----------------------------------------------------------------
def postgres_server() -> str:
    """The server both PostgreSQL parts use (``BENCH_POSTGRES_URL``)."""
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)


def postgres_url(server: str, database: str) -> str:
    """The URL of ``database`` on ``server``."""
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def maintenance_url(server: str) -> str:
    """Where databases are created and dropped."""
    return postgres_url(server, "postgres")


def hostport(url: str) -> str:
    """The address without any password, for messages."""
    parts = urllib.parse.urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{user}{parts.hostname or ''}{port}"


def failure_reason(error: Exception) -> str:
    """The first line of why a connection failed, for a 'skipped' line."""
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
