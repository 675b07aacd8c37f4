"""The rows of every address outside the community space, and the admins'
prefixes (tests/access/matrix.py)."""

from .routes_api import API
from .routes_calls import CALLS
from .routes_processes import PROCESSES
from .routes_watch import WATCH
from .routes_calls import CALLS
from .routes_barometers import BAROMETERS
from .routes_coaching import COACHING_SITE
from .table import ANIMATORS, CMS_USERS, OVERSEERS, Case, answers, case, everyone, only, signed_in

SITE: dict[str, list[Case]] = {
    "healthz": [case("/healthz", everyone())],
    "i18n/setlang/": [case("/i18n/setlang/", everyone("405"))],
    # --- allauth: log-in, sign-up, addresses, passwords, the second factor
    "accounts/login/": [case("/accounts/login/", answers("302", anonymous="200"))],
    "accounts/logout/": [case("/accounts/logout/", answers("200", anonymous="302"))],
    "accounts/inactive/": [case("/accounts/inactive/", everyone())],
    "accounts/signup/": [case("/accounts/signup/", answers("302", anonymous="200"))],
    "accounts/reauthenticate/": [case("/accounts/reauthenticate/", signed_in())],
    "accounts/email/": [case("/accounts/email/", signed_in())],
    "accounts/confirm-email/": [case("/accounts/confirm-email/", everyone())],
    "accounts/password/change/": [case("/accounts/password/change/", signed_in())],
    "accounts/password/set/": [case("/accounts/password/set/", signed_in("302"))],
    "accounts/password/reset/": [case("/accounts/password/reset/", everyone())],
    "accounts/login/code/confirm/": [case("/accounts/login/code/confirm/", signed_in("302"))],
    r"accounts/^confirm-email/(?P<key>[-:\w]+)/$": [
        case("/accounts/confirm-email/not-a-key/", everyone(), "a wrong key: a page saying so")
    ],
    "accounts/password/reset/key/done/": [case("/accounts/password/reset/key/done/", everyone())],
    r"accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": [
        case("/accounts/password/reset/key/1-not-a-key/", everyone(), "a wrong key: a page saying so")
    ],
    "accounts/password/reset/done/": [case("/accounts/password/reset/done/", everyone())],
    "accounts/2fa/": [case("/accounts/2fa/", signed_in())],
    "accounts/2fa/authenticate/": [case("/accounts/2fa/authenticate/", signed_in("302"))],
    "accounts/2fa/reauthenticate/": [case("/accounts/2fa/reauthenticate/", signed_in("302"))],
    "accounts/2fa/totp/activate/": [case("/accounts/2fa/totp/activate/", signed_in("302"))],
    "accounts/2fa/totp/deactivate/": [
        case("/accounts/2fa/totp/deactivate/", signed_in("404"), "nobody has an app yet")
    ],
    "accounts/2fa/recovery-codes/": [case("/accounts/2fa/recovery-codes/", signed_in("404"))],
    "accounts/2fa/recovery-codes/generate/": [
        case("/accounts/2fa/recovery-codes/generate/", signed_in("302"))
    ],
    "accounts/2fa/recovery-codes/download/": [
        case("/accounts/2fa/recovery-codes/download/", signed_in("404"))
    ],
    # --- One's own
    "me/profile/": [case("/me/profile/", signed_in())],
    "me/notifications/": [case("/me/notifications/", signed_in())],
    "me/channels/": [case("/me/channels/", signed_in(), "the channels one reads, by community")],
    "me/notifications/read-all/": [case("/me/notifications/read-all/", signed_in("405"))],
    "me/notifications/preferences/": [case("/me/notifications/preferences/", signed_in())],
    "me/notifications/<int:pk>/open/": [
        case("/me/notifications/{notification}/open/", only("informed", ok="302"),
             "the informed member's notification")
    ],
    "me/notifications/<int:pk>/read/": [
        case("/me/notifications/{notification}/read/", only("informed", ok="405"))
    ],
    "communities/": [case("/communities/", everyone())],
    "communities/mine/": [case("/communities/mine/", signed_in())],
    # --- Gardening and governance
    "gardeners/": [case("/gardeners/", only("gardener", "other_gardener", "cultivator", "staff"))],
    "gardeners/communities/new/": [case("/gardeners/communities/new/", only("cultivator", "staff"))],
    "gardeners/audit/": [case("/gardeners/audit/", only("cultivator", "staff"), "every community's log")],
    "gardeners/audit/export.csv": [case("/gardeners/audit/export.csv", only("cultivator", "staff"))],
    "gardeners/directions/": [case("/gardeners/directions/", only("cultivator", "staff"))],
    "gardeners/directions/new/": [case("/gardeners/directions/new/", only("cultivator", "staff"))],
    "gardeners/directions/<slug:slug>/edit/": [
        case("/gardeners/directions/{direction}/edit/", only("cultivator", "staff"))
    ],
    "insights/overview/": [case("/insights/overview/", only("cultivator", "staff"))],
    "insights/overview.csv": [case("/insights/overview.csv", only("cultivator", "staff"))],
    "insights/overview/refresh/": [case("/insights/overview/refresh/", only("cultivator", "staff", ok="405"))],
    # --- Events
    "events/": [case("/events/", everyone())],
    "events/calendar/": [case("/events/calendar/", everyone())],
    "events/calendar/<int:year>/<int:month>/": [
        case("/events/calendar/{event_year}/{event_month}/", everyone())
    ],
    "events/feed.ics": [case("/events/feed.ics", everyone())],
    "events/feed/<str:token>.ics": [
        case("/events/feed/{calendar_token}.ics", everyone(), "the informed member's token")
    ],
    "events/<int:pk>/": [
        case("/events/{event}/", everyone(), "a public event"),
        case("/events/{engaged_event}/", only("engaged", *ANIMATORS),
             "an event for the engaged circle"),
        case("/events/{draft_event}/", only(*ANIMATORS), "an event in draft"),
    ],
    "events/<int:pk>/event.ics": [
        case("/events/{event}/event.ics", everyone()),
        case("/events/{engaged_event}/event.ics", only("engaged", *ANIMATORS)),
        case("/events/{draft_event}/event.ics", only(*ANIMATORS)),
    ],
    "events/<int:pk>/register/": [
        case("/events/{engaged_event}/register/", only("engaged", *ANIMATORS, ok="405"))
    ],
    "events/<int:pk>/unregister/": [
        case("/events/{engaged_event}/unregister/", only("engaged", *ANIMATORS, ok="405"))
    ],
    "events/mine/": [case("/events/mine/", signed_in())],
    "events/mine/feed/reset/": [case("/events/mine/feed/reset/", signed_in("405"))],
    "events/r/confirm/<str:token>/": [
        case("/events/r/confirm/{registration_confirm}/", everyone(),
             "a registration's link: whoever holds it")
    ],
    "events/r/cancel/<str:token>/": [case("/events/r/cancel/{registration_cancel}/", everyone())],
    "events/r/<str:token>/": [case("/events/r/{registration_view}/", everyone())],
    "events/r/<str:token>/event.ics": [
        case("/events/r/{registration_view}/event.ics", everyone())
    ],
    "events/r/<str:token>/informed/": [
        case("/events/r/{registration_view}/informed/", signed_in())
    ],
    "events/new/": [
        case("/events/new/", only("gardener", "other_gardener", "cultivator", "staff"))
    ],
    "events/<int:pk>/edit/": [case("/events/{event}/edit/", only(*ANIMATORS))],
    "events/<int:pk>/publish/": [
        case("/events/{draft_event}/publish/", only(*ANIMATORS, ok="405"))
    ],
    "events/<int:pk>/cancel/": [case("/events/{event}/cancel/", only(*ANIMATORS))],
    "events/<int:pk>/check-in/": [case("/events/{event}/check-in/", only(*ANIMATORS))],
    "events/<int:pk>/registrants.csv": [
        case("/events/{event}/registrants.csv", only(*ANIMATORS))
    ],
    "events/<int:pk>/message/": [case("/events/{event}/message/", only(*ANIMATORS))],
    "events/<int:pk>/report/": [case("/events/{event}/report/", only(*ANIMATORS))],
    "events/<int:pk>/team/": [
        case("/events/{event}/team/", only(*ANIMATORS), "the organiser and the pair")
    ],
    "events/proposals/<int:pk>/": [
        case("/events/proposals/{proposal}/", only("engaged", *ANIMATORS),
             "the engaged member's proposal: its author and the pair")
    ],
    # --- Letters (the cultivator writes none unless invited as a contributor: issue #16)
    "newsletters/<int:pk>/": [
        case("/newsletters/{letter}/", only("informed", "engaged", *ANIMATORS),
             "call open to the informed circle"),
        case("/newsletters/{draft_letter}/", only("engaged", *ANIMATORS),
             "being edited; its call went to the engaged circle"),
    ],
    "newsletters/<int:pk>/edit/": [case("/newsletters/{letter}/edit/", only(*ANIMATORS))],
    "newsletters/<int:pk>/close-call/": [
        case("/newsletters/{letter}/close-call/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/<int:pk>/reopen-call/": [
        case("/newsletters/{draft_letter}/reopen-call/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/<int:pk>/audience/": [
        case("/newsletters/{draft_letter}/audience/", only(*ANIMATORS))
    ],
    "newsletters/<int:pk>/preview/": [
        case("/newsletters/{draft_letter}/preview/", only(*ANIMATORS))
    ],
    "newsletters/<int:pk>/preview/email.html": [
        case("/newsletters/{draft_letter}/preview/email.html", only(*ANIMATORS))
    ],
    "newsletters/<int:pk>/test/": [
        case("/newsletters/{draft_letter}/test/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/<int:pk>/schedule/": [
        case("/newsletters/{draft_letter}/schedule/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/<int:pk>/unschedule/": [
        case("/newsletters/{draft_letter}/unschedule/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/<int:pk>/send/": [
        case("/newsletters/{draft_letter}/send/", only(*ANIMATORS), "the confirmation page")
    ],
    "newsletters/<int:pk>/progress.json": [
        case("/newsletters/{draft_letter}/progress.json", only(*ANIMATORS))
    ],
    "newsletters/<int:pk>/web/": [
        case("/newsletters/{sent_letter}/web/", only("informed", "engaged", *OVERSEERS),
             "sent to the informed and engaged circles"),
        case("/newsletters/{draft_letter}/web/", only(), "not sent: nobody"),
    ],
    "newsletters/<int:pk>/sections/new/": [
        case("/newsletters/{letter}/sections/new/", only("informed", "engaged", *ANIMATORS))
    ],
    "newsletters/sections/<int:pk>/edit/": [
        case("/newsletters/sections/{section}/edit/", only("engaged", *ANIMATORS),
             "the engaged member's section")
    ],
    "newsletters/sections/<int:pk>/decide/": [
        case("/newsletters/sections/{section}/decide/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/sections/<int:pk>/move/": [
        case("/newsletters/sections/{section}/move/", only(*ANIMATORS, ok="405"))
    ],
    "newsletters/subscriptions/": [case("/newsletters/subscriptions/", signed_in())],
    "newsletters/unsubscribe/<str:token>/": [
        case("/newsletters/unsubscribe/{unsubscribe_token}/", everyone(),
             "the one-click link: whoever holds it")
    ],
    # --- The living style guide
    "styleguide/": [case("/styleguide/", only("staff"))],
    # --- Privacy
    # --- Citizen councils: public pages and draws; the council's agents (its
    # direction's agents, the cultivator, site staff) manage (councils/rules.py)
    "councils/": [case("/councils/", everyone())],
    "councils/new/": [
        case("/councils/new/", only("cultivator", "staff"),
             "an agent of a direction, for their own directions")
    ],
    "councils/candidacies/<int:pk>/withdraw/": [
        case("/councils/candidacies/{council_candidacy}/withdraw/", only("informed", ok="405"),
             "the informed member's own candidacy, from their profile")
    ],
    "councils/withdraw/<str:token>/": [
        case("/councils/withdraw/{candidate_token}/", everyone(), "the signed link of an e-mail")
    ],
    "councils/<slug:slug>/": [case("/councils/{council}/", everyone())],
    "councils/<slug:slug>/edit/": [
        case("/councils/{council}/edit/", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/volunteer/": [case("/councils/{council}/volunteer/", everyone())],
    "councils/<slug:slug>/manage/": [
        case("/councils/{council}/manage/", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/import/": [
        case("/councils/{council}/import/", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/import/template.csv": [
        case("/councils/{council}/import/template.csv", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/import/template.xlsx": [
        case("/councils/{council}/import/template.xlsx", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/import/template.ods": [
        case("/councils/{council}/import/template.ods", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/members/new/": [
        case("/councils/{council}/members/new/", only("cultivator", "staff", ok="405"))
    ],
    "councils/<slug:slug>/members/<int:pk>/withdraw/": [
        case("/councils/{council}/members/{council_member}/withdraw/",
             only("cultivator", "staff", ok="405"))
    ],
    "councils/<slug:slug>/members/<int:pk>/replace/": [
        case("/councils/{council}/members/{council_member}/replace/",
             only("cultivator", "staff", ok="405"))
    ],
    "councils/<slug:slug>/draws/new/": [
        case("/councils/{council}/draws/new/", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/sessions/new/": [
        case("/councils/{council}/sessions/new/", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/sessions/<int:pk>/minutes/": [
        case("/councils/{council}/sessions/{council_session}/minutes/",
             only("cultivator", "staff"), "a past session's minutes (the form)")
    ],
    "councils/<slug:slug>/channel/": [
        case("/councils/{council}/channel/", only("cultivator", "staff"))
    ],
    "councils/<slug:slug>/channel/invite/": [
        case("/councils/{council}/channel/invite/", only("cultivator", "staff", ok="405"))
    ],
    "councils/<slug:slug>/draws/<int:pk>/": [
        case("/councils/{council}/draws/{council_draw}/", everyone(), "a past draw's report"),
        case("/councils/{council}/draws/{council_announced}/", everyone(), "an announced draw"),
    ],
    "councils/<slug:slug>/draws/<int:pk>/inputs.json": [
        case("/councils/{council}/draws/{council_draw}/inputs.json", everyone())
    ],
    "councils/<slug:slug>/draws/<int:pk>/probabilities/": [
        case("/councils/{council}/draws/{council_draw}/probabilities/",
             only("cultivator", "staff", ok="405"))
    ],
    "councils/<slug:slug>/draws/<int:pk>/probabilities.csv": [
        case("/councils/{council}/draws/{council_draw}/probabilities.csv", everyone(),
             "the published estimate of a past draw")
    ],
    "councils/<slug:slug>/draws/<int:pk>/verify/": [
        case("/councils/{council}/draws/{council_draw}/verify/", everyone())
    ],
    "councils/<slug:slug>/draws/<int:pk>/seed/": [
        case("/councils/{council}/draws/{council_announced}/seed/",
             only("cultivator", "staff", ok="405"))
    ],
    "councils/<slug:slug>/draws/<int:pk>/run/": [
        case("/councils/{council}/draws/{council_announced}/run/",
             only("cultivator", "staff", ok="405"))
    ],
    # --- Calls for projects and organisations (routes_calls.py)
    **CALLS,
    # --- Citizen dialogue processes (routes_processes.py)
    **PROCESSES,
    # --- Calls for projects and organisations (routes_calls.py)
    **CALLS,
    # --- The watch on other funding calls (routes_watch.py; issue 19, item 6)
    **WATCH,
    # --- Coaching, contributors, elected officials (routes_coaching.py; issue #16)
    **COACHING_SITE,
    # --- Barometer surveys (routes_barometers.py; issue #18)
    **BAROMETERS,
    "privacy/": [case("/privacy/", everyone())],
    "privacy/my-data.zip": [case("/privacy/my-data.zip", signed_in(), "one's own data")],
    "privacy/delete-my-account/": [case("/privacy/delete-my-account/", signed_in())],
    "privacy/delete-my-account/cancel/": [
        case("/privacy/delete-my-account/cancel/", everyone("405"))
    ],
    # --- The public read-only API (routes_api.py, docs/api.md)
    **API,
    # --- Development only (OUTBOX_PAGE_ENABLED is off here, as in production)
    "dev/outbox/": [case("/dev/outbox/", everyone("404"))],
    "dev/outbox/<str:name>": [case("/dev/outbox/nothing.eml", everyone("404"))],
    "dev/outbox/<str:name>/html": [case("/dev/outbox/nothing.eml/html", everyone("404"))],
    # --- The CMS's own routes and Wagtail's pages
    "search/": [case("/search/?q=haie", everyone())],
    "sitemap.xml": [case("/sitemap.xml", everyone())],
    "robots.txt": [case("/robots.txt", everyone())],
    "feeds/news.rss": [case("/feeds/news.rss", everyone())],
    "feeds/news.atom": [case("/feeds/news.atom", everyone())],
    "feeds/directions/<slug:direction>.rss": [
        case("/feeds/directions/{direction}.rss", everyone())
    ],
    "feeds/directions/<slug:direction>.atom": [
        case("/feeds/directions/{direction}.atom", everyone())
    ],
    "": [case("/", everyone(), "the home page")],
    r"^((?:[\w\-]+/)*)$": [
        case("/actualites/", everyone(), "the newsroom"),
        case("/{news_page}/", everyone(), "a live news page"),
        case("/{private_page}/", answers("login", editor="200"),
             "a news page restricted to the direction's editors"),
        case("/{draft_page}/", everyone("404"), "a news page never published"),
    ],
    "_util/login/": [
        case("/_util/login/", signed_in("403"), "Wagtail's log-in for private pages: the site's form")
    ],
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": [
        case("/_util/authenticate_with_password/{restriction}/{private_page_id}/", everyone(),
             "Wagtail's password form (this restriction is by group: the form alone)")
    ],
    r"documents/^(\d+)/(.*)$": [case("/documents/999999/nothing.pdf", everyone("404"))],
    "documents/authenticate_with_password/<int:restriction_id>/": [
        case("/documents/authenticate_with_password/999999/", everyone("404"))
    ],
    # --- The admins' log-in forms lead to the site's
    "django-admin/login/": [
        case("/django-admin/login/", signed_in("403", staff="302"))
    ],
    "cms/login/": [
        case("/cms/login/", signed_in("403", **{role: "302" for role in CMS_USERS}))
    ],
}

# Whole prefixes: every pattern under them is answered by the admin it
# belongs to; these addresses stand for them.
PREFIXES: dict[str, list[Case]] = {
    "django-admin/": [
        case("/django-admin/", answers("login", staff="200")),
        case("/django-admin/auth/user/", answers("login", staff="404"),
             "staff without the permission: not found"),
        case("/django-admin/communities/community/", answers("login", staff="200")),
    ],
    "cms/": [
        case("/cms/", answers("login", **{role: "200" for role in CMS_USERS})),
        case("/cms/pages/", answers("login", **{role: "302" for role in CMS_USERS}),
             "to the part of the tree each may explore"),
        case("/cms/pages/{private_page_id}/edit/",
             answers("login", gardener="302", other_gardener="302", cultivator="200",
                     editor="200"), "the private news page"),
        case("/cms/api/main/pages/?child_of={news_section_id}",
             answers("login", gardener="400", other_gardener="400", cultivator="200",
                     editor="200"), "the admin's JSON API: the direction's section"),
    ],
}
