"""The rows of the coaching thread, the cultivator's contributor invitations
and the elected officials (issue #16; tests/access/matrix.py)."""

from .table import ANIMATORS, OVERSEERS, Case, case, only

C = "/communities/{community}"

# Under /communities/<slug>/ (routes_space.py).
COACHING_SPACE: dict[str, list[Case]] = {
    "communities/<slug:slug>/coaching/": [
        case(f"{C}/coaching/", only(*OVERSEERS), "the pair, the cultivator, staff")
    ],
    "communities/<slug:slug>/coaching/<int:note_id>/attachment/": [
        case(f"{C}/coaching/{{coaching_note}}/attachment/", only(*OVERSEERS))
    ],
    "communities/<slug:slug>/contributors/": [
        case(f"{C}/contributors/", only(*ANIMATORS), "the pair invites the cultivator")
    ],
    "communities/<slug:slug>/contributors/<int:invitation_id>/revoke/": [
        case(f"{C}/contributors/{{contributor_invitation}}/revoke/", only(*ANIMATORS, ok="405"))
    ],
    # The institution gardener (no column of the matrix) relays an item to their
    # direction and records its answer: every role here is refused.
    "communities/<slug:slug>/needs/<int:pk>/relay/": [
        case(f"{C}/needs/{{need}}/relay/", only(), "the institution gardener only (POST)")
    ],
    "communities/<slug:slug>/needs/<int:pk>/relay/answer/": [
        case(f"{C}/needs/{{need}}/relay/answer/", only(), "once relayed, the same")
    ],
}

# Under /gardeners/ (routes_site.py).
COACHING_SITE: dict[str, list[Case]] = {
    # A direction's agents answer the items relayed to it (the cultivator is
    # the coordinating direction's agent; the world's gardeners are no agents).
    "me/direction/relays/": [
        case("/me/direction/relays/", only("cultivator"), "a direction's agents")
    ],
    "gardeners/elected/": [
        case("/gardeners/elected/", only("cultivator", "staff"), "marking elected officials")
    ],
    "gardeners/elected/<int:user_id>/remove/": [
        case("/gardeners/elected/{elected_id}/remove/", only("cultivator", "staff", ok="405"))
    ],
    "events/<int:pk>/invite-elected/": [
        case("/events/{event}/invite-elected/", only("gardener", "staff", ok="405"),
             "the organisers invite the community's elected officials (POST)")
    ],
}
