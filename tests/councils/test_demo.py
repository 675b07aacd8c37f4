"""The demo's council: a past draw whose public report re-runs to the same panel."""

from councils import services
from councils.models import Council, Draw, Member
from demo import councils as councils_demo
from demo.communities_data import CITIZENSHIP
from tests.factories import DirectionFactory


def test_the_demo_council_has_a_past_draw_that_checks_out(client, db):
    DirectionFactory(slug=CITIZENSHIP, name="Direction de la Citoyenneté et de la Démocratie")
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
    assert councils_demo.seed() == {"councils": 0}
