"""The conversation tab: the conversations held with the household, the
report of each, and the agreements to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijknet.cases import forms, services
from wijknet.cases.models import Case, Conversation
from wijknet.cases.views.common import case_page, context_of, render_tab, save_posted
from wijknet.core.forms import add_validation_errors


@login_required
def conversation(request, case_id: int):
    case, context = case_page(request, case_id)
    form = forms.ConversationForm(
        request.POST or None, case=case, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST":
        services.require_work(request.user, case)
        if save_posted(
            request,
            form,
            lambda data: services.record_conversation(
                request.user, case=case, context=context_of(request), **data
            ),
            done=_("Het gesprek is vastgelegd."),
        ):
            return redirect("cases:conversation", case.pk)
    context = _conversation_context(case, context, form)
    return render_tab(request, "cases/conversation.html", context, 400 if form.errors else 200)


def _report_form(conversation_obj: Conversation, data=None):
    return forms.ReportForm(
        data, instance=getattr(conversation_obj, "report", None), prefix=f"r{conversation_obj.pk}"
    )


def _agreement_form(conversation_obj: Conversation, data=None):
    # One per conversation on the page: own ids, the same names posted.
    return forms.ResidentAgreementForm(data, auto_id=f"id_%s-{conversation_obj.pk}")


def _conversation_context(case: Case, context: dict, form=None, **bound_forms) -> dict:
    """The conversation page's context. A report form the user posted and
    that was refused takes the place of the empty one, by its conversation:
    bound_forms["report-<pk>"] or bound_forms["agreement-<pk>"]."""
    if form is None:
        form = forms.ConversationForm(case=case, initial={"held_on": timezone.localdate()})
    conversations = list(
        case.conversations.select_related(
            "author", "report", "report__professional_agreed_by"
        ).prefetch_related("persons_present")
    )
    refused = [f for f in bound_forms.values() if f.errors]
    context.update(
        {
            "form": form,
            "conversations": [
                {
                    "conversation": c,
                    "report_form": bound_forms.get(f"report-{c.pk}") or _report_form(c),
                    "agreement_form": bound_forms.get(f"agreement-{c.pk}") or _agreement_form(c),
                }
                for c in conversations
            ],
            "refused": refused[0] if refused else None,
        }
    )
    return context


def _report_of(case: Case, conversation_id: int):
    conversation = get_object_or_404(Conversation, pk=conversation_id, case=case)
    return conversation, getattr(conversation, "report", None)


@login_required
@require_POST
def report_action(request, case_id: int, conversation_id: int, action: str):
    """Write the report, or record an agreement to it. A refused report or
    resident's agreement shows the page again with the input kept."""
    case, page_context = case_page(request, case_id)
    conversation_obj, report = _report_of(case, conversation_id)
    context = context_of(request)
    form = None
    try:
        if action == "write":
            form = _report_form(conversation_obj, request.POST)
            if form.is_valid():
                services.write_report(
                    request.user,
                    conversation=conversation_obj,
                    context=context,
                    **form.cleaned_data,
                )
        elif report is None:
            raise ValidationError(_("Schrijf eerst het verslag."))
        elif action == "agree":
            services.professional_agrees(request.user, report=report, context=context)
        elif action == "resident":
            form = _agreement_form(conversation_obj, request.POST)
            if form.is_valid():
                services.resident_agrees(
                    request.user, report=report, context=context, **form.cleaned_data
                )
        else:
            raise Http404
    except ValidationError as error:
        if form is None or (report is not None and report.is_final):
            # Nothing typed to keep, or a report that can no longer change
            # (its forms are gone from the page).
            for message in error.messages:
                messages.error(request, message)
            return redirect(_conversation_url(case, conversation_obj))
        add_validation_errors(form, error)
    if form is not None and form.errors:
        name = "report" if action == "write" else "agreement"
        page_context = _conversation_context(
            case, page_context, **{f"{name}-{conversation_obj.pk}": form}
        )
        return render_tab(request, "cases/conversation.html", page_context, status=400)
    messages.success(request, _("Het verslag is bijgewerkt."))
    return redirect(_conversation_url(case, conversation_obj))


def _conversation_url(case: Case, conversation_obj: Conversation) -> str:
    return reverse("cases:conversation", args=[case.pk]) + f"#gesprek-{conversation_obj.pk}"
