"""Network maps (ecograms) for most residents, own strengths included, and
informal carers with burden checks over time. An overloaded carer raises a
task for the teams by the domain's rule (``people.carers.overload_task``),
written in bulk."""

import random
from collections import Counter
from datetime import date, timedelta

from wijknet.demo.bulk import BATCH_SIZE, insert_rows
from wijknet.demo.support_data import (
    BURDEN_NOTES,
    BURDEN_ORDER,
    CARE_GIVEN,
    CARER_INVOLVED_SHARE,
    CARER_SHARE,
    COMMUNITY,
    EMPTY_LAYER_SHARE,
    ENDED_SHARE,
    FIRST_NAMES,
    FREQUENCY,
    LATEST_BURDEN,
    LOAD,
    NATURAL,
    NETWORK_SHARE,
    OWN_STRENGTH_SHARE,
    OWN_STRENGTHS,
    PROFESSIONAL,
    PROPOSED_SHARE,
    RECIPROCITY,
    SMALL_SHARE,
    TIE_COUNTS,
    TIE_NOTES,
)
from wijknet.demo.support_world import PersonRow, World, moment, ordered_kinds, weighted
from wijknet.people.carers import overload_task
from wijknet.people.models import (
    BurdenCheck,
    InformalCarer,
    NetworkLayer,
    NetworkTie,
    SupportKind,
    TeamTask,
)


# Networks and carers -------------------------------------------------------------------
def seed_networks(rng: random.Random, own: random.Random, world: World, today: date) -> Counter:
    counts: Counter = Counter()
    tie_rows: list[tuple] = []
    carer_ties: list[tuple[NetworkTie, PersonRow]] = []
    # The layers of ties to others; own strengths (self) come from ``own``.
    layers = [NetworkLayer.NATURAL, NetworkLayer.COMMUNITY, NetworkLayer.PROFESSIONAL]
    natural_weights = [row[3] for row in NATURAL]
    for person in world.persons:
        if rng.random() >= NETWORK_SHARE:
            continue
        counts["network_persons"] += 1
        if own.random() < OWN_STRENGTH_SHARE:
            for name, relation, kinds in own.sample(OWN_STRENGTHS, own.randint(1, 2)):
                values = {
                    "person_id": person.id,
                    "layer": NetworkLayer.SELF,
                    "name": name,
                    "relation": relation,
                    "frequency": own.choice(["daily", "weekly"]),
                    "reciprocity": NetworkTie.Reciprocity.MUTUAL,
                    "load_person": NetworkTie.Load.LIGHT,
                    "load_tie": NetworkTie.Load.LIGHT,
                    "note": "",
                    "source": NetworkTie.Source.PROFESSIONAL,
                    "created_at": moment(own, today - timedelta(days=own.randint(1, 900))),
                    "ended_on": None,
                    "support": ordered_kinds(kinds),
                }
                tie_rows.append(
                    tuple(values["person_id" if f == "person" else f] for f in TIE_FIELDS)
                )
        if rng.random() < SMALL_SHARE:
            plan = [NetworkLayer.NATURAL if rng.random() < 0.7 else NetworkLayer.PROFESSIONAL]
        else:
            n = weighted(rng, TIE_COUNTS)
            used = list(layers)
            if rng.random() < EMPTY_LAYER_SHARE:
                used.remove(rng.choice([NetworkLayer.COMMUNITY, NetworkLayer.PROFESSIONAL]))
            # at least one tie in each layer used, the rest mostly natural
            plan = list(used)
            while len(plan) < n:
                plan.append(
                    NetworkLayer.NATURAL
                    if rng.random() < 0.6 or len(used) == 1
                    else rng.choice(used[1:])
                )
            plan.sort(key=layers.index)
        # Carers are more often recorded where a team works with the household.
        share = CARER_INVOLVED_SHARE if person.household in world.household_teams else CARER_SHARE
        is_carer = rng.random() < share and NetworkLayer.NATURAL in plan
        seen: set[str] = set()
        created_day = today - timedelta(days=rng.randint(1, 900))
        carer_made = False
        for layer in plan[:8]:
            if layer == NetworkLayer.NATURAL:
                relation, pattern, kinds, _w = rng.choices(NATURAL, natural_weights)[0]
                name = pattern.format(name=rng.choice(FIRST_NAMES))
            elif layer == NetworkLayer.COMMUNITY:
                relation, name, kinds = rng.choice(COMMUNITY)
            else:
                relation, name, kinds = rng.choice(PROFESSIONAL)
            if name in seen:
                continue
            seen.add(name)
            kinds = set(kinds)
            if rng.random() < 0.3:
                kinds.add(rng.choice(SupportKind.values))
            proposed = rng.random() < PROPOSED_SHARE
            ended = not proposed and rng.random() < ENDED_SHARE
            values = {
                "person_id": person.id,
                "layer": layer,
                "name": name,
                "relation": relation,
                "frequency": weighted(rng, FREQUENCY[layer]),
                "reciprocity": weighted(rng, RECIPROCITY[layer]),
                "load_person": weighted(rng, LOAD),
                "load_tie": weighted(rng, LOAD),
                "note": rng.choice(TIE_NOTES),
                "source": NetworkTie.Source.RESIDENT
                if proposed
                else NetworkTie.Source.PROFESSIONAL,
                "created_at": moment(rng, today if proposed else created_day),
                "ended_on": today - timedelta(days=rng.randint(1, 120)) if ended else None,
            }
            if is_carer and not carer_made and layer == NetworkLayer.NATURAL and not proposed:
                if not ended:
                    carer_made = True
                    values["support"] = [k for k in SupportKind.values if k in kinds | {"care"}]
                    carer_ties.append((NetworkTie(**values), person))
                    continue
            values["support"] = ordered_kinds(kinds)
            tie_rows.append(tuple(values["person_id" if f == "person" else f] for f in TIE_FIELDS))
    NetworkTie.objects.bulk_create([tie for tie, _p in carer_ties], batch_size=BATCH_SIZE)
    insert_rows(NetworkTie, TIE_FIELDS, tie_rows)
    counts["ties"] = len(tie_rows) + len(carer_ties)
    counts.update(_carers(rng, world, today, carer_ties))
    return counts


