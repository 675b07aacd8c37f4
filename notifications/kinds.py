"""The registry of kinds: every message Terreau sends to a person is one.

A kind says what happened ("your need got an answer", "your seat is
confirmed"), how it reads in the notification centre (a template rendered in
the reader's language from the notification's stored `data`), and how it
reaches someone by e-mail:

- most kinds follow the person's choice (immediately, in the daily digest,
  or never), shown on the preferences page;
- a transactional kind (`always_email`) is e-mailed at once whatever the
  preference (a seat and its calendar file, a confirmation link, a test copy
  asked for): it is not on the preferences page;
- a kind may have its own e-mail (`email`: the dotted path of a
  `notifications.emails.KindEmail` its app writes — subject, text, HTML,
  attachments); without one, `NotificationEmail` sends the kind's line.

Each app declares its kinds in its own `kinds.py` and registers them from
its AppConfig.ready(), in INSTALLED_APPS order: that is the order of the
preferences page. `notify()` refuses a key nobody registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("In a daily digest")
    NEVER = "never", _("Never (only in the notification centre)")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy: how the preferences page names it
    default: str = Frequency.IMMEDIATELY
    # The kind's own e-mail: "app.emails.SomeEmail" (a KindEmail); "" sends its line.
    email: str = ""
    # Transactional: e-mailed at once to every recipient, whatever their preference.
    always_email: bool = False
    # A line in the recipient's notification centre (people with an account).
    in_app: bool = True
    # What the person is invited to do (lazy text), for a kind that asks them
    # to act: write in a letter, revise a section, answer a poll or a request.
    # Such a kind has a line in the centre, every call of `notify()` for it
    # gives the address of the page where the action is, and a "Waiting for
    # you" source lists it on the dashboard (communities/waiting.py): nothing
    # is reached only by e-mail (tests/notifications/test_actions.py).
    action: str = ""

    @property
    def template(self) -> str:
        """One line, rendered with the notification's data (notifications/kinds/<key>.html)."""
        return f"notifications/kinds/{self.key}.html"

    @property
    def choosable(self) -> bool:
        """Shown on the preferences page: the person decides how it reaches them."""
        return self.in_app and not self.always_email


KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Declare an app's kinds (from its AppConfig.ready()).

    Registering the same kind again is harmless (tests reload apps); a key
    taken by a different kind, or a kind that could reach nobody (neither in
    the centre nor always e-mailed), is a programming error.
    """
    for kind in kinds:
        known = KINDS.get(kind.key)
        if known is not None and known != kind:
            raise ImproperlyConfigured(f"Notification kind {kind.key!r} is registered twice")
        if not kind.in_app and not kind.always_email:
            raise ImproperlyConfigured(
                f"Notification kind {kind.key!r} is neither in the centre nor always e-mailed"
            )
        if kind.action and not kind.in_app:
            raise ImproperlyConfigured(
                f"Notification kind {kind.key!r} asks to act but has no line in the centre"
            )
        if kind.default not in Frequency.values:
            raise ImproperlyConfigured(f"Notification kind {kind.key!r} has no valid default")
        KINDS[kind.key] = kind


def get(key: str) -> Kind:
    return KINDS[key]


def choosable() -> dict[str, Kind]:
    """The kinds of the preferences page, in registration order."""
    return {key: kind for key, kind in KINDS.items() if kind.choosable}
