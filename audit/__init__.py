"""The audit log: who did what, when, and from where (docs/audit.md).

    import audit
    audit.record(audit.Action.PAIR_APPOINTED, actor=user, community_id=c.pk, target=pair)

Low in the layers (just above accounts): every app may call it from its
services; it imports no domain app but accounts.
"""

from .actions import Action


def record(action, **kwargs):
    """See audit.services.record (imported late: models are not ready at import)."""
    from .services import record as _record

    return _record(action, **kwargs)


__all__ = ["Action", "record"]
