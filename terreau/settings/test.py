"""The test suite: same services as configured (DATABASE_URL, REDIS_URL), fast hashing."""

from .base import *  # noqa: F401,F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# After a test that commits, the database is emptied by DELETE rather than one
# TRUNCATE of every table: 0.4 s instead of 2–5 s a test (tests/postgresql).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
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

# One cache namespace per test run: a run never reads what an earlier run left
# in a shared Redis. Server processes started by the tests inherit the prefix
# through the environment, so they share the run's namespace.
import os as _os  # noqa: E402
import uuid as _uuid  # noqa: E402

# With pytest-xdist, each worker has a namespace of its own too (cache keys and
# channel groups: two workers' databases hand out the same ids).
_prefix = _os.environ.setdefault("TERREAU_TEST_CACHE_PREFIX", _uuid.uuid4().hex[:12])
_prefix = f"test-{_prefix}{_os.environ.get('PYTEST_XDIST_WORKER', '')}"
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = _prefix
CHANNEL_LAYER_PREFIX = f"asgi-{_prefix}"  # what servers started by a test use too
if "CONFIG" in CHANNEL_LAYERS["default"]:  # noqa: F405  (Redis)
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = CHANNEL_LAYER_PREFIX  # noqa: F405

# Tests never fetch map tiles from the Internet: the map draws markers only.
MAP_TILES_URL = ""
