"""The organising actions of issue 16 in the audit log (docs/audit.md): an
event's team, topic proposals decided, external participation links, the
cultivator invited as a contributor. Each writes exactly one entry naming who
acted, on whom or what, in which community; a refused one writes none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

import audit
from audit.models import AuditEntry
from elsewhere import services as elsewhere_services
from elsewhere.models import ExternalTool
from events import services as event_services
from roles import services as role_services
from tests.events.factories import EventFactory
from topics import services as topic_services

from .test_audit import IP, assert_entry, origin

pytestmark = pytest.mark.django_db
A = audit.Action


def test_adding_and_removing_a_co_organiser_write_one_entry_each(people, community):
    gardener, engaged = people["gardener"], people["engaged"]
    event = EventFactory(community=community, organiser=gardener)
    with origin(gardener):
        event_services.co_organiser_add(event=event, person=engaged, actor=gardener)
        with pytest.raises(ValidationError):  # twice: refused, no entry
            event_services.co_organiser_add(event=event, person=engaged, actor=gardener)
    entry = assert_entry(A.EVENT_TEAM_CHANGED, actor=gardener, community_id=community.pk)
    assert entry.target_user == engaged
    assert entry.target_label == str(engaged)
    assert entry.details == {"event": event.pk, "change": "added"}

    with origin(gardener):
        event_services.co_organiser_remove(event=event, person=engaged, actor=gardener)
        with pytest.raises(ValidationError):  # not on the team any more: no entry
            event_services.co_organiser_remove(event=event, person=engaged, actor=gardener)
    entries = list(AuditEntry.objects.filter(action=A.EVENT_TEAM_CHANGED).order_by("pk"))
    assert [e.details["change"] for e in entries] == ["added", "removed"]
    assert entries[1].actor == gardener and entries[1].target_user == engaged
    assert entries[1].ip_address == IP


def test_deciding_a_topic_proposal_writes_one_entry(people, community):
    gardener = people["gardener"]
    opened = topic_services.topic_propose(
        author=people["engaged"], community=community, name="Jardins partagés",
        description="Échanger sur les jardins", min_circle=2,
    )
    declined = topic_services.topic_propose(
        author=people["informed"], community=community, name="Autre sujet",
        description="Hors sujet", min_circle=2,
    )
    with origin(gardener):
        topic_services.topic_decide(proposal=opened, actor=gardener,
                                    decision=topic_services.OPEN)
        with pytest.raises(ValidationError):  # decided already: refused, no entry
            topic_services.topic_decide(proposal=opened, actor=gardener,
                                        decision=topic_services.OPEN)
    entry = assert_entry(A.REQUEST_DECIDED, actor=gardener, community_id=community.pk)
    assert entry.details == {"kind": "topics.topicproposal", "status": "opened"}
    assert entry.target_type == "topics.topicproposal" and entry.target_id == str(opened.pk)

    with origin(gardener):
        topic_services.topic_decide(proposal=declined, actor=gardener,
                                    decision=topic_services.DECLINE, answer="Déjà un canal")
    statuses = list(AuditEntry.objects.filter(action=A.REQUEST_DECIDED).order_by("pk")
                    .values_list("details__status", flat=True))
    assert statuses == ["opened", "declined"]


def test_an_external_link_added_and_removed_writes_one_entry_each(people, community):
    cultivator = people["cultivator"]
    closes = timezone.localdate() + dt.timedelta(days=10)
    with origin(cultivator):
        tool = elsewhere_services.tool_add(
            community=community, actor=cultivator, kind=ExternalTool.Kind.CONSULTATION,
            title="Consultation mobilités", url="https://jeparticipe.example.org/mob",
            closes_on=closes,
        )
        with pytest.raises(ValidationError):  # a closing date passed: refused, no entry
            elsewhere_services.tool_add(
                community=community, actor=cultivator, kind=ExternalTool.Kind.CONSULTATION,
                title="Trop tard", url="https://jeparticipe.example.org/old",
                closes_on=timezone.localdate() - dt.timedelta(days=1),
            )
    entry = assert_entry(A.EXTERNAL_TOOL_ADDED, actor=cultivator, community_id=community.pk)
    assert entry.target_label == "Consultation mobilités"
    assert entry.details == {"kind": "consultation", "closes_on": closes.isoformat()}

    pk = tool.pk
    with origin(cultivator):
        elsewhere_services.tool_remove(tool=tool, actor=cultivator)
    entry = assert_entry(A.EXTERNAL_TOOL_REMOVED, actor=cultivator, community_id=community.pk)
    assert entry.target_id == str(pk) and entry.target_label == "Consultation mobilités"


def test_inviting_the_cultivator_as_a_contributor_writes_one_entry(people, community):
    gardener, cultivator = people["gardener"], people["cultivator"]
    with origin(gardener):
        role_services.contributor_invite(community=community, person=cultivator, actor=gardener)
        with pytest.raises(ValidationError):  # already invited: refused, no entry
            role_services.contributor_invite(community=community, person=cultivator,
                                             actor=gardener)
    entry = assert_entry(A.CONTRIBUTOR_INVITED, actor=gardener, community_id=community.pk)
    assert entry.target_user == cultivator
