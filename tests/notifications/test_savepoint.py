"""notify() writes inside its caller's transaction without a savepoint of its own."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Notification


def test_notify_inside_a_transaction_opens_no_savepoint(
    db, anna, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=False),
        transaction.atomic(),
        CaptureQueriesContext(connection) as captured,
    ):
        rows = services.notify(
            [anna], "mention", data={"channel": "général", "excerpt": "Samedi ?"}
        )
    statements = [q["sql"] for q in captured.captured_queries]
    assert not [s for s in statements if "SAVEPOINT" in s], statements
    # the preferences, the row: nothing else
    assert len(statements) == 2, statements
    assert Notification.objects.filter(recipient=anna, kind="mention").count() == len(rows) == 1


def test_notify_rolls_back_with_its_caller(db, anna):
    try:
        with transaction.atomic():
            services.notify([anna], "mention", data={"channel": "général", "excerpt": "x"})
            raise RuntimeError("the caller's write failed")
    except RuntimeError:
        pass
    assert not Notification.objects.filter(recipient=anna).exists()
