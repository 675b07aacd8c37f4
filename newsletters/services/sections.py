"""Members propose and revise sections; gardeners decide, edit and order them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Circle
from notifications import services as notifications
from roles.predicates import circle_of, is_gardener_of
from terreau.decisions import decide

from .. import kinds
from ..models import Letter, Section
from ..sanitise import clean_rich_text
from ._common import check_editable, check_length, locked_letter

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def _clean_content(*, letter: Letter, title: str, body: str, image, image_alt: str,
                   event, keep_image: bool = False) -> dict:
    """Check a section's fields; return the values to store. `keep_image`: the
    section has an image that stays, which needs its description too."""
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = ValidationError(_("Give your section a title."), code="title_required")
    elif len(title) > 160:
        errors["title"] = ValidationError(
            _("Keep the title under %(limit)d characters.") % {"limit": 160}, code="too_long"
        )
    try:
        body = clean_rich_text(body, field="body")
    except ValidationError as error:
        errors.update(error.error_dict)
    image_alt = (image_alt or "").strip()
    if image is not None and image.size > MAX_IMAGE_BYTES:  # an uploaded file
        errors["image"] = ValidationError(
            _("The image is too large (5 MB at most)."), code="image_too_large"
        )
    if (image is not None or keep_image) and not image_alt:
        errors["image_alt"] = ValidationError(
            _("Describe the image for people who cannot see it."), code="alt_required"
        )
    if len(image_alt) > 250:
        errors["image_alt"] = ValidationError(
            _("Keep the description under %(limit)d characters.") % {"limit": 250},
            code="too_long",
        )
    if event is not None and event.community_id != letter.community_id:
        errors["event"] = ValidationError(
            _("Link an event of this community."), code="foreign_event"
        )
    if errors:
        raise ValidationError(errors)
    return {"title": title, "body": body, "image_alt": image_alt, "event": event}


def _check_can_propose(letter: Letter, author) -> None:
    if letter.state != Letter.State.CALL_OPEN or letter.contributions_until <= timezone.now():
        raise ValidationError(
            _("The call for contributions to this letter is closed."), code="call_closed"
        )
    circle = circle_of(author, letter.community)
    invited = circle is not None and circle >= letter.invited_circle
    if not (invited or is_gardener_of(author, letter.community)):
        if letter.invited_circle == Circle.ENGAGED:
            message = _("Only members of the engaged circle of %(community)s contribute "
                        "to this letter.")
        else:
            message = _("Only members of the engaged and informed circles of %(community)s "
                        "contribute to this letter.")
        raise ValidationError(message % {"community": letter.community}, code="not_invited")


def _next_position(letter: Letter) -> int:
    top = Section.objects.filter(letter=letter).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def section_propose(
    *, letter: Letter, author, title: str, body: str, image=None, image_alt: str = "",
    event=None,
) -> Section:
    with transaction.atomic():
        letter = locked_letter(letter)
        _check_can_propose(letter, author)
        values = _clean_content(letter=letter, title=title, body=body, image=image,
                                image_alt=image_alt, event=event)
        section = Section(
            letter=letter, author=author, author_name=str(author)[:120],
            position=_next_position(letter), **values,
        )
        if image is not None:
            section.image = image
        section.save()
        return section


def _locked_section(section: Section) -> Section:
    """The section's row, locked and fresh, after its letter's (letter first,
    always: one lock order), with the letter, its community and the author its
    callers read: two queries, and only the section's row locked by the second."""
    letter = locked_letter(Letter(pk=section.letter_id))
    locked = (Section.objects.select_for_update(of=("self",)).select_related("author")
              .get(pk=section.pk))
    locked.letter = letter
    return locked


def _apply_content(section, *, image, remove_image, values) -> list[str]:
    for name, value in values.items():
        setattr(section, name, value)
    fields = ["title", "body", "image_alt", "event", "updated_at"]
    if image is not None:
        section.image = image
        fields.append("image")
    elif remove_image and section.image:
        section.image = ""
        section.image_alt = ""
        fields.append("image")
    return fields


