"""The social map (sociale kaart) of the synthetic municipality: providers,
offers, locations, opening times and contacts.

The phase has its own random stream, derived from the seed, and reads what
it needs from the database in a fixed order, so a municipality gets the same
map whether it is seeded in one go or had the map added to an older seed.
Offers are drawn from templates per kind of help; each names its
neighbourhood, location or provider, and a number where a name would repeat.
All names are invented; web addresses and e-mail addresses are on
example.org. There are no phone numbers: no Dutch number range is reserved
for fiction, so any number could belong to someone.
"""

import itertools
import random
import re
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock

from django.conf import settings
from django.db import connection
from django.db.models import Min, Q

from wijknet.core.models import Municipality, Neighbourhood, Organisation, Postcode, Role, User
from wijknet.kaart.models import (
    AccessibilityFeature,
    Contact,
    LifeDomain,
    Location,
    MapEditor,
    PerformanceField,
    Schedule,
    Service,
    ServiceAtLocation,
    TargetGroup,
)
from wijknet.kaart.services import index_text_for
from wijknet.people.models import Person

BATCH_SIZE = 2000
CITY = "Wijkerveen"
Kind = Organisation.Kind
Level = Service.LadderLevel

# Extra providers ---------------------------------------------------------------
PROVIDER_KINDS = {Kind.WELFARE: 30, Kind.CARE: 25, Kind.VOLUNTEER_CENTRE: 15, Kind.OTHER: 30}
# (name pattern, the offers such a provider makes; None: any of its kind).
# {plaats}: a neighbourhood, a district or the town; {naam}: a house name.
PROVIDER_NAMES = {
    Kind.WELFARE: [
        ("Stichting Buurtkracht {plaats}", None),
        ("Welzijnscoöperatie {naam}", None),
        ("Buurthuisvereniging {naam}", None),
        ("Stichting Samen {plaats}", None),
        ("Wijkvereniging {plaats}", None),
        ("Stichting Ontmoeting {plaats}", None),
    ],
    Kind.CARE: [
        ("Zorgcoöperatie {naam}", None),
        ("Thuiszorg {naam}", None),
        ("Zorgboerderij {naam}", {"dagbesteding", "respijtzorg", "wandelen"}),
        ("Zorggroep {naam}", None),
        ("Dagbesteding {naam}", {"dagbesteding", "respijtzorg", "begeleiding"}),
        ("Begeleidingsdienst {naam}", {"begeleiding", "huishoudelijke-hulp", "mantelzorg"}),
    ],
    Kind.VOLUNTEER_CENTRE: [
        ("Vrijwilligerspunt {plaats}", None),
        ("Stichting Vriendendienst {plaats}", None),
        ("Vrijwilligersnetwerk {naam}", None),
        ("Stichting Handen in de Wijk {plaats}", None),
    ],
    Kind.OTHER: [
        (
            "Stichting Geldzorgen {plaats}",
            {"schuldhulp", "formulieren", "thuisadministratie", "voedselbank"},
        ),
        ("Stichting Taalhuis {plaats}", {"taalcafe", "formulieren"}),
        ("Stichting Voedselhulp {plaats}", {"voedselbank", "samen-eten"}),
        ("Sportvereniging {naam}", {"bewegen", "wandelen", "jongerenwerk"}),
        ("Stichting Jongerenplek {plaats}", {"jongerenwerk"}),
        ("Repaircafé {plaats}", {"klussen", "koffieochtend"}),
        (
            "Stichting Zingeving {naam}",
            {"inloop-ggz", "koffieochtend", "samen-eten", "maatjes", "creatief", "telefooncirkel"},
        ),
    ],
}
# What the seeded network's organisations of these kinds offer; the others
# offer anything of their kind.
NETWORK_OFFERS = {
    Kind.OTHER: {"voedselbank"},
    Kind.HOUSING: {"woningaanpassing", "buurtbemiddeling"},
}
HOUSE_NAMES = [
    "De Horst",
    "Het Anker",
    "De Brug",
    "De Schakel",
    "Het Baken",
    "De Wending",
    "Het Kompas",
    "De Eik",
    "De Hoeksteen",
    "De Vonk",
    "Het Trefpunt",
    "De Meander",
    "De Kapstok",
    "Het Veerhuis",
    "De Wilg",
    "De Boomgaard",
    "Het Hofje",
    "De Zonnewijzer",
    "De Klaproos",
    "Het Erf",
    "De Stek",
    "De Lantaarn",
    "De Molenhoek",
    "De Brink",
    "Het Wiel",
    "De Notenboom",
    "De Korenbloem",
    "Het Steigertje",
]
PROVIDER_ABOUT = {
    Kind.WELFARE: "Welzijnswerk in de buurt: ontmoeting, informatie en hulp bij vragen.",
    Kind.CARE: "Zorg en begeleiding thuis en in kleine groepen.",
    Kind.VOLUNTEER_CENTRE: "Vrijwilligers die bewoners helpen en vrijwilligerswerk in de wijk.",
    Kind.OTHER: "Een maatschappelijke organisatie in Wijkerveen.",
}
# Kinds of the seeded network whose members offer something on the map.
OFFERING_KINDS = {
    Kind.MUNICIPALITY,
    Kind.WELFARE,
    Kind.CARE,
    Kind.MENTAL_HEALTH,
    Kind.HOUSING,
    Kind.VOLUNTEER_CENTRE,
    Kind.OTHER,
}
EDITOR_KINDS = {
    Kind.MUNICIPALITY,
    Kind.WELFARE,
    Kind.CARE,
    Kind.MENTAL_HEALTH,
    Kind.VOLUNTEER_CENTRE,
    Kind.OTHER,
}
SHARE_PROVIDERS_WITH_EDITOR = 0.4


# Offers --------------------------------------------------------------------------
@dataclass(frozen=True)
class Offer:
    """A kind of help, and how its entries vary.

    Names may use {buurt} (the neighbourhood, or Wijkerveen), {wijk} (the
    district), {plek} (the location's name) and {org} (the provider)."""

    key: str
    weight: float
    kinds: tuple[str, ...]  # organisation kinds that offer it
    names: tuple[str, ...]
    what: tuple[str, ...]  # the first sentence of the description
    more: tuple[str, ...]  # the second
    method: tuple[str, ...]
    domains: tuple[str, ...]  # LifeDomain codes; the first always, the others often
    fields: tuple[int, ...]  # PerformanceField numbers
    groups: tuple[str, ...] = ()  # TargetGroup codes
    open: float = 1.0  # chance the entry is for everyone
    levels: tuple[tuple[str, float], ...] = ((Level.GENERAL, 1.0),)
    local: float = 0.8  # chance it serves 1-3 neighbourhoods, not the whole town
    venue: str = "community"  # community | own | "" (at home, by phone)
    at_venue: float = 0.9  # chance an entry has a location
    free: float = 1.0
    fees: tuple[str, ...] = ()
    times: tuple[tuple[str, str, str], ...] = ()  # (byday, opens, closes)
    apply: tuple[str, ...] = ("U kunt gewoon binnenlopen; aanmelden is niet nodig.",)
    ages: tuple[int | None, int | None] = (None, None)
    alternate: tuple[str, ...] = ()
    languages: str = ""
    volunteer_run: bool = False


WMO = "eigen bijdrage volgens de Wmo"
WMO_APPLY = (
    "Aanvragen via de Wmo-consulent van de gemeente. Na het keukentafelgesprek "
    "beslist de gemeente en ontvangt u een beschikking.",
    "Neem contact op met de Wmo-consulent van de gemeente voor een keukentafelgesprek; "
    "u kunt een cliëntondersteuner meenemen.",
)
WALK_IN = (
    "U kunt gewoon binnenlopen; aanmelden is niet nodig.",
    "Aanmelden is niet nodig, u bent van harte welkom.",
)

