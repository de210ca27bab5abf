"""What the municipality is made of: its name and box, the names of its
districts and neighbourhoods, the organisations in its network, and the
shares and weights its residents are drawn with."""

from wijknet.core.models import Organisation, Team

MUNICIPALITY_NAME = "Gemeente Wijkerveen"
MUNICIPALITY_CODE = "GM9901"
CITY = "Wijkerveen"

# The municipality lies in this box: [lon, lat] as GeoJSON wants it.
LON_WEST, LON_EAST = 4.9, 5.1
LAT_SOUTH, LAT_NORTH = 52.0, 52.1

DISTRICT_NAMES = [
    "Centrum",
    "Oude Haven",
    "Molenwijk",
    "Veenhof",
    "Dijkzicht",
    "Rietlanden",
    "Lindeveld",
    "Zandpoort",
    "Kerkebuurt",
    "Waterkant",
    "Hoogeland",
    "Bosrand",
]

NEIGHBOURHOOD_NAMES = [
    "Marktkwartier",
    "Stationsbuurt",
    "Havenhoofd",
    "Sluiskade",
    "Visserseiland",
    "Korenmolen",
    "Wiekendreef",
    "Maalderij",
    "Turfakker",
    "Veenlanden",
    "Hofstede",
    "Dijkhuizen",
    "Polderzicht",
    "Zeedijk",
    "Rietkraag",
    "Lisdodde",
    "Lindehof",
    "Eikenlaan",
    "Beukenrode",
    "Zandhoeve",
    "Duinrand",
    "Kerkpad",
    "Pastoriehof",
    "Kloosterveld",
    "Kadezicht",
    "Brugwachter",
    "Schippersbuurt",
    "Hooiberg",
    "Boterbloem",
    "Klaverweide",
    "Weverij",
    "Spinnerij",
    "Ververij",
    "Vlasakker",
    "Heggerank",
    "Wilgenhoek",
    "Elzenbroek",
    "Meidoorn",
    "Ganzenweide",
    "Reigersbos",
    "Kievitsveld",
    "Zwanenwater",
    "Vossenhol",
    "Dassenburcht",
    "Torenzicht",
    "Poortwachter",
    "Wallenbuurt",
    "Bolwerk",
]
NAME_SUFFIXES = ["Noord", "Zuid", "Oost", "West"]

ORGANISATIONS = [
    # (name, kind, partner role)
    (MUNICIPALITY_NAME, Organisation.Kind.MUNICIPALITY, Organisation.PartnerRole.CORE),
    ("Stichting Welzijn Wijkerveen", Organisation.Kind.WELFARE, Organisation.PartnerRole.CORE),
    ("Thuiszorg De Linde", Organisation.Kind.CARE, Organisation.PartnerRole.CORE),
    ("GGZ Rivierland", Organisation.Kind.MENTAL_HEALTH, Organisation.PartnerRole.CORE),
    ("Woonstichting Veenhuis", Organisation.Kind.HOUSING, Organisation.PartnerRole.CORE),
    ("Politie basisteam Wijkerveen", Organisation.Kind.POLICE, Organisation.PartnerRole.SHELL),
    ("Huisartsenpraktijk Het Plein", Organisation.Kind.GP, Organisation.PartnerRole.SHELL),
    (
        "Vrijwilligerscentrale Wijkerveen",
        Organisation.Kind.VOLUNTEER_CENTRE,
        Organisation.PartnerRole.CORE,
    ),
    ("Voedselbank Wijkerveen", Organisation.Kind.OTHER, Organisation.PartnerRole.SHELL),
]

PROTOTYPES = [Team.Prototype.TEAM, Team.Prototype.FRONT_BACK_OFFICE, Team.Prototype.NETWORK]
DISCIPLINES = ["maatschappelijk werk", "wijkverpleging", "ggz", "jeugd", "schuldhulp"]

INVOLVEMENT_REASONS = [
    "melding buurtbewoner",
    "aanmelding huisarts",
    "eigen aanmelding",
    "doorverwijzing wijkverpleging",
    "signaal woningcorporatie",
    "melding politie",
]
CONSENT_NOTES = [
    "mondeling gegeven tijdens huisbezoek",
    "schriftelijk, formulier in dossier",
    "gegeven in het keukentafelgesprek",
]

# Household size → share of households (CBS-like).
HOUSEHOLD_SIZES = [1, 2, 3, 4, 5]
HOUSEHOLD_WEIGHTS = [38, 30, 14, 12, 6]

# Adult ages, skewed towards older residents: (from, to, weight).
ADULT_AGE_BRACKETS = [(18, 29, 12), (30, 44, 18), (45, 64, 28), (65, 79, 27), (80, 95, 15)]

NAME_PREFIXES = [
    "van der",
    "van den",
    "van de",
    "van 't",
    "in 't",
    "op de",
    "van",
    "de",
    "den",
    "der",
    "ter",
    "ten",
    "te",
    "'t",
]
HOUSE_NUMBER_SUFFIXES = ["A", "B", "C", "1", "2", "3", "bis"]
FORBIDDEN_LETTER_PAIRS = ("SA", "SD", "SS")

SHARE_ACTIVE_INVOLVEMENT = 0.12
SHARE_ENDED_INVOLVEMENT = 0.03
SHARE_CONSENT = 0.05
SHARE_SECRET = 0.01
SHARE_BSN = 0.80
