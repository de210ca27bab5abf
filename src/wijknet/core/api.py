from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django_otp import match_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from wijknet.core import access


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        required=False, help_text="TOTP-code; verplicht voor medewerkers als 2FA aan staat."
    )


class TokenView(APIView):
    """Exchange a username and password for an API token. Rate-limited per
    client, and locked out by django-axes like the login page."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
        tags=["auth"],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            return Response(
                {"detail": _("Onjuiste gebruikersnaam of wachtwoord.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if settings.WIJKNET_REQUIRE_2FA and access.is_staff_role(user):
            otp = data.validated_data.get("otp_token", "")
            if not otp or match_token(user, otp) is None:
                return Response(
                    {"detail": _("Een geldige TOTP-code (otp_token) is vereist.")},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
