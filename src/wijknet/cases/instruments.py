"""Moved to ``wijknet.cases.services.instruments``, with the other services.

Kept so that the views and code on other branches that import
``wijknet.cases.instruments`` keep working; new code imports the services
module. Remove once nothing imports this path.
"""

from wijknet.cases.services.instruments import (  # noqa: F401
    LEVELS,
    NOTE_MAX,
    OPTION_MAX,
    PROFILE_COLUMNS,
    QUALITY_COLUMNS,
    TEXT_MAX,
    WISH_MAX,
    DomainProgress,
    PersonProgress,
    goals_with_worksheets,
    latest_profiles,
    latest_quality_grids,
    matrix_progress,
    measurements,
    record_matrix,
    record_profile,
    record_quality_grid,
    save_worksheet,
)
