"""The demo's residents' barometer: two closed waves with answers, results
published, so that the comparison draws its lines."""

from barometers.models import Response
from demo import barometers as barometers_demo
from demo.communities_data import CITIZENSHIP
from tests.factories import DirectionFactory


def test_the_demo_barometer_compares_two_closed_waves(client, db):
    DirectionFactory(slug=CITIZENSHIP, name="Direction de la Citoyenneté et de la Démocratie")
    assert barometers_demo.seed() == {"barometers": 1}
    assert barometers_demo.seed() == {"barometers": 0}  # idempotent
    spring, autumn = Response.objects.order_by().values_list("wave", flat=True).distinct()
    assert Response.objects.filter(wave=spring).count() + Response.objects.filter(
        wave=autumn).count() == 64 + 71
    page = client.get(f"/barometers/{barometers_demo.SLUG}/compare/")
    assert page.status_code == 200
    assert "<polyline" in page.text and "Printemps" in page.text and "Automne" in page.text
