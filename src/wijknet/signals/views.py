from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.forms import add_validation_errors
from wijknet.core.models import AuditPurpose, Organisation
from wijknet.signals import selectors, services, workflow
from wijknet.signals.forms import (
    AssignForm,
    IAOForm,
    IntakeSignalForm,
    OverrideForm,
    PartnerSignalForm,
    PublicSignalForm,
    QueueFilterForm,
    StatusForm,
    SubjectForm,
    TriageForm,
    form_stamp,
)
from wijknet.signals.models import Signal

# An organisation's kind says what kind of reporter its staff are.
REPORTER_TYPE_OF_ORGANISATION = {
    Organisation.Kind.POLICE: Signal.ReporterType.POLICE,
    Organisation.Kind.HOUSING: Signal.ReporterType.HOUSING,
    Organisation.Kind.GP: Signal.ReporterType.GP,
    Organisation.Kind.VOLUNTEER_CENTRE: Signal.ReporterType.VOLUNTEER,
}
SUBMIT_FIELDS = (
    "reporter_type",
    "reporter_name",
    "reporter_email",
    "reporter_phone",
    "subject_description",
    "subject_street",
    "subject_house_number",
    "subject_postcode",
    "subject_informed",
    "level",
    "isolation_type",
)


def _context(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SIGNAL_HANDLING)


def _submit(request, form, *, channel: str, items=None) -> Signal:
    data = form.cleaned_data
    fields = {name: data[name] for name in SUBMIT_FIELDS if data.get(name) not in (None, "")}
    actor = request.user if request.user.is_authenticated else None
    return services.submit_signal(
        actor,
        channel=channel,
        description=data["description"],
        risk_flags=data.get("risk_flags") or [],
        items=items or services.Items(),
        context=_context(request) if actor else None,
        **fields,
    )


def _over_public_limit(request) -> bool:
    key = f"wijknet:public-signal:{request.META.get('REMOTE_ADDR', '')}"
    count = cache.get_or_set(key, 0, timeout=3600)
    if count >= settings.WIJKNET_PUBLIC_SIGNALS_PER_HOUR:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
    return False


def public_report(request):
    """'Ik maak me zorgen over iemand': anyone may report, without a login."""
    if request.method == "POST":
        form = PublicSignalForm(request.POST)
        if form.is_valid():
            if _over_public_limit(request):
                form.add_error(
                    None, _("U heeft al een aantal meldingen gedaan. Probeer het later opnieuw.")
                )
            else:
                try:
                    signal = _submit(request, form, channel=Signal.Channel.PUBLIC_FORM)
                except ValidationError as error:
                    add_validation_errors(form, error)
                else:
                    return redirect("signals:status", token=signal.reporter_token)
        data = request.POST.copy()
        data["stamp"] = form_stamp()
        form.data = data
    else:
        form = PublicSignalForm(initial={"stamp": form_stamp()})
    return render(request, "signals/public_form.html", {"form": form})


def reporter_status(request, token: str):
    signal = selectors.status_for_reporter(token)
    if signal is None:
        raise Http404
    return render(request, "signals/status.html", {"signal": signal})


@login_required
def new_signal(request):
    access.require(request.user, "signals.report")
    intake = access.can(request.user, "signals.intake")
    form_class = IntakeSignalForm if intake else PartnerSignalForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            channel = form.cleaned_data["channel"] if intake else Signal.Channel.PARTNER_FORM
            try:
                signal = _submit(
                    request, form, channel=channel, items=form.items() if intake else None
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("De melding is vastgelegd."))
                if Signal.objects.visible_to(request.user).filter(pk=signal.pk).exists():
                    return redirect("signals:detail", signal_id=signal.pk)
                return redirect("signals:status", token=signal.reporter_token)
    else:
        form = form_class(initial=_reporter_defaults(request.user))
    return render(request, "signals/signal_form.html", {"form": form, "intake": intake})


def _reporter_defaults(user) -> dict:
    membership = user.memberships.select_related("organisation", "team__organisation").first()
    organisation = None
    if membership is not None:
        organisation = membership.organisation or (membership.team and membership.team.organisation)
    kind = organisation.kind if organisation else None
    return {
        "reporter_type": REPORTER_TYPE_OF_ORGANISATION.get(kind, Signal.ReporterType.PROFESSIONAL),
        "reporter_name": user.get_full_name(),
        "reporter_email": user.email,
    }


@login_required
def queue(request):
    access.require(request.user, "signals.queue")
    filters = QueueFilterForm(request.GET or None)
    spec = selectors.QueueFilter()
    if filters.is_valid():
        data = filters.cleaned_data
        spec = selectors.QueueFilter(
            view=data.get("view") or "open",
            band=data.get("band") or "",
            reporter_type=data.get("reporter_type") or "",
        )
    page = selectors.queue(
        request.user, spec=spec, cursor=request.GET.get("na"), context=_context(request)
    )
    query = request.GET.copy()
    query.pop("na", None)
    return render(
        request,
        "signals/queue.html",
        {"filters": filters, "page": page, "querystring": query.urlencode()},
    )


