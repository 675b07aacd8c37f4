"""Two members in two browsers: one types, the other sees it without reloading.

The live server of pytest-django speaks HTTP only, so the channel pages are
served here by a real daphne process (terreau.asgi: HTTP and WebSockets) on
the same PostgreSQL test database. Each browser context carries its
member's session cookie.
"""

import pytest
from django.test import Client

from discussions import services
from communities.models import Circle
from tests.discussions.servers import DaphneServer
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server(postgres, tmp_path):
    from django.db import connection

    s = connection.settings_dict
    database_url = (
        f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    log = open(tmp_path / "daphne.log", "w")  # noqa: SIM115 -- closed below
    # No REDIS_URL: one process, the in-memory channel layer is enough here.
    server = DaphneServer(database_url=database_url, redis_url="", log=log).start()
    yield server
    server.stop()
    log.close()


def signed_in(context, server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.http_url}]
    )


def test_a_message_appears_live_in_the_other_browser(browser, page, asgi_server, assert_accessible):
    community = CommunityFactory(name="Biodiversité", slug="biodiversite")
    alice = UserFactory(email="alice@example.org", display_name="Alice Martin")
    bruno = UserFactory(email="bruno@example.org", display_name="Bruno Petit")
    MembershipFactory(community=community, user=alice, circle=Circle.CITIZENS)
    MembershipFactory(community=community, user=bruno, circle=Circle.ENGAGED)
    channel = services.general_channel_ensure(community=community)
    url = f"{asgi_server.http_url}{channel.get_absolute_url()}"

    alice_page = page
    signed_in(alice_page.context, asgi_server, alice)
    bruno_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    bruno_context.set_default_timeout(10_000)
    try:
        signed_in(bruno_context, asgi_server, bruno)
        bruno_page = bruno_context.new_page()

        alice_page.goto(url)
        bruno_page.goto(url)
        for each in (alice_page, bruno_page):
            each.wait_for_selector("#chat[data-connected='1']")
        # Anything that reloads Bruno's page would drop this marker.
        bruno_page.evaluate("window.__stillTheSamePage = true")

        alice_page.fill("#chat-form textarea[name=body]", "Bonjour @bruno, on plante la haie samedi ?")
        alice_page.click("#chat-form button[type=submit]")

        message = bruno_page.locator("#chat-log article", has_text="on plante la haie samedi")
        message.wait_for()
        assert "Alice Martin" in message.inner_text()
        # The mention of Bruno is highlighted, the text escaped, no reload happened.
        assert message.locator("mark.mention").inner_text() == "@bruno"
        assert bruno_page.evaluate("window.__stillTheSamePage") is True
        # Alice's box is empty again and her message is in her own log.
        assert alice_page.input_value("#chat-form textarea[name=body]") == ""
        alice_page.locator("#chat-log article", has_text="on plante la haie samedi").wait_for()
        # Bruno sees who is online (announced within a second or two).
        bruno_page.wait_for_function(
            "document.getElementById('chat-presence').textContent.includes('Alice Martin')"
        )

        # And back: Bruno answers, Alice reads it live.
        bruno_page.fill("#chat-form textarea[name=body]", "Oui, 9 h devant la mairie.")
        bruno_page.click("#chat-form button[type=submit]")
        alice_page.locator("#chat-log article", has_text="9 h devant la mairie").wait_for()

        assert_accessible(bruno_page)
    finally:
        bruno_context.close()
