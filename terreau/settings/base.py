"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment, with embedded defaults that run the whole platform on one
machine with nothing else installed: SQLite, an in-memory channel layer,
Celery tasks executed in-process and mail written to a local outbox.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-terreau-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's own page, in the person's language, with the request (terreau/views.py).
CSRF_FAILURE_VIEW = "terreau.views.csrf_failure"

INSTALLED_APPS = [
    # daphne first: `runserver` then serves HTTP and WebSockets (ASGI).
    "daphne",
    "django.contrib.admin",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # Django's form templates, for FORM_RENDERER below
    "channels",
    "rules.apps.AutodiscoverRulesConfig",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # two-factor authentication (accounts/second_factor.py)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    # The public read-only API (docs/api.md): Django REST framework, its
    # filters, and the OpenAPI schema with its docs served from our static files.
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Terreau
    "accounts",
    "audit",  # the audit log, just above accounts: every app records into it (docs/audit.md)
    "roles",  # ground floor: the gardener pair, every role predicate (docs/permissions.md)
    "communities",
    "discussions",
    "gardeners",
    "events",
    "newsletters",
    "cms",
    "notifications",
    "needs",
    "workgroups",
    "directory",
    "moderation",  # the reports queue of every community (docs/moderation.md)
    "topics",  # members propose discussion channels; the pair opens them (docs/discussions-topics.md)
    "elsewhere",  # the institution's external participation tools per community (docs/elsewhere.md)
    "organisations",  # associations and other carriers of projects (docs/calls.md)
    "calls",  # calls for projects: applications, joint review, decisions (docs/calls.md)
    "councils",  # citizen councils and their draws by lot (docs/councils.md)
    "barometers",  # barometer surveys: waves, anonymous answers, results (docs/barometers.md)
    "processes",  # citizen dialogue processes: mandate, phases, proposals, answers (docs/processes.md)
    "api",  # top floor: the public read-only API and open data (docs/api.md)
    "insights",  # top floor: the dashboards, reading the other apps through their selectors
    "privacy",  # top floor: personal-data rights over every app (docs/privacy.md)
    "design",  # the design system: components, style guide, admin branding (docs/design.md)
    "demo",  # above everything: `manage.py seed_demo` and the shared factories (docs/demo.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "terreau.middleware.SecurityHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Where the request comes from (address, user agent), for audit.record().
    "audit.context.AuditOriginMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    # After the person is known: its 400 page shows their menu, in their language.
    "terreau.middleware.RejectNullCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sessions without the second factor: set-up required, or log in again.
    "accounts.second_factor.SecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "terreau.urls"
# Every form through the site's templates: an error summary, hints and errors
# with the ids aria-describedby names (design/forms.py, docs/design.md).
FORM_RENDERER = "design.forms.TerreauFormRenderer"
WSGI_APPLICATION = "terreau.wsgi.application"
ASGI_APPLICATION = "terreau.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "terreau.context_processors.site",
                "notifications.context_processors.notifications",
            ],
            # {% load terreau %}: the `de` filter (French elision), `absolute` links.
            "libraries": {"terreau": "terreau.template_filters"},
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A bounded connection pool per process (Django's psycopg pool). Under ASGI
# each request runs in a thread of its own: persistent connections
# (CONN_MAX_AGE) then pile up, one per thread, until PostgreSQL refuses new
# ones. With the pool, a request borrows a connection and gives it back when
# it ends (request_finished closes it), and a process never holds more than
# DB_POOL_MAX_SIZE. Off (0) by default here; production turns it on with 10
# (docs/deployment.md for the sizing; tests/test_connection_pool.py).


def database_pool(max_size: int) -> dict:
    """Options of Django's psycopg pool of `max_size` connections per process."""
    return {
        "min_size": min(env.int("DB_POOL_MIN_SIZE", default=2), max_size),
        "max_size": max_size,
        # A request waits this long for a free connection, then fails alone.
        # Under a burst the wait for a connection is the server's queue: it
        # stays under the reverse proxy's read timeout (60 s by default).
        "timeout": env.float("DB_POOL_TIMEOUT", default=30.0),
    }


DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0)
if DB_POOL_MAX_SIZE and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = database_pool(DB_POOL_MAX_SIZE)
# PostgreSQL's JIT compiles a statement whose estimated cost passes
# jit_above_cost: worth it for reports of minutes, not for a page. The
# cultivator overview at 100 communities spent 88 of its statement's 146 ms
# compiling (docs/performance.md, "JIT"). Off for the site's connections;
# DB_JIT=true gives PostgreSQL's default back.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not env.bool("DB_JIT", default=False):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, Celery broker, cache ---------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    # Pub/sub: a group message crosses Redis once per server process, which
    # then hands it to its own sockets (docs/realtime.md, bench/chat.py). At
    # most once, like every push here: clients resync from their last id.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {
            # Django's, with one connection pool per process (terreau/cache.py).
            "BACKEND": "terreau.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real broker when Redis is configured, otherwise tasks run
# in-process at the moment they are enqueued (after the transaction commits).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task killed mid-way is redelivered, never lost
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Paris"

