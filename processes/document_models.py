"""Documents the leads publish on a process (issue #17): its brief, its
mandate, workshop minutes, reports. Each is dated and takes its place on the
public timeline; its file is served by a view that asks the process's rule."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .storage import private_storage


def _document_path(document, filename):
    return f"{document.process_id}/{uuid.uuid4().hex}"


class ProcessDocument(models.Model):
    class Kind(models.TextChoices):
        BRIEF = "brief", _("Brief")
        MANDATE = "mandate", _("Mandate")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", pgettext_lazy("process document", "Report")

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    dated_on = models.DateField(_("date"))
    file = models.FileField(upload_to=_document_path, storage=private_storage, max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("process document")
        verbose_name_plural = _("process documents")
        ordering = ("dated_on", "pk")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("processes:document", args=[self.process.slug, self.pk])