OFFERS = (
    Offer(
        "koffieochtend",
        9,
        (Kind.WELFARE, Kind.VOLUNTEER_CENTRE, Kind.OTHER),
        ("Koffieochtend {buurt}", "Koffie-inloop in {plek}", "Buurtkoffie {buurt}"),
        (
            "Elke week staat de koffie klaar voor iedereen uit de buurt die een praatje wil maken.",
            "Een gezellige ochtend met koffie, thee en een praatje voor buurtbewoners.",
        ),
        (
            "Wie zich eenzaam voelt of nieuw is in de wijk, vindt hier makkelijk aansluiting.",
            "Zo gaan we samen eenzaamheid in de buurt tegen.",
        ),
        (
            "Vrijwilligers ontvangen u en zorgen voor koffie en thee. Soms is er een spelletje "
            "of komt er iemand iets vertellen.",
        ),
        ("sociale-contacten",),
        (1,),
        groups=("ouderen",),
        open=0.95,
        local=0.95,
        free=0.6,
        fees=("€ 0,50 per kopje", "€ 1 per keer"),
        times=(
            ("TU", "10:00", "12:00"),
            ("TH", "10:00", "11:30"),
            ("WE", "09:30", "11:30"),
            ("FR", "10:00", "12:00"),
        ),
        apply=WALK_IN,
        volunteer_run=True,
    ),
    Offer(
        "samen-eten",
        6,
        (Kind.WELFARE, Kind.VOLUNTEER_CENTRE, Kind.OTHER),
        ("Samen eten {buurt}", "Buurtmaaltijd in {plek}", "Aanschuiftafel {buurt}"),
        (
            "Eens per week koken vrijwilligers een verse maaltijd die we samen aan tafel eten.",
            "Samen eten is gezellig en goedkoop: warme maaltijden met drie gangen.",
        ),
        (
            "Voor wie niet graag alleen eet of weinig mensen ziet: samen eten helpt tegen "
            "eenzaamheid.",
            "Wie weinig te besteden heeft, krijgt korting op de maaltijden.",
        ),
        ("U schuift aan bij een vaste tafel; vrijwilligers koken en bedienen.",),
        ("sociale-contacten", "zelfzorg"),
        (1,),
        groups=("ouderen", "laag-inkomen"),
        open=0.9,
        local=0.9,
        free=0.1,
        fees=("€ 5 per maaltijd", "€ 4,50 per maaltijd", "€ 6 per maaltijd, kinderen € 3"),
        times=(("WE", "17:30", "19:30"), ("TH", "17:00", "19:00"), ("SU", "12:30", "14:00")),
        apply=("Opgeven kan tot de dag ervoor bij de gastvrouw of per e-mail.",),
        volunteer_run=True,
    ),
    Offer(
        "creatief",
        5,
        (Kind.WELFARE, Kind.VOLUNTEER_CENTRE, Kind.OTHER),
        ("Creatief café {buurt}", "Handwerkclub in {plek}", "Schildergroep {buurt}"),
        (
            "Samen creatief bezig zijn: tekenen, schilderen, breien of haken, op uw eigen niveau.",
            "Een middag knutselen, schilderen en handwerken met buurtgenoten.",
        ),
        (
            "Materialen zijn aanwezig; het gaat om het plezier en de ontmoeting.",
            "Ervaring is niet nodig, iedereen kan meedoen.",
        ),
        ("Een vrijwilliger met ervaring begeleidt de groep en geeft tips.",),
        ("sociale-contacten", "zingeving"),
        (1,),
        groups=("ouderen", "beperking"),
        open=0.9,
        free=0.4,
        fees=("€ 2,50 per keer", "€ 3 per keer inclusief materiaal"),
        times=(("MO", "13:30", "15:30"), ("TH", "14:00", "16:00"), ("TU", "19:30", "21:30")),
        apply=WALK_IN,
        volunteer_run=True,
    ),
    Offer(
        "bewegen",
        6,
        (Kind.WELFARE, Kind.CARE, Kind.OTHER),
        (
            "Beweegles voor ouderen {buurt}",
            "Stoelyoga in {plek}",
            "Fit en vitaal {buurt}",
            "Meer bewegen voor ouderen {buurt}",
        ),
        (
            "Rustige beweeglessen onder leiding van een ervaren docent, ook vanaf een stoel.",
            "Wekelijks samen bewegen op muziek, aangepast aan wat u kunt.",
        ),
        (
            "Bewegen houdt u fit, helpt vallen voorkomen en is goed tegen eenzaamheid.",
            "Na afloop drinken we samen koffie.",
        ),
        ("Een gediplomeerde beweegdocent geeft de les; u kunt op elk moment instromen.",),
        ("gezondheid", "sociale-contacten"),
        (1, 5),
        groups=("ouderen",),
        open=0.6,
        free=0.2,
        fees=("€ 2,50 per keer", "€ 25 per kwartaal"),
        times=(("MO", "10:00", "11:00"), ("WE", "10:30", "11:30"), ("FR", "09:30", "10:30")),
        ages=(55, None),
    ),
    Offer(
        "maaltijdservice",
        4,
        (Kind.CARE, Kind.WELFARE, Kind.VOLUNTEER_CENTRE),
        ("Maaltijdservice {buurt}", "Warme maaltijd aan huis {buurt}", "Maaltijden van {org}"),
        (
            "Vrijwilligers bezorgen een warme maaltijd bij u thuis, op de dagen dat u dat wilt.",
            "Voor wie zelf niet meer (elke dag) kan koken: verse maaltijden aan huis.",
        ),
        (
            "De maaltijden zijn ook verkrijgbaar als dieetmaaltijd.",
            "Bij de bezorging is er even tijd voor een praatje.",
        ),
        ("U kiest wekelijks uit een menukaart; de maaltijd wordt tussen de middag bezorgd.",),
        ("zelfzorg", "gezondheid"),
        (5,),
        groups=("ouderen", "beperking"),
        open=0.3,
        local=0.5,
        venue="",
        free=0.0,
        fees=("€ 7,50 per maaltijd", "€ 8,25 per maaltijd inclusief toetje"),
        times=(("MO,TU,WE,TH,FR", "11:00", "13:00"),),
        apply=(
            "Aanmelden via het aanmeldformulier of bij de coördinator; de bezorging kan "
            "binnen een week starten.",
        ),
        alternate=("Tafeltje-dek-je",),
        volunteer_run=True,
    ),
    Offer(
        "maatjes",
        5,
        (Kind.VOLUNTEER_CENTRE, Kind.WELFARE, Kind.OTHER),
        ("Maatjesproject {buurt}", "Vriendendienst {buurt}", "Maatje voor ouderen {buurt}"),
        (
            "Een vrijwilliger komt regelmatig bij u langs voor een wandeling, een spelletje of "
            "een kop koffie.",
            "Een vast maatje om samen leuke dingen mee te doen.",
        ),
        (
            "Voor mensen die weinig contacten hebben en eenzaamheid ervaren.",
            "Voor mensen met psychische klachten die weer willen meedoen.",
        ),
        (
            "Na een kennismakingsgesprek zoeken we een vrijwilliger die bij u past. U spreekt "
            "samen af hoe vaak u elkaar ziet, meestal eens per week.",
        ),
        ("sociale-contacten",),
        (1, 5),
        groups=("ouderen", "ggz", "nieuwkomers"),
        open=0.2,
        local=0.4,
        venue="",
        apply=("Aanmelden kan zelf, door familie of via de huisarts of het wijkteam.",),
        volunteer_run=True,
    ),
    Offer(
        "schuldhulp",
        3,
        (Kind.MUNICIPALITY, Kind.WELFARE, Kind.OTHER),
        (
            "Schuldhulpverlening {buurt}",
            "Spreekuur geldzorgen {buurt}",
            "Geldzaken op orde {buurt}",
        ),
        (
            "Heeft u schulden of loopt u achter met betalen? Samen brengen we uw situatie in "
            "kaart en zoeken we naar een oplossing.",
            "Hulp bij geldzorgen en schulden, van een budgetplan tot een schuldregeling.",
        ),
        (
            "Hoe eerder u komt, hoe beter: schulden worden vaak groter als u wacht.",
            "We werken samen met de voedselbank en de formulierenbrigade.",
        ),
        ("Een schuldhulpverlener maakt met u een plan en onderhandelt met schuldeisers.",),
        ("financien",),
        (3,),
        groups=("laag-inkomen",),
        open=0.9,
        local=0.3,
        venue="own",
        times=(("TU", "09:00", "12:00"), ("TH", "13:00", "16:00")),
        apply=("Maak een afspraak via het aanmeldformulier of loop binnen tijdens het spreekuur.",),
    ),
    Offer(
        "formulieren",
        4,
        (Kind.WELFARE, Kind.VOLUNTEER_CENTRE, Kind.OTHER),
        ("Formulierenbrigade {buurt}", "Formulierenhulp in {plek}", "Hulp bij formulieren {buurt}"),
        (
            "Vrijwilligers helpen u met het invullen van ingewikkelde formulieren en brieven, "
            "zoals toeslagen, belastingaangifte of een aanvraag bij de gemeente.",
        ),
        (
            "Ook als u niet goed Nederlands leest of schrijft.",
            "Zo voorkomt u dat u geld misloopt of schulden krijgt.",
        ),
        ("U neemt de brief of het formulier mee; samen vullen we het in.",),
        ("financien",),
        (3,),
        groups=("laag-inkomen", "nieuwkomers"),
        open=0.9,
        times=(("MO", "13:00", "15:00"), ("WE", "10:00", "12:00"), ("FR", "13:30", "15:30")),
        apply=("Loop binnen tijdens het spreekuur; neem de brief of het formulier mee.",),
        volunteer_run=True,
    ),
    Offer(
        "thuisadministratie",
        3,
        (Kind.VOLUNTEER_CENTRE, Kind.WELFARE, Kind.OTHER),
        (
            "Thuisadministratie {buurt}",
            "Hulp bij de thuisadministratie {buurt}",
            "Administratiemaatje {buurt}",
        ),
        (
            "Een getrainde vrijwilliger helpt u bij u thuis om uw administratie op orde te "
            "brengen en te houden.",
        ),
        (
            "Zo voorkomt u betalingsachterstanden en nieuwe schulden.",
            "Samen maakt u een overzicht van inkomsten en vaste lasten.",
        ),
        ("De vrijwilliger komt een paar maanden lang eens per week of twee weken langs.",),
        ("financien", "zelfzorg"),
        (3, 4),
        groups=("laag-inkomen", "ouderen"),
        open=0.7,
        local=0.5,
        venue="",
        apply=(
            "Aanmelden via de vrijwilligerscoördinator; binnen twee weken volgt een "
            "kennismakingsgesprek.",
        ),
        volunteer_run=True,
    ),
    Offer(
        "mantelzorg",
        4,
        (Kind.WELFARE, Kind.CARE, Kind.VOLUNTEER_CENTRE),
        (
            "Mantelzorgsteunpunt {buurt}",
            "Mantelzorgcafé {buurt}",
            "Ondersteuning voor mantelzorgers {buurt}",
        ),
        (
            "Zorgt u voor een naaste die ziek is, een beperking heeft of ouder wordt? Hier kunt u "
            "terecht voor advies, een luisterend oor en contact met andere mantelzorgers.",
        ),
        (
            "We helpen ook met het regelen van respijtzorg, zodat u even tijd voor uzelf heeft.",
            "Eens per jaar is er een mantelzorgwaardering.",
        ),
        ("Een mantelzorgconsulent voert een gesprek met u en denkt mee over wat u ontlast.",),
        ("mantelzorg",),
        (4,),
        groups=("mantelzorgers",),
        open=0.1,
        local=0.5,
        times=(("TH", "19:30", "21:30"), ("TU", "13:30", "15:30")),
        apply=("Aanmelden kan zelf of via de huisarts, de wijkverpleging of het wijkteam.",),
    ),
    Offer(
        "respijtzorg",
        3,
        (Kind.CARE, Kind.WELFARE, Kind.VOLUNTEER_CENTRE),
        ("Respijtzorg {buurt}", "Logeeropvang {plek}", "Even vrij voor mantelzorgers {buurt}"),
        (
            "Een vrijwilliger of zorgverlener neemt de zorg een dagdeel van u over, zodat u als "
            "mantelzorger even op adem kunt komen.",
        ),
        (
            "Zo voorkomen we dat mantelzorgers overbelast raken.",
            "Uw naaste kan ook een paar dagen komen logeren.",
        ),
        ("Na een kennismaking bij u thuis plannen we samen vaste momenten.",),
        ("mantelzorg", "zelfzorg"),
        (4, 6),
        groups=("mantelzorgers",),
        open=0.0,
        levels=((Level.GENERAL, 0.5), (Level.COLLECTIVE, 0.5)),
        local=0.4,
        venue="own",
        at_venue=0.5,
        free=0.6,
        fees=(WMO,),
        apply=("Aanvragen via het mantelzorgsteunpunt of de Wmo-consulent van de gemeente.",),
    ),
    Offer(
        "dagbesteding",
        4,
        (Kind.CARE, Kind.OTHER, Kind.MENTAL_HEALTH),
        ("Dagbesteding {plek}", "Ontmoetingscentrum {buurt}", "Dagbesteding {buurt}"),
        (
            "Een zinvolle dag met activiteiten in een kleine groep, zoals tuinieren, koken en "
            "creatief werk.",
            "Een vaste plek om overdag naartoe te gaan, met begeleiding en een warme lunch.",
        ),
        (
            "Voor mensen met geheugenproblemen of een beperking; mantelzorgers worden zo ook "
            "ontlast.",
            "Vervoer van en naar huis kan worden geregeld.",
        ),
        ("Begeleiders stemmen de activiteiten af op wat u kunt en leuk vindt.",),
        ("werk-en-dagbesteding", "sociale-contacten"),
        (5, 6),
        groups=("ouderen", "beperking", "ggz"),
        open=0.05,
        levels=((Level.COLLECTIVE, 0.7), (Level.GENERAL, 0.3)),
        local=0.7,
        venue="own",
        free=0.2,
        fees=(WMO,),
        times=(("MO,TU,WE,TH,FR", "09:30", "15:30"), ("TU,TH", "10:00", "15:00")),
        apply=(
            "Vrij toegankelijk na een kennismaking; voor meer dagdelen is een indicatie van de "
            "Wmo-consulent nodig.",
        ),
    ),
    Offer(
        "regiotaxi",
        0.5,
        (Kind.MUNICIPALITY,),
        ("Regiotaxi Wijkerveen", "Collectief vervoer Wijkerveen", "Deeltaxi {wijk}"),
        (
            "Deur-tot-deurvervoer in de regio voor mensen die niet zelf of met het openbaar "
            "vervoer kunnen reizen.",
        ),
        ("U deelt de taxi soms met andere reizigers.",),
        ("U bestelt een rit minstens een uur van tevoren.",),
        ("vervoer",),
        (5, 6),
        groups=("beperking", "ouderen"),
        open=0.0,
        levels=((Level.COLLECTIVE, 1.0),),
        local=0.0,
        venue="",
        free=0.0,
        fees=("€ 1,20 per zone (Wmo-tarief)", WMO),
        times=(("MO,TU,WE,TH,FR,SA,SU", "07:00", "23:00"),),
        apply=("Een Wmo-vervoerspas vraagt u aan bij de Wmo-consulent van de gemeente.",),
    ),
    Offer(
        "chauffeurs",
        3,
        (Kind.VOLUNTEER_CENTRE, Kind.WELFARE, Kind.OTHER),
        ("Vrijwillige chauffeurs {buurt}", "Boodschappenbus {buurt}", "Rijdende buren {wijk}"),
        (
            "Vrijwilligers rijden u met hun eigen auto naar de huisarts, het ziekenhuis, de "
            "kapper of op visite.",
        ),
        (
            "Zo blijft u mobiel, ook als u zelf niet meer rijdt.",
            "De chauffeur wacht op u of haalt u later weer op.",
        ),
        ("U vraagt een rit aan; de coördinator zoekt een vrijwillige chauffeur.",),
        ("vervoer", "sociale-contacten"),
        (1, 5),
        groups=("ouderen", "beperking"),
        open=0.4,
        local=0.6,
        venue="",
        free=0.0,
        fees=("€ 0,35 per kilometer", "€ 2 per rit plus kilometervergoeding"),
        apply=(
            "Vraag minstens twee werkdagen van tevoren een rit aan via het aanvraagformulier "
            "of per e-mail.",
        ),
        volunteer_run=True,
    ),
    Offer(
        "scootmobielpool",
        2,
        (Kind.WELFARE, Kind.CARE, Kind.MUNICIPALITY),
        ("Scootmobielpool {buurt}", "Scootmobiel lenen in {plek}"),
        ("Leen een scootmobiel voor een dagdeel om boodschappen te doen of een ommetje te maken.",),
        ("Na een korte rijles van een vrijwilliger kunt u zelfstandig op pad.",),
        ("De scootmobielen staan opgeladen klaar; u reserveert via de beheerder.",),
        ("vervoer",),
        (5,),
        groups=("beperking", "ouderen"),
        open=0.3,
        levels=((Level.COLLECTIVE, 1.0),),
        local=0.9,
        free=0.0,
        fees=("€ 2,50 per dagdeel", "€ 25 per jaar lidmaatschap"),
        times=(("MO,WE,FR", "09:00", "17:00"),),
        apply=("Aanmelden bij de beheerder van de pool; een Wmo-indicatie is niet nodig.",),
    ),
    Offer(
        "klussen",
        4,
        (Kind.VOLUNTEER_CENTRE, Kind.WELFARE, Kind.OTHER),
        ("Klussendienst {buurt}", "Buurtklusjes {buurt}", "Klusjesdienst {wijk}"),
        (
            "Vrijwilligers helpen met kleine klussen in en om het huis, zoals een lamp ophangen, "
            "een kraan repareren of de tuin bijhouden.",
        ),
        ("Voor mensen die het zelf niet meer kunnen en niemand hebben die kan helpen.",),
        ("U meldt de klus aan; een vrijwilliger belt terug om een afspraak te maken.",),
        ("wonen", "zelfzorg"),
        (1, 4),
        groups=("ouderen", "beperking", "laag-inkomen"),
        open=0.5,
        local=0.7,
        venue="",
        free=0.3,
        fees=("alleen de kosten van materiaal", "€ 5 per klus plus materiaal"),
        apply=("Meld uw klus aan via het aanmeldformulier of per e-mail.",),
        volunteer_run=True,
    ),
    Offer(
        "wandelen",
        5,
        (Kind.WELFARE, Kind.VOLUNTEER_CENTRE, Kind.OTHER, Kind.CARE),
        ("Wandelgroep {buurt}", "Ommetje {buurt}", "Wandelen vanuit {plek}"),
        ("Samen een rustig ommetje door de wijk, met onderweg tijd voor een praatje.",),
        (
            "Bewegen in de buitenlucht is goed voor lijf en hoofd en helpt tegen eenzaamheid.",
            "Na afloop is er koffie.",
        ),
        ("We vertrekken vanaf de locatie; het tempo past zich aan de groep aan.",),
        ("sociale-contacten", "gezondheid"),
        (1,),
        local=0.95,
        times=(("TU", "10:00", "11:00"), ("SA", "10:00", "11:30"), ("TH", "14:00", "15:00")),
        apply=WALK_IN,
        volunteer_run=True,
    ),
    Offer(
        "telefooncirkel",
        2,
        (Kind.VOLUNTEER_CENTRE, Kind.WELFARE, Kind.OTHER),
        ("Telefooncirkel {buurt}", "Belcirkel {wijk}", "Dagelijks telefoontje {buurt}"),
        (
            "Elke ochtend belt een deelnemer de volgende in de kring: zo weet iedereen dat er "
            "iemand aan hem of haar denkt.",
        ),
        (
            "Wordt er niet opgenomen, dan gaat er iemand kijken.",
            "Een kleine moeite tegen eenzaamheid en onveiligheid.",
        ),
        ("De coördinator stelt de kring samen en springt in als iemand niet opneemt.",),
        ("sociale-contacten", "veiligheid"),
        (1,),
        groups=("ouderen",),
        open=0.3,
        local=0.7,
        venue="",
        times=(("MO,TU,WE,TH,FR,SA,SU", "09:00", "10:00"),),
        apply=("Aanmelden bij de coördinator; u kunt op elk moment stoppen.",),
        volunteer_run=True,
    ),
    Offer(
        "opvoeden",
        4,
        (Kind.WELFARE, Kind.CARE, Kind.MUNICIPALITY, Kind.OTHER),
        ("Opvoedspreekuur {buurt}", "Oudercafé {buurt}", "Opvoedondersteuning {buurt}"),
        (
            "Vragen over opvoeden en opgroeien? Een pedagoog denkt met u mee over slapen, eten, "
            "driftbuien of de puberteit.",
        ),
        (
            "Ouders kunnen hier ook andere ouders ontmoeten en ervaringen delen.",
            "Ook voor ouders die net gescheiden zijn.",
        ),
        ("Een gesprek op het spreekuur, en zo nodig een paar gesprekken bij u thuis.",),
        ("opvoeden",),
        (2,),
        groups=("gezinnen",),
        open=0.3,
        free=0.9,
        fees=("€ 15 voor een cursus van vier avonden",),
        times=(("WE", "09:00", "11:00"), ("TU", "19:30", "21:00")),
        apply=("Loop binnen op het spreekuur of maak een afspraak per e-mail.",),
    ),
    Offer(
        "taalcafe",
        4,
        (Kind.VOLUNTEER_CENTRE, Kind.WELFARE, Kind.OTHER),
        ("Taalcafé {buurt}", "Taalcafé in {plek}", "Samen Nederlands praten {buurt}"),
        (
            "Oefen de Nederlandse taal in een ontspannen sfeer, samen met vrijwilligers en "
            "andere deelnemers.",
        ),
        (
            "Ook voor inwoners die moeite hebben met lezen en schrijven.",
            "Een mooie manier om nieuwe mensen te leren kennen.",
        ),
        ("We praten in kleine groepjes over een onderwerp van de week.",),
        ("sociale-contacten", "werk-en-dagbesteding"),
        (1, 5),
        groups=("nieuwkomers",),
        open=0.5,
        times=(("TH", "19:00", "20:30"), ("SA", "10:30", "12:00"), ("MO", "14:00", "15:30")),
        apply=WALK_IN,
        languages="Nederlands, Engels, Arabisch, Tigrinya",
        volunteer_run=True,
    ),
    Offer(
        "voedselbank",
        2,
        (Kind.OTHER, Kind.WELFARE),
        ("Voedselbank uitgiftepunt {buurt}", "Sociale kruidenier {buurt}", "Uitgiftepunt {plek}"),
        (
            "Huishoudens die tijdelijk niet genoeg geld hebben voor eten krijgen hier wekelijks "
            "een voedselpakket.",
        ),
        (
            "We kijken samen met u ook naar hulp bij schulden, zodat u zo kort mogelijk van ons "
            "afhankelijk bent.",
        ),
        ("Na een intakegesprek haalt u elke week een pakket op.",),
        ("financien", "zelfzorg"),
        (3,),
        groups=("laag-inkomen",),
        open=0.0,
        local=0.6,
        times=(("FR", "13:00", "16:00"), ("TU", "14:00", "16:00")),
        apply=(
            "Aanmelden via een hulpverlener, zoals het wijkteam of schuldhulpverlening; daarna "
            "volgt een intakegesprek.",
        ),
        volunteer_run=True,
    ),
    Offer(
        "inloop-ggz",
        3,
        (Kind.MENTAL_HEALTH, Kind.WELFARE, Kind.OTHER),
        ("Inloop GGZ {buurt}", "Herstelcafé {buurt}", "Ontmoetingsplek in {plek}"),
        (
            "Een laagdrempelige plek voor mensen met psychische klachten om elkaar te ontmoeten, "
            "zonder verwijzing.",
        ),
        (
            "Ervaringsdeskundigen en vrijwilligers zijn aanwezig voor een gesprek.",
            "Er is ook een herstelgroep over omgaan met somberheid en eenzaamheid.",
        ),
        ("U bepaalt zelf hoe vaak u komt en wat u doet.",),
        ("gezondheid", "sociale-contacten", "zingeving"),
        (8,),
        groups=("ggz",),
        open=0.2,
        local=0.6,
        times=(("MO,WE,FR", "13:00", "16:00"), ("TU,TH", "10:00", "15:00")),
        apply=WALK_IN,
    ),
    Offer(
        "clientondersteuning",
        1.5,
        (Kind.MUNICIPALITY, Kind.WELFARE, Kind.OTHER),
        ("Onafhankelijke cliëntondersteuning {wijk}", "Cliëntondersteuning {buurt}"),
        (
            "Een cliëntondersteuner helpt u gratis en onafhankelijk bij het keukentafelgesprek "
            "met de gemeente en bij het aanvragen van zorg of ondersteuning.",
        ),
        ("De cliëntondersteuner staat aan uw kant en kent de regels van de Wmo.",),
        ("De cliëntondersteuner bereidt het gesprek met u voor en gaat mee.",),
        ("zelfzorg", "gezondheid"),
        (3,),
        local=0.2,
        venue="own",
        at_venue=0.5,
        apply=("Aanmelden kan zelf of via de Wmo-consulent; u kunt ook iemand meenemen.",),
    ),
    Offer(
        "huishoudelijke-hulp",
        2.5,
        (Kind.CARE, Kind.MUNICIPALITY),
        ("Huishoudelijke hulp van {org}", "Hulp bij het huishouden {wijk}"),
        (
            "Hulp bij het schoonhouden van uw huis, de was en het regelen van boodschappen als u "
            "dat zelf niet meer kunt.",
        ),
        ("Hoeveel hulp u krijgt, bepaalt de gemeente samen met u in het keukentafelgesprek.",),
        ("Een vaste hulp komt op een vaste dag bij u thuis.",),
        ("zelfzorg",),
        (6,),
        groups=("ouderen", "beperking"),
        open=0.0,
        levels=((Level.INDIVIDUAL, 1.0),),
        local=0.3,
        venue="",
        free=0.0,
        fees=(WMO + " (abonnementstarief)",),
        apply=WMO_APPLY,
    ),
    Offer(
        "woningaanpassing",
        1,
        (Kind.MUNICIPALITY, Kind.HOUSING),
        ("Woningaanpassing {wijk}", "Traplift en aanpassingen in huis {buurt}"),
        (
            "Een traplift, drempelhulpen of een aangepaste badkamer, zodat u veilig thuis kunt "
            "blijven wonen.",
        ),
        ("Kleine aanpassingen worden vaak binnen enkele weken geregeld.",),
        ("Een ergotherapeut komt bij u thuis kijken wat nodig is.",),
        ("wonen", "veiligheid"),
        (6,),
        groups=("beperking", "ouderen"),
        open=0.0,
        levels=((Level.INDIVIDUAL, 1.0),),
        local=0.2,
        venue="",
        free=0.0,
        fees=(WMO,),
        apply=WMO_APPLY,
    ),
    Offer(
        "begeleiding",
        2,
        (Kind.CARE, Kind.MENTAL_HEALTH, Kind.WELFARE),
        ("Individuele begeleiding {wijk}", "Begeleiding thuis {buurt}", "Groepsbegeleiding {plek}"),
        (
            "Een begeleider helpt u structuur aan te brengen in uw dag, uw administratie bij te "
            "houden en contact te houden met anderen.",
        ),
        (
            "Voor mensen met psychische klachten, een verstandelijke beperking of "
            "niet-aangeboren hersenletsel.",
        ),
        ("Samen stellen we doelen op en bekijken we elke drie maanden hoe het gaat.",),
        ("zelfzorg", "gezondheid", "financien"),
        (6, 8),
        groups=("ggz", "beperking"),
        open=0.0,
        levels=((Level.INDIVIDUAL, 0.8), (Level.COLLECTIVE, 0.2)),
        local=0.5,
        venue="own",
        at_venue=0.3,
        free=0.0,
        fees=(WMO,),
        apply=WMO_APPLY,
    ),
    Offer(
        "jongerenwerk",
        3,
        (Kind.WELFARE, Kind.OTHER),
        ("Jongerenwerk {buurt}", "Jongerenhonk {buurt}", "Inloop voor jongeren in {plek}"),
        ("Een plek voor jongeren om te chillen, te gamen en mee te doen aan activiteiten.",),
        ("De jongerenwerker is er ook voor vragen over school, werk, geld of thuis.",),
        ("Jongerenwerkers zijn er tijdens de inloop en zoeken jongeren ook op straat op.",),
        ("opvoeden", "sociale-contacten", "veiligheid"),
        (2,),
        groups=("jongeren",),
        open=0.1,
        local=0.9,
        times=(("WE", "14:00", "18:00"), ("FR", "19:00", "22:00")),
        apply=WALK_IN,
        ages=(12, 23),
    ),
    Offer(
        "vrijwilligerswerk",
        1.5,
        (Kind.VOLUNTEER_CENTRE,),
        ("Vrijwilligerswerk vinden {wijk}", "Spreekuur vrijwilligerswerk {buurt}"),
        ("Wilt u iets betekenen voor een ander? We helpen u vrijwilligerswerk te vinden.",),
        ("Ook mensen die na ziekte of werkloosheid weer willen meedoen zijn welkom.",),
        ("In een gesprek kijken we wat u leuk vindt en wat bij u past.",),
        ("werk-en-dagbesteding", "zingeving"),
        (4,),
        groups=("vrijwilligers",),
        open=0.9,
        local=0.4,
        venue="own",
        times=(("TU", "10:00", "12:00"), ("TH", "13:30", "15:30")),
        apply=WALK_IN,
    ),
    Offer(
        "ouderenadviseur",
        2,
        (Kind.WELFARE,),
        ("Ouderenadviseur {wijk}", "Spreekuur ouderenadviseur {buurt}"),
        (
            "De ouderenadviseur geeft informatie en advies over wonen, zorg, geld en vervoer, en "
            "komt zo nodig bij u thuis.",
        ),
        ("Samen kijken we wat u nodig heeft om prettig en veilig thuis te blijven wonen.",),
        ("Een huisbezoek of een gesprek op het spreekuur.",),
        ("wonen", "zelfzorg", "veiligheid"),
        (3,),
        groups=("ouderen",),
        open=0.2,
        local=0.6,
        times=(("MO", "09:30", "11:30"), ("WE", "13:30", "15:00")),
        apply=("Loop binnen op het spreekuur of vraag een huisbezoek aan.",),
        ages=(65, None),
    ),
    Offer(
        "buurtbemiddeling",
        1,
        (Kind.WELFARE, Kind.HOUSING),
        ("Buurtbemiddeling {wijk}", "Buurtbemiddeling {buurt}"),
        (
            "Heeft u ruzie of overlast met de buren? Getrainde vrijwilligers helpen u om er samen "
            "uit te komen.",
        ),
        ("Buurtbemiddeling is gratis en onpartijdig.",),
        ("Twee bemiddelaars praten met beide buren, eerst apart en dan samen.",),
        ("wonen", "veiligheid"),
        (1,),
        local=0.3,
        venue="",
        apply=("Aanmelden kan zelf of via de woningcorporatie of de wijkagent.",),
        volunteer_run=True,
    ),
)
CLOSINGS = (
    "",
    "",
    "U bent van harte welkom, ook als u voor het eerst komt.",
    "Heeft u een vraag? Stuur ons een e-mail.",
    "Neem gerust iemand mee.",
)
COMMUNITY_VENUES = (  # (name, weight): one library per neighbourhood, many halls
    ("Buurthuis {naam}", 4),
    ("Ontmoetingscentrum {naam}", 3),
    ("Kerkzaal {naam}", 2),
    ("Dorpshuis {naam}", 2),
    ("Wijkcentrum {buurt}", 1),
    ("Bibliotheek {buurt}", 1),
    ("Buurtkamer {buurt}", 1),
)
VENUE_ABOUT = (
    "Ontmoetingsplek in de buurt met een ruime zaal en een keuken.",
    "Een huiskamer voor de buurt, met een tuin.",
    "Zalen voor activiteiten, een bibliotheek en een koffiehoek.",
)
CONTACT_TITLES = ("coördinator", "buurtwerker", "vrijwilligerscoördinator", "consulent")
ACCESSIBILITY_SHARE = {
    "rolstoel": 0.7,
    "invalidentoilet": 0.45,
    "ringleiding": 0.2,
    "lift": 0.3,
    "parkeren": 0.4,
    "meertalig": 0.15,
    "eenvoudige-taal": 0.3,
}
DAY_NAMES = dict(
    zip(
        ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
        ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
        strict=True,
    )
)
SHARE_WITH_SCHEDULE = 0.9  # of the entries whose offer has times
SHARE_CONTACT = 0.3
SHARE_INACTIVE = 0.04
SHARE_NEVER_VERIFIED = 0.02
SHARE_OVERDUE = 0.25  # verified longer ago than the review period
REUSE_COMMUNITY_VENUE = 0.1


