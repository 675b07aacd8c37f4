"""The rows of citizen dialogue processes (/processes/, processes/rules.py).

A published process is public; signed-in people propose, support (not their
own) and comment while its contributions phase is open. The world's process
lead is the cultivator (who runs every direction's processes, as site staff
does); a direction's own process lead is not a role of the matrix
(tests/dialogue/test_rules.py walks it).
"""

from .table import Case, case, everyone, only, signed_in

P = "/processes/{process}"
LEADS = ("cultivator", "staff")

PROCESSES: dict[str, list[Case]] = {
    "processes/": [case("/processes/", everyone())],
    "processes/new/": [case("/processes/new/", only(*LEADS))],
    "processes/leads/": [case("/processes/leads/", only(*LEADS), "granting process leads")],
    "processes/leads/<int:pk>/revoke/": [
        case("/processes/leads/{process_lead}/revoke/", only(*LEADS, ok="405"))
    ],
    # Issue #17, item 7: the community's region gardener (no column) refers a need
    # or a group's result (POST); the process's managers answer the referral.
    "processes/refer/need/<int:pk>/": [
        case("/processes/refer/need/{need}/", only(), "the region gardener only (POST)")
    ],
    "processes/refer/result/<int:pk>/": [
        case("/processes/refer/result/{group_result}/", only(), "the same")
    ],
    "processes/<slug:slug>/referrals/<int:pk>/answer/": [
        case(f"{P}/referrals/{{referral}}/answer/", only(*LEADS))
    ],
    "processes/<slug:slug>/": [
        case(f"{P}/", everyone(), "a published process"),
        case("/processes/{draft_process}/", only(*LEADS), "a draft: its leads only"),
    ],
    # Issue #17, item 3: the visible proposals that have a place, on a map.
    "processes/<slug:slug>/map/": [
        case(f"{P}/map/", everyone(), "a published process"),
        case("/processes/{draft_process}/map/", only(*LEADS), "a draft: its leads only"),
    ],
    "processes/<slug:slug>/edit/": [case(f"{P}/edit/", only(*LEADS))],
    "processes/<slug:slug>/phases/": [case(f"{P}/phases/", only(*LEADS))],
    "processes/<slug:slug>/publish/": [
        case("/processes/{draft_process}/publish/", only(*LEADS, ok="405"))
    ],
    # Issue #17, item 3: the engaged member is the process's facilitator: enters
    # a workshop's contributions and publishes its minutes (minutes only).
    "processes/<slug:slug>/workshop/": [
        case(f"{P}/workshop/", only(*LEADS, "engaged"), "its leads and its facilitator")
    ],
    "processes/<slug:slug>/workshops/": [
        case(f"{P}/workshops/", only(*LEADS), "linking events, naming facilitators")
    ],
    "processes/<slug:slug>/facilitators/<int:pk>/revoke/": [
        case(f"{P}/facilitators/{{facilitator}}/revoke/", only(*LEADS, ok="405"))
    ],
    "processes/<slug:slug>/documents/new/": [
        case(f"{P}/documents/new/", only(*LEADS, "engaged"),
             "its leads; its facilitator, minutes only")
    ],
    "processes/<slug:slug>/documents/<int:pk>/": [
        case(f"{P}/documents/{{process_document}}/", everyone(), "a published process's brief"),
        case("/processes/{draft_process}/documents/{draft_process_document}/", only(*LEADS),
             "a draft's document: its leads only"),
    ],
    "processes/<slug:slug>/answers/": [case(f"{P}/answers/", only(*LEADS))],
    "processes/<slug:slug>/commitments/new/": [case(f"{P}/commitments/new/", only(*LEADS))],
    "processes/<slug:slug>/commitments/<int:pk>/": [
        case(f"{P}/commitments/{{commitment}}/", only(*LEADS))
    ],
    # Issue #17, items 4 and 5 (world_opinion.py): the citizen opinion. {process}'s
    # is being written, the informed member on its panel with a recommendation
    # proposed; {opinion_process}'s is published.
    "processes/<slug:slug>/opinion/": [
        case(f"{P}/opinion/", only("informed", *LEADS), "being written: the panel and the leads"),
        case("/processes/{opinion_process}/opinion/", everyone(), "published"),
    ],
    "processes/<slug:slug>/opinion/pdf/": [
        case("/processes/{opinion_process}/opinion/pdf/", everyone(), "published"),
        case(f"{P}/opinion/pdf/", only("informed", *LEADS, ok="404"),
             "being written: no PDF yet"),
    ],
    "processes/<slug:slug>/opinion/panel/": [
        case(f"{P}/opinion/panel/", only(*LEADS)),
        case("/processes/{opinion_process}/opinion/panel/", only(),
             "published: the panel no longer changes"),
    ],
    "processes/<slug:slug>/opinion/panel/<int:pk>/remove/": [
        case(f"{P}/opinion/panel/{{panel_member}}/remove/", only(*LEADS, ok="405"))
    ],
    "processes/<slug:slug>/opinion/publish/": [
        case(f"{P}/opinion/publish/", only(*LEADS, ok="405"))
    ],
    "processes/<slug:slug>/opinion/recommendations/new/": [
        case(f"{P}/opinion/recommendations/new/", only("informed"), "the panel")
    ],
    "processes/<slug:slug>/opinion/recommendations/<int:pk>/": [
        case(f"{P}/opinion/recommendations/{{recommendation}}/", only("informed"), "its author")
    ],
    "processes/<slug:slug>/opinion/recommendations/<int:pk>/decide/": [
        case(f"{P}/opinion/recommendations/{{recommendation}}/decide/", only(*LEADS, ok="405"))
    ],
    "processes/<slug:slug>/opinion/recommendations/<int:pk>/answer/": [
        case("/processes/{opinion_process}/opinion/recommendations/{published_recommendation}"
             "/answer/", only(*LEADS), "published and accepted"),
        case(f"{P}/opinion/recommendations/{{recommendation}}/answer/", only(),
             "not published yet"),
    ],
    "processes/<slug:slug>/proposals/new/": [
        case(f"{P}/proposals/new/", signed_in(), "contributions open")
    ],
    "processes/<slug:slug>/proposals/<int:pk>/": [
        case(f"{P}/proposals/{{process_proposal}}/", everyone()),
        case(f"{P}/proposals/{{hidden_process_proposal}}/", only("citizen", *LEADS),
             "hidden: its author (the citizen) and the leads"),
    ],
    "processes/<slug:slug>/proposals/<int:pk>/support/": [
        case(f"{P}/proposals/{{process_proposal}}/support/", signed_in("405", informed="403"),
             "not by its author (the informed member)")
    ],
    "processes/<slug:slug>/proposals/<int:pk>/comment/": [
        case(f"{P}/proposals/{{process_proposal}}/comment/", signed_in("405"))
    ],
    "processes/<slug:slug>/proposals/<int:pk>/answer/": [
        case(f"{P}/proposals/{{process_proposal}}/answer/", only(*LEADS))
    ],
    "processes/<slug:slug>/proposals/<int:pk>/hide/": [
        case(f"{P}/proposals/{{process_proposal}}/hide/", only(*LEADS))
    ],
    "processes/<slug:slug>/proposals/<int:pk>/restore/": [
        case(f"{P}/proposals/{{process_proposal}}/restore/", only(*LEADS, ok="405"))
    ],
}
