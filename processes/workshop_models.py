"""In-person workshops of a process (issue #17, item 3): events of the events
app linked to the process, and the facilitators who enter their
contributions. events sits below processes in the layers: processes points
at its events, events knows nothing of processes (the event page shows the
link back through events/related.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Workshop(models.Model):
    """An event of the events app held as one of the process's workshops."""

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="workshops")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE,
                              related_name="process_workshops", verbose_name=_("event"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["process", "event"], name="workshop_once"),
        ]

    def __str__(self):
        return f"{self.process} — {self.event}"


class Facilitator(models.Model):
    """A person the process's lead asked to facilitate its workshops: after
    one, they enter its contributions and publish its minutes.

    Asked through roles.predicates.is_facilitator_of, which reads these rows
    by their reverse name (`process_facilitator_roles`), as process leads are.
    """

    process = models.ForeignKey("processes.Process", on_delete=models.CASCADE,
                                related_name="facilitators")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="process_facilitator_roles",
                               verbose_name=_("person"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        constraints = [  # noqa: RUF012
            models.UniqueConstraint(fields=["process", "person"], name="facilitator_once"),
        ]

    def __str__(self):
        return str(self.person)
