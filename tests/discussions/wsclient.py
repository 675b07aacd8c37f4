"""A WebSocket client that behaves like static/discussions/chat.js.

It keeps the messages it shows by id, each in its latest state, and the
change number up to which it holds every change (`last_seq`). It reconnects
with a growing delay and then asks for every change after that number; it
pings, and a pong announcing a newer number, or a frame skipping one (a
lost broadcast), triggers a sync too. A frame at or below `last_seq` is
old news and dropped; a change is applied only if newer than what is shown,
so `applied` lists each applied change once, in increasing order.
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
        # The ids of the message frames that arrived live, in order, duplicates
        # included. A sync may bring a message again (a pong announced it before
        # its live frame arrived): that is not counted here.
        self.live: list[int] = []
        self.applied: list[int] = []  # the change numbers shown, in the order shown
        self.last_seq = 0  # every change up to this one is shown
        self.highest_seq = 0  # the newest number heard of
        self.syncing = False
        self.connections = 0
        self.gap_syncs = 0  # syncs asked because a gap was noticed (frame or pong)
        self.syncs = 0  # sync answers received (the first one follows each hello)
        self.reloads = 0  # "reload" answers (the page would be reloaded)
        self.connected = asyncio.Event()
        self.closed_code = None
        self.socket = None
        self.errors: list[dict] = []
        self.acks: dict = {}
        self._task = None
        self._stop = False

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

    async def _sync(self, socket, *, gap: bool):
        if self.syncing:
            return
        self.syncing = True
        self.gap_syncs += gap
        await socket.send(json.dumps({"type": "sync", "after": self.last_seq}))

    async def _listen(self, socket):
        self.syncing = False
        async for text in socket:
            frame = json.loads(text)
            kind = frame["type"]
            if kind == "hello":
                self.connections += 1
                self.connected.set()
                await self._sync(socket, gap=False)
            elif kind == "message":
                message = frame["message"]
                self.live.append(message["id"])
                if message["seq"] <= self.last_seq:
                    continue  # shown already, in this state or a later one
                self.highest_seq = max(self.highest_seq, message["seq"])
                if message["seq"] == self.last_seq + 1:
                    self._show(message)
                    self.last_seq = message["seq"]
                else:
                    await self._sync(socket, gap=True)
            elif kind == "sync":
                self.syncing = False
                self.syncs += 1
                for message in frame["messages"]:
                    if message["seq"] > self.last_seq:
                        self._show(message)
                self.last_seq = max(self.last_seq, frame["last_seq"])
                if self.highest_seq > self.last_seq:
                    await self._sync(socket, gap=True)
                self.highest_seq = max(self.highest_seq, self.last_seq)
            elif kind == "reload":
                self.syncing = False
                self.reloads += 1
            elif kind == "pong":
                if frame["last_seq"] > self.last_seq:
                    self.highest_seq = max(self.highest_seq, frame["last_seq"])
                    await self._sync(socket, gap=True)
            elif kind == "posted":
                self.acks[frame["ref"]] = frame["id"]
            elif kind == "error":
                self.syncing = False
                self.errors.append(frame)

    def _show(self, message):
        shown = self.shown.get(message["id"])
        if shown is not None and shown["seq"] >= message["seq"]:
            return
        self.shown[message["id"]] = message
        self.applied.append(message["seq"])
