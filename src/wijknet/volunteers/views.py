"""Pages of volunteers and buddies: the pool and registration, the team's
requests with ranked candidates and the match's follow-up, the retention
view, the volunteer's own matches ("Mijn koppelingen") and the resident's
("Mijn vrijwilliger")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.forms import add_validation_errors, form_messages
from wijknet.core.models import AuditPurpose
from wijknet.core.selectors import teams_of
from wijknet.signals import selectors as signal_selectors
from wijknet.volunteers import forms, hooks, ranking, reasons, schedule, selectors, services
from wijknet.volunteers.models import (
    LIVE,
    CheckIn,
    HomeVisit,
    Match,
    Profile,
    Request,
    VisitNote,
    Volunteer,
)
from wijknet.volunteers.policy import is_coordinator


def context_of(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SUPPORT)


def _form_messages(request, form) -> None:
    for message in form_messages(form):
        messages.error(request, message)


def _perform(http_request, form, service, **kwargs) -> bool:
    """Run a service with a valid form's data; errors become messages.
    (``kwargs`` may hold a ``request=``: the request for help.)"""
    if form.is_valid():
        try:
            service(
                http_request.user,
                context=context_of(http_request),
                **kwargs,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return True
    _form_messages(http_request, form)
    return False


# --- The pool ------------------------------------------------------------------


@login_required
def pool(request):
    access.require(request.user, "volunteers.coordinate")
    query = request.GET.get("q", "")
    page = selectors.volunteer_pool(
        request.user, query=query, cursor=request.GET.get("na"), context=context_of(request)
    )
    for volunteer in page.rows:
        volunteer.profile_labels = _profile_labels(volunteer.profile_codes)
    return render(request, "volunteers/pool.html", {"page": page, "query": query})


@login_required
def register(request):
    access.require(request.user, "volunteers.coordinate")
    form = forms.VolunteerForm(request.POST or None, teams=teams_of(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            volunteer = services.register_volunteer(
                request.user, team=data.pop("team"), context=context_of(request), **data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            # Registered into the actor's own team, so theirs to see in full.
            messages.success(
                request, _("%(name)s is ingeschreven.") % {"name": volunteer.full_name}
            )
            if volunteer.user_id:
                messages.info(
                    request,
                    _(
                        "Er is een inlog aangemaakt met gebruikersnaam %(username)s, nog zonder "
                        "wachtwoord. Laat functioneel beheer een wachtwoord instellen en geef "
                        "het de vrijwilliger persoonlijk."
                    )
                    % {"username": volunteer.user.username},
                )
            return redirect("volunteers:volunteer", volunteer.pk)
    return render(request, "volunteers/register.html", {"form": form})


@login_required
def volunteer_detail(request, volunteer_id: int):
    access.require(request.user, "volunteers.coordinate")
    volunteer = selectors.get_volunteer(request.user, volunteer_id, context=context_of(request))
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "matches": selectors.matches_of_volunteer(
                request.user, volunteer, context=context_of(request)
            ),
            "gives_and_receives": selectors.gives_and_receives(request.user, volunteer),
            "can_coordinate": is_coordinator(request.user, volunteer.team_id),
            "profile_labels": _profile_labels(volunteer.profile_codes),
            "slots": _slot_labels(volunteer.availability),
            "languages": _language_labels(volunteer.languages),
        },
    )


@login_required
def volunteer_edit(request, volunteer_id: int):
    """Change a registration (the screening above all: a VOG received,
    renewed or expired), with the registration's form and checks."""
    access.require(request.user, "volunteers.coordinate")
    volunteer = selectors.get_team_volunteer(
        request.user, volunteer_id, context=context_of(request)
    )
    initial = {name: getattr(volunteer, name) for name in services.CHANGEABLE_FIELDS + ("active",)}
    initial.update(
        profiles=volunteer.profile_codes,
        interests=list(volunteer.interests.all()),
        competences=list(volunteer.competences.all()),
    )
    form = forms.VolunteerEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_volunteer(
                request.user, volunteer=volunteer, context=context_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("De gegevens van de vrijwilliger zijn bijgewerkt."))
            return redirect("volunteers:volunteer", volunteer.pk)
    return render(request, "volunteers/volunteer_edit.html", {"form": form, "volunteer": volunteer})