TIE_FIELDS = (
    "person",
    "layer",
    "name",
    "relation",
    "frequency",
    "reciprocity",
    "load_person",
    "load_tie",
    "note",
    "source",
    "created_at",
    "ended_on",
    "support",
)


def _carers(rng, world: World, today: date, carer_ties) -> Counter:
    counts: Counter = Counter()
    carers, people = [], []
    for tie, person in carer_ties:
        since = today - timedelta(days=rng.randint(120, 3000))
        carers.append(
            InformalCarer(
                tie=tie,
                care_given=rng.choice(CARE_GIVEN),
                hours_per_week=rng.choice([4, 6, 8, 10, 12, 16, 20, 24, 30, 40]),
                since=since,
                registered_at=moment(rng, max(since, tie.created_at.date())),
            )
        )
        people.append(person)
    InformalCarer.objects.bulk_create(carers, batch_size=BATCH_SIZE)
    checks, tasks = [], []
    for carer, person in zip(carers, people, strict=True):
        latest = weighted(rng, LATEST_BURDEN)
        n = rng.randint(1, 3)
        teams = world.household_teams.get(person.household, [])
        day = today - timedelta(days=rng.randint(0, 60))
        burdens = [latest]
        for _i in range(n - 1):  # earlier checks drift towards the latest
            index = BURDEN_ORDER.index(burdens[-1]) + rng.choice([-1, -1, 0, 1])
            burdens.append(BURDEN_ORDER[max(0, min(3, index))])
        for step, burden in enumerate(burdens):
            checks.append(
                (
                    carer,
                    day - timedelta(days=120 * step),
                    burden,
                    BURDEN_NOTES[burden] if rng.random() < 0.6 else "",
                    world.worker(rng, teams[0] if teams else None),
                )
            )
        # The latest check raises a task as recording it would (the domain's
        # rule), written in bulk instead of one raise_tasks() per carer.
        task = overload_task(latest, carer=carer.tie.name, person=person.full_name, on=day)
        if task is not None:
            for team in teams:
                tasks.append(
                    (team, task.kind, person.id, task.title[:200], task.due_on, moment(rng, day))
                )
    insert_rows(BurdenCheck, ("carer", "checked_on", "burden", "note", "checked_by"), checks)
    insert_rows(TeamTask, ("team", "kind", "person", "title", "due_on", "created_at"), tasks)
    counts.update(carers=len(carers), checks=len(checks), tasks=len(tasks))
    return counts
