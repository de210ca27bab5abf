from django.urls import path

from wijknet.cases import application_views, instrument_views, views

app_name = "cases"

urlpatterns = [
    path("trajecten/", views.caseload, name="caseload"),
    path("trajecten/team/", views.team_overview, name="team"),
    path("trajecten/evaluaties/", views.evaluations_due, name="due"),
    path("huishoudens/<int:household_id>/traject/", views.open_case, name="open"),
    path("trajecten/uit-melding/<int:signal_id>/", views.open_from_signal, name="from_signal"),
    path("trajecten/<int:case_id>/", views.detail, name="detail"),
    path("trajecten/<int:case_id>/actie/<slug:action>/", views.case_action, name="act"),
    path(
        "trajecten/<int:case_id>/consultatie/<int:consultation_id>/",
        views.answer_consultation,
        name="answer_consultation",
    ),
    path("trajecten/<int:case_id>/gesprek/", views.conversation, name="conversation"),
    path(
        "trajecten/<int:case_id>/gesprek/<int:conversation_id>/<slug:action>/",
        views.report_action,
        name="report",
    ),
    path("trajecten/<int:case_id>/plan/", views.plan, name="plan"),
    path("trajecten/<int:case_id>/plan/doel/", views.goal_save, name="goal_new"),
    path("trajecten/<int:case_id>/plan/doel/<int:goal_id>/", views.goal_save, name="goal_edit"),
    path("trajecten/<int:case_id>/plan/<slug:action>/", views.plan_action, name="plan_act"),
    path("trajecten/<int:case_id>/logboek/", views.log, name="log"),
    path("trajecten/<int:case_id>/evaluaties/", views.evaluations, name="evaluations"),
    path("mijn-plan/", views.own_plan, name="own_plan"),
    # Instruments (instrument_views.py)
    path("trajecten/<int:case_id>/instrumenten/", instrument_views.instruments, name="instruments"),
    path(
        "trajecten/<int:case_id>/instrumenten/matrix/",
        instrument_views.matrix_add,
        name="instruments_matrix",
    ),
    path(
        "trajecten/<int:case_id>/instrumenten/profiel/",
        instrument_views.profile_add,
        name="instruments_profile",
    ),
    path(
        "trajecten/<int:case_id>/instrumenten/kwaliteit/",
        instrument_views.quality_add,
        name="instruments_quality",
    ),
    path(
        "trajecten/<int:case_id>/instrumenten/opties/<int:goal_id>/",
        instrument_views.worksheet_save,
        name="instruments_worksheet",
    ),
    # Applications and decisions (application_views.py)
    path("trajecten/<int:case_id>/aanvragen/", application_views.applications, name="applications"),
    path(
        "trajecten/<int:case_id>/aanvragen/nieuw/",
        application_views.application_new,
        name="application_new",
    ),
    path(
        "trajecten/<int:case_id>/aanvragen/<int:application_id>/<slug:action>/",
        application_views.application_action,
        name="application_act",
    ),
    path("aanvragen/", application_views.assessor_queue, name="assessor_queue"),
    path(
        "aanvragen/<int:application_id>/",
        application_views.application_detail,
        name="application",
    ),
    path("aanvragen/<int:application_id>/besluit/", application_views.decide, name="decide"),
    path("aanvragen/<int:application_id>/bezwaar/", application_views.objection, name="objection"),
    path(
        "aanvragen/<int:application_id>/beschikking.pdf",
        application_views.decision_pdf,
        name="decision_pdf",
    ),
    path(
        "trajecten/<int:case_id>/gesprek/<int:conversation_id>/verslag.pdf",
        application_views.report_pdf,
        name="report_pdf",
    ),
    path("trajecten/<int:case_id>/plan.pdf", application_views.plan_pdf, name="plan_pdf"),
]
