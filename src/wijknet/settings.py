"""Wijknet's one settings module. Everything that differs per installation comes
from environment variables; the defaults are safe for production, and the demo
and the test suite relax only what they must (see ``cli.py`` and ``TESTING``).
"""

import os
import warnings
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env()

# pytest sets PYTEST_VERSION before anything is imported.
TESTING = "PYTEST_VERSION" in os.environ

DEBUG = env.bool("DEBUG", default=False)
_relaxed = DEBUG or TESTING

# Management commands run without a key; the web server (wsgi.py) and
# `check --deploy` refuse to.
SECRET_KEY_IS_SET = bool(env.str("SECRET_KEY", default=""))
SECRET_KEY = (
    env.str("SECRET_KEY", default="") or "django-insecure-development-key-not-for-production"
)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Two-factor login for staff roles: on unless explicitly switched off.
WIJKNET_REQUIRE_2FA = env.bool("WIJKNET_REQUIRE_2FA", default=not _relaxed)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "wijknet.core",
    "wijknet.people",
    "wijknet.signals",
    "wijknet.kaart",
    "wijknet.cases",
    "wijknet.volunteers",
    "wijknet.demo",
    "wijknet.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijknet.core.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wijknet.urls"
WSGI_APPLICATION = "wijknet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "wijknet.core.context_processors.navigation",
            ],
        },
    },
]

# Databases ------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'wijknet.sqlite3'}"),
}
# Reporting and search selectors read through this alias; point it at a
# streaming replica when one machine is not enough.
# Selectors name the alias through WIJKNET_REPORTING_DB, so without a replica
# they simply read the main database.
_reporting_url = env.str("REPORTING_DATABASE_URL", default="")
if _reporting_url:
    DATABASES["reporting"] = {**env.db_url_config(_reporting_url), "TEST": {"MIRROR": "default"}}
WIJKNET_REPORTING_DB = "reporting" if _reporting_url else "default"
for _alias in DATABASES:
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES[_alias].setdefault("OPTIONS", {})
        DATABASES[_alias]["OPTIONS"].setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        )
        DATABASES[_alias]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    # Keep connections open between requests: opening one costs queries too.
    DATABASES[_alias].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES[_alias].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Auth -----------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Wijknet"

# I18n -----------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise, nothing from a CDN -----------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(PROJECT_DIR / "staticfiles")))
# Serving straight from the installed packages needs no collectstatic step;
# a production image runs collectstatic and may switch this off.
WHITENOISE_USE_FINDERS = env.bool("WIJKNET_STATIC_FINDERS", default=True)
if WHITENOISE_USE_FINDERS:
    warnings.filterwarnings("ignore", message="No directory at")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail ---------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="wijknet@localhost")

# Security headers -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
_https = not _relaxed and env.bool("WIJKNET_HTTPS", default=True)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("WIJKNET_BEHIND_PROXY", default=False) else None
)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# API ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 25,
    # Count clients by REMOTE_ADDR: a client-sent X-Forwarded-For must not
    # dodge the rate limit. Set the number of trusted proxies when behind one.
    "NUM_PROXIES": env.int("WIJKNET_NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("WIJKNET_TOKEN_RATE", default="10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijknet API",
    "DESCRIPTION": "API van Wijknet: het lokale Wmo-ondersteuningssysteem.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Login throttling and API rate limits count in the cache: use a shared one
# (e.g. redis://127.0.0.1:6379/1) when running more than one web process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Background work: deadline sweeps, e-mail, retention purges. Run
# `wijknet db_worker` beside the web processes; the tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "WIJKNET_TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# Wijknet --------------------------------------------------------------------
# Where residents reach this installation; used in links sent by e-mail.
WIJKNET_SITE_URL = env.str("WIJKNET_SITE_URL", default="http://127.0.0.1:8000")
# Signals that did not become a case are pseudonymised this long after closing.
WIJKNET_SIGNAL_RETENTION_DAYS = env.int("WIJKNET_SIGNAL_RETENTION_DAYS", default=90)
# Public report form: submissions per client address per hour.
WIJKNET_PUBLIC_SIGNALS_PER_HOUR = env.int("WIJKNET_PUBLIC_SIGNALS_PER_HOUR", default=5)
# The social map's kiosk returns to an empty search after this much idle time.
WIJKNET_KIOSK_IDLE_SECONDS = env.int("WIJKNET_KIOSK_IDLE_SECONDS", default=90)
# Social map entries not verified for this many months go to the review queue.
WIJKNET_MAP_REVIEW_MONTHS = env.int("WIJKNET_MAP_REVIEW_MONTHS", default=12)
# A volunteer's VOG (certificate of conduct) older than this many years counts
# as expired: shown so, and no longer a candidate for a match.
WIJKNET_VOG_VALID_YEARS = env.int("WIJKNET_VOG_VALID_YEARS", default=3)
# The Wmo's legal terms (investigation, decision, objection) are reference
# data edited in beheer: core.models.LegalTerm, read by core.terms.
WIJKNET_DEMO_PASSWORD = env.str("WIJKNET_DEMO_PASSWORD", default="wijknet-demo")
