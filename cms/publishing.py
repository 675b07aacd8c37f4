"""Who may publish: one editors group and one approvers group per direction.

Each direction has its own section of the newsroom (a NewsIndexPage whose
`direction` is set). Wagtail's page permissions do the rest:

- "Éditeurs — <direction>": add and edit pages in the section, not publish.
  Saving offers "Submit for moderation", which starts the section's workflow;
- "Approbateurs — <direction>": add, edit, publish, lock in the section; the
  workflow's only task asks them to approve;
- "Cultivateur": every permission on the whole site (the coordinating
  direction sees across communities), the footer setting included. The staff
  of coordinating directions are added to it. Superusers see everything anyway.

Everything is created or brought up to date by `publishing_sync()`, which
`manage.py sync_direction_groups` and the demo seed call; run it after
creating or renaming a direction. It only adds: it never removes a person
from a group, nor a permission someone granted by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from communities.models import Direction

from . import services
from .models import DirectionPublishing, NewsIndexPage

EDITORS = "Éditeurs — {name}"
APPROVERS = "Approbateurs — {name}"
WORKFLOW = "Relecture — {name}"
TASK = "Validation par les approbateurs — {name}"
CULTIVATOR_GROUP = "Cultivateur"

EDITOR_PAGE_PERMISSIONS = ("add", "change")
APPROVER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
CULTIVATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_admin_and_images(group: Group) -> None:
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    root = Collection.get_first_root_node()
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission("wagtailimages", codename)
        )


def _grant_pages(group: Group, page: Page, kinds) -> None:
    page_type = ContentType.objects.get_for_model(Page)
    for kind in kinds:
        permission = Permission.objects.get(content_type=page_type, codename=f"{kind}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _group(current: Group | None, name: str) -> Group:
    """The remembered group, renamed if its direction was; else one by that name."""
    if current is None:
        group, _ = Group.objects.get_or_create(name=name)
        return group
    if current.name != name and not Group.objects.filter(name=name).exists():
        current.name = name
        current.save(update_fields=["name"])
    return current


def _section(direction: Direction, newsroom: NewsIndexPage) -> NewsIndexPage:
    section = NewsIndexPage.objects.filter(direction=direction).first()
    if section is None:
        section = newsroom.add_child(
            instance=NewsIndexPage(
                title=direction.name,
                slug=direction.slug,
                direction=direction,
                intro=direction.description[:500],
            )
        )
    return section


def _workflow(publishing: DirectionPublishing, name: str) -> Workflow:
    direction_name = publishing.direction.name
    workflow = publishing.workflow
    if workflow is None:
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW.format(name=direction_name))
    elif workflow.name != WORKFLOW.format(name=direction_name):
        workflow.name = WORKFLOW.format(name=direction_name)
        workflow.save(update_fields=["name"])
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK.format(name=direction_name))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(publishing.approvers)
    WorkflowPage.objects.update_or_create(
        page=publishing.section, defaults={"workflow": workflow}
    )
    return workflow


@transaction.atomic
def direction_publishing_sync(direction: Direction, *, newsroom=None) -> DirectionPublishing:
    """The direction's section, groups, permissions and workflow, made complete."""
    newsroom = newsroom or services.newsroom_ensure()
    publishing, _ = DirectionPublishing.objects.get_or_create(direction=direction)
    publishing.section = _section(direction, newsroom)
    publishing.editors = _group(publishing.editors, EDITORS.format(name=direction.name))
    publishing.approvers = _group(publishing.approvers, APPROVERS.format(name=direction.name))
    for group, kinds in (
        (publishing.editors, EDITOR_PAGE_PERMISSIONS),
        (publishing.approvers, APPROVER_PAGE_PERMISSIONS),
    ):
        _grant_admin_and_images(group)
        _grant_pages(group, publishing.section, kinds)
    publishing.workflow = _workflow(publishing, direction.name)
    publishing.save()
    return publishing


@transaction.atomic
def cultivator_group_sync() -> Group:
    group, _ = Group.objects.get_or_create(name=CULTIVATOR_GROUP)
    _grant_admin_and_images(group)
    _grant_pages(group, services.site_tree_ensure(), CULTIVATOR_PAGE_PERMISSIONS)
    group.permissions.add(_permission("cms", "change_footerlinks"))
    coordinators = Direction.objects.filter(is_coordinating=True).values("staff")
    group.user_set.add(*group.user_set.model.objects.filter(pk__in=coordinators))
    return group


@transaction.atomic
def publishing_sync() -> list[DirectionPublishing]:
    """Every direction's publishing, and the cultivator's group."""
    newsroom = services.newsroom_ensure()
    synced = [
        direction_publishing_sync(direction, newsroom=newsroom)
        for direction in Direction.objects.order_by("name")
    ]
    cultivator_group_sync()
    return synced
