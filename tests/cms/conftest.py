import pytest
from wagtail.test.utils import WagtailPageTestCase

from cms import services
from tests.factories import DirectionFactory

from . import factories


class _PageAssertions(WagtailPageTestCase):
    """Wagtail's page assertions, borrowed by pytest functions."""

    def runTest(self):  # pragma: no cover - never run as a test
        pass


@pytest.fixture
def wagtail_assert(client):
    case = _PageAssertions()
    case.client = client
    return case


@pytest.fixture
def home(db):
    return services.site_tree_ensure()


@pytest.fixture
def newsroom(home):
    return services.newsroom_ensure(home=home)


@pytest.fixture
def environment(db):
    return DirectionFactory(name="Direction de l'Environnement", slug="environnement")


@pytest.fixture
def agriculture(db):
    return DirectionFactory(name="Direction de l'Agriculture", slug="agriculture")


@pytest.fixture
def environment_news(newsroom, environment):
    return factories.section(newsroom, environment)


@pytest.fixture
def agriculture_news(newsroom, agriculture):
    return factories.section(newsroom, agriculture)
