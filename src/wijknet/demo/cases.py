"""Support trajectories (*ondersteuningstrajecten*) of the synthetic
municipality: cases in every phase of Supportgericht Werken, with the
conversation and its report, self-reliance matrix measurements over time,
personal profiles with ranked wishes, goals, versioned plans whose steps use
every ring of the support ladder, applications with decisions and
objections, evaluations, the logbook, closed cases with aftercare, some
escalations and consultations.

Like the social map, the phase has a random stream of its own, derived from
the seed, and reads what it needs from the database in a fixed order. The
seeded staff are used (``mw-``, ``tl-``, ``wc-``), never the demo logins, so
a municipality gets the same trajectories whether it is seeded in one go or
gets this phase added to an older seed (``LATER_PHASES`` in generator.py).
The demo logins are handed their cases afterwards, by ``hand_demo_cases``.

Each case is first sketched as a timeline: milestones in days after opening
(conversation, goals, draft plan, set plan, evaluations), cut at today for an
open case and at the closing day for a closed one. A household has at most
one open case; the others are earlier, closed ones, laid out back in time.
Everything that happened before the cut is then built and inserted with
``bulk_create``, a chunk of cases at a time, so the number of queries grows
with the number of chunks and memory stays flat. The ladder rule holds for
every plan: a goal has an individual step only when all four inner rings
have a reason.
"""

import contextlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from wijknet.cases import phases
from wijknet.cases.models import (
    Application,
    Case,
    CaseEvent,
    Consultation,
    Conversation,
    Decision,
    Evaluation,
    Goal,
    LogEntry,
    MatrixDomain,
    MatrixMeasurement,
    MatrixScore,
    Objection,
    PersonalProfile,
    PlanGoal,
    PlanStep,
    PlanVersion,
    ProfileRow,
    Report,
    Wish,
)
from wijknet.core import ladder
from wijknet.core.models import Confidentiality, Membership, Role, Team, User
from wijknet.kaart.models import LifeDomain, Service
from wijknet.people.models import Consent, HouseholdMember, Involvement

BATCH_SIZE = 2000
CHUNK = 1500  # cases built and inserted together

OPEN_SHARE = 0.1  # of all cases: a team is involved with about one household in six
PRONE_SHARE = 0.6  # households that ever had a case, of those that may have one
MAX_CLOSED = 4  # earlier, closed cases per household
HISTORY_DAYS = 7 * 365
INVESTIGATION_DAYS = 42  # six weeks (WIJKNET_INVESTIGATION_WEEKS)
DECISION_DAYS = 14  # two weeks (WIJKNET_DECISION_WEEKS)
SHARE_ESCALATED = 0.03
SHARE_CONSULTED = 0.02
SHARE_PROFILE = 0.65
SHARE_INDIVIDUAL = 0.35  # goals that need an individual provision
SHARE_SECOND_PERSON = 0.25  # a partner measured on the matrix too

# Every team gets these open cases first, so that each phase and each page
# has something to show at every scale (the demo logins take theirs from
# these, see hand_demo_cases).
SHOWCASE = (
    "unallocated",  # meet, waiting for the team lead
    "gather",
    "goals",
    "plan",  # a draft plan whose first goal uses every ring
    "due",  # set plan, evaluation in two days, no reminder yet
    "resident",  # set plan, a report awaiting the resident, a draft application
    "application",  # set plan, an application waiting for a decision
    "evaluate",  # evaluated, working on the next version
    "escalated",  # escalated to the city level
    "consulted",  # another team was asked to think along
)
SHOWCASE_STAGE = {
    "unallocated": phases.MEET,
    "gather": phases.GATHER,
    "goals": phases.GOALS,
    "plan": phases.PLAN,
    "due": phases.CARRY_OUT,
    "resident": phases.CARRY_OUT,
    "application": phases.CARRY_OUT,
    "evaluate": phases.EVALUATE,
    "escalated": phases.CARRY_OUT,
    "consulted": phases.GOALS,
}
OPEN_STAGES = {
    phases.MEET: 10,
    phases.GATHER: 15,
    phases.GOALS: 10,
    phases.PLAN: 12,
    phases.CARRY_OUT: 33,
    phases.EVALUATE: 20,
}
CLOSE_REASONS = {
    Case.CloseReason.GOALS_REACHED: 55,
    Case.CloseReason.REFERRED: 14,
    Case.CloseReason.REFUSED: 9,
    Case.CloseReason.MOVED: 10,
    Case.CloseReason.DECEASED: 4,
    Case.CloseReason.OTHER: 8,
}
ANY_STAGE = {
    phases.MEET: 10,
    phases.GATHER: 20,
    phases.GOALS: 10,
    phases.PLAN: 10,
    phases.CARRY_OUT: 30,
    phases.EVALUATE: 20,
}
CLOSED_STAGES = {
    Case.CloseReason.GOALS_REACHED: {phases.EVALUATE: 1},
    Case.CloseReason.REFERRED: {
        phases.GATHER: 30,
        phases.GOALS: 20,
        phases.PLAN: 20,
        phases.CARRY_OUT: 30,
    },
    Case.CloseReason.REFUSED: {phases.MEET: 50, phases.GATHER: 50},
    Case.CloseReason.MOVED: ANY_STAGE,
    Case.CloseReason.DECEASED: ANY_STAGE,
    Case.CloseReason.OTHER: ANY_STAGE,
}
CLOSE_NOTES = {
    Case.CloseReason.GOALS_REACHED: [
        "De doelen zijn bereikt; {naam} redt het weer met de eigen kring.",
        "Afgesloten in overleg: de afspraken lopen, nazorg telefonisch.",
        "Plan uitgevoerd en geëvalueerd; de voorzieningen lopen door.",
    ],
    Case.CloseReason.REFERRED: [
        "Overgedragen aan de specialistische ggz.",
        "Doorverwezen naar schuldhulpverlening van de gemeente.",
        "Overgedragen aan de casemanager dementie.",
    ],
    Case.CloseReason.REFUSED: [
        "{naam} wil op dit moment geen ondersteuning.",
        "Na de kennismaking afgezien van verdere hulp.",
    ],
    Case.CloseReason.MOVED: [
        "Verhuisd naar een andere gemeente; warme overdracht aan het wijkteam daar.",
        "Verhuisd naar een verpleeghuis buiten de wijk.",
    ],
    Case.CloseReason.DECEASED: ["Overleden. Nazorg voor de familie afgesproken."],
    Case.CloseReason.OTHER: [
        "Geen contact meer mogelijk na herhaalde pogingen.",
        "Hulpvraag vervallen door veranderde situatie.",
    ],
}

START_REASONS = {
    Case.StartReason.SIGNAL: 35,
    Case.StartReason.WALK_IN: 20,
    Case.StartReason.REFERRAL: 30,
    Case.StartReason.SELF_REPORT: 15,
}
START_NOTES = {
    Case.StartReason.SIGNAL: [
        "Melding via het meldpunt: zorgen van een buurvrouw.",
        "Melding van de woningcorporatie over een huurachterstand.",
        "Melding van de wijkagent na een huisbezoek.",
        "Signaal van de huisarts, via het meldpunt.",
    ],
    Case.StartReason.WALK_IN: [
        "Kwam langs op het inloopspreekuur in het buurthuis.",
        "Vraag gesteld bij de koffieochtend van het wijkteam.",
    ],
    Case.StartReason.REFERRAL: [
        "Verwezen door de huisarts.",
        "Verwezen door de wijkverpleegkundige.",
        "Verwezen door de praktijkondersteuner ggz.",
        "Doorverwezen door het maatschappelijk werk van het ziekenhuis.",
    ],
    Case.StartReason.SELF_REPORT: [
        "Belde zelf met het wijkteam.",
        "Aangemeld via het contactformulier op de website.",
        "Dochter meldde aan, met instemming van {naam}.",
    ],
}

PLACES = {
    Conversation.Place.HOME: 55,
    Conversation.Place.CAFE: 6,
    Conversation.Place.COMMUNITY_CENTRE: 12,
    Conversation.Place.OFFICE: 15,
    Conversation.Place.PHONE: 8,
    Conversation.Place.OTHER: 4,
}
PLACE_DETAILS = {
    Conversation.Place.HOME: ["", "", "aan de keukentafel", "in de woonkamer, met koffie"],
    Conversation.Place.CAFE: ["lunchcafé bij het winkelcentrum", "koffiehoek van de bibliotheek"],
    Conversation.Place.COMMUNITY_CENTRE: ["buurthuis De Schakel", "ontmoetingsruimte in de flat"],
    Conversation.Place.OFFICE: ["", "spreekkamer wijkteam"],
    Conversation.Place.PHONE: ["beeldbellen", "telefonisch, op verzoek"],
    Conversation.Place.OTHER: ["tijdens een wandeling in het park", "bij de dochter thuis"],
}
NETWORK_PRESENT = [
    "dochter",
    "zoon",
    "buurvrouw",
    "zus",
    "schoondochter",
    "vriendin van de kerk",
    "zoon en schoondochter",
]
INTERPRETERS = ["tolk Arabisch (telefonisch)", "tolk Turks", "tolk Pools (beeldbellen)"]

