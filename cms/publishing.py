"""Who may publish: one editors group and one approvers group per direction.

Each direction has its own section of the newsroom (a NewsIndexPage whose
`direction` is set). Wagtail's page permissions do the rest:

- "Éditeurs — <direction>": add and edit pages in the section, not publish.
  Saving offers "Submit for moderation", which starts the section's workflow;
- "Approbateurs — <direction>": add, edit, publish, lock in the section; the
  workflow's only task asks them to approve;
- "Cultivateur" and "Jardiniers — <community>": groups derived from roles,
  whose members follow the roles both ways (cms/role_groups.py).

Everything is created or brought up to date by `publishing_sync()`, which
`manage.py sync_direction_groups` and the demo seed call; run it after
creating or renaming a direction. For the directions' groups it only adds:
it never removes a person from an editors or approvers group (an admin put
them there), nor a permission someone granted by hand.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from communities.models import Direction

from . import role_groups, services
from .grants import grant_admin_and_images, grant_pages
from .models import DirectionPublishing, NewsIndexPage

EDITORS = "Éditeurs — {name}"
APPROVERS = "Approbateurs — {name}"
WORKFLOW = "Relecture — {name}"
TASK = "Validation par les approbateurs — {name}"

EDITOR_PAGE_PERMISSIONS = ("add", "change")
APPROVER_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")


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
        grant_admin_and_images(group)
        grant_pages(group, publishing.section, kinds)
    publishing.workflow = _workflow(publishing, direction.name)
    publishing.save()
    return publishing


@transaction.atomic
def publishing_sync() -> list[DirectionPublishing]:
    """Every direction's publishing, and the groups derived from roles."""
    newsroom = services.newsroom_ensure()
    synced = [
        direction_publishing_sync(direction, newsroom=newsroom)
        for direction in Direction.objects.order_by("name")
    ]
    role_groups.role_groups_sync()
    return synced
