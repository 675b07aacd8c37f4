"""A dialogue's citizen opinion at its edges (processes/services/opinion.py):
each refusal in its words, code and field, each limit shifted by one, what
the panel, the co-writing, the publication and the argued answer write, and
whom they tell with what."""

import datetime as dt

import pytest
from django.utils import timezone

from councils import services as councils
from notifications.models import Notification
from processes import services
from processes.models import Recommendation
from processes.opinion_models import PanelMember
from processes.services import opinion as op
from tests.factories import CommunityFactory
from tests.refusals import refusals

from .conftest import citizen, make_process

pytestmark = pytest.mark.django_db


def draft(process, member, proposals=(), title="Des pistes protégées",
          text="Séparer les pistes de la chaussée."):
    return op.recommendation_draft(process=process, author=member, title=title, text=text,
                                   proposals=list(proposals))


def published(process, member, lead, proposals=()):
    recommendation = draft(process, member, proposals)
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    op.opinion_publish(process=process, actor=lead)
    recommendation.refresh_from_db()
    return recommendation


def test_a_recommendation_names_every_wrong_field_at_once(
        direction, lead, process, member, proposal):
    elsewhere = services.proposal_create(
        process=make_process(direction, lead, title="Plan piéton"),
        author=citizen("Eli", email="eli@example.org"), title="Ailleurs", text="Hors sujet.",
        category="Pistes")
    assert refusals(lambda: draft(process, member, [proposal, elsewhere], title=" ",
                                  text=None)) == [
        ("proposals", "Link only shown contributions of this process.", "bad_proposal"),
        ("text", "Write the recommendation.", "required"),
        ("title", "Give the recommendation a title.", "required"),
    ]
    assert not Recommendation.objects.exists()


def test_a_hidden_contribution_of_the_process_is_not_linked(process, member, proposal, lead):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors charte.")
    proposal.refresh_from_db()
    assert refusals(lambda: draft(process, member, [proposal])) == [
        ("proposals", "Link only shown contributions of this process.", "bad_proposal")]


def test_a_recommendation_keeps_to_its_limits(process, member):
    assert refusals(lambda: draft(process, member, title="t" * 201, text="x" * 6001)) == [
        ("text", "Keep it under 6000 characters.", "too_long"),
        ("title", "Keep the title under 200 characters.", "too_long"),
    ]
    kept = draft(process, member, title=" " + "t" * 200 + " ", text="x" * 6000)
    assert (kept.title, len(kept.text)) == ("t" * 200, 6000)


def test_recommendations_are_numbered_in_the_order_they_are_drafted(process, member, proposal):
    first = draft(process, member, [proposal])
    second = draft(process, member, title="Des arceaux")
    assert (first.position, second.position) == (1, 2)
    assert (first.author, first.author_name) == (member, "Nora Panel")
    assert list(first.proposals.all()) == [proposal] and not second.proposals.exists()


def test_the_introduction_keeps_to_its_limit(process, lead):
    assert refusals(lambda: op.introduction_set(process=process, introduction="i" * 6001,
                                                actor=lead)) == [
        ("introduction", "Keep it under 6000 characters.", "too_long")]
    assert op.introduction_set(process=process, introduction=" " + "i" * 6000 + " ",
                               actor=lead).introduction == "i" * 6000
    op.introduction_set(process=process, introduction=None, actor=lead)
    assert op.opinion_of(process).introduction == ""


def test_the_panel_names_people_and_a_council(process, lead, direction):
    assert refusals(lambda: op.panel_member_add(process=process, person=None,
                                                actor=lead)) == [
        ("person", "No account has this e-mail address.", "unknown")]
    nora = citizen("Nora Panel", email="nora@example.org")
    op.panel_member_add(process=process, person=nora, actor=lead)
    assert refusals(lambda: op.panel_member_add(process=process, person=nora,
                                                actor=lead)) == [
        ("person", "Nora Panel is already on the panel.", "duplicate")]
    council = councils.council_create(
        name="Conseil citoyen de Malakoff", slug="malakoff", territory="Nantes",
        direction=direction, term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 12, 31),
        colleges=[("Habitants", 12)], sub_areas=["Nord"])
    op.panel_council_set(process=process, council=council, actor=lead)
    assert op.opinion_of(process).council == council


def test_removing_a_member_touches_this_panel_only(process, lead, direction):
    other = make_process(direction, lead, title="Plan piéton")
    nora = citizen("Nora Panel", email="nora@example.org")
    here = op.panel_member_add(process=process, person=nora, actor=lead)
    there = op.panel_member_add(process=other, person=nora, actor=lead)
    op.panel_member_remove(process=process, member=there, actor=lead)
    assert set(PanelMember.objects.all()) == {here, there}
    op.panel_member_remove(process=process, member=here, actor=lead)
    assert list(PanelMember.objects.all()) == [there]


