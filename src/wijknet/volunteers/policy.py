"""Who may act on volunteers, requests and matches: one answer for the
services that write, the candidate list that reads and the pages that show
or hide a button. A coordinator is a professional or team lead of the
team that coordinates; a volunteer acts only on their own matches."""

from django.core.exceptions import PermissionDenied

from wijknet.core import access
from wijknet.volunteers.models import Match


def is_coordinator(actor, team_id: int | None) -> bool:
    """A professional or team lead of the team that coordinates."""
    return access.can(actor, "volunteers.coordinate") and team_id in access.team_ids(actor)


def require_coordinator(actor, team_id: int | None) -> None:
    if not is_coordinator(actor, team_id):
        raise PermissionDenied


def is_own_match(actor, match: Match) -> bool:
    """The volunteer of the match, logged in as themself."""
    return (
        access.can(actor, "volunteers.own_matches")
        and match.volunteer.user_id is not None
        and match.volunteer.user_id == actor.pk
    )
