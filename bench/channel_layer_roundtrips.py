"""Round trips through the site's channel layer, as /healthz's check made
them before 2026-12-05 (new channel, send, receive, nothing freed), on one
event loop as under uvicorn: how many messages were lost and how many
channels were left subscribed in the process afterwards.

    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python bench/channel_layer_roundtrips.py 2000 20

Printed on 2026-12-05 at load average 8: N=2000 conc=20 lost=0 worst=215ms
channels_left=2000; N=3000 conc=100 lost=0 worst=453ms channels_left=3000
(docs/performance.md, "What the health check did wrong").
"""

import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings.local")

import django

django.setup()

from channels.layers import get_channel_layer

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
CONCURRENT = int(sys.argv[2]) if len(sys.argv) > 2 else 20


async def main():
    layer = get_channel_layer()
    lost, worst = 0, 0.0
    gate = asyncio.Semaphore(CONCURRENT)

    async def one():
        nonlocal lost, worst
        async with gate:
            start = time.perf_counter()
            name = await layer.new_channel("healthz.")
            await layer.send(name, {"type": "healthz", "token": uuid.uuid4().hex})
            try:
                await asyncio.wait_for(layer.receive(name), 1.0)
            except TimeoutError:
                lost += 1
            worst = max(worst, time.perf_counter() - start)

    await asyncio.gather(*(one() for _ in range(N)))
    inner = layer._get_layer() if hasattr(layer, "_get_layer") else layer
    left = len(getattr(inner, "channels", {}))
    print(f"N={N} conc={CONCURRENT} lost={lost} worst={worst * 1000:.0f}ms channels_left={left}")


asyncio.run(main())
