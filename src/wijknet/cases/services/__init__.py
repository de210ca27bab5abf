"""Every write to a case, one module per part of the trajectory:

- ``trajectory``: opening (also from a signal), allocation, phases,
  consultation, escalation, closing and reopening;
- ``conversation``: the conversation and its report;
- ``plan``: goals and the versioned plan with its ladder rule;
- ``evaluation``: the logbook and the evaluation;
- ``instruments``: the matrix, profile, quality grid and options worksheet;
- ``applications``: applications, decisions and objections;
- ``shared``: the lock, the history row and the access step they all use.

Each service takes the acting user, checks that the actor's team works on
the case, runs in one transaction and writes an audit row; bad input raises
ValidationError in Dutch and stores nothing.

The services of the first four are named here too, so that
``from wijknet.cases import services; services.open_case(...)`` reads the
same wherever it is called from. Instruments and applications are reached
by their module (``services.instruments``, ``services.applications``).
"""

from wijknet.cases.services.conversation import (
    professional_agrees,
    record_conversation,
    resident_agrees,
    write_report,
)
from wijknet.cases.services.evaluation import add_log_entry, evaluations_due, record_evaluation
from wijknet.cases.services.plan import (
    HEADER_FIELDS,
    STEP_FIELDS,
    GoalConflict,
    PlanConflict,
    add_goal_to_plan,
    comment_on_plan,
    copy_version,
    delete_step,
    ladder_message,
    plan_authors,
    save_goal,
    save_step,
    set_plan,
    set_reasons,
    set_version,
    start_plan,
    update_plan_header,
)
from wijknet.cases.services.shared import (
    locked,
    reach_step,
    record_event,
    require_open,
    require_work,
)
from wijknet.cases.services.trajectory import (
    _next_number,  # the seed's tests check the numbering
    allocate,
    answer_consultation,
    change_phase,
    close_case,
    escalate,
    open_case,
    open_from_signal,
    reopen_case,
    request_consultation,
)

__all__ = [
    "HEADER_FIELDS",
    "STEP_FIELDS",
    "GoalConflict",
    "PlanConflict",
    "_next_number",
    "add_goal_to_plan",
    "add_log_entry",
    "allocate",
    "answer_consultation",
    "change_phase",
    "close_case",
    "comment_on_plan",
    "copy_version",
    "delete_step",
    "escalate",
    "evaluations_due",
    "ladder_message",
    "locked",
    "open_case",
    "open_from_signal",
    "plan_authors",
    "professional_agrees",
    "reach_step",
    "record_conversation",
    "record_evaluation",
    "record_event",
    "reopen_case",
    "request_consultation",
    "require_open",
    "require_work",
    "resident_agrees",
    "save_goal",
    "save_step",
    "set_plan",
    "set_reasons",
    "set_version",
    "start_plan",
    "update_plan_header",
    "write_report",
]
