"""What every tab of the case page shares: the case the user may see with
the tabs around it, the audit context of a request, rendering a tab, and
saving a posted form through a service."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from wijknet.cases import selectors
from wijknet.cases.models import Case
from wijknet.core import access
from wijknet.core.audit import AuditContext
from wijknet.core.forms import add_validation_errors
from wijknet.core.models import AuditPurpose

# The case page's tabs: (url name, label). Every tab is its own page, so
# each works without JavaScript and has its own address.
TABS = [
    ("cases:detail", gettext_lazy("Overzicht")),
    ("cases:conversation", gettext_lazy("Gesprek")),
    ("cases:instruments", gettext_lazy("Instrumenten")),
    ("cases:plan", gettext_lazy("Doelen en plan")),
    ("cases:applications", gettext_lazy("Aanvragen")),
    ("cases:log", gettext_lazy("Logboek")),
    ("cases:evaluations", gettext_lazy("Evaluaties")),
]


def context_of(request) -> AuditContext:
    return AuditContext.from_request(request, AuditPurpose.SUPPORT)


def case_page(request, case_id: int) -> tuple[Case, dict]:
    """The case the user may see (404 otherwise, audited) and the context
    every tab needs. The case page is the team's working file: a resident
    reads their plan in the portal, an assessor the application."""
    access.require(request.user, "cases.caseload")
    case = selectors.get_case(request.user, case_id, context=context_of(request))
    current = request.resolver_match.view_name if request.resolver_match else ""
    tabs = [
        {"url": reverse(name, args=[case.pk]), "label": label, "active": name == current}
        for name, label in TABS
    ]
    return case, {
        "case": case,
        "tabs": tabs,
        "can_work": access.can_work_on_case(request.user, case) and case.is_open,
    }


def render_tab(request, template: str, context: dict, status: int = 200):
    return render(request, template, context, status=status)


def save_posted(
    request,
    form,
    save: Callable[[dict], object],
    *,
    done: str,
    refused: Callable = add_validation_errors,
) -> bool:
    """Hand a valid posted form's cleaned data to ``save`` (one service
    call). The service's refusal (ValidationError) goes to the form by
    ``refused``, at the fields it names, so that the page shows the form
    again with the input kept; once saved, ``done`` is the message the
    user lands on. True when saved."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        refused(form, error)
        return False
    messages.success(request, done)
    return True
