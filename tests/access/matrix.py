"""The access matrix: who gets what, declared once (issue 13, item 4).

Every URL pattern of the project (walked from the resolver by
tests/access/test_access_matrix.py) has an entry here, keyed by its route as
the resolver writes it; each entry lists one or more concrete addresses,
filled from the objects of tests/access/world.py, with the answer every role
of the matrix must get to a GET. A pattern without an entry fails the test,
naming it; an entry without a pattern fails too. Whole admin prefixes
(/cms/, /django-admin/) are one entry with representative addresses.

The answers:
    200    the page
    login  a redirect to a log-in form (the site's, or an admin's that leads there)
    301    a permanent redirect (a former address)
    302    another redirect (e.g. a signed-in person sent away from the log-in form)
    400 403 404 405
           refused: bad request, forbidden, not found (or hidden), GET on a POST-only address

The same for every WebSocket command (SOCKET): on a channel, each role's
answer to each command: ok, or the error frame's code, or 4403 when the
socket is refused at connection.

And the secrets the crawl plants (MARKERS, tests/access/test_secret_markers.py),
with the roles allowed to read each.

Run `.venv/bin/python -m tests.access.matrix` to write these tables into
docs/permissions.md (between the access-matrix markers); a test fails when
the page and the tables differ. This module is plain Python (no Django) so
that the command runs without a database.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .routes_site import PREFIXES, SITE
from .routes_space import SPACE
from .table import ANIMATORS, MEMBERS, ROLE_TITLES, ROLES

# Every URL pattern's row: the site's, then the community space's.
ROUTES = {**SITE, **SPACE}


# --- WebSocket commands ------------------------------------------------------------------

SOCKET_COMMANDS = ("post", "edit", "delete", "sync", "read", "typing", "ping")
SOCKET_ANSWERS = ("ok", "forbidden", "4403")


def socket_answers(allowed: tuple[str, ...], **by_command: tuple[str, ...]) -> dict:
    """Per command, per role: "ok", an error code, or "4403" if the socket
    is refused. `allowed` connect; `by_command` narrows a command to roles."""
    table = {}
    for command in SOCKET_COMMANDS:
        may = by_command.get(command, allowed)
        table[command] = tuple(
            "4403" if role not in allowed else ("ok" if role in may else "forbidden")
            for role in ROLES
        )
    return table


# The message edited and deleted is the informed member's on the general
# channel, the engaged member's on the engaged circle's.
SOCKET: dict[str, dict[str, tuple[str, ...]]] = {
    "general": socket_answers(
        (*MEMBERS, *ANIMATORS), edit=("informed",), delete=("informed",)
    ),
    "engaged_channel": socket_answers(
        ("engaged", *ANIMATORS), edit=("engaged",), delete=("engaged",)
    ),
    "group_channel": socket_answers(ANIMATORS, edit=(), delete=()),
    "council_channel": socket_answers(ANIMATORS, edit=(), delete=()),
}
SOCKET_TITLES = {
    "general": "the general channel (the informed member's message)",
    "engaged_channel": "a channel of the engaged circle (the engaged member's message)",
    "group_channel": "a working group's channel (a group member's message)",
    "council_channel": "a citizen council's channel (a council member's message)",
}


# --- Secrets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    text: str
    search: str
    what: str
    audience: frozenset[str]


def _marker(text: str, search: str, what: str, *audience: str) -> Marker:
    assert set(audience) <= set(ROLES), audience
    return Marker(text, search, what, frozenset(audience))


# `text` is a word of letters only, so that no escaping (HTML, XML, JSON,
# CSV) changes it, planted once (tests/access/world.py) and looked for in
# every answer. `search` is a word planted next to it, the one the crawl
# searches for: a search page repeats its query, never the secret itself.
MARKERS = {
    "engaged_event": _marker(
        "zqengagedevent", "mycorhize", "the title of an event for the engaged circle only",
        "engaged", "gardener", "staff",
    ),
    "draft_event": _marker(
        "zqdraftevent", "bouturage", "the title of an event in draft", "gardener", "staff",
    ),
    "gardeners_need": _marker(
        "zqgardenersneed", "subventionnement", "the title of a need for the gardeners only, by the informed member",
        "informed", "gardener", "cultivator", "staff",
    ),
    "group_message": _marker(
        "zqgroupmessage", "grelinette", "a message in a working group's channel (no role is in the group)",
        "gardener", "staff",
    ),
    "council_message": _marker(
        "zqcouncilmessage", "conseillere", "a message in a citizen council's channel (no role sits on the council)",
        "gardener", "staff",
    ),
    "engaged_channel": _marker(
        "zqengagedchannel", "noyautage", "the name of a channel of the engaged circle",
        "engaged", "gardener", "staff",
    ),
    "engaged_message": _marker(
        "zqengagedmessage", "permaculture", "a message in a channel of the engaged circle",
        "engaged", "gardener", "staff",
    ),
    "hidden_message": _marker(
        "zqhiddenmessage", "invective", "a message the gardeners hid, by the citizen",
        "citizen", "gardener", "staff",
    ),
    "draft_letter": _marker(
        "zqdraftletter", "almanach", "the title of a letter being edited, its call sent to the engaged circle",
        "engaged", "gardener", "cultivator", "staff",
    ),
    "proposed_section": _marker(
        "zqproposedsection", "chronique", "the title of a section the engaged member proposed",
        "engaged", "gardener", "cultivator", "staff",
    ),
    "cms_draft": _marker(
        "zqcmsdraft", "brouillonnage", "the title of a news page never published", "cultivator", "editor",
    ),
    "cms_private": _marker(
        "zqcmsprivate", "confidentialite", "the title of a news page restricted to the direction's editors",
        "cultivator", "editor",
    ),
    "member_email": _marker(
        "zqcitizenmail", "citizenmail", "the citizen's e-mail address",
        "citizen", "gardener", "cultivator", "staff",
    ),
}


# --- The tables in docs/permissions.md ---------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
START = "<!-- access-matrix:start (generated by `python -m tests.access.matrix`; do not edit) -->"
END = "<!-- access-matrix:end -->"
SHORT = {
    "anonymous": "anon.", "citizen": "cit.", "informed": "inf.", "engaged": "eng.",
    "gardener": "gard.", "other_gardener": "other g.", "cultivator": "cult.",
    "editor": "editor", "staff": "staff",
}


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def render() -> str:
    """The generated section of docs/permissions.md."""
    head = ["address"] + [SHORT[role] for role in ROLES] + ["note"]
    lines = [
        START,
        "",
        "### Every address, every role",
        "",
        "What a GET answers to each role (tests/access/matrix.py, checked by "
        "tests/access/test_access_matrix.py). Roles: "
        + ", ".join(f"{SHORT[r]} = {ROLE_TITLES[r]}" for r in ROLES)
        + ". Answers: 200 the page; login a redirect to a log-in form; 301 a former "
        "address; 302 another redirect; 400 a bad request; 403 forbidden; 404 not found; "
        "405 POST only. `{names}` are the test world's objects (tests/access/world.py).",
    ]
    for title, rows in (
        ("The site", SITE),
        ("The community space", SPACE),
        ("The admins (each address stands for its whole admin)", PREFIXES),
    ):
        lines += ["", f"#### {title}", "", _row(head), _row(["---"] * len(head))]
        for cases in rows.values():
            lines += [_row([f"`{item.path}`", *item.expect, item.note]) for item in cases]
    lines += [
        "",
        (
            "Former addresses (terreau/moved.py) answer 301 to everyone and are walked by "
            "tests/communities/test_moved.py; they are found in the resolver, not listed here."
        ),
        "",
        "### WebSocket commands",
        "",
        (
            "Each role's answer to each command on a channel socket (ok; forbidden, an "
            "error frame; 4403, the socket refused at connection)."
        ),
        "",
    ]
    for channel, table in SOCKET.items():
        lines += [f"On {SOCKET_TITLES[channel]}:", ""]
        lines += [_row(["command"] + [SHORT[r] for r in ROLES]), _row(["---"] * (len(ROLES) + 1))]
        lines += [_row([f"`{command}`", *table[command]]) for command in SOCKET_COMMANDS]
        lines.append("")
    lines += [
        "### Secrets and who may read them",
        "",
        (
            "tests/access/test_secret_markers.py plants each marker and fetches, as every "
            "role, every address of the table above that answers 200 (pages, feeds, "
            "calendars, exports, JSON, searches for the word next to the marker): a marker "
            "found by a role outside its audience fails the test."
        ),
        "",
        _row(["secret", "audience"]),
        _row(["---", "---"]),
    ]
    for marker in MARKERS.values():
        audience = ", ".join(SHORT[r] for r in ROLES if r in marker.audience)
        lines.append(_row([marker.what, audience]))
    lines += ["", END]
    return "\n".join(lines)


def docs_section(text: str) -> str | None:
    start, end = text.find(START), text.find(END)
    if start == -1 or end == -1:
        return None
    return text[start : end + len(END)]


def write_docs(path: Path = DOCS) -> bool:
    """Put the rendered section into the page; True if it changed."""
    text = path.read_text()
    current = docs_section(text)
    new = render()
    if current == new:
        return False
    if current is None:
        text = text.rstrip("\n") + "\n\n## The access matrix\n\n" + new + "\n"
    else:
        text = text.replace(current, new)
    path.write_text(text)
    return True


if __name__ == "__main__":
    changed = write_docs()
    sys.stdout.write(f"{DOCS}: {'updated' if changed else 'already up to date'}\n")
