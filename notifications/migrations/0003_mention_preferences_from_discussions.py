"""Carry the discussions' "no e-mail when mentioned" choice over to the notification
preferences: email_on_mention=False becomes Preference(kind="mention", frequency="never").

Runs before discussions 0002 removes NotificationPreference.
"""

from django.db import migrations


def forward(apps, schema_editor):
    Old = apps.get_model("discussions", "NotificationPreference")
    Preference = apps.get_model("notifications", "Preference")
    user_ids = Old.objects.filter(email_on_mention=False).values_list("user_id", flat=True)
    already = set(
        Preference.objects.filter(kind="mention", user_id__in=list(user_ids)).values_list(
            "user_id", flat=True
        )
    )
    Preference.objects.bulk_create(
        Preference(user_id=user_id, kind="mention", frequency="never")
        for user_id in user_ids
        if user_id not in already
    )


def backward(apps, schema_editor):
    Old = apps.get_model("discussions", "NotificationPreference")
    Preference = apps.get_model("notifications", "Preference")
    for preference in Preference.objects.filter(kind="mention", frequency="never"):
        Old.objects.update_or_create(
            user_id=preference.user_id, defaults={"email_on_mention": False}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_delivery_and_digests"),
        ("discussions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
