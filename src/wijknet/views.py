"""Project-level pages that gather several apps, above all of them (like
``urls.py``): the home page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose, Role
from wijknet.core.selectors import teams_of
from wijknet.people import selectors as people


@login_required
def home(request):
    user = request.user
    context = {"role_label": Role(user.role).label, "teams": teams_of(user)}
    if access.can(user, "people.search"):
        context["households"] = people.team_households(
            user,
            cursor=request.GET.get("na"),
            context=AuditContext.from_request(request, AuditPurpose.TEAM_OVERVIEW),
        )
    return render(request, "core/home.html", context)
