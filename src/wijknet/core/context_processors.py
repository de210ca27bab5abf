from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wijknet.core import access

# (capability, url name, label): the navigation is what the role may do.
_NAV = [
    (None, "core:home", _("Start")),
    ("people.search", "people:search", _("Inwoners zoeken")),
    ("people.register", "people:register", _("Inwoner registreren")),
    ("people.search", "people:tasks", _("Taken")),
    ("own_record", "people:own_record", _("Mijn gegevens")),
    ("own_record", "people:own_access_log", _("Wie heeft mijn gegevens bekeken?")),
    ("own_record", "people:own_network", _("Mijn netwerk")),
    ("own_record", "cases:own_plan", _("Mijn plan")),
    ("own_record", "volunteers:resident_matches", _("Mijn vrijwilliger")),
    ("cases.caseload", "cases:caseload", _("Mijn caseload")),
    ("cases.allocate", "cases:team", _("Teamoverzicht")),
    ("cases.decide", "cases:assessor_queue", _("Aanvragen beoordelen")),
    ("volunteers.coordinate", "volunteers:pool", _("Vrijwilligers")),
    ("volunteers.coordinate", "volunteers:requests", _("Hulpvragen")),
    ("volunteers.own_matches", "volunteers:own_matches", _("Mijn koppelingen")),
    ("signals.report", "signals:new", _("Melding doen")),
    ("signals.queue", "signals:queue", _("Meldingen")),
    ("signals.dashboard", "signals:dashboard", _("Overzicht meldpunt")),
    ("signals.aggregates", "signals:aggregates", _("Signalen per buurt")),
    ("carers.aggregates", "people:carer_aggregates", _("Mantelzorg per buurt")),
    ("kaart.edit", "kaart:staff_list", _("Sociale kaart beheren")),
    ("kaart.overlap", "kaart:overlap", _("Overlap in het aanbod")),
    ("admin", "admin:index", _("Beheer")),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"url": reverse(name), "label": label, "active": request.path == reverse(name)}
        for capability, name, label in _NAV
        if capability is None or access.can(user, capability)
    ]
    return {"nav_items": items}
