"""Reads for the CMS pages.

Live data of the other apps comes from their own selectors (communities,
events); the CMS never copies it. Each function costs a constant number of
queries whatever the number of rows.
"""

from django.db.models import QuerySet
from taggit.models import Tag

from communities import selectors as community_selectors
from communities.models import Community, Direction
from events import selectors as event_selectors

# --- Home --------------------------------------------------------------------------


def home_communities(*, featured_ids: list[int], limit: int) -> tuple[list[Community], bool]:
    """The featured communities in the editors' order, or the first ones by name.

    Two queries: the communities with their circle counts, their themes.
    """
    communities = community_selectors.community_list()
    if featured_ids:
        by_id = {c.pk: c for c in communities.filter(pk__in=featured_ids)}
        chosen = [by_id[pk] for pk in featured_ids if pk in by_id]
        return chosen, True
    rows = list(communities[: limit + 1])
    return rows[:limit], len(rows) > limit


def next_events(*, limit: int):
    return event_selectors.next_public_events(limit=limit)


def latest_news(*, limit: int):
    from .models import NewsPage

    return list(_news(NewsPage.objects.all())[:limit])


def newsroom():
    """The page that gathers every direction's news, if there is one."""
    from .models import NewsIndexPage

    return NewsIndexPage.objects.live().filter(direction__isnull=True).order_by("path").first()


# --- News ----------------------------------------------------------------------------


def _news(queryset):
    # .public() leaves out pages behind a view restriction (one query).
    return (
        queryset.live()
        .public()
        .select_related("direction", "image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-first_published_at", "-pk")
    )


def news_list(*, within=None, direction: str = "", community: str = "", tag: str = "") -> QuerySet:
    """Live news under `within` (anywhere when None), newest first, filtered."""
    from .models import NewsPage

    news = NewsPage.objects.all()
    if within is not None:
        news = news.descendant_of(within)
    if direction:
        news = news.filter(direction__slug=direction)
    if community:
        news = news.filter(communities__slug=community)
    if tag:
        news = news.filter(tags__slug=tag)
    return _news(news)


def news_filter_choices(*, within) -> dict:
    """The directions, communities and tags that live news under `within` carry."""
    from .models import NewsPage

    live = NewsPage.objects.live().public().descendant_of(within).values("pk")
    return {
        "directions": list(
            Direction.objects.filter(news_pages__in=live).distinct().order_by("name")
        ),
        "communities": list(
            Community.objects.filter(news_pages__in=live).distinct().order_by("name")
        ),
        "tags": list(
            Tag.objects.filter(cms_newspagetag_items__content_object__in=live)
            .distinct()
            .order_by("name")
        ),
    }


def news_communities(page) -> list[Community]:
    return list(page.communities.order_by("name"))


# --- Communities ---------------------------------------------------------------------


def community_stories(*, within):
    from .models import CommunityPage

    return list(
        CommunityPage.objects.child_of(within)
        .live()
        .public()
        .select_related("community")
        .order_by("title")
    )


def community_story(community):
    """The live, public story of a community, or None: two queries (the page,
    the view restrictions)."""
    from .models import CommunityPage

    return CommunityPage.objects.live().public().filter(community=community).first()
