"""How a message looks: escaped text, clickable links, highlighted mentions.

The same function renders the server-side history and the HTML carried by
WebSocket frames, so both look alike and the browser never interprets a
member's text as markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

URL_RE = r"https?://[^\s<>\"']+"
# Trailing punctuation belongs to the sentence, not to the link.
URL_TRAILING = ".,;:!?)]}'\""


def printable(text: str) -> str:
    """`text` safe to send as UTF-8 (a frame, a page): lone surrogates become U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8")


def mention_names(users) -> list[str]:
    """What someone may be called with @: their display name or e-mail local part."""
    names = []
    for user in users:
        if user.display_name:
            names.append(user.display_name)
        if user.email:
            names.append(user.email.split("@", 1)[0])
    return names


def render_body(body: str, names: list[str] = ()) -> SafeString:
    patterns = [f"(?P<url>{URL_RE})"]
    if names:
        alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
        patterns.append(rf"(?P<mention>@(?:{alternatives})(?!\w))")
    pattern = re.compile("|".join(patterns), re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(body):
        out.append(escape(body[pos : match.start()]))
        text = match.group(0)
        if match.group("url"):
            stripped = text.rstrip(URL_TRAILING)
            trailing = text[len(stripped) :]
            out.append(
                f'<a href="{escape(stripped)}" rel="nofollow noopener ugc">{escape(stripped)}</a>'
                f"{escape(trailing)}"
            )
        else:
            out.append(f'<mark class="mention">{escape(text)}</mark>')
        pos = match.end()
    out.append(escape(body[pos:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece above is escaped


def message_payload(message, names=None) -> dict:
    """A message as the client sees it (before `for_viewer` trims it).

    `names` are the mention names of the message; by default they come from
    its prefetched mentions.
    """
    if names is None:
        names = mention_names(m.user for m in message.mentions.all())
    author = message.author
    return {
        "id": message.pk,
        "channel_id": message.channel_id,
        # The channel's number of this message's latest change: a client
        # that holds every change up to N and receives N + 2 missed one.
        "seq": message.seq,
        "author_id": message.author_id,
        "author": str(author) if author else "",
        "body": message.body,
        "html": str(render_body(message.body, names)),
        "created": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": message.deleted_at is not None,
        "hidden": message.hidden_at is not None,
        "hidden_reason": message.hidden_reason,
    }


def for_viewer(payload: dict, *, user_id, is_moderator: bool) -> dict:
    """What one person may read of a message.

    A hidden message keeps its text and the reason for its author and the
    moderators; everyone else reads that it was hidden.
    """
    if payload["hidden"] and not (is_moderator or payload["author_id"] == user_id):
        return {**payload, "body": "", "html": "", "hidden_reason": ""}
    return payload
