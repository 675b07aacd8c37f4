"""Following a community without joining it (issue #16, item 1): a signed-in
non-member follows and unfollows from the community's page, each once; the
button is shown to them only; joining ends the follow; the follow is in the
person's export and goes with their erasure."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services
from communities.models import CommunityFollower
from communities.privacy_hooks import erase
from communities.selectors import community_space, follower_ids
from privacy import services as privacy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOLLOW = "Follow this community"
UNFOLLOW = "Stop following"
FOLLOWING = "You follow this community."


@pytest.fixture(autouse=True)
def _english(in_english):
    """Pages and messages are read in English here (tests/conftest.py)."""


@pytest.fixture
def outsider(people):
    return UserFactory(email="outsider@example.org")


def test_a_non_member_follows_then_unfollows_and_a_repeat_says_so(community, outsider):
    services.community_follow(community=community, user=outsider)
    assert list(follower_ids(community.pk)) == [outsider.pk]

    with pytest.raises(ValidationError, match="You already follow Biodiversité"):
        services.community_follow(community=community, user=outsider)
    assert CommunityFollower.objects.filter(user=outsider).count() == 1

    services.community_unfollow(community=community, user=outsider)
    assert list(follower_ids(community.pk)) == []
    with pytest.raises(ValidationError, match="You do not follow Biodiversité"):
        services.community_unfollow(community=community, user=outsider)


def test_a_member_cannot_follow(people, community):
    with pytest.raises(ValidationError, match="you already hear of its events"):
        services.community_follow(community=community, user=people["citizen"])
    assert not CommunityFollower.objects.exists()


def test_following_one_community_is_not_following_another(community, other_community, outsider):
    services.community_follow(community=community, user=outsider)
    assert list(follower_ids(other_community.pk)) == []
    assert community_space(community.slug).followers_count == 1
    assert community_space(other_community.slug).followers_count == 0


def test_a_follower_who_joins_no_longer_follows(community, outsider):
    services.community_follow(community=community, user=outsider)
    services.membership_join(community=community, user=outsider)
    assert not CommunityFollower.objects.filter(user=outsider).exists()
    assert list(follower_ids(community.pk)) == []


def _page(client, community) -> str:
    return client.get(reverse("communities:detail", args=[community.slug])).content.decode()


@pytest.mark.parametrize(
    ("role", "follow", "unfollow"),
    [("anonymous", False, False), ("citizen", False, False), ("engaged", False, False),
     ("gardener_member", False, False), ("outsider", True, False), ("follower", False, True)],
)
def test_the_button_is_shown_to_signed_in_non_members_only(
    login, people, community, outsider, role, follow, unfollow
):
    if role == "gardener_member":
        user = people["gardener"]
        services.membership_join(community=community, user=user)
    elif role == "outsider":
        user = outsider
    elif role == "follower":
        user = outsider
        services.community_follow(community=community, user=user)
    else:
        user = people[role]
    html = _page(login(user), community)
    assert (FOLLOW in html) is follow
    assert (UNFOLLOW in html) is unfollow
    assert (FOLLOWING in html) is unfollow
    if role == "anonymous":
        assert "Log in to join" in html  # the way in, for a visitor


def test_following_and_unfollowing_from_the_page(login, community, outsider):
    client = login(outsider)
    response = client.post(reverse("communities:follow", args=[community.slug]), follow=True)
    assert "You follow Biodiversité." in response.content.decode()
    assert FOLLOWING in response.content.decode()

    again = client.post(reverse("communities:follow", args=[community.slug]), follow=True)
    assert "You already follow Biodiversité." in again.content.decode()
    assert CommunityFollower.objects.filter(user=outsider).count() == 1

    response = client.post(reverse("communities:unfollow", args=[community.slug]), follow=True)
    assert "You no longer follow Biodiversité." in response.content.decode()
    assert FOLLOW in response.content.decode()
    assert not CommunityFollower.objects.exists()


def test_a_visitor_is_sent_to_log_in_and_nothing_is_written(client, community):
    response = client.post(reverse("communities:follow", args=[community.slug]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not CommunityFollower.objects.exists()


def test_a_member_posting_follow_is_told_why_and_nothing_is_written(login, people, community):
    response = login(people["citizen"]).post(
        reverse("communities:follow", args=[community.slug]), follow=True
    )
    assert "you already hear of its events" in response.content.decode()
    assert not CommunityFollower.objects.exists()


def test_the_dashboard_counts_the_followers(login, people, community, outsider):
    services.community_follow(community=community, user=outsider)
    html = login(people["gardener"]).get(
        reverse("insights:dashboard", args=[community.slug])
    ).content.decode()
    assert "Followers (not members)" in html
    assert "<dd>1</dd>" in html.split("Followers (not members)")[1][:40]


def test_the_follow_is_exported_and_erased_with_the_person(community, other_community, outsider):
    services.community_follow(community=community, user=outsider)
    CommunityFollower.objects.create(community=other_community, user=UserFactory())

    section = privacy.export_data(user=outsider)["sections"]["communities"]["data"]
    assert [row["community"] for row in section["followed_communities"]] == ["Biodiversité"]

    erase(outsider)
    assert not CommunityFollower.objects.filter(user=outsider).exists()
    assert CommunityFollower.objects.count() == 1  # someone else's follow stays
