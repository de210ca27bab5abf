import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from wijknet.core.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def login(client, username, password=PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_login_page_is_dutch_and_labelled(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert '<label for="id_username">' in response.text
    assert 'href="#inhoud"' in response.text


def test_login_and_logout(client, professional):
    response = login(client, professional.username)
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert "Huishoudens van uw team" in home.text
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_password_gets_a_dutch_error(client, professional):
    response = login(client, professional.username, "fout")
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.text


def test_five_failed_logins_lock_the_account_for_a_while(client, professional):
    for _ in range(5):
        login(client, professional.username, "fout")
    response = login(client, professional.username)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.text
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (
            Role.PROFESSIONAL,
            ["Inwoners zoeken", "Inwoner registreren"],
            ["Beheer", "Mijn gegevens"],
        ),
        (Role.RESIDENT, ["Mijn gegevens", "Wie heeft mijn gegevens bekeken?"], ["Inwoners zoeken"]),
        (Role.ADMIN, ["Beheer"], ["Inwoners zoeken", "Mijn gegevens"]),
        (Role.POLICY, ["Start"], ["Inwoners zoeken", "Beheer", "Mijn gegevens"]),
    ],
)
def test_navigation_follows_the_role(client_of, role, visible, hidden):
    user = UserFactory(role=role, is_staff=role == Role.ADMIN)
    nav = client_of(user).get(reverse("core:home")).text.split('class="main-nav"')[1]
    nav = nav.split("</nav>")[0]
    for label in visible:
        assert label in nav
    for label in hidden:
        assert f">{label}<" not in nav


def test_staff_must_enrol_and_verify_a_totp_device_when_2fa_is_required(
    client, settings, professional
):
    settings.WIJKNET_REQUIRE_2FA = True
    login(client, professional.username)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("core:two_factor") in response["Location"]

    enrol = client.get(reverse("core:two_factor"))
    assert "<svg" in enrol.text and "Sleutel" in enrol.text
    device = TOTPDevice.objects.get(user=professional)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"
    done = client.post(reverse("core:two_factor"), {"token": code, "next": "/"})
    assert done.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_totp_code_is_refused_with_a_dutch_message(client, settings, professional):
    settings.WIJKNET_REQUIRE_2FA = True
    login(client, professional.username)
    client.get(reverse("core:two_factor"))
    wrong = client.post(reverse("core:two_factor"), {"token": "000000"})
    assert "klopt niet" in wrong.text
    assert client.get(reverse("core:home")).status_code == 302
    not_a_code = client.post(reverse("core:two_factor"), {"token": "12ab"})
    assert "zescijferige code" in not_a_code.text


def test_residents_do_not_need_2fa(client, settings):
    settings.WIJKNET_REQUIRE_2FA = True
    resident = UserFactory(role=Role.RESIDENT)
    login(client, resident.username)
    assert client.get(reverse("core:home")).status_code == 200


def test_api_refuses_unverified_staff_sessions_when_2fa_is_required(client, settings, professional):
    settings.WIJKNET_REQUIRE_2FA = True
    login(client, professional.username)
    assert client.get(reverse("api:person-list")).status_code == 403


def test_pages_carry_security_headers(client):
    response = client.get(reverse("core:login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_load_nothing_from_other_hosts(client_of, professional, known_person):
    client = client_of(professional)
    for url in [
        reverse("core:login"),
        reverse("core:home"),
        reverse("people:person", args=[known_person.pk]),
    ]:
        html = client.get(url).text
        assert "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html


def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("core:login"))
    assert '<html lang="en">' in response.text
    assert "Log in to Wijknet" in response.text


def production_environment(**values):
    """The process environment without what the test run itself set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "PYTEST_VERSION" and not k.startswith(("DJANGO_", "WIJKNET_", "SECRET_KEY"))
    }
    env.update(values)
    return env


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    env = production_environment(
        **{
            "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "wijknet.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "wijknet", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_check_warns_without_a_secret_key(tmp_path):
    env = production_environment(DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'd.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "-m", "wijknet", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "security.W009" in result.stderr + result.stdout


def test_a_superuser_made_on_the_command_line_is_an_administrator():
    from wijknet.core.models import User

    user = User.objects.create_superuser("hoofdbeheer", "beheer@example.org", PASSWORD)
    assert user.role == Role.ADMIN
