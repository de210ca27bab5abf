"""What the support system of the synthetic municipality is drawn from:
sizes per scale, shares, the ties of a network map, carers' burdens, the
volunteers' profiles and screening, and the texts of requests and
follow-ups. Data, no logic."""

from wijknet.people.models import CarerBurden, NetworkLayer, NetworkTie
from wijknet.volunteers.models import Profile, VisitNote, Volunteer

# (volunteers, requests) per scale.
SIZES = {"xs": (60, 30), "s": (2_000, 600), "m": (8_000, 2_000), "l": (40_000, 5_000)}
NETWORK_SHARE = 0.7  # of persons with a network map
CARER_SHARE = 0.06  # of persons with a natural tie who have an informal carer
CARER_INVOLVED_SHARE = 0.25  # the same, in a household a team works with
RESIDENT_VOLUNTEER_SHARE = 0.05  # of persons: residents who also volunteer
SMALL_SHARE = 0.08  # network maps with a single tie
EMPTY_LAYER_SHARE = 0.25  # network maps with one layer left empty
PROPOSED_SHARE = 0.02  # ties proposed by the resident, awaiting review
ENDED_SHARE = 0.03
SIGNAL_SHARE = 0.15  # requests from the report point rather than a case
OVERDUE_SHARE = 0.15  # running matches with a check-in overdue
SAMPLE = 40  # volunteers scored per match, the best one taken

FIRST_NAMES = [
    "Anna", "Emma", "Sanne", "Lotte", "Fleur", "Noor", "Eva", "Iris", "Anouk", "Maaike",
    "Ingrid", "Wilma", "Joke", "Marjan", "Els", "Fatima", "Yasmin", "Elif", "Agnieszka",
    "Daan", "Bram", "Sem", "Luuk", "Thijs", "Jeroen", "Kees", "Henk", "Piet", "Wim",
    "Gerrit", "Mohamed", "Youssef", "Mehmet", "Tomasz", "Ruud", "Joost", "Sander", "Rik",
]  # fmt: skip
NATURAL = [
    # relation, name pattern, support kinds, weight
    ("partner", "partner {name}", ("emotional", "practical", "care"), 14),
    ("dochter", "dochter {name}", ("practical", "emotional"), 14),
    ("zoon", "zoon {name}", ("practical",), 12),
    ("zus", "zus {name}", ("emotional",), 8),
    ("broer", "broer {name}", ("practical",), 6),
    ("moeder", "moeder {name}", ("emotional", "informational"), 5),
    ("buurvrouw", "buurvrouw {name}", ("practical", "emotional"), 12),
    ("buurman", "buurman {name}", ("practical",), 10),
    ("vriendin", "vriendin {name}", ("emotional",), 12),
    ("vriend", "vriend {name}", ("emotional", "practical"), 9),
    ("kleinkind", "kleindochter {name}", ("emotional",), 4),
]
COMMUNITY = [
    ("buurthuis", "buurthuis De Linde", ("emotional", "informational")),
    ("kerk", "kerk De Ark", ("emotional",)),
    ("moskee", "moskee Al Fath", ("emotional",)),
    ("sportclub", "sportclub Wijkerveen", ("emotional",)),
    ("bibliotheek", "bibliotheek en Digicafé", ("informational",)),
    ("taalcafé", "taalcafé", ("informational", "emotional")),
    ("voedselbank", "voedselbank", ("practical",)),
    ("koor", "buurtkoor", ("emotional",)),
    ("repair café", "repair café", ("practical",)),
]
PROFESSIONAL = [
    ("huisarts", "huisarts", ("care", "informational")),
    ("wijkverpleegkundige", "wijkverpleegkundige", ("care",)),
    ("maatschappelijk werker", "maatschappelijk werker", ("informational", "emotional")),
    ("praktijkondersteuner", "praktijkondersteuner ggz", ("emotional", "care")),
    ("schuldhulpverlener", "schuldhulpverlener", ("informational", "practical")),
    ("thuiszorg", "thuiszorg", ("care", "practical")),
    ("jeugdverpleegkundige", "jeugdverpleegkundige", ("informational",)),
]
# What people do and draw on themselves (the self layer): name, relation,
# support kinds. Drawn from a stream of their own, so adding them left the
# rest of the seed as it was.
OWN_STRENGTHS = [
    ("wandelen met de hond", "dagritme", ("emotional",)),
    ("tuinieren", "hobby", ("emotional",)),
    ("kookt zelf", "zelfzorg", ("practical",)),
    ("puzzelen en lezen", "hobby", ("emotional",)),
    ("geloof", "zingeving", ("emotional",)),
    ("vaste dagstructuur", "dagritme", ("practical",)),
    ("eigen spaargeld", "eigen middelen", ("practical",)),
    ("fietsen", "hobby", ("emotional",)),
    ("handwerken", "hobby", ("emotional",)),
    ("houdt zelf de administratie bij", "zelfredzaamheid", ("informational", "practical")),
]
OWN_STRENGTH_SHARE = 0.6  # of network maps with own strengths recorded
TIE_COUNTS = {2: 12, 3: 20, 4: 22, 5: 18, 6: 13, 7: 9, 8: 6}
FREQUENCY = {
    NetworkLayer.NATURAL: {"daily": 25, "weekly": 45, "monthly": 20, "rarely": 10},
    NetworkLayer.COMMUNITY: {"daily": 3, "weekly": 50, "monthly": 32, "rarely": 15},
    NetworkLayer.PROFESSIONAL: {"daily": 2, "weekly": 20, "monthly": 43, "rarely": 35},
}
RECIPROCITY = {
    NetworkLayer.NATURAL: {"mutual": 55, "receives": 30, "gives": 15},
    NetworkLayer.COMMUNITY: {"mutual": 50, "receives": 35, "gives": 15},
    NetworkLayer.PROFESSIONAL: {"receives": 100},
}
LOAD = {1: 30, 2: 50, 3: 15, 4: 5}  # most bearable, some heavy
TIE_NOTES = ["", "", "", "komt na het werk even langs", "belt elke zondag", "woont om de hoek"]

