"""Granting Wagtail permissions to a group: shared by the directions'
publishing groups (publishing.py) and the role-derived groups (role_groups.py).
Each grant is idempotent."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_admin_and_images(group: Group) -> None:
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    # Wagtail's migration creates the root collection; a database emptied
    # after migrating (flushed by a test, seeded again) has none.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission("wagtailimages", codename)
        )


def grant_pages(group: Group, page: Page, kinds) -> None:
    page_type = ContentType.objects.get_for_model(Page)
    for kind in kinds:
        codename = f"{kind}_page"
        page_permission = Permission.objects.get(content_type=page_type, codename=codename)
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission
        )
