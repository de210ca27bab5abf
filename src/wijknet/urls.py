from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from wijknet import views
from wijknet.cases import api as cases_api
from wijknet.cases import urls as cases_urls
from wijknet.core import api as core_api
from wijknet.core import views as core_views
from wijknet.kaart import api as kaart_api
from wijknet.kaart import urls as kaart_urls
from wijknet.people import api as people_api
from wijknet.people import network_views
from wijknet.people import views as people_views
from wijknet.signals import api as signals_api
from wijknet.signals import views as signals_views
from wijknet.volunteers import urls as volunteers_urls

admin.site.site_header = "Wijknet beheer"
admin.site.site_title = "Wijknet beheer"

core_patterns = (
    [
        path("", views.home, name="home"),
        path("account/login/", core_views.LoginView.as_view(), name="login"),
        path("account/logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("account/tweestaps/", core_views.two_factor, name="two_factor"),
    ],
    "core",
)

people_patterns = (
    [
        path("personen/", people_views.search, name="search"),
        path("personen/nieuw/", people_views.register, name="register"),
        path("personen/<int:person_id>/", people_views.person_detail, name="person"),
        path("personen/<int:person_id>/wijzigen/", people_views.person_edit, name="person_edit"),
        path("personen/<int:person_id>/toestemming/", people_views.consent_new, name="consent_new"),
        path(
            "toestemming/<int:consent_id>/intrekken/",
            people_views.consent_withdraw,
            name="consent_withdraw",
        ),
        path("huishoudens/<int:household_id>/", people_views.household_detail, name="household"),
        path("mijn-gegevens/", people_views.own_record, name="own_record"),
        path("mijn-gegevens/inzage/", people_views.own_access_log, name="own_access_log"),
        path("personen/<int:person_id>/netwerk/", network_views.network_page, name="network"),
        path(
            "personen/<int:person_id>/netwerk/<int:tie_id>/",
            network_views.tie_edit,
            name="tie_edit",
        ),
        path(
            "personen/<int:person_id>/netwerk/<int:tie_id>/beeindigen/",
            network_views.tie_end,
            name="tie_end",
        ),
        path(
            "personen/<int:person_id>/netwerk/<int:tie_id>/beoordelen/",
            network_views.tie_review,
            name="tie_review",
        ),
        path(
            "personen/<int:person_id>/netwerk/<int:tie_id>/mantelzorg/",
            network_views.carer_new,
            name="carer_new",
        ),
        path(
            "personen/<int:person_id>/netwerk/<int:tie_id>/belasting/",
            network_views.burden_new,
            name="burden_new",
        ),
        path("mijn-netwerk/", network_views.own_network, name="own_network"),
        path("taken/", network_views.tasks, name="tasks"),
        path("taken/<int:task_id>/klaar/", network_views.task_done, name="task_done"),
        path("beleid/mantelzorg/", network_views.carer_aggregates, name="carer_aggregates"),
    ],
    "people",
)

signals_patterns = (
    [
        path("melden/", signals_views.public_report, name="public_report"),
        path("melding/<str:token>/", signals_views.reporter_status, name="status"),
        path("meldingen/", signals_views.queue, name="queue"),
        path("meldingen/nieuw/", signals_views.new_signal, name="new"),
        path("meldingen/overzicht/", signals_views.dashboard, name="dashboard"),
        path("meldingen/<int:signal_id>/", signals_views.detail, name="detail"),
        path("meldingen/<int:signal_id>/<slug:action>/", signals_views.act, name="act"),
        path("beleid/signalen/", signals_views.aggregates, name="aggregates"),
    ],
    "signals",
)

api_patterns = (
    [
        path("auth/token/", core_api.TokenView.as_view(), name="token"),
        path("persons/", people_api.person_list, name="person-list"),
        path("persons/<int:person_id>/", people_api.person_detail, name="person-detail"),
        path(
            "households/<int:household_id>/", people_api.household_detail, name="household-detail"
        ),
        path("signals/", signals_api.signal_list, name="signal-list"),
        path("signals/<int:signal_id>/", signals_api.signal_detail, name="signal-detail"),
        path("cases/", cases_api.case_list, name="case-list"),
        path("cases/<int:case_id>/", cases_api.case_detail, name="case-detail"),
        path("cases/<int:case_id>/matrix/", cases_api.case_matrix, name="case-matrix"),
        path("hsds/services/", kaart_api.HsdsServiceList.as_view(), name="hsds-service-list"),
        path(
            "hsds/services/<uuid:service_id>/",
            kaart_api.HsdsServiceDetail.as_view(),
            name="hsds-service-detail",
        ),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    ],
    "api",
)

urlpatterns = [
    path("", include(core_patterns)),
    path("", include(people_patterns)),
    path("", include(signals_patterns)),
    path("", include((kaart_urls.urlpatterns, "kaart"))),
    path("", include((cases_urls.urlpatterns, "cases"))),
    path("", include((volunteers_urls.urlpatterns, "volunteers"))),
    path("api/v1/", include(api_patterns)),
    path("beheer/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
