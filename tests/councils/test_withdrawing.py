"""Withdrawing: by the e-mail's signed link or from one's profile; a seat
drawn by lot that is freed tells the council's agents to draw a replacement."""

import pytest

from councils import services
from councils.models import Candidate, Member
from councils.waiting import freed_seats
from notifications.models import Notification
from tests.factories import UserFactory

from .conftest import announce, make_pool

VALUES = {"age_band": "30-44", "gender": "woman", "sub_area": "Nord"}


@pytest.fixture
def client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def resident(db):
    return UserFactory(email="Aicha@example.org", preferred_language="en")


def volunteer(council, email="aicha@example.org", **fields):
    return services.candidate_volunteer(council=council, name="Aïcha", email=email,
                                        territory="Nord", characteristics=VALUES,
                                        consent_given=True, **fields)


def test_volunteering_signed_in_with_ones_address_ties_the_account(council, resident):
    assert volunteer(council, user=resident).user == resident
    other = UserFactory(email="other@example.org")
    assert volunteer(council, email="bob@example.org", user=other).user is None


def test_the_profile_lists_ones_candidacies_and_withdraws_one(
        client, council, resident, django_assert_max_num_queries):
    volunteer(council)  # without an account, with the account's address
    stranger = volunteer(council, email="stranger@example.org")
    client.force_login(resident)
    page = client.get("/me/profile/")
    assert "Withdraw from Conseil citoyen de Malakoff" in page.text
    assert stranger.public_id not in page.text
    from councils.selectors import candidacies_of

    with django_assert_max_num_queries(1):
        assert len(candidacies_of(resident)) == 1
    mine = Candidate.objects.get(email="aicha@example.org")
    assert client.post(f"/councils/candidacies/{stranger.pk}/withdraw/").status_code == 403
    answer = client.post(f"/councils/candidacies/{mine.pk}/withdraw/", follow=True)
    assert "You have left the pool of Conseil citoyen de Malakoff" in answer.text
    mine.refresh_from_db()
    stranger.refresh_from_db()
    assert mine.withdrawn_at is not None and stranger.withdrawn_at is None
    assert "Withdraw from" not in client.get("/me/profile/").text


def test_a_drawn_member_who_withdraws_frees_the_seat_and_the_agents_are_told(
        client, council, residents, agent, resident):
    make_pool(council, 11)
    me = volunteer(council, user=resident)
    draw = services.draw_run(draw=announce(residents, seats=12, quotas={}))
    assert me.public_id in draw.result
    client.force_login(resident)
    answer = client.post(f"/councils/candidacies/{me.pk}/withdraw/", follow=True)
    assert "Your seat is freed" in answer.text
    seat = Member.objects.get(candidate=me)
    assert seat.ended_at is not None
    told = Notification.objects.get(kind="council_seat_freed")
    assert told.recipient == agent and told.url == "/councils/malakoff/manage/"
    # Until the replacement draw is announced, the agent's dashboard asks for it;
    # nobody else's does (the resident is not an agent of the direction).
    [waiting_item] = freed_seats(agent)
    assert waiting_item.url == "/councils/malakoff/manage/"
    assert seat.name in str(waiting_item.text) and waiting_item.community == council.name
    assert freed_seats(resident) == []
    replacement = services.replacement_announce(member=seat, seed_source="Loto de vendredi")
    assert replacement.replaces == seat and replacement.seats == 1
    assert freed_seats(agent) == []


def test_leaving_the_pool_without_a_seat_tells_nobody(council, agent):
    services.candidate_withdraw(candidate=volunteer(council))
    assert not Notification.objects.filter(kind="council_seat_freed").exists()
