"""The pair's content type follows the model, so that its permissions and the
admin's history stay attached to it (a new content type would orphan them)."""

from django.db import migrations


def _move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if ContentType.objects.filter(app_label=target, model="gardenerpair").exists():
        return
    ContentType.objects.filter(app_label=source, model="gardenerpair").update(app_label=target)


def forwards(apps, schema_editor):
    _move(apps, "gardeners", "roles")


def backwards(apps, schema_editor):
    _move(apps, "roles", "gardeners")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("roles", "0001_initial"),
        ("gardeners", "0002_gardenerpair_moves_to_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
