"""The gardener pair now belongs to the `roles` app (roles.0001): state only,
the table and its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("gardeners", "0001_initial"),
        ("roles", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="GardenerPair")],
        ),
    ]
