"""Part 3 of the bench: a load test of the signals API on a real server.

It starts gunicorn on 127.0.0.1 against a fresh PostgreSQL database, fires
concurrent ``POST /api/v1/signals/`` requests at it from a thread pool in
this process, and then checks in the database that every request became
exactly one signal.
"""

import json
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from wijknet.bench import processes
from wijknet.bench.report import percentile

LOAD_DATABASE = "wijknet_bench_load"
REQUEST_TIMEOUT = 30  # seconds, per request
LOAD_USERNAME = "api-bench"
LOAD_DESCRIPTIONS = [
    "Buurvrouw komt al weken niet meer buiten.",
    "Er liggen stapels post achter de deur.",
    "Meneer lijkt vergeetachtig en verdwaalt.",
    "Geluidsoverlast en ruzie in de nacht.",
]


def prepare_load_database() -> dict:
    """Runs inside a child on the fresh load-test database: the municipality's
    structure (no residents, no signals) and one API user with a token."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from wijknet.core.models import Membership, Postcode, Role, User
    from wijknet.demo.generator import generate_structure

    with transaction.atomic():
        teams = generate_structure("xs", 1)
        user = User.objects.create(
            username=LOAD_USERNAME,
            first_name="Koppeling",
            last_name="Belastingtest",
            email=f"{LOAD_USERNAME}@example.org",
            role=Role.PROFESSIONAL,
            password=make_password(None),
        )
        Membership.objects.create(
            user=user, team=teams[0], discipline="koppeling", start=timezone.localdate()
        )
        token = Token.objects.create(user=user)
    postcodes = list(Postcode.objects.order_by("postcode").values_list("postcode", flat=True))
    return {"token": token.key, "postcodes": postcodes}


@dataclass
class _Reply:
    status: int | None  # None: no HTTP answer
    latency_ms: float
    started: float
    finished: float
    body: dict | None = None
    error: str = ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _opener():
    # No proxies from the environment: requests go to 127.0.0.1 and nowhere else.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _wait_until_serving(base: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log_path.read_text()[-3000:]}")
        try:
            _opener().open(f"{base}/api/v1/signals/", timeout=2).close()
            return
        except urllib.error.HTTPError:  # 401/403 without a token: it answers
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log_path.read_text()[-3000:]}")


def _post(url: str, token: str, body: dict, barrier: threading.Barrier) -> _Reply:
    data = json.dumps(body).encode()
    # The URL is always http://127.0.0.1:<port>/..., built by load_test.
    request = urllib.request.Request(  # noqa: S310
        url,
        data=data,
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        barrier.wait(timeout=REQUEST_TIMEOUT)  # all threads start together
    except threading.BrokenBarrierError:
        pass
    started = time.perf_counter()
    try:
        with _opener().open(request, timeout=REQUEST_TIMEOUT) as response:
            status, payload = response.status, json.loads(response.read() or b"null")
        error = ""
    except urllib.error.HTTPError as failure:
        status, payload = failure.code, None
        error = failure.read()[:300].decode(errors="replace")
    except (OSError, ValueError) as failure:
        status, payload, error = None, None, f"{type(failure).__name__}: {failure}"
    finished = time.perf_counter()
    return _Reply(status, (finished - started) * 1000, started, finished, payload, error)


def _bodies(count: int, run_id: str, postcodes: list[str]) -> list[dict]:
    extents = ("individual", "several", "minor", "over_75")
    durations = ("incidental", "structural_short", "structural_long")
    reporters = ("police", "housing", "gp", "professional")
    bodies = []
    for i in range(count):
        bodies.append(
            {
                "reporter_type": reporters[i % len(reporters)],
                "reporter_name": f"Koppeling {i:03d}",
                "subject_description": f"bewoner op nummer {i % 180 + 1}",
                "subject_postcode": postcodes[i % len(postcodes)] if postcodes else "",
                "subject_informed": ("yes", "no", "unknown")[i % 3],
                "description": (
                    f"{LOAD_DESCRIPTIONS[i % len(LOAD_DESCRIPTIONS)]} [{_marker(run_id, i)}]"
                ),
                "risk_flags": ["living_alone"] if i % 2 else [],
                "nature_safety": i % 3,
                "nature_health": (i // 3) % 3,
                "nature_welfare": (i // 9) % 3,
                "extent": extents[i % len(extents)],
                "duration": durations[i % len(durations)],
            }
        )
    return bodies


def _marker(run_id: str, i: int) -> str:
    return f"LOADTEST-{run_id}-{i:04d}"


def _fire(base: str, token: str, bodies: list[dict]) -> tuple[list[_Reply], float]:
    """Send every body at once, each on its own thread; bounded in count
    (one request per body, no retries) and in time."""
    url = f"{base}/api/v1/signals/"
    barrier = threading.Barrier(len(bodies))
    replies: list[_Reply] = []
    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        futures = [pool.submit(_post, url, token, body, barrier) for body in bodies]
        done, late = wait_for(futures, timeout=3 * REQUEST_TIMEOUT)
        for future in late:
            future.cancel()
        replies = [future.result() for future in done]
    missing = len(bodies) - len(replies)
    replies += [_Reply(None, 0.0, 0.0, 0.0, error="no answer in time")] * missing
    answered = [reply for reply in replies if reply.finished]
    wall = max(r.finished for r in answered) - min(r.started for r in answered) if answered else 0.0
    return replies, wall


def _verify(database_url: str, run_id: str, count: int, replies: list[_Reply]) -> list[str]:
    """What is wrong in the database after the run; empty when all is well."""
    import psycopg

    with psycopg.connect(database_url, connect_timeout=10) as db:
        rows = db.execute("SELECT id, description, reporter_token FROM signals_signal").fetchall()
    problems = []
    if len(rows) != count:
        problems.append(f"{len(rows)} signals in the database, expected {count}")
    pattern = re.compile(rf"LOADTEST-{re.escape(run_id)}-(\d{{4}})")
    seen = Counter(int(m) for _, description, _ in rows for m in pattern.findall(description))
    wrong = [i for i in range(count) if seen[i] != 1]
    if wrong or set(seen) - set(range(count)):
        problems.append(f"markers not exactly once: {len(wrong)} (e.g. {wrong[:5]})")
    tokens = {token for _, _, token in rows}
    if len(tokens) != count:
        problems.append(f"{len(tokens)} unique reporter tokens, expected {count}")
    answered = {(r.body or {}).get("id") for r in replies if r.status == 201}
    if answered != {pk for pk, _, _ in rows}:
        problems.append("the ids in the 201 answers differ from the ids in the database")
    return problems


def load_test(*, workers: int = 4, requests: int = 200, log=lambda message: None) -> str:
    """Start gunicorn on a fresh PostgreSQL database, send ``requests``
    concurrent signals through the API, check the database; return a report."""
    try:
        import gunicorn  # noqa: F401
        import psycopg
    except ImportError as missing:
        return f"load test skipped: {missing.name} is not installed"
    server_url = processes.postgres_server()
    admin_url = processes.maintenance_url(server_url)
    database_url = processes.postgres_url(server_url, LOAD_DATABASE)
    shown = processes.hostport(server_url)
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.Error as error:
        reason = processes.failure_reason(error)
        return f"load test skipped: cannot connect to PostgreSQL at {shown} ({reason})"

    server = None
    workdir = Path(tempfile.mkdtemp(prefix="wijknet-load-"))
    try:
        version = admin.execute("SHOW server_version").fetchone()[0]
        admin.execute(f'DROP DATABASE IF EXISTS "{LOAD_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{LOAD_DATABASE}"')
        env = processes.child_env(
            database_url,
            ALLOWED_HOSTS="127.0.0.1",
            WIJKNET_TOKEN_RATE="10000/min",
        )
        log(f"load: migrating {LOAD_DATABASE} on PostgreSQL {version} ...")
        processes.run(["migrate", "-v0"], env)
        prepared = processes.last_json(processes.run(["bench", "--load-prepare"], env))

        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = workdir / "gunicorn.log"
        log(f"load: gunicorn with {workers} workers on 127.0.0.1:{port} ...")
        with log_path.open("w") as server_log:
            server = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "wijknet.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "60",
                    "--backlog",
                    "2048",
                    "--log-level",
                    "warning",
                ],
                env=env,
                cwd=settings.PROJECT_DIR,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
        _wait_until_serving(base, server, log_path)

        run_id = secrets.token_hex(4)
        bodies = _bodies(requests, run_id, prepared["postcodes"])
        log(f"load: {requests} concurrent POST /api/v1/signals/ ...")
        replies, wall = _fire(base, prepared["token"], bodies)
        problems = _verify(database_url, run_id, requests, replies)
    finally:
        if server is not None:
            processes.stop(server)
        try:
            admin.execute(f'DROP DATABASE IF EXISTS "{LOAD_DATABASE}" WITH (FORCE)')
        finally:
            admin.close()
            shutil.rmtree(workdir, ignore_errors=True)

    created = [r for r in replies if r.status == 201]
    errors = [r for r in replies if r.status != 201]
    latencies = [r.latency_ms for r in replies if r.status is not None]
    statuses = Counter(str(r.status or "no answer") for r in errors)
    lines = [
        f"load test: {requests} concurrent POST /api/v1/signals/ to gunicorn "
        f"({workers} workers) on 127.0.0.1, PostgreSQL {version}",
        f"  201 Created: {len(created)}   errors: {len(errors)}"
        + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))})" if errors else ""),
        f"  throughput: {len(created) / wall if wall else 0:.1f} requests/s "
        f"({wall:.2f} s from first send to last answer)",
    ]
    if latencies:
        lines.append(
            f"  latency: p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms"
        )
    if errors:
        lines.append(f"  first error: {errors[0].error[:200]}")
    if not problems and not errors:
        lines.append(
            f"  check: OK: {requests} signals in the database, every marker exactly once, "
            f"{requests} unique reporter tokens, zero errors"
        )
    else:
        lines.append("  check: FAILED: " + "; ".join(problems or ["errors above"]))
    return "\n".join(lines)
