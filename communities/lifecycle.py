"""The membership lifecycle's hook registry: how higher apps hear that someone
joined a community, moved circle, left it or was removed from it.

communities sits below workgroups, directory and discussions, so it may not
import them; yet each of them must act when a membership changes (end the
group memberships of someone who left the engaged circle, delete a departed
member's directory entry, close the sockets of channels a person may no
longer read). Each of those apps registers a hook here from its
`AppConfig.ready()`; the communities services describe each change as a
`MembershipEvent` and call `hooks.run(event)` inside their transaction.

A hook declares when it runs:

- `Phase.IN_TRANSACTION`: at once, inside the write's transaction (which
  holds the membership's row lock). Writes that must stand or fall with the
  change go here; a hook that raises rolls the whole change back.
- `Phase.AFTER_COMMIT`: in `transaction.on_commit`, once the change is
  committed; never when it rolls back. Side effects outside the database
  go here (socket pushes). A failure is logged and does not undo the
  committed change, nor stop the other hooks.

Hooks of one phase run in registration order, that is in INSTALLED_APPS
order, lowest app first; every in-transaction hook runs before any
after-commit one. A hook must not rely on another hook having run.

Registering the same hook (the same name, or the same function) twice is an
error: a hook that ran twice would, say, notify twice. No Django signals:
every hook is listed, typed and registered explicitly (docs/architecture.md).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

if TYPE_CHECKING:
    from .models import Circle, Community

logger = logging.getLogger(__name__)


class Change(enum.StrEnum):
    """What happened to a membership."""

    JOINED = "joined"  # old_circle is None
    MOVED = "moved"  # a gardener's move, or an approved request that moved them inward
    LEFT = "left"  # new_circle is None
    REMOVED = "removed"  # by a gardener; new_circle is None


DEPARTURES = frozenset({Change.LEFT, Change.REMOVED})
EVERY_CHANGE = frozenset(Change)


class Phase(enum.StrEnum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


@dataclass(frozen=True)
class MembershipEvent:
    """One change of one person's membership, as the hooks receive it."""

    change: Change
    community: Community
    user: Any  # accounts.User: communities may import accounts, typing it adds nothing here
    actor: Any  # who made the change: the person themselves, or a gardener
    old_circle: Circle | None
    new_circle: Circle | None

    def leaves(self, circle: int) -> bool:
        """Whether the person was in `circle` before and is not any more."""
        return self.old_circle == circle and self.new_circle != circle


class MembershipHook(Protocol):
    def __call__(self, event: MembershipEvent, /) -> None: ...


@dataclass(frozen=True)
class Registration:
    name: str
    hook: MembershipHook
    changes: frozenset[Change]
    phase: Phase


class MembershipHooks:
    """The registry. One instance, `hooks`, serves the project; tests build
    their own (the `lifecycle_hooks` fixture in tests/conftest.py)."""

    def __init__(self, registrations: Iterable[Registration] = ()):
        self._registrations: list[Registration] = list(registrations)

    def register(
        self,
        hook: MembershipHook,
        *,
        on: Iterable[Change],
        phase: Phase,
        name: str = "",
    ) -> MembershipHook:
        """Add a hook for the given changes; returns it (usable as a decorator's body)."""
        name = name or f"{hook.__module__}.{hook.__qualname__}"
        changes = frozenset(Change(change) for change in on)
        if not changes:
            raise ImproperlyConfigured(f"Membership hook {name!r} listens to no change.")
        for registration in self._registrations:
            if registration.name == name or registration.hook is hook:
                raise ImproperlyConfigured(
                    f"Membership hook {name!r} is already registered "
                    f"(as {registration.name!r}): it would run twice."
                )
        self._registrations.append(
            Registration(name=name, hook=hook, changes=changes, phase=Phase(phase))
        )
        return hook

    def registrations(self) -> list[Registration]:
        return list(self._registrations)

    def for_change(self, change: Change, phase: Phase) -> list[Registration]:
        return [r for r in self._registrations if change in r.changes and r.phase == phase]

    def copy(self) -> MembershipHooks:
        return MembershipHooks(self._registrations)

    def run(self, event: MembershipEvent) -> None:
        """Run the in-transaction hooks now, queue the after-commit ones.

        Called by the communities services inside their transaction (which
        is checked: an in-transaction hook outside one would commit alone).
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Membership hooks run inside the write's transaction.")
        for registration in self.for_change(event.change, Phase.IN_TRANSACTION):
            registration.hook(event)
        for registration in self.for_change(event.change, Phase.AFTER_COMMIT):
            transaction.on_commit(_after_commit(registration, event))


def _after_commit(registration: Registration, event: MembershipEvent):
    def call() -> None:
        try:
            registration.hook(event)
        except Exception:
            # The change is committed: log, and let the other hooks run.
            logger.exception(
                "Membership hook %s failed after commit (%s, user %s, community %s)",
                registration.name, event.change, event.user.pk, event.community.pk,
            )

    call.__qualname__ = f"membership hook {registration.name}"
    return call


hooks = MembershipHooks()
