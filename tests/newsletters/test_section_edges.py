"""The edges of a letter's sections (newsletters/services/sections.py) that the
behaviour tests beside this file did not pin: each refusal in its words and
code, each limit at the character or the byte, the image kept, replaced or
removed, what a decision records and tells the author, and the order."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from communities.models import Circle
from newsletters import services
from newsletters.models import Letter, Section
from newsletters.services.sections import MAX_IMAGE_BYTES
from notifications.models import Notification
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, UserFactory
from tests.refusals import refusals

from .factories import LetterFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _image(size: int | None = None, name: str = "semis.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    content = buffer.getvalue()
    if size is not None:
        content += b"\0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="image/png")


# --- Each field's refusal, in its words, and each limit -------------------------------------


@pytest.mark.parametrize("fields,field,message,code", [
    ({"title": "  "}, "title", "Give your section a title.", "title_required"),
    ({"title": None}, "title", "Give your section a title.", "title_required"),
    ({"title": "t" * 161}, "title", "Keep the title under 160 characters.", "too_long"),
    ({"image": "big", "image_alt": "Semis"}, "image", "The image is too large (5 MB at most).",
     "image_too_large"),
    ({"image": "small"}, "image_alt", "Describe the image for people who cannot see it.",
     "alt_required"),
    ({"image": "small", "image_alt": "d" * 251}, "image_alt",
     "Keep the description under 250 characters.", "too_long"),
    ({"event": "foreign"}, "event", "Link an event of this community.", "foreign_event"),
])
def test_each_bad_field_is_refused_in_words_and_nothing_is_written(
        letter, engaged, other_community, fields, field, message, code):
    fields = {"title": "Semis", "body": "Texte", **fields}
    if "image" in fields:
        fields["image"] = _image(MAX_IMAGE_BYTES + 1 if fields["image"] == "big" else None)
    if "event" in fields:
        fields["event"] = EventFactory(community=other_community)
    assert refusals(lambda: services.section_propose(letter=letter, author=engaged, **fields)
                    ) == [(field, message, code)]
    assert not Section.objects.exists()


def test_each_limit_itself_is_allowed(letter, engaged):
    section = services.section_propose(
        letter=letter, author=engaged, title="t" * 160, body="Texte",
        image=_image(MAX_IMAGE_BYTES), image_alt="d" * 250)
    section.refresh_from_db()
    assert (len(section.title), len(section.image_alt), section.image.size) == (
        160, 250, MAX_IMAGE_BYTES)


def test_a_closed_call_is_refused_in_words_and_its_deadline_is_the_last_instant_before(
        letter, engaged, monkeypatch):
    deadline = timezone.now() + dt.timedelta(hours=1)
    Letter.objects.filter(pk=letter.pk).update(contributions_until=deadline)
    monkeypatch.setattr(timezone, "now", lambda: deadline - dt.timedelta(microseconds=1))
    services.section_propose(letter=letter, author=engaged, title="Juste à temps", body="Oui")
    monkeypatch.setattr(timezone, "now", lambda: deadline)
    with pytest.raises(ValidationError) as refused:
        services.section_propose(letter=letter, author=engaged, title="Trop tard", body="Non")
    assert (refused.value.messages, refused.value.code) == (
        ["The call for contributions to this letter is closed."], "call_closed")
    assert list(Section.objects.values_list("title", flat=True)) == ["Juste à temps"]


@pytest.mark.parametrize("invited,message", [
    (Circle.ENGAGED, "Only members of the engaged circle of {} contribute to this letter."),
    (Circle.INFORMED, ("Only members of the engaged and informed circles of {} contribute to "
                       "this letter.")),
])
def test_who_may_contribute_is_said_by_the_circles_invited(community, people, invited, message):
    letter = LetterFactory(community=community, invited_circle=invited)
    with pytest.raises(ValidationError) as refused:
        services.section_propose(letter=letter, author=people["citizen"], title="T", body="x")
    assert refused.value.messages == [message.format(community.name)]


# --- Position and author's name -------------------------------------------------------------


def test_sections_are_numbered_from_one_in_each_letter(letter, engaged, community):
    SectionFactory(letter=LetterFactory(community=community), position=7)
    first = services.section_propose(letter=letter, author=engaged, title="Un", body="x")
    second = services.section_propose(letter=letter, author=engaged, title="Deux", body="x")
    assert (first.position, second.position) == (1, 2)


def test_the_authors_name_is_kept_to_120_characters(letter, community):
    long_address = "a" * 130 + "@example.org"
    author = UserFactory(email=long_address, display_name="")
    MembershipFactory(community=community, user=author, circle=Circle.ENGAGED)
    section = services.section_propose(letter=letter, author=author, title="T", body="x")
    assert section.author_name == long_address[:120]


# --- Revising and editing: the image kept, replaced or removed ------------------------------


@pytest.fixture
def illustrated(letter, engaged):
    section = services.section_propose(letter=letter, author=engaged, title="Semis",
                                       body="v1", image=_image(name="avant.png"),
                                       image_alt="Des godets")
    services.section_request_changes(section=section, actor=letter.created_by,
                                     comment="Ajoutez la date.")
    return section


def _revise(section, who, **fields):
    return services.section_revise(section=section, author=who, **{"title": "Semis",
                                                                   "body": "v2", **fields})


def _edit(section, who, **fields):
    return services.section_edit(section=section, actor=who, **{"title": "Semis",
                                                               "body": "v2", **fields})


@pytest.mark.parametrize("change", [_revise, _edit])
def test_an_image_stays_with_its_description_unless_removed_or_replaced(
        illustrated, engaged, gardener, change):
    who = engaged if change is _revise else gardener
    kept = change(illustrated, who, image_alt="Des godets")
    kept.refresh_from_db()
    assert "avant" in kept.image.name and kept.image_alt == "Des godets"

    if change is _revise:
        services.section_request_changes(section=kept, actor=gardener, comment="Encore.")
    replaced = change(kept, who, image=_image(name="apres.png"), image_alt="Des pousses")
    replaced.refresh_from_db()
    assert "apres" in replaced.image.name and replaced.image_alt == "Des pousses"

    if change is _revise:
        services.section_request_changes(section=replaced, actor=gardener, comment="Sans.")
    removed = change(replaced, who, remove_image=True)
    removed.refresh_from_db()
    assert (removed.image.name, removed.image_alt) == ("", "")


@pytest.mark.parametrize("change", [_revise, _edit])
def test_a_kept_image_still_needs_its_description(illustrated, engaged, gardener, change):
    who = engaged if change is _revise else gardener
    assert refusals(lambda: change(illustrated, who)) == [
        ("image_alt", "Describe the image for people who cannot see it.", "alt_required")]
    illustrated.refresh_from_db()
    assert (illustrated.body, illustrated.image_alt) == ("<p>v1</p>", "Des godets")


@pytest.mark.parametrize("change", [_revise, _edit])
def test_a_new_image_is_checked_like_the_first(illustrated, engaged, gardener, change):
    who = engaged if change is _revise else gardener
    assert refusals(lambda: change(illustrated, who, image=_image(MAX_IMAGE_BYTES + 1),
                                   image_alt="Des pousses")) == [
        ("image", "The image is too large (5 MB at most).", "image_too_large")]
    illustrated.refresh_from_db()
    assert "avant" in illustrated.image.name


@pytest.mark.parametrize("change", [_revise, _edit])
def test_a_section_without_an_image_gets_no_description(letter, engaged, gardener, change):
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    services.section_request_changes(section=section, actor=gardener, comment="Plus court.")
    changed = change(section, engaged if change is _revise else gardener,
                     event=EventFactory(community=letter.community))
    changed.refresh_from_db()
    assert (changed.image_alt, changed.body, changed.event.community) == (
        "", "<p>v2</p>", letter.community)


@pytest.mark.parametrize("change", [_revise, _edit])
def test_a_new_version_is_checked_against_the_letters_community(
        letter, engaged, gardener, other_community, change):
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    services.section_request_changes(section=section, actor=gardener, comment="Plus court.")
    who = engaged if change is _revise else gardener
    assert refusals(lambda: change(section, who, event=EventFactory(community=other_community))
                    ) == [("event", "Link an event of this community.", "foreign_event")]


def test_revising_someone_elses_section_is_refused_in_words(letter, engaged, community):
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    other = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    with pytest.raises(ValidationError) as refused:
        _revise(section, other)
    assert (refused.value.messages, refused.value.code) == (
        ["This section is not yours."], "not_yours")


@pytest.mark.parametrize("decision,state", [
    (services.section_accept, "accepted"), (services.section_decline, "declined")])
def test_a_decided_section_is_not_revised_and_the_refusal_says_how_it_was_decided(
        letter, engaged, gardener, decision, state):
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    decision(section=section, actor=gardener, comment="Merci.")
    with pytest.raises(ValidationError) as refused:
        _revise(section, engaged)
    assert (refused.value.messages, refused.value.code) == (
        [f"This section was already {state}; ask the gardeners if something must change."],
        "decided")


# --- Decisions: what is recorded, what the author is told -----------------------------------


def test_a_comment_is_required_in_words_to_send_back_or_decline(letter, engaged, gardener):
    section = SectionFactory(letter=letter, author=engaged)
    for decision in (services.section_request_changes, services.section_decline):
        assert refusals(lambda d=decision: d(section=section, actor=gardener, comment=" ")) == [
            ("comment", "Write a short comment: the author will read it.", "comment_required")]


def test_a_comment_over_2000_characters_is_refused_on_its_field(letter, engaged, gardener):
    section = SectionFactory(letter=letter, author=engaged)
    assert refusals(lambda: services.section_accept(section=section, actor=gardener,
                                                    comment="c" * 2001)) == [
        ("comment", "Keep it under 2000 characters.", "too_long")]
    services.section_accept(section=section, actor=gardener, comment="c" * 2000)


@pytest.mark.parametrize("decision,state,comment,to_the_form", [
    (services.section_accept, "accepted", "", False),
    (services.section_accept, "accepted", "Parfait.", False),
    (services.section_request_changes, "changes_requested", "Ajoutez la date.", True),
    (services.section_decline, "declined", "Hors sujet.", False),
])
def test_a_decision_is_recorded_and_the_author_told_where_to_go(
        letter, engaged, gardener, decision, state, comment, to_the_form):
    section = SectionFactory(letter=letter, author=engaged, title="Jardin partagé")
    decided = decision(section=section, actor=gardener, comment=f"  {comment}  ")
    section.refresh_from_db()
    assert (section.state, section.gardener_comment, section.decided_by) == (
        state, comment, gardener)
    assert decided.pk == section.pk
    told = Notification.objects.get(recipient=engaged)
    assert (told.kind, told.actor, told.community) == (
        "section_decided", gardener, letter.community)
    assert told.url == (reverse("newsletters:section_update", kwargs={"pk": section.pk})
                        if to_the_form else letter.get_absolute_url())
    assert told.data == {"letter": letter.title, "section": "Jardin partagé",
                         "state": state, "comment": comment}


def test_accepting_without_a_word_leaves_no_comment(letter, engaged, gardener):
    section = SectionFactory(letter=letter, author=engaged)
    services.section_accept(section=section, actor=gardener)
    section.refresh_from_db()
    assert (section.state, section.gardener_comment) == ("accepted", "")


def test_a_section_whose_author_left_is_decided_without_telling_anyone(
        letter, gardener):
    section = SectionFactory(letter=letter, author=None, author_name="Ancienne membre")
    services.section_accept(section=section, actor=gardener)
    section.refresh_from_db()
    assert section.state == "accepted" and not Notification.objects.exists()


def test_a_decision_reads_the_letter_community_and_author_with_their_locks(
        letter, engaged, gardener, django_assert_num_queries):
    section = SectionFactory(letter=letter, author=engaged)
    section = Section.objects.get(pk=section.pk)  # nothing cached
    # The letter locked with its community, the section locked with its
    # author; the decision (savepoint, its state read again, update, audit
    # entry) and the author's notice (preferences, the line).
    with django_assert_num_queries(11):
        services.section_accept(section=section, actor=gardener)


# --- Order ----------------------------------------------------------------------------------


@pytest.fixture
def three(letter, engaged):
    return [SectionFactory(letter=letter, author=engaged, position=p, title=t)
            for p, t in ((4, "a"), (7, "b"), (9, "c"))]


def _order(letter):
    return list(Section.objects.filter(letter=letter).values_list("title", "position"))


def test_a_new_order_numbers_the_sections_from_one(letter, gardener, three):
    a, b, c = three
    services.sections_reorder(letter=letter, actor=gardener, order=[str(c.pk), b.pk, a.pk])
    assert _order(letter) == [("c", 1), ("b", 2), ("a", 3)]


@pytest.mark.parametrize("order,message", [
    (["premier"], "This order is not valid."),
    ([None], "This order is not valid."),
    ("first", "This order is not valid."),
])
def test_an_order_that_is_not_ids_is_refused_in_words(letter, gardener, three, order, message):
    with pytest.raises(ValidationError) as refused:
        services.sections_reorder(letter=letter, actor=gardener, order=order)
    assert (refused.value.messages, refused.value.code) == ([message], "bad_order")
    assert _order(letter) == [("a", 4), ("b", 7), ("c", 9)]


def test_an_order_naming_a_section_twice_is_refused_in_words(letter, gardener, three):
    a, b, c = three
    with pytest.raises(ValidationError) as refused:
        services.sections_reorder(letter=letter, actor=gardener, order=[a.pk, b.pk, b.pk])
    assert (refused.value.messages, refused.value.code) == (
        ["The order must list every section of the letter once."], "bad_order")


def test_moving_keeps_the_first_first_and_the_last_last(letter, gardener, three):
    a, b, c = three
    services.section_move(section=a, actor=gardener, offset=-1)
    services.section_move(section=c, actor=gardener, offset=1)
    assert _order(letter) == [("a", 1), ("b", 2), ("c", 3)]
    services.section_move(section=a, actor=gardener, offset=1)
    assert _order(letter) == [("b", 1), ("a", 2), ("c", 3)]
    services.section_move(section=c, actor=gardener, offset=-1)
    assert _order(letter) == [("b", 1), ("c", 2), ("a", 3)]


def test_sections_at_the_same_place_are_moved_in_the_order_shown(letter, engaged, gardener):
    """Two sections at one position (an older letter): the page shows the older
    first; moving the newer up puts it before."""
    older = SectionFactory(letter=letter, author=engaged, position=1, title="older")
    newer = SectionFactory(letter=letter, author=engaged, position=1, title="newer")
    assert older.pk < newer.pk
    services.section_move(section=newer, actor=gardener, offset=-1)
    assert _order(letter) == [("newer", 1), ("older", 2)]


@pytest.mark.parametrize("offset", [0, 2, "1"])
def test_a_move_is_one_place_up_or_down(letter, gardener, three, offset):
    with pytest.raises(ValueError, match=r"section_move\(\) moves by -1 or \+1, not "):
        services.section_move(section=three[0], actor=gardener, offset=offset)
    assert _order(letter) == [("a", 4), ("b", 7), ("c", 9)]
