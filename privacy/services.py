"""Personal-data rights: export, deletion with a grace period, retention.

Every app declares what it holds in accounts/personal_data.py (its
`privacy_hooks.py`, registered in its AppConfig.ready()); these services
only walk that registry, so a new app that registers is exported, erased,
purged and listed on the privacy page without a change here.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from accounts import personal_data
from accounts.models import User

logger = logging.getLogger(__name__)

# Between asking to delete an account and its erasure; logging in during it
# offers to cancel.
GRACE_PERIOD = timedelta(days=30)


def export_data(*, user: User) -> dict:
    """Everything the apps hold about `user`, one section per app.

    Each app's exporter takes a fixed number of queries, so the whole export
    does too, whatever the amount of data.
    """
    sections = {}
    consents = []
    for holder in personal_data.holders():
        section = holder.export(user)
        if not section:
            continue
        if isinstance(section, dict) and "consents" in section:
            section = dict(section)
            consents.extend(section.pop("consents"))
        sections[holder.key] = {"title": str(holder.title), "data": section}
    sections["consents"] = {"title": _("Consents"), "data": {"consents": consents}}
    return {
        "generated_at": timezone.now().isoformat(),
        "person": user.email,
        "sections": sections,
    }


def export_build(*, user: User) -> bytes:
    """A ZIP holding data.json and index.html (the same data, readable)."""
    data = export_data(user=user)
    audit.record(audit.Action.PERSONAL_DATA_EXPORTED, actor=user, target=user)
    html = render_to_string("privacy/export_index.html", {"export": data})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("index.html", html)
    return buffer.getvalue()


def account_deletion_request(*, user: User, password: str, now: datetime | None = None) -> User:
    """Schedule the erasure of `user`'s account after the grace period.

    Refused when the password is wrong, when a deletion is already
    scheduled, or while an app blocks the erasure (an active gardener).
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not password or not user.check_password(password):
            raise ValidationError(
                {"password": [ValidationError(_("This is not your password."), code="password")]}
            )
        if user.erase_after is not None:
            raise ValidationError(
                _("The deletion of your account is already scheduled."), code="scheduled"
            )
        reasons = personal_data.erase_blockers(user)
        if reasons:
            # A list's items carry no code of their own unless given one each.
            raise ValidationError([ValidationError(reason, code="blocked") for reason in reasons])
        user.erase_after = now + GRACE_PERIOD
        user.save(update_fields=["erase_after"])
        audit.record(audit.Action.ACCOUNT_DELETION_REQUESTED, actor=user, target=user)
        return user


def account_deletion_cancel(*, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erase_after is None:
            raise ValidationError(
                _("No deletion of your account is scheduled."), code="not_scheduled"
            )
        user.erase_after = None
        user.save(update_fields=["erase_after"])
        audit.record(audit.Action.ACCOUNT_DELETION_CANCELLED, actor=user, target=user)
        return user


def accounts_erase_due(*, now: datetime | None = None) -> int:
    """Erase every account whose grace period is over; return how many.

    Each person is erased in a transaction of their own, so one that an app
    blocks meanwhile (appointed gardener since) stays scheduled and the
    others go.
    """
    now = now or timezone.now()
    erased = 0
    for user in User.objects.filter(erase_after__lte=now).order_by("pk"):
        try:
            personal_data.account_erase(user=user)
        except ValidationError as error:
            logger.warning("Account %s not erased: %s", user.pk, "; ".join(error.messages))
            continue
        erased += 1
    return erased


def retention_purge(*, now: datetime | None = None) -> dict[str, int]:
    """Run each app's retention purge; return the rows removed per app."""
    now = now or timezone.now()
    removed = {}
    for holder in personal_data.holders():
        if holder.purge is not None:
            with transaction.atomic():
                removed[holder.key] = holder.purge(now)
    return removed
