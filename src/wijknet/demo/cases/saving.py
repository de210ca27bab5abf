"""Inserting what was built, a chunk of cases at a time: parents with
``bulk_create``, the tables without children of their own as plain rows.
``insert_rows`` and ``explicit_timestamps`` serve the other seed phases
too (``demo/support.py``)."""

import contextlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

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
from wijknet.people.models import Consent, Involvement

BATCH_SIZE = 2000
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


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows into ``model``'s table. A value that is a model instance
    stands for its id; dates and times are adapted for the database as
    Django adapts them. SQLite takes a batch at a time as one executemany of
    a prepared statement; PostgreSQL takes the rows through COPY (an
    executemany there costs a round trip per row, and a multi-row INSERT as
    much again in parsing)."""
    if not rows:
        return
    meta, quote, ops = model._meta, connection.ops.quote_name, connection.ops
    concrete = [meta.get_field(name) for name in fields]
    converters = []
    for column in concrete:
        if column.is_relation:
            converters.append(_pk)
        elif column.get_internal_type() == "DateTimeField":
            converters.append(ops.adapt_datetimefield_value)
        elif column.get_internal_type() == "DateField":
            converters.append(ops.adapt_datefield_value)
        else:
            converters.append(None)
    table = quote(meta.db_table)
    columns = ", ".join(quote(column.column) for column in concrete)

    def adapted(batch):
        return [
            tuple(
                value if convert is None or value is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            )
            for row in batch
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in adapted(rows):
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(concrete))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, adapted(rows[start : start + BATCH_SIZE]))


def _pk(value):
    return value if isinstance(value, int) else value.pk


@contextlib.contextmanager
def explicit_timestamps(*fields):
    """bulk_create stamps auto_now and auto_now_add fields with the current
    time; the seed needs the moments it drew, so switch that off meanwhile."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
