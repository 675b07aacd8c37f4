"""GET /healthz: what a load balancer (or a person) reads to know the platform works."""

import asyncio
import threading
import uuid

import pytest
import redis
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer
from django.db import connections

from terreau import health
from terreau.celery import app as celery_app

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_url():
    """Point the Celery app at another broker for one test.

    terreau/celery.py reads the settings once, at import: overriding
    CELERY_BROKER_URL in the settings would not reach the app.
    """
    before = celery_app.conf.broker_url

    def _point(url):
        celery_app.conf.broker_url = url

    yield _point
    celery_app.conf.broker_url = before


def _redis_everywhere(settings, broker_url, url):
    # The layer the site runs with REDIS_URL (terreau/settings/base.py):
    # pub/sub, where a message sent before its receiver subscribes is lost.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [url]},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker_url(url)


def _get_healthz(client):
    """GET /healthz, failing the test rather than hanging it if the page never answers.

    Not a timing assertion: the bound is far above what a healthy or a failing
    check takes; it only turns a hang into a readable failure.
    """
    answer = {}

    def call():
        try:
            answer["response"] = client.get("/healthz")
        finally:
            # This thread's own database connection: left open, it would
            # keep PostgreSQL from dropping the test database.
            connections.close_all()

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert "response" in answer, "/healthz did not answer: a check is not bounded in time"
    return answer["response"]


def test_health_is_ok_on_the_embedded_defaults(client, db, settings):
    # Given nothing installed but the platform itself
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.CELERY_TASK_ALWAYS_EAGER = True

    # When a load balancer asks
    response = client.get("/healthz")

    # Then every component answers
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "channel_layer",
        "broker",
    }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.services
def test_health_is_ok_with_redis_as_channel_layer_and_broker(
    client, db, settings, redis_url, broker_url
):
    # Given the production shape: Redis carries WebSocket messages and tasks
    _redis_everywhere(settings, broker_url, redis_url)

    # When a load balancer asks
    response = _get_healthz(client)

    # Then the message went through Redis and back, and the broker answered
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["channel_layer"]["detail"] == "RedisPubSubChannelLayer"
    assert body["checks"]["broker"]["detail"] == "redis"


def test_health_names_the_components_that_fail_when_redis_is_down(
    client, db, settings, broker_url
):
    # Given Redis configured but not answering
    _redis_everywhere(settings, broker_url, CLOSED_PORT)

    # When a load balancer asks
    response = _get_healthz(client)

    # Then it answers 503 in JSON (not a 500 page) naming what is down
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["broker", "channel_layer"]
    assert body["checks"]["database"]["ok"] is True
    # and says what failed without leaking the error's text (hosts, ports)
    assert body["checks"]["broker"]["detail"].startswith("unavailable (")
    assert str(CLOSED_PORT) not in response.content.decode()


def test_health_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405



@pytest.mark.services
def test_checks_leave_no_subscription_behind(settings, redis_url):
    """A load balancer polls /healthz every few seconds for months: each check
    subscribed the web process to a channel of its own on Redis and kept it
    (and its queue) for as long as the process lived."""
    prefix = f"healthz-test-{uuid.uuid4().hex[:8]}."
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": prefix},
        }
    }
    server = redis.Redis.from_url(redis_url)

    async def polled_ten_times():
        # As under the ASGI server: the view's thread runs the check on the
        # server's one event loop, where the layer and its subscriptions live.
        for _ in range(10):
            assert await sync_to_async(health.check_channel_layer)() == "RedisPubSubChannelLayer"
        return server.pubsub_channels(f"{prefix}*")

    assert asyncio.run(polled_ten_times()) == []


class FirstSendLost(InMemoryChannelLayer):
    """A layer that loses the first message sent, as Redis pub/sub does with a
    message published before the subscription to its channel is in force."""

    lost = 0

    async def send(self, channel, message):
        if not FirstSendLost.lost:
            FirstSendLost.lost += 1
            return
        await super().send(channel, message)


def test_one_lost_message_does_not_fail_the_check(client, db, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "tests.test_health.FirstSendLost"}}
    settings.CELERY_TASK_ALWAYS_EAGER = True
    FirstSendLost.lost = 0

    response = _get_healthz(client)

    assert FirstSendLost.lost == 1  # the first one was lost indeed
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["channel_layer"]["detail"] == "FirstSendLost"
