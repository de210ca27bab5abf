"""Reads of core reference data that other apps need."""

from wijknet.core import access
from wijknet.core.models import Neighbourhood, Postcode, Team


def neighbourhood_for_postcode(postcode: str) -> Neighbourhood | None:
    """The neighbourhood a (normalised) postcode lies in, if the table knows it."""
    row = Postcode.objects.select_related("neighbourhood").filter(postcode=postcode).first()
    return row.neighbourhood if row else None


def teams_of(actor) -> list[Team]:
    return list(Team.objects.filter(pk__in=access.team_ids(actor)).order_by("name"))
