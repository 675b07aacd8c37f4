"""The demo accounts a newcomer signs in with: one per role, listed by the
README and by `make run`'s banner (tests/demo/test_showcase.py compares the
README's table with this list).

The generated members and the other communities' gardeners are not listed:
they exist to fill the pages, and share the same password.
"""

from __future__ import annotations

from accounts import second_factor
from accounts.models import User

from .cms import APPROVER
from .communities_data import DEMO_ACCOUNTS, DEMO_PASSWORD
from .second_factor import DEMO_TOTP_SECRET

__all__ = ["DEMO_PASSWORD", "DEMO_TOTP_SECRET", "showcase_accounts"]


def showcase_accounts() -> list[dict]:
    """Every account of the README's table, in its order: email, role, display_name."""
    return [*DEMO_ACCOUNTS, APPROVER]


def with_second_factor(emails) -> set[str]:
    """Which of `emails` must type a second-factor code (their role requires one)."""
    users = User.objects.filter(email__in=list(emails))
    return {user.email for user in users if second_factor.required_for(user)}
