"""What the signals to the report point (meldingen) are drawn from: channels,
reporters, descriptions, urgency items and how long signals stay open."""

import math

from wijknet.core.models import Organisation
from wijknet.signals import workflow
from wijknet.signals.models import Signal

SIGNAL_DAYS = 730  # two years
SIGNAL_BATCH = 5000
CHANNEL_WEIGHTS = {
    Signal.Channel.PUBLIC_FORM: 30,
    Signal.Channel.PARTNER_FORM: 20,
    Signal.Channel.PHONE: 25,
    Signal.Channel.EMAIL: 10,
    Signal.Channel.WALK_IN: 5,
    Signal.Channel.API: 10,
}
# Channels staffed in office hours: their signals come in on working days.
OFFICE_CHANNELS = {Signal.Channel.PHONE, Signal.Channel.WALK_IN, Signal.Channel.PARTNER_FORM}
# Channels the report point enters itself.
INTAKE_CHANNELS = {Signal.Channel.PHONE, Signal.Channel.EMAIL, Signal.Channel.WALK_IN}
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 8, 8, 7, 8, 8, 8, 7, 6, 5, 5, 4, 3, 2, 1]
Reporter = Signal.ReporterType
REPORTERS_BY_CHANNEL = {
    Signal.Channel.PUBLIC_FORM: {
        Reporter.RESIDENT: 60,
        Reporter.INFORMAL_CARER: 25,
        Reporter.VOLUNTEER: 5,
        Reporter.OTHER: 10,
    },
    Signal.Channel.PARTNER_FORM: {
        Reporter.PROFESSIONAL: 35,
        Reporter.POLICE: 20,
        Reporter.HOUSING: 20,
        Reporter.GP: 20,
        Reporter.VOLUNTEER: 5,
    },
    Signal.Channel.PHONE: {
        Reporter.RESIDENT: 35,
        Reporter.INFORMAL_CARER: 15,
        Reporter.PROFESSIONAL: 15,
        Reporter.POLICE: 10,
        Reporter.HOUSING: 10,
        Reporter.GP: 10,
        Reporter.OTHER: 5,
    },
    Signal.Channel.EMAIL: {
        Reporter.RESIDENT: 30,
        Reporter.INFORMAL_CARER: 20,
        Reporter.PROFESSIONAL: 20,
        Reporter.HOUSING: 15,
        Reporter.GP: 10,
        Reporter.OTHER: 5,
    },
    Signal.Channel.WALK_IN: {
        Reporter.RESIDENT: 60,
        Reporter.INFORMAL_CARER: 30,
        Reporter.VOLUNTEER: 10,
    },
    Signal.Channel.API: {Reporter.POLICE: 40, Reporter.HOUSING: 40, Reporter.GP: 20},
}
ORGANISATION_OF_REPORTER = {
    Reporter.POLICE: Organisation.Kind.POLICE,
    Reporter.HOUSING: Organisation.Kind.HOUSING,
    Reporter.GP: Organisation.Kind.GP,
    Reporter.VOLUNTEER: Organisation.Kind.VOLUNTEER_CENTRE,
    Reporter.PROFESSIONAL: Organisation.Kind.WELFARE,
}
LEVEL_WEIGHTS = {Signal.Level.MICRO: 82, Signal.Level.MESO: 13, Signal.Level.MACRO: 5}
INFORMED_WEIGHTS = {
    Signal.SubjectInformed.YES: 30,
    Signal.SubjectInformed.NO: 35,
    Signal.SubjectInformed.UNKNOWN: 35,
}
MICRO_DESCRIPTIONS = [
    "Buurvrouw komt al weken niet meer buiten.",
    "Er liggen stapels post achter de deur.",
    "Meneer lijkt vergeetachtig en verdwaalt.",
    "Geluidsoverlast en ruzie in de nacht.",
    "Kinderen lijken niet naar school te gaan.",
    "De gordijnen blijven de hele dag dicht.",
    "Mevrouw is sterk vermagerd en eet slecht.",
    "Er komt een sterke geur uit de woning.",
    "Meneer drinkt veel en valt regelmatig.",
    "De tuin en het huis raken ernstig vervuild.",
    "Buurman vertelde dat hij het niet meer ziet zitten.",
    "Er staan deurwaarders en incassobureaus voor de deur.",
    "Moeder lijkt de zorg voor de kinderen niet aan te kunnen.",
    "Mevrouw zorgt alleen voor haar zieke man en is uitgeput.",
    "Er lopen 's nachts onbekende mensen in en uit.",
]
GROUP_DESCRIPTIONS = [
    "Steeds meer ouderen in de buurt komen de deur niet meer uit.",
    "Jongeren hangen 's avonds rond en er is overlast.",
    "Veel bewoners van de flat hebben betalingsachterstanden.",
    "In de portiekflats wonen veel mensen geïsoleerd.",
    "Bewoners klagen over vervuiling en verwaarlozing van woningen.",
    "Er is onrust in de buurt na meerdere inbraken.",
]
FOLLOW_UPS = [
    "Ik maak me zorgen.",
    "Dit speelt al een paar maanden.",
    "Familie lijkt niet in beeld.",
    "Eerder is hier ook al iets over gezegd.",
    "Andere buren merken het ook op.",
]
SUBJECT_DESCRIPTIONS = [
    "oudere buurvrouw op nummer {n}",
    "alleenstaande meneer op nummer {n}",
    "gezin met jonge kinderen op nummer {n}",
    "jonge moeder op nummer {n}",
    "echtpaar op leeftijd op nummer {n}",
    "bewoner van de benedenwoning op nummer {n}",
]
GROUP_SUBJECTS = {
    Signal.Level.MESO: [
        "bewoners van de flat aan de {street}",
        "jongeren bij het winkelcentrum",
        "ouderen in de seniorenflat",
        "gezinnen in de portiekwoningen aan de {street}",
    ],
    Signal.Level.MACRO: [
        "alleenwonende ouderen in de wijk",
        "mantelzorgers van mensen met dementie",
        "gezinnen met schulden",
    ],
}
OVERRIDE_REASONS = [
    "Betrokkene heeft al hulp van de huisarts.",
    "Melder kent de situatie goed; ernstiger dan de score aangeeft.",
    "Situatie is inmiddels gestabiliseerd.",
    "Kinderen in huis: voorzichtig ophogen.",
]
NATURE_WEIGHTS = (45, 38, 17)  # geen / matig / ernstig risico
EXTENT_WEIGHTS = {"individual": 50, "several": 15, "minor": 15, "over_75": 20}
DURATION_WEIGHTS = {"incidental": 40, "structural_short": 35, "structural_long": 25}
SHARE_TRIAGED = 0.85
SHARE_CRISIS = 0.01
SHARE_OVERRIDE = 0.03
# (age in days below which, share still open)
OPEN_SHARE = ((7, 0.9), (30, 0.45), (90, 0.12), (365, 0.02), (math.inf, 0.005))
OPEN_STAGES = (workflow.ASSESS, workflow.ANALYSE, workflow.DECIDE, workflow.ACT, workflow.EVALUATE)
# Closed signals this many days past the retention period were pseudonymised
# by earlier runs of the retention task; younger ones are left for it.
RETENTION_BACKLOG_DAYS = 30
# The newest signals still wait for intake whatever the draws say, so the
# report point's queue has new work on any day the seed is run.
FRESH_SIGNALS = 3
