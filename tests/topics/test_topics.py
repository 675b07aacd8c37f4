"""Members of the informed and engaged circles propose discussion topics; the
pair opens the channel or declines saying why; the author is told which."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities.models import Circle
from discussions.models import Channel
from notifications.models import Notification
from topics import services
from topics.models import TopicProposal

pytestmark = pytest.mark.django_db


def _propose(people, community, commit, role="informed", **fields):
    values = {"name": "Jardins partagés", "description": "Parler des jardins du quartier.",
              "min_circle": Circle.INFORMED}
    values.update(fields)
    return commit(services.topic_propose, author=people[role], community=community, **values)


@pytest.mark.parametrize("role", ["informed", "engaged"])
def test_an_informed_or_engaged_member_proposes_and_the_pair_is_told(people, community,
                                                                     commit, role):
    proposal = _propose(people, community, commit, role=role)
    assert proposal.status == TopicProposal.Status.PENDING
    told = set(Notification.objects.filter(kind="topic_proposed")
               .values_list("recipient", flat=True))
    assert told == {people["gardener"].pk, people["institution_gardener"].pk}


@pytest.mark.parametrize("role", ["citizen", "other_gardener", "cultivator"])
def test_a_citizen_or_outsider_may_not_propose(people, community, commit, role):
    with pytest.raises(ValidationError) as error:
        _propose(people, community, commit, role=role)
    assert error.value.code == "not_informed"
    assert not people[role].has_perm("topics.propose_topic", community)
    assert not TopicProposal.objects.exists()


def test_a_channel_for_a_circle_closer_than_the_authors_is_refused(people, community, commit):
    with pytest.raises(ValidationError) as error:
        _propose(people, community, commit, min_circle=Circle.ENGAGED)
    assert "min_circle" in error.value.error_dict
    # Their own circle is fine.
    assert _propose(people, community, commit, min_circle=Circle.INFORMED)


def test_a_name_already_taken_is_refused(people, community, commit):
    Channel.objects.create(community=community, name="JARDINS partagés")
    with pytest.raises(ValidationError) as error:
        _propose(people, community, commit)
    assert "name" in error.value.error_dict


def test_opening_creates_the_channel_the_informed_see(people, community, commit):
    proposal = _propose(people, community, commit)
    commit(services.topic_decide, proposal=proposal, actor=people["gardener"], decision="open")

    channel = Channel.objects.get(community=community, name="Jardins partagés")
    assert channel.min_circle == Circle.INFORMED
    proposal.refresh_from_db()
    assert proposal.status == TopicProposal.Status.OPENED and proposal.channel == channel
    line = Notification.objects.get(recipient=people["informed"], kind="topic_proposal_decided")
    assert line.url == channel.get_absolute_url()
    # Informed members see the channels meant for them; citizens do not.
    assert people["informed"].has_perm("discussions.view_channel", channel)
    assert people["engaged"].has_perm("discussions.view_channel", channel)
    assert not people["citizen"].has_perm("discussions.view_channel", channel)


def test_declining_needs_a_reason_that_the_author_reads(people, community, commit):
    proposal = _propose(people, community, commit)
    with pytest.raises(ValidationError) as error:
        commit(services.topic_decide, proposal=proposal, actor=people["gardener"],
               decision="decline", answer="  ")
    assert "answer" in error.value.error_dict
    commit(services.topic_decide, proposal=proposal, actor=people["gardener"],
           decision="decline", answer="Le canal général suffit.")
    line = Notification.objects.get(recipient=people["informed"], kind="topic_proposal_decided")
    assert line.data["answer"] == "Le canal général suffit."
    assert not Channel.objects.filter(name="Jardins partagés").exists()


def test_a_decided_proposal_is_not_decided_again(people, community, commit):
    proposal = _propose(people, community, commit)
    commit(services.topic_decide, proposal=proposal, actor=people["gardener"],
           decision="decline", answer="Non.")
    with pytest.raises(ValidationError) as error:
        services.topic_decide(proposal=proposal, actor=people["gardener"], decision="open")
    assert error.value.code == "not_pending"
    assert not Channel.objects.filter(name="Jardins partagés").exists()


def test_a_name_taken_meanwhile_refuses_the_opening(people, community, commit):
    proposal = _propose(people, community, commit)
    Channel.objects.create(community=community, name="Jardins partagés")
    with pytest.raises(ValidationError):
        services.topic_decide(proposal=proposal, actor=people["gardener"], decision="open")
    proposal.refresh_from_db()
    assert proposal.status == TopicProposal.Status.PENDING


def test_who_reads_and_decides(people, community, commit):
    proposal = _propose(people, community, commit)
    assert people["informed"].has_perm("topics.view_proposal", proposal)
    assert not people["informed"].has_perm("topics.decide_proposal", proposal)
    for role in ("gardener", "institution_gardener", "staff"):
        assert people[role].has_perm("topics.decide_proposal", proposal), role
    for role in ("engaged", "citizen", "other_gardener", "cultivator", "anonymous"):
        assert not people[role].has_perm("topics.view_proposal", proposal), role


def test_the_pages(people, community, pair, login, client):
    member = login(people["informed"])
    home = member.get(reverse("communities:detail", args=[community.slug])).content.decode()
    propose_url = reverse("topics:propose", args=[community.slug])
    assert propose_url in home
    response = member.post(propose_url, {"name": "Vergers", "description": "Les vergers.",
                                         "min_circle": Circle.INFORMED}, follow=True)
    assert "Your topic is sent to the gardeners" in response.content.decode()
    proposal = TopicProposal.objects.get()

    client.logout()
    citizen_home = login(people["citizen"]).get(
        reverse("communities:detail", args=[community.slug])).content.decode()
    assert propose_url not in citizen_home

    client.logout()
    gardener = login(people["gardener"])
    home = gardener.get(reverse("communities:detail", args=[community.slug])).content.decode()
    assert proposal.get_absolute_url() in home
    response = gardener.post(proposal.get_absolute_url(), {"decision": "decline", "answer": ""})
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    gardener.post(proposal.get_absolute_url(), {"decision": "open"})
    assert Channel.objects.filter(name="Vergers", community=community).exists()
