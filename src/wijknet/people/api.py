from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose, Confidentiality
from wijknet.people import selectors
from wijknet.people.models import PERSON_FIELDS, Household, HouseholdMember, Person


class PersonSerializer(serializers.ModelSerializer):
    neighbourhood = serializers.CharField(source="neighbourhood.cbs_code", default=None)
    household = serializers.IntegerField(source="membership.household_id", default=None)
    confidentiality = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "pseudonym",
            *PERSON_FIELDS,
            "neighbourhood",
            "household",
            "confidentiality",
        ]

    def get_confidentiality(self, obj) -> str:
        return Confidentiality(obj.confidentiality).zgw_code


class MemberSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.full_name")
    relation = serializers.CharField(source="relation.code")

    class Meta:
        model = HouseholdMember
        fields = ["person", "name", "relation"]


class HouseholdSerializer(serializers.ModelSerializer):
    members = MemberSerializer(source="visible_members", many=True)

    class Meta:
        model = Household
        fields = ["id", "name", "members"]


def _context(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SUPPORT_API)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Naam (begin), BSN, postcode of dd-mm-jjjj"),
        OpenApiParameter("cursor", str, description="Vervolgpagina, uit `next`"),
    ],
    responses=PersonSerializer(many=True),
    tags=["people"],
)
@api_view(["GET"])
def person_list(request):
    access.require(request.user, "people.search")
    page = selectors.search_persons(
        request.user,
        query=request.query_params.get("q", ""),
        cursor=request.query_params.get("cursor"),
        context=_context(request),
    )
    next_url = None
    if page.next_cursor:
        next_url = (
            reverse("api:person-list", request=request)
            + "?"
            + _query(request, cursor=page.next_cursor)
        )
    return Response({"next": next_url, "results": PersonSerializer(page.rows, many=True).data})


def _query(request, **changes) -> str:
    params = request.query_params.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@extend_schema(responses=PersonSerializer, tags=["people"])
@api_view(["GET"])
def person_detail(request, person_id: int):
    person = selectors.get_person(request.user, person_id=person_id, context=_context(request))
    return Response(PersonSerializer(person).data)


@extend_schema(responses=HouseholdSerializer, tags=["people"])
@api_view(["GET"])
def household_detail(request, household_id: int):
    household = selectors.get_household(
        request.user, household_id=household_id, context=_context(request)
    )
    return Response(HouseholdSerializer(household).data)
