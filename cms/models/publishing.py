from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectionPublishing(models.Model):
    """Who writes and who publishes a direction's news, kept by cms.publishing.

    Remembering the groups and the workflow here, rather than finding them
    by name, lets a direction be renamed: the next sync renames them.
    """

    direction = models.OneToOneField(
        "communities.Direction",
        verbose_name=_("direction"),
        on_delete=models.CASCADE,
        related_name="publishing",
    )
    section = models.ForeignKey(
        "cms.NewsIndexPage",
        verbose_name=_("news section"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editors = models.ForeignKey(
        Group, verbose_name=_("editors"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approvers = models.ForeignKey(
        Group, verbose_name=_("approvers"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow",
        verbose_name=_("workflow"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("direction's publishing")
        verbose_name_plural = _("directions' publishing")

    def __str__(self):
        return str(self.direction)
