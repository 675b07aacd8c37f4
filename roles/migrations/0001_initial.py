"""The gardener pair moves from `gardeners` to `roles`: state only.

The table `gardeners_gardenerpair` stays where it is, with its rows, its
constraint and its indexes; only Django's idea of which app owns the model
changes (gardeners.0002 drops it from gardeners' state).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("communities", "0001_initial"),
        ("gardeners", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="GardenerPair",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("started_at", models.DateTimeField(auto_now_add=True, verbose_name="since")),
                        ("ended_at", models.DateTimeField(blank=True, null=True, verbose_name="until")),
                        ("appointed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("community", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="gardener_pairs", to="communities.community", verbose_name="community")),
                        ("direction", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="gardener_pairs", to="communities.direction", verbose_name="direction of the institution gardener")),
                        ("institution_gardener", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="institution gardener")),
                        ("territory_gardener", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="territory gardener")),
                    ],
                    options={
                        "verbose_name": "gardener pair",
                        "verbose_name_plural": "gardener pairs",
                        "db_table": "gardeners_gardenerpair",
                        "ordering": ["-started_at", "-id"],
                        "constraints": [models.UniqueConstraint(condition=models.Q(("ended_at__isnull", True)), fields=("community",), name="gardener_pair_one_active_per_community")],
                    },
                ),
            ],
        ),
    ]
