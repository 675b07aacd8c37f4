"""A WebSocket client that behaves like static/discussions/chat.js.

It keeps the messages it shows by id (each once, in id order), reconnects
with a growing delay, asks for everything after the last id it holds, and
pings; a pong announcing a newer id than its own, or a new message whose
`previous_id` it has not seen, triggers a sync too.
"""

import asyncio
import json

import websockets


class ChatClient:
    def __init__(self, url: str, cookie: str, origin: str, name: str = ""):
        self.url = url
        self.headers = {"Cookie": cookie}
        self.origin = origin
        self.name = name
        self.shown: dict[int, dict] = {}
        self.received = 0  # frames carrying a message, duplicates included
        self.connections = 0
        self.gap_syncs = 0  # syncs asked because a gap was noticed
        self.connected = asyncio.Event()
        self.closed_code = None
        self.socket = None
        self.errors: list[dict] = []
        self.acks: dict = {}
        self._task = None
        self._stop = False

    @property
    def last_id(self) -> int:
        return max(self.shown, default=0)

    def ids(self) -> list[int]:
        return sorted(self.shown)

    def start(self, ping_interval=0.5):
        self._task = asyncio.ensure_future(self._run(ping_interval))
        return self

    async def stop(self):
        self._stop = True
        if self.socket is not None:
            await self.socket.close()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass

    async def send(self, frame: dict) -> bool:
        if self.socket is None or not self.connected.is_set():
            return False
        try:
            await self.socket.send(json.dumps(frame))
            return True
        except websockets.ConnectionClosed:
            return False

    async def _run(self, ping_interval):
        attempt = 0
        while not self._stop:
            try:
                async with websockets.connect(
                    self.url, additional_headers=self.headers, origin=self.origin,
                    open_timeout=5, ping_interval=None,
                ) as socket:
                    self.socket = socket
                    pinger = asyncio.ensure_future(self._ping(ping_interval))
                    try:
                        await self._listen(socket)
                        attempt = 0
                    except websockets.ConnectionClosed as closed:
                        if closed.rcvd is not None and closed.rcvd.code == 4403:
                            # No longer allowed to read the channel: like chat.js, stop.
                            self.closed_code = 4403
                            return
                        raise
                    finally:
                        pinger.cancel()
                        self.connected.clear()
            except (OSError, websockets.WebSocketException, asyncio.TimeoutError):
                self.connected.clear()
            if self._stop:
                return
            attempt += 1
            await asyncio.sleep(min(2.0, 0.1 * 2 ** attempt))

    async def _ping(self, interval):
        while True:
            await asyncio.sleep(interval)
            await self.send({"type": "ping"})

    async def _listen(self, socket):
        async for text in socket:
            frame = json.loads(text)
            kind = frame["type"]
            if kind == "hello":
                self.connections += 1
                self.connected.set()
                await socket.send(json.dumps({"type": "sync", "after": self.last_id}))
            elif kind == "message":
                previous = frame["message"].get("previous_id")
                if previous is not None and previous > self.last_id:
                    self.gap_syncs += 1
                    await socket.send(json.dumps({"type": "sync", "after": self.last_id}))
                self._show(frame["message"])
            elif kind == "sync":
                for message in frame["messages"]:
                    self._show(message)
                if frame["more"]:
                    await socket.send(json.dumps({"type": "sync", "after": frame["last_id"]}))
            elif kind == "pong":
                if frame["last_id"] > self.last_id:
                    self.gap_syncs += 1
                    await socket.send(json.dumps({"type": "sync", "after": self.last_id}))
            elif kind == "posted":
                self.acks[frame["ref"]] = frame["id"]
            elif kind == "error":
                self.errors.append(frame)

    def _show(self, message):
        self.received += 1
        self.shown[message["id"]] = message