@dataclass
class _Area:
    id: int
    name: str
    district: str
    district_id: int
    box: tuple[float, float, float, float]  # west, south, east, north
    addresses: list[tuple[str, str]]  # (postcode, street)


@dataclass
class _Provider:
    organisation: Organisation
    home: list[int]  # indexes of the areas it mostly works in; empty: the whole town
    weight: float
    offers: set[str] | None = None  # the offer keys it makes; None: any of its kind
    editor_id: int | None = None
    offices: dict[int, Location] = field(default_factory=dict)


@dataclass
class _World:
    areas: list[_Area]
    districts: dict[int, list[int]]  # district id -> area indexes
    organisations: list[Organisation]
    municipality: Municipality | None
    editors: list[int]
    target_groups: dict[str, TargetGroup]
    life_domains: dict[str, LifeDomain]
    performance_fields: dict[int, int]  # number -> id
    accessibility: dict[str, int]  # code -> id

    @classmethod
    def load(cls, fallback_streets: list[str]) -> "_World":
        neighbourhoods = list(
            Neighbourhood.objects.filter(kind=Neighbourhood.Kind.NEIGHBOURHOOD)
            .select_related("district")
            .order_by("id")
        )
        streets = dict(
            Person.objects.exclude(street="")
            .values("postcode")
            .annotate(street=Min("street"))
            .order_by("postcode")
            .values_list("postcode", "street")
        )
        addresses: dict[int, list[tuple[str, str]]] = {n.id: [] for n in neighbourhoods}
        for code, area in Postcode.objects.order_by("postcode").values_list(
            "postcode", "neighbourhood_id"
        ):
            if area in addresses:
                street = streets.get(code) or _fallback(fallback_streets, len(addresses[area]))
                addresses[area].append((code, street))
        areas, districts = [], {}
        for n in neighbourhoods:
            box = _box(n.geometry)
            if box is None or not addresses[n.id]:
                continue
            districts.setdefault(n.district_id, []).append(len(areas))
            areas.append(
                _Area(
                    n.id,
                    n.name,
                    n.district.name if n.district else CITY,
                    n.district_id,
                    box,
                    addresses[n.id],
                )
            )
        editors = list(
            User.objects.filter(
                Q(role=Role.INTAKE, username__startswith="mp-")
                | Q(role=Role.TEAM_LEAD, username__startswith="tl-")
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        return cls(
            areas=areas,
            districts=districts,
            organisations=list(Organisation.objects.order_by("id")),
            municipality=Municipality.objects.order_by("id").first(),
            editors=editors,
            target_groups={t.code: t for t in TargetGroup.objects.all()},
            life_domains={d.code: d for d in LifeDomain.objects.all()},
            performance_fields=dict(PerformanceField.objects.values_list("number", "id")),
            accessibility=dict(AccessibilityFeature.objects.values_list("code", "id")),
        )


def _fallback(streets: list[str], n: int) -> str:
    return streets[n % len(streets)] if streets else "Dorpsstraat"


def _box(geometry) -> tuple[float, float, float, float] | None:
    """The bounding box of a GeoJSON Polygon's outer ring."""
    if not geometry or geometry.get("type") != "Polygon":
        return None
    ring = geometry["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    return min(lons), min(lats), max(lons), max(lats)


def seed_social_map(
    seed: int,
    *,
    services: int,
    providers: int,
    first_names: list[str],
    surnames: list[tuple[str, str]],
    streets: list[str],
    network: set[str],
    today: date,
    say=lambda message: None,
) -> dict:
    """Fill the social map; returns the counts. Expects the municipality's
    geography, organisations and staff (and, for street names, residents)."""
    builder = _MapBuilder(seed, _World.load(streets), first_names, surnames, today)
    if not builder.world.areas:
        say("Geen buurten: sociale kaart overgeslagen")
        return {}
    builder.add_providers(providers, network)
    for _ in range(services):
        builder.add_service()
    counts = builder.save()
    say(
        f"Sociale kaart: {counts['services']} aanbod bij "
        f"{len({s.organisation_id for s in builder.services})} organisaties "
        f"({counts['map_organisations']} nieuw), {counts['locations']} locaties, "
        f"{counts['schedules']} tijden"
    )
    return counts


class _MapBuilder:
    def __init__(self, seed, world: _World, first_names, surnames, today: date):
        # Its own stream: the map does not shift when other phases change.
        self.rng = random.Random(f"wijknet-sociale-kaart-{seed}")
        self.world = world
        self.first_names = first_names
        self.surnames = surnames
        self.today = today
        self.review_days = 30 * settings.WIJKNET_MAP_REVIEW_MONTHS
        self.providers: list[_Provider] = []
        self.new_organisations: list[Organisation] = []
        self.editors: list[MapEditor] = []
        self.venues: dict[int, dict[str, Location]] = {}  # area index -> name -> venue
        self.locations: list[Location] = []
        self.location_features: list[tuple[Location, int]] = []
        self.services: list[Service] = []
        self.relations: list[tuple[Service, str, int]] = []  # (service, through field, id)
        self.at_locations: list[tuple[Service, Location]] = []
        self.schedules: list[Schedule] = []
        self.contacts: list[Contact] = []
        self.names: Counter = Counter()
        self.offer_weights = list(itertools.accumulate(offer.weight for offer in OFFERS))
        self.candidates: dict[str, tuple[list, list]] = {}
        self.venue_owner: Organisation | None = None

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # Providers -------------------------------------------------------------------
    def add_providers(self, count: int, network: set[str]) -> None:
        """The seeded network's organisations plus ``count`` invented ones.
        Names are drawn against the network's names only, so a map added to
        an older seed gets the same providers (reusing any that exist)."""
        rng, world = self.rng, self.world
        places = [CITY, *dict.fromkeys(a.district for a in world.areas)]
        places += [a.name for a in world.areas]
        kinds, weights = list(PROVIDER_KINDS), list(PROVIDER_KINDS.values())
        taken = set(network)
        drafts = []
        for _ in range(count):
            kind = rng.choices(kinds, weights)[0]
            pattern, offers = rng.choice(PROVIDER_NAMES[kind])
            name = pattern.format(plaats=rng.choice(places), naam=rng.choice(HOUSE_NAMES))
            name = _numbered(name, taken)
            taken.add(name)
            district = rng.choice(sorted(world.districts))
            drafts.append((kind, name, offers, district, self.uuid()))

        invented = {name for _, name, _, _, _ in drafts}
        core_weight = 1 + count / 20
        for org in world.organisations:
            if org.kind in OFFERING_KINDS and org.name not in invented:
                offers = NETWORK_OFFERS.get(org.kind)
                self.providers.append(_Provider(org, [], core_weight, offers))
        self.venue_owner = next(
            (p.organisation for p in self.providers if p.organisation.kind == Kind.WELFARE), None
        )
        existing = {org.name: org for org in world.organisations}
        created = []
        for kind, name, offers, district, hsds_id in drafts:
            organisation = existing.get(name)
            if organisation is None:
                slug = _slug(name)
                organisation = Organisation(
                    hsds_id=hsds_id,
                    name=name,
                    kind=kind,
                    description=PROVIDER_ABOUT[kind],
                    email=f"{_slug(name, 40)}@example.org",
                    website=f"https://example.org/{slug}",
                    partner_role=Organisation.PartnerRole.SHELL,
                    municipality=world.municipality,
                )
                created.append(organisation)
            self.providers.append(_Provider(organisation, world.districts[district], 1.0, offers))
        Organisation.objects.bulk_create(created, batch_size=BATCH_SIZE)
        self.new_organisations = created

        editors = dict(MapEditor.objects.values_list("organisation_id", "user_id"))
        for provider in self.providers:
            core = not provider.home
            chosen = rng.random() < (1.0 if core else SHARE_PROVIDERS_WITH_EDITOR)
            user = rng.choice(world.editors) if world.editors else None
            organisation = provider.organisation
            if organisation.pk in editors:
                provider.editor_id = editors[organisation.pk]
            elif chosen and user is not None and organisation.kind in EDITOR_KINDS:
                provider.editor_id = user
                self.editors.append(MapEditor(organisation=organisation, user_id=user))

    def provider_for(self, offer: Offer) -> _Provider:
        """The providers that offer this kind of help, with cumulative weights."""
        if offer.key not in self.candidates:
            of_kind = [p for p in self.providers if p.organisation.kind in offer.kinds]
            candidates = [p for p in of_kind if p.offers is None or offer.key in p.offers]
            candidates = candidates or of_kind
            if not candidates:
                candidates = [p for p in self.providers if p.organisation.kind != Kind.MUNICIPALITY]
            weights = list(itertools.accumulate(p.weight for p in candidates))
            self.candidates[offer.key] = (candidates, weights)
        candidates, weights = self.candidates[offer.key]
        return self.rng.choices(candidates, cum_weights=weights)[0]

    # Services --------------------------------------------------------------------
    def add_service(self) -> None:
        rng, world = self.rng, self.world
        offer = rng.choices(OFFERS, cum_weights=self.offer_weights)[0]
        provider = self.provider_for(offer)
        organisation = provider.organisation

        # Where: 1-3 neighbourhoods, mostly in the provider's district, or the town.
        local = rng.random() < offer.local
        home = provider.home or range(len(world.areas))
        first = rng.choice(home) if rng.random() < 0.75 else rng.randrange(len(world.areas))
        served = [first]
        if local:
            extra = rng.choices((0, 1, 2), (65, 25, 10))[0]
            nearby = [i for i in world.districts[world.areas[first].district_id] if i != first]
            served += rng.sample(nearby, min(extra, len(nearby)))
        area = world.areas[first]

        # The location: a community venue, the provider's own premises, or none.
        location = None
        if offer.venue and rng.random() < offer.at_venue:
            if offer.venue == "community":
                location = self.community_venue(first)
            else:
                location = self.own_location(provider, first, local)

        level = _weighted(rng, offer.levels)
        open_to_everyone = rng.random() < offer.open
        groups = [code for code in offer.groups if rng.random() < 0.6]
        if not open_to_everyone and not groups:
            groups = [rng.choice(offer.groups)] if offer.groups else []
            open_to_everyone = not groups
        if open_to_everyone and len(groups) > 1:
            groups = groups[:1]  # "especially for ..."
        domains = [offer.domains[0]] + [code for code in offer.domains[1:] if rng.random() < 0.7]
        if rng.random() < 0.1:
            domains.append(rng.choice(list(world.life_domains)))
        domains = list(dict.fromkeys(code for code in domains if code in world.life_domains))
        groups = [code for code in groups if code in world.target_groups]
        free = rng.random() < offer.free or not offer.fees
        fees = "" if free else rng.choice(offer.fees)

        names = [n for n in offer.names if location is not None or "{plek}" not in n]
        base = rng.choice(names).format(
            buurt=area.name if local else CITY,
            wijk=area.district if local else CITY,
            plek=location.name if location is not None else "",
            org=organisation.name,
        )
        name = base if not self.names[base] else f"{base} {self.names[base] + 1}"
        self.names[base] += 1
        description = " ".join(
            part
            for part in (rng.choice(offer.what), rng.choice(offer.more), rng.choice(CLOSINGS))
            if part
        )
        apply = rng.choice(offer.apply)
        if level == Level.INDIVIDUAL and "Wmo-consulent" not in apply:
            apply = rng.choice(WMO_APPLY)
        slug = _slug(organisation.name, 60)
        verified = self.verified_on()
        alternate = ""
        if offer.alternate and rng.random() < 0.5:
            alternate = rng.choice(offer.alternate)
        inactive = rng.random() < SHARE_INACTIVE
        service = Service(
            hsds_id=self.uuid(),
            organisation=organisation,
            name=name[:200],
            alternate_name=alternate,
            description=description,
            working_method=rng.choice(offer.method),
            open_to_everyone=open_to_everyone,
            minimum_age=offer.ages[0],
            maximum_age=offer.ages[1],
            ladder_level=level,
            whole_municipality=not local,
            is_free=free,
            fees_description=fees,
            application_process=apply,
            url=f"https://example.org/{slug}/{_slug(name, 80)}",
            email=f"{offer.key}.{_slug(organisation.name, 40)}@example.org",
            languages=offer.languages or ("Nederlands" if rng.random() < 0.3 else ""),
            volunteers=(
                "Vrijwilligers voeren het uit, met steun van een beroepskracht."
                if offer.volunteer_run
                else ""
            ),
            partnerships=self.partnership(provider),
            status=Service.Status.INACTIVE if inactive else Service.Status.ACTIVE,
            last_verified_on=verified,
            editor_id=provider.editor_id,
        )
        # In the labels' own order, as reindex() reads them back.
        service.search_text = index_text_for(
            service,
            target_groups=_in_order(world.target_groups[code] for code in groups),
            life_domains=_in_order(world.life_domains[code] for code in domains),
        )
        self.services.append(service)
        self.relations += [(service, "targetgroup", world.target_groups[c].id) for c in groups]
        self.relations += [(service, "lifedomain", world.life_domains[c].id) for c in domains]
        self.relations += [
            (service, "performancefield", world.performance_fields[n])
            for n in offer.fields
            if n in world.performance_fields
        ]
        if local:
            self.relations += [(service, "neighbourhood", world.areas[i].id) for i in served]
        if location is not None:
            self.at_locations.append((service, location))
            if not local and rng.random() < 0.3:  # a town-wide offer at a second place
                second = self.community_venue(rng.randrange(len(world.areas)))
                if second is not location:
                    self.at_locations.append((service, second))
        if offer.times and rng.random() < SHARE_WITH_SCHEDULE:
            picks = [rng.choice(offer.times)]
            if rng.random() < 0.15:
                picks.append(rng.choice(offer.times))
            for byday, opens, closes in dict.fromkeys(picks):
                self.schedules.append(self.schedule(service, byday, opens, closes))
        if rng.random() < SHARE_CONTACT:
            self.contacts.append(self.contact(service))

    def verified_on(self) -> date | None:
        rng, review = self.rng, self.review_days
        draw, days = rng.random(), rng.random()
        if draw < SHARE_NEVER_VERIFIED:
            return None
        if draw < SHARE_NEVER_VERIFIED + SHARE_OVERDUE:  # due for review
            return self.today - timedelta(days=review + 1 + int(days * (730 - review - 1)))
        return self.today - timedelta(days=int(days * (review - 30)))

    def partnership(self, provider: _Provider) -> str:
        rng = self.rng
        other = rng.choice(self.providers)
        if rng.random() < 0.15 and other is not provider:
            return f"In samenwerking met {other.organisation.name}."
        return ""

    # Locations -------------------------------------------------------------------
    def community_venue(self, index: int) -> Location:
        """A buurthuis, library or church hall in the neighbourhood, often one
        that other offers use too."""
        rng = self.rng
        venues = self.venues.setdefault(index, {})
        reuse = rng.random()
        if venues and reuse < REUSE_COMMUNITY_VENUE:
            return venues[rng.choice(list(venues))]
        area = self.world.areas[index]
        pattern = _weighted(rng, COMMUNITY_VENUES)
        name = pattern.format(naam=rng.choice(HOUSE_NAMES), buurt=area.name)
        owner = self.venue_owner if rng.random() < 0.4 else None
        about = rng.choice(VENUE_ABOUT)
        if name not in venues:
            venues[name] = self.location(index, name, owner, about)
        return venues[name]

    def own_location(self, provider: _Provider, index: int, local: bool) -> Location:
        """The provider's premises in the neighbourhood; a town-wide offer
        uses the provider's first premises wherever they are."""
        office = provider.offices.get(index)
        if office is None and not local and provider.offices:
            office = next(iter(provider.offices.values()))
        if office is None:
            area = self.world.areas[index]
            office = self.location(
                index,
                f"{provider.organisation.name}, {area.name}",
                provider.organisation,
                PROVIDER_ABOUT.get(provider.organisation.kind, ""),
            )
            provider.offices[index] = office
        return office

    def location(self, index: int, name: str, owner, about: str) -> Location:
        rng, area = self.rng, self.world.areas[index]
        west, south, east, north = area.box
        postcode, street = rng.choice(area.addresses)
        margin_x, margin_y = (east - west) * 0.1, (north - south) * 0.1
        location = Location(
            hsds_id=self.uuid(),
            organisation=owner,
            name=name[:200],
            description=about,
            transportation=rng.choice(
                (
                    f"Bushalte {street} op loopafstand; fietsenstalling bij de ingang.",
                    "Parkeren voor de deur; de bus stopt om de hoek.",
                    "",
                )
            ),
            street=f"{street} {rng.randint(1, 180)}",
            postcode=postcode,
            city=CITY,
            neighbourhood_id=area.id,
            latitude=round(rng.uniform(south + margin_y, north - margin_y), 6),
            longitude=round(rng.uniform(west + margin_x, east - margin_x), 6),
        )
        self.locations.append(location)
        features = [code for code, share in ACCESSIBILITY_SHARE.items() if rng.random() < share]
        if "rolstoel" not in features and "invalidentoilet" in features:
            features.remove("invalidentoilet")
        self.location_features += [
            (location, self.world.accessibility[code])
            for code in features
            if code in self.world.accessibility
        ]
        return location

    # Times and contacts ----------------------------------------------------------
    def schedule(self, service: Service, byday: str, opens: str, closes: str) -> Schedule:
        rng = self.rng
        valid_from = valid_to = None
        if rng.random() < 0.05:  # runs until the summer, or started recently
            valid_to = self.today + timedelta(days=rng.randint(30, 200))
        elif rng.random() < 0.05:
            valid_from = self.today - timedelta(days=rng.randint(1, 90))
        return Schedule(
            hsds_id=self.uuid(),
            service=service,
            byday=byday,
            opens_at=_clock(opens),
            closes_at=_clock(closes),
            valid_from=valid_from,
            valid_to=valid_to,
            description=describe_times(byday, opens, closes),
        )

    def contact(self, service: Service) -> Contact:
        rng = self.rng
        first = rng.choice(self.first_names)
        prefix, last = rng.choice(self.surnames)
        local = _slug(f"{first}.{prefix}{last}").replace("-", "")
        return Contact(
            hsds_id=self.uuid(),
            service=service,
            name=" ".join(part for part in (first, prefix, last) if part),
            title=rng.choice(CONTACT_TITLES),
            email=f"{local[:40]}{rng.randint(1, 99)}@example.org",
        )

    # Saving ----------------------------------------------------------------------
    def save(self) -> dict:
        Location.objects.bulk_create(self.locations, batch_size=BATCH_SIZE)
        _insert_pairs(
            Location.accessibility.through,
            ("location", "accessibilityfeature"),
            [(loc.id, feature) for loc, feature in self.location_features],
        )
        Service.objects.bulk_create(self.services, batch_size=BATCH_SIZE)
        throughs = {
            "targetgroup": Service.target_groups.through,
            "lifedomain": Service.life_domains.through,
            "performancefield": Service.performance_fields.through,
            "neighbourhood": Service.neighbourhoods.through,
        }
        for name, Through in throughs.items():
            pairs = [(s.id, pk) for s, relation, pk in self.relations if relation == name]
            _insert_pairs(Through, ("service", name), pairs)
        ServiceAtLocation.objects.bulk_create(
            (
                ServiceAtLocation(hsds_id=self.uuid(), service_id=s.id, location_id=loc.id)
                for s, loc in self.at_locations
            ),
            batch_size=BATCH_SIZE,
        )
        for schedule in self.schedules:
            schedule.service_id = schedule.service.id
        Schedule.objects.bulk_create(self.schedules, batch_size=BATCH_SIZE)
        for contact in self.contacts:
            contact.service_id = contact.service.id
        Contact.objects.bulk_create(self.contacts, batch_size=BATCH_SIZE)
        MapEditor.objects.bulk_create(self.editors, batch_size=BATCH_SIZE)
        return {
            "map_organisations": len(self.new_organisations),
            "services": len(self.services),
            "locations": len(self.locations),
            "schedules": len(self.schedules),
            "map_contacts": len(self.contacts),
            "map_editors": len(self.editors),
        }


def _insert_pairs(through, fields: tuple[str, str], rows: list[tuple[int, int]]) -> None:
    """Rows of a many-to-many table in one executemany: tens of thousands
    of model instances would cost bulk_create seconds for two integers each."""
    meta, quote = through._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s)"  # noqa: S608 - table and column names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10 * BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + 10 * BATCH_SIZE])


def describe_times(byday: str, opens: str, closes: str) -> str:
    """'TU' 10:00-12:00 → 'elke dinsdag 10:00-12:00'."""
    days = byday.split(",")
    hours = f"{_short(opens)}-{_short(closes)}"
    if len(days) == 7:
        return f"elke dag {hours}"
    if days == ["MO", "TU", "WE", "TH", "FR"]:
        return f"maandag tot en met vrijdag {hours}"
    names = [DAY_NAMES[day] for day in days]
    if len(names) == 1:
        return f"elke {names[0]} {hours}"
    return f"{', '.join(names[:-1])} en {names[-1]} {hours}"


def _short(moment: str) -> str:
    hour, minute = moment.split(":")
    return f"{int(hour)}:{minute}"


def _clock(moment: str) -> clock:
    hour, minute = moment.split(":")
    return clock(int(hour), int(minute))


def _in_order(items) -> list:
    """Reference items sorted as their model's Meta.ordering sorts them."""
    return sorted(items, key=lambda item: (item.order, item.label))


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _numbered(name: str, taken: set[str]) -> str:
    """The name, or the name with the first free number: 'Stichting X 3'."""
    if name not in taken:
        return name
    n = 2
    while f"{name} {n}" in taken:
        n += 1
    return f"{name} {n}"


def _slug(text: str, limit: int = 200) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isascii()).lower()
    return re.sub(r"[^a-z0-9]+", "-", text)[:limit].strip("-")