EVALUATION_WENT_WELL = [
    "De afspraken uit het plan zijn nagekomen; {naam} houdt zelf goed de regie.",
    "Het netwerk doet meer dan verwacht: de buurvrouw komt vaste dagen langs.",
    "De voorziening is op tijd gestart en bevalt goed.",
    "{naam} gaat elke week naar de activiteit in het buurthuis.",
    "Er is weer rust en overzicht in huis.",
]
EVALUATION_LEARNED = [
    "Kleine stappen werken beter dan een groot plan.",
    "{naam} wil liever zelf bellen dan gebeld worden.",
    "De dochter heeft ook steun nodig om het vol te houden.",
    "",
]
EVALUATION_ADJUSTMENTS = [
    "Nieuwe evaluatiedatum; de stap met het maatje loopt door.",
    "Eén stap afgerond, een nieuwe stap toegevoegd voor het netwerk.",
    "Doel bijgesteld: eerst de financiën op orde, daarna de dagbesteding.",
    "Geen bijstelling nodig; de afspraken blijven staan.",
]
EVALUATION_NOTES = {
    "relationship": ["Goed contact; {naam} belt zelf als er iets is.", "Vertrouwen groeit."],
    "activities": ["De aanvraag liep langer dan gedacht.", "Niet alle stappen zijn gezet."],
    "phase_fit": ["De doelen waren te ruim; eerst terug naar informatie verzamelen."],
}
LOG_TEXTS = {
    LogEntry.Kind.CONTACT: {
        LogEntry.Channel.VISIT: [
            "Huisbezoek: besproken hoe het gaat met de afspraken uit het plan.",
            "Huisbezoek samen met de wijkverpleegkundige.",
            "Langsgeweest; {naam} maakte een opgewekte indruk.",
        ],
        LogEntry.Channel.PHONE: [
            "Telefonisch contact: de afspraak van volgende week verzet.",
            "Gebeld met {naam}; het gaat redelijk, volgende week huisbezoek.",
            "Dochter belde met een vraag over de aanvraag.",
        ],
        LogEntry.Channel.MESSAGE: [
            "Bericht gestuurd met de gegevens van het maatjesproject.",
            "Mail van de thuiszorg ontvangen: zorg is gestart.",
        ],
        LogEntry.Channel.MEETING: [
            "Besproken in het teamoverleg; collega wijkverpleging denkt mee.",
            "Afstemming met de woningcorporatie over de situatie.",
        ],
        LogEntry.Channel.OTHER: ["{naam} kwam onverwacht langs op het spreekuur."],
    },
    LogEntry.Kind.ACTION: {
        LogEntry.Channel.MESSAGE: [
            "Aanmelding gedaan bij de vrijwilligerscentrale.",
            "Formulieren voor de kwijtschelding samen ingevuld en verstuurd.",
            "Regiotaxipas aangevraagd.",
        ],
        LogEntry.Channel.MEETING: [
            "Overleg met de Wmo-consulent over de aanvraag.",
            "Warme overdracht aan de buurtsportcoach.",
        ],
        LogEntry.Channel.OTHER: ["Informatie opgezocht op de sociale kaart en meegegeven."],
    },
}
CONSULTATION_QUESTIONS = [
    "Kunnen jullie meedenken over de schulden? Jullie schuldhulpmaatje kent de situatie.",
    "Wie van jullie team heeft ervaring met jonge mantelzorgers?",
    "Het gezin woonde eerder in jullie wijk; wat weten jullie van de eerdere hulp?",
]
CONSULTATION_ANSWERS = [
    "Ja, onze collega schuldhulp belt deze week.",
    "Besproken in ons teamoverleg: advies is eerst de mantelzorger te ontlasten.",
    "De eerdere hulp is afgesloten omdat het gezin verhuisde; geen bijzonderheden.",
]
ESCALATION_REASONS = [
    "Dreigende huisuitzetting; betrokken partners komen er samen niet uit.",
    "Zorgen over de veiligheid van de kinderen; opschalen naar het Veiligheidshuis.",
    "Ernstige vervuiling en zorgmijding; stedelijk overleg nodig.",
]

# Texts for the plan header.
AIDS = ["", "", "rollator", "medicijnrol", "weekplanner op de koelkast", "alarmknop"]
PROVIDERS = [
    "Stichting Welzijn Wijkerveen (maatje, koffieochtend)",
    "Thuiszorg De Linde",
    "Vrijwilligerscentrale Wijkerveen",
    "GGZ Rivierland (inloop)",
]
FUNDING = [
    "Algemene voorzieningen: gratis. Maatwerk via de Wmo, eigen bijdrage "
    "volgens het abonnementstarief.",
    "Eigen netwerk en vrijwilligers: geen kosten.",
    "Regiotaxi: eigen bijdrage per rit. Overig zonder kosten.",
]

DECISION_REASONS = {
    Decision.Outcome.GRANTED: [
        "Uit het onderzoek blijkt dat eigen kracht, netwerk en algemene voorzieningen "
        "onvoldoende zijn. De voorziening is passend en de goedkoopst adequate.",
        "Het plan laat per trede zien waarom die tekortschiet; toegekend volgens de verordening.",
    ],
    Decision.Outcome.PARTLY: [
        "Toegekend voor een kortere periode en een lagere omvang: het netwerk kan een deel "
        "opvangen.",
        "Deels toegekend: een algemene voorziening dekt een deel van de vraag.",
    ],
    Decision.Outcome.REFUSED: [
        "Afgewezen: een algemene voorziening in de wijk is passend en beschikbaar.",
        "Afgewezen: de zorg valt onder de Zorgverzekeringswet, die gaat voor.",
    ],
}
OBJECTION_GROUNDS = [
    "De algemene voorziening is niet bereikbaar zonder vervoer; het besluit houdt daar "
    "geen rekening mee.",
    "De omvang is te laag: met minder uren lukt het huishouden niet.",
    "Het netwerk kan de zorg niet langer opvangen; de dochter is zelf ziek.",
]
OWN_CONTRIBUTION = "abonnementstarief: € 21,80 per vier weken"

PROFILE_TEXTS = {
    "housing": (
        "Woont al jaren in dezelfde woning; de trap wordt lastig.",
        "In het eigen huis blijven wonen.",
        "Had vroeger een tuin en deed alles zelf.",
    ),
    "work": (
        "Werkt niet; leeft van een uitkering of pensioen.",
        "Iets nuttigs doen, misschien vrijwilligerswerk.",
        "Werkte twintig jaar in de kinderopvang.",
    ),
    "learning": (
        "Leest weinig; taal is soms lastig.",
        "Beter leren omgaan met de computer.",
        "Volgde ooit een cursus boekhouden.",
    ),
    "leisure": (
        "Kijkt veel televisie.",
        "Weer gaan kaarten of wandelen met anderen.",
        "Zat jaren bij een zangkoor.",
    ),
    "health": (
        "Last van de knieën en snel moe.",
        "Fitter worden en minder pijn.",
        "Fietste vroeger elke dag naar het werk.",
    ),
    "self_care": (
        "Het huishouden en de post lopen achter.",
        "Overzicht over geld en huishouden.",
        "Regelde vroeger alle papieren zelf.",
    ),
    "social": (
        "Weinig contact; de kinderen wonen ver weg.",
        "Mensen om mee te praten.",
        "Had een grote vriendenkring via het werk.",
    ),
    "meaning": (
        "Voelt zich soms nutteloos.",
        "Ergens bij horen.",
        "Ging vroeger elke week naar de kerk.",
    ),
}


@dataclass(frozen=True)
class Theme:
    """One kind of support question, with everything the seed writes about it."""

    key: str
    fits: str  # "any", "older", "adult", "children", "pair"
    profile_domain: str
    matrix_domain: str
    life_domain: str
    result_area: str
    wish: str
    goal: str
    preferences: str
    steps: dict  # ladder level → (column, text)
    reasons: dict  # inner ladder level → why it falls short
    provision: tuple[str, str]  # individual provision, volume
    problems: str
    analysis: str
    direction: str
    results: str
    measures: str
    discussed: str
    need: str
    arrangement: str


