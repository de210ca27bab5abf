"""Synthetic signals for the tests. A factory row skips the intake service:
use ``services.submit_signal`` when the intake itself is under test."""

import factory
from factory.django import DjangoModelFactory

from wijknet.signals import services
from wijknet.signals.models import Signal

# The example from the source (002:4054-4068): a widow of 78 whose neighbour
# worries. 1 + 1 + 1 + 2 + 1 = 6, the consultation band.
WIDOW = services.Items(
    nature_safety=1,
    nature_health=1,
    nature_welfare=1,
    extent="over_75",
    duration="structural_short",
)
LOW = services.Items(0, 0, 1, "individual", "incidental")  # 1
ACTIVE = services.Items(2, 2, 1, "several", "structural_short")  # 7
CRISIS = services.Items(2, 2, 2, "minor", "structural_long")  # 10


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal

    channel = Signal.Channel.PUBLIC_FORM
    reporter_type = Signal.ReporterType.RESIDENT
    description = factory.Sequence(lambda n: f"Zorgen om een buurtbewoner ({n}).")
