"""Random frames to every socket command: always an answer, never a closed socket.

Hypothesis draws frames of every kind (any Unicode, lone surrogates sent raw
in the frame, control characters, very long strings, random JSON shapes, the
right command with fields of any type, binary frames) and sends them through
Channels' WebsocketCommunicator to terreau.asgi's real router, a batch per
connection. After each frame a ping: every frame but a valid "typing" or
"read" (which answer nothing) must have been answered before the pong, and
the socket must never close.
"""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from discussions import frames

from .realtime import layer_config, open_socket, send

pytestmark = pytest.mark.django_db(transaction=True)

# Every character, lone surrogates (category Cs) and controls included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.sampled_from(["", " ", "\x00", "\ud800", "a\udfffb", "\u202e", "\x1b[31m", "@", "<script>"]),
    # Very long: around the message limit, past it, past the frame limit.
    st.builds(lambda c, n: c * n, ANY_CHAR, st.sampled_from([4000, 4001, 8001, frames.MAX_FRAME_CHARS + 1])),
)
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), TEXT,
)
JSON = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8
)
COMMANDS = sorted(frames.SCHEMAS)
FIELDS = sorted({name for schema in frames.SCHEMAS.values() for name in schema} | {"channel"})


@st.composite
def command_frames(draw):
    """A known command whose fields (its own, or any) hold anything."""
    frame = {"type": draw(st.sampled_from(COMMANDS))}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        frame[name] = draw(st.one_of(JSON, TEXT, st.integers(min_value=0, max_value=2**63)))
    if draw(st.booleans()):
        frame[draw(TEXT)] = draw(JSON)
    return frame


@st.composite
def well_typed_frames(draw):
    """A command with fields of the right types: the content is what is random."""
    command = draw(st.sampled_from(COMMANDS))
    ids = st.integers(min_value=0, max_value=2**63 - 1)
    # A plain body half the time, so that the other fields get past the service.
    body = st.one_of(st.just("Bonjour"), TEXT)
    fields = {"body": body, "id": ids, "after": ids, "ref": st.one_of(TEXT, ids)}
    frame = {"type": command}
    for name in frames.SCHEMAS[command]:
        frame[name] = draw(fields[name])
    return frame


def as_text(value, ensure_ascii) -> str:
    # Without ensure_ascii, a lone surrogate travels raw in the frame's text.
    return json.dumps(value, ensure_ascii=ensure_ascii)


FRAME = st.one_of(
    st.builds(as_text, command_frames(), st.booleans()),
    st.builds(as_text, well_typed_frames(), st.booleans()),
    st.builds(as_text, well_typed_frames(), st.booleans()),
    st.builds(as_text, JSON, st.booleans()),
    TEXT,
    st.binary(max_size=64),
)


def silent(frame, channel_id) -> bool:
    """True for the valid commands that answer nothing (ping answers itself)."""
    if isinstance(frame, bytes):
        return False
    try:
        command, _fields = frames.parse(frame, channel_id=channel_id)
    except frames.FrameError:
        return False
    return command in {"typing", "read", "ping"}


# A sync is answered "sync", or "reload" past the bound or the channel's number.
ANSWERS = {"error", "posted", "message", "sync", "reload"}


@pytest.fixture
def memory_layer(settings):
    settings.CHANNEL_LAYERS = layer_config("memory")
    # Random posts must reach the services, not the rate limit.
    settings.DISCUSSIONS_RATE_LIMIT = None
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def command_of(frame) -> str | None:
    """The command a frame names, if it is a JSON object naming one."""
    try:
        data = json.loads(frame)
    except (TypeError, ValueError, RecursionError):
        return None
    command = data.get("type") if isinstance(data, dict) else None
    return command if command in frames.SCHEMAS else None


def test_random_frames_always_get_an_answer_and_never_close_the_socket(memory_layer, people, general):
    sent = set()  # the commands the examples named

    @hypothesis_settings(
        max_examples=60,
        deadline=None,
        database=None,
        derandomize=True,  # the same frames on every run, in CI too
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(batch=st.lists(FRAME, min_size=1, max_size=5))
    # Cases that once closed the socket, always tried first.
    @example(batch=['{"type": "post", "body": "ok", "ref": "\\ud800"}', '{"type": "post", "body": "a\udfff"}'])
    @example(batch=['{"type": "post", "body": "a\\u0000b"}', '{"a": ' * 1500 + "1" + "}" * 1500, b"\xff"])
    def check(batch):
        async_to_sync(exchange)(batch)

    async def exchange(batch):
        socket = await open_socket(people["citizen"], general.pk)
        for frame in batch:
            sent.add(command_of(frame))
            # The raw ASGI event: send_to() refuses an empty frame.
            kind = "bytes" if isinstance(frame, bytes) else "text"
            await socket.send_input({"type": "websocket.receive", kind: frame})
            await send(socket, {"type": "ping"})
            answers = []
            while True:
                output = await socket.receive_output(timeout=10)
                assert output["type"] == "websocket.send", (frame, output)
                # What a real server must encode: a lone surrogate here would
                # kill the socket there.
                output["text"].encode("utf-8")
                reply = json.loads(output["text"])
                if reply["type"] == "pong":
                    break
                if reply["type"] in ANSWERS:
                    answers.append(reply)
                    assert reply["type"] != "error" or reply["code"] != "server_error", (frame, reply)
            if not silent(frame, general.pk) and not answers:
                # A successful edit or delete answers with its broadcast, which
                # may come after the pong.
                reply = json.loads(await socket.receive_from(timeout=10))
                while reply["type"] not in ANSWERS:
                    reply = json.loads(await socket.receive_from(timeout=10))
        await socket.disconnect()

    check()
    # Every command of the protocol got random frames: a new one cannot be left out.
    assert set(frames.SCHEMAS) <= sent, set(frames.SCHEMAS) - sent
