"""Settings, read from the environment (12-factor).

MINZHENG_DATABASE_URL   database URL; default: SQLite file under MINZHENG_VAR_DIR
MINZHENG_SECRET_KEY     required when MINZHENG_DEBUG is off outside tests
MINZHENG_DEBUG          "1" for development pages and tracebacks
MINZHENG_ALLOWED_HOSTS  comma-separated host names (default 127.0.0.1,localhost)
MINZHENG_VAR_DIR        where the SQLite file, Parquet snapshots and runs live (default ./var)
MINZHENG_AUDIT_KEY      HMAC key of the audit chain (or MINZHENG_AUDIT_KEY_FILE: a file with it);
                        required when MINZHENG_DEBUG is off outside tests and demo mode
MINZHENG_AUDIT_ANCHOR_DIR  where signed audit checkpoints are appended (default var/audit-anchors)

Security settings (HTTPS, cookies, tokens, log-in throttling) are read in the
security block at the end; README.md lists them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MINZHENG_VAR_DIR", Path.cwd() / "var")).resolve()
TESTING = "pytest" in sys.modules or os.environ.get("MINZHENG_TESTING") == "1"


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


DEBUG = _flag("MINZHENG_DEBUG")
SECRET_KEY = os.environ.get("MINZHENG_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or _flag("MINZHENG_DEMO")):
        raise RuntimeError("MINZHENG_SECRET_KEY must be set when MINZHENG_DEBUG is off")
    SECRET_KEY = "insecure-demo-key-do-not-use-in-production"

# --- Audit chain (docs/audit.md) -------------------------------------------------
# The chain is keyed (HMAC-SHA256) with a key held outside the database, so someone who
# can write to the database but does not hold the key cannot recompute the chain. Keep
# the key (and a copy in the bureau's key safe): changing it makes every keyed entry
# fail verification. Signed checkpoints go to an append-only file outside the database.
AUDIT_DEMO_KEY = "insecure-demo-audit-key-do-not-use-in-production"


def _audit_key() -> str:
    if key_file := os.environ.get("MINZHENG_AUDIT_KEY_FILE", ""):
        return Path(key_file).read_text(encoding="utf-8").strip()
    if key := os.environ.get("MINZHENG_AUDIT_KEY", "").strip():
        return key
    if not (DEBUG or TESTING or _flag("MINZHENG_DEMO")):
        raise RuntimeError(
            "MINZHENG_AUDIT_KEY or MINZHENG_AUDIT_KEY_FILE must be set when MINZHENG_DEBUG is off"
        )
    return AUDIT_DEMO_KEY


AUDIT_KEY = _audit_key()
AUDIT_ANCHOR_DIR = Path(
    os.environ.get("MINZHENG_AUDIT_ANCHOR_DIR", VAR_DIR / "audit-anchors")
).resolve()
AUDIT_CHECKPOINT_EVERY = {"minute": os.environ.get("MINZHENG_AUDIT_CHECKPOINT_MINUTE", "15")}
# --- end of audit chain ------------------------------------------------------------

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("MINZHENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("MINZHENG_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'minzheng.sqlite3'}",
        conn_max_age=int(os.environ.get("MINZHENG_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while a batch job writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

if TESTING and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # One test database per test process, so parallel runs on one server don't collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_minzheng_{os.getpid()}"}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "minzheng.core",
    # Before the domains: its demo seeder writes the message templates their demo
    # decisions use (docs/portal.md).
    "minzheng.portal",
    "minzheng.assistance",
    "minzheng.screening",
    "minzheng.warning",
    "minzheng.identity",
    "minzheng.payments",
    "minzheng.hotline",
    "minzheng.marriage",
    "minzheng.licensing",
    "minzheng.legaledu",
    "minzheng.elderly",
    "minzheng.supervision",
    "minzheng.organisations",
    "minzheng.benefits",
    # The demo commands (minzheng demo, seed_demo, synth_parquet); they seed only when
    # run, and no other app imports the demo (docs/demo.md).
    "minzheng.demo",
    "huey.contrib.djhuey",
    "axes",  # log-in throttling (issue 7, item 7); see the security block below
    "csp",
]
if TESTING:
    INSTALLED_APPS.append("tests.workflowapp")  # a concrete case type for engine tests

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "minzheng.core.responses.HtmxResponseMiddleware",
    "minzheng.core.middleware.RequestContextMiddleware",
    "minzheng.core.middleware.ConfigurationErrorMiddleware",
    "minzheng.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "minzheng.urls"
WSGI_APPLICATION = "minzheng.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minzheng.core.navigation.navigation",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False

# Background tasks (huey): SQLite on one machine, Redis in production
# (MINZHENG_REDIS_URL=redis://host:6379/0). `minzheng run_huey` runs the consumer,
# which also fires the nightly monitoring run.
REDIS_URL = os.environ.get("MINZHENG_REDIS_URL", "")
HUEY = {
    "name": "minzheng",
    "immediate": TESTING,
    **(
        {"huey_class": "huey.RedisHuey", "connection": {"url": REDIS_URL}}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "tasks.sqlite3")}
    ),
}
# Dashboard population figures per community, recomputed nightly (core/figures.py).
FIGURES_NIGHTLY = {"hour": os.environ.get("MINZHENG_FIGURES_HOUR", "1"), "minute": "15"}
WARNING_NIGHTLY = {"hour": os.environ.get("MINZHENG_WARNING_HOUR", "2"), "minute": "30"}
# The daily marriage clock (D9.3): divorce applications whose certificate window has
# passed are deemed withdrawn, as this account (a registrar, or a city administrator).
MARRIAGE_DAILY = {"hour": os.environ.get("MINZHENG_MARRIAGE_HOUR", "0"), "minute": "40"}
MARRIAGE_CLOCK_USER = os.environ.get("MINZHENG_MARRIAGE_CLOCK_USER", "")
# The daily deemed-acceptance job of licensing (D15.2), early each morning.
# Reminders to applicants (办理时限提醒), sent in the morning, not at night.
REMINDERS_DAILY = {"hour": os.environ.get("MINZHENG_REMINDERS_HOUR", "8"), "minute": "30"}
LICENSING_DAILY = {"hour": os.environ.get("MINZHENG_LICENSING_HOUR", "0"), "minute": "45"}
# The daily credit-list run of social organisations (D10.7): late annual reports listed
# the day after the deadline, two-year escalation.
ORGANISATIONS_DAILY = {"hour": "1", "minute": "15"}
# The nightly identity self-match (identity.tasks, docs/identity.md), after the warning run.
IDENTITY_NIGHTLY = {"hour": os.environ.get("MINZHENG_IDENTITY_HOUR", "3"), "minute": "30"}

# A TrueType CJK font to embed in printed notices; without it an installed Debian CJK
# font, then reportlab's built-in STSong-Light (not embedded) is used.
PDF_FONT_FILE = os.environ.get("MINZHENG_PDF_FONT", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MINZHENG_LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------------------
# Security (issue 7, items 7 and 8; docs/security.md). On by default outside
# demo, debug and test mode; each can be overridden from the environment.
# ---------------------------------------------------------------------------
PRODUCTION = not (DEBUG or TESTING or _flag("MINZHENG_DEMO"))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def _list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


# HTTPS. Behind a reverse proxy that terminates TLS, set
# MINZHENG_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO=https (and have the proxy
# overwrite that header), otherwise every request looks like plain HTTP.
SECURE_SSL_REDIRECT = _flag("MINZHENG_SSL_REDIRECT", PRODUCTION)
if _proxy_header := os.environ.get("MINZHENG_PROXY_SSL_HEADER", ""):
    _header, _, _value = _proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip() or "https")
SECURE_HSTS_SECONDS = _int("MINZHENG_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("MINZHENG_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("MINZHENG_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = _flag("MINZHENG_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = _list("MINZHENG_CSRF_TRUSTED_ORIGINS")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# API tokens expire after this many days unless issued with another lifetime.
API_TOKEN_LIFETIME = dt.timedelta(days=_int("MINZHENG_API_TOKEN_DAYS", 90))

# The cache holds the log-in failure counters: shared through Redis when
# MINZHENG_REDIS_URL is set (needed with several server processes), else in
# the memory of the one process.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if not (REDIS_URL or PRODUCTION):
    # Demo, debug and tests run one process, whose memory is a correct place for the
    # counters; in production django-axes' warning stays until Redis is configured.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# Log-in throttling (django-axes, counters in the cache, no database write):
# after MINZHENG_LOGIN_FAILURE_LIMIT failures for one account, or from one
# address, that account or address is refused for MINZHENG_LOGIN_LOCKOUT_MINUTES
# since the last failure. A city administrator can unlock earlier.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = _int("MINZHENG_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_int("MINZHENG_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "minzheng.core.middleware.client_ip"
AXES_LOCKOUT_CALLABLE = "minzheng.core.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# --- Bad input (issue 7 item 6): request-size limits, answered 413 by
# core.middleware.BadInputMiddleware before anything reads the body. Requests with no
# session and no token (public calculator, log-in) get the smallest limit.
# Above the public calculator's own 256 KB check (assistance/calculator.py), which
# answers first in the calculator's error shape.
# Notifications' SMS gateway (docs/portal.md): a class with send(phone, text) -> reference.
# The default only writes a log line; no real provider is configured here.
MINZHENG_SMS_GATEWAY = os.environ.get(
    "MINZHENG_SMS_GATEWAY", "minzheng.portal.channels.LogOnlyGateway"
)
MINZHENG_PUBLIC_MAX_BODY = int(os.environ.get("MINZHENG_PUBLIC_MAX_BODY", 512 * 1024))
MINZHENG_API_MAX_BODY = int(os.environ.get("MINZHENG_API_MAX_BODY", 1024 * 1024))
MINZHENG_PAGE_MAX_BODY = int(os.environ.get("MINZHENG_PAGE_MAX_BODY", 32 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = MINZHENG_API_MAX_BODY  # form fields, files excluded
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "minzheng.core.middleware.BadInputMiddleware",
)
