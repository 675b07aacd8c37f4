"""Nothing reached only by e-mail (issue 16, item 8; docs/notifications.md).

A kind that asks its recipient to act (`Kind.action`) has a line in the
centre that links to the page where the action is (every call of notify()
for it, read from the code, gives that address), and a "Waiting for you" source lists the action on
the member's dashboard, "My communities" (communities/waiting.py), with a
fixed number of queries. A section's author learns whether it was accepted,
sent back or declined."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities import waiting
from communities.models import Circle
from events import services as event_services
from newsletters import services as letter_services
from notifications import kinds as kinds_registry
from notifications.models import Notification
from tests.factories import MembershipFactory
from tests.newsletters.factories import LetterFactory, SectionFactory
from topics import services as topic_services
from workgroups import services as group_services

pytestmark = pytest.mark.django_db

# The kinds whose e-mail asks the person to do something, and the only ones:
# a kind added with an action (or one losing it) changes this list on purpose.
ACTION_KINDS = {
    "circle_request_received", "contribution_call", "section_decided", "event_proposed",
    "event_proposal_decided", "event_date_poll", "topic_proposed", "group_join_request",
    "moderation_case_opened", "need_new", "need_new_first", "call_cocarrier_invited",
    "call_deadline_reminder", "barometer_wave_opened", "process_recommendation_decided",
    "council_seat_freed", "call_pieces_requested", "call_question_asked",
}


def action_kinds() -> dict[str, kinds_registry.Kind]:
    return {key: kind for key, kind in kinds_registry.KINDS.items() if kind.action}


def test_the_kinds_that_ask_to_act_are_the_known_ones():
    assert set(action_kinds()) >= ACTION_KINDS


def test_every_kind_that_asks_to_act_has_a_line_in_the_centre_and_a_dashboard_entry():
    listed = waiting.kinds_listed()
    for key, kind in action_kinds().items():
        assert kind.in_app, f"{key} asks to act but has no line in the centre"
        get_template(kind.template)  # the line exists
        assert key in listed, f"{key} asks to act but no 'Waiting for you' source lists it"


def test_every_source_lists_registered_kinds():
    for source in waiting.sources().values():
        for key in source.kinds:
            assert key in kinds_registry.KINDS, f"{source.key} lists the unknown kind {key}"


def test_a_kind_that_asks_to_act_without_a_line_is_refused():
    with pytest.raises(ImproperlyConfigured):
        kinds_registry.register(kinds_registry.Kind(
            "test_action_without_line", "x", action="do it", always_email=True, in_app=False))
    assert "test_action_without_line" not in kinds_registry.KINDS


# --- Every call of notify() for such a kind gives the page of the action -----------------

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "node_modules", "tests", "notifications", "static", "var"}


def _production_modules():
    # The project's packages only: a copy of the tree (mutants/, left by
    # `make mutation`) or a virtualenv is not the project's code.
    packages = sorted(p for p in ROOT.iterdir()
                      if (p / "__init__.py").exists() and p.name not in SKIPPED_DIRS)
    for package in packages:
        for path in sorted(package.rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def _notify_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "notify" and len(node.args) >= 2:
                yield node


def _kind_of(node, path) -> str | None:
    """The kind's key when the call names it (a string, or a constant of the
    app's kinds module); None when it is a variable."""
    arg = node.args[1]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    namespace = vars(importlib.import_module(module))
    try:
        value = eval(compile(ast.Expression(arg), str(path), "eval"), namespace)
    except NameError:
        return None
    return value if isinstance(value, str) else None


def _url_given(node) -> bool:
    for keyword in node.keywords:
        if keyword.arg == "url":
            return not (isinstance(keyword.value, ast.Constant) and not keyword.value.value)
        if keyword.arg is None:  # **options: the url travels with them
            return True
    return False


def test_every_call_for_a_kind_that_asks_to_act_links_to_the_page_of_the_action():
    asking = set(action_kinds())
    missing, found = [], set()
    for path in _production_modules():
        source = path.read_text()
        if "notify(" not in source:
            continue
        for node in _notify_calls(ast.parse(source)):
            kind = _kind_of(node, path)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if kind is not None:
                found.add(kind)
            if (kind is None or kind in asking) and not _url_given(node):
                missing.append(f"{where} ({kind or 'a kind in a variable'})")
    assert not missing, f"notify() without the page of the action: {missing}"
    # The check reads the calls: the simple kinds are found by their key.
    assert {"topic_proposed", "event_date_poll", "section_decided"} <= found


# --- A section's author is told ----------------------------------------------------------


@pytest.mark.parametrize(("decide", "state", "url_name"), [
    ("section_accept", "accepted", "letter"),
    ("section_request_changes", "changes_requested", "section_update"),
    ("section_decline", "declined", "letter"),
])
def test_a_sections_author_is_told_the_decision_with_a_link(
    people, community, decide, state, url_name, in_english
):
    author = people["engaged"]
    section = SectionFactory(letter=LetterFactory(community=community), author=author)
    getattr(letter_services, decide)(section=section, actor=people["gardener"],
                                     comment="Plus court, s'il vous plaît")
    line = Notification.objects.get(recipient=author, kind="section_decided")
    pk = section.letter.pk if url_name == "letter" else section.pk
    assert line.url == reverse(f"newsletters:{url_name}", kwargs={"pk": pk})
    assert line.data["state"] == state
    assert line.actor == people["gardener"]


