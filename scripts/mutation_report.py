#!/usr/bin/env python3
"""Mutation score per module, from what `make mutation` left in ./mutants/.

    score = killed / (total - equivalent)

"killed" counts the mutants a test failed on (a timeout counts too: the
tests noticed). Every other mutant that is not listed as equivalent is a
survivor and is listed, whatever the reason (no test reached it, tests
passed, not run yet). Equivalent mutants are read from
mutation-equivalents.txt, one per line: `<mutant name>: why it is equivalent`.

    python scripts/mutation_report.py                  # every module
    python scripts/mutation_report.py events.services.registrations
    python scripts/mutation_report.py newsletters.services.sending   # a package: each module
    python scripts/mutation_report.py --fail-under 80  # exit 1 below 80 %
    python scripts/mutation_report.py --modules        # the modules under mutation
    python scripts/mutation_report.py --tests-for processes.services.answers  # its tests
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout",
          152: "timeout", 255: "timeout", 37: "caught by type check"}
OTHER = {0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", None: "not checked"}


# Where an app's tests live when the folder is not tests/<app>/ (or not only):
# the roles' services are also driven by the coaching and gardeners' pages.
TESTS_OF_APP = {"processes": "tests/dialogue",
                "roles": "tests/roles tests/coaching tests/gardeners",
                "organisations": "tests/organisations tests/calls/test_organisation_communities.py"}


# A module of the ground floor (terreau/) has no folder of tests: its own.
TESTS_OF_MODULE = {
    "terreau.spreadsheets": (
        "tests/test_spreadsheets.py tests/test_spreadsheet_templates.py tests/councils "
        "tests/barometers"),
    "terreau.workbooks": (
        "tests/test_ods_import.py tests/test_spreadsheets.py tests/councils/test_views.py "
        "tests/barometers/test_paper_files.py"),
    "terreau.ods_template": (
        "tests/test_ods_template.py tests/councils/test_views.py "
        "tests/barometers/test_paper_files.py"),
    "terreau.text": (
        "tests/test_text.py tests/councils/test_editing.py "
        "tests/barometers/test_building_edges.py"),
    "terreau.feeds": (
        "tests/test_feeds.py tests/cms/test_feeds.py tests/newsletters/test_pages.py"),
    "accounts.sessions": (
        "tests/accounts/test_sessions.py tests/discussions/test_sign_in_sockets.py"),
    "terreau.slugs": (
        "tests/test_slugs.py tests/workgroups/test_group_edges.py tests/workgroups/test_services.py"),
}


def tests_for(module: str) -> str:
    if module in TESTS_OF_MODULE:
        return TESTS_OF_MODULE[module]
    app = module.split(".", 1)[0]
    return TESTS_OF_APP.get(app, f"tests/{app}")


def source_paths() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return list(config["source_paths"])


def module_of(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def equivalents(path: Path) -> dict[str, str]:
    found = {}
    if not path.exists():
        return found
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, why = line.partition(":")
        if not sep or not why.strip():
            sys.exit(f"{path.name}:{number}: write `<mutant name>: why it is equivalent`")
        found[name.strip()] = why.strip()
    return found


def status(code) -> str:
    return KILLED.get(code) or OTHER.get(code) or "suspicious"


def report(modules: list[str], equivalent: dict[str, str], fail_under: float | None) -> int:
    failing = 0
    known, ran = set(), []
    for path in source_paths():
        module = module_of(path)
        if modules and not any(module == m or module.startswith(f"{m}.") for m in modules):
            continue
        meta = ROOT / "mutants" / f"{path}.meta"
        if not meta.exists():
            print(f"{module}: not run (make mutation MUTATE={module})")
            failing += fail_under is not None
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        known |= set(codes)
        ran.append(module)
        killed = {k for k, c in codes.items() if c in KILLED}
        equiv = sorted(k for k in codes if k in equivalent and k not in killed)
        wrongly_equivalent = sorted(k for k in killed if k in equivalent)
        survivors = sorted(k for k in codes if k not in killed and k not in equivalent)
        counted = len(codes) - len(equiv)
        score = 100.0 * len(killed) / counted if counted else 100.0
        print(
            f"{module}: {score:.1f} %  killed {len(killed)} / ({len(codes)} mutants "
            f"- {len(equiv)} equivalent); {len(survivors)} survivor(s)"
        )
        unchecked = [k for k in survivors if codes[k] is None]
        if unchecked:
            checked = counted - len(unchecked)
            print(
                f"    run not finished: {len(unchecked)} not checked yet; over the {checked} "
                f"checked, {100.0 * len(killed) / checked if checked else 0:.1f} % killed"
            )
        for name in survivors:
            if codes[name] is not None:
                print(f"    {name}  [{status(codes[name])}]")
        for name in wrongly_equivalent:
            print(f"    {name}  listed as equivalent but killed: remove it from the list")
        if fail_under is not None and score < fail_under:
            failing += 1
    stale = sorted(
        name for name in equivalent
        if name not in known and any(name.startswith(f"{m}.") for m in ran)
    )
    for name in stale:
        print(f"mutation-equivalents.txt: {name} no longer exists (code changed?): remove it")
    return 1 if failing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="dotted module names (default: all)")
    parser.add_argument("--modules", dest="list_modules", action="store_true",
                        help="print the modules under mutation and stop")
    parser.add_argument("--tests-for", metavar="MODULE",
                        help="print the test paths a module is mutated against and stop")
    parser.add_argument("--fail-under", type=float, default=None)
    parser.add_argument("--equivalents", type=Path, default=ROOT / "mutation-equivalents.txt")
    args = parser.parse_args()
    if args.list_modules:
        print(" ".join(module_of(p) for p in source_paths()))
        return 0
    if args.tests_for:
        print(tests_for(args.tests_for))
        return 0
    return report(args.modules, equivalents(args.equivalents), args.fail_under)


if __name__ == "__main__":
    sys.exit(main())
