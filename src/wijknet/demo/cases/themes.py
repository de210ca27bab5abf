"""The kinds of support question the seeded trajectories are about, with
everything the seed writes for each: the wish and the goal, a step and a
reason for every ring of the support ladder, the individual provision, the
application's texts and the conversation's. A theme is drawn per goal,
weighted by ``THEME_WEIGHTS`` among those that fit the household."""

from dataclasses import dataclass

from wijknet.cases.models import ProfileDomain, ResultArea
from wijknet.core import ladder


@dataclass(frozen=True)
class Theme:
    """One kind of support question, with everything the seed writes about it."""

    key: str
    fits: str  # "any", "older", "adult", "children", "pair"
    profile_domain: ProfileDomain
    matrix_domain: str
    life_domain: str
    result_area: ResultArea
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
        profile_domain=ProfileDomain.SOCIAL,
        matrix_domain="sociaal_netwerk",
        life_domain="sociale-contacten",
        result_area=ResultArea.PARTICIPATION,
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
        profile_domain=ProfileDomain.SELF_CARE,
        matrix_domain="financien",
        life_domain="financien",
        result_area=ResultArea.SELF_RELIANCE,
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
        profile_domain=ProfileDomain.SELF_CARE,
        matrix_domain="instrumentele_adl",
        life_domain="zelfzorg",
        result_area=ResultArea.SELF_RELIANCE,
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
        profile_domain=ProfileDomain.LEISURE,
        matrix_domain="maatschappelijke_participatie",
        life_domain="vervoer",
        result_area=ResultArea.PARTICIPATION,
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
        profile_domain=ProfileDomain.HOUSING,
        matrix_domain="basale_adl",
        life_domain="wonen",
        result_area=ResultArea.SELF_RELIANCE,
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
        profile_domain=ProfileDomain.MEANING,
        matrix_domain="huiselijke_relaties",
        life_domain="mantelzorg",
        result_area=ResultArea.SELF_RELIANCE,
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
        profile_domain=ProfileDomain.WORK,
        matrix_domain="tijdsbesteding",
        life_domain="werk-en-dagbesteding",
        result_area=ResultArea.PARTICIPATION,
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
        profile_domain=ProfileDomain.HEALTH,
        matrix_domain="geestelijke_gezondheid",
        life_domain="gezondheid",
        result_area=ResultArea.SELF_RELIANCE,
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
        profile_domain=ProfileDomain.SOCIAL,
        matrix_domain="huiselijke_relaties",
        life_domain="opvoeden",
        result_area=ResultArea.SOCIAL_COHESION,
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
        profile_domain=ProfileDomain.HEALTH,
        matrix_domain="lichamelijke_gezondheid",
        life_domain="gezondheid",
        result_area=ResultArea.PARTICIPATION,
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
