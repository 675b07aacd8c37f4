"""What the API shows of each thing: public fields only.

No e-mail address, no account id, no personal data: a person appears only by
the public display name they chose (tests/api/test_no_personal_data.py reads
every endpoint's raw output for any e-mail address).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import Event  # why: its choices only (format, state)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class CommunityRefSerializer(serializers.Serializer):
    """A community named inside another object."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class CirclesSerializer(serializers.Serializer):
    citizens = serializers.IntegerField(source="citizens_count", read_only=True)
    informed = serializers.IntegerField(source="informed_count", read_only=True)
    engaged = serializers.IntegerField(source="engaged_count", read_only=True)


class CommunitySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    summary = serializers.CharField(source="description", read_only=True)
    territory = serializers.CharField(read_only=True)
    direction = serializers.CharField(source="direction.name", read_only=True)
    themes = serializers.SerializerMethodField()
    members = CirclesSerializer(source="*", read_only=True, help_text="Members per circle.")
    url = serializers.SerializerMethodField(help_text="The community's page on the site.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_themes(self, community) -> list[str]:
        return sorted(tag.name for tag in community.themes.all())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, community) -> str:
        return absolute(self.context.get("request"), community.get_absolute_url())


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    time_zone = serializers.CharField(read_only=True)
    format = serializers.ChoiceField(choices=Event.Format.choices, read_only=True)
    place = serializers.SerializerMethodField(help_text="The address; null for an online event.")
    state = serializers.ChoiceField(choices=Event.State.choices, read_only=True)
    community = CommunityRefSerializer(
        read_only=True, allow_null=True, help_text="Null for an institution-wide event."
    )
    capacity = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Null when seats are not counted."
    )
    seats_left = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Null when seats are not counted."
    )
    url = serializers.SerializerMethodField(help_text="The event's page on the site.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_place(self, event) -> str | None:
        return event.address if event.has_place and event.address else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, event) -> str:
        return absolute(self.context.get("request"), event.get_absolute_url())
