"""GET /healthz: the state of the database, the channel layer and the broker.

Answers 200 when every component answers, 503 otherwise, always as JSON, so
a load balancer or a person can read it. Each check is bounded in time.
"""

import asyncio
import contextlib
import logging
import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _timed(check):
    start = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # a health check reports failures, it never raises
        # The public answer names the kind of failure only: messages of
        # database and Redis errors may carry hosts and user names.
        logger.warning("health check %s failed", check.__name__, exc_info=True)
        detail, ok = f"unavailable ({type(exc).__name__})", False
    return {
        "ok": ok,
        "detail": detail,
        "ms": round((time.perf_counter() - start) * 1000, 1),
    }


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


# Seconds each remote check may take before it counts as failed. A load
# balancer polls this page; a check that hangs would hang the page with it.
TIMEOUT = 3


# A message published on Redis before the layer's subscription to its channel
# is in force is lost (pub/sub keeps nothing): the check sends it again at
# this interval, within TIMEOUT, rather than fail on one lost publish.
RESEND = 0.5


async def _release(layer, name):
    """Free the check's channel in this process and on Redis.

    Channel layers have no `delete_channel()`: they free a channel when a
    receive on it is cancelled (channels_redis' pub/sub layer unsubscribes
    then, the in-memory layer drops its queue). Without this, every check
    left one subscription and one queue behind in the web process for as
    long as it lived: one per load balancer poll (docs/deployment.md).
    """
    while True:
        waiter = asyncio.ensure_future(layer.receive(name))
        await asyncio.sleep(0)  # it runs until it waits on the channel's queue
        if waiter.done():  # a late copy of a message sent again: read, go round
            waiter.result()
            continue
        waiter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiter
        return


def check_channel_layer():
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    token = uuid.uuid4().hex
    sent = 0

    async def roundtrip():
        nonlocal sent
        name = await layer.new_channel("healthz.")
        receiving = asyncio.ensure_future(layer.receive(name))
        try:
            while not receiving.done():
                await layer.send(name, {"type": "healthz", "token": token})
                sent += 1
                await asyncio.wait({receiving}, timeout=RESEND)
            if receiving.result().get("token") != token:
                raise RuntimeError("channel layer returned another message")
        finally:
            if not receiving.done():
                receiving.cancel()  # frees the channel (see _release)
                with contextlib.suppress(asyncio.CancelledError):
                    await receiving
            elif receiving.exception() is None:
                await _release(layer, name)

    async def bounded():
        # The whole round trip, connection included: a host that drops packets
        # or a Redis that accepts but never answers would otherwise block here.
        try:
            await asyncio.wait_for(roundtrip(), timeout=TIMEOUT)
        except TimeoutError:
            # The log says how far it got: subscribed or not, sent how often.
            raise TimeoutError(f"no answer within {TIMEOUT} s (sent {sent} times)") from None

    async_to_sync(bounded)()
    return type(layer).__name__


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process (tasks run eagerly, no broker)"
    from terreau.celery import app

    # One attempt, no retry loop (kombu otherwise sleeps 2 s between tries),
    # and socket timeouts so that an unreachable host fails instead of hanging.
    with app.connection_for_write(
        connect_timeout=TIMEOUT,
        transport_options={"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
    ) as conn:
        conn.ensure_connection(max_retries=0, timeout=TIMEOUT)
        return conn.transport.driver_type


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _timed(check_database),
        "channel_layer": _timed(check_channel_layer),
        "broker": _timed(check_broker),
    }
    failing = sorted(name for name, check in checks.items() if not check["ok"])
    return JsonResponse(
        {"status": "error" if failing else "ok", "failing": failing, "checks": checks},
        status=503 if failing else 200,
    )
