"""Opening a letter, its call for contributions, audience, schedule and sending."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from communities.models import Circle, Community
from notifications import services as notifications

from .. import kinds, selectors
from ..models import AudienceCircle, Letter, Section
from ..sanitise import clean_rich_text
from ._common import check_editable, locked_letter

# A schedule must leave the beat (every minute) time to pick it up.
MIN_SCHEDULE_DELAY = dt.timedelta(minutes=2)


def _check_fields(*, title: str, planned_for, contributions_until, is_new: bool) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = ValidationError(_("Give the letter a title."), code="title_required")
    elif len(title.strip()) > 160:
        errors["title"] = ValidationError(
            _("Keep the title under %(limit)d characters.") % {"limit": 160}, code="too_long"
        )
    if planned_for is None:
        errors["planned_for"] = ValidationError(_("Choose a planned date."), code="required")
    if contributions_until is None:
        errors["contributions_until"] = ValidationError(
            _("Choose until when members may contribute."), code="required"
        )
    elif is_new and contributions_until <= timezone.now():
        errors["contributions_until"] = ValidationError(
            _("The deadline for contributions must be in the future."), code="deadline_past"
        )
    if (
        planned_for is not None
        and contributions_until is not None
        and planned_for < timezone.localdate(contributions_until)
    ):
        errors["planned_for"] = ValidationError(
            _("The letter cannot be planned before the deadline for contributions."),
            code="planned_before_deadline",
        )
    if errors:
        raise ValidationError(errors)


def letter_create(
    *,
    community: Community,
    actor,
    title: str,
    planned_for: dt.date,
    contributions_until: dt.datetime,
    invite_informed: bool = False,
    intro: str = "",
) -> Letter:
    """Open a letter and send its call for contributions (after commit).

    The call goes to the engaged circle, and to the informed circle too when
    `invite_informed`. The audience starts as the community's engaged and
    informed circles; the gardeners choose it before sending.
    """
    with transaction.atomic():
        _check_fields(title=title, planned_for=planned_for,
                      contributions_until=contributions_until, is_new=True)
        intro = clean_rich_text(intro, field="intro", required=False)
        letter = Letter.objects.create(
            community=community,
            title=title.strip(),
            planned_for=planned_for,
            contributions_until=contributions_until,
            intro=intro,
            invited_circle=Circle.INFORMED if invite_informed else Circle.ENGAGED,
            created_by=actor,
            call_sent_at=timezone.now(),
        )
        AudienceCircle.objects.bulk_create([
            AudienceCircle(letter=letter, community=community, circle=circle)
            for circle in (Circle.ENGAGED, Circle.INFORMED)
        ])
        notifications.notify(
            selectors.call_recipients(letter), kinds.CONTRIBUTION_CALL, community=community,
            url=letter.get_absolute_url(), about=letter,
            data={"letter": letter.title, "community": community.name},
        )
        return letter


def letter_update(
    *, letter: Letter, actor, title: str, planned_for: dt.date,
    contributions_until: dt.datetime, intro: str,
) -> Letter:
    """Change the title, dates and introduction (until sending starts)."""
    with transaction.atomic():
        letter = locked_letter(letter)
        check_editable(letter)
        moved = contributions_until != letter.contributions_until
        _check_fields(title=title, planned_for=planned_for, contributions_until=contributions_until,
                      is_new=moved and letter.state == Letter.State.CALL_OPEN)
        letter.title = title.strip()
        letter.planned_for = planned_for
        letter.contributions_until = contributions_until
        letter.intro = clean_rich_text(intro, field="intro", required=False)
        letter.save(update_fields=["title", "planned_for", "contributions_until", "intro"])
        return letter


def letter_close_call(*, letter: Letter, actor) -> Letter:
    """Stop taking new sections; authors may still revise when asked to."""
    with transaction.atomic():
        letter = locked_letter(letter)
        if letter.state != Letter.State.CALL_OPEN:
            raise ValidationError(
                _("The call for contributions is already closed."), code="call_closed"
            )
        letter.state = Letter.State.EDITING
        letter.save(update_fields=["state"])
        return letter


def letter_reopen_call(*, letter: Letter, actor, contributions_until: dt.datetime) -> Letter:
    with transaction.atomic():
        letter = locked_letter(letter)
        if letter.state != Letter.State.EDITING:
            check_editable(letter)
            raise ValidationError(
                _("Only a letter being edited can take contributions again."), code="not_editing"
            )
        if contributions_until is None or contributions_until <= timezone.now():
            raise ValidationError({"contributions_until": ValidationError(
                _("The deadline for contributions must be in the future."), code="deadline_past"
            )})
        letter.state = Letter.State.CALL_OPEN
        letter.contributions_until = contributions_until
        letter.save(update_fields=["state", "contributions_until"])
        return letter


def letter_set_audience(
    *, letter: Letter, actor, circles: list[tuple[Community, int]]
) -> Letter:
    """Replace the audience: (community, circle) pairs.

    Whether the actor may pick circles of other communities is the
    `newsletters.send_to_several_communities` rule, asked by the view.
    """
    with transaction.atomic():
        letter = locked_letter(letter)
        check_editable(letter)
        chosen = set()
        for community, circle in circles:
            try:
                circle = Circle(int(circle))
            except (TypeError, ValueError):
                raise ValidationError(_("Choose one of the three circles."),
                                      code="bad_circle") from None
            chosen.add((community.pk, circle))
        if not chosen:
            raise ValidationError(
                _("Choose at least one circle to send the letter to."), code="empty_audience"
            )
        AudienceCircle.objects.filter(letter=letter).delete()
        AudienceCircle.objects.bulk_create([
            AudienceCircle(letter=letter, community_id=community_id, circle=circle)
            for community_id, circle in sorted(chosen)
        ])
        return letter


def _check_ready(letter: Letter) -> None:
    """What every sending needs: content and someone to send it to."""
    if letter.state == Letter.State.SENDING:
        raise ValidationError(_("This letter is already being sent."), code="already_sending")
    if letter.state == Letter.State.SENT:
        raise ValidationError(_("This letter was already sent."), code="already_sent")
    if not letter.sections.filter(state=Section.State.ACCEPTED).exists():
        raise ValidationError(
            _("Accept at least one section before sending the letter."), code="no_section"
        )
    if not letter.audience.exists():
        raise ValidationError(
            _("Choose at least one circle to send the letter to."), code="empty_audience"
        )
    if selectors.recipient_count(letter) == 0:
        raise ValidationError(
            _("Nobody in the chosen circles has agreed to receive this letter with a verified "
              "address. Choose other circles."),
            code="no_recipient",
        )


def letter_schedule(*, letter: Letter, actor, when: dt.datetime) -> Letter:
    with transaction.atomic():
        letter = locked_letter(letter)
        if when is None or when < timezone.now() + MIN_SCHEDULE_DELAY:
            raise ValidationError({"when": ValidationError(
                _("Choose a moment at least two minutes from now."), code="schedule_past"
            )})
        _check_ready(letter)
        letter.state = Letter.State.SCHEDULED
        letter.scheduled_for = when
        letter.sent_by = actor
        letter.save(update_fields=["state", "scheduled_for", "sent_by"])
        return letter


def letter_unschedule(*, letter: Letter, actor) -> Letter:
    with transaction.atomic():
        letter = locked_letter(letter)
        if letter.state != Letter.State.SCHEDULED:
            check_editable(letter)
            raise ValidationError(_("This letter is not scheduled."), code="not_scheduled")
        letter.state = Letter.State.EDITING
        letter.scheduled_for = None
        letter.save(update_fields=["state", "scheduled_for"])
        return letter


def letter_send_now(*, letter: Letter, actor) -> Letter:
    """Start sending: one delivery per recipient, then the workers take over."""
    with transaction.atomic():
        from .sending import start_sending

        letter = locked_letter(letter)
        _check_ready(letter)
        letter.sent_by = actor
        audit.record(
            audit.Action.NEWSLETTER_SENDING_STARTED, actor=actor,
            community_id=letter.community_id, target=letter, target_label=letter.title,
        )
        return start_sending(letter)


def letter_send_test(*, letter: Letter, actor) -> None:
    """Send the letter as it stands to the actor only (after commit)."""
    if not actor.email:
        raise ValidationError(_("Your account has no e-mail address."), code="no_email")
    with transaction.atomic():
        notifications.notify([actor], kinds.LETTER_TEST, about=letter)
        audit.record(
            audit.Action.NEWSLETTER_TEST_SENT, actor=actor,
            community_id=letter.community_id, target=letter, target_label=letter.title,
        )