# --- Auth: accounts, log-in, the second factor (terreau/settings/auth.py) -------
from .auth import *  # noqa: E402,F401,F403

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Mail ---------------------------------------------------------------------
# Default: every message is written to var/outbox/ as an .eml file, listed at
# /dev/outbox/. Set EMAIL_URL (smtp://user:pass@host:port) to send for real.
OUTBOX_DIR = env.path("OUTBOX_DIR", default=str(VAR_DIR / "outbox"))
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "terreau.outbox.OutboxEmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Terreau <noreply@terreau.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OUTBOX_PAGE_ENABLED = env.bool("OUTBOX_PAGE_ENABLED", default=False)

# --- Wagtail ------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Terreau"
# No Gravatar: editors' address hashes are not sent to a third party, and the
# admin loads no image from outside (docs/security.md).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# A damaged image upload is a form error, not a server error (cms/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.ImageForm"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
TAGGIT_CASE_INSENSITIVE = True

SITE_URL = WAGTAILADMIN_BASE_URL

# --- Logging ------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Celery beat: periodic tasks (run `celery -A terreau beat`) ----------------
# Merged rather than assigned, so each app adds its own entries.
CELERY_BEAT_SCHEDULE = {
    **globals().get("CELERY_BEAT_SCHEDULE", {}),
    # Day-before and hour-before reminders, thanks after the event; idempotent.
    "events-send-reminders": {"task": "events.tasks.send_reminders", "schedule": 5 * 60.0},
    "calls-send-reminders": {"task": "calls.tasks.send_reminders", "schedule": 3600.0},  # 7 d, 1 d
    # The watch's announcements whose own task was lost (a broker down at the post).
    "calls-announce-outside-calls": {"task": "calls.tasks.announce_outside_calls",
                                     "schedule": 15 * 60.0},
    # Before a funded project's final report is due: 14 d, 1 d.
    "calls-send-report-reminders": {"task": "calls.tasks.send_report_reminders",
                                    "schedule": 3600.0},
    # Contributors told when a process's phase changes (docs/processes.md); idempotent.
    "processes-announce-phase-changes": {
        "task": "processes.tasks.announce_phase_changes", "schedule": 15 * 60.0,
    },
    # The people a barometer's wave asks are told when it opens (docs/barometers.md).
    "barometers-announce-opened-waves": {
        "task": "barometers.tasks.announce_opened_waves", "schedule": 15 * 60.0,
    },
}

# --- Newsletters (see docs/newsletters.md) --------------------------------------
# Copies claimed per task, and how long a claim holds before another worker
# may take the copies over (a worker killed mid-batch).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=500)
NEWSLETTER_LEASE_SECONDS = env.int("NEWSLETTER_LEASE_SECONDS", default=300)
NEWSLETTER_MESSAGE_ID_DOMAIN = env("NEWSLETTER_MESSAGE_ID_DOMAIN", default="terreau.localhost")
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    # Starts scheduled letters, resumes sending after a lost task or a dead worker.
    "newsletters-sweep": {
        "task": "newsletters.tasks.sweep",
        "schedule": env.float("NEWSLETTER_SWEEP_SECONDS", default=60.0),
    },
}

# --- Notifications (see docs/notifications.md) -----------------------------------
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    # Assembles each person's daily digest once their digest hour has passed; idempotent.
    "notifications-send-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": env.float("NOTIFICATION_DIGEST_SWEEP_SECONDS", default=15 * 60.0),
    },
    # The elected officials' monthly digest (insights/elected_digest.py): each
    # official gets each month's once, whatever the number of runs.
    # The cultivator overview's figures, read once for every cultivator (insights/snapshots.py).
    "insights-refresh-overview": {"task": "insights.tasks.refresh_overview", "schedule": 5 * 60.0},
    "insights-send-elected-digests": {
        "task": "insights.tasks.send_elected_digests", "schedule": 6 * 3600.0,
    },
}

# --- Personal data (see docs/privacy.md) -----------------------------------------
CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    # Erases the accounts whose 30-day grace period is over; idempotent.
    "privacy-erase-due-accounts": {"task": "privacy.tasks.erase_due_accounts", "schedule": 3600.0},
    # Retention: unconfirmed registrations and sign-ups, unused accounts, delivery logs.
    "privacy-purge-expired": {"task": "privacy.tasks.purge_expired", "schedule": 3600.0},
}

# --- Actor directory map (see docs/directory.md) -------------------------------
# Leaflet's own files are served from our static files (static/vendor/); only
# the background tiles come from a tile server, which is configurable. With an
# empty MAP_TILES_URL the map shows the markers without a background, and the
# list view never depends on the map.
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_DEFAULT_CENTER = (46.6, 2.4)  # France, when no member shares a location
MAP_DEFAULT_ZOOM = 6

# --- Content-Security-Policy (django-csp) and Permissions-Policy ---------------
# docs/security.md. The site: scripts, styles, fonts and frames from itself
# only, no inline script; images from itself, data: URIs (Leaflet's icons)
# and the map tiles' host (added per response from MAP_TILES_URL by
# terreau.middleware.SecurityHeadersMiddleware); WebSockets to itself.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # NONCE: 'nonce-…' is added only to responses that used one.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
# Third-party admin screens that still need inline styles (see docs/security.md);
# Wagtail's inline scripts get the nonce (cms/admin_scripts.py).
CSP_RELAXATIONS = {
    "/cms/": {
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
    },
    "/django-admin/": {"style-src": [SELF, "'unsafe-inline'"]},
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

# --- The public API (terreau/settings/api.py, docs/api.md) ----------------------
from .api import *  # noqa: E402,F401,F403
