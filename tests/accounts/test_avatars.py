"""Portrait placeholders: initials on a colour of the name, the same in the
page and in live chat messages, readable, and never a request elsewhere."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template

from accounts import avatars
from tests.conftest import service_missing
from tests.factories import UserFactory

CHAT_JS = Path(__file__).resolve().parents[2] / "discussions/static/discussions/chat.js"
NAMES = ["Nadia Benali", "Léa Marty", "  élodie  d'Arc-Rouge ", "", "Zoë 𝒜bc",
         "Jean-Pierre Lefèvre de la Tour", "李 小龍", "O'Neil"]


def _luminance(hex_colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_initials_are_the_first_and_last_words_first_letters():
    assert avatars.initials("Nadia Benali") == "NB"
    assert avatars.initials("Jean-Pierre Lefèvre de la Tour") == "JT"
    assert avatars.initials("élodie") == "É"
    assert avatars.initials("  ") == "?"


def test_a_name_always_gets_the_same_colour_and_names_get_several():
    assert avatars.colour("Nadia Benali") == avatars.colour("Nadia Benali")
    assert len({avatars.colour(f"Membre {i}") for i in range(50)}) == len(avatars.PALETTE)


@pytest.mark.parametrize("colour", avatars.PALETTE)
def test_white_initials_are_readable_on_every_colour(colour):
    contrast = (1.05) / (_luminance(colour) + 0.05)
    assert contrast >= 4.5, colour


@pytest.mark.django_db
def test_the_tag_draws_an_inline_disc_hidden_from_screen_readers():
    user = UserFactory(display_name="Nadia <Benali>")
    html = Template("{% load avatars %}{% avatar person 32 %}").render(Context({"person": user}))
    assert html.startswith('<svg class="avatar" width="32" height="32"')
    assert 'aria-hidden="true"' in html
    assert "NB" in html and "<Benali>" not in html  # escaped: only the initials are written
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing fetched
    assert avatars.colour("Nadia <Benali>") in html


def test_live_messages_draw_the_same_disc_as_the_page():
    if shutil.which("node") is None:
        service_missing("this test needs Node.js (package.json's engines)")
    source = CHAT_JS.read_text()
    rule = re.search(r"var AVATAR_PALETTE.*?(?=\n  function avatar\()", source, re.DOTALL).group(0)
    script = rule + (
        f"\nconst names = {json.dumps(NAMES)};"
        "\nconsole.log(JSON.stringify(names.map(n => [initials(n), avatarColour(n)])));"
    )
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)

    assert json.loads(result.stdout) == [[avatars.initials(n), avatars.colour(n)] for n in NAMES]