@login_required
@require_POST
def volunteer_active(request, volunteer_id: int):
    access.require(request.user, "volunteers.coordinate")
    volunteer = selectors.get_volunteer(request.user, volunteer_id, context=context_of(request))
    active = request.POST.get("active") == "1"
    services.set_volunteer_active(
        request.user, volunteer=volunteer, active=active, context=context_of(request)
    )
    messages.success(
        request,
        _("De vrijwilliger staat weer in de pool.")
        if active
        else _("De vrijwilliger staat niet meer in de pool."),
    )
    return redirect("volunteers:volunteer", volunteer.pk)


def _profile_labels(codes) -> list[str]:
    labels = dict(Profile.choices)
    return [str(labels[code]) for code in codes if code in labels]


def _visit_steps(visit: HomeVisit | None) -> list[tuple[str, list]]:
    """The notes of a visit under each of the three steps, in step order."""
    if visit is None:
        return []
    notes = list(visit.notes.all())
    return [(label, [n for n in notes if n.step == step]) for step, label in VisitNote.Step.choices]


def _slot_labels(slots) -> list[str]:
    labels = dict(forms.SLOT_CHOICES)
    return [str(labels[slot]) for slot in slots if slot in labels]


def _language_labels(codes) -> list[str]:
    labels = dict(forms.LANGUAGES)
    return [str(labels[code]) for code in codes if code in labels]


# --- Requests ------------------------------------------------------------------


@login_required
def requests(request):
    access.require(request.user, "volunteers.coordinate")
    status = request.GET.get("status", "")
    page = selectors.team_requests(
        request.user, cursor=request.GET.get("na"), status=status, context=context_of(request)
    )
    return render(
        request,
        "volunteers/requests.html",
        {"page": page, "status": status, "statuses": Request.Status.choices},
    )


def _source(request):
    """The case (``?traject=``) or signal (``?melding=``) a new request
    starts from, read and logged as such; 404 when the actor may not see it.
    The case is read by the cases app, lent through ``hooks``."""
    source = request.GET.get("traject") or request.POST.get("traject")
    if source:
        if not source.isdigit():
            raise Http404
        case = hooks.read_case(request.user, int(source), context=context_of(request))
        if not access.can_work_on_case(request.user, case):
            raise Http404
        return case, None
    source = request.GET.get("melding") or request.POST.get("melding")
    if source:
        if not source.isdigit():
            raise Http404
        signal = signal_selectors.get_signal_subject(
            request.user, signal_id=int(source), context=context_of(request)
        )
        return None, signal
    return None, None


