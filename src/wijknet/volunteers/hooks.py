"""What an app above volunteers lends it, so that volunteers never imports
that app (dependencies point down: core < kaart < people < signals <
volunteers < cases). The higher app fills these in its ``AppConfig.ready()``;
the cases app does so in ``CasesConfig.ready()``.

- The case reader: ``(actor, case_id, *, context) -> case``, the case a new
  request for help starts from (``?traject=``), read and logged by the cases
  app as its own read of the case, 404 when the actor may not see it. The
  request page uses it as an opaque object with ``team``, ``household_id``
  and ``household``, which is what ``services.create_request`` checks.
- Support elsewhere: per app, a function that takes a reference to a
  person's id (an ``OuterRef``) and returns an ``Exists`` that holds when the
  person has support there (for cases: a case for their household). The
  retention page counts the volunteers who also receive support with it.

Registering again replaces what was registered, so a second ``ready()``
changes nothing.
"""

from collections.abc import Callable

from django.db.models import Exists
from django.http import Http404

_case_reader: Callable | None = None
_support: dict[str, Callable[..., Exists]] = {}


def register_case_reader(read: Callable) -> None:
    global _case_reader
    _case_reader = read


def register_support(app_label: str, exists: Callable[..., Exists]) -> None:
    _support[app_label] = exists


def read_case(actor, case_id: int, *, context):
    """The case a request starts from, as the cases app reads it (404
    when no app lends a case reader)."""
    if _case_reader is None:
        raise Http404
    return _case_reader(actor, case_id, context=context)


def support_elsewhere(person_id) -> list[Exists]:
    """For each app that lends it, whether the person (``person_id``, an
    ``OuterRef``) has support there, in the order the apps registered."""
    return [exists(person_id) for exists in _support.values()]
