"""Accord's settings: one module, driven by environment variables.

Safe defaults serve the embedded setup (SQLite, one machine). Production values come only from the
environment; see the README's table of variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("ACCORD_DEBUG", False)
# The embedded default key is only for a local demo; production must set ACCORD_SECRET_KEY
# (check --deploy refuses the insecure prefix).
SECRET_KEY = env_str("ACCORD_SECRET_KEY", "django-insecure-accord-local-demo-only")
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])
VAR_DIR = Path(env_str("ACCORD_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "bootstrap",
    "django_htmx",
    "ninja",
    "axes",
    "simple_history",
    "django_tasks_db",
    "accord.core",
    "accord.accounts",
    "accord.directory",
    "accord.partnerships",
    "accord.invitations",
    "accord.alignment",
    "accord.leadership",
    "accord.relationships",
    "accord.measurement",
    "accord.evaluation",
    "accord.surveys",
    # Last: reports read every pillar, the scorecard and the survey (and their demo data).
    "accord.reports",
]

MIDDLEWARE = [
    # First, so that it sees every answer under /api/, even those Django gives before any view.
    "accord.core.api_errors.ApiErrorsMiddleware",
    # An unreachable database answers 503 with Retry-After (accord/core/outage.py).
    "accord.core.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "accord" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Django's `date` filter, each text remembered (accord/core/templatetags/dates.py).
            "builtins": ["accord.core.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "accord.accounts.context_processors.notifications",
            ],
        },
    },
]

# --- Caches -----------------------------------------------------------------------------------
# In each process's memory. The lists' filter fields are cached per query string in a cache of
# their own, so that searches typed letter by letter do not push charts out of the default one.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accord-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
# Timeouts, in seconds (docs/operations.md, "Timeouts"). Together they bound how long a request
# can wait on the database, and gunicorn's --timeout is set above their sum.
DB_CONNECT_TIMEOUT = env_int("ACCORD_DB_CONNECT_TIMEOUT", 5)
DB_STATEMENT_TIMEOUT = env_int("ACCORD_DB_STATEMENT_TIMEOUT", 10)
DB_SILENT_SECONDS = env_int("ACCORD_DB_SILENT_SECONDS", 15)
# SQLite: how long a write waits for another writer's lock before giving up (then 503).
DB_BUSY_TIMEOUT = env_int("ACCORD_DB_BUSY_TIMEOUT", 10)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 0),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A server that stops answering (a failover, a dropped network) must not hold a process
        # for long: connecting gives up after ACCORD_DB_CONNECT_TIMEOUT seconds, a statement
        # after ACCORD_DB_STATEMENT_TIMEOUT (0: no limit; the server ends it), and TCP keepalives
        # and an acknowledgement timeout drop a connection silent for about
        # ACCORD_DB_SILENT_SECONDS (the client ends it), so a web request answers 503
        # (accord/core/outage.py) and the task worker reconnects (accord/core/worker.py) well
        # within gunicorn's --timeout (deploy/, scripts/serve.sh).
        _silent = max(DB_SILENT_SECONDS, 3)
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {
                "connect_timeout": DB_CONNECT_TIMEOUT,
                "keepalives": 1,
                "keepalives_idle": max(_silent // 3, 1),
                "keepalives_interval": max(_silent // 9, 1),
                "keepalives_count": 3,
                "tcp_user_timeout": _silent * 1000,
                # Parameters travel apart from the statement, so a statement a connection runs a
                # second time is prepared and its plan kept: the policy's filters cost more to
                # plan than to run (the home page planned for 22 ms and ran for 1 ms at scale).
                # Worth it where connections live (CONN_MAX_AGE, deploy/).
                "server_side_binding": True,
                "prepare_threshold": 2,
                # JIT compilation is for long analytical queries: a page's query that the planner
                # overestimates would spend 100 ms compiling what runs in 1 ms.
                "options": f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000} -c jit=off",
            }
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("ACCORD_SQLITE_PATH", str(VAR_DIR / "accord.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
                # the start of a transaction so concurrent writers wait instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": DB_BUSY_TIMEOUT,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accord.accounts.throttle.AccountThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# django-axes: lock a username + IP pair after repeated failures, for a timed cool-off.
AXES_FAILURE_LIMIT = env_int("ACCORD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ACCORD_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "accord.core.http.client_ip"
# Failures per account across every address (accord/accounts/throttle.py): past this many, the
# password alone signs in only in a browser that signed in to the account before; anywhere else
# the right password e-mails a one-time sign-in link, which also ends the throttle.
ACCORD_ACCOUNT_FAILURE_LIMIT = env_int("ACCORD_ACCOUNT_FAILURE_LIMIT", 10)
ACCORD_SIGN_IN_LINK_MINUTES = env_int("ACCORD_SIGN_IN_LINK_MINUTES", 15)
ACCORD_KNOWN_BROWSER_DAYS = env_int("ACCORD_KNOWN_BROWSER_DAYS", 365)
# The public verification page and API (/verify/, POST /api/v1/verify): uses per client address
# per window, counted in the database so the limit holds across every web worker (429 past it).
ACCORD_VERIFY_LIMIT = env_int("ACCORD_VERIFY_LIMIT", 20)
ACCORD_VERIFY_WINDOW_SECONDS = env_int("ACCORD_VERIFY_WINDOW_SECONDS", 600)
# Submissions one client address may make on the public input forms (R6) per window.
ACCORD_PUBLIC_INPUT_LIMIT = env_int("ACCORD_PUBLIC_INPUT_LIMIT", 5)
ACCORD_PUBLIC_INPUT_WINDOW_SECONDS = env_int("ACCORD_PUBLIC_INPUT_WINDOW_SECONDS", 3600)
# Missing data (M3) is reminded of this many days before it is due, and once after.
ACCORD_DATA_REMINDER_DAYS = env_int("ACCORD_DATA_REMINDER_DAYS", 7)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("ACCORD_SESSION_AGE_SECONDS", 60 * 60 * 12)
CSRF_COOKIE_SAMESITE = "Lax"
# Behind TLS (production) these are all on; the embedded demo serves plain HTTP on loopback.
HTTPS = env_bool("ACCORD_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("ACCORD_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind the reverse proxy: trust its X-Forwarded-Proto, and take the client's address from the
# X-Forwarded-For entry it appends (accord/core/http.py).
ACCORD_BEHIND_PROXY = env_bool("ACCORD_BEHIND_PROXY", False)
if ACCORD_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Django's built-in Content-Security-Policy, enforced: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("ACCORD_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "accord" / "static"]
MEDIA_ROOT = Path(env_str("ACCORD_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("ACCORD_MANIFEST_STATIC", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail -------------------------------------------------------------------------------------
# ACCORD_EMAIL=smtp sends through ACCORD_EMAIL_HOST; "file" writes each e-mail to its own .eml
# file under var/mail (accord/core/mail.py). The default is SMTP behind HTTPS (production) and
# the console for the embedded demo.
EMAIL_MODE = env_str("ACCORD_EMAIL", "smtp" if HTTPS else "console")
if EMAIL_MODE == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("ACCORD_EMAIL_HOST", "127.0.0.1"),
                "port": env_int("ACCORD_EMAIL_PORT", 25),
                "username": env_str("ACCORD_EMAIL_USER"),
                "password": env_str("ACCORD_EMAIL_PASSWORD"),
                "use_tls": env_bool("ACCORD_EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
    }
elif EMAIL_MODE == "file":
    MAILERS = {
        "default": {
            "BACKEND": "accord.core.mail.EmlFileBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Where people reach this Accord: links in e-mails are made absolute with it.
ACCORD_BASE_URL = env_str("ACCORD_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("ACCORD_FROM_EMAIL", "Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks --------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("ACCORD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The task worker (`accord worker`, accord/core/worker.py) writes a heartbeat every
# ACCORD_WORKER_HEARTBEAT_SECONDS; a worker silent for ACCORD_WORKER_STALE_SECONDS is gone, and a
# task it held goes back to the queue. A task is tried at most ACCORD_TASK_MAX_ATTEMPTS times
# when its worker stops or the database fails under it.
ACCORD_WORKER_HEARTBEAT_SECONDS = env_int("ACCORD_WORKER_HEARTBEAT_SECONDS", 10)
ACCORD_WORKER_STALE_SECONDS = env_int("ACCORD_WORKER_STALE_SECONDS", 60)
ACCORD_TASK_MAX_ATTEMPTS = env_int("ACCORD_TASK_MAX_ATTEMPTS", 5)
# /healthz fails when a task ready to run has waited longer than this.
ACCORD_HEALTH_QUEUE_SECONDS = env_int("ACCORD_HEALTH_QUEUE_SECONDS", 600)

# --- Internationalization -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env_str("ACCORD_TIME_ZONE", "UTC")
# On: Accord is written to be translated (SPEC: "ready for translation"), even though English is
# its only language today; object links come from core/paths.py, which reverses once per process.
USE_I18N = True
USE_TZ = True

# --- Accord ---------------------------------------------------------------------------------------
ACCORD_PAGE_SIZE = env_int("ACCORD_PAGE_SIZE", 25)
# The largest file Accord accepts (an MOU signed outside Accord), in megabytes.
ACCORD_MAX_UPLOAD_MB = env_int("ACCORD_MAX_UPLOAD_MB", 10)
ACCORD_API_MAX_PAGE_SIZE = 200
# The currency a partnership's pledges and contributions are in until its steward chooses another
# (an ISO 4217 code; M5). A partnership's totals are always in its one currency.
ACCORD_CURRENCY = env_str("ACCORD_CURRENCY", "USD")
# The collaboration survey shows a factor, and every breakdown cell, only when at least this many
# people answered it (docs/decisions.md, "Collaboration survey: anonymity and thresholds").
ACCORD_SURVEY_MIN_RESPONDENTS = max(2, env_int("ACCORD_SURVEY_MIN_RESPONDENTS", 5))
# The representation analysis of planning bodies (R2): the thresholds of its flags, with their
# sources in accord/relationships/representation.py and on the page.
ACCORD_REPRESENTATION = {
    "lone_warning_seats": env_int("ACCORD_REPRESENTATION_LONE_WARNING_SEATS", 2),  # Kramer et al.
    "token_share": 0.15,  # Kanter's "skewed" group
    "tilted_share": 0.35,  # Kanter's "tilted" group, up to 65:35
    "under_ratio": 0.8,  # seat share / reference share: the four-fifths rule's ratio
    "vote_ratio": 0.8,  # vote share / seat share
    "absent_ratio": 0.8,  # the group's attendance / the body's
    "absent_meetings": env_int("ACCORD_REPRESENTATION_ABSENT_MEETINGS", 6),  # the last N meetings
    "heard_meetings": 3,  # a seat's last attended meetings without a contribution
    # Left out of planning (R3): the last N planning or design engagements an affected group
    # should take part in, and the levels of the IAP2 spectrum that Arnstein's ladder counts as
    # tokenism (a group that only ever takes part at these levels is flagged).
    "planning_engagements": env_int("ACCORD_REPRESENTATION_PLANNING_ENGAGEMENTS", 6),
    "token_levels": ("inform", "consult"),
}
# The communication map (R6): a level is one where the partnership works when contacts at it come
# from at least this many member organizations; a member without a contact there is a gap.
ACCORD_COMMUNICATION = {"level_organizations": 2}
# A list's total (pages, API `count`) is counted up to this many rows past the page shown; a
# longer list says "more than" rather than scanning every row on each request (core/paging.py).
ACCORD_COUNT_CAP = env_int("ACCORD_COUNT_CAP", 1_000)
# A select of organizations or people longer than this shows this many, with a search box.
ACCORD_PICKER_LIMIT = env_int("ACCORD_PICKER_LIMIT", 50)
# An MOU template's text, filled in, may be this long (a draft: all its sections together) and
# take this long; past either, saving the template or making the draft is refused.
ACCORD_MOU_RENDER_MAX_CHARS = env_int("ACCORD_MOU_RENDER_MAX_CHARS", 1_000_000)
ACCORD_MOU_RENDER_SECONDS = env_int("ACCORD_MOU_RENDER_SECONDS", 2)
# Disclosure control (accord/core/disclosure.py): counts from 1 to k-1 are never shown outside data
# entry, and no hidden count can be worked out from the totals. 11 is the minimum cell size of CMS
# and PCORnet (docs/decisions.md).
ACCORD_DISCLOSURE_K = env_int("ACCORD_DISCLOSURE_K", 11)
# An announcement whose e-mails have made no progress for this long is shown as stalled, with a
# button that resumes sending.
ACCORD_ANNOUNCEMENT_STALL_MINUTES = env_int("ACCORD_ANNOUNCEMENT_STALL_MINUTES", 10)

# A 503 (the database unavailable) asks clients to try again after this many seconds.
ACCORD_RETRY_AFTER_SECONDS = env_int("ACCORD_RETRY_AFTER_SECONDS", 10)

# An API POST sent with an Idempotency-Key keeps its answer this long (accord/core/idempotency.py).
ACCORD_IDEMPOTENCY_HOURS = env_int("ACCORD_IDEMPOTENCY_HOURS", 24)
# Complete periods the measurement analysis fits its forecast line through (at least 2).
ACCORD_FORECAST_PERIODS = env_int("ACCORD_FORECAST_PERIODS", 4)

# API writes to an existing object must say which revision they change (If-Match), or get 428.
ACCORD_REQUIRE_IF_MATCH = env_bool("ACCORD_REQUIRE_IF_MATCH", False)

NINJA_PAGINATION_PER_PAGE = ACCORD_PAGE_SIZE
NINJA_PAGINATION_MAX_LIMIT = ACCORD_API_MAX_PAGE_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ACCORD_LOG_LEVEL", "WARNING")},
    # Expected 403s and 404s log one line, without a traceback; WeasyPrint's advice to install
    # HarfBuzz-Subset, repeated for every font of every PDF, is dropped (accord/core/logs.py).
    "filters": {
        "expected_refusals": {"()": "accord.core.logs.ExpectedRefusals"},
        "weasyprint_subset_advice": {"()": "accord.core.logs.WeasyPrintSubsetAdvice"},
    },
    "loggers": {
        # pypdf warns about every flaw it works around in an uploaded file; refusals say enough.
        "pypdf": {"level": "ERROR"},
        "django.request": {"filters": ["expected_refusals"]},
        "weasyprint": {"filters": ["weasyprint_subset_advice"]},
    },
}

FORM_RENDERER = "accord.core.forms.AccordFormRenderer"
NINJA_PAGINATION_CLASS = "accord.core.api_paging.PagePagination"
