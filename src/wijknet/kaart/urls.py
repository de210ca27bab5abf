from django.urls import path

from wijknet.kaart import public_views, views

urlpatterns = [
    # Public pages: no login.
    path("sociale-kaart/", public_views.search, name="search"),
    path("sociale-kaart/kiosk/", public_views.kiosk, name="kiosk"),
    path("sociale-kaart/<int:service_id>/", public_views.detail, name="detail"),
    # Staff pages (kaart/views.py): capability kaart.edit, overlap kaart.overlap.
    path("sociale-kaart/beheer/", views.staff_list, name="staff_list"),
    path("sociale-kaart/beheer/nieuw/", views.create, name="staff_create"),
    path("sociale-kaart/beheer/<int:service_id>/", views.edit, name="staff_edit"),
    path(
        "sociale-kaart/beheer/<int:service_id>/geschiedenis/",
        views.history,
        name="staff_history",
    ),
    path("sociale-kaart/beheer/<int:service_id>/klopt-nog/", views.verify, name="staff_verify"),
    path("sociale-kaart/beheer/controleren/", views.review, name="staff_review"),
    path("sociale-kaart/beheer/importeren/", views.import_upload, name="staff_import"),
    path(
        "sociale-kaart/beheer/importeren/bevestigen/",
        views.import_confirm,
        name="staff_import_confirm",
    ),
    path(
        "sociale-kaart/beheer/importeren/voorbeeld.csv",
        views.import_example,
        name="staff_import_example",
    ),
    path("sociale-kaart/overlap/", views.overlap_view, name="overlap"),
]
