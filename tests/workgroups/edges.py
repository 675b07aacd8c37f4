"""What the working groups' edge tests share (test_group_edges.py,
test_member_edges.py, test_request_edges.py, test_decision_edges.py): the
calls with their usual fields, what a person was told, and the refusals
every service shares, in their words, field and code (tests/refusals.py)."""

from notifications.models import Notification
from workgroups import services


def told(user):
    """What `user` was told: (kind, actor, url, data) per notification, oldest
    first; each one is filed under the group's community."""
    notes = list(Notification.objects.filter(recipient=user).order_by("pk"))
    assert {n.community.slug for n in notes} <= {"biodiversite"}, "filed under its community"
    return [(n.kind, n.actor, n.url, n.data) for n in notes]


def create(community, people, **fields):
    values = {"name": "Haies", "goal": "Planter.", "issue": "Bocage", **fields}
    return services.group_create(community=community, actor=people["gardener"], **values)


def update(group, people, **fields):
    values = {"name": group.name, "goal": group.goal, "issue": group.issue, **fields}
    return services.group_update(group=group, actor=people["gardener"], **values)


def archived(group, people):
    services.group_archive(group=group, actor=people["gardener"])
    group.refresh_from_db()
    return group


def closed(group):
    return (None, f"The working group “{group.name}” is archived; nothing was changed.",
            "archived")


def too_long(field, limit):
    return (field, f"Keep it under {limit} characters.", "too_long")


def not_engaged(user, community):
    return (None, f"{user} is not in the engaged circle of {community}: only engaged members "
                  "can belong to a working group.", "not_engaged")
