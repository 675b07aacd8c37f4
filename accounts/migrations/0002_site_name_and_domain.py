"""Name the django.contrib.sites Site "Terreau".

allauth's e-mails greet and sign with the Site's name and domain ("Hello
from ...!", "... register an account on ..."). Without this they say
"example.com". The domain is taken from SITE_URL when migrating; change it in
the Django admin (Sites) if the public address moves.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations


def name_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlparse(getattr(settings, "SITE_URL", "")).netloc or "localhost"
    _, created = Site.objects.update_or_create(
        pk=getattr(settings, "SITE_ID", 1), defaults={"name": "Terreau", "domain": domain}
    )
    if created:
        # A row inserted with an explicit id leaves PostgreSQL's sequence
        # behind; reset it as django.contrib.sites does for its default Site.
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Site]):
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
