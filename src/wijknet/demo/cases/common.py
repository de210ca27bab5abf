"""Small helpers every phase of the trajectories seed uses."""

import random
from datetime import date


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def named(text: str, name: str) -> str:
    """``text`` with ``{naam}`` replaced by the resident's first name."""
    return text.replace("{naam}", name)
