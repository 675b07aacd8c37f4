"""`make mutation`'s scope stays true as the tree grows (pyproject.toml,
[tool.mutmut]; docs/testing.md): checked on every run of the suite, since
the mutation run itself is too slow for CI and would only find a missing
app an hour in."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
REPORT = [sys.executable, str(ROOT / "scripts" / "mutation_report.py")]


def test_every_package_of_the_project_is_copied_for_the_mutants():
    copied = {entry.rstrip("/") for entry in CONFIG["also_copy"]}
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - {"tests"} - copied == set()


def test_every_mutated_module_exists_and_has_tests_to_run_against():
    modules = subprocess.run([*REPORT, "--modules"], capture_output=True, text=True,
                             check=True).stdout.split()
    assert len(modules) == len(CONFIG["source_paths"])
    for path, module in zip(CONFIG["source_paths"], modules, strict=True):
        assert (ROOT / path).is_file(), path
        tests = subprocess.run([*REPORT, "--tests-for", module], capture_output=True,
                               text=True, check=True).stdout.split()
        assert tests and all((ROOT / t).exists() for t in tests), (module, tests)


def test_the_services_that_must_never_be_wrong_are_in_scope():
    # Issue 20: seat booking, letter sending, circle moves and membership, the
    # needs pipeline, the sortition draw, argued-answer deadlines, call deadlines;
    # then the barometers' one-answer-per-person, the gardener pairs' roles and
    # the personal-data rights (deletion's grace period, retention), the
    # funders' joint review of applications, the moderation queue (reporters
    # never named), a dialogue's contributions (its phase, one support each),
    # the barometers' paper files and every CSV export's and import's cells,
    # a council's pool (consent, withdrawal freeing a seat, the list import),
    # an event's life (its circles, dates, publication, cancellation), a
    # dialogue's citizen opinion (its panel, recommendations, argued answers),
    # the events members propose to their gardeners, a channel's messages,
    # notify(): the one way every app writes to a person, the sections members
    # write in a letter and gardeners decide, the letter's own life, and a
    # dialogue's workshops (their facilitators, the contributions entered after),
    # a council's sessions (their agenda, their minutes once started), a
    # council itself (its colleges, the characteristics its quotas use, its
    # members by choice), a dialogue process itself (its leads, its mandate,
    # its phases), a call for projects itself (its criteria and documents,
    # fixed once published), the referrals communities make to processes and
    # a call's questions (asked while it is open, five waiting at most), and
    # a community's working groups (engaged members only, their requests,
    # their decision log), and a funded project's follow-up (the grant's split
    # among the funders, to the cent; its reports, one final), the actors'
    # directory (a location both or neither, rounded; consent recorded and
    # withdrawn), a person's own profile (each field's limit) and the
    # organisations (their slug, admins, members, links to communities), and
    # the discussion topics members propose (one name, one waiting proposal)
    # and a discussion's channels (one general, names unique whatever the case),
    # an event's team (engaged members only) and a proposal's date poll (its
    # circles, one answer each, closed once decided), and building a barometer
    # (a wave's questions frozen at its launch, its results published once),
    # a page's free address (the next number when taken in between), muting
    # a member (one mute running, told, logged), an event's reminders (each
    # window's instants, sent once) and its announcement (each person once),
    # the watch on other calls (each refusal's code, told once) and a received
    # file's admissibility (pieces asked, every missing document named), and
    # who someone is (every role predicate the apps' rules compose), a
    # community and its direction, following a community, a channel's read
    # marks and the checks every discussion write shares, and the audit log's
    # one write; the filters that twin the role predicates in every list, the
    # one lookup of a community's active pair, and an import's template as an
    # OpenDocument spreadsheet; and the reads that decide who sees what and
    # who is written to: the channels a person may read and who is told of a
    # message, a letter's recipients and archive, a community's needs, its
    # members and figures, the events a person may see; and text without the
    # control characters no spreadsheet nor feed may hold; a council's page,
    # its draws' reports and a person's candidacies, and a barometer's
    # results, comparison across waves and export, the directory's entries,
    # filters and map, and the dashboards' figures and the overview's order.
    paths = set(CONFIG["source_paths"])
    for required in ("events/services/registrations.py", "events/services/booking.py",
                     "events/services/seats.py", "needs/services.py",
                     "communities/services/memberships.py", "councils/services/engine.py",
                     "councils/services/draws.py", "processes/accountability.py",
                     "processes/services/answers.py", "calls/services/applications.py",
                     "calls/services/reminders.py", "barometers/services/answering.py",
                     "roles/services.py", "privacy/services.py",
                     "calls/services/review.py", "moderation/services.py",
                     "processes/services/contributions.py",
                     "barometers/services/paper_files.py", "terreau/spreadsheets.py",
                     "councils/services/pool.py", "events/services/events.py",
                     "processes/services/opinion.py", "events/services/proposals.py",
                     "discussions/services/messages.py", "notifications/services.py",
                     "newsletters/services/sections.py", "newsletters/services/letters.py",
                     "processes/services/workshops.py", "councils/services/sessions.py",
                     "councils/services/councils.py", "processes/services/processes.py",
                     "calls/services/calls.py", "processes/services/referrals.py",
                     "calls/services/questions.py", "workgroups/services/_common.py",
                     "workgroups/services/groups.py", "workgroups/services/members.py",
                     "workgroups/services/requests.py", "workgroups/services/decisions.py",
                     "calls/services/followup.py", "directory/services.py",
                     "accounts/services.py", "organisations/services.py",
                     "topics/services.py", "discussions/services/channels.py",
                     "events/services/team.py", "events/services/poll.py",
                     "barometers/services/building.py", "terreau/slugs.py",
                     "discussions/services/moderation.py", "events/services/reminders.py",
                     "events/services/announcing.py", "calls/watch/services.py",
                     "calls/services/completeness.py", "elsewhere/services.py",
                     "calls/funded/services.py", "processes/services/documents.py",
                     "newsletters/services/subscriptions.py",
                     "councils/services/members.py", "councils/services/probabilities.py",
                     "discussions/services/unread.py", "terreau/workbooks.py",
                     "roles/predicates.py", "communities/services/communities.py",
                     "communities/services/following.py", "discussions/services/reading.py",
                     "discussions/services/_common.py", "audit/services.py",
                     "roles/filters.py", "roles/selectors.py", "terreau/ods_template.py",
                     "discussions/selectors.py", "newsletters/selectors.py",
                     "needs/selectors.py", "communities/selectors.py",
                     "events/selectors/reading.py", "terreau/text.py", "terreau/feeds.py",
                     "calls/selectors.py", "processes/selectors.py",
                     "councils/selectors.py", "barometers/selectors.py",
                     "directory/selectors.py", "insights/selectors.py"):
        assert required in paths
    assert any(p.startswith("newsletters/services/sending/") for p in paths)
