from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose
from wijknet.signals import selectors, services
from wijknet.signals.models import RiskGroup, Signal, UrgencyBand


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = UrgencyBand
        fields = ["code", "label", "signal_action", "reporter_action"]


class SignalCreateSerializer(serializers.Serializer):
    """A signal from a partner system. Field names follow the glossary."""

    reporter_type = serializers.ChoiceField(choices=Signal.ReporterType.choices)
    reporter_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    reporter_email = serializers.EmailField(required=False, allow_blank=True)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    subject_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    subject_street = serializers.CharField(max_length=120, required=False, allow_blank=True)
    subject_house_number = serializers.CharField(max_length=10, required=False, allow_blank=True)
    subject_postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    subject_informed = serializers.ChoiceField(
        choices=Signal.SubjectInformed.choices, required=False
    )
    description = serializers.CharField(max_length=5000)
    level = serializers.ChoiceField(choices=Signal.Level.choices, required=False)
    risk_flags = serializers.ListField(
        child=serializers.ChoiceField(choices=RiskGroup.choices), required=False
    )
    isolation_type = serializers.ChoiceField(
        choices=Signal.IsolationType.choices, required=False, allow_null=True
    )
    nature_safety = serializers.IntegerField(min_value=0, max_value=2)
    nature_health = serializers.IntegerField(min_value=0, max_value=2)
    nature_welfare = serializers.IntegerField(min_value=0, max_value=2)
    extent = serializers.ChoiceField(choices=Signal.Extent.choices)
    duration = serializers.ChoiceField(choices=Signal.Duration.choices)


class SignalSerializer(serializers.ModelSerializer):
    urgency_band = BandSerializer(source="band")
    team = serializers.CharField(source="team.name", default=None)
    neighbourhood = serializers.CharField(source="neighbourhood.cbs_code", default=None)

    class Meta:
        model = Signal
        fields = [
            "id",
            "created_at",
            "channel",
            "status",
            "urgency_score",
            "urgency_band",
            "override_reason",
            "nature_safety",
            "nature_health",
            "nature_welfare",
            "extent",
            "duration",
            "level",
            "risk_flags",
            "isolation_type",
            "subject_informed",
            "subject_description",
            "subject_postcode",
            "neighbourhood",
            "description",
            "reporter_type",
            "team",
            "deadline",
            "urgent_consultation_at",
            "closed_at",
        ]


class SignalCreatedSerializer(serializers.ModelSerializer):
    urgency_band = BandSerializer(source="band")

    class Meta:
        model = Signal
        fields = ["id", "urgency_score", "urgency_band", "status", "reporter_token"]


ITEM_FIELDS = ("nature_safety", "nature_health", "nature_welfare", "extent", "duration")


def _context(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SIGNAL_HANDLING)


@extend_schema(
    methods=["POST"],
    request=SignalCreateSerializer,
    responses={201: SignalCreatedSerializer},
    tags=["signals"],
)
@extend_schema(
    methods=["GET"],
    parameters=[
        OpenApiParameter("view", str, enum=["open", "new", "overdue", "urgent", "closed", "all"]),
        OpenApiParameter("band", str),
        OpenApiParameter("reporter_type", str),
        OpenApiParameter("cursor", str),
    ],
    responses=SignalSerializer(many=True),
    tags=["signals"],
)
@api_view(["GET", "POST"])
def signal_list(request):
    if request.method == "POST":
        return _create(request)
    access.require(request.user, "signals.queue")
    params = request.query_params
    spec = selectors.QueueFilter(
        view=params.get("view", "open"),
        band=params.get("band", ""),
        reporter_type=params.get("reporter_type", ""),
    )
    page = selectors.queue(
        request.user, spec=spec, cursor=params.get("cursor"), context=_context(request)
    )
    next_url = None
    if page.next_cursor:
        query = params.copy()
        query["cursor"] = page.next_cursor
        next_url = reverse("api:signal-list", request=request) + "?" + query.urlencode()
    return Response({"next": next_url, "results": SignalSerializer(page.rows, many=True).data})


def _create(request):
    access.require(request.user, "signals.report")
    incoming = SignalCreateSerializer(data=request.data)
    incoming.is_valid(raise_exception=True)
    data = dict(incoming.validated_data)
    items = services.Items(**{name: data.pop(name) for name in ITEM_FIELDS})
    try:
        signal = services.submit_signal(
            request.user,
            channel=Signal.Channel.API,
            description=data.pop("description"),
            risk_flags=data.pop("risk_flags", []),
            items=items,
            context=_context(request),
            **data,
        )
    except ValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise APIValidationError(detail) from None
    return Response(SignalCreatedSerializer(signal).data, status=status.HTTP_201_CREATED)


@extend_schema(responses=SignalSerializer, tags=["signals"])
@api_view(["GET"])
def signal_detail(request, signal_id: int):
    signal = selectors.get_signal(request.user, signal_id=signal_id, context=_context(request))
    return Response(SignalSerializer(signal).data)