THEMES = [
    Theme(
        key="eenzaamheid",
        fits="any",
        profile_domain="social",
        matrix_domain="sociaal_netwerk",
        life_domain="sociale-contacten",
        result_area="participation",
        wish="Weer mensen om me heen hebben",
        goal="{naam} gaat twee keer per week onder de mensen",
        preferences="Liefst in de eigen buurt, 's ochtends, in een kleine groep.",
        steps={
            ladder.OWN: ("own_action", "{naam} belt zelf elke zondag de broer."),
            ladder.NETWORK: (
                "others_action",
                "De buurvrouw neemt {naam} op dinsdag mee naar de koffieochtend.",
            ),
            ladder.GENERAL: (
                "others_action",
                "Een maatje van de vrijwilligerscentrale komt elke week langs.",
            ),
            ladder.COLLECTIVE: (
                "others_action",
                "Met de regiotaxi naar de ontmoetingsgroep in het buurthuis.",
            ),
            ladder.INDIVIDUAL: (
                "wmo_claim",
                "Dagbesteding, drie dagdelen per week (maatwerkvoorziening Wmo).",
            ),
        },
        reasons={
            ladder.OWN: "{naam} durft niet alleen naar een groep te gaan; eerder geprobeerd.",
            ladder.NETWORK: "De kinderen wonen ver weg en komen eens per maand.",
            ladder.GENERAL: "Het maatje komt één keer per week; de dagen ertussen zijn lang.",
            ladder.COLLECTIVE: "De ontmoetingsgroep is te druk voor de geheugenklachten.",
        },
        provision=("dagbesteding", "3 dagdelen per week"),
        problems="Vereenzaming na het overlijden van de partner; geheugenklachten.",
        analysis="Geen dagstructuur, weinig netwerk dichtbij, angst om alleen naar buiten te gaan.",
        direction="Structuur en contact in een kleine groep met begeleiding.",
        results="Drie dagdelen per week onder de mensen; de dagen ertussen met netwerk.",
        measures="Dagbesteding in de wijk, vervoer met de regiotaxi, maatje op vrijdag.",
        discussed="Vereenzaming sinds het overlijden van de partner.",
        need="{naam} wil minder alleen zijn en meer structuur in de week.",
        arrangement="Samen zoeken naar contact in de buurt; het wijkteam vraagt een maatje aan.",
    ),
    Theme(
        key="schulden",
        fits="adult",
        profile_domain="self_care",
        matrix_domain="financien",
        life_domain="financien",
        result_area="self_reliance",
        wish="Rust over geld",
        goal="{naam} betaalt de vaste lasten op tijd en heeft geen nieuwe achterstanden",
        preferences="Geen bewindvoering als het anders kan; samen met de zoon.",
        steps={
            ladder.OWN: ("own_action", "{naam} opent elke maandag de post en legt die in de map."),
            ladder.NETWORK: ("others_action", "De zoon kijkt elke maand mee naar de bankzaken."),
            ladder.GENERAL: (
                "others_action",
                "Vrijwilliger thuisadministratie helpt twee keer per maand.",
            ),
            ladder.COLLECTIVE: (
                "professional_help",
                "Aanmelding bij de gemeentelijke schuldhulpverlening.",
            ),
            ladder.INDIVIDUAL: (
                "wmo_claim",
                "Individuele begeleiding gericht op de financiën, twee uur per week.",
            ),
        },
        reasons={
            ladder.OWN: "{naam} overziet de brieven niet meer en raakt in paniek van de post.",
            ladder.NETWORK: "De zoon werkt in ploegendienst en kan niet elke week helpen.",
            ladder.GENERAL: "De thuisadministratie heeft een wachtlijst van vier maanden.",
            ladder.COLLECTIVE: "Schuldhulp start pas als er overzicht is; dat lukt nu niet.",
        },
        provision=("individuele begeleiding", "2 uur per week"),
        problems="Betalingsachterstanden bij huur en energie; de post blijft liggen.",
        analysis="Geen overzicht, schaamte om hulp te vragen, wisselend inkomen.",
        direction="Eerst overzicht en stabiliteit, daarna afspraken met schuldeisers.",
        results="Vaste lasten op tijd betaald; geen nieuwe achterstanden.",
        measures="Begeleiding bij de administratie; aanmelding schuldhulp na stabilisatie.",
        discussed="Achterstanden bij huur en energie, stapels ongeopende post.",
        need="{naam} wil weer overzicht over de financiën en geen dreigende afsluiting.",
        arrangement="Samen de post ordenen; afspraak met de woningcorporatie over de huur.",
    ),
    Theme(
        key="huishouden",
        fits="older",
        profile_domain="self_care",
        matrix_domain="instrumentele_adl",
        life_domain="zelfzorg",
        result_area="self_reliance",
        wish="Mijn huis zelf schoon en leefbaar houden",
        goal="Het huis van {naam} is schoon en leefbaar",
        preferences="Vaste hulp op dezelfde dag; {naam} doet zelf de lichte taken.",
        steps={
            ladder.OWN: (
                "own_action",
                "{naam} doet zelf de was en de afwas, verdeeld over de week.",
            ),
            ladder.NETWORK: ("others_action", "De dochter doet om de week de boodschappen."),
            ladder.GENERAL: ("others_action", "Klussendienst van vrijwilligers voor de tuin."),
            ladder.COLLECTIVE: (
                "others_action",
                "Boodschappenservice van de supermarkt via de wijkbus.",
            ),
            ladder.INDIVIDUAL: ("wmo_claim", "Hulp bij het huishouden, drie uur per week."),
        },
        reasons={
            ladder.OWN: "{naam} kan door de artrose niet meer bukken of stofzuigen.",
            ladder.NETWORK: "De dochter heeft een baan en twee kleine kinderen.",
            ladder.GENERAL: "Vrijwilligers doen geen schoonmaakwerk in huis.",
            ladder.COLLECTIVE: "Er is geen collectieve voorziening voor het huishouden.",
        },
        provision=("hulp bij het huishouden", "3 uur per week"),
        problems="Het huis raakt vervuild; {naam} kan het huishouden niet meer aan.",
        analysis="Artrose in heupen en handen; de dochter helpt al met boodschappen.",
        direction="Zelf de lichte taken, de zware taken door een hulp.",
        results="Een schoon en leefbaar huis; {naam} blijft zelf actief.",
        measures="Hulp bij het huishouden in natura, drie uur per week.",
        discussed="Het huishouden lukt niet meer door pijn in de handen.",
        need="{naam} wil thuis blijven wonen in een schoon huis.",
        arrangement="Aanvraag hulp bij het huishouden; dochter blijft boodschappen doen.",
    ),
    Theme(
        key="mobiliteit",
        fits="older",
        profile_domain="leisure",
        matrix_domain="maatschappelijke_participatie",
        life_domain="vervoer",
        result_area="participation",
        wish="Zelf naar de markt en de kerk kunnen",
        goal="{naam} komt zelfstandig bij de winkels en de kerk",
        preferences="Niet afhankelijk zijn van vaste tijden.",
        steps={
            ladder.OWN: ("own_action", "{naam} loopt dagelijks een rondje met de rollator."),
            ladder.NETWORK: ("others_action", "De buurman rijdt op zondag mee naar de kerk."),
            ladder.GENERAL: ("others_action", "De vrijwillige ouderenbus voor de weekmarkt."),
            ladder.COLLECTIVE: ("others_action", "Regiotaxi voor afspraken buiten de wijk."),
            ladder.INDIVIDUAL: ("wmo_claim", "Scootmobiel in bruikleen (vervoersvoorziening Wmo)."),
        },
        reasons={
            ladder.OWN: "{naam} loopt met de rollator niet verder dan vijfhonderd meter.",
            ladder.NETWORK: "De buurman kan alleen op zondag.",
            ladder.GENERAL: "De ouderenbus rijdt één ochtend per week.",
            ladder.COLLECTIVE: "De regiotaxi past niet bij korte, dagelijkse ritjes.",
        },
        provision=("scootmobiel", "in bruikleen"),
        problems="{naam} komt de deur bijna niet meer uit door slecht lopen.",
        analysis="Beperkte loopafstand na een heupoperatie; winkels op anderhalve kilometer.",
        direction="Zelfstandig dichtbij, met vervoer verder weg.",
        results="Dagelijks zelf boodschappen doen en op zondag naar de kerk.",
        measures="Scootmobiel; regiotaxi voor verdere ritten.",
        discussed="Slecht lopen sinds de heupoperatie; weinig buiten.",
        need="{naam} wil zelf boodschappen doen en naar de kerk.",
        arrangement="Proefrit scootmobiel regelen; regiotaxipas aanvragen.",
    ),
    Theme(
        key="wonen",
        fits="older",
        profile_domain="housing",
        matrix_domain="basale_adl",
        life_domain="wonen",
        result_area="self_reliance",
        wish="Veilig thuis blijven wonen",
        goal="{naam} kan veilig boven slapen en douchen",
        preferences="In het eigen huis blijven; geen verhuizing.",
        steps={
            ladder.OWN: ("own_action", "{naam} gebruikt de douchestoel die er al is."),
            ladder.NETWORK: ("others_action", "De zoon plaatst een extra trapleuning."),
            ladder.GENERAL: ("others_action", "Woonadvies van de ouderenadviseur aan huis."),
            ladder.COLLECTIVE: (
                "others_action",
                "Uitleen van hulpmiddelen via de thuiszorgwinkel.",
            ),
            ladder.INDIVIDUAL: ("wmo_claim", "Traplift (woonvoorziening Wmo)."),
        },
        reasons={
            ladder.OWN: "{naam} is twee keer van de trap gevallen.",
            ladder.NETWORK: "Een leuning is niet genoeg bij de duizeligheid.",
            ladder.GENERAL: "Het advies is gegeven: een verhuizing wil {naam} niet.",
            ladder.COLLECTIVE: "Uitleenmiddelen lossen de trap niet op.",
        },
        provision=("traplift", "eenmalig"),
        problems="Valgevaar op de trap; slaapkamer en badkamer boven.",
        analysis="Duizeligheid en slechte balans; verhuizen naar een gelijkvloerse woning wil "
        "{naam} niet.",
        direction="Aanpassen van de woning boven verhuizen, na woonadvies.",
        results="Veilig naar boven en veilig douchen.",
        measures="Traplift; douchestoel en beugels.",
        discussed="Twee keer gevallen op de trap.",
        need="{naam} wil veilig in het eigen huis blijven wonen.",
        arrangement="Woonadvies aanvragen; daarna kijken naar een traplift.",
    ),
    Theme(
        key="mantelzorg",
        fits="pair",
        profile_domain="meaning",
        matrix_domain="huiselijke_relaties",
        life_domain="mantelzorg",
        result_area="self_reliance",
        wish="Als mantelzorger weer op adem komen",
        goal="{naam} heeft twee vrije dagdelen per week naast de zorg voor de partner",
        preferences="De partner moet zich veilig voelen bij de vervanging.",
        steps={
            ladder.OWN: ("own_action", "{naam} plant een vaste vrije middag in de week."),
            ladder.NETWORK: ("others_action", "De zus neemt eens per week de zorg over."),
            ladder.GENERAL: (
                "others_action",
                "Het mantelzorgcafé en een gesprek met de mantelzorgconsulent.",
            ),
            ladder.COLLECTIVE: (
                "others_action",
                "Respijtzorg: een logeerweekend in het logeerhuis.",
            ),
            ladder.INDIVIDUAL: ("wmo_claim", "Dagbesteding voor de partner, twee dagen per week."),
        },
        reasons={
            ladder.OWN: "{naam} is uitgeput en slaapt slecht door de nachtelijke onrust.",
            ladder.NETWORK: "De zus kan één dag; meer is niet vol te houden.",
            ladder.GENERAL: "Het mantelzorgcafé geeft steun, maar geen vervanging.",
            ladder.COLLECTIVE: "Het logeerhuis heeft eens per kwartaal plek.",
        },
        provision=("dagbesteding", "2 dagen per week"),
        problems="Overbelasting van de mantelzorger; partner met dementie.",
        analysis="Zware zorg, 's nachts onrust, weinig vervanging in het netwerk.",
        direction="De mantelzorger ontlasten door dagbesteding voor de partner.",
        results="Twee vrije dagdelen per week; de zorg blijft vol te houden.",
        measures="Dagbesteding voor de partner; respijtzorg eens per kwartaal.",
        discussed="De zorg voor de partner met dementie weegt zwaar.",
        need="{naam} wil de zorg volhouden en zelf op adem komen.",
        arrangement="Aanmelding mantelzorgconsulent; onderzoek naar dagbesteding.",
    ),
    Theme(
        key="dagbesteding",
        fits="adult",
        profile_domain="work",
        matrix_domain="tijdsbesteding",
        life_domain="werk-en-dagbesteding",
        result_area="participation",
        wish="Een zinvolle dag hebben",
        goal="{naam} heeft drie vaste bezigheden per week",
        preferences="Iets met de handen; buiten als het kan.",
        steps={
            ladder.OWN: ("own_action", "{naam} staat op een vaste tijd op en maakt een weekplan."),
            ladder.NETWORK: ("others_action", "Een vriend neemt {naam} mee naar de volkstuin."),
            ladder.GENERAL: ("others_action", "Vrijwilligerswerk bij het repaircafé."),
            ladder.COLLECTIVE: (
                "others_action",
                "Werkplaats van de sociale coöperatie in de wijk.",
            ),
            ladder.INDIVIDUAL: ("wmo_claim", "Arbeidsmatige dagbesteding, drie dagdelen per week."),
        },
        reasons={
            ladder.OWN: "Zonder structuur van buiten blijft {naam} in bed liggen.",
            ladder.NETWORK: "De vriend gaat alleen in de zomer naar de tuin.",
            ladder.GENERAL: "Vrijwilligerswerk zonder begeleiding liep eerder mis.",
            ladder.COLLECTIVE: "De werkplaats vraagt meer zelfstandigheid dan nu lukt.",
        },
        provision=("arbeidsmatige dagbesteding", "3 dagdelen per week"),
        problems="Geen werk en geen dagritme; somberheid.",
        analysis="Langdurig zonder werk, weinig structuur, beperkte concentratie.",
        direction="Dagritme opbouwen met begeleiding, op weg naar vrijwilligerswerk.",
        results="Drie vaste bezigheden per week.",
        measures="Arbeidsmatige dagbesteding; daarna vrijwilligerswerk.",
        discussed="Geen werk en geen ritme in de dag.",
        need="{naam} wil iets nuttigs doen en een vast ritme.",
        arrangement="Kennismaken bij het repaircafé; kijken naar dagbesteding.",
    ),
    Theme(
        key="psychisch",
        fits="adult",
        profile_domain="health",
        matrix_domain="geestelijke_gezondheid",
        life_domain="gezondheid",
        result_area="self_reliance",
        wish="Grip op mijn dagen houden",
        goal="{naam} houdt de weekstructuur vol en weet wie te bellen bij een terugval",
        preferences="Vaste gezichten; geen groepen.",
        steps={
            ladder.OWN: ("own_action", "{naam} houdt een dagboek en belt bij signalen de zus."),
            ladder.NETWORK: ("others_action", "De zus belt elke avond even."),
            ladder.GENERAL: ("others_action", "Inloop-ggz in het buurthuis op donderdag."),
            ladder.COLLECTIVE: ("others_action", "Herstelgroep van de ggz-aanbieder in de wijk."),
            ladder.INDIVIDUAL: ("wmo_claim", "Ambulante begeleiding thuis, drie uur per week."),
        },
        reasons={
            ladder.OWN: "Bij een terugval lukt het {naam} niet om zelf hulp te vragen.",
            ladder.NETWORK: "De zus is de enige in het netwerk en raakt overbelast.",
            ladder.GENERAL: "De inloop is vrijblijvend; {naam} gaat niet als het slecht gaat.",
            ladder.COLLECTIVE: "Groepen zijn nu te veel; later opnieuw bekijken.",
        },
        provision=("ambulante begeleiding", "3 uur per week"),
        problems="Terugkerende somberheid en angst; de dagen lopen vast.",
        analysis="Behandeling afgerond; zonder steun valt de structuur weg.",
        direction="Begeleiding thuis om de structuur vast te houden.",
        results="Een werkende weekstructuur en een signaleringsplan.",
        measures="Ambulante begeleiding; inloop-ggz als aanvulling.",
        discussed="Somberheid; de behandeling bij de ggz is net afgerond.",
        need="{naam} wil grip houden op de dagen.",
        arrangement="Signaleringsplan maken; kennismaken bij de inloop.",
    ),
    Theme(
        key="opvoeding",
        fits="children",
        profile_domain="social",
        matrix_domain="huiselijke_relaties",
        life_domain="opvoeden",
        result_area="social_cohesion",
        wish="Rust in huis met de kinderen",
        goal="Er is minder ruzie thuis en de kinderen gaan elke dag naar school",
        preferences="Hulp na schooltijd; de kinderen mogen meepraten.",
        steps={
            ladder.OWN: ("own_action", "{naam} maakt met de kinderen een weekschema."),
            ladder.NETWORK: ("others_action", "Oma haalt de jongste twee middagen uit school."),
            ladder.GENERAL: ("others_action", "Opvoedspreekuur en oudercursus in het buurthuis."),
            ladder.COLLECTIVE: ("others_action", "Huiswerkbegeleiding in de bibliotheek."),
            ladder.INDIVIDUAL: (
                "wmo_claim",
                "Individuele begeleiding voor de ouder, twee uur per week.",
            ),
        },
        reasons={
            ladder.OWN: "{naam} staat er alleen voor en raakt snel overprikkeld.",
            ladder.NETWORK: "Oma kan twee middagen; de rest van de week is zwaar.",
            ladder.GENERAL: "De oudercursus heeft {naam} gevolgd; thuis lukt het nog niet.",
            ladder.COLLECTIVE: "Huiswerkbegeleiding helpt de oudste, niet de ruzies thuis.",
        },
        provision=("individuele begeleiding", "2 uur per week"),
        problems="Veel ruzie thuis; de oudste verzuimt school.",
        analysis="Alleenstaande ouder, weinig steun, eigen zorgen over geld.",
        direction="Steun voor de ouder om structuur te bieden.",
        results="Minder ruzie; de kinderen gaan elke dag naar school.",
        measures="Begeleiding voor de ouder; huiswerkbegeleiding voor de oudste.",
        discussed="Spanningen thuis en schoolverzuim van de oudste.",
        need="{naam} wil rust in huis en dat de kinderen naar school gaan.",
        arrangement="Gesprek met school; aanmelden voor het opvoedspreekuur.",
    ),
    Theme(
        key="gezondheid",
        fits="any",
        profile_domain="health",
        matrix_domain="lichamelijke_gezondheid",
        life_domain="gezondheid",
        result_area="participation",
        wish="Weer in beweging komen",
        goal="{naam} beweegt drie keer per week een half uur",
        preferences="Samen met anderen, niet in een sportschool.",
        steps={
            ladder.OWN: ("own_action", "{naam} wandelt elke ochtend naar de bakker."),
            ladder.NETWORK: ("others_action", "Een buurvrouw fietst mee op de duofiets."),
            ladder.GENERAL: ("others_action", "Wandelgroep van de buurtsportcoach op woensdag."),
            ladder.COLLECTIVE: (
                "others_action",
                "Bewegen voor ouderen in het zwembad, met korting.",
            ),
            ladder.INDIVIDUAL: ("wmo_claim", "Begeleiding bij het opbouwen van beweging thuis."),
        },
        reasons={
            ladder.OWN: "Na de val durft {naam} niet alleen naar buiten.",
            ladder.NETWORK: "De buurvrouw kan niet vaker dan eens per week.",
            ladder.GENERAL: "De wandelgroep gaat te snel.",
            ladder.COLLECTIVE: "Het zwembad is zonder vervoer niet bereikbaar.",
        },
        provision=("individuele begeleiding", "1 uur per week"),
        problems="Weinig beweging sinds een val; conditie gaat achteruit.",
        analysis="Angst om te vallen; weinig mensen om mee te bewegen.",
        direction="Stap voor stap bewegen, eerst met begeleiding.",
        results="Drie keer per week een half uur bewegen.",
        measures="Begeleiding thuis, daarna de wandelgroep.",
        discussed="Sinds de val weinig beweging en angst om buiten te lopen.",
        need="{naam} wil weer fit genoeg zijn om zelf boodschappen te doen.",
        arrangement="Kennismaken met de buurtsportcoach.",
    ),
]
THEME_WEIGHTS = {
    "eenzaamheid": 16,
    "schulden": 14,
    "huishouden": 14,
    "mobiliteit": 9,
    "wonen": 7,
    "mantelzorg": 8,
    "dagbesteding": 9,
    "psychisch": 10,
    "opvoeding": 7,
    "gezondheid": 6,
}
PROVISION_FORMS = {Application.Form.IN_KIND: 80, Application.Form.PGB: 20}
OUTCOMES = {Decision.Outcome.GRANTED: 72, Decision.Outcome.PARTLY: 16, Decision.Outcome.REFUSED: 12}

