"""The baseline of bench/chat.py: a minimal broadcast server with `websockets`.

It does the same job as the discussions, with nothing else: every text frame
{"type": "post", "body": ...} a client sends is published on Redis, and every
process relays what Redis publishes to all its sockets. No database, no
permission, no rendering. Run: python bench/chat_baseline.py PORT REDIS_URL
"""

import asyncio
import json
import sys

import redis.asyncio as redis
from websockets.asyncio.server import broadcast, serve

TOPIC = "chat-baseline"


async def main(port: int, redis_url: str):
    sockets = set()
    connection = redis.from_url(redis_url)
    next_id = 0

    async def handler(websocket):
        sockets.add(websocket)
        try:
            await websocket.send(json.dumps({"type": "hello"}))
            async for text in websocket:
                frame = json.loads(text)
                if frame.get("type") == "post":
                    await connection.publish(TOPIC, frame["body"])
        finally:
            sockets.discard(websocket)

    async def relay():
        nonlocal next_id
        pubsub = connection.pubsub()
        await pubsub.subscribe(TOPIC)
        async for item in pubsub.listen():
            if item["type"] != "message":
                continue
            next_id += 1
            body = item["data"].decode()
            text = json.dumps({"type": "message", "message": {"id": next_id, "body": body}})
            broadcast(sockets, text)

    relay_task = asyncio.ensure_future(relay())
    # No compression, like the discussions' servers: both pay the same per frame.
    async with serve(
        handler, "127.0.0.1", port, ping_interval=None, max_queue=None, compression=None
    ):
        print("ready", flush=True)
        await asyncio.Future()
    relay_task.cancel()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
