"""Every write to communities, memberships and circle requests.

Services check the domain's invariants (one membership per person, one
pending request, a request decided once...) and raise ValidationError with a
translated message when they do not hold; nothing is written then. Who may
call them is the views' business, through the rules in `rules.py`.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory import services as directory_services

from . import predicates
from .emails import CircleRequestDecidedEmail, CircleRequestReceivedEmail
from .models import Circle, CircleChange, CircleRequest, Community, Direction, Membership


def _membership_changed(*, community, user) -> None:
    """Forget cached rights, and close the person's sockets on channels they lost.

    The discussions app re-checks each open socket after commit.
    """
    from communities.discussions import broadcast

    predicates.forget(user)
    broadcast.membership_changed(community.pk, user.pk)


def _left_engaged_circle(*, community, user, actor) -> None:
    """Someone no longer engaged leaves the community's working groups (a
    no-op while they are still engaged). Called explicitly, inside the write's
    transaction; _membership_changed then closes their group channel sockets."""
    from workgroups.services import memberships_end_outside_engaged

    memberships_end_outside_engaged(community=community, user=user, actor=actor)


def _record(*, community, user, actor, kind, from_circle, to_circle, reason=""):
    return CircleChange.objects.create(
        community=community,
        user=user,
        actor=actor,
        kind=kind,
        from_circle=from_circle,
        to_circle=to_circle,
        reason=reason,
    )


def _locked_membership(*, community, user) -> Membership:
    try:
        return Membership.objects.select_for_update().get(community=community, user=user)
    except Membership.DoesNotExist:
        raise ValidationError(
            _("%(person)s is not a member of %(community)s.")
            % {"person": user, "community": community},
            code="not_member",
        ) from None


# --- Joining and leaving ------------------------------------------------------


@transaction.atomic
def membership_join(*, community: Community, user) -> Membership:
    """Join in one click: everyone starts in the citizens circle."""
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                community=community, user=user, circle=Circle.CITIZENS
            )
    except IntegrityError:
        raise ValidationError(
            _("You are already a member of %(community)s.") % {"community": community},
            code="already_member",
        ) from None
    _record(
        community=community,
        user=user,
        actor=user,
        kind=CircleChange.Kind.JOINED,
        from_circle=None,
        to_circle=Circle.CITIZENS,
    )
    _membership_changed(community=community, user=user)
    return membership


@transaction.atomic
def membership_leave(*, community: Community, user, reason: str = "") -> None:
    pending = _locked_pending_requests(community=community, user=user)
    membership = _locked_membership(community=community, user=user)
    _close_pending_requests(pending, actor=user)
    _record(
        community=community,
        user=user,
        actor=user,
        kind=CircleChange.Kind.LEFT,
        from_circle=membership.circle,
        to_circle=None,
        reason=reason,
    )
    membership.delete()
    _left_engaged_circle(community=community, user=user, actor=user)
    directory_services.entry_remove_on_departure(community=community, user=user)
    _membership_changed(community=community, user=user)


@transaction.atomic
def membership_remove(*, community: Community, user, actor, reason: str) -> None:
    """A gardener removes a member; the reason is kept in the member's history."""
    if not reason.strip():
        raise ValidationError(_("Say why the member is removed."), code="reason_required")
    pending = _locked_pending_requests(community=community, user=user)
    membership = _locked_membership(community=community, user=user)
    _close_pending_requests(pending, actor=actor)
    _record(
        community=community,
        user=user,
        actor=actor,
        kind=CircleChange.Kind.REMOVED,
        from_circle=membership.circle,
        to_circle=None,
        reason=reason,
    )
    membership.delete()
    _left_engaged_circle(community=community, user=user, actor=actor)
    directory_services.entry_remove_on_departure(community=community, user=user)
    _membership_changed(community=community, user=user)