@login_required
def request_new(request):
    access.require(request.user, "volunteers.coordinate")
    case, signal = _source(request)
    if case is not None:
        persons = selectors.household_persons(case)
        form = forms.RequestForm(request.POST or None, persons=persons, teams=None)
    elif signal is not None:
        if signal.subject_person_id is None or signal.team_id is None:
            messages.error(request, _("Koppel de melding eerst aan een bekende inwoner."))
            return redirect("signals:detail", signal.pk)
        form = forms.RequestForm(request.POST or None, teams=None)
    else:
        form = forms.RequestForm(
            request.POST or None, teams=teams_of(request.user), by_pseudonym=True
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if case is not None:
                data.update(team=case.team, case=case)
            elif signal is not None:
                data.update(person=signal.subject_person, team=signal.team, signal=signal)
            else:
                data["person"] = selectors.resident_by_pseudonym(
                    request.user, data.pop("pseudonym")
                )
                if data["person"] is None:
                    raise ValidationError({"pseudonym": selectors.UNKNOWN_PSEUDONYM})
            created = services.create_request(request.user, context=context_of(request), **data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("De hulpvraag is vastgelegd."))
            return redirect("volunteers:request", created.pk)
    return render(
        request,
        "volunteers/request_new.html",
        {"form": form, "case": case, "signal": signal},
    )


@login_required
def request_detail(request, request_id: int):
    context = context_of(request)
    item = selectors.get_request(request.user, request_id, context=context)
    matches = selectors.matches_of_request(item)
    live = next((m for m in matches if m.status in LIVE), None)
    names = reasons.interest_names()
    suggestions = []
    if item.status == Request.Status.OPEN and live is None:
        suggestions = ranking.candidates(request.user, request=item, names=names)
        access.log_listed(request.user, [s.volunteer for s in suggestions], context=context)
    # Each volunteer named on the page in full or by first name and initial.
    selectors.mark_contact(
        request.user, [s.volunteer for s in suggestions] + [m.volunteer for m in matches]
    )
    can_coordinate = is_coordinator(request.user, item.team_id)
    rows = [
        {
            "match": match,
            "reasons": reasons.explain(match.reasons, names),
            "open_check_ins": [c for c in match.check_ins.all() if c.done_on is None],
        }
        for match in matches
    ]
    visit = getattr(live, "home_visit", None) if live else None
    return render(
        request,
        "volunteers/request_detail.html",
        {
            "item": item,
            "interests": [str(i) for i in item.interests.all()],
            "languages": _language_labels(item.languages),
            "slots": _slot_labels(item.availability),
            "suggestions": suggestions,
            "rows": rows,
            "live": live,
            "visit": visit,
            "visit_steps": _visit_steps(visit),
            "can_coordinate": can_coordinate,
            "today": timezone.localdate(),
            "is_home_visit": item.profile == Profile.HOME_VISITOR,
            "end_form": forms.EndForm(auto_id="end-%s"),
            "close_form": forms.CloseRequestForm(auto_id="close-%s"),
            "home_visit_form": forms.HomeVisitForm(
                auto_id="visit-%s",
                initial={
                    "period_start": timezone.localdate(),
                    "period_end": schedule.add_months(timezone.localdate(), 3),
                },
            ),
            "note_form": _note_form(visit),
            "gap_form": forms.GapForm(auto_id="gap-%s"),
        },
    )


def _note_form(visit: HomeVisit | None):
    if visit is None:
        return None
    return forms.VisitNoteForm(
        auto_id="note-%s", steps=services.next_steps(visit, visit.notes.all())
    )


@login_required
@require_POST
def request_action(request, request_id: int, action: str):
    item = selectors.get_request(request.user, request_id, context=context_of(request))
    if action == "voorstellen":
        form = forms.ProposeForm(request.POST)
        if form.is_valid():
            volunteer = (
                Volunteer.objects.visible_to(request.user)
                .filter(pk=form.cleaned_data["volunteer"])
                .first()
            )
            if volunteer is None:
                raise Http404
            try:
                services.propose(
                    request.user, request=item, volunteer=volunteer, context=context_of(request)
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s is voorgesteld. De vrijwilliger en de inwoner stemmen "
                        "allebei in voordat de koppeling begint."
                    )
                    # Proposed for the actor's team: now theirs to see in full.
                    % {"name": volunteer.full_name},
                )
    elif action == "sluiten":
        if _perform(
            request, forms.CloseRequestForm(request.POST), services.close_request, request=item
        ):
            messages.success(request, _("De hulpvraag is gesloten."))
    else:
        raise Http404
    return redirect("volunteers:request", item.pk)


# --- Acting on a match (coordinator) ---------------------------------------


def _check_in_of(match: Match, form) -> CheckIn | None:
    if not form.is_valid():
        return None
    return match.check_ins.filter(pk=form.cleaned_data["check_in"]).first()


@login_required
@require_POST
def match_action(request, match_id: int, action: str):
    access.require(request.user, "volunteers.coordinate")
    match = selectors.get_match(request.user, match_id, context=context_of(request))
    done = False
    if action == "instemming":
        done = _perform(request, forms.SideForm(request.POST), services.accept, match=match)
        message = _("De instemming is vastgelegd.")
    elif action == "afwijzing":
        done = _perform(request, forms.SideForm(request.POST), services.decline, match=match)
        message = _("Het voorstel is afgewezen; de hulpvraag staat weer open.")
    elif action == "contact":
        form = forms.CheckInForm(request.POST)
        check_in = _check_in_of(match, form)
        if check_in is None and form.is_valid():
            raise Http404
        if check_in is not None:
            note = form.cleaned_data["note"]
            try:
                services.record_check_in(
                    request.user, check_in=check_in, note=note, context=context_of(request)
                )
                done = True
            except ValidationError as error:
                add_validation_errors(form, error)
        if not done:
            _form_messages(request, form)
        message = _("Het contactmoment is vastgelegd.")
    elif action == "beeindigen":
        done = _perform(request, forms.EndForm(request.POST), services.end_match, match=match)
        message = _("De koppeling is beëindigd.")
    elif action == "huisbezoek":
        done = _perform(
            request, forms.HomeVisitForm(request.POST), services.start_home_visit, match=match
        )
        message = _("Het huisbezoek is gestart.")
    elif action in ("notitie", "signaal"):
        done, message = _visit_action(request, match, action)
    else:
        raise Http404
    if done:
        messages.success(request, message)
    return redirect("volunteers:request", match.request_id)


