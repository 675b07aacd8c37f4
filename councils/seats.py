"""Who sits on a council, as accounts: the one query shape the selectors,
the services, the rules and the channel access provider share.

A seated member is known by an account three ways: the account the agent
named (Member.user), the account their candidacy was made from, or the
account of the address they volunteered with (verified at sign-up:
ACCOUNT_EMAIL_VERIFICATION is mandatory), so a drawn resident who signs up
later with that address is recognised without anyone linking them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q

from .models import Member


def seated():
    return Member.objects.filter(ended_at__isnull=True)


def seats_of(user):
    """The seats a person holds now, on any council (none when signed out)."""
    if user is None or not user.is_authenticated:
        return Member.objects.none()
    mine = Q(user_id=user.pk) | Q(candidate__user_id=user.pk)
    if user.email:
        mine |= Q(candidate__email__iexact=user.email)
    return seated().filter(mine)


def seats_of_outer(user_ref: str = "pk", email_ref: str = "email"):
    """The seated members matching an outer query's account (OuterRef)."""
    return seated().filter(
        Q(user_id=OuterRef(user_ref)) | Q(candidate__user_id=OuterRef(user_ref))
        | Q(candidate__email__iexact=OuterRef(email_ref))
    )


def member_accounts(council):
    """The accounts of the council's seated members, by name."""
    return (get_user_model().objects
            .filter(Exists(seats_of_outer().filter(council=council)))
            .order_by("display_name", "pk"))
