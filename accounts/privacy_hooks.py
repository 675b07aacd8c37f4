"""What `accounts` holds about a person (see accounts/personal_data.py)."""

import re
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from . import consents, personal_data
from .models import User

UNVERIFIED_KEPT = timedelta(days=30)
INACTIVE_KEPT = timedelta(days=3 * 365)


def export(person) -> dict:
    addresses = EmailAddress.objects.filter(user=person).order_by("-primary", "email")
    return {
        "email": person.email,
        "display_name": person.display_name,
        "organisation": person.organisation,
        "bio": person.bio,
        "interests": sorted(tag.name for tag in person.interests.all()),
        "skills": sorted(tag.name for tag in person.skills.all()),
        "preferred_language": person.preferred_language,
        "date_joined": person.date_joined.isoformat(),
        "last_login": person.last_login.isoformat() if person.last_login else None,
        "erase_after": person.erase_after.isoformat() if person.erase_after else None,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        # The second factors' kinds and dates, never their secrets.
        "second_factors": [
            {"kind": a.type, "added_at": a.created_at.isoformat(),
             "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None}
            for a in Authenticator.objects.filter(user=person).order_by("created_at", "pk")
        ],
        # Newsletters, directory listing, map position: each given and withdrawn
        # consent with the version of its text (the export's "consents" section).
        "consents": consents.export(person),
    }


def erase(person) -> None:
    """Forget what the admins' histories say about the person, then delete
    the account (its e-mail addresses, sessions' owner, Wagtail profile and
    every row that only means something with it go by cascade)."""
    label = personal_data.former_member_label()
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(person.pk)).update(
        object_repr=label, change_message=""
    )
    # Entries about other objects whose name holds theirs (a registration,
    # a membership: "Name — event").
    names = [value for value in (person.display_name, person.email) if value]
    if names:
        changed = []
        mentioning = Q()
        for value in names:
            mentioning |= Q(object_repr__icontains=value)
        # The whole name only: "Léa" erased leaves "Léandre — Atelier" alone.
        whole = re.compile("|".join(rf"(?<!\w){re.escape(value)}(?!\w)" for value in names),
                           flags=re.IGNORECASE)
        for entry in LogEntry.objects.filter(mentioning).only("pk", "object_repr"):
            scrubbed = whole.sub(str(label), entry.object_repr)
            if scrubbed != entry.object_repr:
                entry.object_repr = scrubbed
                changed.append(entry)
        LogEntry.objects.bulk_update(changed, ["object_repr"], batch_size=500)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(person.pk)).update(
        label=label
    )
    User.objects.filter(pk=person.pk).delete()


def _erasable():
    return User.objects.filter(is_staff=False, is_superuser=False).exclude(
        email=personal_data.FORMER_MEMBER_EMAIL
    )


def unverified_due(now: datetime):
    """Sign-ups older than 30 days whose address was never confirmed.

    Accounts made without allauth (admin, demo) have no address row and are
    not sign-ups: they are left alone.
    """
    unverified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=False)
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return _erasable().filter(
        Exists(unverified), ~Exists(verified), date_joined__lt=now - UNVERIFIED_KEPT
    )


def inactive_due(now: datetime):
    """Accounts not signed into for three years (never signed in: since they joined)."""
    limit = now - INACTIVE_KEPT
    return _erasable().filter(
        Q(last_login__lt=limit) | Q(last_login__isnull=True, date_joined__lt=limit)
    )


def purge(now: datetime) -> int:
    """Erase unconfirmed sign-ups and inactive accounts that nothing blocks."""
    erased = 0
    seen = set()
    for user in list(unverified_due(now)) + list(inactive_due(now)):
        if user.pk in seen or personal_data.erase_blockers(user):
            continue
        seen.add(user.pk)
        personal_data.account_erase(user=user)
        erased += 1
    return erased


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="accounts",
            title=_("Profile"),
            export=export,
            erase=erase,
            covers=(
                "accounts.Consent.user", "account.EmailAddress.user", "mfa.Authenticator.user",
                "admin.LogEntry.user", "wagtailusers.UserProfile.user",
            ),
            purge=purge,
            processings=(
                personal_data.Processing(
                    name=_("Member accounts"),
                    data=_(
                        "E-mail address, display name, and if you give them: organisation, "
                        "short bio, interests, skills; preferred language; dates of sign-up "
                        "and last sign-in."
                    ),
                    purpose=_(
                        "Let you sign in, join communities and be recognised by the other "
                        "members and the gardeners."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "As long as you use your account: erased 30 days after you ask for "
                        "it, or three years after your last sign-in. An account whose "
                        "address was never confirmed is erased after 30 days."
                    ),
                ),
                personal_data.Processing(
                    name=_("Record of your consents"),
                    data=_(
                        "For each consent (newsletter, directory listing, position on the "
                        "map): the community, when you gave it, when you withdrew it, and "
                        "the version of the text you were shown."
                    ),
                    purpose=_("Show what you agreed to and when, as the GDPR requires."),
                    legal_basis=personal_data.LEGAL_OBLIGATION,
                    retention=_(
                        "As long as your account exists, withdrawn consents included; "
                        "erased with your account."
                    ),
                ),
            ),
        )
    )