def _visit_action(request, match: Match, action: str) -> tuple[bool, str]:
    visit = HomeVisit.objects.filter(match=match).first()
    if visit is None:
        raise Http404
    if action == "notitie":
        done = _perform(
            request, forms.VisitNoteForm(request.POST), services.add_visit_note, visit=visit
        )
        return done, _("De notitie is opgeslagen.")
    done = _perform(request, forms.GapForm(request.POST), services.pass_on_gap, visit=visit)
    return done, _("Het signaal over de buurt is doorgegeven aan het meldpunt.")


# --- Retention -----------------------------------------------------------------


@login_required
def retention(request):
    access.require(request.user, "volunteers.coordinate")
    context = context_of(request)
    idle, idle_count = selectors.idle_volunteers(request.user, context=context)
    return render(
        request,
        "volunteers/retention.html",
        {
            "idle": idle,
            "idle_count": idle_count,
            "quiet": selectors.matches_needing_check_in(request.user, context=context),
            "reciprocity": selectors.reciprocity(request.user),
            "today": timezone.localdate(),
        },
    )


# --- The volunteer's own matches ----------------------------------------------


@login_required
def own_matches(request):
    access.require(request.user, "volunteers.own_matches")
    rows = []
    for match in selectors.own_matches(request.user, context=context_of(request)):
        visit = getattr(match, "home_visit", None)
        rows.append(
            {
                "match": match,
                "first_name": match.request.person.first_name,
                "needs": match.request.needs,
                "profile": match.request.get_profile_display(),
                "check_ins": list(match.check_ins.all()),
                "visit": visit,
                "visit_steps": _visit_steps(visit),
                "prefix": f"m{match.pk}-",
                "note_form": (
                    forms.VisitNoteForm(
                        auto_id=f"m{match.pk}-note-%s",
                        steps=services.next_steps(visit, visit.notes.all()),
                    )
                    if visit
                    else None
                ),
                "gap_form": forms.GapForm(auto_id=f"m{match.pk}-gap-%s") if visit else None,
            }
        )
    return render(
        request,
        "volunteers/own_matches.html",
        {"rows": rows, "today": timezone.localdate()},
    )


@login_required
@require_POST
def own_match_action(request, match_id: int, action: str):
    access.require(request.user, "volunteers.own_matches")
    match = selectors.get_match(request.user, match_id, context=context_of(request))
    context = context_of(request)
    try:
        if action == "accepteren":
            services.accept(request.user, match=match, side=services.VOLUNTEER, context=context)
            messages.success(request, _("U doet mee. Dank u wel!"))
        elif action == "afwijzen":
            services.decline(request.user, match=match, side=services.VOLUNTEER, context=context)
            messages.success(request, _("U hebt het voorstel afgewezen."))
        elif action in ("notitie", "signaal"):
            done, message = _visit_action(request, match, action)
            if done:
                messages.success(request, message)
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("volunteers:own_matches")


# --- The resident's own matches ---------------------------------------------


def _own_context(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.OWN_RECORD)


@login_required
def resident_matches(request):
    """'Mijn vrijwilliger': the resident says yes or no to a proposed
    volunteer, known to them by first name, and sees a running match."""
    access.require(request.user, "own_record")
    return render(
        request,
        "volunteers/resident_matches.html",
        {"matches": selectors.resident_matches(request.user, context=_own_context(request))},
    )


@login_required
@require_POST
def resident_match_action(request, match_id: int, action: str):
    access.require(request.user, "own_record")
    context = _own_context(request)
    match = selectors.get_match(request.user, match_id, context=context)
    try:
        if action == "accepteren":
            services.accept(request.user, match=match, side=services.RESIDENT, context=context)
            messages.success(
                request,
                _("U hebt ja gezegd. De coördinator laat weten wanneer u kennismaakt."),
            )
        elif action == "afwijzen":
            services.decline(request.user, match=match, side=services.RESIDENT, context=context)
            messages.success(
                request,
                _("U hebt nee gezegd. De coördinator zoekt samen met u verder."),
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("volunteers:resident_matches")
