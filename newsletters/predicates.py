"""Who someone is with respect to a newsletter, as django-rules predicates.

They build on `roles`' predicates and their per-request cache: asking them
for every letter of a list costs no extra query (the audience of a sent
letter is prefetched by the selectors that list letters).
"""

import rules

from roles.circles import Circle
from roles.predicates import (
    can_edit_community,
    can_oversee,
    circle_of,
    circles_by_community,
    gardened_community_ids,
)

# --- The object is a community ---------------------------------------------------

# The gardeners of the community write, schedule and send its letters; the
# cultivator only where the pair invited them as a contributor (issue #16).
manages_community_letters = can_edit_community


# --- The object is a letter ------------------------------------------------------


@rules.predicate
def manages_letter(user, letter):
    return letter is not None and manages_community_letters(user, letter.community)


@rules.predicate
def is_invited_to_contribute(user, letter):
    """A member of the circles the call for contributions went to."""
    if letter is None:
        return False
    circle = circle_of(user, letter.community)
    return circle is not None and circle >= letter.invited_circle


can_contribute = is_invited_to_contribute | manages_letter


def _audience(letter) -> list[tuple[int, int]]:
    return [(a.community_id, a.circle) for a in letter.audience.all()]


@rules.predicate
def is_sent(user, letter):
    return letter is not None and letter.state == "sent"


@rules.predicate
def is_public_letter(user, letter):
    """Sent to a citizens circle: the whole public may read it."""
    return letter is not None and any(c == Circle.CITIZENS for _, c in _audience(letter))


@rules.predicate
def is_in_letter_audience(user, letter):
    """In one of the circles the letter was sent to, or closer.

    Someone who moved inward since still reads what their old circle got.
    """
    if letter is None or not user.is_authenticated:
        return False
    mine = circles_by_community(user)
    return any(
        community_id in mine and mine[community_id] >= circle
        for community_id, circle in _audience(letter)
    )


@rules.predicate
def oversees_letter(user, letter):
    """Reads every sent letter of the community: its pair, the cultivator, staff."""
    return letter is not None and can_oversee(user, letter.community)


@rules.predicate
def gardens_an_audience_community(user, letter):
    """The pair of a community whose circles the letter went to (a letter the
    cultivator sent to several communities) reads what its members received."""
    if letter is None:
        return False
    gardened = gardened_community_ids(user)
    return any(community_id in gardened for community_id, _ in _audience(letter))


can_read_sent_letter = is_sent & (
    is_public_letter | is_in_letter_audience | oversees_letter | gardens_an_audience_community
)


# --- The object is a section -----------------------------------------------------


@rules.predicate
def is_section_author(user, section):
    return section is not None and user.is_authenticated and section.author_id == user.pk


@rules.predicate
def manages_section(user, section):
    return section is not None and manages_letter(user, section.letter)
