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
    "processes/<slug:slug>/": [
        case(f"{P}/", everyone(), "a published process"),
        case("/processes/{draft_process}/", only(*LEADS), "a draft: its leads only"),
    ],
    "processes/<slug:slug>/edit/": [case(f"{P}/edit/", only(*LEADS))],
    "processes/<slug:slug>/phases/": [case(f"{P}/phases/", only(*LEADS))],
    "processes/<slug:slug>/publish/": [
        case("/processes/{draft_process}/publish/", only(*LEADS, ok="405"))
    ],
    "processes/<slug:slug>/workshop/": [case(f"{P}/workshop/", only(*LEADS))],
    "processes/<slug:slug>/answers/": [case(f"{P}/answers/", only(*LEADS))],
    "processes/<slug:slug>/commitments/new/": [case(f"{P}/commitments/new/", only(*LEADS))],
    "processes/<slug:slug>/commitments/<int:pk>/": [
        case(f"{P}/commitments/{{commitment}}/", only(*LEADS))
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
}
