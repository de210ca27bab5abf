from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.forms import add_validation_errors
from wijknet.core.models import AuditPurpose
from wijknet.core.selectors import teams_of
from wijknet.people import registry, selectors, services
from wijknet.people.forms import ConsentForm, PersonForm, RegisterPersonForm
from wijknet.people.models import Consent


def _context(request, purpose: str = AuditPurpose.SUPPORT) -> AuditContext:
    return AuditContext.from_request(request, purpose)


@login_required
def search(request):
    access.require(request.user, "people.search")
    query = request.GET.get("q", "").strip()
    page = None
    if query:
        page = selectors.search_persons(
            request.user,
            query=query,
            cursor=request.GET.get("na"),
            context=_context(request, AuditPurpose.SEARCH),
        )
    template = "people/_results.html" if request.htmx else "people/search.html"
    return render(request, template, {"query": query, "page": page})


@login_required
def person_detail(request, person_id: int):
    context = _context(request)
    person = selectors.get_person(request.user, person_id=person_id, context=context)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            # What the other apps show here, e.g. that the person also volunteers.
            **registry.page_sections("person", request.user, person, context),
            "consents": selectors.consents_of(request.user, person=person),
            "can_change": access.can_change_person(request.user, person),
            "household_visible": access.can_see_household(
                request.user, getattr(getattr(person, "membership", None), "household_id", None)
            ),
        },
    )


@login_required
def person_edit(request, person_id: int):
    person = selectors.get_person(request.user, person_id=person_id, context=_context(request))
    if not access.can_change_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_person(request.user, person=person, context=_context(request), **fields)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("people:person", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
def register(request):
    access.require(request.user, "people.register")
    teams = teams_of(request.user)
    form = RegisterPersonForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.register_person(
                request.user,
                team=data.pop("team"),
                reason=data.pop("reason"),
                context=_context(request),
                **data,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("%(name)s is geregistreerd.") % {"name": person.full_name})
            return redirect("people:person", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@login_required
def consent_new(request, person_id: int):
    person = selectors.get_person(request.user, person_id=person_id, context=_context(request))
    if not access.can_change_person(request.user, person):
        raise PermissionDenied
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(
                request.user, person=person, context=_context(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("people:person", person_id=person.pk)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@login_required
@require_POST
def consent_withdraw(request, consent_id: int):
    if access.can(request.user, "own_record"):
        person = selectors.own_person(
            request.user, context=_context(request, AuditPurpose.OWN_RECORD)
        )
        back = "people:own_record"
    else:
        consent_person = get_object_or_404(Consent.objects.only("person_id"), pk=consent_id)
        person = selectors.get_person(
            request.user, person_id=consent_person.person_id, context=_context(request)
        )
        back = None
    consent = get_object_or_404(Consent, pk=consent_id, person=person)
    services.withdraw_consent(request.user, consent=consent, context=_context(request))
    messages.success(request, _("De toestemming is ingetrokken."))
    return redirect(back) if back else redirect("people:person", person_id=person.pk)


@login_required
def household_detail(request, household_id: int):
    purpose = (
        AuditPurpose.OWN_RECORD if access.can(request.user, "own_record") else AuditPurpose.SUPPORT
    )
    context = _context(request, purpose)
    household = selectors.get_household(request.user, household_id=household_id, context=context)
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            # What the other apps show here, e.g. the household's trajectories.
            **registry.page_sections("household", request.user, household, context),
        },
    )


@login_required
def own_record(request):
    access.require(request.user, "own_record")
    person = selectors.own_person(request.user, context=_context(request, AuditPurpose.OWN_RECORD))
    consents = selectors.consents_of(request.user, person=person) if person else []
    return render(request, "people/own_record.html", {"person": person, "consents": consents})


@login_required
def own_access_log(request):
    access.require(request.user, "own_record")
    person = selectors.own_person(
        request.user, context=_context(request, AuditPurpose.OWN_ACCESS_LOG)
    )
    page = (
        selectors.access_log(request.user, person=person, cursor=request.GET.get("na"))
        if person
        else None
    )
    subjects = registry.subject_names()
    for event in page.rows if page else []:
        event.subject = subjects.get(event.object_type, subjects["people.person"])
    return render(request, "people/access_log.html", {"person": person, "page": page})
