"""Reading a community's home as a person sees it: its panels by anchor.

Each app's tests check their own panel through the page itself
(communities/space.py): `panel(home_of(user, community), "needs")`.
"""

import re

from django.conf import settings
from django.test import Client


def home_of(user, community, *, language: str = "en"):
    """The community's home as `user` (an AnonymousUser for a visitor) sees it,
    in `language` (English by default: assertions read the source strings)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user.is_authenticated:
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        client.force_login(user)
    response = client.get(community.get_absolute_url())
    assert response.status_code == 200
    return response


def panel(response, key: str) -> str | None:
    """The panel `key` of a community's home, whitespace collapsed; None if absent."""
    html = response.content.decode()
    found = re.search(rf'<section id="{re.escape(key)}"[^>]*>(.*?)</section>', html, re.DOTALL)
    return " ".join(found.group(1).split()) if found else None


def skip_list(response) -> list[str]:
    """The anchors of the skip list at the top of the home, in order."""
    html = response.content.decode()
    nav = re.search(r'<nav class="panel-skip".*?</nav>', html, re.DOTALL)
    return re.findall(r'href="#([\w-]+)"', nav.group(0)) if nav else []
