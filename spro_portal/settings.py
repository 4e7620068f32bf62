"""Settings of the SPRO portal, read from the environment (see the README's configuration table).

Production-safe by default: DEBUG is off and a secret key is required unless DJANGO_DEBUG=1.
"""

import os
from datetime import timedelta
from pathlib import Path

import xstatic.pkg.leaflet
from django.utils.translation import gettext_lazy as _

from . import embedded_db
from .env import (
    ConfigError,
    read_admin_path,
    read_bool,
    read_choice,
    read_color,
    read_database,
    read_department_codes,
    read_email,
    read_int,
    read_list,
    read_region_code,
    read_required,
    read_str,
    read_url,
    tile_sources,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ

# --- Core -------------------------------------------------------------------------------------
DEBUG = read_bool(ENV, "DJANGO_DEBUG", default=False)
if DEBUG:
    SECRET_KEY = read_str(ENV, "DJANGO_SECRET_KEY", "insecure-development-key-do-not-use-in-production")
else:
    SECRET_KEY = read_required(
        ENV, "DJANGO_SECRET_KEY", "obligatoire hors développement ; ou DJANGO_DEBUG=1 en local"
    )
    if len(SECRET_KEY) < 32:
        raise ConfigError("DJANGO_SECRET_KEY", "trop courte ; au moins 32 caractères aléatoires.")

ALLOWED_HOSTS = read_list(ENV, "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = read_list(ENV, "DJANGO_CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ConfigError(
            "DJANGO_CSRF_TRUSTED_ORIGINS", f"origine « {_origin} » invalide ; attendu https://hôte."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "axes",
    "structures",
    "events",
    "labelling",
    "governance",
    "trainings",
    "spro_portal",  # project-wide commands (load_demo)
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "spro_portal.middleware.PermissionsPolicyMiddleware",
    "spro_portal.middleware.PortalCSPMiddleware",  # django-csp, with the admin's exception
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "spro_portal.urls"
WSGI_APPLICATION = "spro_portal.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "spro_portal.context_processors.portal",
]
TEMPLATES = [
    # The portal's pages: Jinja2 (spro_portal/jinja2.py), several times faster on list pages.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "spro_portal.jinja2.environment",
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
    # The admin and the libraries' own templates.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]

# --- Database: DATABASE_URL, else the embedded PostgreSQL in var/pgdata -------------------------
_database = read_database(ENV, "DATABASE_URL")
if _database is None:
    _database = embedded_db.django_database(BASE_DIR / "var" / "pgdata")
_database.setdefault("CONN_MAX_AGE", 60)
_database.setdefault("CONN_HEALTH_CHECKS", True)
# Prepared statements only where asked for (structures.compiled: fixed queries of the hot pages);
# Django's own cursors bind on the client and never prepare. Behind PgBouncer in transaction mode,
# use PgBouncer ≥ 1.21 with max_prepared_statements, or set DATABASE_PREPARED_STATEMENTS=0.
_database.setdefault("OPTIONS", {})
_database["OPTIONS"].setdefault(
    "prepare_threshold", 2**31 - 1 if read_bool(ENV, "DATABASE_PREPARED_STATEMENTS", default=True) else None
)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, local memory otherwise ---------------------------------
REDIS_URL = read_url(ENV, "REDIS_URL", {"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # (The calendar feeds keep their VEVENTs in the database, shared by all processes: events.ics.)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Email --------------------------------------------------------------------------------------
_email = read_email(ENV, "EMAIL_URL", debug=DEBUG)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
globals().update(_email)
DEFAULT_FROM_EMAIL = read_str(ENV, "DEFAULT_FROM_EMAIL", "SPRO <ne-pas-repondre@spro.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth ---------------------------------------------------------------------------------------
# Professionals log in with their e-mail address (structures.auth); the admin also accepts user names.
# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "structures.auth.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "pro:login"
LOGIN_REDIRECT_URL = "pro:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 24 * 3600  # a reset link works for a day
# Brute force (the pro login and the admin's): after 5 failures for one address from one IP address,
# that pair is locked out for 15 minutes (a page says so, with status 429); a success clears the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "pro/lockout.html"
AXES_VERBOSE = False
# Logs name the login page only, never the address typed nor the IP address (no personal data in logs).
AXES_CLIENT_STR_CALLABLE = "structures.auth.axes_client_str"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files (WhiteNoise) ------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
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
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Shared documents: outside any public path, served by permission-checked views only.
PRIVATE_FILES_ROOT = Path(read_str(ENV, "PRIVATE_FILES_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_URL = "media/"

# --- Security (README, "Deployment"): HTTPS behind a reverse proxy in production --------------
# The reverse proxy terminates TLS and sets X-Forwarded-Proto; trust that header only when it does.
if read_bool(ENV, "DJANGO_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = read_bool(ENV, "DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = read_int(ENV, "DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = read_bool(ENV, "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading commits the domain in browsers' lists for months: the domain's owner decides (1 to opt in).
SECURE_HSTS_PRELOAD = read_bool(ENV, "DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = read_bool(ENV, "DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Geolocation for "Me localiser" on the portal's own pages; every other powerful feature off.
PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)
# The admin's URL prefix (e.g. DJANGO_ADMIN_PATH=gestion-spro): links reverse "admin:…" by name.
ADMIN_PATH = read_admin_path(ENV, "DJANGO_ADMIN_PATH", "admin/")

# --- The served territory and the Region's identity ---------------------------------------------
PORTAL_REGION = read_region_code(ENV, "PORTAL_REGION", "76")
PORTAL_DEPARTMENTS = read_department_codes(
    ENV, "PORTAL_DEPARTMENTS", ["09", "12", "31", "32", "46", "65", "81", "82"]
)
PORTAL_REGION_NAME = read_str(ENV, "PORTAL_REGION_NAME", "Région Occitanie")
PORTAL_NAME = read_str(ENV, "PORTAL_NAME", "Orientation pour tous")
PORTAL_LOGO = read_str(ENV, "PORTAL_LOGO", "img/logo.svg")
PORTAL_COLOR_PRIMARY = read_color(ENV, "PORTAL_COLOR_PRIMARY", "#a3123a")
PORTAL_COLOR_SECONDARY = read_color(ENV, "PORTAL_COLOR_SECONDARY", "#1f4e79")
PORTAL_CONTACT_EMAIL = read_str(ENV, "PORTAL_CONTACT_EMAIL", "orientation@region.invalid")
# The portal's public address, for links in e-mails sent outside a request (labelling reminders).
PORTAL_URL = read_str(ENV, "PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
PORTAL_PUBLISHER = read_str(
    ENV,
    "PORTAL_PUBLISHER",
    "Région Occitanie / Pyrénées-Méditerranée, Hôtel de Région, 22 boulevard du Maréchal Juin, "
    "31406 Toulouse Cedex 9",
)
PORTAL_PUBLICATION_DIRECTOR = read_str(
    ENV, "PORTAL_PUBLICATION_DIRECTOR", "la présidente ou le président du Conseil régional"
)
PORTAL_HOSTING = read_str(
    ENV,
    "PORTAL_HOSTING",
    "les serveurs de la Région, Hôtel de Région, 22 boulevard du Maréchal Juin, Toulouse",
)

# Map tiles, loaded only when a visitor asks to see a map (no third-party request before that).
PORTAL_MAP_TILES_URL = read_str(ENV, "PORTAL_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PORTAL_MAP_TILE_SOURCES = tile_sources("PORTAL_MAP_TILES_URL", PORTAL_MAP_TILES_URL)
PORTAL_MAP_ATTRIBUTION = read_str(ENV, "PORTAL_MAP_ATTRIBUTION", "© les contributeurs d'OpenStreetMap (ODbL)")
# The partners' job sheets that /metiers/<code ROME>/ links to: (partner, URL template with {code} and
# {label}, the ROME code and title, URL-encoded by the page).
PORTAL_JOB_SHEETS = [
    ("France Travail", "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"),
    ("ONISEP", "https://www.onisep.fr/recherche?context=metier&text={label}"),
]
# Geocoding of imported addresses with the Base Adresse Nationale (network); off: commune centre.
PORTAL_GEOCODING = read_bool(ENV, "PORTAL_GEOCODING", default=False)
# Questions asked online on a place's page: the person's data is erased this many days after the
# question is closed (or answered without further activity), by `manage.py purge_personal_data`.
PORTAL_QUESTION_RETENTION_DAYS = read_int(ENV, "PORTAL_QUESTION_RETENTION_DAYS", 180, minimum=1)
# At most this many questions an hour from one client address and from one e-mail address.
PORTAL_QUESTIONS_PER_HOUR = read_int(ENV, "PORTAL_QUESTIONS_PER_HOUR", 5, minimum=1)

# Content-Security-Policy (django-csp): no inline script or style anywhere (JSON data blocks are not
# executed); images also from the map tile host. The header is sent in development and tests too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *PORTAL_MAP_TILE_SOURCES],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The one exception, on the admin's pages only: django-import-export's export form (4.4) carries two
# style attributes and an onchange handler; they are allowed by their hashes ('unsafe-hashes'), nothing
# else inline. tests/e2e/test_csp.py fails if an upgrade changes them.
ADMIN_CSP_UPDATE = {
    "script-src": [
        "'unsafe-hashes'",
        "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",  # onSelectToggleChange(event)
    ],
    "style-src": [
        "'unsafe-hashes'",
        "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",  # padding: 0;
        "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",  # font-weight: bold;
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": read_choice(ENV, "DJANGO_LOG_LEVEL", "WARNING", ["DEBUG", "INFO", "WARNING", "ERROR"]),
    },
}
