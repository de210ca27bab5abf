"""The support trajectory: one household, one plan, one coordinator.

A ``Case`` carries the household through the six method phases; around it
hang the conversation and its report, the instruments (self-reliance matrix,
personal profile, quality-of-life grid, options worksheet), the goals, the
versioned plan (*Plan van Aanpak*) with its ladder reasons, applications and
decisions, the logbook and the evaluations.

One module per part of the trajectory: ``trajectory`` (the case, its
history, consultation, logbook, conversation and report), ``instruments``,
``plan`` (goals, the plan and the evaluation) and ``applications``
(applications, decisions, objections). Every model is named here, so
``wijknet.cases.models`` is where the rest of the code finds them.
"""

from wijknet.cases.models.applications import (
    Application,
    ApplicationQuerySet,
    Decision,
    Objection,
)
from wijknet.cases.models.instruments import (
    MatrixDomain,
    MatrixMeasurement,
    MatrixScore,
    PersonalProfile,
    PersonInstrument,
    ProfileDomain,
    ProfileRow,
    QualityDimension,
    QualityGrid,
    QualityRow,
    Wish,
)
from wijknet.cases.models.plan import (
    Evaluation,
    Goal,
    Option,
    OptionsWorksheet,
    PlanComment,
    PlanGoal,
    PlanStep,
    PlanStepQuerySet,
    PlanVersion,
    ResultArea,
)
from wijknet.cases.models.trajectory import (
    USER,
    Case,
    CaseEvent,
    CaseQuerySet,
    Consultation,
    Conversation,
    LogEntry,
    Report,
)
from wijknet.core.models import LadderLevel

__all__ = [
    "USER",
    "Application",
    "ApplicationQuerySet",
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "Consultation",
    "Conversation",
    "Decision",
    "Evaluation",
    "Goal",
    "LadderLevel",
    "LogEntry",
    "MatrixDomain",
    "MatrixMeasurement",
    "MatrixScore",
    "Objection",
    "Option",
    "OptionsWorksheet",
    "PersonInstrument",
    "PersonalProfile",
    "PlanComment",
    "PlanGoal",
    "PlanStep",
    "PlanStepQuerySet",
    "PlanVersion",
    "ProfileDomain",
    "ProfileRow",
    "QualityDimension",
    "QualityGrid",
    "QualityRow",
    "Report",
    "ResultArea",
    "Wish",
]
