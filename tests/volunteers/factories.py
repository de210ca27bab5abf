"""Synthetic volunteers for the tests; nothing here is a real person."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories import NeighbourhoodFactory, TeamFactory, first_names, last_names
from wijknet.volunteers.models import Interest, Volunteer


def square(lat: float, lon: float, size: float = 0.004) -> dict:
    """A small GeoJSON square whose centre is (lat, lon)."""
    half = size / 2
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


class VolunteerFactory(DjangoModelFactory):
    """An active buddy with a VOG, unless told otherwise."""

    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    first_name = first_names()
    last_name = last_names()
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    team = factory.SubFactory(TeamFactory)
    profiles = "buddy"
    screening = Volunteer.Screening.VOG_RECEIVED
    vog_date = datetime.date(2025, 1, 6)
    languages = factory.LazyFunction(list)
    availability = factory.LazyFunction(list)

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy convention
        if create and extracted:
            obj.interests.set(Interest.objects.filter(code__in=extracted))
