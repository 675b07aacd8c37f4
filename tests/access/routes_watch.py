"""The rows of the watch on other funding calls (calls/watch/; the object:
tests/access/world_watch.py, an outside call shared by the cultivator, an
agent). Agents and site staff post; its poster and agents edit or withdraw;
members of a call's partner organisations post too (tests/calls/test_watch.py:
no role of the matrix is one)."""

from .table import Case, case, everyone, only

AGENTS = ("cultivator", "staff")

WATCH: dict[str, list[Case]] = {
    "calls/watch/": [case("/calls/watch/", everyone(), "the open outside calls")],
    "calls/watch/new/": [case("/calls/watch/new/", only(*AGENTS),
                              "agents and partners' members")],
    "calls/watch/<int:pk>/": [
        case("/calls/watch/{outside_call}/", everyone(), "an outside call's public page")
    ],
    "calls/watch/<int:pk>/edit/": [
        case("/calls/watch/{outside_call}/edit/", only(*AGENTS), "its poster or an agent")
    ],
    "calls/watch/<int:pk>/withdraw/": [
        case("/calls/watch/{outside_call}/withdraw/", only(*AGENTS, ok="405"),
             "its poster or an agent")
    ],
}
