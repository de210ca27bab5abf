"""The social map as open data: a read-only Open Referral HSDS 3.0 API.

No login: the map holds no personal data. A service record has the shape of
HSDS 3.0's compiled ``service.json`` (nested organization, locations with
addresses, schedules, contacts and phones). Empty optional values are left
out, as HSDS fields are strings or numbers, never null. Wijknet-only data are
in extra ``x_wijknet_`` keys, as in the CSV export (kaart/exchange/export.py).

Where a schedule, contact or phone hangs: linked to the service and to one
of its locations, it is under that ``service_at_locations`` entry; linked to
the service only, under the service; linked to a location only, under the
location; linked to the organisation only, under the organization. A
contact's phones are under the contact.
"""

import math
import uuid

from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from wijknet.core.models import Neighbourhood
from wijknet.core.validators import format_postcode
from wijknet.kaart import selectors
from wijknet.kaart.exchange.schema import address_id, eligibility_text
from wijknet.kaart.models import DAY_CODES, Contact, Phone, Schedule, Service

MAX_PAGE = 1000
MAX_PER_PAGE = 100


# ---------------------------------------------------------------------------
# Serializers: HSDS 3.0 records


class _Compact(serializers.Serializer):
    # Empty values are left out, except for the fields HSDS requires.
    keep: tuple[str, ...] = ("id",)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {
            key: value
            for key, value in data.items()
            if key in self.keep or (value is not None and value != "")
        }


def _uuid(source: str) -> serializers.UUIDField:
    return serializers.UUIDField(source=source, required=False)


def _text(source: str | None = None, **kwargs) -> serializers.CharField:
    if source:
        kwargs["source"] = source
    return serializers.CharField(required=False, **kwargs)


@extend_schema_field(OpenApiTypes.NUMBER)
class _Extension(serializers.Field):
    """HSDS has a number here; a non-numeric extension is left out."""

    def to_representation(self, value):
        return int(value) if value and value.isdigit() else None


class HsdsPhoneSerializer(_Compact):
    """An HSDS 3.0 phone."""

    id = serializers.UUIDField(source="hsds_id")
    location_id = _uuid("location_uuid")
    service_id = _uuid("service_uuid")
    organization_id = _uuid("organisation_uuid")
    contact_id = _uuid("contact_uuid")
    number = serializers.CharField()
    extension = _Extension(required=False)
    type = _text()
    description = _text()

    keep = ("id", "number")


class HsdsScheduleSerializer(_Compact):
    """An HSDS 3.0 schedule: a weekly (or monthly) iCalendar rule."""

    id = serializers.UUIDField(source="hsds_id")
    service_id = _uuid("service_uuid")
    location_id = _uuid("location_uuid")
    valid_from = serializers.DateField(required=False)
    valid_to = serializers.DateField(required=False)
    freq = _text()
    byday = _text()
    description = _text()
    opens_at = serializers.TimeField(
        format="%H:%M:%S", required=False, help_text="Lokale tijd (Europe/Amsterdam)."
    )
    closes_at = serializers.TimeField(
        format="%H:%M:%S", required=False, help_text="Lokale tijd (Europe/Amsterdam)."
    )


class HsdsContactSerializer(_Compact):
    """An HSDS 3.0 contact, with its phones."""

    id = serializers.UUIDField(source="hsds_id")
    organization_id = _uuid("organisation_uuid")
    service_id = _uuid("service_uuid")
    location_id = _uuid("location_uuid")
    name = _text()
    title = _text()
    email = serializers.EmailField(required=False)
    phones = HsdsPhoneSerializer(many=True, source="hsds_phone_rows")


class HsdsAddressSerializer(_Compact):
    """An HSDS 3.0 address: the location's physical address."""

    id = serializers.UUIDField()
    location_id = serializers.UUIDField()
    address_1 = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_blank=True)
    state_province = serializers.CharField(allow_blank=True)
    postal_code = serializers.CharField(allow_blank=True, help_text="Nederlandse postcode.")
    country = serializers.CharField()
    address_type = serializers.CharField()

    keep = (
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    )


class HsdsAccessibilitySerializer(_Compact):
    """An HSDS 3.0 accessibility feature of a location."""

    id = serializers.UUIDField()
    location_id = serializers.UUIDField()
    description = serializers.CharField()


