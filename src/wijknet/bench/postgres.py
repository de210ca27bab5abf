"""Part 2 of the bench, the parent's side: the social-map search and the
support pages measured on PostgreSQL at both scales.

The databases are cached on the server, named after scale, seed and the
key of the code that seeds them (``processes.migration_key``); the map
search is anonymous and writes nothing, so the children measure on them
directly.
"""

import time

from wijknet.bench import processes
from wijknet.bench.report import format_map_table
from wijknet.bench.scenarios import POSTGRES_SCENARIOS

MAP_DATABASE_PREFIX = "wijknet_bench"  # + _<scale>_<seed>_<key>


def seeded_postgres(admin, server_url: str, scale: str, seed: int, log) -> str:
    """The cached PostgreSQL database for this scale and seed, seeding it
    when missing; returns its URL. Databases of this scale with another key
    are dropped: they can no longer be used."""
    prefix = f"{MAP_DATABASE_PREFIX}_{scale}_"
    target = f"{prefix}{seed}_{processes.migration_key()}"
    partial = f"{target}_partial"
    names = [row[0] for row in admin.execute("SELECT datname FROM pg_database").fetchall()]
    for name in names:
        if name.startswith(prefix) and name != target:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if target in names:
        log(f"{scale} (PostgreSQL): cached database {target}")
        return processes.postgres_url(server_url, target)
    log(f"{scale} (PostgreSQL): seeding (once) ...")
    started = time.perf_counter()
    admin.execute(f'CREATE DATABASE "{partial}"')
    env = processes.child_env(processes.postgres_url(server_url, partial))
    processes.run(["migrate", "-v0"], env)
    # The demo logins: the support pages are measured as professional.
    processes.run(["seed", "--scale", scale, "--seed", str(seed), "--demo-logins", "-v0"], env)
    import psycopg

    # Fresh statistics, or the planner guesses from an empty table.
    with psycopg.connect(processes.postgres_url(server_url, partial), autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    admin.execute(f'ALTER DATABASE "{partial}" RENAME TO "{target}"')
    log(f"{scale} (PostgreSQL): seeded in {time.perf_counter() - started:.1f} s")
    return processes.postgres_url(server_url, target)


def map_search_postgres(
    *, small: str, large: str, seed: int, requests: int, log=lambda message: None
) -> str:
    """Seed (once) and measure the map searches at both scales on PostgreSQL;
    return the report."""
    try:
        import psycopg
    except ImportError as missing:
        return f"map search on PostgreSQL skipped: {missing.name} is not installed"
    server_url = processes.postgres_server()
    try:
        admin = psycopg.connect(
            processes.maintenance_url(server_url), autocommit=True, connect_timeout=5
        )
    except psycopg.Error as error:
        return (
            "map search on PostgreSQL skipped: cannot connect to PostgreSQL at "
            f"{processes.hostport(server_url)} ({processes.failure_reason(error)})"
        )
    figures = {}
    try:
        version = admin.execute("SHOW server_version").fetchone()[0]
        for scale in (small, large):
            database_url = seeded_postgres(admin, server_url, scale, seed, log)
            log(f"{scale} (PostgreSQL): measuring {requests} requests per scenario ...")
            output = processes.run(
                [
                    "bench",
                    "--measure",
                    "--requests",
                    str(requests),
                    "--scenarios",
                    ",".join(POSTGRES_SCENARIOS),
                ],
                processes.child_env(database_url),
            )
            figures[scale] = processes.last_json(output)
    finally:
        admin.close()
    return format_map_table(figures, small, large, version)
