"""GET /healthz: the state of the database, the channel layer and the broker.

Answers 200 when every component answers, 503 otherwise, always as JSON, so
a load balancer or a person can read it. Each check is bounded in time.
"""

import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _timed(check):
    start = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # a health check reports failures, it never raises
        detail, ok = f"{type(exc).__name__}: {exc}", False
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


def check_channel_layer():
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    name = async_to_sync(layer.new_channel)("healthz.")
    token = uuid.uuid4().hex

    async def roundtrip():
        import asyncio

        await layer.send(name, {"type": "healthz", "token": token})
        message = await asyncio.wait_for(layer.receive(name), timeout=2)
        if message.get("token") != token:
            raise RuntimeError("channel layer returned another message")

    async_to_sync(roundtrip)()
    return type(layer).__name__


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process (tasks run eagerly, no broker)"
    from terreau.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _timed(check_database),
        "channel_layer": _timed(check_channel_layer),
        "broker": _timed(check_broker),
    }
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )
