"""The rows of calls for projects and organisations (tests/access/matrix.py;
the objects: tests/access/world_calls.py). The engaged member is the admin of
the lead organisation, the informed member of its co-carrier, the citizen of
a third organisation; the cultivator is the call's agent and a reviewer."""

from .table import Case, case, everyone, only, signed_in

AGENTS = ("cultivator", "staff")
CARRIERS = ("engaged", "informed")

CALLS: dict[str, list[Case]] = {
    "calls/": [case("/calls/", everyone())],
    "calls/new/": [case("/calls/new/", only(*AGENTS), "agents of a direction")],
    "calls/<slug:slug>/": [
        case("/calls/{call}/", everyone(), "a published call"),
        case("/calls/{draft_call}/", only(*AGENTS), "a call in draft: its agents"),
    ],
    "calls/<slug:slug>/edit/": [case("/calls/{call}/edit/", only(*AGENTS))],
    "calls/<slug:slug>/publish/": [case("/calls/{draft_call}/publish/", only(*AGENTS, ok="405"))],
    "calls/<slug:slug>/apply/": [case("/calls/{call}/apply/", signed_in())],
    "calls/<slug:slug>/board/": [case("/calls/{call}/board/", only(*AGENTS))],
    "calls/<slug:slug>/questions/": [
        case("/calls/{call}/questions/", only(*AGENTS), "the call's agents answer questions")
    ],
    "calls/<slug:slug>/questions/ask/": [
        case("/calls/{call}/questions/ask/", signed_in("405"),
             "a signed-in person asks about a published call")
    ],
    "calls/<slug:slug>/questions/new/": [
        case("/calls/{call}/questions/new/", only(*AGENTS, ok="405"))
    ],
    "calls/<slug:slug>/questions/<int:pk>/answer/": [
        case("/calls/{call}/questions/{call_question}/answer/", only(*AGENTS, ok="405"))
    ],
    "calls/<slug:slug>/questions/<int:pk>/remove/": [
        case("/calls/{call}/questions/{call_question}/remove/", only(*AGENTS, ok="405"))
    ],
    "calls/<slug:slug>/export.csv": [
        case("/calls/{call}/export.csv", only(*AGENTS), "the call's agents and its funders")
    ],
    "calls/applications/<int:pk>/": [
        case("/calls/applications/{draft_application}/", only(*CARRIERS),
             "a draft: its carriers only, not a third organisation"),
        case("/calls/applications/{submitted_application}/",
             only("engaged", *AGENTS), "submitted: its carrier, the call's agents, its reviewer"),
    ],
    "calls/applications/<int:pk>/edit/": [
        case("/calls/applications/{draft_application}/edit/", only(*CARRIERS)),
        case("/calls/applications/{submitted_application}/edit/", only(),
             "submitted: nobody"),
    ],
    "calls/applications/<int:pk>/invite/": [
        case("/calls/applications/{draft_application}/invite/", only("engaged", ok="405"),
             "the lead's admin")
    ],
    "calls/applications/<int:pk>/documents/<int:document>/": [
        case("/calls/applications/{draft_application}/documents/{call_document}/",
             only(*CARRIERS))
    ],
    "calls/applications/<int:pk>/documents/<int:document>/upload/": [
        case("/calls/applications/{draft_application}/documents/{call_document}/upload/",
             only(*CARRIERS, ok="405")),
        case("/calls/applications/{submitted_application}/documents/{call_document}/upload/",
             only("engaged", ok="405"),
             "received, pieces asked for: its carriers' admins (even after the deadline)"),
        case("/calls/applications/{complete_application}/documents/{call_document}/upload/",
             only(), "declared complete: nobody"),
    ],
    "calls/applications/<int:pk>/submit/": [
        case("/calls/applications/{draft_application}/submit/", only("engaged", ok="405"))
    ],
    "calls/applications/<int:pk>/pieces/": [
        case("/calls/applications/{submitted_application}/pieces/", only(*AGENTS, ok="405"),
             "received: the call's agents ask for missing pieces"),
        case("/calls/applications/{complete_application}/pieces/", only(),
             "declared complete: nobody"),
    ],
    "calls/applications/<int:pk>/complete/": [
        case("/calls/applications/{submitted_application}/complete/", only(*AGENTS, ok="405"),
             "received: the call's agents declare it complete"),
        case("/calls/applications/{complete_application}/complete/", only(),
             "already complete: nobody"),
    ],
    "calls/applications/<int:pk>/assign/": [
        case("/calls/applications/{submitted_application}/assign/", only(*AGENTS, ok="405"))
    ],
    "calls/applications/<int:pk>/review/": [
        case("/calls/applications/{submitted_application}/review/", only(),
             "received: nobody scores before the file is complete"),
        case("/calls/applications/{complete_application}/review/", only("cultivator"),
             "complete: its assigned reviewer"),
    ],
    "calls/applications/<int:pk>/decide/": [
        case("/calls/applications/{submitted_application}/decide/", only(*AGENTS))
    ],
    "calls/applications/<int:pk>/reports/new/": [
        case("/calls/applications/{funded_application}/reports/new/", only("engaged"),
             "funded: its carriers' admins"),
        case("/calls/applications/{submitted_application}/reports/new/", only(),
             "not funded: nobody"),
    ],
    "calls/applications/<int:pk>/reports/<int:report>/file/": [
        case("/calls/applications/{funded_application}/reports/{funded_report}/file/",
             only("engaged", *AGENTS),
             "its carriers, the call's agents and its assigned reviewers"),
    ],
    "calls/funded/": [case("/calls/funded/", everyone(), "the funded projects and their map")],
    "calls/applications/<int:pk>/links/": [
        case("/calls/applications/{funded_application}/links/", only("engaged", *AGENTS),
             "funded: its carriers' admins and the call's agents"),
        case("/calls/applications/{submitted_application}/links/", only(),
             "not funded: nobody"),
    ],
    "organisations/": [case("/organisations/", signed_in(), "one's own organisations")],
    "organisations/new/": [case("/organisations/new/", signed_in())],
    "organisations/<slug:slug>/": [case("/organisations/{organisation}/", everyone())],
    "organisations/<slug:slug>/edit/": [
        case("/organisations/{organisation}/edit/", only("engaged", "staff"), "its admins")
    ],
    "organisations/<slug:slug>/members/add/": [
        case("/organisations/{organisation}/members/add/", only("engaged", "staff", ok="405"))
    ],
    "organisations/<slug:slug>/communities/link/": [
        case("/organisations/{organisation}/communities/link/",
             only("engaged", "staff", ok="405"), "its admins")
    ],
    "organisations/<slug:slug>/communities/<int:community>/unlink/": [
        case("/organisations/{organisation}/communities/{organisation_community}/unlink/",
             only("engaged", "staff", ok="405"), "its admins")
    ],
    "organisations/<slug:slug>/verify/": [
        case("/organisations/{organisation}/verify/", only(*AGENTS, ok="405"),
             "the institution's agents")
    ],
}
