"""Each role has one definition, in roles/: a second one must not come back.

The production tree is read as text (every package of the project, migrations
aside). Each pattern below is a way a role used to be written again outside
roles/ (issue 12: "gardener of this community or staff" five times, the
active-pair lookup eight times, `is_cultivator_of` twice, four caches on the
user object in three modules). The patterns are themselves tested against
the lines they must catch, so a pattern that no longer matches anything
cannot pass silently.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SKIPPED = {"tests", "mutants", "node_modules", ".venv", "bench", "scripts"}

PATTERNS = {
    # The gardener pair is read through roles.selectors / roles.filters only.
    "active-pair lookup": re.compile(
        r"GardenerPair\.objects|gardener_pairs__|\.gardener_pairs\.(all|filter|exclude)\("
    ),
    # Role predicates are defined once, in roles/predicates.py.
    "role predicate": re.compile(
        r"^\s*def (is_cultivator\w*|is_gardener\w*|gardened_community_ids|"
        r"circles_by_community|circle_of|is_site_staff|is_direction_agent|is_member)\b"
    ),
    # "Gardener of this community or staff" is roles.predicates.can_animate.
    "gardener-or-staff by hand": re.compile(
        r"is_gardener_of\s*\|\s*is_site_staff|is_site_staff\s*\|\s*is_gardener_of|"
        r"is_site_staff\(\w+\)\s+or\s+is_gardener_of|"
        r"is_gardener_of\([^)]*\)\s+or\s+is_site_staff"
    ),
    # Site staff is roles.predicates.is_site_staff (or its filter twin).
    "staff check by hand": re.compile(r"\.is_staff\s+or\s+\w+\.is_superuser"),
    # One per-request cache (roles.cache): nothing else sets an attribute on a
    # person's user object, nor forgets one.
    "cache on the user object": re.compile(
        r"\b(user|person|member|author|actor)\._\w+\s*=(?!=)|"
        r"setattr\(\s*(self\.)?(user|person)\b|"
        r"\b(user|person)\.__dict__|"
        r"_terreau_(circles|gardened|cultivator|groups|roles)\b"
    ),
    "a second forget()": re.compile(r"^\s*def forget\("),
    # The pair lookups are roles.selectors', under these names.
    "pair reader": re.compile(
        r"^\s*def (active_pair\w*|gardeners_of|pair_history)\b|^\s*def _pair\(community\b"
    ),
}

# Where a definition is the definition.
OWNERS = {"roles"}


def _production_modules():
    for package in sorted(ROOT.iterdir()):
        if not (package / "__init__.py").exists() or package.name in SKIPPED:
            continue
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.parts:
                yield package.name, path


def _offences(pattern) -> list[str]:
    found = []
    for package, path in _production_modules():
        if package in OWNERS:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_the_tree_is_read():
    packages = {package for package, _ in _production_modules()}
    assert {"roles", "communities", "gardeners", "needs", "discussions", "workgroups",
            "directory", "events", "newsletters", "cms"} <= packages


@pytest.mark.parametrize("name", PATTERNS)
def test_no_second_definition_outside_roles(name):
    assert _offences(PATTERNS[name]) == []


# Each pattern catches the lines it was written for (the copies issue 12 counted).
CAUGHT = {
    "active-pair lookup": [
        'GardenerPair.objects.filter(community=community, ended_at__isnull=True)',
        '"gardener_pairs", condition=Q(gardener_pairs__ended_at__isnull=True)',
        "community.gardener_pairs.filter(ended_at__isnull=True)",
    ],
    "role predicate": ["def is_cultivator_of(user, obj):", "def is_gardener_of(user, c):",
                       "    def circles_by_community(user):"],
    "gardener-or-staff by hand": [
        "can_animate = is_gardener_of | is_site_staff",
        "return is_site_staff(user) or is_gardener_of(user, _community(obj))",
        "manages = is_gardener_of(user, c) or is_site_staff(user)",
    ],
    "staff check by hand": ["user.is_staff or user.is_superuser or is_cultivator(user)"],
    "cache on the user object": [
        "user._terreau_gardened = cache",
        'cache = getattr(user, "_terreau_groups", None)',
        'setattr(user, "_roles", {})',
        "user.__dict__.setdefault('_x', {})",
    ],
    "a second forget()": ["def forget(user) -> None:"],
    "pair reader": ["def _pair(community: Community) -> list:",
                    "def gardeners_of(community):", "def active_pair(community):"],
}


@pytest.mark.parametrize("name", PATTERNS)
def test_each_pattern_catches_what_it_is_for(name):
    missed = [line for line in CAUGHT[name] if not PATTERNS[name].search(line)]

    assert missed == []


def test_the_former_homes_of_the_roles_are_gone():
    former = ["communities/predicates.py", "gardeners/predicates.py", "gardeners/services.py"]

    assert [path for path in former if (ROOT / path).exists()] == []
    # gardeners/models.py holds the coaching thread (issue #16), never a role again.
    assert "GardenerPair" not in (ROOT / "gardeners/models.py").read_text()
