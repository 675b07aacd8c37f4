"""GET /healthz: the state of the database, the channel layer and the broker.

Answers 200 when every component answers, 503 otherwise, always as JSON, so
a load balancer or a person can read it. Each check is bounded in time.
"""

import asyncio
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


def check_channel_layer():
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    token = uuid.uuid4().hex

    async def roundtrip():
        name = await layer.new_channel("healthz.")
        await layer.send(name, {"type": "healthz", "token": token})
        message = await layer.receive(name)
        if message.get("token") != token:
            raise RuntimeError("channel layer returned another message")

    async def bounded():
        # The whole round trip, connection included: a host that drops packets
        # or a Redis that accepts but never answers would otherwise block here.
        try:
            await asyncio.wait_for(roundtrip(), timeout=TIMEOUT)
        except TimeoutError:
            raise TimeoutError(f"no answer within {TIMEOUT} s") from None

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
