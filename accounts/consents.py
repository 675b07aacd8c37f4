"""The consents the site asks for, their texts and versions, and the one
service that records each grant and withdrawal (docs/privacy.md).

Each text has a version. To change the words, add a new version below the
old one and keep the old one: a test pins each version's fingerprint, so a
text cannot change under its version. A consent row keeps the version and
the fingerprint (SHA-256 of the English source) of the text the person was
shown, so what they agreed to can always be told, even after the text
changes; the latest version of each purpose is the one asked for now.

The apps that ask for a consent call `consent_give` / `consent_withdraw`
inside their own transaction (newsletters' subscriptions, the directory's
listing and map position); `about` is the object the consent is about
(a community), identified by its model and primary key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Consent

# Version 0: consents given before the texts were versioned (December 2026),
# recorded from the apps' own dates by migration 0005; their text is unknown.
UNVERSIONED = "0"


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    title: Promise
    text: Promise
    # How one consent is named in an export: "%(scope)s" is the community.
    label: Promise

    @property
    def source(self) -> str:
        """The text as written in the code (English), whatever the language."""
        with translation.override(None):
            return str(self.text)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()


# Every version of every text, oldest first.
VERSIONS = (
    ConsentText(
        purpose=Consent.Purpose.LETTERS,
        version="2026-12-04",
        title=_("Newsletter"),
        text=_(
            "I agree to receive this community's newsletter by e-mail, at my account's "
            "address. I can unsubscribe at any time, from my subscriptions page or with "
            "the link at the bottom of every letter."
        ),
        label=_("Newsletter of “%(community)s”"),
    ),
    ConsentText(
        purpose=Consent.Purpose.DIRECTORY,
        version="2026-12-04",
        title=_("Directory listing"),
        text=_(
            "I agree to appear in this community's actor directory, seen by its members: "
            "my name, organisation, interests and skills, the territory where I act, and "
            "my e-mail address if I choose to show it. I can leave the directory at any time."
        ),
        label=_("Listing in the directory of “%(community)s”"),
    ),
    ConsentText(
        purpose=Consent.Purpose.MAP_POSITION,
        version="2026-12-04",
        title=_("Position on the map"),
        text=_(
            "I agree to show my position, rounded to about 100 m, on the map of this "
            "community's directory, seen by its members. I can remove it at any time."
        ),
        label=_("Position on the map of “%(community)s”"),
    ),
)

# The version asked for now, per purpose: the latest.
TEXTS = {text.purpose: text for text in VERSIONS}


def text_of(purpose: str) -> ConsentText:
    return TEXTS[purpose]


def version_of(purpose: str, version: str) -> ConsentText | None:
    for text in VERSIONS:
        if text.purpose == purpose and text.version == version:
            return text
    return None


def _scope(about) -> str:
    return f"{about._meta.label_lower}:{about.pk}"


def consent_give(*, user, purpose: str, about, now: datetime | None = None) -> Consent:
    """Record that `user` agrees, now, to the current text of `purpose` about
    `about`. Agreeing again to the same version changes nothing; agreeing to
    a newer version closes the older consent and opens a new one."""
    text = text_of(purpose)
    now = now or timezone.now()
    scope = _scope(about)
    with transaction.atomic():
        current = (
            Consent.objects.select_for_update()
            .filter(user=user, purpose=purpose, scope=scope, withdrawn_at__isnull=True)
            .first()
        )
        if current is not None:
            if current.text_version == text.version:
                return current
            current.withdrawn_at = now
            current.save(update_fields=["withdrawn_at"])
        return Consent.objects.create(
            user=user,
            purpose=purpose,
            scope=scope,
            scope_label=str(about)[:200],
            given_at=now,
            text_version=text.version,
            text_hash=text.fingerprint,
        )


def consent_withdraw(*, user, purpose: str, about, now: datetime | None = None) -> bool:
    """Record that `user` withdraws their consent; True if one was open."""
    with transaction.atomic():
        return bool(
            Consent.objects.filter(
                user=user, purpose=purpose, scope=_scope(about), withdrawn_at__isnull=True
            ).update(withdrawn_at=now or timezone.now())
        )


def consents_of(user) -> list[Consent]:
    """Every consent of `user`, open and withdrawn, oldest first."""
    return list(Consent.objects.filter(user=user).order_by("given_at", "pk"))


def export(user) -> list[dict]:
    """The person's consents as their data export shows them."""
    rows = []
    for consent in consents_of(user):
        text = version_of(consent.purpose, consent.text_version)
        known = text is not None and text.fingerprint == consent.text_hash
        label = TEXTS[consent.purpose].label
        rows.append(
            {
                "what": str(label) % {"community": consent.scope_label},
                "purpose": consent.purpose,
                "at": consent.given_at.isoformat(),
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
                "text_version": consent.text_version,
                "text": str(text.text) if known else "",
                "text_fingerprint": consent.text_hash,
            }
        )
    return rows
