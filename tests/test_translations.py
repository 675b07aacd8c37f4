"""Every user-facing string exists in French.

The catalogue is re-extracted from a copy of the source tree, so a string
added to a template or a view without its French translation fails here,
not in front of a user.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(
    ".venv", "node_modules", ".git", "var", "media", "staticfiles", "__pycache__",
    "*.mo", "*.sqlite3", ".pytest_cache", "test-results", "bench", "mutants",
)


def _statistics(po: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.strip()


def _counts(stats: str) -> dict[str, int]:
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", stats):
        counts[kind] = int(number)
    return counts


@pytest.fixture(scope="module")
def extracted_catalogue(tmp_path_factory):
    if shutil.which("msgfmt") is None:
        pytest.fail("gettext is not installed (msgfmt): the build compiles messages with it")
    copy = tmp_path_factory.mktemp("src") / "terreau"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete",
         "--ignore=tests/*", "--ignore=bench/*", "-v0"],
        cwd=copy, check=True, capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "terreau.settings.test"},
    )
    return copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_committed_french_catalogue_is_complete():
    counts = _counts(_statistics(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert counts["translated"] > 0
    assert counts == {"translated": counts["translated"], "fuzzy": 0, "untranslated": 0}


def test_every_string_in_the_code_has_a_french_translation(extracted_catalogue):
    counts = _counts(_statistics(extracted_catalogue))
    assert counts["fuzzy"] == 0 and counts["untranslated"] == 0, (
        f"{counts['untranslated']} untranslated and {counts['fuzzy']} fuzzy strings: "
        "run `make translations` and translate locale/fr/LC_MESSAGES/django.po"
    )
