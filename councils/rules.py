"""Permissions of citizen councils. Walked in tests/councils/test_rules.py.

Objects: a Council. Everything about a council is public (its page, its
draws' reports and their re-run): a draw is trusted because anyone can check
it. The council's agent — an agent of the council's direction (granted per
direction, roles.predicates.is_agent_of), the cultivator or site staff —
imports candidates, announces, seeds and runs draws, names and ends members,
edits the council, schedules its sessions and records their minutes, opens
its channel and invites its members into a community. The council's seated
members read the minutes kept for them (public ones are read by everyone). Any direction's agent may create a council for their
own direction.
Volunteering is open to everyone, signed in or not.
"""

import rules

from roles.predicates import is_agent_of, is_cultivator, is_direction_agent, is_site_staff


@rules.predicate
def is_council_agent(user, council):
    return council is not None and is_agent_of.test(user, council.direction)


@rules.predicate
def is_own_candidacy(user, candidate):
    """The candidacy is tied to the account, or made with its address (verified
    at sign-up: ACCOUNT_EMAIL_VERIFICATION is mandatory)."""
    return (user.is_authenticated and candidate is not None
            and (candidate.user_id == user.pk or candidate.email.lower() == user.email.lower()))


@rules.predicate
def is_council_member(user, council):
    """Sits on the council now, under one of their accounts (councils/seats.py)."""
    from .seats import seats_of

    return council is not None and seats_of(user).filter(council=council).exists()


can_manage = is_council_agent | is_cultivator | is_site_staff

rules.add_perm("councils.view_council", rules.always_allow)
rules.add_perm("councils.volunteer", rules.always_allow)
rules.add_perm("councils.manage_council", can_manage)
# Sessions: the council's agent schedules them and records their minutes;
# the members read the minutes the agent keeps for them.
rules.add_perm("councils.schedule_session", can_manage)
rules.add_perm("councils.read_minutes", can_manage | is_council_member)
# Creating a council: an agent of some direction (the page), for one of their
# own directions (the object: a Direction), or the cultivator, or site staff.
rules.add_perm("councils.create_council", is_direction_agent | is_cultivator | is_site_staff)
rules.add_perm("councils.create_council_in", is_agent_of | is_cultivator | is_site_staff)
rules.add_perm("councils.withdraw_candidacy", is_own_candidacy)
