from django.urls import path

from wijknet.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("vrijwilligers/", views.pool, name="pool"),
    path("vrijwilligers/nieuw/", views.register, name="register"),
    path("vrijwilligers/binding/", views.retention, name="retention"),
    path("vrijwilligers/<int:volunteer_id>/", views.volunteer_detail, name="volunteer"),
    path("vrijwilligers/<int:volunteer_id>/pool/", views.volunteer_active, name="volunteer_active"),
    path("vrijwilligers/<int:volunteer_id>/wijzigen/", views.volunteer_edit, name="volunteer_edit"),
    path("hulpvragen/", views.requests, name="requests"),
    path("hulpvragen/nieuw/", views.request_new, name="request_new"),
    path("hulpvragen/<int:request_id>/", views.request_detail, name="request"),
    path("hulpvragen/<int:request_id>/<slug:action>/", views.request_action, name="request_act"),
    path("koppelingen/<int:match_id>/<slug:action>/", views.match_action, name="match_act"),
    path("mijn-vrijwilliger/", views.resident_matches, name="resident_matches"),
    path(
        "mijn-vrijwilliger/<int:match_id>/<slug:action>/",
        views.resident_match_action,
        name="resident_match_act",
    ),
    path("mijn-koppelingen/", views.own_matches, name="own_matches"),
    path(
        "mijn-koppelingen/<int:match_id>/<slug:action>/",
        views.own_match_action,
        name="own_match_act",
    ),
]