class HsdsLocationSerializer(_Compact):
    """An HSDS 3.0 location with its address, phones, schedules and contacts."""

    id = serializers.UUIDField(source="hsds_id")
    location_type = serializers.CharField(source="hsds_location_type")
    organization_id = _uuid("hsds_organisation_id")
    name = serializers.CharField()
    description = _text()
    transportation = _text()
    latitude = serializers.FloatField(required=False)
    longitude = serializers.FloatField(required=False)
    addresses = HsdsAddressSerializer(many=True, source="hsds_addresses")
    accessibility = HsdsAccessibilitySerializer(many=True, source="hsds_accessibility")
    phones = HsdsPhoneSerializer(many=True, source="own_phones")
    schedules = HsdsScheduleSerializer(many=True, source="own_schedules")
    contacts = HsdsContactSerializer(many=True, source="own_contacts")
    x_wijknet_neighbourhood = _text("hsds_neighbourhood", help_text="CBS-buurtcode.")

    keep = ("id", "location_type")


class HsdsServiceAtLocationSerializer(_Compact):
    """An HSDS 3.0 service at a location, with the location."""

    id = serializers.UUIDField(source="hsds_id")
    service_id = serializers.UUIDField(source="service.hsds_id")
    location_id = serializers.UUIDField(source="location.hsds_id")
    description = _text()
    location = HsdsLocationSerializer()
    schedules = HsdsScheduleSerializer(many=True, source="hsds_schedules")
    contacts = HsdsContactSerializer(many=True, source="hsds_contacts")
    phones = HsdsPhoneSerializer(many=True, source="hsds_phones")


class HsdsOrganizationSerializer(_Compact):
    """An HSDS 3.0 organization."""

    id = serializers.UUIDField(source="hsds_id")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    email = serializers.EmailField(required=False)
    website = serializers.URLField(required=False)
    contacts = HsdsContactSerializer(many=True, source="own_contacts")
    phones = HsdsPhoneSerializer(many=True, source="own_phones")
    x_wijknet_kind = _text("kind", help_text="Soort organisatie.")

    keep = ("id", "name", "description")


class HsdsServiceSerializer(_Compact):
    """An HSDS 3.0 service, fully nested (compiled service.json). Empty
    optional values are left out; x_wijknet_ keys are Wijknet extensions."""

    id = serializers.UUIDField(source="hsds_id")
    organization_id = serializers.UUIDField(source="organisation.hsds_id")
    name = serializers.CharField()
    alternate_name = _text()
    description = _text()
    url = serializers.URLField(required=False)
    email = serializers.EmailField(required=False)
    status = serializers.CharField()
    interpretation_services = _text("languages")
    application_process = _text()
    fees_description = _text()
    eligibility_description = _text("hsds_eligibility")
    minimum_age = serializers.IntegerField(required=False)
    maximum_age = serializers.IntegerField(required=False)
    assured_date = serializers.DateField(source="last_verified_on", required=False)
    organization = HsdsOrganizationSerializer(source="organisation")
    service_at_locations = HsdsServiceAtLocationSerializer(many=True, source="hsds_at_locations")
    schedules = HsdsScheduleSerializer(many=True, source="hsds_schedules")
    contacts = HsdsContactSerializer(many=True, source="hsds_contacts")
    phones = HsdsPhoneSerializer(many=True, source="hsds_phones")
    x_wijknet_working_method = _text("working_method")
    x_wijknet_open_to_everyone = serializers.BooleanField(source="open_to_everyone")
    x_wijknet_target_groups = serializers.ListField(
        child=serializers.CharField(), source="hsds_target_groups"
    )
    x_wijknet_ladder_level = serializers.CharField(source="ladder_level")
    x_wijknet_performance_fields = serializers.ListField(
        child=serializers.IntegerField(), source="hsds_performance_fields"
    )
    x_wijknet_life_domains = serializers.ListField(
        child=serializers.CharField(), source="hsds_life_domains"
    )
    x_wijknet_whole_municipality = serializers.BooleanField(source="whole_municipality")
    x_wijknet_neighbourhoods = serializers.ListField(
        child=serializers.CharField(), source="hsds_neighbourhoods"
    )
    x_wijknet_is_free = serializers.BooleanField(source="is_free")
    x_wijknet_volunteers = _text("volunteers")
    x_wijknet_partnerships = _text("partnerships")

    keep = ("id", "name", "status")


class HsdsServicePageSerializer(serializers.Serializer):
    """A page as HSDS 3.0's API returns it (the Page schema of its
    openapi.json, with the records in ``contents``)."""

    total_items = serializers.IntegerField(help_text="Aantal diensten in alle pagina's.")
    total_pages = serializers.IntegerField(help_text="Aantal pagina's.")
    page_number = serializers.IntegerField()
    size = serializers.IntegerField(help_text="Aantal diensten op deze pagina.")
    first_page = serializers.BooleanField()
    last_page = serializers.BooleanField()
    empty = serializers.BooleanField()
    contents = HsdsServiceSerializer(many=True)


class HsdsSearchSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    # HSDS 3.0's name for the free text; q wins when both are given.
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)
    neighbourhood = serializers.CharField(required=False, allow_blank=True, max_length=10)
    life_domain = serializers.CharField(required=False, allow_blank=True, max_length=40)
    target_group = serializers.CharField(required=False, allow_blank=True, max_length=40)
    ladder_level = serializers.ChoiceField(
        choices=Service.LadderLevel.values, required=False, allow_blank=True
    )
    cost = serializers.ChoiceField(
        choices=["free", "contribution"], required=False, allow_blank=True
    )
    day = serializers.ChoiceField(choices=DAY_CODES, required=False, allow_blank=True)
    open_now = serializers.BooleanField(required=False, default=False)
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=7)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    per_page = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PER_PAGE, default=selectors.PAGE_SIZE
    )

    def validate_neighbourhood(self, code: str) -> int | None:
        if not code:
            return None
        found = Neighbourhood.objects.filter(cbs_code=code).values_list("pk", flat=True).first()
        if found is None:
            raise serializers.ValidationError(_("Onbekende wijk of buurt."))
        return found


# ---------------------------------------------------------------------------
# Loading: everything a record shows, in a fixed number of queries


def _with_uuids(model):
    """Related records with the HSDS ids of what they link to, so the
    serializers need no further queries."""
    links = {
        "service_uuid": F("service__hsds_id"),
        "location_uuid": F("location__hsds_id"),
    }
    if model is not Schedule:
        links["organisation_uuid"] = F("organisation__hsds_id")
    if model is Phone:
        links["contact_uuid"] = F("contact__hsds_id")
    return model.objects.annotate(**links).order_by("hsds_id")


def _contacts(**filters):
    return (
        _with_uuids(Contact)
        .filter(**filters)
        .prefetch_related(
            Prefetch("phones", queryset=_with_uuids(Phone), to_attr="hsds_phone_rows")
        )
    )


def _load(services: list[Service]) -> list[Service]:
    prefetch_related_objects(
        services,
        "performance_fields",
        "neighbourhoods",
        "at_locations__location__organisation",
        Prefetch("schedules", queryset=_with_uuids(Schedule), to_attr="hsds_schedule_rows"),
        Prefetch("phones", queryset=_with_uuids(Phone), to_attr="hsds_phone_rows"),
        Prefetch("contacts", queryset=_contacts(), to_attr="hsds_contact_rows"),
        Prefetch(
            "at_locations__location__schedules",
            queryset=_with_uuids(Schedule).filter(service__isnull=True),
            to_attr="own_schedules",
        ),
        Prefetch(
            "at_locations__location__phones",
            queryset=_with_uuids(Phone).filter(service__isnull=True, contact__isnull=True),
            to_attr="own_phones",
        ),
        Prefetch(
            "at_locations__location__contacts",
            queryset=_contacts(service__isnull=True),
            to_attr="own_contacts",
        ),
        Prefetch(
            "organisation__phones",
            queryset=_with_uuids(Phone).filter(
                service__isnull=True, location__isnull=True, contact__isnull=True
            ),
            to_attr="own_phones",
        ),
        Prefetch(
            "organisation__contacts",
            queryset=_contacts(service__isnull=True, location__isnull=True),
            to_attr="own_contacts",
        ),
    )
    for service in services:
        _arrange(service)
    return services


def _arrange(service: Service) -> None:
    """Hang schedules, contacts and phones where HSDS expects them."""
    at_locations = sorted(service.at_locations.all(), key=lambda sal: sal.hsds_id)
    here = {sal.location_id for sal in at_locations}
    contact_ids = {contact.pk for contact in service.hsds_contact_rows}
    phones = [p for p in service.hsds_phone_rows if p.contact_id not in contact_ids]
    service.hsds_schedules = [s for s in service.hsds_schedule_rows if s.location_id not in here]
    service.hsds_contacts = [c for c in service.hsds_contact_rows if c.location_id not in here]
    service.hsds_phones = [p for p in phones if p.location_id not in here]
    for sal in at_locations:
        sal.service = service
        location = sal.location
        sal.hsds_schedules = [s for s in service.hsds_schedule_rows if s.location_id == location.pk]
        sal.hsds_contacts = [c for c in service.hsds_contact_rows if c.location_id == location.pk]
        sal.hsds_phones = [p for p in phones if p.location_id == location.pk]
        _describe_location(location)
    service.hsds_at_locations = at_locations
    groups = list(service.target_groups.all())
    service.hsds_eligibility = eligibility_text(
        service.open_to_everyone, [group.label for group in groups]
    )
    service.hsds_target_groups = [group.code for group in groups]
    service.hsds_life_domains = [domain.code for domain in service.life_domains.all()]
    service.hsds_performance_fields = sorted(f.number for f in service.performance_fields.all())
    service.hsds_neighbourhoods = sorted(area.cbs_code for area in service.neighbourhoods.all())