def test_the_centre_reads_the_decision_and_its_comment(client, people, community, in_english):
    author = people["engaged"]
    author.preferred_language = "en"  # the centre speaks the reader's language
    author.save(update_fields=["preferred_language"])
    section = SectionFactory(letter=LetterFactory(community=community, title="Lettre d'hiver"),
                             author=author, title="Les haies")
    letter_services.section_request_changes(section=section, actor=people["gardener"],
                                            comment="Ajoutez une photo")
    client.force_login(author)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "The gardeners ask for changes to your section “Les haies”" in page
    assert "Ajoutez une photo" in page


# --- "Waiting for you" on the dashboard --------------------------------------------------


def _texts(user) -> list[str]:
    return [str(item.text) for item in waiting.waiting_for(user)]


def _scene(people, community, n: int):
    """n of each thing that waits: for the engaged member (letters to write
    in, a section sent back, date polls) and for the pair (circle requests,
    topic and event proposals)."""
    engaged, gardener = people["engaged"], people["gardener"]
    start = timezone.now() + dt.timedelta(days=20)
    group = group_services.group_create(community=community, actor=gardener, name="Semences" if n == 1 else f"Semences {n}",
                                        goal="Une bourse aux semences.", issue="Semences")
    for i in range(n):
        LetterFactory(community=community, title=f"Lettre {i}")
        section = SectionFactory(letter=LetterFactory(community=community), author=engaged)
        letter_services.section_request_changes(section=section, actor=gardener, comment="Non")
        proposer = MembershipFactory(community=community, circle=Circle.ENGAGED).user
        event_services.event_propose(
            author=proposer, community=community, title=f"Fête {i}", description="d",
            starts_at=start, ends_at=start + dt.timedelta(hours=2), address="Place",
            circle=Circle.INFORMED, other_dates=[start + dt.timedelta(days=1)],
        )
        group_services.join_request_create(group=group, user=proposer, message="Moi")
        # A name waiting once per community: a second scene proposes others.
        topic_services.topic_propose(author=proposer, community=community,
                                     name=f"Sujet {i}" if n == 1 else f"Sujet {n}.{i}",
                                     description="d", min_circle=Circle.INFORMED)
        citizen = MembershipFactory(community=community, circle=Circle.CITIZENS).user
        community_services.circle_request_create(community=community, user=citizen,
                                                 circle=Circle.INFORMED, message="Moi aussi")


def test_the_dashboard_lists_what_waits_and_it_empties_as_people_act(people, community,
                                                                     in_english):
    _scene(people, community, 1)
    engaged, gardener = people["engaged"], people["gardener"]
    texts = _texts(engaged)
    assert any(t.startswith("Write in the letter “Lettre 0”") for t in texts)
    assert any(t.startswith("Revise your section") for t in texts)
    assert "Say which dates suit you for “Fête 0”" in texts
    pair_texts = _texts(gardener)
    assert "Answer 1 request to change circle" in pair_texts
    assert "Decide on the event proposal “Fête 0”" in pair_texts
    assert "Open or decline the topic “Sujet 0”" in pair_texts
    assert "Answer 1 request to join “Semences”" in pair_texts
    # A citizen is asked nothing: not in the letter's circle, nor the pair.
    assert _texts(people["citizen"]) == []

    # Acting removes the entry.
    from events.models import EventProposal

    proposal = EventProposal.objects.get(title="Fête 0")
    event_services.date_poll_answer(proposal=proposal, person=engaged,
                                    option_ids=[proposal.date_options.first().pk])
    assert "Say which dates suit you for “Fête 0”" not in _texts(engaged)


def test_the_dashboards_queries_do_not_grow_with_the_items(people, community,
                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roles.cache import forget

    def count(user) -> int:
        forget(user)
        with CaptureQueriesContext(connection) as queries:
            waiting.waiting_for(user)
        return len(queries)

    _scene(people, community, 1)
    few = {role: count(people[role]) for role in ("engaged", "gardener")}
    _scene(people, community, 3)
    many = {role: count(people[role]) for role in ("engaged", "gardener")}
    assert few == many
    assert max(many.values()) <= 14


def test_the_page_shows_the_block_with_its_links(client, people, community, in_english):
    _scene(people, community, 1)
    client.force_login(people["engaged"])
    page = client.get(reverse("communities:mine")).content.decode()
    assert 'id="waiting-for-you"' in page
    section_url = reverse("newsletters:section_update",
                          kwargs={"pk": people["engaged"].newsletter_sections.get().pk})
    assert f'href="{section_url}"' in page
    client.force_login(people["citizen"])
    page = client.get(reverse("communities:mine")).content.decode()
    block = page.split('id="waiting-for-you"')[1].split("</section>")[0]
    assert "<li>" not in block  # nothing waits for a citizen