def section_revise(
    *, section: Section, author, title: str, body: str, image=None, image_alt: str = "",
    event=None, remove_image: bool = False,
) -> Section:
    """The author's new version: back to the gardeners as "proposed"."""
    with transaction.atomic():
        section = _locked_section(section)
        if section.author_id != author.pk:
            raise ValidationError(_("This section is not yours."), code="not_yours")
        check_editable(section.letter)
        if section.state in (Section.State.ACCEPTED, Section.State.DECLINED):
            raise ValidationError(
                _("This section was already %(state)s; ask the gardeners if something must change.")
                % {"state": section.get_state_display()},
                code="decided",
            )
        keep_image = bool(section.image) and not remove_image
        values = _clean_content(letter=section.letter, title=title, body=body, image=image,
                                image_alt=image_alt, event=event, keep_image=keep_image)
        fields = _apply_content(section, image=image, remove_image=remove_image, values=values)
        section.state = Section.State.PROPOSED
        section.save(update_fields=[*fields, "state"])
        return section


def section_edit(
    *, section: Section, actor, title: str, body: str, image=None, image_alt: str = "",
    event=None, remove_image: bool = False,
) -> Section:
    """A gardener's edit: the section keeps its author and its state."""
    with transaction.atomic():
        section = _locked_section(section)
        check_editable(section.letter)
        keep_image = bool(section.image) and not remove_image
        values = _clean_content(letter=section.letter, title=title, body=body, image=image,
                                image_alt=image_alt, event=event, keep_image=keep_image)
        fields = _apply_content(section, image=image, remove_image=remove_image, values=values)
        section.save(update_fields=fields)
        return section


def _decide(section: Section, actor, state: str, comment: str, *, comment_required: bool):
    comment = (comment or "").strip()
    if comment_required and not comment:
        raise ValidationError({"comment": ValidationError(
            _("Write a short comment: the author will read it."), code="comment_required"
        )})
    check_length(comment, "comment")
    section = _locked_section(section)
    check_editable(section.letter)
    decide(section, status=state, actor=actor, answer=comment)
    _tell_author(section, actor=actor)
    return section


def _tell_author(section: Section, *, actor) -> None:
    """The author learns the decision, with the gardeners' comment: sent back
    for changes, the line leads to the section's form; else to the letter."""
    if section.author_id is None:
        return
    url = (reverse("newsletters:section_update", kwargs={"pk": section.pk})
           if section.state == Section.State.CHANGES_REQUESTED
           else section.letter.get_absolute_url())
    notifications.notify(
        [section.author], kinds.SECTION_DECIDED, actor=actor, community=section.letter.community,
        url=url, data={"letter": section.letter.title, "section": section.title,
                       "state": section.state, "comment": section.gardener_comment},
    )


def section_accept(*, section: Section, actor, comment: str = "") -> Section:
    with transaction.atomic():
        return _decide(section, actor, Section.State.ACCEPTED, comment, comment_required=False)


def section_request_changes(*, section: Section, actor, comment: str) -> Section:
    with transaction.atomic():
        return _decide(section, actor, Section.State.CHANGES_REQUESTED, comment,
                       comment_required=True)


def section_decline(*, section: Section, actor, comment: str) -> Section:
    with transaction.atomic():
        return _decide(section, actor, Section.State.DECLINED, comment, comment_required=True)


def sections_reorder(*, letter: Letter, actor, order: list) -> Letter:
    """Put the letter's sections in the given order (a list of their ids).

    Every section of the letter must be named exactly once; sections are
    numbered 1..n in that order.
    """
    with transaction.atomic():
        letter = locked_letter(letter)
        check_editable(letter)
        try:
            wanted = [int(pk) for pk in order]
        except (TypeError, ValueError):
            raise ValidationError(_("This order is not valid."), code="bad_order") from None
        sections = {s.pk: s for s in Section.objects.select_for_update().filter(letter=letter)}
        if len(wanted) != len(set(wanted)) or set(wanted) != set(sections):
            raise ValidationError(
                _("The order must list every section of the letter once."), code="bad_order"
            )
        for position, pk in enumerate(wanted, start=1):
            sections[pk].position = position
        Section.objects.bulk_update(sections.values(), ["position"])
        return letter


def section_move(*, section: Section, actor, offset: int) -> Section:
    """Move a section one place up (-1) or down (+1): the form without JavaScript.
    The first stays first when moved up, the last stays last when moved down."""
    if offset not in (-1, 1):
        raise ValueError(f"section_move() moves by -1 or +1, not {offset!r}")
    with transaction.atomic():
        section = _locked_section(section)
        # In the letter's order (Section.Meta.ordering: position, then id).
        ids = list(Section.objects.filter(letter=section.letter).values_list("pk", flat=True))
        index = ids.index(section.pk)
        target = index + offset
        if 0 <= target < len(ids):
            ids[index], ids[target] = ids[target], ids[index]
        sections_reorder(letter=section.letter, actor=actor, order=ids)
        section.refresh_from_db()
        return section
