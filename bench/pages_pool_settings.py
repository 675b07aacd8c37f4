"""Settings of the uvicorn servers that bench/pages_pool.py starts.

The production settings, as deployed (docs/deployment.md), with two changes
that only the benchmark needs: plain HTTP (no redirect to HTTPS, the clients
talk to uvicorn directly) and static files found by the finders (no
`collectstatic` manifest to build first).

BENCH_POOL=0 runs the baseline instead: no pool, persistent per-thread
connections with CONN_MAX_AGE=60, as docs/deployment.md recommended before
the pool.
"""

import os

from terreau.settings.production import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Server errors and failed health checks, one line each (the run's log file).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"short": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "short"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
    "loggers": {"terreau.health": {"level": "WARNING"}},
}

if os.environ.get("BENCH_POOL", "1") == "0":
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
