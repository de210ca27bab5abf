"""Every write to the social map. Each keeps the search text in step and
leaves a line in the entry's change history."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijknet.core import access
from wijknet.core.selectors import neighbourhood_for_postcode
from wijknet.core.validators import normalise_postcode
from wijknet.kaart import search
from wijknet.kaart.models import Location, Service, ServiceVersion

# Plain fields staff may edit; many-to-many fields are passed as lists.
SERVICE_FIELDS = (
    "organisation",
    "name",
    "alternate_name",
    "description",
    "working_method",
    "open_to_everyone",
    "minimum_age",
    "maximum_age",
    "ladder_level",
    "whole_municipality",
    "is_free",
    "fees_description",
    "application_process",
    "url",
    "email",
    "languages",
    "volunteers",
    "partnerships",
    "status",
    "editor",
)
SERVICE_RELATIONS = ("target_groups", "performance_fields", "life_domains", "neighbourhoods")


def index_text_for(service: Service, *, target_groups=(), life_domains=()) -> str:
    """What free text searches: name, description, method, and the labels
    of the target groups and life domains, so 'ouderen' finds entries for
    older people even when the text says 'senioren'."""
    return search.index_text(
        service.name,
        service.alternate_name,
        service.description,
        service.working_method,
        service.organisation.name if service.organisation_id else "",
        *(str(item) for item in target_groups),
        *(str(item) for item in life_domains),
    )


def reindex(service: Service) -> None:
    service.search_text = index_text_for(
        service,
        target_groups=list(service.target_groups.all()),
        life_domains=list(service.life_domains.all()),
    )
    Service.objects.filter(pk=service.pk).update(search_text=service.search_text)


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _snapshot(service: Service) -> dict:
    data = {name: _value(getattr(service, name)) for name in SERVICE_FIELDS}
    if service.pk:
        for name in SERVICE_RELATIONS:
            data[name] = sorted(getattr(service, name).values_list("pk", flat=True))
    return data


def _check(service: Service) -> None:
    errors = {}
    if not service.open_to_everyone and service.pk and not service.target_groups.exists():
        errors["target_groups"] = _("Kies een doelgroep, of maak het aanbod voor iedereen.")
    if (
        service.minimum_age is not None
        and service.maximum_age is not None
        and service.minimum_age > service.maximum_age
    ):
        errors["maximum_age"] = _("De maximumleeftijd ligt onder de minimumleeftijd.")
    if service.whole_municipality and service.pk and service.neighbourhoods.exists():
        # The form says the same; imports and the API meet it here.
        errors["neighbourhoods"] = _("Kies buurten óf 'voor de hele gemeente', niet allebei.")
    if not service.is_free and not service.fees_description.strip():
        errors["fees_description"] = _("Vermeld wat het kost, of maak het aanbod gratis.")
    if errors:
        raise ValidationError(errors)


def _require_editor(actor) -> None:
    if actor is not None and not access.can(actor, "kaart.edit"):
        raise PermissionDenied


@transaction.atomic
def save_service(actor, *, service: Service | None = None, action: str = "", **fields) -> Service:
    """Create or change an entry. ``actor`` None is a system import."""
    _require_editor(actor)
    relations = {name: fields.pop(name) for name in SERVICE_RELATIONS if name in fields}
    unknown = set(fields) - set(SERVICE_FIELDS) - {"last_verified_on"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    creating = service is None
    service = Service() if creating else Service.objects.select_for_update().get(pk=service.pk)
    before = {} if creating else _snapshot(service)
    for name, value in fields.items():
        setattr(service, name, value)
    if creating and "last_verified_on" not in fields:
        service.last_verified_on = timezone.localdate()
    service.full_clean(exclude=["search_text"])
    service.save()
    for name, items in relations.items():
        getattr(service, name).set(items)
    _check(service)
    reindex(service)
    after = _snapshot(service)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes or creating:
        ServiceVersion.objects.create(
            service=service,
            actor=actor,
            action=action or ("created" if creating else "changed"),
            changes=changes,
        )
    return service


@transaction.atomic
def verify_service(actor, *, service: Service) -> Service:
    """One click: 'still correct'. Resets the review clock and says who."""
    _require_editor(actor)
    today = timezone.localdate()
    previous = service.last_verified_on
    Service.objects.filter(pk=service.pk).update(last_verified_on=today)
    service.last_verified_on = today
    ServiceVersion.objects.create(
        service=service,
        actor=actor,
        action="verified",
        changes={"last_verified_on": [_value(previous), today.isoformat()]},
    )
    return service


def place_location(location: Location) -> None:
    """Normalise the postcode and map it to a neighbourhood."""
    if location.postcode:
        location.postcode = normalise_postcode(location.postcode)
        location.neighbourhood = neighbourhood_for_postcode(location.postcode)
    else:
        location.neighbourhood = None
