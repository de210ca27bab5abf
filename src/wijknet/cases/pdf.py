"""The case documents as PDF: the conversation report, the plan and the
decision letter (*beschikking*), rendered from Django templates by
WeasyPrint.

Rendering reaches nothing outside this machine: the templates carry their
own styles, the fonts are the system's (fontconfig), and the URL fetcher
refuses every address that is not a ``data:`` URL or a file inside the
Wijknet package. Every document handed out is an export of personal data
and writes an audit row with action ``export`` before it is rendered.
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from wijknet.cases import selectors
from wijknet.cases.models import Application, Case, PlanVersion, Report
from wijknet.cases.services import applications
from wijknet.core import audit, deadlines, terms
from wijknet.core.audit import AuditContext

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class LocalOnlyFetcher(URLFetcher):
    """Fetches ``data:`` URLs and files inside the package; refuses the
    network and the rest of the file system."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "file"))

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(PACKAGE_ROOT):
                raise ValueError(f"file outside the package refused: {url}")
        return super().fetch(url, headers)


def render(template: str, context: dict) -> bytes:
    """A PDF of the template, tagged for screen readers (PDF/UA)."""
    html = render_to_string(template, {**context, "printed_on": timezone.localdate()})
    return HTML(string=html, url_fetcher=LocalOnlyFetcher(), base_url=None).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def _export(actor, obj: Model, context: AuditContext) -> None:
    audit.record(actor, audit.Action.EXPORT, obj, context)


def report_document(actor, *, case: Case, report: Report, context: AuditContext) -> bytes:
    """The conversation report: support need, agreed arrangement, who agreed
    and how, and the resident's comment. The caller has read the case."""
    _export(actor, case, context)
    conversation = report.conversation
    return render(
        "cases/pdf/report.html",
        {
            "case": case,
            "conversation": conversation,
            "report": report,
            "present": list(conversation.persons_present.all()),
        },
    )


def plan_document(actor, *, case: Case, version: PlanVersion, context: AuditContext) -> bytes:
    """The Plan van Aanpak: header, goals with their steps in four columns
    and the ladder level, the reasons per ring, providers, who pays what.
    ``version`` comes from ``selectors.plan_version``, prefetched."""
    _export(actor, case, context)
    goals = [
        {"plan_goal": plan_goal, "rings": selectors.ladder_rings(plan_goal)}
        for plan_goal in version.plan_goals.all()
    ]
    return render("cases/pdf/plan.html", {"case": case, "version": version, "goals": goals})


def decision_document(actor, *, application: Application, context: AuditContext) -> bytes:
    """The decision letter. The caller has read the application, which has
    a decision."""
    _export(actor, application, context)
    decision = application.decision
    applicant = application.applicant
    neighbourhood = getattr(applicant, "neighbourhood", None)
    municipality = neighbourhood.municipality.name if neighbourhood else ""
    objection = terms.term(deadlines.OBJECTION)
    return render(
        "cases/pdf/decision.html",
        {
            "application": application,
            "decision": decision,
            "applicant": applicant,
            "municipality": municipality,
            "objection_due": applications.objection_due(decision, objection),
            "objection_term": terms.describe(objection),
        },
    )
