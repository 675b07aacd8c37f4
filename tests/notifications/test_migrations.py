"""The discussions' mention preference carries over to the notification preferences."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("discussions", "0001_initial"), ("notifications", "0002_delivery_and_digests")]
AFTER = [
    ("discussions", "0002_remove_notificationpreference"),
    ("notifications", "0003_mention_preferences_from_discussions"),
]


@pytest.mark.django_db(transaction=True)
def test_email_on_mention_false_becomes_never_for_mentions():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    User = old_apps.get_model("accounts", "User")
    OldPreference = old_apps.get_model("discussions", "NotificationPreference")
    quiet = User.objects.create(email="quiet@example.org", display_name="Quiet")
    loud = User.objects.create(email="loud@example.org", display_name="Loud")
    OldPreference.objects.create(user=quiet, email_on_mention=False)
    OldPreference.objects.create(user=loud, email_on_mention=True)
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        Preference = new_apps.get_model("notifications", "Preference")
        assert list(Preference.objects.values_list("user__email", "kind", "frequency")) == [
            ("quiet@example.org", "mention", "never")
        ]
        assert "discussions_notificationpreference" not in connection.introspection.table_names()
    finally:
        # leave the database fully migrated for the next tests
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
