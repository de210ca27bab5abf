"""Pages of the support system around a person: the network map (ecogram)
for staff and for the resident in the portal, informal carers and their
burden, the team's tasks, and the carer counts for policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.forms import add_validation_errors
from wijknet.core.models import AuditPurpose
from wijknet.people import carers, ecogram, network, selectors
from wijknet.people.models import (
    InformalCarer,
    NetworkLayer,
    NetworkTie,
    Person,
    SupportKind,
    TeamTask,
)
from wijknet.people.network_forms import (
    BurdenForm,
    CarerForm,
    ProposeTieForm,
    ReviewForm,
    TieForm,
)


def _context(request, purpose: str = AuditPurpose.SUPPORT) -> AuditContext:
    return AuditContext.from_request(request, purpose)


def _layer_order(tie: NetworkTie) -> tuple:
    return (ecogram.LAYERS.index(tie.layer), tie.name.lower(), tie.pk)


def _label(tie: NetworkTie) -> str:
    """The text next to a tie in the picture: who, and the load in words
    when it is heavy (or the carer's burden when that is), so the line
    style is never the only carrier."""
    text = ecogram.short_label(f"{tie.name} ({tie.relation})" if tie.relation else tie.name)
    load = max(tie.load_person, tie.load_tie)
    if load >= ecogram.HEAVY_LOAD:
        text += f" – {NetworkTie.Load(load).label}"
    elif carers.is_flagged(getattr(tie, "latest_burden", None)):
        text += f" – {tie.latest_burden.get_burden_display()}"
    if tie.awaiting_review:
        text += " – " + _("voorstel")
    return text


def _signal_texts(ties: list[NetworkTie]) -> list[str]:
    """The map's signals in words, in the order ecogram gives them: a small
    network, the overloaded carriers, the empty layers."""
    by_id = {tie.pk: tie for tie in ties}
    small, overloaded, empty = [], [], []
    for code in ecogram.network_signals(network.facts(tie) for tie in ties):
        kind, subject = ecogram.split_code(code)
        if kind == ecogram.SMALL_NETWORK:
            small.append(
                _(
                    "Klein netwerk: minder dan drie mensen of voorzieningen in het natuurlijke "
                    "netwerk en de buurt samen."
                )
            )
        elif kind == ecogram.OVERLOADED:
            tie = by_id[int(subject)]
            overloaded.append(f"{tie.name} ({tie.relation})")
        elif kind == ecogram.EMPTY_LAYER and subject == ecogram.SELF:
            empty.append(
                _(
                    "Geen eigen kracht vastgelegd: wat doet de inwoner zelf, en waar put "
                    "die kracht uit?"
                )
            )
        elif kind == ecogram.EMPTY_LAYER:
            empty.append(
                _("Niemand in de laag '%(layer)s'.") % {"layer": NetworkLayer(subject).label}
            )
    if overloaded:
        overloaded = [
            ngettext(
                "Eén overbelaste drager: %(names)s. Ontlast deze eerst.",
                "%(count)d overbelaste dragers: %(names)s. Ontlast deze eerst.",
                len(overloaded),
            )
            % {"count": len(overloaded), "names": ", ".join(overloaded)}
        ]
    return small + overloaded + empty


def _picture(person: Person, ties: list[NetworkTie]) -> dict:
    shown = [network.facts(tie) for tie in ties]
    layout = ecogram.layout(shown, labels={tie.pk: _label(tie) for tie in ties})
    counts = ecogram.layer_counts(shown)
    summary = "; ".join(f"{NetworkLayer(layer).label}: {counts[layer]}" for layer in ecogram.LAYERS)
    return {
        "layout": layout,
        "title": _(
            "Netwerkkaart van %(name)s. Aantal relaties per laag, van binnen naar buiten: "
            "%(summary)s."
        )
        % {"name": person.full_name, "summary": summary},
        "rings": [{"ring": ring, "label": NetworkLayer(ring.layer).label} for ring in layout.rings],
    }


def _decorate(ties: list[NetworkTie]) -> None:
    labels = dict(SupportKind.choices)
    for tie in ties:
        tie.support_labels = [labels[kind] for kind in tie.support if kind in labels]
        tie.flagged = carers.is_flagged(tie.latest_burden)


def _network_context(
    request, person: Person, ties: list[NetworkTie], *, can_change: bool, **forms
) -> dict:
    ties = sorted(ties, key=_layer_order)
    _decorate(ties)
    accepted = [tie for tie in ties if not tie.awaiting_review]
    carer_ties = [tie for tie in accepted if getattr(tie, "carer", None) is not None]
    burden_forms = forms.pop("burden_forms", {})
    for tie in carer_ties:
        tie.burden_form = burden_forms.get(tie.pk) or BurdenForm(
            prefix=f"b{tie.pk}", initial={"checked_on": timezone.localdate()}
        )
    return {
        "person": person,
        "ties": accepted,
        "proposals": [tie for tie in ties if tie.awaiting_review],
        "picture": _picture(person, accepted),
        "signals": _signal_texts(accepted),
        "carer_ties": carer_ties,
        "respite": carers.respite_services(person) if carer_ties else [],
        "can_change": can_change,
        "tie_form": forms.get("tie_form") or TieForm(prefix="nieuw"),
        "layers": NetworkLayer.choices,
    }


def _staff_person(request, person_id: int) -> tuple[Person, AuditContext]:
    context = _context(request)
    person = selectors.get_person(request.user, person_id=person_id, context=context)
    return person, context


def _tie(request, person: Person, tie_id: int) -> NetworkTie:
    queryset = NetworkTie.objects.visible_to(request.user).current().select_related("person")
    return get_object_or_404(queryset, pk=tie_id, person=person)


@login_required
def network_page(request, person_id: int):
    """The network map of a person: picture, table, signals, carers; staff
    of an involved team add, change and end ties and review proposals."""
    if access.can(request.user, "own_record"):
        # A resident's own map lives in the portal; anyone else's is a 404.
        if not Person.objects.visible_to(request.user).filter(pk=person_id).exists():
            raise Http404
        return redirect("people:own_network")
    person, context = _staff_person(request, person_id)
    can_change = access.can_change_person(request.user, person)
    form = TieForm(request.POST or None, prefix="nieuw")
    if request.method == "POST":
        network.require_change(request.user, person)
        if form.is_valid():
            try:
                network.save_tie(request.user, person=person, context=context, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("De relatie staat op de netwerkkaart."))
                return redirect("people:network", person_id=person.pk)
    ties = network.network_of(request.user, person=person, context=context)
    page = _network_context(request, person, ties, can_change=can_change, tie_form=form)
    return render(request, "people/network.html", page, status=400 if form.errors else 200)


@login_required
def tie_edit(request, person_id: int, tie_id: int):
    person, context = _staff_person(request, person_id)
    network.require_change(request.user, person)
    tie = _tie(request, person, tie_id)
    if tie.ended_on is not None:
        raise PermissionDenied
    form = TieForm(request.POST or None, instance=tie)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in network.TIE_FIELDS}
        try:
            network.save_tie(request.user, person=person, tie=tie, context=context, **fields)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("De relatie is bijgewerkt."))
            return redirect("people:network", person_id=person.pk)
    return render(
        request,
        "people/network_tie_form.html",
        {"form": form, "person": person, "tie": tie},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def tie_end(request, person_id: int, tie_id: int):
    person, context = _staff_person(request, person_id)
    network.require_change(request.user, person)
    tie = _tie(request, person, tie_id)
    try:
        network.end_tie(request.user, tie=tie, context=context)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s staat niet meer op de netwerkkaart.") % {"name": tie.name}
        )
    return redirect("people:network", person_id=person.pk)


@login_required
@require_POST
def tie_review(request, person_id: int, tie_id: int):
    person, context = _staff_person(request, person_id)
    network.require_change(request.user, person)
    tie = _tie(request, person, tie_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies of u het voorstel overneemt."))
        return redirect("people:network", person_id=person.pk)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        network.review_tie(request.user, tie=tie, accept=accept, context=context)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Het voorstel is overgenomen.") if accept else _("Het voorstel is niet overgenomen."),
        )
    return redirect("people:network", person_id=person.pk)


@login_required
def carer_new(request, person_id: int, tie_id: int):
    person, context = _staff_person(request, person_id)
    network.require_change(request.user, person)
    tie = _tie(request, person, tie_id)
    form = CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            carers.register_carer(request.user, tie=tie, context=context, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is vastgelegd als mantelzorger.") % {"name": tie.name}
            )
            return redirect("people:network", person_id=person.pk)
    return render(
        request,
        "people/carers_form.html",
        {"form": form, "person": person, "tie": tie},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def burden_new(request, person_id: int, tie_id: int):
    person, context = _staff_person(request, person_id)
    network.require_change(request.user, person)
    tie = _tie(request, person, tie_id)
    carer = get_object_or_404(InformalCarer, tie=tie)
    form = BurdenForm(request.POST, prefix=f"b{tie.pk}")
    if form.is_valid():
        try:
            check = carers.record_burden(
                request.user, carer=carer, context=context, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            if carers.is_flagged(check):
                messages.warning(
                    request,
                    _(
                        "De belasting is vastgelegd: %(name)s is %(burden)s. Het team heeft "
                        "een taak gekregen om de mantelzorger te ontlasten."
                    )
                    % {"name": tie.name, "burden": check.get_burden_display()},
                )
            else:
                messages.success(request, _("De belasting is vastgelegd."))
            return redirect("people:network", person_id=person.pk)
    ties = network.network_of(request.user, person=person, context=context)
    page = _network_context(request, person, ties, can_change=True, burden_forms={tie.pk: form})
    return render(request, "people/network.html", page, status=400)


# --- The resident's own map --------------------------------------------------


@login_required
def own_network(request):
    """The resident's own network map; what they add waits for the team."""
    access.require(request.user, "own_record")
    context = _context(request, AuditPurpose.OWN_RECORD)
    person = selectors.own_person(request.user, context=context)
    form = ProposeTieForm(request.POST or None)
    if person is None:
        return render(request, "people/network_own.html", {"person": None})
    if request.method == "POST" and form.is_valid():
        try:
            network.propose_tie(request.user, context=context, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("Dank u. %(name)s staat op uw kaart; het wijkteam bekijkt het en neemt het over.")
                % {"name": form.cleaned_data["name"]},
            )
            return redirect("people:own_network")
    ties = sorted(
        network.network_of(request.user, person=person, context=context), key=_layer_order
    )
    _decorate(ties)
    return render(
        request,
        "people/network_own.html",
        {
            "person": person,
            "ties": ties,
            "picture": _picture(person, ties),
            "form": form,
            "own": True,
        },
        status=400 if form.errors else 200,
    )


# --- Team tasks -----------------------------------------------------------------


@login_required
def tasks(request):
    access.require(request.user, "people.search")
    page = network.open_tasks(request.user, cursor=request.GET.get("na"), context=_context(request))
    return render(request, "people/tasks.html", {"page": page, "today": timezone.localdate()})


@login_required
@require_POST
def task_done(request, task_id: int):
    access.require(request.user, "people.search")
    task = get_object_or_404(TeamTask, pk=task_id, team_id__in=access.team_ids(request.user))
    network.complete_task(request.user, task=task)
    messages.success(request, _("De taak is afgevinkt."))
    return redirect("people:tasks")


# --- Policy ---------------------------------------------------------------------


@login_required
def carer_aggregates(request):
    access.require(request.user, "carers.aggregates")
    indicator = carers.policy_aggregates(request.user)
    return render(request, "people/carers_aggregates.html", indicator)
