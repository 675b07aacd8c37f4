"""The demo's council: a past draw whose public report re-runs to the same
panel, a past session with its minutes and an upcoming one, its channel."""

from councils import services
from councils.models import Council, Draw, Member
from demo import councils as councils_demo
from demo.communities_data import CITIZENSHIP
from discussions.models import Message
from tests.factories import CommunityFactory, DirectionFactory, MembershipFactory, UserFactory


def test_the_demo_council_has_a_past_draw_that_checks_out(client, db):
    direction = DirectionFactory(slug=CITIZENSHIP,
                                 name="Direction de la Citoyenneté et de la Démocratie")
    direction.staff.add(UserFactory(email="agent@example.org"))
    community = CommunityFactory(slug=councils_demo.COMMUNITY, name="Citoyenneté active",
                                 direction=direction)
    delegates = [MembershipFactory(community=community).user for _n in range(3)]
    assert councils_demo.seed() == {"councils": 1}
    council = Council.objects.get(slug="bagatelle")
    draw = Draw.objects.get(council=council)
    assert draw.status == Draw.Status.DONE
    assert draw.announced_at < draw.seed_fixed_at <= draw.ran_at
    assert len(draw.pool) == 120 and len(draw.result) == 8
    assert Member.objects.filter(council=council, mode=Member.Mode.LOT).count() == 8
    assert Member.objects.filter(council=council, mode=Member.Mode.CHOICE).count() == 3
    assert services.draw_verify(draw)[0]
    page = client.get(f"/councils/bagatelle/draws/{draw.pk}/")
    assert page.status_code == 200 and all(pid in page.text for pid in draw.result)
    # Its sessions: one past with public minutes, one to come.
    past, upcoming = council.sessions.order_by("event__starts_at")
    assert past.event.is_over() and past.minutes and past.minutes_public
    assert not upcoming.event.is_over() and not upcoming.minutes
    page = client.get("/councils/bagatelle/").text
    assert past.minutes.splitlines()[0] in page and upcoming.event.title in page
    # Its channel, read by the delegates.
    assert council.channel.community == community
    assert Message.objects.filter(channel=council.channel).count() == 4
    client.force_login(delegates[0])
    assert client.get(council.channel.get_absolute_url()).status_code == 200
    assert councils_demo.seed() == {"councils": 0}
