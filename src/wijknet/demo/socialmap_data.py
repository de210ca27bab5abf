"""What the social map's providers, places and times are drawn from: the
invented providers' names, the venues, and the shares the builder uses."""

from wijknet.core.models import Organisation

Kind = Organisation.Kind

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
