"""Read-only API of the support trajectory: the cases a team works on, one
case with its current plan, and a case's self-reliance matrix.

The access policy is the pages' one: a list only for the roles with a
caseload (policy staff, beheer and assessors get 403; an assessor reaches a
case through an application, never through a list of cases), 404 for a
case the user may not see, also for every role without a caseload, and an
audit row for every case shown."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from wijknet.cases import selectors
from wijknet.cases.models import (
    Case,
    MatrixDomain,
    MatrixMeasurement,
    MatrixScore,
    PlanGoal,
    PlanStep,
    PlanVersion,
)
from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose
from wijknet.core.pagination import keyset_page

PAGE_SIZE = 25
STATUSES = ("open", "closed", "all")


@extend_schema_field(
    {"type": "string", "description": "`draft` (concept), `set` (vastgesteld) of `superseded`"}
)
class PlanStatusField(serializers.CharField):
    """The plan's status as plain text: an enum would be named after the
    field, and 'status' is the signal's enum already."""


class StepSerializer(serializers.ModelSerializer):
    service = serializers.UUIDField(source="service.hsds_id", default=None)
    service_name = serializers.CharField(source="service.name", default=None)

    class Meta:
        model = PlanStep
        fields = [
            "id",
            "order",
            "ladder_level",
            "own_action",
            "others_action",
            "professional_help",
            "wmo_claim",
            "service",
            "service_name",
            "done_on",
        ]


class PlanGoalSerializer(serializers.Serializer):
    """A goal as part of the plan, with the ladder reasons and its steps."""

    goal = serializers.IntegerField(source="goal_id")
    # A set version keeps the wording it was set with (PlanGoal.title).
    title = serializers.CharField()
    result_area = serializers.CharField()
    life_domain = serializers.CharField(source="goal.life_domain.code", default=None)
    matrix_domain = serializers.CharField(source="goal.matrix_domain.code", default=None)
    target_level = serializers.IntegerField(source="goal.target_level", allow_null=True)
    reached_on = serializers.DateField(source="goal.reached_on", allow_null=True)
    reasons = serializers.SerializerMethodField()
    steps = StepSerializer(many=True)

    @extend_schema_field(
        {
            "type": "object",
            "description": "Per binnenste trede (own, network, general, collective): "
            "waarom die tekortschiet; leeg als dat niet is vastgelegd.",
            "additionalProperties": {"type": "string"},
        }
    )
    def get_reasons(self, obj) -> dict:
        return obj.reasons


class PlanSerializer(serializers.ModelSerializer):
    status = PlanStatusField()
    goals = PlanGoalSerializer(source="plan_goals", many=True)

    class Meta:
        model = PlanVersion
        fields = [
            "number",
            "status",
            "revision",
            "drawn_up_on",
            "evaluation_on",
            "set_at",
            "aids",
            "providers",
            "funding",
            "goals",
        ]


class CaseSerializer(serializers.ModelSerializer):
    """A case in a list: what the caseload shows, and the current plan (the
    newest version that is not superseded) as the detail gives it: goals,
    ladder reasons and steps with their ladder level."""

    household = serializers.IntegerField(source="household_id")
    household_name = serializers.CharField(source="household.name")
    team = serializers.CharField(source="team.name")
    coordinator = serializers.SerializerMethodField()
    escalated = serializers.SerializerMethodField()
    plan = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "household",
            "household_name",
            "team",
            "coordinator",
            "phase",
            "access_step",
            "start_reason",
            "reported_on",
            "investigation_due",
            "investigation_done_on",
            "opened_at",
            "closed_at",
            "close_reason",
            "aftercare_on",
            "escalated",
            "plan",
        ]

    def get_coordinator(self, obj) -> str | None:
        return obj.coordinator.get_full_name() if obj.coordinator_id else None

    def get_escalated(self, obj) -> bool:
        return obj.escalated_at is not None

    @extend_schema_field(PlanSerializer(allow_null=True))
    def get_plan(self, obj):
        versions = getattr(obj, "current_versions", [])
        return PlanSerializer(versions[0]).data if versions else None


class CasePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="De volgende pagina, of null")
    results = CaseSerializer(many=True)


class CaseDetailSerializer(CaseSerializer):
    """One case with its current plan in full: goals, ladder reasons and
    steps."""

    @extend_schema_field(PlanSerializer(allow_null=True))
    def get_plan(self, obj):
        version = self.context.get("plan")
        return PlanSerializer(version).data if version is not None else None