# Self-reliance matrix: how a domain usually scores at the first measurement.
BASELINE = {
    "default": {1: 2, 2: 8, 3: 25, 4: 40, 5: 25},
    "justitie": {3: 2, 4: 6, 5: 92},
    "middelengebruik": {2: 4, 3: 8, 4: 28, 5: 60},
    "focus": {1: 12, 2: 48, 3: 40},  # the domain a goal is about
}


# The world: what the phase reads from the database -----------------------------
@dataclass
class _Household:
    id: int
    team: int
    members: list[tuple[int, str, date, str]]  # person, relation, born, first name

    @property
    def head(self) -> tuple[int, str, date, str]:
        return next((m for m in self.members if m[1] == "head"), self.members[0])


@dataclass
class _World:
    teams: list[int]
    staff: dict[int, list[tuple[int, date]]]  # team → (professional, member since)
    leads: dict[int, int]  # team → team lead
    names: dict[int, str]  # user → full name
    team_names: dict[int, str]
    assessors: list[int]
    households: list[_Household]
    involved: set[tuple[int, int]]  # (household, team) with an active involvement
    domains: list[tuple[int, str]]  # matrix domain id, code
    life_domains: dict[str, int]
    services: dict[tuple[str, str], list[int]]  # (ladder level, life domain) → map entries

    @classmethod
    def load(cls, today: date) -> "_World":
        team_of: dict[int, int] = {}
        Through = _team_areas()
        for team, area in Through.objects.order_by("team_id", "id").values_list(
            "team_id", "neighbourhood_id"
        ):
            team_of.setdefault(area, team)
        staff: dict[int, list[tuple[int, date]]] = defaultdict(list)
        leads: dict[int, int] = {}
        seeded = Q(user__username__startswith="mw-") | Q(user__username__startswith="tl-")
        for team, user, role, start in (
            Membership.objects.active(today)
            .filter(seeded, team__isnull=False, user__is_active=True)
            .order_by("team_id", "user_id")
            .values_list("team_id", "user_id", "user__role", "start")
        ):
            if role == Role.PROFESSIONAL:
                staff[team].append((user, start))
            elif role == Role.TEAM_LEAD:
                leads.setdefault(team, user)
        teams = [team for team in sorted(staff) if team in leads]
        names = {
            pk: f"{first} {last}".strip()
            for pk, first, last in User.objects.filter(
                Q(username__startswith="mw-")
                | Q(username__startswith="tl-")
                | Q(username__startswith="wc-")
            ).values_list("id", "first_name", "last_name")
        }
        assessors = list(
            User.objects.filter(role=Role.ASSESSOR, username__startswith="wc-", is_active=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        households: dict[int, _Household] = {}
        rows = (
            HouseholdMember.objects.filter(
                household__confidentiality__lte=Confidentiality.VERTROUWELIJK,
                person__confidentiality__lte=Confidentiality.VERTROUWELIJK,
            )
            .order_by("household_id", "id")
            .values_list(
                "household_id",
                "person_id",
                "relation__code",
                "person__date_of_birth",
                "person__first_name",
                "person__neighbourhood_id",
            )
        )
        for household, person, relation, born, first, area in rows.iterator(10_000):
            row = households.get(household)
            if row is None:
                team = team_of.get(area)
                if team not in leads or team not in staff:
                    continue
                row = households[household] = _Household(household, team, [])
            row.members.append((person, relation, born, first))
        involved = set(
            Involvement.objects.active(today).values_list("household_id", "team_id").distinct()
        )
        # A step links to an entry of its own kind and topic: a walking group
        # to a health offer, not to whatever general offer came first.
        services = {}
        rows = (
            Service.objects.published()
            .filter(ladder_level__in=(ladder.GENERAL, ladder.COLLECTIVE))
            .order_by("id")
            .values_list("ladder_level", "life_domains__code", "id")
        )
        for level, domain, service in rows.iterator(10_000):
            services.setdefault((level, domain), []).append(service)
        return cls(
            teams=teams,
            staff=dict(staff),
            leads=leads,
            names=names,
            team_names=dict(_team_names()),
            assessors=assessors,
            households=list(households.values()),
            involved=involved,
            domains=list(
                MatrixDomain.objects.filter(active=True)
                .order_by("order", "code")
                .values_list("id", "code")
            ),
            life_domains=dict(LifeDomain.objects.values_list("code", "id")),
            services=services,
        )


def _team_areas():
    return Team.neighbourhoods.through


def _team_names():
    return Team.objects.values_list("id", "name")


@dataclass
class _Evaluation:
    due: int  # the version's evaluation date, in days after opening
    held: int
    next_set: int  # the next version is set this many days after opening


@dataclass
class _Sketch:
    """A case before it is built: the household, the timeline, and the cut."""

    household: _Household
    stage: str
    opened: datetime
    days: int  # from opening to the cut (today, or the closing day)
    marks: dict
    evaluations: list[_Evaluation]
    showcase: str = ""
    close_reason: str = ""
    closed: datetime | None = None
    number: str = ""
    opened_day: date = field(init=False)
    drawn: datetime | None = None  # the opening moment before clamping to now

    def __post_init__(self):
        self.opened_day = self.opened.astimezone(timezone.get_current_timezone()).date()

    def happened(self, offset: int) -> bool:
        return offset <= self.days


# Building ---------------------------------------------------------------------
@dataclass
class _Chunk:
    cases: list = field(default_factory=list)
    events: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    consent_teams: list = field(default_factory=list)  # (consent, team id)
    consultations: list = field(default_factory=list)
    conversations: list = field(default_factory=list)
    present: list = field(default_factory=list)  # (conversation, person id)
    reports: list = field(default_factory=list)
    measurements: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    profiles: list = field(default_factory=list)
    profile_rows: list = field(default_factory=list)
    wishes: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    plan_goals: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    objections: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    log: list = field(default_factory=list)
    involvements: list = field(default_factory=list)


COUNT_KEYS = (
    "cases",
    "cases_open",
    "case_events",
    "conversations",
    "matrix_measurements",
    "goals",
    "plan_versions",
    "plan_steps",
    "applications",
    "decisions",
    "objections",
    "evaluations",
    "log_entries",
)


def seed_cases(seed: int, *, cases: int, today: date, say) -> dict:
    """Sketch and build about ``cases`` support trajectories; return the counts."""
    started = timezone.now()
    world = _World.load(today)
    if not world.teams or not world.households or not world.assessors:
        say("Geen wijkteams, huishoudens of Wmo-consulenten: geen trajecten.")
        return {"cases": 0}
    builder = _Builder(seed, world, today)
    sketches = builder.sketch(cases)
    counts: Counter = Counter()
    timestamps = [
        Conversation._meta.get_field("created_at"),
        Goal._meta.get_field("created_at"),
        PlanVersion._meta.get_field("created_at"),
        Application._meta.get_field("created_at"),
    ]
    with _explicit_timestamps(*timestamps):
        for start in range(0, len(sketches), CHUNK):
            chunk = _Chunk()
            for sketch in sketches[start : start + CHUNK]:
                builder.build(sketch, chunk)
            counts.update(_save(chunk))
            if start and start % (10 * CHUNK) == 0:
                say(f"  ... {start} trajecten")
    result = {
        "cases": counts["cases"],
        "cases_open": sum(1 for s in sketches if s.closed is None),
        "case_events": counts["events"],
        "conversations": counts["conversations"],
        "matrix_measurements": counts["measurements"],
        "goals": counts["goals"],
        "plan_versions": counts["versions"],
        "plan_steps": counts["steps"],
        "applications": counts["applications"],
        "decisions": counts["decisions"],
        "objections": counts["objections"],
        "evaluations": counts["evaluations"],
        "log_entries": counts["log"],
    }
    seconds = (timezone.now() - started).total_seconds()
    say(
        f"{result['cases']} trajecten ({result['cases_open']} open), "
        f"{result['plan_versions']} planversies, {result['applications']} aanvragen, "
        f"{counts['scores']} matrixscores in {seconds:.1f} s"
    )
    return result


class _Builder:
    def __init__(self, seed: int, world: _World, today: date):
        self.rng = random.Random(f"wijknet-trajecten-{seed}")
        self.world = world
        self.today = today
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.objected = False
        self.themes = {theme.key: theme for theme in THEMES}
        self.teams_other = {
            team: [other for other in world.teams if other != team] for team in world.teams
        }

    # Sketching ------------------------------------------------------------------
    def sketch(self, total: int) -> list[_Sketch]:
        rng, world = self.rng, self.world
        households = world.households
        n_open = min(
            len(households),
            max(round(total * OPEN_SHARE), len(world.teams) * len(SHOWCASE)),
        )
        n_closed = max(0, total - n_open)
        order = rng.sample(households, len(households))
        # Households the team already knows come first for an open case.
        order.sort(key=lambda h: (h.id, h.team) not in world.involved)
        per_team: dict[int, list[_Household]] = defaultdict(list)
        for household in order:
            per_team[household.team].append(household)
        chosen: dict[int, str] = {}
        for team in world.teams:
            for household, kind in zip(per_team[team], SHOWCASE, strict=False):
                chosen[household.id] = kind
        for household in order:
            if len(chosen) >= n_open:
                break
            chosen.setdefault(household.id, "")
        extra = max(0, int(PRONE_SHARE * len(order)) - len(chosen))
        prone = [h for h in order if h.id in chosen]
        prone += [h for h in order if h.id not in chosen][:extra]
        closed: Counter = Counter()
        for _ in range(n_closed if prone else 0):
            for _attempt in range(10):
                household = rng.choice(prone)
                if closed[household.id] < MAX_CLOSED:
                    break
            closed[household.id] += 1

        sketches = []
        oldest = self.today - timedelta(days=HISTORY_DAYS)
        for household in households:
            kind = chosen.get(household.id)
            if kind is None and not closed[household.id]:
                continue
            if kind is not None:
                sketch = self._open(household, kind)
                sketches.append(sketch)
                cursor = sketch.opened_day - timedelta(days=rng.randint(20, 240))
            else:
                cursor = self.today - timedelta(days=rng.randint(0, 400))
            for _ in range(closed[household.id]):
                sketch = self._closed(household, cursor)
                if sketch.opened_day < oldest:
                    break
                sketches.append(sketch)
                cursor = sketch.opened_day - timedelta(days=rng.randint(30, 300))
        # In the order drawn, not as clamped to now: a seed run later in the
        # day builds the cases in the same order and so draws the same.
        sketches.sort(key=lambda s: (s.drawn, s.household.id))
        sequence: Counter = Counter()
        for sketch in sketches:
            year = sketch.opened_day.year
            sequence[year] += 1
            sketch.number = f"T{year}-{sequence[year]:06d}"
        return sketches

    def _marks(self) -> tuple[dict, list[_Evaluation]]:
        rng = self.rng
        marks = {"alloc": rng.randint(0, 4)}
        marks["conversation"] = marks["alloc"] + rng.randint(2, 18)
        marks["goals"] = marks["conversation"] + rng.randint(10, 35)
        marks["plan"] = marks["goals"] + rng.randint(4, 18)
        marks["set"] = marks["plan"] + rng.randint(5, 25)
        evaluations = []
        last_set = marks["set"]
        for _ in range(4):
            due = last_set + rng.randint(56, 120)
            held = due + rng.randint(-3, 10)
            evaluations.append(_Evaluation(due, held, held + rng.randint(3, 14)))
            last_set = evaluations[-1].next_set
        return marks, evaluations

    def _window(self, stage: str, marks: dict, evaluations: list[_Evaluation]) -> tuple[int, int]:
        """Days after opening during which a case is in ``stage``: [low, high)."""
        first = evaluations[0]
        if stage == phases.MEET:
            return 0, marks["conversation"]
        if stage == phases.GATHER:
            return marks["conversation"], marks["goals"]
        if stage == phases.GOALS:
            return marks["goals"], marks["plan"]
        if stage == phases.PLAN:
            return marks["plan"], marks["set"]
        if stage == phases.CARRY_OUT:
            return marks["set"], min(first.held, first.due + 7)
        held = self.rng.randint(1, 3)
        after = evaluations[held] if held < len(evaluations) else None
        high = min(after.held, after.due + 7) if after else evaluations[held - 1].held + 60
        return evaluations[held - 1].held, high

    def _open(self, household: _Household, showcase: str) -> _Sketch:
        rng = self.rng
        marks, evaluations = self._marks()
        stage = SHOWCASE_STAGE.get(showcase) or _weighted(rng, OPEN_STAGES)
        low, high = self._window(stage, marks, evaluations)
        days = rng.randint(low, max(low, high - 1))
        if showcase == "due":  # the evaluation is in two days
            first = evaluations[0]
            days = first.due - 2
            first.held = first.due + rng.randint(0, 7)
            first.next_set = first.held + rng.randint(3, 14)
        elif showcase in ("resident", "application"):  # well into carrying out
            days = min(evaluations[0].due - 10, marks["set"] + rng.randint(12, 40))
        if showcase == "unallocated":
            marks["alloc"] = days + 1
        elif stage == phases.MEET and rng.random() < 0.5:
            marks["alloc"] = days + 1  # still waiting for the team lead
        drawn = self._drawn(self.today - timedelta(days=days))
        sketch = _Sketch(household, stage, min(drawn, self.now), days, marks, evaluations, showcase)
        sketch.drawn = drawn
        return sketch

    def _closed(self, household: _Household, closing: date) -> _Sketch:
        rng = self.rng
        marks, evaluations = self._marks()
        reason = _weighted(rng, CLOSE_REASONS)
        stage = _weighted(rng, CLOSED_STAGES[reason])
        if reason == Case.CloseReason.GOALS_REACHED:
            held = evaluations[rng.randint(0, 1)].held
            days = held + rng.randint(0, 30)
        else:
            low, high = self._window(stage, marks, evaluations)
            days = rng.randint(low, max(low, high - 1))
        drawn = self._drawn(closing - timedelta(days=days))
        opened = min(drawn, self.now)
        closed = datetime.combine(closing, clock(17, rng.randrange(60)), tzinfo=self.tz)
        closed = min(closed, self.now)
        sketch = _Sketch(household, stage, opened, days, marks, evaluations, "", reason, closed)
        sketch.drawn = drawn
        return sketch

    def _drawn(self, day: date) -> datetime:
        """A moment in office hours on ``day``, possibly later today."""
        rng = self.rng
        return datetime.combine(day, clock(rng.randint(8, 16), rng.randrange(60)), tzinfo=self.tz)

    def _moment(self, day: date) -> datetime:
        """A moment in office hours on ``day``; never later than now. The
        same draws whatever the time of day, and ``min`` with a constant
        keeps the order of the moments."""
        return min(self._drawn(day), self.now)

    def _at(self, sketch: _Sketch, offset: int) -> datetime:
        """A moment ``offset`` days after opening, inside the case's life."""
        if offset <= 0:
            return sketch.opened
        day = sketch.opened_day + timedelta(days=offset)
        limit = (sketch.closed or self.now) - timedelta(minutes=5)
        return max(sketch.opened, min(self._moment(day), limit))

    def _coordinator(self, team: int, opened: date) -> int:
        staff = self.world.staff[team]
        there = [user for user, since in staff if since <= opened] or [u for u, _ in staff]
        if self.rng.random() < 0.1:
            return self.world.leads[team]
        return self.rng.choice(there)

    def _themes(self, household: _Household, opened: date) -> list[Theme]:
        rng = self.rng
        head_age = _age(household.head[2], opened)
        relations = {relation for _, relation, born, _ in household.members}
        children = any(_age(born, opened) < 18 for _, relation, born, _ in household.members)
        fits = {
            "any": True,
            "older": head_age >= 60,
            "adult": head_age < 67,
            "children": children,
            "pair": bool(relations & {"partner", "parent"}),
        }
        pool = {key: w for key, w in THEME_WEIGHTS.items() if fits[self.themes[key].fits]}
        wanted = _weighted(rng, {1: 45, 2: 40, 3: 15})
        chosen: list[str] = []
        while pool and len(chosen) < wanted:
            key = _weighted(rng, pool)
            chosen.append(key)
            del pool[key]
        return [self.themes[key] for key in chosen]

    # Building -------------------------------------------------------------------
    def build(self, sketch: _Sketch, out: _Chunk) -> None:
        rng, world = self.rng, self.world
        household, marks = sketch.household, sketch.marks
        team = household.team
        opened_day = sketch.opened_day
        stage = phases.PHASES.index(sketch.stage)
        name = household.head[3]

        def day(offset: int) -> date:
            return opened_day + timedelta(days=offset)

        def at(offset: int) -> datetime:
            return self._at(sketch, offset)

        def fill(text: str) -> str:
            return text.replace("{naam}", name)

        allocated = sketch.happened(marks["alloc"])
        coordinator = self._coordinator(team, opened_day) if allocated else None
        worker = coordinator or world.leads[team]
        reason = _weighted(rng, START_REASONS)
        reported = opened_day - timedelta(days=rng.randint(0, 10))
        case = Case(
            number=sketch.number,
            household_id=household.id,
            team_id=team,
            coordinator_id=coordinator,
            start_reason=reason,
            start_note=fill(rng.choice(START_NOTES[reason])),
            phase=sketch.stage,
            access_step=phases.FIRST_CONTACT,
            reported_on=reported,
            investigation_due=reported + timedelta(days=INVESTIGATION_DAYS),
            opened_at=sketch.opened,
            confidentiality=Confidentiality.VERTROUWELIJK,
        )
        out.cases.append(case)
        events = []

        def event(moment, actor, kind, note="", before="", after=""):
            events.append((case, moment, actor, kind, str(before)[:40], str(after)[:40], note))

        def step(moment, reached):
            if reached > case.access_step:
                event(moment, worker, CaseEvent.Kind.STEP, before=case.access_step, after=reached)
                case.access_step = reached

        def phase(moment, index):
            event(
                moment,
                worker,
                CaseEvent.Kind.PHASE,
                before=phases.PHASES[index - 1],
                after=phases.PHASES[index],
            )

        event(
            sketch.opened, worker, CaseEvent.Kind.OPENED, note=str(Case.StartReason(reason).label)
        )
        if coordinator:
            event(
                at(marks["alloc"]),
                world.leads[team],
                CaseEvent.Kind.ALLOCATED,
                after=world.names.get(coordinator, ""),
            )
        if stage == 0:
            if coordinator and rng.random() < 0.6:
                self._log(out, case, coordinator, marks["alloc"], sketch, day, fill, limit=1)
        else:
            moment = at(marks["conversation"])
            phase(moment, 1)
            step(moment, phases.CONVERSATION)
        themes = self._themes(household, opened_day)
        adults = [m for m in household.members if _age(m[2], opened_day) >= 18] or [household.head]
        measured = [household.head]
        partner = next((m for m in adults if m[1] == "partner"), None)
        if partner and rng.random() < SHARE_SECOND_PERSON:
            measured.append(partner)

        # The conversation and its report.
        if stage >= 1:
            self._conversation(
                out, case, sketch, worker, adults, themes, marks["conversation"], day, at, fill
            )
        # Matrix measurements: a baseline, then at every evaluation.
        states: dict[int, dict[str, list[int]]] = {}
        focus = {theme.matrix_domain for theme in themes}
        if stage >= 1:
            first = marks["conversation"] + rng.randint(0, 10)
            if sketch.happened(first):
                for person in measured:
                    states[person[0]] = self._baseline(focus)
                    self._measure(out, case, person[0], day(first), worker, states, "nulmeting")
        # Goals, with a ranked personal profile behind them for most.
        goals: list[Goal] = []
        if stage >= 2:
            case.investigation_done_on = day(marks["goals"])
            phase(at(marks["goals"]), 2)
            wishes = {}
            if sketch.showcase or rng.random() < SHARE_PROFILE:
                made = max(marks["conversation"], marks["goals"] - rng.randint(0, 6))
                wishes = self._profile(
                    out, case, household.head[0], day(made), worker, themes, fill
                )
            targets = states.get(household.head[0], {})
            for order, theme in enumerate(themes, start=1):
                level = targets.get(theme.matrix_domain, [3, 4])
                goals.append(
                    Goal(
                        case=case,
                        wish=wishes.get(theme.key),
                        title=fill(theme.goal),
                        preferences=fill(theme.preferences),
                        result_area=theme.result_area,
                        life_domain_id=world.life_domains.get(theme.life_domain),
                        matrix_domain_id=self._domain_id(theme.matrix_domain),
                        target_level=level[1],
                        order=order,
                        created_at=at(marks["goals"]),
                    )
                )
            out.goals += goals
        # The plan, its versions, the applications and the evaluations.
        if stage >= 3:
            phase(at(marks["plan"]), 3)
            self._plan(out, case, sketch, themes, goals, worker, day, at, fill, event, step, phase)
            for person in measured:
                if person[0] not in states:
                    continue
                for evaluation in sketch.evaluations:
                    if sketch.happened(evaluation.held):
                        self._progress(states[person[0]], focus)
                        self._measure(
                            out, case, person[0], day(evaluation.held), worker, states, "evaluatie"
                        )
            if sketch.close_reason == Case.CloseReason.GOALS_REACHED:
                for goal in goals:
                    goal.reached_on = goal.reached_on or day(sketch.days)
                held = [e.held for e in sketch.evaluations if sketch.happened(e.held)]
                for person in measured:
                    if person[0] in states and sketch.days > max(held, default=0) + 7:
                        self._progress(states[person[0]], focus)
                        self._measure(
                            out, case, person[0], day(sketch.days), worker, states, "eindmeting"
                        )
        if stage >= 1:
            self._log(out, case, worker, marks["conversation"], sketch, day, fill)

        # Consultation and escalation, now and then.
        consulted = sketch.showcase == "consulted" or rng.random() < SHARE_CONSULTED
        if stage >= 1 and sketch.showcase in ("", "consulted") and consulted:
            self._consult(out, case, sketch, household, worker, day, at, event)
        escalate = SHARE_ESCALATED if sketch.closed is None else SHARE_ESCALATED / 3
        escalated = sketch.showcase == "escalated" or rng.random() < escalate
        if stage >= 1 and sketch.showcase in ("", "escalated") and escalated:
            offset = rng.randint(marks["conversation"], max(marks["conversation"], sketch.days))
            case.escalated_at = at(offset)
            case.escalation_reason = rng.choice(ESCALATION_REASONS)
            event(case.escalated_at, worker, CaseEvent.Kind.ESCALATED, note=case.escalation_reason)

        # Closing, with aftercare.
        if sketch.closed is not None:
            case.closed_at = sketch.closed
            case.close_reason = sketch.close_reason
            case.close_note = fill(rng.choice(CLOSE_NOTES[sketch.close_reason]))
            case.aftercare_on = sketch.closed.date() + timedelta(days=rng.randint(42, 120))
            event(
                sketch.closed,
                worker,
                CaseEvent.Kind.CLOSED,
                note=case.close_note,
                after=sketch.close_reason,
            )

        # The team is involved with the household for as long as the case needs it.
        if (household.id, team) not in world.involved:
            active = case.closed_at is None or case.aftercare_on >= self.today
            out.involvements.append(
                (
                    household.id,
                    team,
                    reported,
                    None if case.closed_at is None else case.aftercare_on,
                    f"traject {case.number}",
                )
            )
            if active:
                world.involved.add((household.id, team))
        events.sort(key=lambda row: row[1])
        out.events += events

    def _domain_id(self, code: str) -> int | None:
        return next((pk for pk, c in self.world.domains if c == code), None)

    def _conversation(self, out, case, sketch, worker, adults, themes, offset, day, at, fill):
        rng = self.rng
        place = _weighted(rng, PLACES)
        discussed = " ".join(
            [
                "Kennismaking en gesprek over alle leefgebieden, het netwerk en wat "
                "{naam} zelf al doet.",
                *(theme.discussed for theme in themes),
                "Wensen en mogelijkheden doorgenomen; de verschillen tussen willen en kunnen "
                "benoemd.",
            ]
        )
        conversation = self._talk(
            out, case, worker, day(offset), at(offset), place, fill(discussed), adults
        )
        written = offset + rng.randint(0, 3)
        if not sketch.happened(written):
            return
        recent = sketch.closed is None and sketch.days - written < 21
        pending = sketch.showcase == "gather" or (recent and rng.random() < 0.5)
        self._report(
            out,
            conversation,
            worker,
            fill(" ".join(theme.need for theme in themes)),
            fill(" ".join(theme.arrangement for theme in themes)),
            at(written),
            None if pending else at(min(sketch.days, written + rng.randint(1, 10))),
        )

    def _talk(self, out, case, worker, held_on, moment, place, discussed, adults):
        rng = self.rng
        conversation = Conversation(
            case=case,
            held_on=held_on,
            place=place,
            place_detail=rng.choice(PLACE_DETAILS[place]),
            network_present=rng.choice(NETWORK_PRESENT) if rng.random() < 0.35 else "",
            interpreter=rng.choice(INTERPRETERS) if rng.random() < 0.04 else "",
            discussed=discussed,
            author_id=worker,
            created_at=moment,
        )
        out.conversations.append(conversation)
        present = adults[:1] + [m for m in adults[1:] if rng.random() < 0.5]
        out.present += [(conversation, person) for person, *_ in present]
        return conversation

    def _report(self, out, conversation, worker, need, arrangement, written, resident_at):
        rng = self.rng
        how = ""
        witness = ""
        if resident_at is not None:
            how = rng.choice(
                [Report.ResidentAgreement.PAPER] * 2 + [Report.ResidentAgreement.VERBAL]
            )
            if how == Report.ResidentAgreement.VERBAL:
                witness = rng.choice(["collega wijkteam", "dochter", "buurvrouw", "zoon"])
        out.reports.append(
            (
                conversation,
                need,
                arrangement,
                worker,
                written,
                resident_at,
                how,
                witness,
                "",
                resident_at or written,
            )
        )

    def _baseline(self, focus: set[str]) -> dict[str, list[int]]:
        """Level and target per domain at the first measurement."""
        rng = self.rng
        state = {}
        for _, code in self.world.domains:
            if code in focus:
                level = _weighted(rng, BASELINE["focus"])
                state[code] = [level, min(5, level + rng.randint(1, 2))]
            else:
                state[code] = [_weighted(rng, BASELINE.get(code, BASELINE["default"])), None]
        return state

    def _progress(self, state: dict[str, list[int]], focus: set[str]) -> None:
        """Plausible change between two measurements: the goal's domains mostly
        go up, the others mostly stay."""
        rng = self.rng
        for code, values in state.items():
            draw = rng.random()
            if code in focus:
                change = 1 if draw < 0.55 else (-1 if draw < 0.63 else 0)
            else:
                change = 1 if draw < 0.1 else (-1 if draw < 0.17 else 0)
            values[0] = min(5, max(1, values[0] + change))

    def _measure(self, out, case, person, on, author, states, note):
        measurement = MatrixMeasurement(
            case=case, person_id=person, measured_on=on, note=note, author_id=author
        )
        out.measurements.append(measurement)
        state = states[person]
        for pk, code in self.world.domains:
            level, target = state[code]
            out.scores.append((measurement, pk, level, target))

    def _profile(self, out, case, person, made_on, author, themes, fill) -> dict:
        rng = self.rng
        profile = PersonalProfile(case=case, person_id=person, made_on=made_on, author_id=author)
        out.profiles.append(profile)
        domains = list(dict.fromkeys(theme.profile_domain for theme in themes))
        others = [d for d in PROFILE_TEXTS if d not in domains]
        domains += rng.sample(others, rng.randint(1, 2))
        wish_of = {theme.profile_domain: fill(theme.wish) for theme in reversed(themes)}
        for domain in domains:
            current, wish, earlier = PROFILE_TEXTS[domain]
            out.profile_rows.append(
                (profile, domain, fill(current), wish_of.get(domain, wish), earlier)
            )
        wishes = {}
        for rank, theme in enumerate(themes, start=1):
            wishes[theme.key] = Wish(
                profile=profile, rank=rank, text=fill(theme.wish), domain=theme.profile_domain
            )
            out.wishes.append(wishes[theme.key])
        return wishes

    def _design(self, theme: Theme, first: bool, showcase: str) -> tuple[list[str], dict]:
        """The ladder levels a goal's steps use, and the reasons written down
        for the inner rings: all four whenever a step is individual."""
        rng = self.rng
        inner = list(ladder.INNER)
        if first and showcase == "plan":
            levels = list(ladder.LEVELS)
        elif (first and showcase in ("application", "resident")) or rng.random() < SHARE_INDIVIDUAL:
            levels = [*_in_order(rng.sample(inner, rng.randint(1, 3))), ladder.INDIVIDUAL]
        else:
            levels = _in_order(rng.sample(inner, rng.randint(1, 3)))
        if ladder.INDIVIDUAL in levels:
            reasons = dict(theme.reasons)
        else:
            reasons = {
                level: theme.reasons[level]
                for level in inner
                if level not in levels and rng.random() < 0.3
            }
        return levels, reasons

    def _plan(self, out, case, sketch, themes, goals, worker, day, at, fill, event, step, phase):
        rng, world, marks = self.rng, self.world, sketch.marks
        designs = []
        for index, (theme, goal) in enumerate(zip(themes, goals, strict=True)):
            levels, reasons = self._design(theme, index == 0, sketch.showcase)
            reasons = {level: fill(text) for level, text in reasons.items()}
            steps = []
            for level in levels:
                column, text = theme.steps[level]
                service = None
                if level in (ladder.GENERAL, ladder.COLLECTIVE) and rng.random() < 0.5:
                    service = rng.choice(world.services.get((level, theme.life_domain), [None]))
                done = marks["set"] + rng.randint(14, 150) if rng.random() < 0.45 else None
                if level == ladder.INDIVIDUAL:
                    done = None
                steps.append((level, column, fill(text), service, done))
            designs.append((theme, goal, reasons, steps))
        author = worker if rng.random() < 0.85 else self._coordinator(case.team_id, day(0))
        header = {
            "aids": rng.choice(AIDS),
            "providers": ", ".join(rng.sample(PROVIDERS, rng.randint(1, 2))),
            "funding": rng.choice(FUNDING),
        }

        # Versions: v1 from the goals, a new draft after every evaluation.
        evaluations = sketch.evaluations
        versions: list[tuple[PlanVersion, int, int]] = []  # version, created, ends

        def version(number, created, evaluation_on):
            plan = PlanVersion(
                case=case,
                number=number,
                status=PlanVersion.Status.DRAFT,
                drawn_up_on=day(created),
                evaluation_on=evaluation_on,
                revision=rng.randint(1, 6),
                created_by_id=author,
                created_at=at(created),
                **header,
            )
            versions.append((plan, created, sketch.days))
            out.versions.append(plan)
            event(
                plan.created_at,
                author,
                CaseEvent.Kind.PLAN,
                note="nieuwe versie" if number == 1 else "evaluatie",
                after=f"v{number}",
            )
            return plan

        def set_plan(plan, offset):
            plan.status = PlanVersion.Status.SET
            plan.set_at = at(offset)
            plan.revision += rng.randint(2, 8)
            event(
                plan.set_at,
                author,
                CaseEvent.Kind.PLAN,
                note="vastgesteld",
                after=f"v{plan.number}",
            )

        current = version(1, marks["plan"], day(evaluations[0].due))
        step(current.created_at, phases.DRAFTING)
        if sketch.happened(marks["set"]):
            set_plan(current, marks["set"])
            phase(current.set_at, 4)
            step(current.set_at, phases.CARRYING_OUT)
            # Applications follow from the set plan (applications.draft_from_plan);
            # sending one would reach step 5, but the case is at 6 already.
            self._applications(out, case, sketch, designs, current, author, day, at)
        for k, evaluation in enumerate(evaluations):
            if current.status != PlanVersion.Status.SET or not sketch.happened(evaluation.held):
                break
            following = evaluations[k + 1].due if k + 1 < len(evaluations) else evaluation.held + 90
            evaluated = current
            versions[-1] = (evaluated, versions[-1][1], evaluation.held)
            current = version(evaluated.number + 1, evaluation.held, day(following))
            relationship_ok = rng.random() < 0.9
            relationship_note = fill(rng.choice(EVALUATION_NOTES["relationship"]))
            activities_ok = rng.random() < 0.8
            activities_note = (
                rng.choice(EVALUATION_NOTES["activities"]) if rng.random() < 0.3 else ""
            )
            phase_fit_ok = rng.random() < 0.92
            phase_fit_note = rng.choice(EVALUATION_NOTES["phase_fit"]) if rng.random() < 0.1 else ""
            out.evaluations.append(
                (
                    case,
                    evaluated,
                    day(evaluation.held),
                    relationship_ok,
                    relationship_note,
                    activities_ok,
                    activities_note,
                    phase_fit_ok,
                    phase_fit_note,
                    fill(rng.choice(EVALUATION_WENT_WELL)),
                    fill(rng.choice(EVALUATION_LEARNED)),
                    rng.choice(EVALUATION_ADJUSTMENTS),
                    worker,
                    current,
                )
            )
            if k == 0:
                phase(current.created_at, 5)
                step(current.created_at, phases.MEASURING)
            for goal in goals:
                if goal.reached_on is None and rng.random() < 0.2:
                    goal.reached_on = day(evaluation.held)
            if rng.random() < 0.5:  # an evaluation conversation, its report agreed
                talk = self._talk(
                    out,
                    case,
                    worker,
                    day(evaluation.held),
                    at(evaluation.held),
                    Conversation.Place.HOME,
                    fill(f"Evaluatiegesprek. {rng.choice(EVALUATION_WENT_WELL)}"),
                    [sketch.household.head],
                )
                self._report(
                    out,
                    talk,
                    worker,
                    fill(" ".join(theme.need for theme in themes)),
                    rng.choice(EVALUATION_ADJUSTMENTS),
                    at(evaluation.held),
                    at(min(sketch.days, evaluation.held + rng.randint(1, 7))),
                )
            if sketch.happened(evaluation.next_set):
                evaluated.status = PlanVersion.Status.SUPERSEDED
                set_plan(current, evaluation.next_set)
        if sketch.showcase == "resident":  # a new report, waiting for the resident
            offset = sketch.days - 4
            talk = self._talk(
                out,
                case,
                worker,
                day(offset),
                at(offset),
                Conversation.Place.HOME,
                fill(
                    "Huisbezoek: hoe gaat het met het plan? {naam} wil de afspraken over "
                    "het maatje aanpassen."
                ),
                [sketch.household.head],
            )
            self._report(
                out,
                talk,
                worker,
                fill("{naam} wil het maatje op een andere dag."),
                "Het maatje komt voortaan op donderdag; de rest van het plan blijft.",
                at(offset + 1),
                None,
            )

        # Goals and steps in every version; the reasons travel with the copy.
        for plan, _created, ends in versions:
            for _theme, goal, reasons, steps in designs:
                plan_goal = PlanGoal(
                    version=plan,
                    goal=goal,
                    reason_own=reasons.get(ladder.OWN, ""),
                    reason_network=reasons.get(ladder.NETWORK, ""),
                    reason_general=reasons.get(ladder.GENERAL, ""),
                    reason_collective=reasons.get(ladder.COLLECTIVE, ""),
                )
                if plan.status != PlanVersion.Status.DRAFT:
                    # A set version keeps the goal's wording (services.set_plan).
                    plan_goal.take_snapshot()
                out.plan_goals.append(plan_goal)
                for order, (level, column, text, service, done) in enumerate(steps, start=1):
                    columns = [text if name == column else "" for name in STEP_COLUMNS]
                    out.steps.append(
                        (
                            plan_goal,
                            order,
                            level,
                            *columns,
                            service,
                            day(done) if done is not None and done <= ends else None,
                        )
                    )
            self._reminder(plan, sketch, event)

    def _reminder(self, plan: PlanVersion, sketch: _Sketch, event) -> None:
        """What the reminder sweep did: a week before the evaluation date, once."""
        if plan.status == PlanVersion.Status.DRAFT or plan.evaluation_on is None:
            return
        if sketch.showcase == "due" and plan.status == PlanVersion.Status.SET:
            return  # left for the sweep
        set_on = plan.set_at.astimezone(self.tz).date()
        on = max(plan.evaluation_on - timedelta(days=7), set_on)
        last = sketch.closed.date() if sketch.closed else self.today - timedelta(days=1)
        if on > last:
            return
        moment = datetime.combine(on, clock(7, 0), tzinfo=self.tz)
        plan.reminded_at = max(moment, plan.set_at + timedelta(minutes=5))
        event(
            plan.reminded_at,
            None,
            CaseEvent.Kind.REMINDER,
            note=f"evaluatie op {plan.evaluation_on:%d-%m-%Y}",
            after=f"v{plan.number}",
        )

    def _applications(self, out, case, sketch, designs, plan, author, day, at) -> None:
        """An application for every goal with an individual step: drafted with
        the plan, sent when it is set, decided by an assessor (never the
        plan's author: assessors write no plans)."""
        rng, world, marks = self.rng, self.world, sketch.marks
        for theme, _goal, _reasons, steps in designs:
            if not any(level == ladder.INDIVIDUAL for level, *_ in steps):
                continue
            drafted = marks["set"] + rng.randint(0, 4)
            late = rng.random() < 0.15  # the professional is still completing it
            submitted = drafted + (rng.randint(20, 60) if late else rng.randint(0, 7))
            if sketch.showcase == "resident":  # a draft for the demo to send
                submitted = sketch.days + 1
            decided = submitted + rng.randint(4, 24)
            outcome = _weighted(rng, OUTCOMES)
            form = _weighted(rng, PROVISION_FORMS)
            if not sketch.happened(drafted):
                continue
            provision, volume = theme.provision
            application = Application(
                case=case,
                plan_version=plan,
                applicant_id=sketch.household.head[0],
                status=Application.Status.DRAFT,
                provision=provision,
                problems=_named(theme.problems, sketch),
                analysis=_named(theme.analysis, sketch),
                direction=_named(theme.direction, sketch),
                intended_results=_named(theme.results, sketch),
                measures=_named(theme.measures, sketch),
                form=form,
                created_by_id=author,
                created_at=at(drafted),
            )
            out.applications.append(application)
            if not sketch.happened(submitted):
                if sketch.closed is not None:
                    application.status = Application.Status.WITHDRAWN
                continue
            application.status = Application.Status.SUBMITTED
            application.submitted_on = day(submitted)
            application.decision_due = day(submitted + DECISION_DAYS)
            if sketch.closed is not None:
                decided = min(decided, sketch.days)
            if sketch.showcase == "application" or not sketch.happened(decided):
                continue
            application.status = Application.Status.DECIDED
            start = day(decided + rng.randint(0, 14))
            once = volume == "eenmalig"
            granted = outcome != Decision.Outcome.REFUSED
            decision = Decision(
                application=application,
                assessor_id=rng.choice(world.assessors),
                decided_on=day(decided),
                outcome=outcome,
                reasons=rng.choice(DECISION_REASONS[outcome]),
                provision=provision,
                volume=(
                    ""
                    if not granted
                    else volume
                    if outcome == Decision.Outcome.GRANTED
                    else f"{volume}, eerste half jaar"
                ),
                period_start=start if granted else None,
                period_end=(
                    None
                    if not granted or once
                    else start + timedelta(days=365 if outcome == "granted" else 182)
                ),
                own_contribution=OWN_CONTRIBUTION if granted else "",
            )
            out.decisions.append(decision)
            received = day(decided + rng.randint(7, 42))
            objects = rng.random() < 0.3 or not self.objected  # the first one always
            if outcome != Decision.Outcome.GRANTED and received <= self.today and objects:
                self.objected = True
                out.objections.append(
                    (
                        decision,
                        received,
                        rng.choice(OBJECTION_GROUNDS),
                        rng.choice(world.assessors),
                    )
                )

    def _log(self, out, case, author, start, sketch, day, fill, limit=10) -> None:
        rng = self.rng
        offset = start + rng.randint(1, 14)
        written = 0
        while sketch.happened(offset) and written < limit:
            kind = LogEntry.Kind.CONTACT if rng.random() < 0.75 else LogEntry.Kind.ACTION
            channel = rng.choice(list(LOG_TEXTS[kind]))
            out.log.append(
                (
                    case,
                    day(offset),
                    kind,
                    channel,
                    fill(rng.choice(LOG_TEXTS[kind][channel])),
                    author,
                    self._at(sketch, offset),
                )
            )
            written += 1
            offset += rng.randint(10, 40)

    def _consult(self, out, case, sketch, household, worker, day, at, event) -> None:
        """Another team thinks along, with the resident's consent to share,
        recorded for every member as ``services.request_consultation`` does."""
        rng, world = self.rng, self.world
        others = self.teams_other[household.team]
        if not others:
            return
        team = rng.choice(others)
        offset = sketch.marks["conversation"] + rng.randint(1, 20)
        if not sketch.happened(offset):
            return
        first = None
        for person, *_ in household.members:
            consent = Consent(
                person_id=person,
                purpose=Consent.Purpose.SHARE,
                given_on=day(offset),
                recorded_by_id=worker,
                note=f"consultatie traject {case.number}",
            )
            out.consents.append(consent)
            out.consent_teams.append((consent, team))
            first = first or consent
        question = rng.choice(CONSULTATION_QUESTIONS)
        answered = offset + rng.randint(3, 10)
        consultation = Consultation(
            case=case,
            team_id=team,
            question=question,
            consent=first,
            requested_by_id=worker,
            requested_at=at(offset),
        )
        if sketch.happened(answered):
            consultation.answer = rng.choice(CONSULTATION_ANSWERS)
            consultation.answered_at = at(answered)
        out.consultations.append(consultation)
        event(
            consultation.requested_at,
            worker,
            CaseEvent.Kind.CONSULTATION,
            note=question,
            after=world.team_names.get(team, ""),
        )


# Columns of the rows kept as plain tuples: the tables without children of
# their own. Model instances would cost more than the insert itself.
STEP_COLUMNS = ("own_action", "others_action", "professional_help", "wmo_claim")
ROWS = {
    "events": (CaseEvent, ("case", "at", "actor", "kind", "before", "after", "note")),
    "reports": (
        Report,
        (
            "conversation",
            "support_need",
            "arrangement",
            "professional_agreed_by",
            "professional_agreed_at",
            "resident_agreed_at",
            "resident_agreement",
            "witness",
            "resident_comment",
            "updated_at",
        ),
    ),
    "scores": (MatrixScore, ("measurement", "domain", "level", "target_level")),
    "profile_rows": (ProfileRow, ("profile", "domain", "current", "wishes", "earlier")),
    "steps": (
        PlanStep,
        ("plan_goal", "order", "ladder_level", *STEP_COLUMNS, "service", "done_on"),
    ),
    "evaluations": (
        Evaluation,
        (
            "case",
            "plan_version",
            "held_on",
            "relationship_ok",
            "relationship_note",
            "activities_ok",
            "activities_note",
            "phase_fit_ok",
            "phase_fit_note",
            "went_well",
            "learned",
            "adjustments",
            "author",
            "new_version",
        ),
    ),
    "objections": (Objection, ("decision", "received_on", "grounds", "recorded_by")),
    "log": (LogEntry, ("case", "on", "kind", "channel", "text", "author", "created_at")),
    "involvements": (Involvement, ("household", "team", "started_on", "ended_on", "reason")),
}


def _save(chunk: _Chunk) -> Counter:
    """Insert one chunk, parents before children. Parents go in with
    bulk_create, which gives them their ids; a child's foreign key is then
    read from its parent object. The tables without children take plain
    rows in one executemany per batch (``_insert_rows``)."""

    def insert(model, objects):
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return len(objects)

    counts: Counter = Counter()
    counts["cases"] = insert(Case, chunk.cases)
    insert(Consent, chunk.consents)
    _insert_rows(
        Consent.teams.through,
        ("consent", "team"),
        [(consent.id, team) for consent, team in chunk.consent_teams],
    )
    counts["consultations"] = insert(Consultation, chunk.consultations)
    counts["conversations"] = insert(Conversation, chunk.conversations)
    _insert_rows(
        Conversation.persons_present.through,
        ("conversation", "person"),
        [(conversation.id, person) for conversation, person in chunk.present],
    )
    counts["measurements"] = insert(MatrixMeasurement, chunk.measurements)
    counts["profiles"] = insert(PersonalProfile, chunk.profiles)
    insert(Wish, chunk.wishes)
    counts["goals"] = insert(Goal, chunk.goals)
    counts["versions"] = insert(PlanVersion, chunk.versions)
    insert(PlanGoal, chunk.plan_goals)
    counts["applications"] = insert(Application, chunk.applications)
    counts["decisions"] = insert(Decision, chunk.decisions)
    for name, (model, fields) in ROWS.items():
        rows = getattr(chunk, name)
        _insert_rows(model, fields, rows)
        counts[name] = len(rows)
    return counts


def _insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows into ``model``'s table. A value that is a model instance
    stands for its id; dates and times are adapted for the database as
    Django adapts them. SQLite takes a batch at a time as one executemany of
    a prepared statement; PostgreSQL takes the rows through COPY (an
    executemany there costs a round trip per row, and a multi-row INSERT as
    much again in parsing)."""
    if not rows:
        return
    meta, quote, ops = model._meta, connection.ops.quote_name, connection.ops
    concrete = [meta.get_field(name) for name in fields]
    converters = []
    for column in concrete:
        if column.is_relation:
            converters.append(_pk)
        elif column.get_internal_type() == "DateTimeField":
            converters.append(ops.adapt_datetimefield_value)
        elif column.get_internal_type() == "DateField":
            converters.append(ops.adapt_datefield_value)
        else:
            converters.append(None)
    table = quote(meta.db_table)
    columns = ", ".join(quote(column.column) for column in concrete)

    def adapted(batch):
        return [
            tuple(
                value if convert is None or value is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            )
            for row in batch
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in adapted(rows):
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(concrete))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, adapted(rows[start : start + BATCH_SIZE]))


def _pk(value):
    return value if isinstance(value, int) else value.pk


@contextlib.contextmanager
def _explicit_timestamps(*fields):
    """bulk_create stamps auto_now and auto_now_add fields with the current
    time; the seed needs the moments it drew, so switch that off meanwhile."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _in_order(levels) -> list[str]:
    return sorted(levels, key=ladder.LEVELS.index)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _named(text: str, sketch: _Sketch) -> str:
    return text.replace("{naam}", sketch.household.head[3])


# The demo logins' cases --------------------------------------------------------
def shared_elsewhere(team) -> Exists:
    """A member of the case's household consented to share with another
    team: that team may read the case (access.visible_cases)."""
    return Exists(
        Consent.teams.through.objects.filter(
            consent__person__membership__household=OuterRef("household_id"),
            consent__purpose=Consent.Purpose.SHARE,
            consent__withdrawn_on__isnull=True,
        ).exclude(team=team)
    )


def evaluation_due_this_week(today: date) -> Exists:
    return Exists(
        PlanVersion.objects.filter(
            case=OuterRef("pk"),
            status=PlanVersion.Status.SET,
            evaluation_on__gte=today,
            evaluation_on__lte=today + timedelta(days=6),
        ).exclude(pk__in=Evaluation.objects.values("plan_version_id"))
    )


def hand_demo_cases(user, team, *, also: Case | None = None) -> list[Case]:
    """Make a demo login the coordinator of a handful of its team's open
    cases: one whose evaluation is due this week and one in each phase from
    gathering information on, plus ``also`` (the demo resident's case).
    Cases it coordinates already count, so running this again changes
    nothing. Only cases no other team may read, so the other demo team never
    sees them."""
    today = timezone.localdate()
    candidates = (
        Case.objects.filter(
            team=team,
            closed_at__isnull=True,
            escalated_at__isnull=True,
            confidentiality__lte=Confidentiality.VERTROUWELIJK,
        )
        .exclude(shared_elsewhere(team))
        .order_by("id")
    )
    wanted = [
        evaluation_due_this_week(today),
        *(Q(phase=phase) for phase in phases.PHASES[1:]),
    ]
    handed = []
    for condition in wanted:
        if candidates.filter(condition, coordinator=user).exists():
            continue
        case = candidates.filter(condition).exclude(coordinator=user).first()
        if case is not None:
            handed.append(case)
    if also is not None and also.coordinator_id != user.pk:
        handed.append(also)
    for case in handed:
        Case.objects.filter(pk=case.pk).update(coordinator=user)
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ALLOCATED).update(
            after=user.get_full_name()[:40]
        )
    return handed


def resident_case_filter(team) -> Q:
    """For household members: the household has an open case of ``team``
    with a set plan and a report awaiting the resident's agreement (a
    household has one open case at most)."""
    waiting = Report.objects.filter(
        conversation__case__household=OuterRef("household"),
        conversation__case__team=team,
        conversation__case__closed_at__isnull=True,
        professional_agreed_at__isnull=False,
        resident_agreed_at__isnull=True,
    )
    with_plan = PlanVersion.objects.filter(
        case__household=OuterRef("household"),
        case__team=team,
        case__closed_at__isnull=True,
        status=PlanVersion.Status.SET,
    )
    return Q(Exists(waiting), Exists(with_plan))
