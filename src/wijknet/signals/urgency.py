"""The urgency schema for a signal (Jaspers et al. 2011; seed 002:3930-4005).

Pure domain logic: no Django. Three nature items (safety, health, welfare),
the extent and the duration each score 0-2; the total runs 0-10. Which band
a total falls in is configuration (``UrgencyBand`` rows), checked here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

NATURE_POINTS = (0, 1, 2)  # geen / matig / ernstig risico

# Omvang: one choice. Persons under 18 or over 75 weigh heaviest (risk groups).
EXTENT_POINTS = {"individual": 0, "several": 1, "minor": 2, "over_75": 2}

# Duur: incidental, structural under half a year, structural over half a year.
DURATION_POINTS = {"incidental": 0, "structural_short": 1, "structural_long": 2}

MAX_SCORE = 3 * max(NATURE_POINTS) + max(EXTENT_POINTS.values()) + max(DURATION_POINTS.values())


class UrgencyError(ValueError):
    pass


@dataclass(frozen=True)
class UrgencyItems:
    nature_safety: int
    nature_health: int
    nature_welfare: int
    extent: str
    duration: str

    def __post_init__(self) -> None:
        for name in ("nature_safety", "nature_health", "nature_welfare"):
            value = getattr(self, name)
            if isinstance(value, bool) or value not in NATURE_POINTS:
                raise UrgencyError(f"{name} must be 0, 1 or 2, not {value!r}")
        if self.extent not in EXTENT_POINTS:
            raise UrgencyError(f"unknown extent {self.extent!r}")
        if self.duration not in DURATION_POINTS:
            raise UrgencyError(f"unknown duration {self.duration!r}")

    @property
    def score(self) -> int:
        return (
            self.nature_safety
            + self.nature_health
            + self.nature_welfare
            + EXTENT_POINTS[self.extent]
            + DURATION_POINTS[self.duration]
        )


@dataclass(frozen=True)
class BandRule:
    code: str
    min_score: int
    max_score: int


def check_bands(bands: Sequence[BandRule]) -> None:
    """Every total from 0 to MAX_SCORE must fall in exactly one band."""
    for total in range(MAX_SCORE + 1):
        hits = [band.code for band in bands if band.min_score <= total <= band.max_score]
        if len(hits) != 1:
            found = ", ".join(hits) if hits else "geen"
            raise UrgencyError(f"score {total} valt in {len(hits)} banden ({found})")


def band_for(score: int, bands: Sequence[BandRule]) -> BandRule:
    if not 0 <= score <= MAX_SCORE:
        raise UrgencyError(f"score {score} is outside 0-{MAX_SCORE}")
    for band in bands:
        if band.min_score <= score <= band.max_score:
            return band
    raise UrgencyError(f"no band for score {score}")
