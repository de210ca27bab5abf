"""Inserting what was built, a chunk of cases at a time: parents with
``bulk_create``, the tables without children of their own as plain rows
(``demo.bulk.insert_rows``)."""

from collections import Counter
from dataclasses import dataclass, field

from wijknet.cases.models import (
    Application,
    Case,
    CaseEvent,
    Consultation,
    Conversation,
    Decision,
    Evaluation,
    Goal,
    LogEntry,
    MatrixMeasurement,
    MatrixScore,
    Objection,
    PersonalProfile,
    PlanGoal,
    PlanStep,
    PlanVersion,
    ProfileRow,
    Report,
    Wish,
)
from wijknet.demo.bulk import BATCH_SIZE, insert_rows
from wijknet.people.models import Consent, Involvement

CHUNK = 1500  # cases built and inserted together


@dataclass
class Chunk:
    cases: list = field(default_factory=list)
    events: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    consent_teams: list = field(default_factory=list)  # (consent, team id)
    consultations: list = field(default_factory=list)
    conversations: list = field(default_factory=list)
    present: list = field(default_factory=list)  # (conversation, person id)
    reports: list = field(default_factory=list)
    measurements: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    profiles: list = field(default_factory=list)
    profile_rows: list = field(default_factory=list)
    wishes: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    plan_goals: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    objections: list = field(default_factory=list)
    evaluations: list = field(default_factory=list)
    log: list = field(default_factory=list)
    involvements: list = field(default_factory=list)


# Columns of the rows kept as plain tuples: the tables without children of
# their own. Model instances would cost more than the insert itself.
STEP_COLUMNS = ("own_action", "others_action", "professional_help", "wmo_claim")
ROWS = {
    "events": (CaseEvent, ("case", "at", "actor", "kind", "before", "after", "note")),
    "reports": (
        Report,
        (
            "conversation",
            "support_need",
            "arrangement",
            "professional_agreed_by",
            "professional_agreed_at",
            "resident_agreed_at",
            "resident_agreement",
            "witness",
            "resident_comment",
            "updated_at",
        ),
    ),
    "scores": (MatrixScore, ("measurement", "domain", "level", "target_level")),
    "profile_rows": (ProfileRow, ("profile", "domain", "current", "wishes", "earlier")),
    "steps": (
        PlanStep,
        ("plan_goal", "order", "ladder_level", *STEP_COLUMNS, "service", "done_on"),
    ),
    "evaluations": (
        Evaluation,
        (
            "case",
            "plan_version",
            "held_on",
            "relationship_ok",
            "relationship_note",
            "activities_ok",
            "activities_note",
            "phase_fit_ok",
            "phase_fit_note",
            "went_well",
            "learned",
            "adjustments",
            "author",
            "new_version",
        ),
    ),
    "objections": (Objection, ("decision", "received_on", "grounds", "recorded_by")),
    "log": (LogEntry, ("case", "on", "kind", "channel", "text", "author", "created_at")),
    "involvements": (Involvement, ("household", "team", "started_on", "ended_on", "reason")),
}


def save(chunk: Chunk) -> Counter:
    """Insert one chunk, parents before children. Parents go in with
    bulk_create, which gives them their ids; a child's foreign key is then
    read from its parent object. The tables without children take plain
    rows in one executemany per batch (``insert_rows``)."""

    def insert(model, objects):
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return len(objects)

    counts: Counter = Counter()
    counts["cases"] = insert(Case, chunk.cases)
    insert(Consent, chunk.consents)
    insert_rows(
        Consent.teams.through,
        ("consent", "team"),
        [(consent.id, team) for consent, team in chunk.consent_teams],
    )
    counts["consultations"] = insert(Consultation, chunk.consultations)
    counts["conversations"] = insert(Conversation, chunk.conversations)
    insert_rows(
        Conversation.persons_present.through,
        ("conversation", "person"),
        [(conversation.id, person) for conversation, person in chunk.present],
    )
    counts["measurements"] = insert(MatrixMeasurement, chunk.measurements)
    counts["profiles"] = insert(PersonalProfile, chunk.profiles)
    insert(Wish, chunk.wishes)
    counts["goals"] = insert(Goal, chunk.goals)
    counts["versions"] = insert(PlanVersion, chunk.versions)
    insert(PlanGoal, chunk.plan_goals)
    counts["applications"] = insert(Application, chunk.applications)
    counts["decisions"] = insert(Decision, chunk.decisions)
    for name, (model, fields) in ROWS.items():
        rows = getattr(chunk, name)
        insert_rows(model, fields, rows)
        counts[name] = len(rows)
    return counts
