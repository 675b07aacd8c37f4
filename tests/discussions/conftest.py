import copy
import uuid

import pytest
from channels.layers import channel_layers
from django.db.models import F

from communities.models import Circle
from discussions import services
from discussions.models import Channel, Message
from discussions.services import unread

from .realtime import layer_config


@pytest.fixture(autouse=True)
def _private_cache(settings):
    """Each test gets its own cache namespace: rate limits and presence start empty.

    A prefix rather than cache.clear(): with REDIS_URL the cache is the shared
    Redis, which other tests (and the channel layer) use at the same time.
    """
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings):
    """Each socket scenario on the in-memory layer and on Redis (the
    `redis_url` fixture: skipped on a laptop without Redis, failing under CI)."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    settings.CHANNEL_LAYERS = layer_config(request.param, url)
    channel_layers.backends.clear()
    yield request.param
    channel_layers.backends.clear()


@pytest.fixture
def sent(monkeypatch):
    """Record what the services hand to broadcast (group, event), after commit."""
    from discussions import broadcast

    events = []
    monkeypatch.setattr(broadcast, "_send", lambda group, event: events.append((group, event)))
    return events


@pytest.fixture
def general(community):
    return services.general_channel_ensure(community=community)


@pytest.fixture
def informed_channel(community):
    return Channel.objects.create(community=community, name="Informés", min_circle=Circle.INFORMED)


@pytest.fixture
def engaged_channel(community):
    return Channel.objects.create(community=community, name="Noyau", min_circle=Circle.ENGAGED)


@pytest.fixture
def archived_channel(community):
    from django.utils import timezone

    return Channel.objects.create(community=community, name="Ancien", archived_at=timezone.now())


@pytest.fixture
def make_message():
    """Store a message directly (no service: no rate limit, no broadcast),
    numbered as the channel's next change like the services do, with the
    channel's unread counts recounted (as demo/large.py does after its bulk
    inserts)."""

    def _make(channel, author, body="Bonjour à tous", **fields):
        Channel.objects.filter(pk=channel.pk).update(last_seq=F("last_seq") + 1)
        seq = Channel.objects.values_list("last_seq", flat=True).get(pk=channel.pk)
        message = Message.objects.create(channel=channel, author=author, body=body, seq=seq, **fields)
        unread.recount(channel_ids=[channel.pk])
        return message

    return _make
