"""The Celery app. Without REDIS_URL, tasks run in-process (always eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings.local")

app = Celery("terreau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks of the config package itself (the e-mail sender).
app.conf.imports = ("terreau.tasks",)
