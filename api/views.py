"""The endpoints of /api/v1/ for communities and events.

Each reads its app's selectors and shows what an anonymous visitor sees on
the site, whoever asks: the answers are public and the same for everyone.
"""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.utils import extend_schema, extend_schema_view

from communities import selectors as communities
from events import selectors as events

from .base import ReadOnlyViewSet
from .filters import CommunityFilter, EventFilter
from .serializers import CommunitySerializer, EventSerializer


@extend_schema_view(
    list=extend_schema(summary="Communities", tags=["communities"]),
    retrieve=extend_schema(summary="A community", tags=["communities"]),
)
class CommunityViewSet(ReadOnlyViewSet):
    """Every community, by name: its direction, themes and members per circle."""

    serializer_class = CommunitySerializer
    filterset_class = CommunityFilter
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        # Three queries per page: the count, the page, its themes.
        return communities.community_list()


@extend_schema_view(
    list=extend_schema(summary="Public events", tags=["events"]),
    retrieve=extend_schema(summary="A public event", tags=["events"]),
)
class EventViewSet(ReadOnlyViewSet):
    """Published (and cancelled) events open to everyone, past and upcoming,
    soonest first; events for chosen circles and drafts never appear."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        # What an anonymous visitor sees, whoever asks; two queries per page.
        return events.event_list(user=AnonymousUser(), include_past=True)
