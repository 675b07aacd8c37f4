"""Channel access providers (discussions/access.py): a higher app narrows who
reads a channel without discussions importing it; the predicate, the list of
visible channels and a channel's audience all follow the provider."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from communities.models import Circle
from discussions import access, selectors
from discussions.access import ChannelAccess
from discussions.models import Channel
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


class OnlyNamed:
    """A test provider: the channel called 'Closed' is read by `reader` only."""

    name = "test.only_named"

    def __init__(self, reader):
        self.reader = reader

    def may_read(self, user, channel):
        if channel.name != "Closed":
            return None
        return user.pk == self.reader.pk

    def readable_channels(self, user):
        return Q() if user.pk == self.reader.pk else ~Q(name="Closed")

    def readers(self, channel):
        return Q() if channel.name != "Closed" else Q(user_id=self.reader.pk)


@pytest.fixture
def providers(monkeypatch):
    registry = access.providers.copy()
    monkeypatch.setattr(access, "providers", registry)
    return registry


def test_workgroups_registers_its_provider_in_ready():
    assert "workgroups.group_channel" in [p.name for p in access.providers.all()]


def test_registering_a_provider_name_twice_is_an_error():
    registry = ChannelAccess()
    registry.register(OnlyNamed(reader=None))

    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register(OnlyNamed(reader=None))

    assert len(registry.all()) == 1


def test_a_provider_narrows_the_predicate_the_list_and_the_audience(community, providers):
    reader = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    other = MembershipFactory(community=community, circle=Circle.CITIZENS).user
    closed = Channel.objects.create(community=community, name="Closed")
    open_ = Channel.objects.create(community=community, name="Open")
    providers.register(OnlyNamed(reader))

    assert other.has_perm("discussions.view_channel", closed) is False
    assert reader.has_perm("discussions.view_channel", closed) is True
    assert other.has_perm("discussions.view_channel", open_) is True
    assert set(selectors.visible_channels(user=other, community=community)) == {open_}
    assert set(selectors.visible_channels(user=reader, community=community)) == {open_, closed}
    assert set(selectors.channel_audience(closed)) == {reader}
    assert set(selectors.channel_audience(open_)) == {reader, other}
