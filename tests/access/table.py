"""The table's vocabulary: the roles in column order, the answers, and the
helpers that write a row (tests/access/matrix.py)."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = (
    "anonymous",
    "citizen",
    "informed",
    "engaged",
    "gardener",
    "other_gardener",
    "cultivator",
    "editor",
    "staff",
)

ROLE_TITLES = {
    "anonymous": "anonymous",
    "citizen": "citizen",
    "informed": "informed",
    "engaged": "engaged",
    "gardener": "gardener (this community)",
    "other_gardener": "gardener (another community)",
    "cultivator": "cultivator",
    "editor": "CMS editor (a direction's)",
    "staff": "site staff",
}
ANSWERS = ("200", "login", "301", "302", "400", "403", "404", "405")

MEMBERS = ("citizen", "informed", "engaged")
ANIMATORS = ("gardener", "staff")
OVERSEERS = ("gardener", "cultivator", "staff")
CMS_USERS = ("gardener", "other_gardener", "cultivator", "editor")


def answers(default: str, **by_role: str) -> tuple[str, ...]:
    """Every role gets `default` except those named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    result = tuple(str(by_role.get(role, default)) for role in ROLES)
    assert set(result) <= set(ANSWERS), result
    return result


def everyone(answer: str = "200") -> tuple[str, ...]:
    return answers(answer)


def signed_in(answer: str = "200", **by_role: str) -> tuple[str, ...]:
    """Anonymous people are sent to log in; every signed-in role gets `answer`."""
    return answers(answer, anonymous="login", **by_role)


def only(*roles: str, ok: str = "200", refused: str = "403", **by_role: str) -> tuple[str, ...]:
    """`roles` get `ok`, anonymous people log in, everyone else is refused."""
    return answers(refused, anonymous="login", **{role: ok for role in roles}, **by_role)


@dataclass(frozen=True)
class Case:
    path: str  # filled with world.ids: "/events/{engaged_event}/"
    expect: tuple[str, ...]
    note: str = ""


def case(path: str, expect: tuple[str, ...], note: str = "") -> Case:
    assert len(expect) == len(ROLES)
    return Case(path, expect, note)
