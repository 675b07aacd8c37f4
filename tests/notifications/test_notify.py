"""notify(): rows for the centre, and e-mails according to each person's preference."""

import pytest
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.kinds import Frequency
from notifications.models import Notification
from terreau.tasks import send_email

pytestmark = pytest.mark.django_db


def test_immediately_sends_one_email_in_the_readers_language(notify, anna, ben, author, community):
    # given two people who keep the default of mentions (immediately)
    # when someone mentions them
    created = notify([anna, ben], actor=author, community=community, url="/somewhere/")

    # then each gets one e-mail in their own language, with the line, the link and the preferences
    assert len(mail.outbox) == 2
    by_address = {m.to[0].split("<")[-1].rstrip(">"): m for m in mail.outbox}
    french, english = by_address["anna@example.org"], by_address["ben@example.org"]
    assert french.body.startswith("Bonjour Anna Lefèvre,")
    assert english.body.startswith("Hello Ben Smith,")
    assert "Camille Roux mentioned you in #général" in english.subject
    assert "“On se voit samedi ?”" in english.body
    anna_row = next(n for n in created if n.recipient == anna)
    assert f"/me/notifications/{anna_row.pk}/open/" in french.body
    assert "/me/notifications/preferences/" in french.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html"
    assert "/me/notifications/preferences/" in html
    # and both rows say they were e-mailed
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


@pytest.mark.parametrize("frequency", [Frequency.DAILY, Frequency.NEVER])
def test_daily_and_never_send_nothing_now(notify, anna, author, frequency):
    services.preferences_set(user=anna, frequencies={"mention": frequency})

    [notification] = notify([anna], actor=author)

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.delivery == frequency
    assert notification.emailed_at is None


def test_the_kinds_default_applies_without_a_preference(notify, anna, author):
    # need_new is a daily kind by default
    [notification] = notify([anna], "need_new", actor=author, data={"title": "Un local"})
    assert notification.delivery == Frequency.DAILY
    assert mail.outbox == []


def test_email_false_never_emails(notify, anna, author):
    [notification] = notify([anna], actor=author, email=False)
    assert mail.outbox == []
    assert notification.delivery == ""
    assert Notification.objects.get().read_at is None  # still in the centre, unread


def test_an_unverified_address_gets_no_email(notify, unverified, author):
    [notification] = notify([unverified], actor=author)
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.emailed_at is None


def test_actor_and_duplicates_are_skipped(notify, anna, author):
    created = notify([anna, anna, author, None], actor=author)
    assert [n.recipient for n in created] == [anna]
    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_refused(anna):
    with pytest.raises(ValueError):
        services.notify([anna], "no_such_kind")
    assert not Notification.objects.exists()


def test_a_rolled_back_write_leaves_no_row_and_sends_nothing(
    anna, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.notify([anna], "mention", actor=author, data={"channel": "x"})
                raise RuntimeError("the caller's write fails")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_redelivered_task_does_not_send_twice(notify, anna, author):
    [notification] = notify([anna], actor=author)
    assert len(mail.outbox) == 1

    send_email("notifications.emails.NotificationEmail", notification.pk)

    assert len(mail.outbox) == 1


def test_a_kind_without_template_is_emailed_with_its_label(notify, anna, author, monkeypatch):
    from notifications import kinds

    monkeypatch.setitem(
        kinds.KINDS, "test_untemplated", kinds.Kind("test_untemplated", "A test kind")
    )
    notify([anna], "test_untemplated", actor=author)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "A test kind"
