"""Role matrix of every permission in needs/rules.py. A permission without its
matrix here fails `test_every_permission_of_the_app_is_walked`.

"author" is the informed member who wrote `need` (visible to the community)
and `private_need` (for the gardeners only).
"""

import pytest
import rules
from django.utils import timezone

from needs.models import Status

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

WALKED_ROLES = (*ROLES, "institution_gardener", "author")
WALKED: set[str] = set()


def walks(permission, **allowed):
    assert set(allowed) == set(WALKED_ROLES), f"{permission}: say it for every role"
    WALKED.add(permission)
    return pytest.mark.parametrize(
        ("permission", "role", "allowed"),
        [pytest.param(permission, role, allowed[role], id=role) for role in WALKED_ROLES],
    )


def test_every_permission_of_the_app_is_walked():
    registered = {name for name in rules.permissions.permissions if name.startswith("needs.")}
    assert registered == WALKED


NOBODY = {role: False for role in WALKED_ROLES}
PAIR = {**NOBODY, "gardener": True, "institution_gardener": True, "staff": True}
PAIR_AND_CULTIVATOR = {**PAIR, "cultivator": True}
MEMBERS = {**NOBODY, "citizen": True, "informed": True, "engaged": True, "author": True}
READERS = {role: MEMBERS[role] or PAIR_AND_CULTIVATOR[role] for role in WALKED_ROLES}


@walks("needs.view_needs", **READERS)
def test_view_needs(roles, community, permission, role, allowed):
    """Members of every circle, the pair, the cultivator."""
    assert roles[role].has_perm(permission, community) is allowed


@walks("needs.add_need", **{**NOBODY, "informed": True, "engaged": True, "author": True})
def test_add_need(roles, community, permission, role, allowed):
    """The informed and engaged circles; citizens are invited to move inward."""
    assert roles[role].has_perm(permission, community) is allowed


@walks("needs.view_board", **PAIR_AND_CULTIVATOR)
def test_view_board(roles, community, permission, role, allowed):
    assert roles[role].has_perm(permission, community) is allowed


@walks("needs.view_need", **READERS)
def test_view_need(roles, need, private_need, permission, role, allowed):
    assert roles[role].has_perm(permission, need) is allowed
    # For the gardeners only: the author, the pair and the cultivator.
    private = PAIR_AND_CULTIVATOR[role] or role == "author"
    assert roles[role].has_perm(permission, private_need) is private


@walks("needs.edit_need", **{**NOBODY, "author": True})
def test_edit_need(roles, need, permission, role, allowed):
    assert roles[role].has_perm(permission, need) is allowed
    need.status = Status.DISCUSSED
    assert roles[role].has_perm(permission, need) is False


@walks("needs.withdraw_need", **{**NOBODY, "author": True})
def test_withdraw_need(roles, need, permission, role, allowed):
    need.status = Status.CONNECTED
    assert roles[role].has_perm(permission, need) is allowed
    need.status = Status.DONE
    assert roles[role].has_perm(permission, need) is False


@walks("needs.change_need_status", **PAIR)
def test_change_need_status(roles, need, private_need, permission, role, allowed):
    """The pair only: the cultivator reads but does not animate."""
    assert roles[role].has_perm(permission, need) is allowed
    assert roles[role].has_perm(permission, private_need) is allowed
    for closed in (Status.DONE, Status.DECLINED, Status.WITHDRAWN):
        need.status = closed
        assert roles[role].has_perm(permission, need) is False


@walks("needs.support_need", **{**MEMBERS, "author": False})
def test_support_need(roles, need, private_need, permission, role, allowed):
    """Members on a visible open item, not its author; nobody on a gardeners-only item."""
    assert roles[role].has_perm(permission, need) is allowed
    assert roles[role].has_perm(permission, private_need) is False
    need.status = Status.DONE
    assert roles[role].has_perm(permission, need) is False


@walks("needs.view_supporters", **PAIR_AND_CULTIVATOR)
def test_view_supporters(roles, need, permission, role, allowed):
    assert roles[role].has_perm(permission, need) is allowed


@walks("needs.connect_people", **PAIR)
def test_connect_people(roles, need, permission, role, allowed):
    assert roles[role].has_perm(permission, need) is allowed
    need.status = Status.DECLINED
    assert roles[role].has_perm(permission, need) is False


@walks("needs.view_need", **READERS)
def test_a_hidden_need_is_read_by_its_author_the_pair_and_the_cultivator_only(
    roles, need, permission, role, allowed
):
    """After a report, the gardeners hid it (docs/moderation.md)."""
    need.hidden_at = timezone.now()
    expected = PAIR_AND_CULTIVATOR[role] or role == "author"
    assert roles[role].has_perm(permission, need) is expected


@walks("needs.report_need", **{**READERS, "author": False})
def test_report_need(roles, need, private_need, permission, role, allowed):
    """Whoever reads an item reports it, except its author; not once hidden."""
    assert roles[role].has_perm(permission, need) is allowed
    assert roles[role].has_perm(permission, private_need) is PAIR_AND_CULTIVATOR[role]
    need.hidden_at = timezone.now()
    assert roles[role].has_perm(permission, need) is False


# --- Issue #16: the institution gardener relays to their direction ---------------------

INSTITUTION = {**NOBODY, "institution_gardener": True}


@walks("needs.relay_need", **INSTITUTION)
def test_relay_need(roles, need, permission, role, allowed):
    """Only the region (institution) half of the pair relays, once, an open item."""
    assert roles[role].has_perm(permission, need) is allowed


@walks("needs.record_direction_answer", **INSTITUTION)
def test_record_direction_answer(roles, need, permission, role, allowed):
    from needs import relays

    assert not roles[role].has_perm(permission, need)  # not relayed yet
    relays.need_relay(need=need, actor=roles["institution_gardener"], message="Une salle ?")
    need.refresh_from_db()
    assert roles[role].has_perm(permission, need) is allowed
    assert not roles[role].has_perm("needs.relay_need", need)  # once


# The page "Waiting for our direction's answer": any direction's agent (here the
# cultivator, staff of the coordinating direction); who answers which relay is
# tests/needs/test_direction_answers.py.
@walks("needs.view_direction_relays", **{**NOBODY, "cultivator": True})
def test_view_direction_relays(roles, permission, role, allowed):
    assert roles[role].has_perm(permission) is allowed
