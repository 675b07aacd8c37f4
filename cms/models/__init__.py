"""Wagtail pages of the public site, and the footer's site setting.

The page tree (see docs/cms.md):

    HomePage                       the site's root page, served at "/"
    ├── NewsIndexPage              the newsroom: every direction's news
    │   └── NewsIndexPage          one section per direction (its editors' space)
    │       └── NewsPage
    ├── CommunityIndexPage
    │   └── CommunityPage          one per community, story + live data
    └── StandardPage               about, rules of participation, privacy...
"""

from .communities import CommunityIndexPage, CommunityPage
from .home import HomeFeaturedCommunity, HomePage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .publishing import DirectionPublishing
from .roles import RoleGroup
from .settings import FooterLinks
from .standard import StandardPage

__all__ = [
    "CommunityIndexPage",
    "CommunityPage",
    "DirectionPublishing",
    "FooterLinks",
    "HomeFeaturedCommunity",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "RoleGroup",
    "StandardPage",
]
