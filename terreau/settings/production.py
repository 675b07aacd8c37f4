"""Production: HTTPS everywhere, secrets from the environment only.

`manage.py check --deploy` passes with no warning under these settings
(tests/test_settings.py runs it).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import database_pool, env

DEVELOPMENT_SECRET_KEY = "dev-insecure-terreau-key-change-me"


def _refuse(message: str):
    raise ImproperlyConfigured(f"Production settings: {message}")


# Nothing falls back silently in production: each of these starts the site
# in a state a security review would refuse (docs/security.md).
if env.bool("DEBUG", default=False):
    _refuse("DEBUG must be off (unset it or set DEBUG=false).")
DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("django-insecure", DEVELOPMENT_SECRET_KEY))
):
    _refuse(
        "SECRET_KEY must be at least 50 random characters with at least 5 distinct ones, "
        "and not the development key (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or any("*" in host for host in ALLOWED_HOSTS):
    _refuse("ALLOWED_HOSTS must name the site's host names, without '*'.")

# No SQLite, no in-process tasks, no in-memory channel layer in production.
for _variable, _what in (
    ("DATABASE_URL", "the PostgreSQL database"),
    ("REDIS_URL", "the Redis that carries the channel layer, the cache and Celery's queue"),
):
    if not os.environ.get(_variable):
        _refuse(f"{_variable} must name {_what}.")
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    _refuse("DATABASE_URL must name a PostgreSQL database.")
if not DATABASES["default"].get("OPTIONS", {}).get("pool"):  # noqa: F405
    # A pool of 10 per process unless DB_POOL_MAX_SIZE says otherwise
    # (DB_POOL_MIN_SIZE and DB_POOL_TIMEOUT still apply): see
    # docs/deployment.md for the sizing against max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = database_pool(10)  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False

# Links in e-mails and calendar files must point at the public site, and mail
# must really leave: neither may silently fall back to a developer default.
SITE_URL = env("SITE_URL")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the public https:// address of the site.")
WAGTAILADMIN_BASE_URL = SITE_URL
if not env("EMAIL_URL", default=""):
    raise ImproperlyConfigured("EMAIL_URL must name the SMTP server in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