CARE_GIVEN = [
    "doet de boodschappen en kookt drie keer per week",
    "helpt met wassen en aankleden in de ochtend",
    "regelt de administratie en gaat mee naar afspraken",
    "houdt toezicht en is er 's nachts bij onrust",
    "rijdt naar het ziekenhuis en de fysiotherapeut",
    "doet het huishouden en de was",
    "geeft medicijnen en houdt het overzicht",
]
# Latest burden: a spread in every neighbourhood, so the policy aggregate shows.
LATEST_BURDEN = {
    CarerBurden.NOT_HEAVY: 32,
    CarerBurden.FAIRLY_HEAVY: 33,
    CarerBurden.VERY_HEAVY: 20,
    CarerBurden.OVERLOADED: 15,
}
BURDEN_ORDER = list(CarerBurden.values)
BURDEN_NOTES = {
    CarerBurden.NOT_HEAVY: "redt het goed, heeft eigen tijd",
    CarerBurden.FAIRLY_HEAVY: "moe, maar kan het nog aan",
    CarerBurden.VERY_HEAVY: "slaapt slecht, weinig tijd voor zichzelf",
    CarerBurden.OVERLOADED: "geeft aan het niet meer vol te houden",
}

PROFILE_WEIGHTS = {
    Profile.BUDDY: 40,
    Profile.PRACTICAL: 30,
    Profile.MENTOR: 15,
    Profile.HOME_VISITOR: 15,
}
OTHER_LANGUAGES = {"ar": 25, "tr": 22, "pl": 15, "en": 18, "uk": 12, "ti": 8}
SCREENING = {
    Volunteer.Screening.VOG_RECEIVED: 82,
    Volunteer.Screening.REQUESTED: 8,
    Volunteer.Screening.NONE: 6,
    Volunteer.Screening.EXPIRED: 4,
}
TRAININGS = [
    "basistraining vrijwilligerswerk",
    "training maatjescontact",
    "cursus activerend huisbezoek",
    "training omgaan met dementie",
    "training signaleren van eenzaamheid",
    "",
]
NEEDS = {
    Profile.BUDDY: [
        "Zoekt iemand om een keer per week mee te wandelen en koffie te drinken.",
        "Wil graag weer onder de mensen komen; samen naar het buurthuis zou helpen.",
        "Is sinds kort alleen en zoekt een maatje voor een vaste middag.",
    ],
    Profile.MENTOR: [
        "Jongvolwassene zoekt een mentor bij het vinden van werk of een opleiding.",
        "Wil hulp bij het op orde houden van post en afspraken.",
        "Zoekt iemand die meedenkt over een nieuwe dagbesteding.",
    ],
    Profile.HOME_VISITOR: [
        "Activerend huisbezoek: samen kijken wat er in de buurt te doen is.",
        "Huisbezoek om de eigen kracht en het netwerk weer op te bouwen.",
    ],
    Profile.PRACTICAL: [
        "Hulp bij kleine klussen in huis, zoals een lamp ophangen.",
        "Iemand die af en toe meegaat naar de supermarkt.",
        "Hulp bij het invullen van formulieren en de computer.",
    ],
}
END_REASONS = [
    ("doel bereikt: gaat nu zelf naar het buurthuis", "Goed contact, afgesloten met een etentje."),
    ("vrijwilliger verhuisd", "Het klikte goed; de inwoner wil graag een nieuwe koppeling."),
    ("inwoner heeft zelf genoeg netwerk", "Zelfstandig verder, met de buurvrouw als steun."),
    ("het klikte niet", "Na drie afspraken samen besloten te stoppen."),
]
CHECK_IN_NOTES = [
    "Gaat goed, ze spreken wekelijks af.",
    "Loopt, wel wat minder vaak door drukte bij de vrijwilliger.",
    "Inwoner is blij met het contact.",
    "Samen naar de markt geweest; plan om vaker te gaan.",
]
VISIT_NOTES = {
    VisitNote.Step.CLARIFY: "Eerste bezoek: samen de week doorgenomen, wie er langskomen.",
    VisitNote.Step.PERSPECTIVE: "Wil graag weer koken voor anderen; idee voor de eettafel.",
    VisitNote.Step.ACTION: "Samen naar de buurteettafel geweest; volgende week weer.",
}


