"""Topic proposals at their edges: each refusal's field, code and words, all
of them at once, each boundary on both sides, and who is told what."""

import pytest

from communities.models import Circle
from discussions.models import Channel
from notifications.models import Notification
from tests.factories import CommunityFactory
from tests.refusals import refusals
from topics import services
from topics.models import TopicProposal

pytestmark = pytest.mark.django_db

NAME = "Jardins partagés"
BAD_CHARACTERS = ("This text holds characters that cannot be stored (a NUL byte or a broken "
                  "character). Remove them and try again.")


def propose(people, community, role="informed", **fields):
    values = {"name": NAME, "description": "Parler des jardins.", "min_circle": Circle.INFORMED}
    values.update(fields)
    return services.topic_propose(author=people[role], community=community, **values)


def refused(people, community, role="informed", **fields) -> list:
    """The refusals of a proposal, once it is checked that nothing was written."""
    said = refusals(lambda: propose(people, community, role=role, **fields))
    assert not TopicProposal.objects.filter(author=people[role]).exclude(
        name="Déjà là").exists()
    assert not Notification.objects.filter(kind="topic_proposed").exists()
    return said


def told(kind) -> list:
    return sorted(Notification.objects.filter(kind=kind).values_list(
        "recipient", "url", "data"))


# Who proposes -----------------------------------------------------------------

@pytest.mark.parametrize("role", ["citizen", "other_gardener"])
def test_a_citizen_or_a_stranger_is_refused_in_words(people, community, role):
    assert refusals(lambda: propose(people, community, role=role)) == [(
        None, "Only members of the informed and engaged circles propose discussion topics.",
        "not_informed")]
    assert not TopicProposal.objects.exists()


def test_the_pair_is_told_with_the_link_and_the_name(people, community):
    proposal = propose(people, community, name="  Mares  ", description="  Des mares.  ")
    stored = TopicProposal.objects.get()
    assert (stored, stored.author, stored.community, stored.name, stored.description,
            stored.min_circle, stored.status) == (
        proposal, people["informed"], community, "Mares", "Des mares.", Circle.INFORMED,
        "pending")
    url = proposal.get_absolute_url()
    assert told("topic_proposed") == sorted([
        (people["gardener"].pk, url, {"name": "Mares"}),
        (people["institution_gardener"].pk, url, {"name": "Mares"}),
    ])
    assert set(Notification.objects.values_list("actor", "community")) == {
        (people["informed"].pk, community.pk)}


# The name ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_name_is_required(people, community, name):
    assert refused(people, community, name=name) == [
        ("name", "Give the channel a name.", "required")]


def test_a_name_of_80_characters_is_kept_and_81_refused(people, community):
    assert refused(people, community, name="n" * 81) == [
        ("name", "Keep it under 80 characters (this one has 81).", "too_long")]
    assert propose(people, community, name=" " + "n" * 80 + " ").name == "n" * 80


def test_a_name_that_cannot_be_stored_is_refused(people, community):
    assert refused(people, community, name="Jar\x00dins") == [("name", BAD_CHARACTERS,
                                                              "bad_characters")]


def test_a_channel_of_that_name_here_refuses_it_whatever_the_case(people, community,
                                                                    other_community):
    Channel.objects.create(community=other_community, name=NAME)
    Channel.objects.create(community=community, name="JARDINS partagés")
    assert refused(people, community, name=f" {NAME} ") == [(
        "name", f"This community already has a channel called “{NAME}”.", "name_taken")]


def test_a_channel_of_that_name_elsewhere_or_of_another_name_here_does_not(
        people, community, other_community):
    Channel.objects.create(community=other_community, name=NAME)
    Channel.objects.create(community=community, name="Jardins")
    assert propose(people, community).name == NAME


def test_a_proposal_of_that_name_waiting_here_refuses_it(people, community):
    propose(people, community, role="engaged", name="jardins PARTAGéS")
    Notification.objects.all().delete()
    assert refused(people, community) == [(
        "name",
        (f"A channel called “{NAME}” is already proposed and waits for the gardeners' "
         "decision."),
        "name_proposed")]


def test_a_declined_proposal_or_one_elsewhere_does_not(people, community):
    first = propose(people, community, role="engaged")
    services.topic_decide(proposal=first, actor=people["gardener"], decision="decline",
                          answer="Pas encore.")
    elsewhere = CommunityFactory()
    TopicProposal.objects.create(community=elsewhere, author=people["engaged"], name=NAME,
                                 description="x", min_circle=Circle.INFORMED)
    assert propose(people, community).name == NAME


# The description and the circle ----------------------------------------------

@pytest.mark.parametrize("description", ["", " \n ", None])
def test_a_description_is_required(people, community, description):
    assert refused(people, community, description=description) == [(
        "description", "Say in a few words what the channel would be for.", "required")]


