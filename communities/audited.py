"""What the audit log records of the circles (docs/audit.md): a member moved
to another circle or removed by a gardener, through the membership lifecycle.

A person joining or leaving by themselves is their own business, not an
action on someone else's role: it is not audited.
"""

import audit

from .lifecycle import Change, MembershipEvent, Phase, hooks

ACTIONS = {Change.MOVED: audit.Action.MEMBERSHIP_MOVED, Change.REMOVED: audit.Action.MEMBERSHIP_REMOVED}


def record_change(event: MembershipEvent) -> None:
    audit.record(
        ACTIONS[event.change],
        actor=event.actor,
        community_id=event.community.pk,
        target=event.user,
        details={
            "from": int(event.old_circle) if event.old_circle is not None else None,
            "to": int(event.new_circle) if event.new_circle is not None else None,
        },
    )


def register() -> None:
    hooks.register(record_change, on=ACTIONS, phase=Phase.IN_TRANSACTION, name="audit.circles")
