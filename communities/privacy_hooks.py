"""What `communities` holds about a person (see accounts/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import CircleChange, CircleRequest, CommunityFollower, Membership


def _when(value):
    return value.isoformat() if value else None


def export(person) -> dict:
    memberships = Membership.objects.filter(user=person).select_related("community")
    changes = CircleChange.objects.filter(user=person).select_related("community")
    requests = CircleRequest.objects.filter(user=person).select_related("community")
    follows = CommunityFollower.objects.filter(user=person).select_related("community")
    return {
        "directions": sorted(d.name for d in person.directions.all()),
        "memberships": [
            {
                "community": m.community.name,
                "circle": m.get_circle_display(),
                "joined_at": _when(m.joined_at),
                "last_active_at": _when(m.last_active_at),
            }
            for m in memberships.order_by("community__name")
        ],
        "circle_history": [
            {
                "community": c.community.name,
                "kind": c.get_kind_display(),
                "from_circle": c.get_from_circle_display() if c.from_circle else None,
                "to_circle": c.get_to_circle_display() if c.to_circle else None,
                "reason": c.reason,
                "at": _when(c.created_at),
            }
            for c in changes.order_by("created_at", "pk")
        ],
        "circle_requests": [
            {
                "community": r.community.name,
                "circle": r.get_circle_display(),
                "message": r.message,
                "status": r.get_status_display(),
                "answer": r.answer,
                "asked_at": _when(r.created_at),
                "decided_at": _when(r.decided_at),
            }
            for r in requests.order_by("created_at", "pk")
        ],
        "followed_communities": [
            {"community": f.community.name, "since": _when(f.created_at)}
            for f in follows.order_by("community__name")
        ],
    }


def erase(person) -> None:
    """Memberships, the circle history, requests and follows are the person's own."""
    CommunityFollower.objects.filter(user=person).delete()
    CircleRequest.objects.filter(user=person).delete()
    CircleChange.objects.filter(user=person).delete()
    Membership.objects.filter(user=person).delete()


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="communities",
            title=_("Communities and circles"),
            export=export,
            erase=erase,
            covers=(
                "communities.Membership.user", "communities.CircleChange.user",
                "communities.CircleRequest.user", "communities.CommunityFollower.user",
                "communities.Direction.staff",
            ),
            acts=(
                "communities.CircleChange.actor", "communities.CircleRequest.decided_by",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Circle memberships"),
                    data=_(
                        "Your communities, your circle in each, its history and your "
                        "requests to move with the gardeners' answers."
                    ),
                    purpose=_(
                        "Run the communities' three circles and let the gardeners follow "
                        "who takes part."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_("As long as your account exists; erased with it."),
                ),
                personal_data.Processing(
                    name=_("Communities you follow"),
                    data=_(
                        "The communities you follow without being a member, and since when."
                    ),
                    purpose=_(
                        "Tell you of their events open to everyone, as your notification "
                        "preferences say."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "Until you stop following or join the community; erased with your "
                        "account."
                    ),
                ),
            ),
        )
    )
