import pytest
from django.core import mail

from communities.models import Circle
from tests.factories import MembershipFactory, UserFactory

from .factories import LetterFactory, SectionFactory, subscribe


@pytest.fixture(autouse=True)
def in_english(settings):
    """Assertions read the English source strings: pages, messages and
    e-mails are rendered in English in these tests, and every person saved
    prefers English, unless the test asks for `own_languages`."""
    from django.db.models.signals import pre_save
    from django.utils import translation

    from accounts.models import User

    def english(sender, instance, **kwargs):
        instance.preferred_language = "en"

    settings.LANGUAGE_CODE = "en"
    pre_save.connect(english, sender=User, dispatch_uid="newsletters-tests-in-english")
    with translation.override("en"):
        yield
    pre_save.disconnect(sender=User, dispatch_uid="newsletters-tests-in-english")


@pytest.fixture
def own_languages(in_english):
    """Each person keeps the language the test gives them (`preferred_language`):
    for the tests of what a recipient's language changes. The site's language
    (`LANGUAGE_CODE`) and the active one stay English."""
    from django.db.models.signals import pre_save

    from accounts.models import User

    pre_save.disconnect(sender=User, dispatch_uid="newsletters-tests-in-english")


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a callable as if its transaction committed (e-mails and tasks leave)."""

    def _commit(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return _commit


@pytest.fixture
def letter(community, pair):
    return LetterFactory(community=community, created_by=pair.territory_gardener)


@pytest.fixture
def gardener(pair):
    return pair.territory_gardener


@pytest.fixture
def engaged(community):
    return MembershipFactory(community=community, circle=Circle.ENGAGED).user


@pytest.fixture
def accepted_section(letter, engaged):
    return SectionFactory(letter=letter, author=engaged, state="accepted")


@pytest.fixture
def subscribers(community):
    """Members in each circle who agreed to receive the letters."""

    def _make(n, circle=Circle.ENGAGED, **user_kwargs):
        users = []
        for _ in range(n):
            user = MembershipFactory(
                community=community, circle=circle, user=UserFactory(**user_kwargs)
            ).user
            subscribe(user, community)
            users.append(user)
        return users

    return _make
