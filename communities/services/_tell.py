"""Who is told about a circle request, and what (communities/kinds.py)."""

from django.urls import reverse

from communities.kinds import CIRCLE_REQUEST_DECIDED, CIRCLE_REQUEST_RECEIVED
from communities.models import CircleRequest
from notifications import services as notifications
from roles.selectors import gardeners_of


def tell_gardeners_of_request(request: CircleRequest) -> None:
    """The community's gardeners learn that a member asks to move inward."""
    community = request.community
    notifications.notify(
        gardeners_of(community), CIRCLE_REQUEST_RECEIVED, actor=request.user,
        community=community,
        url=reverse("communities:requests", kwargs={"slug": community.slug}),
        about=request,
        data={"person": str(request.user), "community": community.name,
              "circle": request.circle, "message": request.message},
    )


def tell_member_of_decision(request: CircleRequest, *, actor) -> None:
    """The member reads what became of their request, with the answer."""
    community = request.community
    notifications.notify(
        [request.user], CIRCLE_REQUEST_DECIDED, actor=actor, community=community,
        url=reverse("communities:detail", kwargs={"slug": community.slug}),
        about=request,
        data={"community": community.name, "circle": request.circle,
              "status": request.status, "answer": request.answer},
    )
