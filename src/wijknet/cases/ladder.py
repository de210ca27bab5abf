"""Moved to ``wijknet.core.ladder``: the map and the plan share the ladder.

Kept only so that code written against the old path on other branches still
imports; new code imports ``wijknet.core.ladder``. Remove once nothing does.
"""

from wijknet.core.ladder import (  # noqa: F401
    COLLECTIVE,
    GENERAL,
    INDIVIDUAL,
    INNER,
    LEVELS,
    NETWORK,
    OUTER,
    OWN,
    REASON_FIELDS,
    LadderError,
    check_goal,
    individual_allowed,
    innermost,
    missing_reasons,
    rings,
)
