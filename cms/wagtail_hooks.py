"""Wagtail admin hooks of the CMS."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from . import role_groups
from .models import CommunityPage


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def _story_permissions(request, page):
    """A community's story page, created or moved to another community: its
    gardeners' derived group gets (and the previous one loses) its rights."""
    role_groups.story_page_changed(page.specific)


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
def _story_is_the_communitys(request, page):
    """A community's story is written by its pair (and staff); the cultivator,
    whose group reaches every page, only when the pair invited them as a
    contributor (rule `communities.change_story`, issue #16)."""
    page = page.specific
    if (
        isinstance(page, CommunityPage) and page.community_id is not None
        and not request.user.has_perm("communities.change_story", page.community)
    ):
        raise PermissionDenied


@hooks.register("construct_page_listing_buttons")
def _no_story_buttons_for_the_uninvited(buttons, page, user=None, context=None, **kwargs):
    """No edit or delete button leading to the refusal above."""
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if (
        isinstance(specific, CommunityPage) and specific.community_id is not None
        and user is not None
        and not user.has_perm("communities.change_story", specific.community)
    ):
        buttons[:] = []
