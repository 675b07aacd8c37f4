"""A funded project's links at their edges (calls/funded/services.py): only a
decided and funded project is linked, events need their community, every
event must be a published one of that community (the first stranger is
named), unlinking drops the events, a new link replaces the old, and what
a refusal leaves untouched."""

import pytest

from calls.funded import services
from calls.models import Application
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory
from tests.refusals import refusals

from .test_funded import fund

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

NOT_FUNDED = "Only a funded project can be linked to a community."


@pytest.fixture
def community(db):
    return CommunityFactory(name="Quartier Nord")


@pytest.fixture
def funded(application):
    return fund(application)


def links(application) -> tuple:
    row = Application.objects.get(pk=application.pk)
    return row.community_id, sorted(row.events.values_list("pk", flat=True))


@pytest.mark.parametrize(("status", "decision"), [
    (Application.Status.DECIDED, Application.Decision.NOT_FUNDED),
    (Application.Status.DECIDED, ""),
    (Application.Status.OPINION_GIVEN, Application.Decision.FUNDED),
    (Application.Status.SUBMITTED, ""),
])
def test_a_project_not_decided_and_funded_is_refused(application, community, status, decision):
    Application.objects.filter(pk=application.pk).update(status=status, decision=decision)
    assert refusals(lambda: services.project_link(application=application,
                                                  community=community)) == [
        (None, NOT_FUNDED, "not_funded")]
    assert links(application) == (None, [])


def test_the_state_is_read_again_not_taken_from_the_callers_object(funded, community):
    Application.objects.filter(pk=funded.pk).update(decision=Application.Decision.NOT_FUNDED)
    assert funded.decision == Application.Decision.FUNDED  # the caller's copy is stale
    assert refusals(lambda: services.project_link(application=funded, community=community)) == [
        (None, NOT_FUNDED, "not_funded")]


def test_events_without_a_community_are_refused(funded, community):
    event = EventFactory(community=community)
    assert refusals(lambda: services.project_link(application=funded, community=None,
                                                  events=[event])) == [
        (None, "Choose the community first: its events come with it.",
         "events_without_community")]
    assert links(funded) == (None, [])


def test_the_first_event_not_of_the_community_or_not_published_is_named(funded, community):
    ours = EventFactory(community=community, title="Inauguration")
    draft = EventFactory(community=community, title="Brouillon", state="draft")
    cancelled = EventFactory(community=community, title="Annulé", state="cancelled")
    foreign = EventFactory(community=CommunityFactory(name="Ailleurs"), title="Chez les autres")
    for events, named in (([ours, draft], "Brouillon"), ([cancelled, draft], "Annulé"),
                          ([foreign, ours], "Chez les autres")):
        assert refusals(lambda events=events: services.project_link(
            application=funded, community=community, events=events)) == [
            (None, f"“{named}” is not a published event of this community.", "foreign_event")]
    assert links(funded) == (None, [])


def test_a_link_with_its_events_is_written_and_dated(funded, community,
                                                     django_assert_num_queries):
    first = EventFactory(community=community)
    second = EventFactory(community=community)
    before = Application.objects.get(pk=funded.pk).updated_at
    result = services.project_link(application=funded, community=community,
                                   events=iter([second, first]))
    assert links(funded) == (community.pk, sorted([first.pk, second.pk]))
    assert result.community == community
    assert Application.objects.get(pk=funded.pk).updated_at > before
    with django_assert_num_queries(5):  # savepoint, lock, update, the links read, release
        services.project_link(application=funded, community=community, events=[first, second])


def test_a_link_without_events_keeps_none(funded, community):
    services.project_link(application=funded, community=community)
    assert links(funded) == (community.pk, [])


def test_a_new_link_replaces_the_community_and_its_events(funded, community):
    old = EventFactory(community=community)
    services.project_link(application=funded, community=community, events=[old])
    other = CommunityFactory(name="Quartier Sud")
    new = EventFactory(community=other)
    services.project_link(application=funded, community=other, events=[new])
    assert links(funded) == (other.pk, [new.pk])


def test_unlinking_drops_the_community_and_its_events(funded, community):
    event = EventFactory(community=community)
    services.project_link(application=funded, community=community, events=[event])
    result = services.project_link(application=funded, community=None)
    assert links(funded) == (None, [])
    assert result.community is None


def test_a_refused_relink_keeps_the_previous_links(funded, community):
    event = EventFactory(community=community)
    services.project_link(application=funded, community=community, events=[event])
    stranger = EventFactory(community=community, title="Passé", state="draft")
    assert refusals(lambda: services.project_link(application=funded, community=community,
                                                  events=[event, stranger])) == [
        (None, "“Passé” is not a published event of this community.", "foreign_event")]
    assert links(funded) == (community.pk, [event.pk])