def test_nothing_of_a_published_opinion_changes_but_the_answers(
        process, member, lead, direction):
    recommendation = published(process, member, lead)
    panel = PanelMember.objects.get()
    for change in (
        lambda: op.panel_member_add(process=process, person=citizen("Bob"), actor=lead),
        lambda: op.panel_member_remove(process=process, member=panel, actor=lead),
        lambda: op.panel_council_set(process=process, council=None, actor=lead),
        lambda: op.introduction_set(process=process, introduction="Après coup", actor=lead),
        lambda: draft(process, member),
        lambda: op.recommendation_revise(recommendation=recommendation, author=member,
                                         title="Autre", text="Autre"),
        lambda: op.recommendation_decide(recommendation=recommendation, actor=lead,
                                         accept=True),
        lambda: op.opinion_publish(process=process, actor=lead),
    ):
        assert refusals(change) == [
            (None, "The opinion is published: it can no longer be changed.", "published")]
    assert PanelMember.objects.get() == panel


def test_only_its_author_revises_a_recommendation_and_not_once_accepted(
        process, member, lead, proposal):
    recommendation = draft(process, member, [proposal])
    other = citizen("Omar Panel", email="omar@example.org")
    op.panel_member_add(process=process, person=other, actor=lead)
    assert refusals(lambda: op.recommendation_revise(
        recommendation=recommendation, author=other, title="A moi", text="Non.")) == [
        (None, "Only its author revises a recommendation.", "not_author")]
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=False,
                             note="Citez le budget.")
    revised = op.recommendation_revise(recommendation=recommendation, author=member,
                                       title=" Pistes ", text=" Avec le budget. ")
    revised.refresh_from_db()
    assert (revised.title, revised.text, revised.state) == (
        "Pistes", "Avec le budget.", Recommendation.State.PROPOSED)
    assert not revised.proposals.exists()
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    assert refusals(lambda: op.recommendation_revise(
        recommendation=recommendation, author=member, title="Encore", text="Encore.")) == [
        (None, "This recommendation is accepted: it is no longer revised.", "accepted")]


def test_a_decision_tells_the_author_where_to_go_and_why(process, member, lead):
    recommendation = draft(process, member)
    assert refusals(lambda: op.recommendation_decide(
        recommendation=recommendation, actor=lead, accept=False, note=" ")) == [
        ("note", "Write a short note: the author will read it.", "note_required")]
    assert refusals(lambda: op.recommendation_decide(
        recommendation=recommendation, actor=lead, accept=False, note="n" * 3001)) == [
        ("note", "Keep it under 3000 characters.", "too_long")]
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=False,
                             note=" " + "n" * 3000 + " ")
    sent_back = Notification.objects.get(kind="process_recommendation_decided")
    assert (sent_back.recipient, sent_back.actor, sent_back.community) == (
        member, lead, process.community)
    assert sent_back.url == (
        f"/processes/{process.slug}/opinion/recommendations/{recommendation.pk}/")
    assert sent_back.data == {"process": process.title, "recommendation": "Des pistes protégées",
                              "state": "sent back", "note": "n" * 3000}
    sent_back.delete()
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    accepted = Notification.objects.get(kind="process_recommendation_decided")
    assert accepted.url == op.opinion_of(process).get_absolute_url()
    assert accepted.data["state"] == "accepted" and accepted.data["note"] == ""


def test_a_recommendation_whose_author_left_is_decided_without_telling_anyone(
        process, member, lead):
    recommendation = draft(process, member)
    Recommendation.objects.filter(pk=recommendation.pk).update(author=None)
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    assert not Notification.objects.filter(kind="process_recommendation_decided").exists()


def test_publishing_needs_a_published_process_and_records_who_and_when(
        direction, lead, member, author):
    draft_process = make_process(direction, lead, publish=False, title="Brouillon")
    op.panel_member_add(process=draft_process, person=member, actor=lead)
    recommendation = draft(draft_process, member)
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    assert refusals(lambda: op.opinion_publish(process=draft_process, actor=lead)) == [
        (None, "Publish the process first.", "draft_process")]
    assert not op.opinion_of(draft_process).is_published


def test_publishing_records_who_and_when_and_tells_the_contributors(
        process, member, lead, proposal, author):
    recommendation = draft(process, member, [proposal])
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    at = timezone.now() - dt.timedelta(hours=1)
    opinion = op.opinion_publish(process=process, actor=lead, now=at)
    opinion.refresh_from_db()
    assert (opinion.published_at, opinion.published_by) == (at, lead)
    told = Notification.objects.get(kind="process_opinion_published")
    assert (told.recipient, told.actor, told.community, told.url, told.data) == (
        author, lead, process.community, opinion.get_absolute_url(),
        {"process": process.title})


