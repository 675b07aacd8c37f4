"""The Wagtail groups derived from roles, granted and revoked with them.

Roles are stored once (`roles`: the gardener pairs; `communities`: the
directions' staff). Two kinds of Wagtail group follow them:

- "Cultivateur": every page, the footer setting; its members are exactly the
  staff of the coordinating directions;
- "Jardiniers — <community>": admin access, images, and add/change (no
  publish) on the community's story page; its members are exactly the
  community's active pair.

Each such group carries a `RoleGroup` marker. `people_sync(ids)` runs in
the transaction of every service that changes a role (registered with
`roles.changes` in CmsConfig.ready()): it adds the person to the derived
groups of the roles they hold and removes them from the others. Groups
without a marker (the directions' editors and approvers, any group an admin
made) are never touched. `role_groups_sync()` reconciles everything, for
roles changed outside the services (`manage.py sync_direction_groups`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupPagePermission

from communities.models import Community, Direction
from roles import filters as role_filters
from roles import predicates as roles
from roles.selectors import active_pairs

from . import services
from .grants import grant_admin_and_images, grant_pages, permission
from .models import CommunityPage, RoleGroup

CULTIVATOR_GROUP = "Cultivateur"
GARDENERS_GROUP = "Jardiniers — {name}"

CULTIVATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")
# The pair publishes its own story (issue #16): not only the cultivator.
GARDENER_PAGE_PERMISSIONS = ("add", "change", "publish")


# --- The groups -------------------------------------------------------------------------


def cultivator_group() -> Group:
    """The cultivator's group with its permissions; one by that name is adopted."""
    marker = RoleGroup.objects.filter(role=RoleGroup.Role.CULTIVATOR).select_related("group")
    marker = marker.first()
    if marker is None:
        group, _ = Group.objects.get_or_create(name=CULTIVATOR_GROUP)
        RoleGroup.objects.create(group=group, role=RoleGroup.Role.CULTIVATOR)
    else:
        group = marker.group
    grant_admin_and_images(group)
    grant_pages(group, services.site_tree_ensure(), CULTIVATOR_PAGE_PERMISSIONS)
    group.permissions.add(permission("cms", "change_footerlinks"))
    return group


def gardeners_group(community: Community) -> Group:
    """The community's gardeners' group, renamed with the community, with
    permissions on its story page (if it has one) and on no other page."""
    name = GARDENERS_GROUP.format(name=community.name)
    marker = (
        RoleGroup.objects.filter(role=RoleGroup.Role.GARDENERS, community=community)
        .select_related("group")
        .first()
    )
    if marker is None:
        group, _ = Group.objects.get_or_create(name=name)
        RoleGroup.objects.create(group=group, role=RoleGroup.Role.GARDENERS, community=community)
    else:
        group = marker.group
        if group.name != name and not Group.objects.filter(name=name).exists():
            group.name = name
            group.save(update_fields=["name"])
    grant_admin_and_images(group)
    story = CommunityPage.objects.filter(community=community).first()
    GroupPagePermission.objects.filter(group=group).exclude(
        page_id=story.pk if story else None
    ).delete()
    if story is not None:
        grant_pages(group, story, GARDENER_PAGE_PERMISSIONS)
    return group


# --- Members follow the roles -----------------------------------------------------------


def _wanted_groups(person) -> set[int]:
    wanted = set()
    if roles.is_cultivator(person):
        wanted.add(cultivator_group().pk)
    for community in Community.objects.filter(role_filters.gardened_by(person)):
        wanted.add(gardeners_group(community).pk)
    return wanted


def people_sync(user_ids) -> None:
    """Give each person the derived groups of the roles they hold now, and
    take away the others. Groups an admin gave stay."""
    with transaction.atomic():
        for person in get_user_model().objects.filter(pk__in=list(user_ids)):
            wanted = _wanted_groups(person)
            derived = set(
                person.groups.filter(role_derivation__isnull=False).values_list("pk", flat=True)
            )
            if derived - wanted:
                person.groups.remove(*(derived - wanted))
            if wanted - derived:
                person.groups.add(*(wanted - derived))


def _set_members(group: Group, people) -> None:
    group.user_set.set(list(people))


def role_groups_sync() -> None:
    """Every derived group's members made exactly the role's holders."""
    User = get_user_model()
    with transaction.atomic():
        coordinators = Direction.objects.filter(is_coordinating=True).values("staff")
        _set_members(cultivator_group(), User.objects.filter(pk__in=coordinators))
        pairs = active_pairs().select_related("community")
        gardened = {}
        for pair in pairs:
            gardened.setdefault(pair.community, set()).update(pair.gardener_ids())
        for community, people in gardened.items():
            _set_members(gardeners_group(community), people)
        stale = RoleGroup.objects.filter(role=RoleGroup.Role.GARDENERS).exclude(
            community__in=[c.pk for c in gardened]
        )
        for marker in stale.select_related("group", "community"):
            if marker.community is None:  # the community is gone: so is its group
                marker.group.delete()
            else:
                _set_members(marker.group, [])


def story_page_changed(page) -> None:
    """A story page was created or pointed to another community: its
    gardeners' group gets its permissions (and loses the old page's)."""
    if isinstance(page, CommunityPage):
        for marker in RoleGroup.objects.filter(
            role=RoleGroup.Role.GARDENERS, group__page_permissions__page=page
        ).select_related("community"):
            if marker.community is not None:
                gardeners_group(marker.community)
        if page.community_id is not None:
            gardeners_group(page.community)
