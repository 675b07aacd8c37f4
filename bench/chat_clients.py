"""The chat benchmark's WebSocket clients: receivers, the sender's conversation, idle sockets (see chat.py)."""

import asyncio
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import websockets  # noqa: E402
from chat_processes import cpu_seconds, profile  # noqa: E402


BODY = re.compile(r'"body": ?"bench (\d+)"')
POSTED = re.compile(r'"type": ?"posted", ?"ref": ?(\d+)')
GRACE = 10.0


class Receiver:
    """One listening client: when each bench message arrived."""

    def __init__(self):
        self.arrivals: dict[int, float] = {}
        self.acknowledged: dict[int, float] = {}  # the sender's posts the server stored
        self.ready = asyncio.Event()
        self.socket = None

    async def run(self, url, cookie, origin):
        async with websockets.connect(
            url, additional_headers={"Cookie": cookie}, origin=origin,
            ping_interval=None, open_timeout=60, max_size=None, max_queue=None,
        ) as socket:
            self.socket = socket
            async for text in socket:
                if '"bench ' in text:
                    match = BODY.search(text)
                    if match:
                        self.arrivals.setdefault(int(match.group(1)), time.monotonic())
                elif '"posted"' in text:
                    match = POSTED.search(text)
                    if match:
                        self.acknowledged.setdefault(int(match.group(1)), time.monotonic())
                elif not self.ready.is_set() and '"hello"' in text:
                    self.ready.set()


async def connect_all(receivers, urls, cookies, origins, concurrency=50):
    """Open every socket (a few at a time) and wait for each hello."""
    tasks = []
    gate = asyncio.Semaphore(concurrency)

    async def one(receiver, url, cookie, origin):
        async with gate:
            task = asyncio.ensure_future(receiver.run(url, cookie, origin))
            tasks.append(task)
            await asyncio.wait_for(receiver.ready.wait(), 120)

    await asyncio.gather(
        *(one(r, u, c, o) for r, u, c, o in zip(receivers, urls, cookies, origins, strict=True))
    )
    return tasks


async def close_all(receivers, tasks):
    for receiver in receivers:
        if receiver.socket is not None:
            await receiver.socket.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def conversation(
    urls, origins, cookies, sender_url, sender_cookie, sender_origin, rate, duration, pids=(),
    acknowledges=True,
):
    """N listeners, one sender at `rate` for `duration`: latency and losses."""
    receivers = [Receiver() for _ in urls]
    tasks = await connect_all(receivers, urls, cookies, origins)
    sender = Receiver()
    tasks += await connect_all([sender], [sender_url], [sender_cookie], [sender_origin])
    await asyncio.sleep(2.5)  # let the presence announcements of the arrivals pass

    count = int(rate * duration)
    sent: dict[int, float] = {}
    profilers = profile(pids, duration)
    cpu_before = cpu_seconds(pids)
    start = time.monotonic()
    for k in range(count):
        delay = start + k / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        sent[k] = time.monotonic()
        await sender.socket.send(json.dumps({"type": "post", "body": f"bench {k}", "ref": k}))
    last_sent = time.monotonic()

    def complete():
        stored = len(sender.acknowledged) >= count or not acknowledges
        return stored and all(len(r.arrivals) >= count for r in receivers)

    while not complete() and time.monotonic() - last_sent < GRACE:
        await asyncio.sleep(0.05)
    cpu_used = cpu_seconds(pids) - cpu_before
    for profiler in profilers:
        profiler.wait()
    await close_all(receivers + [sender], tasks)

    latencies = [
        (arrived - sent[k]) * 1000 for r in receivers for k, arrived in r.arrivals.items() if k in sent
    ]
    delivered = len(latencies)
    # The baseline stores nothing and acknowledges nothing: every post counts.
    stored = set(sender.acknowledged) if acknowledges else set(sent)
    # Storing alone: from the sender's frame to its "posted" acknowledgement.
    storing = sorted((t - sent[k]) * 1000 for k, t in sender.acknowledged.items() if k in sent)
    lost = sum(1 for r in receivers for k in stored if k not in r.arrivals)
    last_arrival = max((a for r in receivers for a in r.arrivals.values()), default=last_sent)
    latencies.sort()
    return {
        "messages": count,
        "expected_deliveries": count * len(receivers),
        "delivered": delivered,
        "not_acknowledged": count - len(stored),
        "lost": lost,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "ack_p50_ms": round(statistics.median(storing), 1) if storing else None,
        "ack_p99_ms": round(storing[int(0.99 * (len(storing) - 1))], 1) if storing else None,
        "deliveries_per_s": round(delivered / max(last_arrival - start, 1e-9), 1),
        "server_cpu_us_per_delivery": round(cpu_used / max(delivered, 1) * 1e6, 1),
    }


async def idle_memory(url, origin, cookies, count, rss):
    """Resident memory per idle socket: RSS after `count` sockets minus before."""
    warm = [Receiver()]
    tasks = await connect_all(warm, [url], cookies[:1], [origin])
    await close_all(warm, tasks)
    await asyncio.sleep(1.5)
    before = rss()
    receivers = [Receiver() for _ in range(count)]
    tasks = await connect_all(
        receivers, [url] * count, [cookies[n % len(cookies)] for n in range(count)], [origin] * count
    )
    await asyncio.sleep(3)
    after = rss()
    await close_all(receivers, tasks)
    return round((after - before) / count, 1)
