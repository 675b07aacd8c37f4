"""The rows of barometer surveys (tests/access/matrix.py; the objects:
tests/access/world_barometers.py). The barometer belongs to the world's
direction; its agents in the table are the cultivator and site staff. The
open public wave asks everyone; the circle wave asks the community's
informed circle and closer; the closed wave's results are published."""

from .table import Case, case, everyone, only

AGENTS = ("cultivator", "staff")

BAROMETERS: dict[str, list[Case]] = {
    "barometers/": [case("/barometers/", everyone())],
    "barometers/new/": [case("/barometers/new/", only(*AGENTS), "agents of a direction")],
    "barometers/<slug:slug>/": [case("/barometers/{barometer}/", everyone())],
    "barometers/<slug:slug>/compare/": [
        case("/barometers/{barometer}/compare/", everyone(), "published waves for the public")
    ],
    "barometers/<slug:slug>/waves/new/": [
        case("/barometers/{barometer}/waves/new/", only(*AGENTS))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/": [
        case("/barometers/{barometer}/waves/{public_wave}/", everyone(),
             "an open wave asking everyone"),
        case("/barometers/{barometer}/waves/{circle_wave}/",
             only("informed", "engaged", *AGENTS),
             "asking the informed circle and closer (the agents preview it)"),
    ],
    "barometers/<slug:slug>/waves/<int:pk>/paper/": [
        case("/barometers/{barometer}/waves/{public_wave}/paper/", only(*AGENTS),
             "an open wave: its agents type in paper questionnaires")
    ],
    "barometers/<slug:slug>/waves/<int:pk>/paper/file/": [
        case("/barometers/{barometer}/waves/{public_wave}/paper/file/", only(*AGENTS, ok="405"),
             "the import of a file of paper questionnaires (POST)")
    ],
    "barometers/<slug:slug>/waves/<int:pk>/paper/template.csv": [
        case("/barometers/{barometer}/waves/{public_wave}/paper/template.csv", only(*AGENTS),
             "the template of that file")
    ],
    "barometers/<slug:slug>/waves/<int:pk>/paper/template.xlsx": [
        case("/barometers/{barometer}/waves/{public_wave}/paper/template.xlsx", only(*AGENTS),
             "the template of that file, as an Excel workbook")
    ],
    "barometers/<slug:slug>/waves/<int:pk>/paper/template.ods": [
        case("/barometers/{barometer}/waves/{public_wave}/paper/template.ods", only(*AGENTS),
             "the template of that file, as an OpenDocument spreadsheet")
    ],
    "barometers/<slug:slug>/waves/<int:pk>/questions/": [
        case("/barometers/{barometer}/waves/{public_wave}/questions/", only(*AGENTS))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/questions/<int:question>/edit/": [
        case("/barometers/{barometer}/waves/{public_wave}/questions/{public_question}/edit/",
             only(*AGENTS), "a launched wave: the page says its questions can no longer change")
    ],
    "barometers/<slug:slug>/waves/<int:pk>/questions/<int:question>/remove/": [
        case("/barometers/{barometer}/waves/{public_wave}/questions/{public_question}/remove/",
             only(*AGENTS, ok="405"))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/questions/<int:question>/move/": [
        case("/barometers/{barometer}/waves/{public_wave}/questions/{public_question}/move/",
             only(*AGENTS, ok="405"))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/launch/": [
        case("/barometers/{barometer}/waves/{public_wave}/launch/", only(*AGENTS, ok="405"))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/results/": [
        case("/barometers/{barometer}/waves/{public_wave}/results/", only(*AGENTS),
             "a running wave: its agents only"),
        case("/barometers/{barometer}/waves/{closed_wave}/results/", everyone(),
             "published results"),
    ],
    "barometers/<slug:slug>/waves/<int:pk>/results/<int:question>/answers/": [
        case("/barometers/{barometer}/waves/{public_wave}/results/{public_text_question}"
             "/answers/", only(*AGENTS), "a running wave's free text: its agents only"),
        case("/barometers/{barometer}/waves/{closed_wave}/results/{closed_text_question}"
             "/answers/", everyone(), "published results: the approved free text"),
    ],
    "barometers/<slug:slug>/waves/<int:pk>/moderate/": [
        case("/barometers/{barometer}/waves/{closed_wave}/moderate/", only(*AGENTS))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/publish/": [
        case("/barometers/{barometer}/waves/{closed_wave}/publish/", only(*AGENTS, ok="405"))
    ],
    "barometers/<slug:slug>/waves/<int:pk>/export.csv": [
        case("/barometers/{barometer}/waves/{closed_wave}/export.csv", only(*AGENTS))
    ],
}
