"""The legal terms as they are set in beheer (``LegalTerm``), and the due
dates they give. The counting itself is ``core.deadlines``; this module only
reads the reference data. A term missing from the table counts with the
law's value (``deadlines.DEFAULT_TERMS``)."""

import datetime

from django.utils.translation import ngettext

from wijknet.core import deadlines
from wijknet.core.models import LegalTerm


def current() -> dict[str, deadlines.Term]:
    """Every legal term, in one query: for code that counts many due dates."""
    terms = dict(deadlines.DEFAULT_TERMS)
    terms.update({row.key: row.term for row in LegalTerm.objects.all()})
    return terms


def term(key: str) -> deadlines.Term:
    row = LegalTerm.objects.filter(key=key).first()
    return row.term if row else deadlines.DEFAULT_TERMS[key]


def investigation_due(reported_on: datetime.date) -> datetime.date:
    """The last day of the investigation after a report (Wmo art. 2.3.2)."""
    return deadlines.due(reported_on, term(deadlines.INVESTIGATION))


def decision_due(submitted_on: datetime.date) -> datetime.date:
    """The last day of the decision on an application (Wmo art. 2.3.5)."""
    return deadlines.due(submitted_on, term(deadlines.DECISION))


def objection_due(decided_on: datetime.date) -> datetime.date:
    """The last day an objection against a decision is in time (Awb 6:7)."""
    return deadlines.due(decided_on, term(deadlines.OBJECTION))


def describe(term: deadlines.Term) -> str:
    """The term in words, for a page or a letter: "2 weken", "5 werkdagen"."""
    n = term.amount
    if term.unit == deadlines.WEEKS:
        return ngettext("%(n)d week", "%(n)d weken", n) % {"n": n}
    if term.unit == deadlines.WORKING_DAYS:
        return ngettext("%(n)d werkdag", "%(n)d werkdagen", n) % {"n": n}
    return ngettext("%(n)d dag", "%(n)d dagen", n) % {"n": n}
