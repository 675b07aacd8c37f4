"""A developer's machine: debug on, the mail outbox page on."""

from .base import *  # noqa: F401,F403
from .base import CELERY_TASK_ALWAYS_EAGER, MIDDLEWARE, env

DEBUG = env.bool("DEBUG", default=True)
OUTBOX_PAGE_ENABLED = env.bool("OUTBOX_PAGE_ENABLED", default=True)

# Links in e-mails and feeds point at the address the site is actually
# served at (another port, a forwarded address), not only at SITE_URL
# (terreau/links.py, docs/email.md). Never in production.
SITE_URL_FROM_REQUEST = env.bool("SITE_URL_FROM_REQUEST", default=True)
MIDDLEWARE = [MIDDLEWARE[0], "terreau.links.ServedAtMiddleware", *MIDDLEWARE[1:]]

# The console of `make run`: the server prints one line per request itself
# (demo/management/commands/demo_runserver.py). Django's loggers print once,
# through the root's handler (not also through Django's own console handler),
# and say nothing a request's line already says (a 404, the reloader watching);
# the in-process tasks and Wagtail's page log stay quiet unless something fails.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"level": "ERROR"},
        "django.utils.autoreload": {"level": "WARNING"},
        "django.channels.server": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},  # "No hostname was supplied": the in-memory broker
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in-process: no "Task … succeeded" line per e-mail. A real
    # worker (REDIS_URL) keeps its log, and its " ready." line.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# Serve static files straight from the apps while developing (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
