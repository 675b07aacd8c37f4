"""Wagtail admin hooks of the CMS."""

from wagtail import hooks

from . import role_groups


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def _story_permissions(request, page):
    """A community's story page, created or moved to another community: its
    gardeners' derived group gets (and the previous one loses) its rights."""
    role_groups.story_page_changed(page.specific)
