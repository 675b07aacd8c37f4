"""Redis goes away under an open channel page: the page still shows, without
reloading, what was posted and edited meanwhile.

One uvicorn process (terreau.asgi) on the PostgreSQL test database and a
private redis-server (its own port, tests/processes.py) that the test stops.
While it is down no broadcast reaches anyone; the page's heartbeat (a ping
every 20 seconds, its pong naming the channel's latest change number) shows
the gap and one sync from the database fills it. The browser's clock is
moved forward rather than waited for.
"""

import shutil
from datetime import datetime, timedelta

import pytest
from django.test import Client

from communities.models import Circle
from discussions import services
from discussions.models import Message
from tests.conftest import service_missing
from tests.discussions.realtime import layer_config
from tests.discussions.servers import AsgiServer
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.processes import REDIS_SERVER, RedisServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_redis():
    if not shutil.which(REDIS_SERVER):
        service_missing(f"redis-server is not installed ({REDIS_SERVER})")
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def asgi_server(postgres, private_redis, tmp_path, settings):
    from django.db import connection

    # This process's own broadcasts stay in memory: they are lost, as the
    # servers' are while Redis is down.
    settings.CHANNEL_LAYERS = layer_config("memory")
    s = connection.settings_dict
    database_url = (
        f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )
    log = open(tmp_path / "uvicorn.log", "w")  # noqa: SIM115 -- closed below
    server = AsgiServer(database_url=database_url, redis_url=private_redis.url, log=log).start()
    yield server
    server.stop()
    log.close()


def signed_in(context, server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.http_url}]
    )


def test_messages_of_a_redis_outage_appear_without_reload(browser, asgi_server, private_redis):
    community = CommunityFactory(name="Jardins partagés", slug="jardins")
    alice = UserFactory(email="alice@example.org", display_name="Alice Martin")
    bruno = UserFactory(email="bruno@example.org", display_name="Bruno Petit")
    for user in (alice, bruno):
        MembershipFactory(community=community, user=user, circle=Circle.CITIZENS)
    channel = services.general_channel_ensure(community=community)
    url = f"{asgi_server.http_url}{channel.get_absolute_url()}"

    contexts, pages = [], {}
    try:
        for name, user in (("alice", alice), ("bruno", bruno)):
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
            context.set_default_timeout(15_000)
            if name == "bruno":
                # Bruno's timers run on a clock the test moves by hand.
                context.clock.install()
            signed_in(context, asgi_server, user)
            contexts.append(context)
            pages[name] = context.new_page()
            pages[name].goto(url)
            pages[name].wait_for_selector("#chat[data-connected='1']")
        alice_page, bruno_page = pages["alice"], pages["bruno"]
        # Stopped: no heartbeat before the test says so, however slow the machine.
        bruno_page.clock.pause_at(datetime.now() + timedelta(seconds=1))
        bruno_page.evaluate("window.__stillTheSamePage = true")

        alice_page.fill("#chat-form textarea[name=body]", "Arrosage demain à 8 h")
        alice_page.click("#chat-form button[type=submit]")
        bruno_page.locator("#chat-log article", has_text="Arrosage demain à 8 h").wait_for()

        private_redis.stop()
        # Alice posts over her socket: stored, but its broadcast goes nowhere.
        alice_page.fill("#chat-form textarea[name=body]", "Finalement à 9 h, pendant la coupure")
        alice_page.click("#chat-form button[type=submit]")
        # Her own page fetches it back within a second of the acknowledgement.
        alice_page.locator("#chat-log article", has_text="pendant la coupure").wait_for()
        first = Message.objects.get(body="Arrosage demain à 8 h")
        services.message_edit(message=first, actor=alice, body="Arrosage demain à 9 h")
        assert bruno_page.locator("#chat-log article", has_text="pendant la coupure").count() == 0

        # Bruno's next heartbeat: the pong names a newer change, the page syncs.
        bruno_page.clock.fast_forward(20_000)
        bruno_page.locator("#chat-log article", has_text="pendant la coupure").wait_for()
        edited = bruno_page.locator(f"#message-{first.pk}")
        edited.filter(has_text="Arrosage demain à 9 h").wait_for()
        assert "(modifié)" in edited.inner_text()
        assert bruno_page.evaluate("window.__stillTheSamePage") is True
        # Each message once, in order.
        bodies = bruno_page.locator("#chat-log article .chat-body").all_inner_texts()
        assert bodies == ["Arrosage demain à 9 h", "Finalement à 9 h, pendant la coupure"]

        private_redis.start()
    finally:
        for context in contexts:
            context.close()