# How a request stands today, by weight.
STATES = {
    "open": 22,  # no match yet
    "proposed": 18,  # a proposal waiting for one or both sides
    "declined": 8,  # open again after a proposal was declined
    "active": 32,  # matched, check-ins running
    "ended": 14,  # closed with an ended match
    "closed": 6,  # closed without a match
}

# The network map of a demo login's resident (``support_logins``); the first
# tie is the carer whose latest check is overloaded.
DEMO_TIE_FIELDS = (
    "layer",
    "name",
    "relation",
    "support",
    "frequency",
    "reciprocity",
    "load_person",
    "load_tie",
)
_F, _R, _L = NetworkTie.Frequency, NetworkTie.Reciprocity, NetworkTie.Load
# fmt: off
DEMO_TIES = (
    (NetworkLayer.NATURAL, f"dochter {FIRST_NAMES[0]}", "dochter",
     ["practical", "emotional", "care"], _F.DAILY, _R.RECEIVES, _L.BEARABLE, _L.TOO_HEAVY),
    (NetworkLayer.NATURAL, "buurvrouw Wilma", "buurvrouw",
     ["practical"], _F.WEEKLY, _R.MUTUAL, _L.BEARABLE, _L.BEARABLE),
    (NetworkLayer.COMMUNITY, "buurthuis De Linde", "buurthuis",
     ["emotional", "informational"], _F.WEEKLY, _R.MUTUAL, _L.BEARABLE, _L.BEARABLE),
    (NetworkLayer.PROFESSIONAL, "huisarts", "huisarts",
     ["care", "informational"], _F.MONTHLY, _R.RECEIVES, _L.BEARABLE, _L.BEARABLE),
    (NetworkLayer.SELF, "wandelen met de hond", "dagritme",
     [], _F.DAILY, _R.MUTUAL, _L.LIGHT, _L.BEARABLE),
)
# fmt: on
