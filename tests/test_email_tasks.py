"""A refused address costs its own copy, never the other receivers'."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from communities import services
from communities.models import Circle
from tests.factories import GardenerPairFactory, MembershipFactory


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if any("refused" in to for to in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        return super().send_messages(messages)


def test_one_refused_gardener_does_not_stop_the_other(db, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_email_tasks.RefusingBackend"
    pair = GardenerPairFactory(territory_gardener__email="refused@example.org")
    member = MembershipFactory(community=pair.community).user

    with django_capture_on_commit_callbacks(execute=True):
        request = services.circle_request_create(
            community=pair.community, user=member, circle=Circle.INFORMED, message="Bonjour"
        )

    assert request.pk  # the request is kept whatever the mail server says
    assert [m.to[0] for m in mail.outbox] == [
        f"{pair.institution_gardener} <{pair.institution_gardener.email}>"
    ]


def test_a_copy_refused_for_good_leaves_an_error_naming_the_receiver(
        db, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_email_tasks.RefusingBackend"
    pair = GardenerPairFactory(territory_gardener__email="refused@example.org")
    member = MembershipFactory(community=pair.community).user

    with django_capture_on_commit_callbacks(execute=True):
        services.circle_request_create(
            community=pair.community, user=member, circle=Circle.INFORMED, message="Bonjour"
        )

    errors = [r for r in caplog.records
              if r.levelname == "ERROR" and "(no retry)" in r.getMessage()]
    assert len(errors) == 1
    message = errors[0].getMessage()
    assert "CircleRequestReceivedEmail" in message
    assert message.endswith(f"could not be sent to user {pair.territory_gardener.pk} (no retry)")
    assert "refused@example.org" not in message
