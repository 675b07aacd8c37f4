import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import gardeners.models


class Migration(migrations.Migration):

    dependencies = [
        ("communities", "0001_initial"),
        ("gardeners", "0002_gardenerpair_moves_to_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CoachingNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(verbose_name="note")),
                ("attachment", models.FileField(blank=True, upload_to=gardeners.models._attachment_path, verbose_name="attachment")),
                ("attachment_name", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written on")),
                ("author", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="author")),
                ("community", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="coaching_notes", to="communities.community", verbose_name="community")),
            ],
            options={
                "verbose_name": "coaching note",
                "verbose_name_plural": "coaching notes",
                "ordering": ["created_at", "pk"],
                "indexes": [models.Index(fields=["community", "created_at"], name="coaching_note_community_at")],
            },
        ),
    ]