class MeasurementSerializer(serializers.ModelSerializer):
    scores = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()

    class Meta:
        model = MatrixMeasurement
        fields = ["id", "person", "measured_on", "note", "scores", "targets"]

    @extend_schema_field(
        {
            "type": "object",
            "description": "Niveau 1-5 per domeincode van de zelfredzaamheidsmatrix.",
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        }
    )
    def get_scores(self, obj) -> dict:
        return {score.domain.code: score.level for score in obj.scores.all()}

    @extend_schema_field(
        {
            "type": "object",
            "description": "Doelniveau per domeincode, waar een doel is gesteld.",
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        }
    )
    def get_targets(self, obj) -> dict:
        return {
            score.domain.code: score.target_level
            for score in obj.scores.all()
            if score.target_level is not None
        }


class MatrixSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    number = serializers.CharField()
    domains = serializers.ListField(child=serializers.CharField())
    measurements = MeasurementSerializer(many=True)


def _context(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SUPPORT_API)


def _current_versions() -> Prefetch:
    """Every case's versions that are not superseded, newest first, with
    their goals and steps: the list's plans in three queries, however many
    cases the page holds."""
    steps = Prefetch("steps", queryset=PlanStep.objects.select_related("service"))
    goals = Prefetch(
        "plan_goals",
        queryset=PlanGoal.objects.select_related(
            "goal", "goal__life_domain", "goal__matrix_domain"
        ).prefetch_related(steps),
    )
    return Prefetch(
        "plan_versions",
        queryset=PlanVersion.objects.exclude(status=PlanVersion.Status.SUPERSEDED)
        .order_by("-number")
        .prefetch_related(goals),
        to_attr="current_versions",
    )


def _require_case_reader(request) -> None:
    """A role without a caseload sees no case at all: 404, as for a case
    of another team, so the answer does not tell that the case exists."""
    if not access.can(request.user, "cases.caseload"):
        raise Http404


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, description="`open` (standaard), `closed` of `all`"),
        OpenApiParameter(
            "mine", OpenApiTypes.BOOL, description="Alleen trajecten waarvan u regiehouder bent"
        ),
        OpenApiParameter("cursor", str, description="Vervolgpagina, uit `next`"),
    ],
    responses=CasePageSerializer,
    operation_id="cases_list",
    tags=["cases"],
)
@api_view(["GET"])
def case_list(request):
    """The cases the user may see, newest first; 25 per page."""
    access.require(request.user, "cases.caseload")
    params = request.query_params
    status = params.get("status", "open")
    if status not in STATUSES:
        raise ValidationError({"status": f"Kies uit {', '.join(STATUSES)}."})
    queryset = Case.objects.visible_to(request.user).select_related(
        "household", "team", "coordinator"
    )
    if status != "all":
        queryset = queryset.filter(closed_at__isnull=status == "open")
    if params.get("mine", "").lower() in ("1", "true", "ja"):
        queryset = queryset.filter(coordinator=request.user)
    page = keyset_page(
        queryset.prefetch_related(_current_versions()), ("-id",), params.get("cursor"), PAGE_SIZE
    )
    access.log_listed(request.user, page.rows, context=_context(request))
    next_url = None
    if page.next_cursor:
        query = params.copy()
        query["cursor"] = page.next_cursor
        next_url = reverse("api:case-list", request=request) + "?" + query.urlencode()
    return Response({"next": next_url, "results": CaseSerializer(page.rows, many=True).data})


@extend_schema(responses=CaseDetailSerializer, tags=["cases"])
@api_view(["GET"])
def case_detail(request, case_id: int):
    """One case with its current plan (the draft being worked on, or else
    the set plan), its goals and steps with their ladder level. Like the
    case page, this is the team's working file: a resident reads their
    plan in the portal."""
    _require_case_reader(request)
    case = selectors.get_case(request.user, case_id, context=_context(request))
    version = selectors.plan_version(case)
    return Response(CaseDetailSerializer(case, context={"plan": version}).data)


@extend_schema(responses=MatrixSerializer, tags=["cases"])
@api_view(["GET"])
def case_matrix(request, case_id: int):
    """The self-reliance matrix measurements of a case, oldest first, with
    the level per domain code."""
    _require_case_reader(request)
    case = selectors.get_case(request.user, case_id, context=_context(request))
    measurements = case.measurements.order_by("measured_on", "id").prefetch_related(
        Prefetch("scores", queryset=MatrixScore.objects.select_related("domain"))
    )
    domains = list(
        MatrixDomain.objects.filter(active=True)
        .order_by("order", "code")
        .values_list("code", flat=True)
    )
    data = {
        "case": case.pk,
        "number": case.number,
        "domains": domains,
        "measurements": measurements,
    }
    return Response(MatrixSerializer(data).data)
