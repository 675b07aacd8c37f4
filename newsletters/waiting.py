"""What waits for a person in the newsletters app, for their dashboard
(communities/waiting.py): a letter whose call invites their circle and that
they have not written in yet, and their sections sent back for changes.
One query each."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities import waiting
from roles.filters import within_circles_of

from . import kinds
from .models import Letter, Section


def letters_calling(user) -> list[waiting.Item]:
    letters = (
        Letter.objects.filter(
            within_circles_of(user, field="community", circle="invited_circle"),
            state=Letter.State.CALL_OPEN, contributions_until__gt=timezone.now(),
        )
        .exclude(sections__author=user)
        .select_related("community").order_by("contributions_until", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=_("Write in the letter “%(title)s” (until %(until)s)") % {
                "title": letter.title,
                "until": formats.date_format(timezone.localtime(letter.contributions_until),
                                             "SHORT_DATETIME_FORMAT")},
            url=reverse("newsletters:section_create", kwargs={"pk": letter.pk}),
            community=letter.community.name,
        )
        for letter in letters
    ]


def sections_to_revise(user) -> list[waiting.Item]:
    sections = (
        Section.objects.filter(author=user, state=Section.State.CHANGES_REQUESTED,
                               letter__state__in=Letter.EDITABLE)
        .select_related("letter__community").order_by("updated_at", "pk")[:waiting.LIMIT]
    )
    return [
        waiting.Item(
            text=_("Revise your section “%(section)s” of the letter “%(letter)s”") % {
                "section": section.title, "letter": section.letter.title},
            url=reverse("newsletters:section_update", kwargs={"pk": section.pk}),
            community=section.letter.community.name,
        )
        for section in sections
    ]


def register() -> None:
    waiting.register(
        waiting.Source("letter_calls", (kinds.CONTRIBUTION_CALL,), letters_calling),
        waiting.Source("sections_to_revise", (kinds.SECTION_DECIDED,), sections_to_revise),
    )
