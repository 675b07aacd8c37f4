"""The Wagtail admin runs under a Content-Security-Policy without
'unsafe-inline' for scripts: each inline initialiser Wagtail writes (date and
time widgets, choosers, inline panels) carries the response's nonce, and
nothing else does (cms/admin_scripts.py, terreau.middleware)."""

import re

import pytest
from django.utils.safestring import SafeData

from terreau import middleware
from tests.factories import UserFactory

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _script_src(response) -> list[str]:
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == "script-src":
            return words[1:]
    raise AssertionError("no script-src")


def _inline_scripts(page: str) -> list[str]:
    """The attributes of each executable inline script of the page."""
    return [
        attributes for attributes in SCRIPT.findall(page)
        if "src=" not in attributes and "application/json" not in attributes
    ]


@pytest.fixture
def admin_client(client, home):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "screen",
    [
        "home page (inline panel, date widgets)",
        "news page (date widget, image chooser)",
        "page explorer (date-range filters)",
        "dashboard",
    ],
)
def test_every_inline_script_of_the_wagtail_admin_carries_the_nonce(
    admin_client, home, environment_news, screen
):
    url = {
        "home page (inline panel, date widgets)": f"/cms/pages/{home.pk}/edit/",
        "news page (date widget, image chooser)":
            f"/cms/pages/add/cms/newspage/{environment_news.pk}/",
        "page explorer (date-range filters)": f"/cms/pages/{environment_news.pk}/",
        "dashboard": "/cms/",
    }[screen]

    response = admin_client.get(url)

    assert response.status_code == 200
    sources = _script_src(response)
    assert "'unsafe-inline'" not in sources
    page = response.content.decode()
    scripts = _inline_scripts(page)
    if screen == "dashboard":
        assert scripts == []
        return
    nonces = [s for s in sources if s.startswith("'nonce-")]
    assert len(nonces) == 1, sources
    nonce = nonces[0][len("'nonce-"):-1]
    assert scripts, "the editor writes inline scripts: this test must see them"
    assert all(f'nonce="{nonce}"' in attributes for attributes in scripts), scripts


def test_the_home_page_editor_has_an_inline_panel_and_date_widgets(admin_client, home):
    page = admin_client.get(f"/cms/pages/{home.pk}/edit/").content.decode()

    assert "new InlinePanel(" in page
    assert "initDateTimeChooser(" in page


def test_a_site_page_without_inline_script_has_no_nonce(client, home):
    assert _script_src(client.get("/")) == ["'self'"]


def _in_request(rf, html):
    """nonce_inline_script() as a widget calls it while a response is written."""
    request = rf.get("/cms/")
    token = middleware._current_request.set(request)
    request.csp_nonce = "n0nce"
    try:
        return middleware.nonce_inline_script(html)
    finally:
        middleware._current_request.reset(token)


def test_the_nonce_goes_to_the_one_script_that_ends_a_fragment(rf):
    widget = '<input id="id_date"><script>initDateChooser("id_date", {});</script>\n'
    assert _in_request(rf, widget) == (
        '<input id="id_date"><script nonce="n0nce">initDateChooser("id_date", {});</script>\n'
    )
    panel = '<script id="x" type="application/json">{}</script><script>new P();</script>'
    assert _in_request(rf, panel).endswith('<script nonce="n0nce">new P();</script>')


@pytest.mark.parametrize(
    "html",
    [
        # a value that closed Wagtail's script and opened its own
        '<script>new Chooser("id", {"x": "</script><script>alert(1)"});</script>',
        '<script>new Chooser("id", "</script><script type=module>alert(1)");</script>',
        # a script that does not end the fragment, or two of them
        '<script>a()</script><p>text</p>',
        '<script>a()</script><script>b()</script>',
        # a script that already says what it is
        '<script type="text/javascript">a()</script>',
        "<p>no script</p>",
    ],
)
def test_anything_else_never_gets_the_nonce(rf, html):
    assert "n0nce" not in _in_request(rf, html)


def test_outside_a_request_nothing_changes_and_safe_stays_safe(rf):
    from django.utils.safestring import mark_safe

    html = mark_safe("<input><script>a()</script>")
    assert middleware.nonce_inline_script(html) == html
    assert isinstance(_in_request(rf, html), SafeData)


async def _get_twice(async_client, user, url):
    from asgiref.sync import sync_to_async
    from django.db import connections

    await async_client.aforce_login(user)
    try:
        return [await async_client.get(url), await async_client.get(url)]
    finally:
        # The views ran in asgiref's thread, whose connection would otherwise
        # stay open after the test (tests/db_sessions.py named it).
        await sync_to_async(connections.close_all)()


@pytest.mark.django_db(transaction=True)
def test_under_asgi_the_widgets_get_the_nonce_of_their_own_response(async_client, home):
    # production serves the admin through ASGI, where each middleware hook and
    # the view run in a thread and a context of their own
    import asyncio

    user = UserFactory(is_staff=True, is_superuser=True)
    responses = asyncio.run(_get_twice(async_client, user, f"/cms/pages/{home.pk}/edit/"))

    nonces = []
    for response in responses:
        assert response.status_code == 200
        nonce = [s for s in _script_src(response) if s.startswith("'nonce-")][0][len("'nonce-"):-1]
        scripts = _inline_scripts(response.content.decode())
        assert scripts and all(f'nonce="{nonce}"' in attributes for attributes in scripts)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
