"""What a client may send over a channel socket, checked in one place.

Each command has a small schema: the fields it may carry and the kind of
each. `parse()` turns a frame into (command, fields) or raises FrameError
with a stable code and a translated message; the consumer answers it with
an error frame and the socket stays open. Nothing reaches a service before
its frame passed here, so a service only ever sees the types it expects.

The checks, in order (the first that fails answers):
    bad_frame        a binary frame
    too_large        more than MAX_FRAME_CHARS characters
    bad_json         not JSON, or not a JSON object
    too_deep         lists or objects nested deeper than MAX_DEPTH
    unknown_command  "type" missing, not text, or not a command
    unknown_field    a field the command does not take
    bad_request      a field of the wrong type or size, or missing
    bad_characters   text holding a NUL byte or a lone surrogate
    wrong_channel    "channel" names another channel than the socket's
Content rules (empty, too long, rate, mute...) stay in the services.
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import services
from .formatting import printable

MAX_FRAME_CHARS = 16 * 1024
# {"type": "post", ...} is depth 1; no command needs more than that, and a
# little room keeps a future field of one list possible.
MAX_DEPTH = 3
MAX_ID = 2**63 - 1  # PostgreSQL's bigint
MAX_REF_CHARS = 64


class FrameError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Id:
    """A message id: an integer from 0 to bigint's maximum (not a bool, not 1e3)."""

    required: bool = True

    def clean(self, name, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
            raise FrameError(
                "bad_request", _("“%(field)s” must be a message id.") % {"field": name}
            )
        return value


@dataclass(frozen=True)
class Seq:
    """A change number of the channel (Channel.last_seq): an integer from 0 to bigint's maximum."""

    required: bool = True

    def clean(self, name, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
            raise FrameError(
                "bad_request",
                _("“%(field)s” must be a change number (a whole number from 0).")
                % {"field": name},
            )
        return value


@dataclass(frozen=True)
class Text:
    """Text of at most `max_chars` characters, storable (services.check_storable)."""

    max_chars: int
    required: bool = True

    def clean(self, name, value):
        if not isinstance(value, str):
            raise FrameError("bad_request", _("“%(field)s” must be text.") % {"field": name})
        if len(value) > self.max_chars:
            raise FrameError("too_large", _("This message is too long."))
        try:
            return services.check_storable(value)
        except ValidationError as error:
            raise FrameError(error.code, " ".join(error.messages)) from None


@dataclass(frozen=True)
class Ref:
    """The client's own label for a post, echoed in "posted": short text or a number."""

    required: bool = False

    def clean(self, name, value):
        if isinstance(value, bool) or not isinstance(value, str | int) or len(str(value)) > MAX_REF_CHARS:
            raise FrameError("bad_request", _("“ref” must be a short text."))
        if isinstance(value, str):
            Text(MAX_REF_CHARS).clean(name, value)
        return value


# The body may run to twice the stored limit here, so that a message a little
# too long gets the service's "keep it under N characters (this one has M)".
BODY = Text(services.MESSAGE_MAX_LENGTH * 2)

SCHEMAS = {
    "post": {"body": BODY, "ref": Ref()},
    "edit": {"id": Id(), "body": BODY},
    "delete": {"id": Id()},
    # "every change after this number" (docs/realtime.md, the resync)
    "sync": {"after": Seq()},
    "read": {"id": Id()},
    "typing": {},
    "ping": {},
}
# Any command may name its channel; it must be the socket's own.
COMMON = {"channel": Id(required=False)}


def _depth_exceeds(value, limit: int) -> bool:
    """True if `value` nests lists or objects deeper than `limit` (iteratively)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _decode(text_data, bytes_data) -> dict:
    if text_data is None:
        raise FrameError("bad_frame", _("Send text frames holding JSON."))
    if len(text_data) > MAX_FRAME_CHARS:
        raise FrameError("too_large", _("This frame is too large."))
    try:
        data = json.loads(text_data)
    except (ValueError, RecursionError):
        raise FrameError("bad_json", _("This frame is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise FrameError("bad_json", _("Send a JSON object."))
    if _depth_exceeds(data, MAX_DEPTH):
        raise FrameError("too_deep", _("This frame nests too deeply."))
    return data


def parse(text_data=None, bytes_data=None, *, channel_id: int) -> tuple[str, dict]:
    """The command and its checked fields, or FrameError saying what is wrong."""
    data = _decode(text_data, bytes_data)
    command = data.pop("type", None)
    if not isinstance(command, str) or command not in SCHEMAS:
        raise FrameError("unknown_command", _("Unknown command."))
    schema = {**SCHEMAS[command], **COMMON}
    unknown = set(data) - set(schema)
    if unknown:
        raise FrameError(
            "unknown_field",
            _("Unknown field for this command: %(fields)s.")
            % {"fields": printable(", ".join(sorted(unknown))[:200])},
        )
    fields = {}
    for name, kind in schema.items():
        if name in data:
            fields[name] = kind.clean(name, data[name])
        elif kind.required:
            kind.clean(name, None)  # says which field is missing
    if fields.pop("channel", channel_id) != channel_id:
        raise FrameError("wrong_channel", _("This connection is for another channel."))
    return command, fields
