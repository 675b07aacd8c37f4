"""Consents given before their texts were versioned: one row each, from the
apps' own dates, with version "0" and no fingerprint (accounts/consents.py).

- a newsletter subscription that is on: given when it was agreed to;
- a directory entry: its listing, given when it was listed; its map
  position, if it has one, given at the entry's last change (the position
  was there then).

Here rather than in each app because the rows are the accounts app's; it
reads the other apps' tables through the historical models only.
"""

from django.db import migrations

SCOPE = "communities.community:{}"


def backfill(apps, schema_editor):
    Consent = apps.get_model("accounts", "Consent")
    Subscription = apps.get_model("newsletters", "Subscription")
    DirectoryEntry = apps.get_model("directory", "DirectoryEntry")
    rows = []
    subscriptions = Subscription.objects.filter(subscribed=True, consented_at__isnull=False)
    for s in subscriptions.select_related("community").iterator():
        rows.append(Consent(
            user_id=s.user_id, purpose="letters", scope=SCOPE.format(s.community_id),
            scope_label=s.community.name[:200], given_at=s.consented_at, text_version="0",
        ))
    for e in DirectoryEntry.objects.select_related("community").iterator():
        rows.append(Consent(
            user_id=e.user_id, purpose="directory", scope=SCOPE.format(e.community_id),
            scope_label=e.community.name[:200], given_at=e.listed_at, text_version="0",
        ))
        if e.latitude is not None:
            rows.append(Consent(
                user_id=e.user_id, purpose="map_position", scope=SCOPE.format(e.community_id),
                scope_label=e.community.name[:200], given_at=e.updated_at, text_version="0",
            ))
    Consent.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_consent"),
        ("newsletters", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
