"""Display names that need quoting still get their e-mail, over a real SMTP server."""

import email
from email import policy

import pytest

from communities import services
from communities.models import Circle
from terreau.emails import address_header
from tests.factories import GardenerPairFactory, MembershipFactory
from tests.newsletters.processes import SmtpSink


@pytest.fixture
def smtp(settings):
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield sink
    sink.stop()


@pytest.mark.parametrize(
    "name",
    ["Dupont, Jean", 'Jean "JJ" Dupont', "Élise <Ñúñez>", "Anne; Marie (LPO)"],
)
def test_a_gardener_whose_name_needs_quoting_gets_the_mail(
        db, smtp, name, django_capture_on_commit_callbacks):
    # given a pair whose territory gardener's display name has specials
    pair = GardenerPairFactory(
        territory_gardener__display_name=name, territory_gardener__email="jean@example.org"
    )
    member = MembershipFactory(community=pair.community).user

    # when a member asks to move inward (the gardeners are e-mailed)
    with django_capture_on_commit_callbacks(execute=True):
        services.circle_request_create(
            community=pair.community, user=member, circle=Circle.INFORMED, message="Bonjour"
        )

    # then the server accepted a copy for them, addressed to that name
    received = [email.message_from_bytes(raw, policy=policy.default) for raw in smtp.contents]
    to = {m["To"].addresses[0].addr_spec: m["To"].addresses[0].display_name for m in received}
    assert to["jean@example.org"] == name
    assert pair.institution_gardener.email in to


def test_plain_names_are_left_as_they_read():
    assert address_header("Anne Martin", "anne@example.org") == "Anne Martin <anne@example.org>"
    assert address_header("", "anne@example.org") == "anne@example.org"
    assert address_header("Dupont, Jean", "j@example.org") == '"Dupont, Jean" <j@example.org>'
    assert address_header("Anne\r\nBcc: x@evil.example", "a@example.org") == (
        '"Anne Bcc: x@evil.example" <a@example.org>'  # one line, quoted: no header injection
    )
