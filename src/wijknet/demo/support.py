"""The support system around a person in the synthetic municipality: network
maps (ecograms) for most residents, informal carers with burden checks over
time and a task for the team when one is overloaded, the volunteer pool
(some of them residents who also receive support), and requests for help
with matches in every state, follow-up check-ins and activating home visits.

Like the social map and the trajectories, the phase has a random stream of
its own, derived from the seed, and reads what it needs from the database in
a fixed order, so a municipality gets the same support system whether it is
seeded in one go or gets this phase added later (``LATER_PHASES``). Sizes
are keyed by the scale's name (``SIZES``). The seeded staff are used
(``mw-``, ``tl-``), never the demo logins; ``hand_demo_volunteer`` and
``ensure_demo_network`` give the demo logins their part afterwards.

Rows go in with ``bulk_create`` where children need the parent's id, and as
plain rows (``bulk.insert_rows``) otherwise, so the number of queries
grows with the number of batches, not with the number of rows. Match scores
and reasons come from ``volunteers.matching.score`` on the same data, stored
as ``volunteers.services.propose`` stores them.

This module is the phase's entry and order; its parts live beside it by
subject: ``support_world`` (what it reads), ``support_networks`` (network
maps and carers), ``support_volunteers`` (the pool, requests and matches),
``support_logins`` (the demo logins' part) and ``support_data`` (the tables).
"""

import random
from collections import Counter
from datetime import date

from django.utils import timezone

from wijknet.demo.bulk import explicit_timestamps
from wijknet.demo.support_data import SIZES
from wijknet.demo.support_networks import seed_networks
from wijknet.demo.support_volunteers import seed_requests, seed_volunteers
from wijknet.demo.support_world import World
from wijknet.people.models import InformalCarer, NetworkTie, TeamTask

__all__ = ["SIZES", "STREAM", "seed_support"]

STREAM = 7_919  # the phase's own random stream: random.Random(seed * STREAM + 13)


def seed_support(seed: int, *, scale_name: str, today: date, say) -> dict:
    """Networks, carers, volunteers, requests and matches; return the counts."""
    started = timezone.now()
    world = World.load(today)
    if not world.persons or not world.staff or not world.areas:
        say("Geen inwoners, teams of buurten: geen steunsysteem.")
        return {"network_ties": 0}
    rng = random.Random(seed * STREAM + 13)
    counts: Counter = Counter()
    with explicit_timestamps(
        NetworkTie._meta.get_field("created_at"),
        InformalCarer._meta.get_field("registered_at"),
        TeamTask._meta.get_field("created_at"),
    ):
        counts.update(seed_networks(rng, random.Random(seed * STREAM + 17), world, today))
    volunteers_n, requests_n = SIZES.get(scale_name, SIZES["xs"])
    pool = seed_volunteers(rng, world, today, volunteers_n, counts)
    seed_requests(rng, world, today, requests_n, pool, counts)
    result = {
        "network_ties": counts["ties"],
        "network_persons": counts["network_persons"],
        "informal_carers": counts["carers"],
        "burden_checks": counts["checks"],
        "carer_tasks": counts["tasks"],
        "volunteers": counts["volunteers"],
        "volunteers_residents": counts["volunteers_residents"],
        "volunteer_requests": counts["requests"],
        "matches": counts["matches"],
        "check_ins": counts["check_ins"],
        "home_visits": counts["visits"],
    }
    seconds = (timezone.now() - started).total_seconds()
    say(
        f"{result['network_ties']} netwerkrelaties bij {result['network_persons']} inwoners, "
        f"{result['informal_carers']} mantelzorgers, {result['volunteers']} vrijwilligers, "
        f"{result['volunteer_requests']} hulpvragen, {result['matches']} koppelingen "
        f"in {seconds:.1f} s"
    )
    return result
