"""Which feeds a page links to, for <link rel="alternate"> and the visible links."""

from django.urls import reverse
from django.utils.translation import gettext as _


def _feed(title: str, name: str, **kwargs) -> dict:
    return {
        "title": title,
        "rss": reverse(f"cms:{name}_rss", kwargs=kwargs),
        "atom": reverse(f"cms:{name}_atom", kwargs=kwargs),
    }


def all_news_feed() -> dict:
    return _feed(_("All the news"), "feed")


def feeds_for_page(page) -> list[dict]:
    feeds = []
    specific = getattr(page, "specific_deferred", page)
    direction_id = getattr(specific, "direction_id", None)
    community_id = getattr(specific, "community_id", None)
    if direction_id:
        direction = specific.direction
        feeds.append(
            _feed(
                _("News from %(direction)s") % {"direction": direction.name},
                "direction_feed",
                direction=direction.slug,
            )
        )
    elif community_id:
        return feeds_for_community(specific.community)
    feeds.append(all_news_feed())
    return feeds


def feeds_for_community(community) -> list[dict]:
    """A community's feed, then all the news (no query: name and slug are loaded)."""
    return [
        _feed(
            _("News about %(community)s") % {"community": community.name},
            "community_feed",
            community=community.slug,
        ),
        all_news_feed(),
    ]
