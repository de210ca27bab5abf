"""The matrix domains are reference data that beheer keeps in /beheer/: a
changed name or a switched-off domain shows in the matrix form, and a domain
that measurements use cannot be deleted."""

import datetime

import pytest

from tests.factories import UserFactory
from wijknet.cases.models import MatrixDomain, MatrixMeasurement, MatrixScore
from wijknet.core.models import Role

pytestmark = pytest.mark.django_db
LIST = "/beheer/cases/matrixdomain/"


@pytest.fixture
def beheer(db):
    return UserFactory(username="beheer", role=Role.ADMIN, is_staff=True, is_superuser=True)


def change(client, domain, **fields):
    data = {"name": domain.name, "order": domain.order, "active": "on", "_save": "Opslaan"}
    data.update(fields)
    if data["active"] is False:
        del data["active"]
    return client.post(f"{LIST}{domain.pk}/change/", data)


def test_beheer_renames_and_switches_off_a_domain_and_the_matrix_form_follows(
    client_of, beheer, professional, case
):
    finances = MatrixDomain.objects.get(code="financien")
    housing = MatrixDomain.objects.get(code="huisvesting")
    admin = client_of(beheer)
    listed = admin.get(LIST)
    assert listed.status_code == 200 and "financiën" in listed.text
    assert change(admin, finances, name="geld en schulden").status_code == 302
    assert change(admin, housing, active=False).status_code == 302
    finances.refresh_from_db()
    assert (finances.name, finances.code) == ("geld en schulden", "financien")

    page = client_of(professional).get(f"/trajecten/{case.pk}/instrumenten/")
    assert page.status_code == 200
    action = f'action="/trajecten/{case.pk}/instrumenten/matrix/"'
    form = page.text.split(action)[1].split("</form>")[0]
    assert "geld en schulden" in form and "financiën" not in form
    assert "huiselijke relaties" in form and "huisvesting" not in form


def test_a_domain_in_use_cannot_be_deleted(client_of, beheer, professional, case, household):
    domain = MatrixDomain.objects.get(code="justitie")
    measurement = MatrixMeasurement.objects.create(
        case=case,
        person=household.members.first().person,
        measured_on=datetime.date(2026, 1, 5),
        author=professional,
    )
    MatrixScore.objects.create(measurement=measurement, domain=domain, level=3)
    admin = client_of(beheer)
    assert admin.get(f"{LIST}{domain.pk}/delete/").status_code == 403
    assert admin.post(f"{LIST}{domain.pk}/delete/", {"post": "yes"}).status_code == 403
    assert MatrixDomain.objects.filter(pk=domain.pk).exists()


def test_professionals_do_not_reach_beheer(client_of, professional):
    response = client_of(professional).get(LIST)
    assert response.status_code in (302, 403, 404)