@transaction.atomic
def membership_move(*, community: Community, user, actor, to_circle: int, reason: str) -> Membership:
    """A gardener moves a member to another circle, saying why."""
    to_circle = _valid_circle(to_circle)
    if not reason.strip():
        raise ValidationError(_("Say why the member changes circle."), code="reason_required")
    pending = _locked_pending_requests(community=community, user=user)
    membership = _locked_membership(community=community, user=user)
    if membership.circle == to_circle:
        raise ValidationError(
            _("%(person)s is already in the %(circle)s circle.")
            % {"person": user, "circle": Circle(to_circle).label},
            code="same_circle",
        )
    from_circle = membership.circle
    membership.circle = to_circle
    # last_active_at is the member's own activity: a gardener's move is not.
    membership.save(update_fields=["circle"])
    _record(
        community=community,
        user=user,
        actor=actor,
        kind=CircleChange.Kind.MOVED,
        from_circle=from_circle,
        to_circle=to_circle,
        reason=reason,
    )
    # A pending request the move fulfils is answered by it, and the member told.
    for request in pending:
        if request.circle <= to_circle:
            request.status = CircleRequest.Status.APPROVED
            request.decided_by = actor
            request.decided_at = timezone.now()
            request.answer = reason
            request.save(update_fields=["status", "decided_by", "decided_at", "answer"])
            CircleRequestDecidedEmail.send_after_commit(request)
    if from_circle == Circle.ENGAGED:
        _left_engaged_circle(community=community, user=user, actor=actor)
    _membership_changed(community=community, user=user)
    return membership


def membership_touch(*, community: Community, user) -> None:
    """Note that a member did something in the community (posted, registered...)."""
    Membership.objects.filter(community=community, user=user).update(last_active_at=timezone.now())


# --- Asking to move inward ----------------------------------------------------


# The model's max_length on a TextField is not enforced by the database.
TEXT_MAX_LENGTH = 2000


def _check_length(text: str) -> None:
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep it under %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH},
            code="too_long",
        )


def _valid_circle(circle) -> int:
    try:
        return Circle(int(circle))
    except (TypeError, ValueError):
        raise ValidationError(_("Choose one of the three circles."), code="bad_circle") from None


@transaction.atomic
def circle_request_create(*, community: Community, user, circle: int, message: str) -> CircleRequest:
    circle = _valid_circle(circle)
    if not message.strip():
        raise ValidationError(
            _("Tell the gardeners a few words about why you want to move."),
            code="message_required",
        )
    _check_length(message.strip())
    membership = _locked_membership(community=community, user=user)
    if circle <= membership.circle:
        raise ValidationError(
            _("You can only ask to move to a circle closer to the core than yours."),
            code="not_inward",
        )
    try:
        with transaction.atomic():
            request = CircleRequest.objects.create(
                community=community, user=user, circle=circle, message=message.strip()
            )
    except IntegrityError:
        raise ValidationError(
            _("You already have a request waiting for an answer in this community."),
            code="already_pending",
        ) from None
    membership.last_active_at = timezone.now()
    membership.save(update_fields=["last_active_at"])
    CircleRequestReceivedEmail.send_after_commit(request)
    return request


def _locked_request(request_id, community: Community) -> CircleRequest:
    try:
        return CircleRequest.objects.select_for_update().get(
            pk=int(request_id), community=community
        )
    except (CircleRequest.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("This request does not exist."), code="no_request") from None


def _check_pending(request: CircleRequest) -> None:
    if request.status != CircleRequest.Status.PENDING:
        raise ValidationError(
            _("This request was already %(status)s; nothing was changed.")
            % {"status": request.get_status_display()},
            code="not_pending",
        )


def _locked_pending_request(request_id, community: Community) -> CircleRequest:
    request = _locked_request(request_id, community)
    _check_pending(request)
    return request


@transaction.atomic
def circle_request_withdraw(*, community: Community, request_id: int, user) -> CircleRequest:
    request = _locked_request(request_id, community)
    # Ownership first: someone else's request must not reveal its status.
    if request.user_id != user.pk:
        raise ValidationError(_("This request is not yours."), code="not_yours")
    _check_pending(request)
    request.status = CircleRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.decided_by = user
    request.save(update_fields=["status", "decided_at", "decided_by"])
    return request


