"""A developer's machine: debug on, the mail outbox page on."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
OUTBOX_PAGE_ENABLED = env.bool("OUTBOX_PAGE_ENABLED", default=True)

# Serve static files straight from the apps while developing (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
