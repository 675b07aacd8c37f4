"""The personal-data registry: what each app holds about a person, in one place.

Every app that stores something about a person registers one `Holder` from
its own `AppConfig.ready()` (in its `privacy_hooks.py`):

- `export(person)`: a JSON-serialisable section of the person's data export;
- `erase(person)`: anonymises what others rely on and deletes the rest;
- `processings`: the declaration of each processing (name, purpose, legal
  basis, retention), from which the privacy page is generated;
- optionally `blocker(person)`: why the account cannot be erased now (a
  translated sentence) or None, and `purge(now)`: the retention purge of
  the app's own rows, returning how many rows went;
- `covers` and `acts`: every link from a model to a person, as
  "app_label.Model.field". `covers` holds the person's own data, which
  `export` includes and `erase` handles (or the database deletes with the
  account); `acts` records who acted (`decided_by`, `granted_by`…), which the
  database sets to null with the account, the act itself staying in the audit
  log. tests/privacy/test_coverage.py checks that every link to the user
  model, the third-party apps' included, is declared by exactly one holder:
  a new one cannot be forgotten.

The registry lives in `accounts`, the lowest domain app, so that every app
can register without importing a higher one; the top-floor `privacy` app
reads it (export, deletion with its grace period, retention tasks, the
privacy page). `account_erase` is here rather than in `privacy` because the
Django admin of `accounts` must erase through it too.

Erasure runs the holders in the reverse order of registration (apps are
ready in INSTALLED_APPS order, from the lowest), so `accounts`, registered
first, erases last: it deletes the user row itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The account that keeps, signed "former member", what erased people wrote
# and others rely on (messages, letter sections, needs). Nobody can log in
# with it (no usable password, inactive) and it is never erased.
FORMER_MEMBER_EMAIL = "former-member@terreau.invalid"
FORMER_MEMBER_LABEL = gettext_lazy("former member")

Text = str | Promise


@dataclass(frozen=True)
class Processing:
    """One processing of personal data, as the privacy page lists it."""

    name: Text
    purpose: Text
    legal_basis: Text
    retention: Text
    data: Text = ""


@dataclass(frozen=True)
class Holder:
    """What one app holds about a person, and how to export, erase and purge it."""

    key: str
    title: Text
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]
    processings: tuple[Processing, ...] = ()
    blocker: Callable[[Any], str | None] | None = None
    purge: Callable[[datetime], int] | None = None
    covers: tuple[str, ...] = ()
    acts: tuple[str, ...] = ()


_holders: dict[str, Holder] = {}

# Legal bases used by the declarations (GDPR article 6(1)).
PUBLIC_TASK = gettext_lazy("task carried out in the public interest (GDPR art. 6(1)(e))")
CONSENT = gettext_lazy("your consent (GDPR art. 6(1)(a)), which you can withdraw at any time")
LEGITIMATE_INTEREST = gettext_lazy("legitimate interest (GDPR art. 6(1)(f))")
LEGAL_OBLIGATION = gettext_lazy("legal obligation (GDPR art. 6(1)(c) and 7(1))")


def register(holder: Holder) -> None:
    """Add (or replace, on a second ready()) an app's holder."""
    _holders[holder.key] = holder


def holders() -> list[Holder]:
    """Every registered holder, lowest app first."""
    return list(_holders.values())


def processings() -> list[tuple[Holder, Processing]]:
    return [(holder, processing) for holder in holders() for processing in holder.processings]


def former_member_label() -> str:
    """The signature of an erased person, in the site's default language,
    for text that is stored (a letter section's author name)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(FORMER_MEMBER_LABEL)


def former_member():
    """The one account that signs what erased people left behind."""
    from .models import User

    user, created = User.objects.get_or_create(
        email=FORMER_MEMBER_EMAIL,
        defaults={"display_name": former_member_label(), "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_former_member(user) -> bool:
    return user is not None and user.email == FORMER_MEMBER_EMAIL


def erase_blockers(person) -> list[str]:
    """Why `person` cannot be erased now (empty when they can)."""
    reasons = []
    for holder in holders():
        if holder.blocker is not None:
            reason = holder.blocker(person)
            if reason:
                reasons.append(reason)
    return reasons


def account_erase(*, user) -> None:
    """Erase a person: every holder anonymises or deletes its part, highest
    app first, and `accounts` deletes the user row last. All or nothing.

    Refused (ValidationError, nothing changed) for the former-member account
    and while a holder blocks (an active gardener, for example).
    """
    if is_former_member(user):
        raise ValidationError(_("The former-member account cannot be erased."), code="former")
    reasons = erase_blockers(user)
    if reasons:
        raise ValidationError([ValidationError(reason, code="blocked") for reason in reasons])
    ordered = [h for h in reversed(holders()) if h.key != "accounts"]
    ordered += [h for h in holders() if h.key == "accounts"]  # deletes the row: last
    with transaction.atomic():
        for holder in ordered:
            holder.erase(user)
