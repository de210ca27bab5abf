"""Moved to ``wijknet.cases.services.applications``, with the other services.

Kept so that the views and code on other branches that import
``wijknet.cases.applications`` keep working; new code imports the services
module. Remove once nothing imports this path.
"""

from wijknet.cases.services.applications import (  # noqa: F401
    EDIT_FIELDS,
    ELEMENTS,
    OPTIONAL_ELEMENTS,
    OVERDUE_LIMIT,
    PAGE_SIZE,
    QUEUE_ROW_FIELDS,
    application_authors,
    assessor_queue,
    decide,
    draft_from_plan,
    is_plan_author,
    missing_elements,
    objection_due,
    overdue_decisions,
    overdue_investigations,
    record_objection,
    submit,
    update_application,
)
