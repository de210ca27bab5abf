"""Support trajectories (*ondersteuningstrajecten*) of the synthetic
municipality: cases in every phase of Supportgericht Werken, with the
conversation and its report, self-reliance matrix measurements over time,
personal profiles with ranked wishes, goals, versioned plans whose steps use
every ring of the support ladder, applications with decisions and
objections, evaluations, the logbook, closed cases with aftercare, some
escalations and consultations.

Like the social map, the phase has a random stream of its own, derived from
the seed, and reads what it needs from the database in a fixed order. The
seeded staff are used (``mw-``, ``tl-``, ``wc-``), never the demo logins, so
a municipality gets the same trajectories whether it is seeded in one go or
gets this phase added to an older seed (``LATER_PHASES`` in generator.py).
The demo logins are handed their cases afterwards, by ``hand_demo_cases``.

Each case is first sketched as a timeline: milestones in days after opening
(conversation, goals, draft plan, set plan, evaluations), cut at today for an
open case and at the closing day for a closed one. A household has at most
one open case; the others are earlier, closed ones, laid out back in time.
Everything that happened before the cut is then built and inserted with
``bulk_create``, a chunk of cases at a time, so the number of queries grows
with the number of chunks and memory stays flat. The ladder rule holds for
every plan: a goal has an individual step only when all four inner rings
have a reason.

The package follows the phases, in the order a case goes through them:

- ``world``: what is read from the database first;
- ``timeline``: each case sketched as a timeline, cut at today or closing;
- ``trajectory``: ``Builder``, which builds a case from its sketch, with
  the case, its events, the logbook, consultations, escalation and closing;
- ``casework``: one case while it is built, as every phase sees it;
- ``conversation``: the conversation and report, the matrix, the profile;
- ``plan``: ladder steps and reasons, plan versions, reminders;
- ``applications``: applications, decisions, objections;
- ``evaluation``: the evaluations of set plan versions;
- ``themes``: the support questions all of the above write about;
- ``saving``: inserting a chunk of built cases;
- ``common``: the weighted draw, ages, the name in a text;
- ``handout``: handing the demo logins their cases afterwards.

This module holds the entry points other code imports.
"""

from collections import Counter
from datetime import date

from django.utils import timezone

from wijknet.cases.models import Application, Conversation, Goal, PlanVersion
from wijknet.demo.bulk import explicit_timestamps
from wijknet.demo.cases.handout import (
    evaluation_due_this_week,
    hand_demo_cases,
    resident_case_filter,
    shared_elsewhere,
)
from wijknet.demo.cases.saving import CHUNK, Chunk, save
from wijknet.demo.cases.trajectory import Builder
from wijknet.demo.cases.world import World

__all__ = [
    "COUNT_KEYS",
    "evaluation_due_this_week",
    "hand_demo_cases",
    "resident_case_filter",
    "seed_cases",
    "shared_elsewhere",
]

COUNT_KEYS = (
    "cases",
    "cases_open",
    "case_events",
    "conversations",
    "matrix_measurements",
    "goals",
    "plan_versions",
    "plan_steps",
    "applications",
    "decisions",
    "objections",
    "evaluations",
    "log_entries",
)


def seed_cases(seed: int, *, cases: int, today: date, say) -> dict:
    """Sketch and build about ``cases`` support trajectories; return the counts."""
    started = timezone.now()
    world = World.load(today)
    if not world.teams or not world.households or not world.assessors:
        say("Geen wijkteams, huishoudens of Wmo-consulenten: geen trajecten.")
        return {"cases": 0}
    builder = Builder(seed, world, today)
    sketches = builder.sketch(cases)
    counts: Counter = Counter()
    timestamps = [
        Conversation._meta.get_field("created_at"),
        Goal._meta.get_field("created_at"),
        PlanVersion._meta.get_field("created_at"),
        Application._meta.get_field("created_at"),
    ]
    with explicit_timestamps(*timestamps):
        for start in range(0, len(sketches), CHUNK):
            chunk = Chunk()
            for sketch in sketches[start : start + CHUNK]:
                builder.build(sketch, chunk)
            counts.update(save(chunk))
            if start and start % (10 * CHUNK) == 0:
                say(f"  ... {start} trajecten")
    result = {
        "cases": counts["cases"],
        "cases_open": sum(1 for s in sketches if s.closed is None),
        "case_events": counts["events"],
        "conversations": counts["conversations"],
        "matrix_measurements": counts["measurements"],
        "goals": counts["goals"],
        "plan_versions": counts["versions"],
        "plan_steps": counts["steps"],
        "applications": counts["applications"],
        "decisions": counts["decisions"],
        "objections": counts["objections"],
        "evaluations": counts["evaluations"],
        "log_entries": counts["log"],
    }
    seconds = (timezone.now() - started).total_seconds()
    say(
        f"{result['cases']} trajecten ({result['cases_open']} open), "
        f"{result['plan_versions']} planversies, {result['applications']} aanvragen, "
        f"{counts['scores']} matrixscores in {seconds:.1f} s"
    )
    return result
