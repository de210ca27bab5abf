"""A small but complete social map for the HSDS tests: every field and
every relation Wijknet models, with Dutch postcodes and coordinates."""

import datetime
from pathlib import Path

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, OrganisationFactory
from wijknet.core.models import Organisation, Postcode
from wijknet.kaart import services
from wijknet.kaart.models import (
    AccessibilityFeature,
    Contact,
    LifeDomain,
    Location,
    PerformanceField,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceVersion,
    TargetGroup,
)

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "hsds-example"
SCHEMA = DATA / "hsds-schema" / "compiled" / "service.json"

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[5.0, 52.0], [5.01, 52.0], [5.01, 52.01], [5.0, 52.01], [5.0, 52.0]]],
}


def build_rich_map() -> dict:
    municipality = MunicipalityFactory()
    here = NeighbourhoodFactory(name="Veenhof", geometry=SQUARE)
    far = NeighbourhoodFactory(name="Zandpoort")
    Postcode.objects.create(postcode="9101AB", neighbourhood=here)
    Postcode.objects.create(postcode="9102CD", neighbourhood=far)

    welfare = OrganisationFactory(
        name="Stichting Welzijn Proefdorp",
        kind=Organisation.Kind.WELFARE,
        description="Welzijnswerk in de hele gemeente.\nOok 's avonds.",
        email="info@welzijn.example.nl",
        website="https://welzijn.example.nl/",
        municipality=municipality,
    )
    care = OrganisationFactory(
        name='Zorggroep "De Horst"',
        kind=Organisation.Kind.CARE,
        partner_role=Organisation.PartnerRole.SHELL,
    )
    landlord = OrganisationFactory(name="Woonstichting Thuis", kind=Organisation.Kind.HOUSING)

    coffee = services.save_service(
        None,
        organisation=welfare,
        name="Koffieochtend De Linde",
        alternate_name="Inloop, koffie & thee",
        description='Samen koffie drinken tegen eenzaamheid.\n"Iedereen" is welkom; ook één keer.',
        working_method="Vrijwilligers ontvangen u; u kunt zonder afspraak binnenlopen.",
        open_to_everyone=False,
        target_groups=[
            TargetGroup.objects.get(code="ouderen"),
            TargetGroup.objects.get(code="mantelzorgers"),
        ],
        minimum_age=18,
        maximum_age=99,
        ladder_level="collective",
        performance_fields=list(PerformanceField.objects.filter(number__in=[1, 4])),
        life_domains=[
            LifeDomain.objects.get(code="sociale-contacten"),
            LifeDomain.objects.get(code="zelfzorg"),
        ],
        whole_municipality=False,
        neighbourhoods=[here, far],
        is_free=False,
        fees_description="€ 2,50 per keer, koffie inbegrepen",
        application_process="Gewoon langskomen, of bel ons.",
        url="https://welzijn.example.nl/koffie",
        email="koffie@welzijn.example.nl",
        languages="Nederlands, Turks",
        volunteers="Vijf vaste vrijwilligers",
        partnerships="Samen met de bibliotheek",
        last_verified_on=datetime.date(2025, 1, 15),
    )
    meals = services.save_service(
        None,
        organisation=care,
        name="Tafeltje-dek-je",
        description="Warme maaltijden aan huis voor wie niet meer zelf kookt.",
        is_free=False,
        fees_description="€ 7,50 per maaltijd",
        life_domains=[LifeDomain.objects.get(code="zelfzorg")],
        last_verified_on=datetime.date(2024, 6, 1),
    )
    debt = services.save_service(
        None,
        organisation=welfare,
        name="Thuisadministratie",
        description="Vrijwilligers helpen met post, rekeningen en schuldhulp.",
        status="inactive",
        last_verified_on=None,
    )

    linde = Location.objects.create(
        organisation=welfare,
        name="Buurthuis De Linde",
        description="Buurthuis met grote zaal",
        transportation="Bus 3, halte Lindeplein",
        street="Lindelaan 3",
        postcode="9101 ab",
        city="Proefdorp",
        latitude=52.005,
        longitude=5.00512345678,
    )
    services.place_location(linde)
    linde.save()
    linde.accessibility.set(AccessibilityFeature.objects.filter(code__in=["rolstoel", "lift"]))
    office = Location.objects.create(organisation=landlord, name="Kantoor Woonstichting")
    office.neighbourhood = far
    office.save()

    coffee_linde = ServiceAtLocation.objects.create(
        service=coffee, location=linde, description="In de grote zaal"
    )
    ServiceAtLocation.objects.create(service=coffee, location=office)
    ServiceAtLocation.objects.create(service=meals, location=linde)

    Schedule.objects.create(
        service=coffee,
        location=linde,
        byday="TU,TH",
        opens_at="10:00",
        closes_at="12:00",
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
        description="Elke dinsdag en donderdag",
    )
    Schedule.objects.create(service=coffee, byday="MO", opens_at="09:30", closes_at="17:00")
    Schedule.objects.create(
        location=linde, byday="MO,TU,WE,TH,FR", opens_at="08:00", closes_at="22:00"
    )
    Schedule.objects.create(
        service=meals, freq="MONTHLY", byday="1MO", description="Eerste maandag"
    )

    host = Contact.objects.create(
        service=coffee, name="Anna de Vries", title="Coördinator", email="anna@welzijn.example.nl"
    )
    desk = Contact.objects.create(organisation=welfare, name="Receptie")
    caretaker = Contact.objects.create(location=linde, title="Beheerder")
    Phone.objects.create(
        service=coffee, number="0591 123 456", extension="12", description="Alleen 's ochtends"
    )
    Phone.objects.create(contact=host, number="06 12345678", type="cell")
    Phone.objects.create(location=linde, number="0591-654321")
    Phone.objects.create(organisation=care, number="+31 20 555 0000", type="fax")
    Phone.objects.create(service=coffee, location=linde, number="0591 999 000")
    return {
        "here": here,
        "far": far,
        "welfare": welfare,
        "care": care,
        "coffee": coffee,
        "meals": meals,
        "debt": debt,
        "linde": linde,
        "office": office,
        "coffee_linde": coffee_linde,
        "host": host,
        "desk": desk,
        "caretaker": caretaker,
    }


MAP_MODELS = (Phone, Contact, Schedule, ServiceAtLocation, ServiceVersion, Service, Location)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (*MAP_MODELS, Organisation)}


def wipe_map() -> None:
    """Empty the social map (reference data such as neighbourhoods and
    target groups stay), as in a fresh installation."""
    for model in MAP_MODELS:
        model.objects.all().delete()
    Organisation.objects.all().delete()