def test_publishing_without_a_date_is_dated_now(process, member, lead):
    before = timezone.now()
    published(process, member, lead)
    assert before <= op.opinion_of(process).published_at <= timezone.now()


def test_an_answer_is_for_an_accepted_recommendation_of_the_published_opinion(
        process, member, lead):
    recommendation = draft(process, member)
    not_published = [(None, "Only the published opinion's recommendations are answered.",
                      "not_published")]
    assert refusals(lambda: op.recommendation_answer(
        recommendation=recommendation, actor=lead, status="adopted", reason="Oui.")) \
        == not_published
    other = draft(process, member, title="Refusée")
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    op.opinion_publish(process=process, actor=lead)
    assert refusals(lambda: op.recommendation_answer(
        recommendation=other, actor=lead, status="adopted", reason="Oui.")) == not_published


def test_an_answer_is_dated_signed_and_told_to_the_authors_it_draws_on(
        process, member, lead, proposal, author):
    recommendation = published(process, member, lead, [proposal])
    at = timezone.now() - dt.timedelta(minutes=5)
    answered = op.recommendation_answer(recommendation=recommendation, actor=lead,
                                        status="in_part", reason=" Une partie. ", now=at)
    answered.refresh_from_db()
    assert (answered.answer_status, answered.answer_reason, answered.answered_at,
            answered.answered_by) == ("in_part", "Une partie.", at, lead)
    told = Notification.objects.get(kind="process_recommendation_answered")
    assert (told.recipient, told.actor, told.community, told.url) == (
        author, lead, process.community, op.opinion_of(process).get_absolute_url())
    assert told.data == {"process": process.title, "recommendation": "Des pistes protégées",
                         "status": "Adopted in part", "reason": "Une partie."}
    before = timezone.now()
    again = op.recommendation_answer(recommendation=recommendation, actor=lead,
                                     status="adopted", reason="Tout.")
    assert before <= again.answered_at <= timezone.now()


def test_only_shown_contributions_are_offered_for_linking_by_title(process, author, lead):
    zebra = services.proposal_create(process=process, author=author, title="Zèbres",
                                     text="Passages piétons.", category="Pistes")
    arceaux = services.proposal_create(process=process, author=author, title="Arceaux",
                                       text="Stationnement.", category="Stationnement")
    hidden = services.proposal_create(process=process, author=author, title="Bof",
                                      text="Hors sujet.", category="Pistes")
    services.proposal_hide(proposal=hidden, actor=lead, reason="Hors charte.")
    assert list(op.proposals_for_linking(process)) == [arceaux, zebra]


@pytest.fixture
def community_process(process):
    """The process of a community: its notices are filed under it."""
    process.community = CommunityFactory()
    process.save(update_fields=["community"])
    return process


def test_every_notice_of_a_communitys_opinion_is_filed_under_it(
        community_process, member, lead, proposal, author):
    process = community_process
    recommendation = draft(process, member, [proposal])
    op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
    recommendation.refresh_from_db()
    assert recommendation.decided_by == lead
    op.opinion_publish(process=process, actor=lead)
    op.recommendation_answer(recommendation=recommendation, actor=lead, status="adopted",
                             reason="Oui.")
    kinds = ("process_recommendation_decided", "process_opinion_published",
             "process_recommendation_answered")
    assert sorted(Notification.objects.filter(kind__in=kinds).values_list(
        "kind", "community_id")) == sorted((kind, process.community_id) for kind in kinds)


def test_the_panel_remembers_who_named_each_member_and_the_refusals_say_why(
        process, lead, author, proposal):
    nora = citizen("Nora Panel", email="nora@example.org")
    assert op.panel_member_add(process=process, person=nora, actor=lead).named_by == lead
    assert refusals(lambda: draft(process, author, [proposal])) == [
        (None, "Only the panel's members draft recommendations.", "not_panel")]
    draft(process, nora)
    assert refusals(lambda: op.opinion_publish(process=process, actor=lead)) == [
        (None, "Accept at least one recommendation before publishing the opinion.",
         "no_recommendation")]


def test_an_author_known_by_a_long_address_is_named_in_120_characters(process, lead):
    long = citizen("", email="p" * 130 + "@example.org")
    op.panel_member_add(process=process, person=long, actor=lead)
    assert draft(process, long).author_name == "p" * 120


def test_contributions_of_another_process_are_not_offered(
        process, direction, lead, author, proposal):
    other = make_process(direction, lead, title="Plan piéton")
    services.proposal_create(process=other, author=author, title="Ailleurs", text="Autre.",
                             category="Pistes")
    assert list(op.proposals_for_linking(process)) == [proposal]
