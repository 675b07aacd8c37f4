"""What the audit log holds about a person (see accounts/personal_data.py).

Erasure keeps the entries (the log must still say what happened) but replaces
the erased person's name, as actor or as the person acted upon, by "former
member", like every signature of an erased person; the link to the account
goes with the account. Their IP addresses and user agents stay until the
entry's retention ends: the log's purpose (the security of the platform)
needs them, and the entry no longer names them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts import personal_data

from . import context
from .actions import Action
from .models import AuditEntry
from .services import record


def retention_days() -> int:
    return getattr(settings, "AUDIT_RETENTION_DAYS", 365)


def export(person) -> dict:
    return {
        "audit_entries": [
            {
                "at": e.at.isoformat(),
                "action": e.action,
                "by_you": e.actor_id == person.pk,
                # The address and browser are the actor's: someone else's
                # data on an entry about the person (a gardener moving them,
                # a failed log-in on their account), left out there.
                "ip_address": e.ip_address if e.actor_id == person.pk else None,
                "user_agent": e.user_agent if e.actor_id == person.pk else "",
            }
            # What they did, and what was done to their account (a failed
            # log-in on it, a move between circles).
            for e in AuditEntry.objects.filter(Q(actor=person) | Q(target_user=person))
            .order_by("at", "pk")
        ]
    }


def erase(person) -> None:
    former = personal_data.former_member_label()
    AuditEntry.objects.filter(actor=person).update(actor=None, actor_name=former)
    AuditEntry.objects.filter(target_user=person).update(target_user=None, target_label=former)
    origin = context.current()
    by = origin.user if origin is not None else None
    record(
        Action.ACCOUNT_ERASED,
        actor=by if by is not None and by.pk != person.pk else None,
        target=former,
    )


def purge(now: datetime) -> int:
    deleted, _ = AuditEntry.objects.filter(at__lt=now - timedelta(days=retention_days())).delete()
    return deleted


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="audit",
            title=gettext_lazy("Audit log"),
            export=export,
            erase=erase,
            covers=(
                "audit.AuditEntry.actor", "audit.AuditEntry.target_user",
            ),
            purge=purge,
            processings=(
                personal_data.Processing(
                    name=gettext_lazy("Audit log"),
                    data=gettext_lazy(
                        "Who changed roles and circles, decided requests, deleted, exported "
                        "or sent, and the log-ins of staff, gardeners and the cultivator: "
                        "the name, the time, the IP address and the browser's user agent."
                    ),
                    purpose=gettext_lazy(
                        "Keep the platform secure and let the gardeners and the cultivator "
                        "account for what was done."
                    ),
                    legal_basis=personal_data.LEGITIMATE_INTEREST,
                    retention=gettext_lazy(
                        "One year, then deleted; an erased person's name is replaced by "
                        "“former member” at once."
                    ),
                ),
            ),
        )
    )
