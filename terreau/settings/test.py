"""The test suite: same services as configured (DATABASE_URL, REDIS_URL), fast hashing."""

from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OUTBOX_DIR = env.path("OUTBOX_DIR", default=str(VAR_DIR / "test-outbox"))
OUTBOX_PAGE_ENABLED = True
# Tests run eagerly unless a test starts real workers itself.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
