"""Channels: the general channel, creating, renaming, archiving.

A name is free when no other channel of the community has it, whatever its
case: the unique index on (lower(name), community) decides, so two requests
at once cannot both take it, and the write that loses is refused in words.
"""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from communities.models import Circle, Community

from .. import broadcast
from ..models import Channel
from ._common import _clean_name, _valid_circle, name_taken

# `actor` is taken by every write for the callers' symmetry (views and
# consumers pass who asks); who may is the rules', and no write records it
# but the new channel's author.


def general_channel_ensure(*, community: Community) -> Channel:
    """The community's general channel, created the first time it is needed.

    Once it exists (every page of a community asks), one query."""
    channel = Channel.objects.filter(community=community, is_general=True).first()
    if channel is not None:
        return channel
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            base = _("General")
        name, n = base, 2
        while Channel.objects.filter(community=community, name__iexact=name).exists():
            name, n = f"{base} {n}", n + 1
        try:
            with transaction.atomic():
                return Channel.objects.create(
                    community=community, name=name, is_general=True, min_circle=Circle.CITIZENS
                )
        except IntegrityError:  # created meanwhile by a concurrent request
            return Channel.objects.get(community=community, is_general=True)


def channel_create(*, community: Community, name: str, min_circle: int, actor) -> Channel:
    with transaction.atomic():
        name = _clean_name(name)
        min_circle = _valid_circle(min_circle)
        try:
            with transaction.atomic():
                return Channel.objects.create(
                    community=community, name=name, min_circle=min_circle, created_by=actor
                )
        except IntegrityError:  # the name is taken, whatever its case (a unique index)
            raise name_taken(name) from None


def channel_update(*, channel: Channel, name: str, min_circle: int, actor) -> Channel:
    """Rename a channel or change the circle it is open from."""
    with transaction.atomic():
        name = _clean_name(name)
        min_circle = _valid_circle(min_circle)
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        if channel.is_general and min_circle != Circle.CITIZENS:
            raise ValidationError(
                _("The general channel stays open to every member."), code="general_open"
            )
        channel.name = name
        channel.min_circle = min_circle
        try:
            with transaction.atomic():
                channel.save(update_fields=["name", "min_circle"])
        except IntegrityError:  # another channel has the name, whatever its case
            raise name_taken(name) from None
        broadcast.channel_changed(channel.pk)
        return channel


def channel_archive(*, channel: Channel, actor) -> Channel:
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        if channel.is_general:
            raise ValidationError(
                _("The general channel cannot be archived."), code="general_archive"
            )
        if channel.archived_at is not None:
            raise ValidationError(
                _("This channel is already archived."), code="already_archived")
        channel.archived_at = timezone.now()
        channel.save(update_fields=["archived_at"])
        broadcast.channel_changed(channel.pk)
        return channel


def channel_unarchive(*, channel: Channel, actor) -> Channel:
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        if channel.archived_at is None:
            raise ValidationError(_("This channel is not archived."), code="not_archived")
        channel.archived_at = None
        channel.save(update_fields=["archived_at"])
        broadcast.channel_changed(channel.pk)
        return channel
