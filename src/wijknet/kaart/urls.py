from django.urls import path

from wijknet.kaart import public_views

urlpatterns = [
    # Public pages: no login.
    path("sociale-kaart/", public_views.search, name="search"),
    path("sociale-kaart/kiosk/", public_views.kiosk, name="kiosk"),
    path("sociale-kaart/<int:service_id>/", public_views.detail, name="detail"),
    # Staff pages (kaart/views.py) follow here.
]
