import os

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import PersonFactory, TeamFactory, UserFactory, household_with
from wijknet.core.audit import AuditContext
from wijknet.core.models import AuditPurpose, Role


@pytest.fixture(autouse=True)
def _defaults(settings):
    # Serve static files from the finders so pages render without collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    # Users are made by the dozen; a slow password hash only costs time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request in English leaves English active in this thread; start every
    # test in the default language so messages are compared in Dutch.
    translation.activate(settings.LANGUAGE_CODE)
    # Lockouts, rate limits and cached map lists start empty: ids come back
    # after a rollback, so a cached answer could name another test's rows.
    cache.clear()
    yield
    translation.deactivate()


@pytest.fixture
def context():
    """Where a service call comes from, for the access log."""
    return AuditContext(purpose=AuditPurpose.SUPPORT, route="tests")


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Wijkteam Noord")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Wijkteam Zuid")


@pytest.fixture
def professional(team_a):
    return UserFactory(username="prof-a", role=Role.PROFESSIONAL, team=team_a)


@pytest.fixture
def professional_b(team_b):
    return UserFactory(username="prof-b", role=Role.PROFESSIONAL, team=team_b)


@pytest.fixture
def client_of(client):
    """Log a user in on the test client (force_login: axes needs a request)."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def known_person(team_a):
    """A person whose household team A is actively involved with."""
    person = PersonFactory(first_name="Fenna", last_name="Zonneveld")
    household_with(person, team=team_a)
    return person


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL', 'sqlite (default)')}"


def _required_markers() -> set[str]:
    required = set()
    if os.environ.get("WIJKNET_REQUIRE_POSTGRES") == "1":
        required.add("postgres")
    if os.environ.get("WIJKNET_REQUIRE_BROWSER") == "1":
        required.add("browser")
    return required


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped PostgreSQL or browser test is a failure, not a pass."""
    outcome = yield
    report = outcome.get_result()
    required = _required_markers() & {mark.name for mark in item.iter_markers()}
    if report.skipped and required:
        report.outcome = "failed"
        report.longrepr = (
            f"required test skipped ({', '.join(sorted(required))}): {report.longrepr}"
        )
