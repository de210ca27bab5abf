from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from wijknet.core import access

# Paths a signed-in but not yet verified staff user may still reach.
_OPEN_PREFIXES = ("/account/", "/static/", "/i18n/")


class RequireTwoFactorMiddleware:
    """With WIJKNET_REQUIRE_2FA on, staff roles must pass a TOTP check before
    any page: first time they enrol a device, after that they verify."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.WIJKNET_REQUIRE_2FA
            and access.is_staff_role(user)
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Tweestapsverificatie is vereist."}, status=403)
            return redirect(f"{reverse('core:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
