"""Needs and proposals in the moderation queue (moderation/registry.py)."""

from django.utils.translation import gettext_lazy as _

from moderation import registry

from . import services
from .models import Need


def _lookup(community, pk):
    return Need.objects.select_related("community").filter(community=community, pk=pk).first()


def register() -> None:
    registry.register(registry.Reportable(
        kind="need",
        label=_("a need or proposal"),
        model=Need,
        permission="needs.report_need",
        lookup=_lookup,
        community_of=lambda need: need.community,
        author_id_of=lambda need: need.author_id,
        excerpt=lambda need: f"{need.title}\n\n{need.description}",
        url=lambda need: need.get_absolute_url(),
        is_hidden=lambda need: need.hidden_at is not None,
        hide=lambda need, *, actor, reason: services.need_hide(
            need=need, actor=actor, reason=reason
        ),
    ))
