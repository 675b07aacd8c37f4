"""Channel access providers: the higher apps that narrow who may read a channel.

A channel is read by the members of its circle or closer, and by the
community's moderators. Some channels belong to something of a higher app
(a working group's channel: only the group's active members read it), which
discussions may not import. Such an app registers a provider here from its
`AppConfig.ready()`; the discussions predicates and selectors ask every
registered provider and never name the app.

A provider answers three forms of one rule, which must agree:

- `may_read(user, channel)`: True or False for a channel it governs, None
  for any other channel (one query at most: the predicates cache the
  answer on the channel object);
- `readable_channels(user)`: a Q over Channel rows, true for the channels it
  lets this person read and for every channel it does not govern;
- `readers(channel)`: a Q over Membership rows, true for the members it lets
  read this channel (all of them if it does not govern it).

Providers only narrow: a channel is readable when no provider says False.
The moderators' access is decided before the providers are asked.
Registering two providers under one name is an error.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q


class ChannelAccessProvider(Protocol):
    name: str

    def may_read(self, user: Any, channel: Any, /) -> bool | None: ...

    def readable_channels(self, user: Any, /) -> Q: ...

    def readers(self, channel: Any, /) -> Q: ...


class ChannelAccess:
    """The registry; `providers` below serves the project."""

    def __init__(self, providers=()):
        self._providers: list[ChannelAccessProvider] = list(providers)

    def register(self, provider: ChannelAccessProvider) -> ChannelAccessProvider:
        for registered in self._providers:
            if registered.name == provider.name or registered is provider:
                raise ImproperlyConfigured(
                    f"Channel access provider {provider.name!r} is already registered."
                )
        self._providers.append(provider)
        return provider

    def all(self) -> list[ChannelAccessProvider]:
        return list(self._providers)

    def copy(self) -> ChannelAccess:
        return ChannelAccess(self._providers)

    def may_read(self, user, channel) -> bool:
        """No provider refuses this person this channel (circles aside)."""
        return all(p.may_read(user, channel) is not False for p in self._providers)

    def readable_channels(self, user) -> Q:
        q = Q()
        for provider in self._providers:
            q &= provider.readable_channels(user)
        return q

    def readers(self, channel) -> Q:
        q = Q()
        for provider in self._providers:
            q &= provider.readers(channel)
        return q


providers = ChannelAccess()
