"""What each app holds about a person, told to ``people`` by the app itself.

``people`` sits low in the house (core < kaart < people < signals <
volunteers < cases) and may not import the apps above it. Yet several things
here must know what those apps hold about a resident: the resident's own
access log ('Wie heeft mijn gegevens bekeken?'), the person and household
pages, and soon retention and the privacy export. So every app that holds
records about persons registers one ``Holding`` in its ``AppConfig.ready()``
(``people`` registers its own first), and this module only walks the list:

- ``records_about(person)`` gives the records, or querysets of records, whose
  reads are reads about the person. The access log reads the audit rows of
  all of them at once; export and erasure will walk the same list.
- ``subjects`` names each kind of record (``app_label.model``) the way the
  resident's access log shows it.
- ``person_page`` and ``household_page`` optionally add to the context of
  those pages: ``(actor, person_or_household, context) -> dict``. Each reads
  through ``core.access`` and leaves its own audit row, like any selector.

Registering again under the same app label replaces the earlier holding:
Django runs ``ready()`` again when a test changes ``INSTALLED_APPS``.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from wijknet.core.audit import AuditContext


@dataclass(frozen=True)
class Holding:
    """What one app holds about a person. ``app`` is the app label."""

    app: str
    records_about: Callable[[object], Iterable]
    subjects: Mapping[str, str] = field(default_factory=dict)
    person_page: Callable[[object, object, AuditContext], dict] | None = None
    household_page: Callable[[object, object, AuditContext], dict] | None = None


_holdings: dict[str, Holding] = {}


def register(holding: Holding) -> None:
    _holdings[holding.app] = holding


def holdings() -> list[Holding]:
    """Every registered holding, in the order the apps became ready."""
    return list(_holdings.values())


def records_about(person) -> list:
    """Everything whose reads are reads of this person, over all apps:
    records and querysets, so that ``audit.events_about`` reads all their
    keys in one query."""
    return [record for holding in holdings() for record in holding.records_about(person)]


def subject_names() -> dict[str, str]:
    """What the resident's access log calls each kind of record."""
    return {kind: name for holding in holdings() for kind, name in holding.subjects.items()}


def page_sections(page: str, actor, subject, context: AuditContext) -> dict:
    """The context every app adds to the ``"person"`` or ``"household"``
    page about ``subject``."""
    sections: dict = {}
    for holding in holdings():
        provider = getattr(holding, f"{page}_page")
        if provider is not None:
            sections.update(provider(actor, subject, context))
    return sections
