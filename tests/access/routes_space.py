"""The rows of the community space: every address under /communities/<slug>/
(tests/access/matrix.py). `C` is the world's community."""

from .routes_coaching import COACHING_SPACE
from .table import ANIMATORS, MEMBERS, OVERSEERS, Case, case, everyone, only, signed_in

C = "/communities/{community}"

SPACE: dict[str, list[Case]] = {
    # --- The community's home, membership, members and requests
    "communities/<slug:slug>/": [
        case(f"{C}/", everyone()),
        case("/communities/{other_community}/", everyone(), "another community"),
    ],
    "communities/<slug:slug>/join/": [case(f"{C}/join/", signed_in("405"))],
    # Following without joining: a POST button on the home, for signed-in non-members.
    "communities/<slug:slug>/follow/": [case(f"{C}/follow/", signed_in("405"))],
    "communities/<slug:slug>/unfollow/": [case(f"{C}/unfollow/", signed_in("405"))],
    "communities/<slug:slug>/leave/": [
        case(f"{C}/leave/", only(*MEMBERS, refused="302"), "non-members are sent to the community")
    ],
    "communities/<slug:slug>/request/": [case(f"{C}/request/", signed_in("405"))],
    "communities/<slug:slug>/requests/<int:request_id>/withdraw/": [
        case(f"{C}/requests/{{circle_request}}/withdraw/", signed_in("405"))
    ],
    "communities/<slug:slug>/members/": [case(f"{C}/members/", only(*OVERSEERS))],
    "communities/<slug:slug>/members/<int:user_id>/": [
        case(f"{C}/members/{{citizen_id}}/", only(*OVERSEERS))
    ],
    "communities/<slug:slug>/members/<int:user_id>/move/": [
        case(f"{C}/members/{{citizen_id}}/move/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/members/<int:user_id>/remove/": [
        case(f"{C}/members/{{citizen_id}}/remove/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/requests/": [case(f"{C}/requests/", only(*OVERSEERS))],
    "communities/<slug:slug>/requests/<int:request_id>/approve/": [
        case(f"{C}/requests/{{circle_request}}/approve/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/requests/<int:request_id>/decline/": [
        case(f"{C}/requests/{{circle_request}}/decline/", only(*ANIMATORS, ok="405"))
    ],
    # --- Channels
    "communities/<slug:slug>/channels/": [
        case(f"{C}/channels/", only(*MEMBERS, *ANIMATORS))
    ],
    "communities/<slug:slug>/channels/new/": [case(f"{C}/channels/new/", only(*ANIMATORS))],
    "communities/<slug:slug>/channels/preferences/": [
        case(f"{C}/channels/preferences/", everyone("302"), "moved to /me/notifications/preferences/")
    ],
    "communities/<slug:slug>/channels/reports/": [
        case(f"{C}/channels/reports/", only(*ANIMATORS), "muted members")
    ],
    "communities/<slug:slug>/channels/mute/<int:user_id>/": [
        case(f"{C}/channels/mute/{{citizen_id}}/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/": [
        case(f"{C}/channels/{{general}}/", only(*MEMBERS, *ANIMATORS), "the general channel"),
        case(f"{C}/channels/{{engaged_channel}}/", only("engaged", *ANIMATORS),
             "a channel of the engaged circle"),
        case(f"{C}/channels/{{group_channel}}/", only(*ANIMATORS),
             "a working group's channel (none of the roles is in the group)"),
        case(f"{C}/channels/{{council_channel}}/", only(*ANIMATORS),
             "a citizen council's channel (none of the roles sits on the council)"),
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/settings/": [
        case(f"{C}/channels/{{engaged_channel}}/settings/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/archive/": [
        case(f"{C}/channels/{{engaged_channel}}/archive/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/messages/<int:message_id>/edit/": [
        case(f"{C}/channels/{{engaged_channel}}/messages/{{engaged_message}}/edit/",
             only("engaged"), "the engaged member's message: its author only")
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/messages/<int:message_id>/delete/": [
        case(f"{C}/channels/{{engaged_channel}}/messages/{{engaged_message}}/delete/",
             only("engaged"))
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/messages/<int:message_id>/hide/": [
        case(f"{C}/channels/{{general}}/messages/{{general_message}}/hide/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/channels/<int:channel_id>/messages/<int:message_id>/report/": [
        case(f"{C}/channels/{{general}}/messages/{{general_message}}/report/",
             everyone("301"), "moved to the moderation queue's report form")
    ],
    # --- Members propose discussion topics; external participation tools (issue #16)
    "communities/<slug:slug>/topics/propose/": [
        case(f"{C}/topics/propose/", only("informed", "engaged"))
    ],
    "communities/<slug:slug>/topics/<int:pk>/": [
        case(f"{C}/topics/{{topic_proposal}}/", only("informed", *ANIMATORS),
             "the informed member's proposal: its author and the pair")
    ],
    "communities/<slug:slug>/elsewhere/": [
        case(f"{C}/elsewhere/", only("cultivator", "staff"))
    ],
    "communities/<slug:slug>/elsewhere/<int:pk>/remove/": [
        case(f"{C}/elsewhere/{{external_tool}}/remove/", only("cultivator", "staff", ok="405"))
    ],
    # --- The moderation queue (docs/moderation.md)
    "communities/<slug:slug>/moderation/": [
        case(f"{C}/moderation/", only(*OVERSEERS)),
        case("/communities/{other_community}/moderation/", only("other_gardener", "cultivator", "staff"),
             "another community's queue: its own pair"),
    ],
    "communities/<slug:slug>/moderation/<int:case_id>/decide/": [
        case(f"{C}/moderation/{{moderation_case}}/decide/", only(*OVERSEERS, ok="405"))
    ],
    "communities/<slug:slug>/moderation/report/<slug:kind>/<int:object_id>/": [
        case(f"{C}/moderation/report/need/{{need}}/", only("citizen", "engaged", *OVERSEERS),
             "a need open to the community: not by its author"),
        case(f"{C}/moderation/report/need/{{gardeners_need}}/", only(*OVERSEERS),
             "a gardeners-only need"),
        case(f"{C}/moderation/report/message/{{general_message}}/",
             only("informed", "engaged", *ANIMATORS), "the citizen's message: not by its author"),
        case(f"{C}/moderation/report/message/{{engaged_message}}/", only(*ANIMATORS),
             "an engaged-only message, by its author (engaged)"),
    ],
    # --- Needs
    "communities/<slug:slug>/needs/": [case(f"{C}/needs/", only(*MEMBERS, *OVERSEERS))],
    "communities/<slug:slug>/needs/new/": [case(f"{C}/needs/new/", only("informed", "engaged"))],
    "communities/<slug:slug>/needs/board/": [case(f"{C}/needs/board/", only(*OVERSEERS))],
    "communities/<slug:slug>/needs/<int:pk>/": [
        case(f"{C}/needs/{{need}}/", only(*MEMBERS, *OVERSEERS), "open to the community"),
        case(f"{C}/needs/{{gardeners_need}}/", only("informed", *OVERSEERS),
             "for the gardeners only, written by the informed member"),
    ],
    "communities/<slug:slug>/needs/<int:pk>/edit/": [
        case(f"{C}/needs/{{gardeners_need}}/edit/", only("informed"), "its author, while new"),
        case(f"{C}/needs/{{need}}/edit/", only(), "once discussed, nobody"),
    ],
    "communities/<slug:slug>/needs/<int:pk>/withdraw/": [
        case(f"{C}/needs/{{need}}/withdraw/", only("informed", ok="405"))
    ],
    "communities/<slug:slug>/needs/<int:pk>/step/": [
        case(f"{C}/needs/{{need}}/step/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/needs/<int:pk>/support/": [
        case(f"{C}/needs/{{need}}/support/", only("citizen", "engaged", ok="405"),
             "members other than its author")
    ],
    "communities/<slug:slug>/needs/<int:pk>/support/remove/": [
        case(f"{C}/needs/{{need}}/support/remove/", only(*MEMBERS, *OVERSEERS, ok="405"))
    ],
    "communities/<slug:slug>/needs/<int:pk>/connect/": [
        case(f"{C}/needs/{{need}}/connect/", only(*ANIMATORS, ok="405"))
    ],
    # --- Working groups
    "communities/<slug:slug>/groups/": [case(f"{C}/groups/", only(*MEMBERS, *OVERSEERS))],
    "communities/<slug:slug>/groups/new/": [case(f"{C}/groups/new/", only(*ANIMATORS))],
    "communities/<slug:slug>/groups/<slug:group_slug>/": [
        case(f"{C}/groups/{{group}}/", only(*MEMBERS, *OVERSEERS))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/edit/": [
        case(f"{C}/groups/{{group}}/edit/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/archive/": [
        case(f"{C}/groups/{{group}}/archive/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/members/": [
        case(f"{C}/groups/{{group}}/members/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/members/add/": [
        case(f"{C}/groups/{{group}}/members/add/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/members/remove/": [
        case(f"{C}/groups/{{group}}/members/remove/", only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/leave/": [
        case(f"{C}/groups/{{group}}/leave/", only(), "none of the roles is in the group")
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/join/": [
        case(f"{C}/groups/{{group}}/join/", only("engaged"))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/requests/": [
        case(f"{C}/groups/{{group}}/requests/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/requests/<int:request_id>/approve/": [
        case(f"{C}/groups/{{group}}/requests/{{join_request}}/approve/",
             only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/requests/<int:request_id>/decline/": [
        case(f"{C}/groups/{{group}}/requests/{{join_request}}/decline/",
             only(*ANIMATORS, ok="405"))
    ],
    "communities/<slug:slug>/groups/<slug:group_slug>/decisions/": [
        case(f"{C}/groups/{{group}}/decisions/", only(*ANIMATORS, ok="405"))
    ],
    # --- Directory
    "communities/<slug:slug>/directory/": [
        case(f"{C}/directory/", only(*MEMBERS, *OVERSEERS))
    ],
    "communities/<slug:slug>/directory/map/": [
        case(f"{C}/directory/map/", only(*MEMBERS, *OVERSEERS))
    ],
    "communities/<slug:slug>/directory/me/": [case(f"{C}/directory/me/", only(*MEMBERS))],
    "communities/<slug:slug>/directory/me/location/remove/": [
        case(f"{C}/directory/me/location/remove/", only(*MEMBERS, ok="405"))
    ],
    "communities/<slug:slug>/directory/me/remove/": [
        case(f"{C}/directory/me/remove/", only(*MEMBERS, ok="405"))
    ],
    # --- Governance and dashboard
    # The cultivator edits the settings only when invited as a contributor (issue #16).
    "communities/<slug:slug>/edit/": [case(f"{C}/edit/", only(*ANIMATORS))],
    "communities/<slug:slug>/pair/": [case(f"{C}/pair/", only("cultivator", "staff"))],
    "communities/<slug:slug>/pair/end/": [case(f"{C}/pair/end/", only("cultivator", "staff"))],
    "communities/<slug:slug>/dashboard/": [case(f"{C}/dashboard/", only(*OVERSEERS))],
    "communities/<slug:slug>/audit/": [case(f"{C}/audit/", only(*OVERSEERS), "the community's audit log")],
    # --- Events, letters and news of the community
    "communities/<slug:slug>/events/": [case(f"{C}/events/", everyone())],
    "communities/<slug:slug>/events/feed.ics": [case(f"{C}/events/feed.ics", everyone())],
    "communities/<slug:slug>/events/propose/": [case(f"{C}/events/propose/", only("engaged"))],
    "communities/<slug:slug>/letters/": [case(f"{C}/letters/", everyone())],
    "communities/<slug:slug>/letters/feed.rss": [case(f"{C}/letters/feed.rss", everyone())],
    "communities/<slug:slug>/letters/feed.atom": [case(f"{C}/letters/feed.atom", everyone())],
    "communities/<slug:slug>/letters/subscribe/": [
        case(f"{C}/letters/subscribe/", signed_in("405"))
    ],
    "communities/<slug:slug>/letters/manage/": [
        case(f"{C}/letters/manage/", only(*ANIMATORS))
    ],
    "communities/<slug:slug>/letters/new/": [case(f"{C}/letters/new/", only(*ANIMATORS))],
    # --- Coaching and contributors (routes_coaching.py; issue #16)
    **COACHING_SPACE,
    "communities/<slug:community>/news.rss": [case(f"{C}/news.rss", everyone())],
    "communities/<slug:community>/news.atom": [case(f"{C}/news.atom", everyone())],
}
