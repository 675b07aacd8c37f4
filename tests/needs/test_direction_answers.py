"""A direction answers, in the app, the items relayed to it (issue #16, item 4).

The direction's agents are told a relay arrived, find it on "Waiting for our
direction's answer" (and on their dashboard), and record the answer
themselves; the institution gardener may still record it on its behalf. The
author and the pair are told, once each; the item shows who recorded it.
"""

import pytest
from django.urls import reverse

from communities import waiting
from needs import relays
from needs.models import Relay
from notifications.models import Notification
from tests.factories import DirectionFactory, UserFactory

WAITING_PAGE = "/me/direction/relays/"


@pytest.fixture
def agent(pair):
    """An agent (staff) of the direction of the community's pair."""
    person = UserFactory(email="agent.direction@example.org", display_name="Denis Direction")
    pair.direction.staff.add(person)
    return person


@pytest.fixture
def outsider():
    """An agent of another direction."""
    person = UserFactory(email="other.agent@example.org", display_name="Olga Autre")
    DirectionFactory(name="Culture", slug="culture").staff.add(person)
    return person


@pytest.fixture
def relayed(need, pair):
    relays.need_relay(need=need, actor=pair.institution_gardener, message="Une salle ?")
    need.refresh_from_db()
    return need


def _answer_url(need):
    return reverse("needs:relay_answer", args=[need.community.slug, need.pk])


def _kinds(user, *kinds):
    return list(Notification.objects.filter(recipient=user, kind__in=kinds)
                .values_list("kind", flat=True))


def test_the_directions_agents_are_told_once_when_a_relay_arrives(need, pair, agent, outsider):
    relays.need_relay(need=need, actor=pair.institution_gardener, message="Une salle ?")
    assert _kinds(agent, "need_relay_arrived") == ["need_relay_arrived"]
    assert _kinds(outsider, "need_relay_arrived") == []
    assert _kinds(pair.institution_gardener, "need_relay_arrived") == []


def test_the_waiting_page_and_the_dashboard_list_it_until_answered(
        relayed, agent, outsider, login, in_english):
    page = login(agent).get(WAITING_PAGE)
    assert page.status_code == 200
    assert relayed.title in page.content.decode()
    # This app's source of the dashboard's "Waiting for you" (communities/waiting.py).
    source = waiting.sources()["needs_direction_relays"]
    [item] = source.items(agent)
    assert item.url == WAITING_PAGE and item.count == 1
    assert "Answer 1 item relayed to your direction" == str(item.text)
    # Another direction's agent sees nothing of it.
    assert relayed.title not in login(outsider).get(WAITING_PAGE).content.decode()
    assert source.items(outsider) == []
    relays.relay_answer_record(need=relayed, actor=agent, status="yes", answer="Oui, salle B.")
    assert source.items(agent) == []
    page = login(agent).get(WAITING_PAGE).content.decode()
    assert "Nothing waits for your direction" in page and "Answered lately" in page


@pytest.mark.parametrize("role", ["informed", "gardener", "staff", "anonymous"])
def test_the_waiting_page_is_for_directions_agents_only(people, role, login):
    response = login(people[role]).get(WAITING_PAGE)
    assert response.status_code == (302 if role == "anonymous" else 403)


def test_an_agent_records_the_answer_and_the_author_and_the_pair_are_told_once(
        relayed, pair, agent, author, login, in_english):
    page = login(agent).get(relayed.get_absolute_url()).content.decode()
    assert _answer_url(relayed) in page  # the form, for the agent
    response = login(agent).post(_answer_url(relayed), {"status": "partly",
                                                        "answer": "Le samedi seulement."})
    assert response.status_code == 302
    relay = Relay.objects.get()
    assert (relay.answer_status, relay.answer, relay.answer_recorded_by) == (
        "partly", "Le samedi seulement.", agent)
    kinds = ("need_direction_answered", "need_direction_answered_pair")
    assert _kinds(author, *kinds) == ["need_direction_answered"]
    assert _kinds(pair.territory_gardener, *kinds) == ["need_direction_answered_pair"]
    assert _kinds(pair.institution_gardener, *kinds) == ["need_direction_answered_pair"]
    assert _kinds(agent, *kinds) == []
    shown = login(author).get(relayed.get_absolute_url()).content.decode()
    assert "Le samedi seulement." in shown
    assert (f"recorded by Denis Direction, agent of the direction {pair.direction.name}"
            in shown)


def test_the_gardener_records_on_the_directions_behalf(relayed, pair, agent, author, login,
                                                       in_english):
    pair.institution_gardener.display_name = "Ines"
    pair.institution_gardener.save()
    relays.relay_answer_record(need=relayed, actor=pair.institution_gardener, status="no",
                               answer="Pas cette année.")
    shown = login(author).get(relayed.get_absolute_url()).content.decode()
    assert "recorded by Ines, institution gardener, on the direction's behalf" in shown
    # The gardener who recorded it is not told; the other half of the pair is.
    kind = "need_direction_answered_pair"
    assert _kinds(pair.institution_gardener, kind) == []
    assert _kinds(pair.territory_gardener, kind) == [kind]


@pytest.mark.parametrize("who", ["outsider", "gardener", "cultivator", "informed"])
def test_someone_else_gets_403_and_changes_nothing(relayed, people, outsider, login, who):
    person = outsider if who == "outsider" else people[who]
    response = login(person).post(_answer_url(relayed), {"status": "yes", "answer": "Oui"})
    assert response.status_code == 403
    assert not Relay.objects.get().is_answered
    assert not Notification.objects.filter(kind="need_direction_answered").exists()


def test_the_service_refuses_another_directions_agent(relayed, outsider):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        relays.relay_answer_record(need=relayed, actor=outsider, status="yes", answer="Oui")
    assert refused.value.code == "not_direction_agent"
    assert not Relay.objects.get().is_answered


def test_an_answer_without_words_is_refused(relayed, agent, login, in_english):
    response = login(agent).post(_answer_url(relayed), {"status": "yes", "answer": "   "},
                                 follow=True)
    assert "Write the direction&#x27;s answer for the author." in response.content.decode()
    assert not Relay.objects.get().is_answered
    assert not Notification.objects.filter(kind="need_direction_answered").exists()


def test_a_second_answer_is_refused(relayed, agent, pair, login):
    relays.relay_answer_record(need=relayed, actor=agent, status="yes", answer="Oui")
    # The form is gone, and a forged post is refused: the first answer stays.
    assert _answer_url(relayed) not in login(agent).get(
        relayed.get_absolute_url()).content.decode()
    response = login(pair.institution_gardener).post(_answer_url(relayed),
                                                     {"status": "no", "answer": "Non"})
    assert response.status_code == 403
    relay = Relay.objects.get()
    assert (relay.answer_status, relay.answer_recorded_by) == ("yes", agent)
    assert Notification.objects.filter(kind="need_direction_answered").count() == 1


def test_an_agent_reads_a_gardeners_only_item_relayed_to_their_direction(
        private_need, pair, agent, outsider):
    assert not agent.has_perm("needs.view_need", private_need)
    relays.need_relay(need=private_need, actor=pair.institution_gardener, message="x")
    private_need.refresh_from_db()
    assert agent.has_perm("needs.view_need", private_need)
    assert not outsider.has_perm("needs.view_need", private_need)
