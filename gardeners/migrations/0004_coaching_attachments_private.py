"""The coaching thread's attachments leave MEDIA_ROOT, which the proxy serves
to anyone with the address, for the private root (gardeners/models.py).
Files already uploaded move there under the same name."""

from django.db import migrations, models

import gardeners.models


def move_to_private(apps, schema_editor):
    from django.core.files.storage import default_storage

    private = gardeners.models.coaching_storage()
    notes = apps.get_model("gardeners", "CoachingNote").objects.exclude(attachment="")
    for name in notes.values_list("attachment", flat=True).iterator():
        if not default_storage.exists(name) or private.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            private.save(name, source)
        default_storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ("gardeners", "0003_coaching_note"),
    ]

    operations = [
        migrations.AlterField(
            model_name="coachingnote",
            name="attachment",
            field=models.FileField(blank=True, storage=gardeners.models.coaching_storage,
                                   upload_to=gardeners.models._attachment_path,
                                   verbose_name="attachment"),
        ),
        migrations.RunPython(move_to_private, migrations.RunPython.noop),
    ]
