"""Ravabet settings: one file, read from the environment, loud on bad values.

Development (`make run`) sets RAVABET_DEBUG=1. Anything else is production and must be
given RAVABET_SECRET_KEY and RAVABET_ALLOWED_HOSTS; a missing or malformed value stops
the process at start-up with a message naming the variable, never a stack trace later.
"""

import ipaddress
import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_positive_int(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value} must be 1 or more.")
    return value


def env_networks(name: str, default: list[str]) -> list[str]:
    """Addresses or CIDR networks, comma-separated; a typo must not silently trust nobody."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(str(ipaddress.ip_network(item)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} has {item!r}, which is not an address or a network such as "
                "10.0.0.0/8 (a network's host bits must be zero)."
            ) from None
    return networks


def env_required(name: str, hint: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set. {hint}")
    return value


DEBUG = env_bool("RAVABET_DEBUG", default=False)
# Behind TLS in production; tests and `make run` serve plain HTTP on localhost.
HTTPS = env_bool("RAVABET_HTTPS", default=not DEBUG)

if DEBUG:
    SECRET_KEY = os.environ.get("RAVABET_SECRET_KEY") or "dev-only-insecure-key-do-not-deploy"
    ALLOWED_HOSTS = env_list("RAVABET_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_required(
        "RAVABET_SECRET_KEY",
        "Production needs a long random secret: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
    )
    ALLOWED_HOSTS = env_list("RAVABET_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "RAVABET_ALLOWED_HOSTS is not set. Give the site's host names, comma-separated."
        )

CSRF_TRUSTED_ORIGINS = env_list("RAVABET_CSRF_TRUSTED_ORIGINS", [])
# Absolute links in emails (RSVP, unsubscribe, reminders) are built on this address.
SITE_URL = os.environ.get("RAVABET_SITE_URL", "").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else ""
)
if not DEBUG and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "RAVABET_SITE_URL is not set. Give the site's public address, e.g. "
        "https://ravabet.example.org, for the links in emails."
    )

INSTALLED_APPS = [
    "ravabet.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ravabet.network",
    "ravabet.search",
    "ravabet.office",
    "ravabet.meetings",
    "ravabet.experience",
    "ravabet.newsroom",
    "ravabet.media",
    "ravabet.voice",
    "ravabet.officialcalendar",
    "ravabet.events",
    "ravabet.crisis",
    "ravabet.diagnosis",
    "ravabet.workload",
    "ravabet.monitoring",
    "ravabet.outbox",
    "ravabet.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ravabet.core.middleware.ContentSecurityPolicyMiddleware",
    # Before anything reads the path (WhiteNoise's file lookup in DEBUG), the session or a
    # parameter: a NUL is a 400 here.
    "ravabet.core.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A public page kept in the cache is served here, before the session, CSRF, auth,
    # messages, htmx and axes, with what those would add to it (core/publiccache.py).
    "ravabet.core.publiccache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ravabet.core.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks; our login form shows the lockout itself (core/login.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ravabet.urls"
WSGI_APPLICATION = "ravabet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ravabet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["ravabet.core.templatetags.jalali"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("RAVABET_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache and the task queue: the database for a laptop or a city's server (nothing more
# to run), Redis for a province or the country (README, "Scale"). Either cache is shared by
# every web worker and the task worker, so the public pages' version (core/publiccache.py)
# is one for all of them. Both caches evict: nothing that must last (login pauses, rate
# limits: core/throttle.py, core/login.py) is kept in either; those live in the database.
CACHE_BACKENDS = ("database", "redis")
TASK_BACKENDS = ("database", "rq")


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not one of {', '.join(choices)} (leave it unset for {default})."
        )
    return value


def env_redis_url(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(
        r"rediss?://([^@/\s]+@)?[A-Za-z0-9.\[\]:-]+(:[0-9]{1,5})?/[0-9]{1,2}", value
    ):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a Redis address with a database number, e.g. "
            "redis://127.0.0.1:6379/0."
        )
    return value


CACHE_BACKEND = env_choice("RAVABET_CACHE", CACHE_BACKENDS, "database")
TASK_BACKEND = env_choice("RAVABET_TASKS", TASK_BACKENDS, "database")
if "RAVABET_TASKS_BACKEND" in os.environ:
    raise ImproperlyConfigured(
        "RAVABET_TASKS_BACKEND is gone: set RAVABET_TASKS=database or RAVABET_TASKS=rq."
    )
REDIS_URL = env_redis_url("RAVABET_REDIS_URL", "redis://127.0.0.1:6379/0")
# Several sites (or test runs) may share one Redis database: their keys never meet.
CACHE_KEY_PREFIX = os.environ.get("RAVABET_CACHE_PREFIX", "").strip() or "ravabet"
if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", CACHE_KEY_PREFIX):
    raise ImproperlyConfigured(
        f"RAVABET_CACHE_PREFIX={CACHE_KEY_PREFIX!r}: use letters, digits, _ . - only."
    )

CACHES: dict[str, dict[str, Any]]
if CACHE_BACKEND == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 24 * 3600,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ravabet_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 24 * 3600,
            # Public pages are cached here (one entry per page and language): room for them.
            "OPTIONS": {"MAX_ENTRIES": env_positive_int("RAVABET_CACHE_MAX_ENTRIES", 5000)},
        }
    }

# Public pages from the cache (core/publiccache.py); 0 draws every page afresh (debugging).
PUBLIC_CACHE = env_bool("RAVABET_PUBLIC_CACHE", default=True)
# The dashboards' cards kept drawn (office/kept.py); 0 draws them on every view.
OFFICE_CACHE = env_bool("RAVABET_OFFICE_CACHE", default=True)

if TASK_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # `manage.py rqworker default` runs the tasks (README); `make run` starts it.
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 15 * 60}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "network.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "office:home"
LOGOUT_REDIRECT_URL = "home"

# Failed logins are kept in the database, never in the cache (which evicts): see
# ravabet/core/login.py. One account from one address is paused after PER_ACCOUNT failures,
# so a stranger elsewhere cannot lock the owner out; one address is paused after PER_IP
# failures across all accounts, set high because a whole office or a mobile operator's NAT
# may share one address. A pause lasts THROTTLE_SECONDS.
LOGIN_FAILURES_PER_ACCOUNT = env_positive_int("RAVABET_LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_IP = env_positive_int("RAVABET_LOGIN_FAILURES_PER_IP", 100)
LOGIN_THROTTLE_SECONDS = env_positive_int("RAVABET_LOGIN_THROTTLE_SECONDS", 15 * 60)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "ravabet.core.login.failure_limit"
AXES_COOLOFF_TIME = "ravabet.core.login.cool_off"
AXES_USERNAME_CALLABLE = "ravabet.core.login.attempted_username"
AXES_CLIENT_IP_CALLABLE = "ravabet.core.addresses.client_ip_or_none"
AXES_LOCKOUT_CALLABLE = "ravabet.core.login.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Django keeps last_login; a row per login with its address would be personal data for ever.
AXES_DISABLE_ACCESS_LOG = True
# Failures and lockouts are still logged as warnings; this only drops the start-up banner.
AXES_VERBOSE = False


# Uploads are judged by what they declare before anything decodes them (ravabet/lib/uploads).
def env_limit(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value} must be a positive whole number.")
    return value


MIB = 1024 * 1024
UPLOAD_MAX_IMAGE_PIXELS = env_limit("RAVABET_UPLOAD_MAX_IMAGE_PIXELS", 25_000_000)
UPLOAD_ZIP_MAX_BYTES = env_limit("RAVABET_UPLOAD_ZIP_MAX_BYTES", 20 * MIB)  # unpacked, in all
UPLOAD_ZIP_MAX_MEMBERS = env_limit("RAVABET_UPLOAD_ZIP_MAX_MEMBERS", 1000)
UPLOAD_ZIP_MAX_RATIO = env_limit("RAVABET_UPLOAD_ZIP_MAX_RATIO", 100)
VOICE_PHOTO_MAX_BYTES = env_limit("RAVABET_VOICE_PHOTO_MAX_BYTES", 5 * MIB)
VOICE_PHOTOS_MAX_BYTES = env_limit("RAVABET_VOICE_PHOTOS_MAX_BYTES", 10 * MIB)  # one message
NEWS_PHOTO_MAX_BYTES = env_limit("RAVABET_NEWS_PHOTO_MAX_BYTES", 15 * MIB)
LOGO_MAX_BYTES = env_limit("RAVABET_LOGO_MAX_BYTES", 2 * MIB)


def env_hosts(name: str, default: list[str]) -> list[str]:
    hosts = [host.lower().rstrip(".") for host in env_list(name, default)]
    for host in hosts:
        if not re.fullmatch(
            r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", host
        ):
            raise ImproperlyConfigured(
                f"{name}: {host!r} is not a host name (give names like api.telegram.org, "
                "comma-separated, without https:// or a path)."
            )
    if not hosts:
        raise ImproperlyConfigured(f"{name} is empty; leave it unset for the official hosts.")
    return hosts


# The bot API hosts a newsroom may post to (https, port 443). Telegram's and Bale's.
MESSENGER_API_HOSTS = env_hosts("RAVABET_MESSENGER_API_HOSTS", ["api.telegram.org", "tapi.bale.ai"])
# Tests only (never from the environment): origins like http://127.0.0.1:8081 of a local
# stand-in for the bot API, exempt from the https and public-address rules.
MESSENGER_API_TEST_ORIGINS: list[str] = []

# Text messages to citizens (their message was answered) go through one SMS gateway:
# "" (none: every SMS fails plainly, with the reason on its row) or "kavenegar"
# (Kavenegar's REST API, https://kavenegar.com/rest.html), with its API key and the
# sender line the account owns.
SMS_GATEWAYS = ("", "kavenegar")
SMS_GATEWAY = os.environ.get("RAVABET_SMS_GATEWAY", "").strip().lower()
if SMS_GATEWAY not in SMS_GATEWAYS:
    raise ImproperlyConfigured(
        f"RAVABET_SMS_GATEWAY={SMS_GATEWAY!r} is not a gateway Ravabet knows; give kavenegar, "
        "or leave it unset for no text messages."
    )
SMS_API_KEY = os.environ.get("RAVABET_SMS_API_KEY", "").strip()
SMS_SENDER = os.environ.get("RAVABET_SMS_SENDER", "").strip()
if SMS_GATEWAY:
    if not re.fullmatch(r"[A-Za-z0-9=+_-]{8,200}", SMS_API_KEY):
        raise ImproperlyConfigured(
            "RAVABET_SMS_API_KEY is not set or is not an API key (letters, digits, - and "
            "= only): copy it from the gateway's account page."
        )
    if SMS_SENDER and not re.fullmatch(r"[0-9]{4,20}", SMS_SENDER):
        raise ImproperlyConfigured(
            f"RAVABET_SMS_SENDER={SMS_SENDER!r} is not a sender line (digits only, e.g. "
            "10004346); leave it unset for the account's default line."
        )
# Seconds; a hung gateway must not hold a row in "sending" until it is taken for a dead worker.
SMS_TIMEOUT = env_positive_int("RAVABET_SMS_TIMEOUT", 20)
# Kavenegar's API; tests only point it at a local stand-in (never from the environment).
KAVENEGAR_API_BASE = "https://api.kavenegar.com/v1"

# The map on the citizens' form and the office's message page (Leaflet): a tile server's
# URL template ({z}/{x}/{y}, optionally {s} and {r}) and the attribution its licence asks
# for. Only this server's origin is added to the Content-Security-Policy's img-src.
MAP_TILES = os.environ.get(
    "RAVABET_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
).strip()
MAP_ATTRIBUTION = os.environ.get("RAVABET_MAP_ATTRIBUTION", "© OpenStreetMap contributors").strip()
_tiles = re.fullmatch(r"(https?)://([a-z0-9.{}-]+(?::[0-9]{1,5})?)(/[^\s\"'<>]*)", MAP_TILES)
if not _tiles or not all(part in _tiles.group(3) for part in ("{z}", "{x}", "{y}")):
    raise ImproperlyConfigured(
        f"RAVABET_MAP_TILES={MAP_TILES!r} is not a tile URL template; give one like "
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png (http or https, with {z}, {x}, {y})."
    )
if "{" in _tiles.group(2).replace("{s}", ""):
    raise ImproperlyConfigured(
        f"RAVABET_MAP_TILES={MAP_TILES!r}: only {{s}} may stand in the host name."
    )
if not MAP_ATTRIBUTION:
    raise ImproperlyConfigured(
        "RAVABET_MAP_ATTRIBUTION is empty; tile servers' licences ask for their credit line."
    )
# {s} (a, b, c...) becomes a wildcard: the policy allows that server's hosts only.
MAP_TILE_ORIGIN = f"{_tiles.group(1)}://{_tiles.group(2).replace('{s}', '*')}"
# Where the map opens before a point is chosen: latitude, longitude, zoom (Gilan by default).
_center = os.environ.get("RAVABET_MAP_CENTER", "37.20,50.00,9").split(",")
try:
    MAP_CENTER = (float(_center[0]), float(_center[1]), int(_center[2]))
except (IndexError, ValueError):
    raise ImproperlyConfigured(
        "RAVABET_MAP_CENTER is not latitude,longitude,zoom (e.g. 37.20,50.00,9)."
    ) from None
if len(_center) != 3 or not (24 <= MAP_CENTER[0] <= 40 and 44 <= MAP_CENTER[1] <= 64):
    raise ImproperlyConfigured(
        "RAVABET_MAP_CENTER must be latitude,longitude,zoom of a place in Iran."
    )

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tehran"
USE_TZ = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "ravabet" / "static",
    # Fetched from the npm registry by `make`; never committed.
    ("vendor/vazirmatn", BASE_DIR / "node_modules" / "vazirmatn" / "fonts" / "webfonts"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    (
        "vendor/jalalidatepicker",
        BASE_DIR / "node_modules" / "@majidh1" / "jalalidatepicker" / "dist",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("RAVABET_MEDIA_ROOT") or BASE_DIR / "media")
# Each municipality's crisis page, written as a plain file on every publication
# (<root>/<slug>/index.html): the web server serves it when the application or its
# database is down (README, "The crisis page that stays up"). Public, unlike MEDIA_ROOT.
CRISIS_STATIC_ROOT = Path(
    os.environ.get("RAVABET_CRISIS_STATIC_ROOT") or BASE_DIR / "crisis-static"
)

# Uploaded files are never a public folder: a view checks who asks (ravabet/core/files.py),
# then the web server sends the bytes from SENDFILE_URL, an internal location aliased to
# MEDIA_ROOT (README, "Files"). "simple" has Django send them: `make run` and the tests.
SENDFILE_BACKENDS = {
    "simple": "django_sendfile.backends.simple",
    "nginx": "django_sendfile.backends.nginx",  # X-Accel-Redirect
    "xsendfile": "django_sendfile.backends.xsendfile",  # Apache mod_xsendfile, lighttpd
}
_sendfile = os.environ.get("RAVABET_SENDFILE_BACKEND", "").strip()
if _sendfile and _sendfile not in SENDFILE_BACKENDS:
    raise ImproperlyConfigured(
        f"RAVABET_SENDFILE_BACKEND={_sendfile!r} is not one of {', '.join(SENDFILE_BACKENDS)}."
    )
SENDFILE_BACKEND = SENDFILE_BACKENDS[_sendfile or ("simple" if DEBUG else "nginx")]
SENDFILE_ROOT = str(MEDIA_ROOT)
SENDFILE_URL = os.environ.get("RAVABET_SENDFILE_URL", "").strip() or "/protected-media"
if not SENDFILE_URL.startswith("/") or "//" in SENDFILE_URL or "?" in SENDFILE_URL:
    raise ImproperlyConfigured(
        f"RAVABET_SENDFILE_URL={SENDFILE_URL!r} is not a path on this site; give the internal "
        "location the web server maps to RAVABET_MEDIA_ROOT, e.g. /protected-media."
    )

EMAIL_HOST = os.environ.get("RAVABET_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("RAVABET_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("RAVABET_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("RAVABET_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("RAVABET_EMAIL_TLS", default=False)
# Seconds; without one a hung mail server would hold a delivery in "sending" for ever.
EMAIL_TIMEOUT = env_int("RAVABET_EMAIL_TIMEOUT", 60)
DEFAULT_FROM_EMAIL = os.environ.get("RAVABET_FROM_EMAIL", "ravabet@localhost")
# The outbox (ravabet/outbox): a send still "sending" after this many minutes lost its
# worker and is marked interrupted (far beyond the SMTP and bot API timeouts); one still
# "queued" after this many seconds is sent by the periodic sweep.
OUTBOX_INTERRUPTED_AFTER_MINUTES = env_int("RAVABET_OUTBOX_INTERRUPTED_MINUTES", 15)
OUTBOX_RESUME_AFTER_SECONDS = env_int("RAVABET_OUTBOX_RESUME_SECONDS", 60)
if OUTBOX_INTERRUPTED_AFTER_MINUTES * 60 <= EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        "RAVABET_OUTBOX_INTERRUPTED_MINUTES must be longer than RAVABET_EMAIL_TIMEOUT, "
        "or a slow send would be taken for a dead worker."
    )
if DEBUG and "RAVABET_EMAIL_HOST" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("RAVABET_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("RAVABET_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only a connection from one of these may tell us the client's address in X-Forwarded-For
# (ravabet/core/addresses.py); anyone else's header is ignored. Behind a proxy on this host
# (the README's set-up) that is the loopback; a proxy elsewhere must be listed.
TRUSTED_PROXIES = env_networks(
    "RAVABET_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if BEHIND_PROXY else []
)
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    f"img-src 'self' data: {MAP_TILE_ORIGIN}; style-src 'self'; script-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ravabet.lib.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RAVABET_LOG_LEVEL", "INFO")},
    "loggers": {
        # One JSON line per event: Django's own console handler would print it twice.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