@transaction.atomic
def circle_request_approve(
    *, community: Community, request_id: int, actor, answer: str = ""
) -> CircleRequest:
    _check_length(answer.strip())
    request = _locked_pending_request(request_id, community)
    membership = _locked_membership(community=community, user=request.user)
    from_circle = membership.circle
    if request.circle > membership.circle:
        membership.circle = request.circle
        membership.save(update_fields=["circle"])
    request.status = CircleRequest.Status.APPROVED
    request.answer = answer.strip()
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    _record(
        community=community,
        user=request.user,
        actor=actor,
        kind=CircleChange.Kind.REQUEST_APPROVED,
        from_circle=from_circle,
        to_circle=membership.circle,
        reason=request.answer or request.message,
    )
    _membership_changed(community=community, user=request.user)
    CircleRequestDecidedEmail.send_after_commit(request)
    return request


@transaction.atomic
def circle_request_decline(
    *, community: Community, request_id: int, actor, answer: str
) -> CircleRequest:
    if not answer.strip():
        raise ValidationError(
            _("Write a short answer: the member will read why."), code="answer_required"
        )
    _check_length(answer.strip())
    request = _locked_pending_request(request_id, community)
    request.status = CircleRequest.Status.DECLINED
    request.answer = answer.strip()
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    CircleRequestDecidedEmail.send_after_commit(request)
    return request


def _locked_pending_requests(*, community, user) -> list[CircleRequest]:
    """Lock a member's pending requests.

    Every service that touches both a member's requests and their membership
    locks the requests first, then the membership, so that two gardeners
    acting on the same member at once wait for each other instead of
    deadlocking.
    """
    return list(
        CircleRequest.objects.select_for_update().filter(
            community=community, user=user, status=CircleRequest.Status.PENDING
        )
    )


def _close_pending_requests(pending: list[CircleRequest], *, actor) -> None:
    CircleRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
        status=CircleRequest.Status.WITHDRAWN, decided_at=timezone.now(), decided_by=actor
    )


# --- Communities and directions -----------------------------------------------


# Path words under /communities/ and /gardeners/ that a community slug would shadow.
RESERVED_COMMUNITY_SLUGS = frozenset({"mine", "overview", "directions", "new"})


def _unique_slug(model, name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:100] or "community"
    reserved = RESERVED_COMMUNITY_SLUGS if model is Community else frozenset()
    slug, n = base, 2
    qs = model.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while slug in reserved or qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_community_slug(slug: str) -> None:
    if slug in RESERVED_COMMUNITY_SLUGS:
        raise ValidationError(
            {
                "slug": ValidationError(
                    _("This address is reserved; choose another one."), code="reserved_slug"
                )
            }
        )


@transaction.atomic
def community_create(
    *,
    name: str,
    description: str,
    territory: str,
    direction: Direction,
    themes: list[str] | None = None,
    how_to_join: str = "",
    picture=None,
    picture_alt: str = "",
    slug: str = "",
) -> Community:
    if slug:
        _check_community_slug(slug)
    community = Community(
        name=name,
        slug=slug or _unique_slug(Community, name),
        description=description,
        territory=territory,
        direction=direction,
        how_to_join=how_to_join,
        picture_alt=picture_alt,
    )
    if picture:
        community.picture = picture
    community.full_clean()
    community.save()
    if themes:
        community.themes.set(themes)
    return community


@transaction.atomic
def community_update(*, community: Community, themes: list[str] | None = None, **fields) -> Community:
    if "slug" in fields:
        _check_community_slug(fields["slug"])
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    if themes is not None:
        community.themes.set(themes)
    return community


@transaction.atomic
def direction_save(
    *, direction: Direction | None = None, name: str, description: str = "",
    is_coordinating: bool = False, staff=None,
) -> Direction:
    direction = direction or Direction()
    direction.name = name
    direction.description = description
    direction.is_coordinating = is_coordinating
    if not direction.slug:
        direction.slug = _unique_slug(Direction, name)
    direction.full_clean()
    direction.save()
    if staff is not None:
        direction.staff.set(staff)
    return direction