def _describe_location(location) -> None:
    location.hsds_location_type = "physical"
    location.hsds_organisation_id = (
        location.organisation.hsds_id if location.organisation_id else None
    )
    location.hsds_neighbourhood = (
        location.neighbourhood.cbs_code if location.neighbourhood_id else ""
    )
    location.hsds_addresses = []
    if location.street or location.postcode or location.city:
        location.hsds_addresses.append(
            {
                "id": address_id(location.hsds_id),
                "location_id": location.hsds_id,
                "address_1": location.street,
                "city": location.city,
                "state_province": "",
                "postal_code": format_postcode(location.postcode),
                "country": "NL",
                "address_type": "physical",
            }
        )
    location.hsds_accessibility = [
        {
            "id": uuid.uuid5(location.hsds_id, f"accessibility:{feature.code}"),
            "location_id": location.hsds_id,
            "description": feature.label,
        }
        for feature in location.accessibility.all()
    ]


# ---------------------------------------------------------------------------
# Views


SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Vrije tekst; Nederlandse woordstammen."),
    OpenApiParameter("search", str, description="Hetzelfde als q (de HSDS-naam)."),
    OpenApiParameter("neighbourhood", str, description="CBS-code van wijk of buurt."),
    OpenApiParameter("life_domain", str, description="Code van een levensdomein."),
    OpenApiParameter("target_group", str, description="Code van een doelgroep."),
    OpenApiParameter("ladder_level", str, enum=Service.LadderLevel.values),
    OpenApiParameter("cost", str, enum=["free", "contribution"]),
    OpenApiParameter("day", str, enum=list(DAY_CODES), description="Dag met tijden."),
    OpenApiParameter("open_now", bool, description="Nu open (volgens de tijden)."),
    OpenApiParameter("postcode", str, description="Eerst het aanbod in de buurt hiervan."),
    OpenApiParameter("page", int, description="Paginanummer, vanaf 1."),
    OpenApiParameter("per_page", int, description=f"Aantal per pagina (max. {MAX_PER_PAGE})."),
]


class HsdsServiceList(APIView):
    """Active services on the social map, as HSDS 3.0 service records."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        parameters=SEARCH_PARAMETERS,
        responses=HsdsServicePageSerializer,
        tags=["hsds"],
        operation_id="hsds_services_list",
        auth=[],
    )
    def get(self, request):
        params = HsdsSearchSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        page = selectors.search_services(
            data.get("q") or data.get("search", ""),
            filters=selectors.SearchFilters(
                neighbourhood=data.get("neighbourhood"),
                life_domain=data.get("life_domain", ""),
                target_group=data.get("target_group", ""),
                ladder_level=data.get("ladder_level", ""),
                cost=data.get("cost", ""),
                day=data.get("day", ""),
                open_now=data.get("open_now", False),
            ),
            near_postcode=data.get("postcode", ""),
            page=data["page"],
            size=data["per_page"],
            count=True,
        )
        contents = _load(page.rows)
        body = HsdsServicePageSerializer(
            {
                "total_items": page.total,
                "total_pages": math.ceil(page.total / data["per_page"]),
                "page_number": page.number,
                "size": len(contents),
                "first_page": page.number == 1,
                "last_page": not page.has_next,
                "empty": not contents,
                "contents": contents,
            }
        ).data
        return Response(body)


class HsdsServiceDetail(APIView):
    """One active service, fully nested, by its HSDS id."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        responses=HsdsServiceSerializer,
        tags=["hsds"],
        operation_id="hsds_services_retrieve",
        auth=[],
    )
    def get(self, request, service_id: uuid.UUID):
        pk = (
            Service.objects.published()
            .filter(hsds_id=service_id)
            .values_list("pk", flat=True)
            .first()
        )
        service = selectors.get_service(pk) if pk is not None else None
        if service is None:
            raise Http404
        return Response(HsdsServiceSerializer(_load([service])[0]).data)
