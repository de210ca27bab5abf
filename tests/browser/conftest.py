"""Browser tests: Playwright for Python driving Debian's Chromium against the
live test server. Playwright's own browser downloads are never used."""

import os
import shutil
from importlib import import_module

import pytest
from django.apps import apps

from tests.factories import PersonFactory, TeamFactory, UserFactory, household_with
from wijknet.core.models import Role

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("WIJKNET_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "geheim-wachtwoord-1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.WIJKNET_REQUIRE_2FA = False
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def town(transactional_db):
    """A small synthetic town: two teams, a professional in each, a resident
    known to the first team."""
    # Live-server tests flush the database, reference data from migrations too.
    import_module("wijknet.people.migrations.0002_relation_types").load(apps, None)
    noord, zuid = TeamFactory(name="Wijkteam Noord"), TeamFactory(name="Wijkteam Zuid")
    professional = UserFactory(
        username="professional",
        role=Role.PROFESSIONAL,
        team=noord,
        first_name="Sanne",
        last_name="Dijkstra",
    )
    resident_user = UserFactory(username="inwoner", role=Role.RESIDENT)
    resident = PersonFactory(first_name="Joke", last_name="Brouwer", user=resident_user)
    partner = PersonFactory(first_name="Kees", last_name="Brouwer")
    household = household_with(resident, partner, team=noord)
    other = PersonFactory(first_name="Henk", last_name="Brouwer")
    household_with(other, team=zuid)
    return {
        "professional": professional,
        "resident": resident,
        "household": household,
        "other": other,
        "resident_user": resident_user,
    }


def log_in(page, username):
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def menu(page, name: str):
    """A link in the main menu (the start page repeats them as cards)."""
    return page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name)