def _action_form(action: str, signal, data=None):
    """Each action's form carries its own prefix, so field ids stay unique
    on the detail page that shows them all."""
    form_class = ACTIONS[action][0]
    initial = {
        "triage": _items_initial(signal),
        "override": {"band": signal.band_id},
        "assign": {"team": signal.team_id},
    }.get(action, {})
    kwargs = {"current": signal.status} if form_class is StatusForm else {}
    return form_class(data, prefix=action, initial=initial, **kwargs)


def _detail_context(request, signal, failed: dict | None = None) -> dict:
    failed = failed or {}
    forms = {
        f"{action}_form": failed.get(action) or _action_form(action, signal) for action in ACTIONS
    }
    return {
        "signal": signal,
        "can_triage": access.can(request.user, "signals.triage") and signal.is_open,
        "can_convert": _can_convert(request.user, signal),
        "can_ask_volunteer": _can_ask_volunteer(request.user, signal),
        **forms,
    }


def _can_ask_volunteer(user, signal) -> bool:
    """The team the signal is routed to can ask a volunteer for the linked
    resident: a coordinator of that team (``volunteers.coordinate``, so not
    the report point) who may handle signals."""
    return (
        access.can(user, "volunteers.coordinate")
        and access.can(user, "signals.triage")
        and signal.team_id in access.team_ids(user)
        and signal.subject_person_id is not None
    )


def _can_convert(user, signal) -> bool:
    """The team the signal is routed to can open a support trajectory from
    it, when the signal allows the step."""
    return (
        access.can(user, "cases.caseload")
        and signal.team_id in access.team_ids(user)
        and workflow.CONVERTED in workflow.allowed_from(signal.status)
    )


def _items_initial(signal) -> dict:
    return {
        name: getattr(signal, name)
        for name in ("nature_safety", "nature_health", "nature_welfare", "extent", "duration")
        if getattr(signal, name) not in (None, "")
    }


@login_required
def detail(request, signal_id: int):
    signal = selectors.get_signal(request.user, signal_id=signal_id, context=_context(request))
    return render(request, "signals/detail.html", _detail_context(request, signal))


# Each action on a signal: (form class, how to call the service, message).
def _triage(request, signal, form):
    return services.triage(
        request.user, signal=signal, items=form.items(), context=_context(request)
    )


def _override(request, signal, form):
    return services.override_band(
        request.user,
        signal=signal,
        band=form.cleaned_data["band"],
        reason=form.cleaned_data["reason"],
        context=_context(request),
    )


def _status(request, signal, form):
    return services.change_status(
        request.user,
        signal=signal,
        to_status=form.cleaned_data["to_status"],
        note=form.cleaned_data["note"],
        context=_context(request),
    )


def _iao(request, signal, form):
    return services.record_iao(
        request.user, signal=signal, note=form.cleaned_data["note"], context=_context(request)
    )


def _assign(request, signal, form):
    return services.assign_team(
        request.user, signal=signal, team=form.cleaned_data["team"], context=_context(request)
    )


def _subject(request, signal, form):
    return services.link_subject(
        request.user,
        signal=signal,
        pseudonym=form.cleaned_data["pseudonym"],
        context=_context(request),
    )


ACTIONS = {
    "triage": (TriageForm, _triage, _("De urgentie is bepaald.")),
    "override": (OverrideForm, _override, _("De band is aangepast.")),
    "status": (StatusForm, _status, _("De status is gewijzigd.")),
    "iao": (IAOForm, _iao, _("Het gegeven advies is vastgelegd.")),
    "assign": (AssignForm, _assign, _("De melding is toegewezen.")),
    "subject": (SubjectForm, _subject, _("De melding is gekoppeld aan de inwoner.")),
}


@login_required
@require_POST
def act(request, signal_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    signal = selectors.get_signal(request.user, signal_id=signal_id, context=_context(request))
    _form_class, perform, done = ACTIONS[action]
    form = _action_form(action, signal, request.POST)
    if form.is_valid():
        try:
            perform(request, signal, form)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, done)
            if Signal.objects.visible_to(request.user).filter(pk=signal.pk).exists():
                return redirect("signals:detail", signal_id=signal.pk)
            return redirect("signals:queue")
    context = _detail_context(request, signal, {action: form})
    return render(request, "signals/detail.html", context, status=400)


@login_required
def dashboard(request):
    access.require(request.user, "signals.dashboard")
    return render(request, "signals/dashboard.html", selectors.dashboard(request.user))


@login_required
def aggregates(request):
    access.require(request.user, "signals.aggregates")
    rows = selectors.policy_aggregates(request.user)
    return render(request, "signals/aggregates.html", {"rows": rows})
