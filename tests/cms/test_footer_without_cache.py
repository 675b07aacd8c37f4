"""A Redis outage slows pages down; it never breaks them."""

from tests.factories import CommunityFactory


def test_pages_render_when_the_cache_server_is_down(client, db, settings):
    # Given a cache configured on a port where nothing answers
    settings.CACHES = {
        "default": {
            "BACKEND": "terreau.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    community = CommunityFactory()

    # When someone opens the home page and a community page
    home = client.get("/")
    page = client.get(community.get_absolute_url())

    # Then both answer normally, footer included
    assert home.status_code == 200
    assert page.status_code == 200
    assert "site-footer" in page.content.decode()
