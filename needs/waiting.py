"""The needs' source for "Waiting for you" on the dashboard (communities/waiting.py):
the relays that wait for the answer of a direction the person is an agent of."""

from django.urls import reverse
from django.utils.translation import ngettext

from communities import waiting

from . import selectors


def _direction_relays(user) -> list[waiting.Item]:
    count = selectors.relays_waiting_count(user)
    if not count:
        return []
    return [waiting.Item(
        text=ngettext("Answer %(count)s item relayed to your direction",
                      "Answer %(count)s items relayed to your direction", count)
        % {"count": count},
        url=reverse("needs_direction:relays"), count=count,
    )]


def register() -> None:
    waiting.register(waiting.Source("needs_direction_relays", ("need_relay_arrived",),
                                    _direction_relays))