def test_a_description_that_cannot_be_stored_is_refused(people, community):
    assert refused(people, community, description="Des\x00 mares") == [
        ("description", BAD_CHARACTERS, "bad_characters")]


@pytest.mark.parametrize("circle", [None, "x", 0, 4])
def test_a_circle_that_does_not_exist_is_refused(people, community, circle):
    assert refused(people, community, min_circle=circle) == [
        ("min_circle", "Choose among the three circles.", "bad_circle")]


def test_a_circle_closer_than_the_authors_is_refused_theirs_and_wider_are_not(
        people, community):
    assert refused(people, community, min_circle=Circle.ENGAGED) == [(
        "min_circle",
        ("You would not read a channel for a circle you are not in: choose yours or a "
         "wider one."),
        "closer_than_yours")]
    assert propose(people, community, name="A", min_circle="2").min_circle == Circle.INFORMED
    assert propose(people, community, name="B", min_circle=1).min_circle == Circle.CITIZENS
    assert propose(people, community, role="engaged", name="C",
                   min_circle=Circle.ENGAGED).min_circle == Circle.ENGAGED


def test_every_refusal_is_reported_at_once(people, community):
    assert refused(people, community, name="", description="", min_circle="x") == [
        ("description", "Say in a few words what the channel would be for.", "required"),
        ("min_circle", "Choose among the three circles.", "bad_circle"),
        ("name", "Give the channel a name.", "required"),
    ]


# Deciding ------------------------------------------------------------------------

@pytest.fixture
def proposal(people, community):
    proposal = propose(people, community)
    Notification.objects.all().delete()
    return proposal


@pytest.mark.parametrize("decision", ["", "maybe", None, "OPEN"])
def test_only_open_or_decline_is_a_decision(people, proposal, decision):
    assert refusals(lambda: services.topic_decide(
        proposal=proposal, actor=people["gardener"], decision=decision, answer="Oui.")) == [
        (None, "Choose a decision.", "bad_decision")]
    assert TopicProposal.objects.get().status == "pending"


@pytest.mark.parametrize("answer", ["", "  ", None])
def test_declining_needs_an_answer_opening_does_not(people, proposal, answer):
    assert refusals(lambda: services.topic_decide(
        proposal=proposal, actor=people["gardener"], decision="decline", answer=answer)) == [
        ("answer", "Say why, so that the author understands.", "no_answer")]
    assert TopicProposal.objects.get().status == "pending"
    assert not Notification.objects.exists()
    services.topic_decide(proposal=proposal, actor=people["gardener"], decision="open",
                          answer=answer)
    assert TopicProposal.objects.get().status == "opened"


def test_an_answer_that_cannot_be_stored_is_refused(people, proposal):
    for decision in ("decline", "open"):
        assert refusals(lambda decision=decision: services.topic_decide(
            proposal=proposal, actor=people["gardener"], decision=decision,
            answer="Non\x00.")) == [("answer", BAD_CHARACTERS, "bad_characters")]
    assert TopicProposal.objects.get().status == "pending"


def test_a_decline_is_recorded_and_the_author_reads_why(people, proposal):
    services.topic_decide(proposal=proposal, actor=people["gardener"], decision="decline",
                          answer="  Le canal général suffit.  ")
    stored = TopicProposal.objects.get()
    assert (stored.status, stored.answer, stored.decided_by, stored.channel) == (
        "declined", "Le canal général suffit.", people["gardener"], None)
    assert not Channel.objects.filter(name=NAME).exists()
    assert told("topic_proposal_decided") == [(
        people["informed"].pk, proposal.get_absolute_url(),
        {"name": NAME, "status": "declined", "answer": "Le canal général suffit."})]


def test_an_opening_creates_the_channel_and_the_author_is_sent_to_it(people, community,
                                                                      proposal):
    services.topic_decide(proposal=proposal, actor=people["gardener"], decision="open",
                          answer="Bienvenue.")
    channel = Channel.objects.get(community=community, name=NAME)
    stored = TopicProposal.objects.get()
    assert (stored.status, stored.answer, stored.channel, channel.min_circle,
            channel.created_by) == ("opened", "Bienvenue.", channel, Circle.INFORMED,
                                    people["gardener"])
    assert told("topic_proposal_decided") == [(
        people["informed"].pk, channel.get_absolute_url(),
        {"name": NAME, "status": "opened", "answer": "Bienvenue."})]
    assert set(Notification.objects.values_list("actor", "community")) == {
        (people["gardener"].pk, community.pk)}


def test_an_opening_without_answer_records_none(people, proposal):
    services.topic_decide(proposal=proposal, actor=people["gardener"], decision="open")
    assert TopicProposal.objects.get().answer == ""
