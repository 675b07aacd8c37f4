"""The story's panel on a community's home (communities/space.py).

The community story is written in Wagtail (cms.models.CommunityPage) and read
on the community's home: its page's own address answers 301 to the home's
`#story` anchor (CommunityPage.serve), except in the editors' preview.
"""

from django.utils.translation import gettext_lazy as _

from communities import space

from . import selectors


def _context(community, user) -> dict | None:
    story = selectors.community_story(community)
    if story is None:
        return None
    return {"story": story}


def register() -> None:
    space.register(
        space.Panel(
            key="story",
            label=_("Its story"),
            order=10,
            template="cms/panels/story.html",
            context=_context,
        )
    )
