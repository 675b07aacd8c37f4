"""Every page type carries a Content-Security-Policy and a Permissions-Policy.

The site's own pages allow no inline script and no inline style; the Wagtail
and Django admins allow inline styles (docs/security.md) but no inline script
without the response's nonce.
"""

import pytest
from django.urls import reverse

from discussions import services as discussions
from tests.events.factories import EventFactory
from tests.factories import UserFactory


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.fixture
def pages(people, community):
    event = EventFactory(community=community)
    channel = discussions.general_channel_ensure(community=community)
    return {
        "home": "/",
        "community": reverse("communities:detail", args=[community.slug]),
        "event": event.get_absolute_url(),
        "channel": reverse("discussions:detail", args=[community.slug, channel.pk]),
        "login": "/accounts/login/",
        "feed": "/feeds/news.rss",
        "not found": "/nowhere/",
    }


def test_site_pages_allow_scripts_and_styles_from_the_site_only(client, people, pages):
    client.force_login(people["engaged"])
    for name, url in pages.items():
        response = client.get(url)
        directives = _directives(response)
        assert directives["script-src"] == ["'self'"], name
        assert directives["style-src"] == ["'self'"], name
        assert directives["object-src"] == ["'none'"], name
        assert directives["frame-ancestors"] == ["'self'"], name
        assert "camera=()" in response["Permissions-Policy"], name
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", name


@pytest.mark.parametrize("url", ["/cms/login/", "/django-admin/login/"])
def test_admin_login_pages_carry_a_policy_too(client, db, url):
    directives = _directives(client.get(url))
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


def test_no_admin_may_run_inline_scripts_only_inline_styles(client, db):
    # Wagtail's own inline scripts carry the nonce (tests/cms/test_admin_scripts.py)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in ("/cms/", "/cms/login/", "/django-admin/", "/django-admin/login/"):
        directives = _directives(client.get(url))
        assert "'unsafe-inline'" not in directives["script-src"], url
        assert directives["script-src"][0] == "'self'", url
        assert "'unsafe-inline'" in directives["style-src"], url


def test_the_map_tiles_host_is_the_only_outside_image_source(client, db, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert _directives(client.get("/"))["img-src"] == [
        "'self'", "data:", "https://tiles.example.org"
    ]
    settings.MAP_TILES_URL = ""
    assert _directives(client.get("/"))["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_the_account_pages_allow_no_inline_script(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert _directives(response)["script-src"] == ["'self'"]
    assert '<script>' not in response.content.decode()
