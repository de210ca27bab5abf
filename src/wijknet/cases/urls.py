from django.urls import path

from wijknet.cases.views import (
    applications,
    conversation,
    documents,
    evaluation,
    instruments,
    plan,
    portal,
    trajectory,
)

app_name = "cases"

urlpatterns = [
    path("trajecten/", trajectory.caseload, name="caseload"),
    path("trajecten/team/", trajectory.team_overview, name="team"),
    path("trajecten/evaluaties/", trajectory.evaluations_due, name="due"),
    path("huishoudens/<int:household_id>/traject/", trajectory.open_case, name="open"),
    path("trajecten/uit-melding/<int:signal_id>/", trajectory.open_from_signal, name="from_signal"),
    path("trajecten/<int:case_id>/", trajectory.detail, name="detail"),
    path("trajecten/<int:case_id>/actie/<slug:action>/", trajectory.case_action, name="act"),
    path(
        "trajecten/<int:case_id>/consultatie/<int:consultation_id>/",
        trajectory.answer_consultation,
        name="answer_consultation",
    ),
    path("trajecten/<int:case_id>/gesprek/", conversation.conversation, name="conversation"),
    path(
        "trajecten/<int:case_id>/gesprek/<int:conversation_id>/<slug:action>/",
        conversation.report_action,
        name="report",
    ),
    path("trajecten/<int:case_id>/plan/", plan.plan, name="plan"),
    path("trajecten/<int:case_id>/plan/doel/", plan.goal_save, name="goal_new"),
    path("trajecten/<int:case_id>/plan/doel/<int:goal_id>/", plan.goal_save, name="goal_edit"),
    path("trajecten/<int:case_id>/plan/<slug:action>/", plan.plan_action, name="plan_act"),
    path("trajecten/<int:case_id>/logboek/", trajectory.log, name="log"),
    path("trajecten/<int:case_id>/evaluaties/", evaluation.evaluations, name="evaluations"),
    path("mijn-plan/", portal.own_plan, name="own_plan"),
    # Instruments (instruments.py)
    path("trajecten/<int:case_id>/instrumenten/", instruments.instruments, name="instruments"),
    path(
        "trajecten/<int:case_id>/instrumenten/matrix/",
        instruments.matrix_add,
        name="instruments_matrix",
    ),
    path(
        "trajecten/<int:case_id>/instrumenten/profiel/",
        instruments.profile_add,
        name="instruments_profile",
    ),
    path(
        "trajecten/<int:case_id>/instrumenten/kwaliteit/",
        instruments.quality_add,
        name="instruments_quality",
    ),
    path(
        "trajecten/<int:case_id>/instrumenten/opties/<int:goal_id>/",
        instruments.worksheet_save,
        name="instruments_worksheet",
    ),
    # Applications and decisions (applications.py)
    path("trajecten/<int:case_id>/aanvragen/", applications.applications, name="applications"),
    path(
        "trajecten/<int:case_id>/aanvragen/nieuw/",
        applications.application_new,
        name="application_new",
    ),
    path(
        "trajecten/<int:case_id>/aanvragen/<int:application_id>/<slug:action>/",
        applications.application_action,
        name="application_act",
    ),
    path("aanvragen/", applications.assessor_queue, name="assessor_queue"),
    path(
        "aanvragen/<int:application_id>/",
        applications.application_detail,
        name="application",
    ),
    path("aanvragen/<int:application_id>/besluit/", applications.decide, name="decide"),
    path("aanvragen/<int:application_id>/bezwaar/", applications.objection, name="objection"),
    path(
        "aanvragen/<int:application_id>/beschikking.pdf",
        documents.decision_pdf,
        name="decision_pdf",
    ),
    path(
        "trajecten/<int:case_id>/gesprek/<int:conversation_id>/verslag.pdf",
        documents.report_pdf,
        name="report_pdf",
    ),
    path("trajecten/<int:case_id>/plan.pdf", documents.plan_pdf, name="plan_pdf"),
]
