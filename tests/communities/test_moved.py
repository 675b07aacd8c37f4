"""Every community page that moved into /communities/<slug>/ answers 301 from
its former address (terreau/moved.py).

The test walks the URL configuration itself: any permanent redirect pattern
added later is checked too, and the known former addresses must stay.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView

from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

SLUG = "biodiversite"
SAMPLES = {"slug": SLUG, "int": "1", "str": "x", "path": "x"}

# The addresses a community's pages had before the community space; each
# must keep answering 301 (a bookmark, a link in an old e-mail, a feed reader).
FORMER = {
    f"/events/community/{SLUG}/": f"/communities/{SLUG}/events/",
    f"/events/community/{SLUG}/feed.ics": f"/communities/{SLUG}/events/feed.ics",
    f"/newsletters/community/{SLUG}/": f"/communities/{SLUG}/letters/manage/",
    f"/newsletters/community/{SLUG}/new/": f"/communities/{SLUG}/letters/new/",
    f"/newsletters/community/{SLUG}/archive/": f"/communities/{SLUG}/letters/",
    f"/newsletters/community/{SLUG}/feed.rss": f"/communities/{SLUG}/letters/feed.rss",
    f"/newsletters/community/{SLUG}/feed.atom": f"/communities/{SLUG}/letters/feed.atom",
    f"/newsletters/community/{SLUG}/subscribe/": f"/communities/{SLUG}/letters/subscribe/",
    f"/feeds/communities/{SLUG}.rss": f"/communities/{SLUG}/news.rss",
    f"/feeds/communities/{SLUG}.atom": f"/communities/{SLUG}/news.atom",
    f"/gardeners/{SLUG}/": f"/communities/{SLUG}/dashboard/",
    f"/insights/{SLUG}/": f"/communities/{SLUG}/dashboard/",
    f"/gardeners/{SLUG}/edit/": f"/communities/{SLUG}/edit/",
    f"/gardeners/{SLUG}/pair/": f"/communities/{SLUG}/pair/",
    f"/gardeners/{SLUG}/pair/end/": f"/communities/{SLUG}/pair/end/",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            view_class = getattr(entry.callback, "view_class", None)
            initkwargs = getattr(entry.callback, "view_initkwargs", {})
            if view_class is None or not issubclass(view_class, RedirectView):
                continue
            permanent = initkwargs.get("permanent", view_class.permanent)
            pattern_name = initkwargs.get("pattern_name", view_class.pattern_name)
            if permanent and pattern_name:
                yield route, pattern_name


def _fill(route: str) -> tuple[str, dict]:
    kwargs = {}

    def sample(match):
        converter, name = match.group(1) or "str", match.group(2)
        kwargs[name] = SAMPLES[converter]
        return SAMPLES[converter]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sample, route), kwargs


MOVED = sorted(_walk(get_resolver().url_patterns))


def test_every_former_community_address_is_still_answered():
    old_addresses = {_fill(route)[0] for route, _name in MOVED}
    assert set(FORMER) <= old_addresses


@pytest.mark.parametrize(("route", "pattern_name"), MOVED, ids=[r for r, _ in MOVED])
def test_a_former_address_answers_301_to_the_new_one(client, route, pattern_name):
    CommunityFactory(slug=SLUG)
    old, kwargs = _fill(route)

    response = client.get(old)

    new = reverse(pattern_name, kwargs=kwargs)
    assert response.status_code == 301
    assert response["Location"] == new
    if old in FORMER:
        assert new == FORMER[old]
        assert new.startswith(f"/communities/{SLUG}/")
    # The new address is a page, not another redirect nor a 404.
    assert client.get(new).status_code not in (301, 404)


def test_the_query_string_follows(client):
    CommunityFactory(slug=SLUG)

    response = client.get(f"/events/community/{SLUG}/?format=online&page=2")

    assert response.status_code == 301
    assert response["Location"] == f"/communities/{SLUG}/events/?format=online&page=2"


def test_a_form_posted_to_a_former_address_keeps_its_method(client):
    CommunityFactory(slug=SLUG)

    response = client.post(f"/newsletters/community/{SLUG}/subscribe/", {"subscribed": "1"})

    # 308, not 301: a browser sends the same POST to the new address.
    assert response.status_code == 308
    assert response["Location"] == f"/communities/{SLUG}/letters/subscribe/"


def test_an_unknown_community_at_a_former_address_is_a_404_after_the_move(client, db):
    response = client.get("/events/community/nope/", follow=True)

    assert response.redirect_chain == [("/communities/nope/events/", 301)]
    assert response.status_code == 404
