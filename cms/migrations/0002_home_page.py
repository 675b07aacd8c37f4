"""Make a HomePage the site's root page, so that "/" works on a fresh database.

Wagtail's own migrations create a plain "Welcome to your new Wagtail site!"
page under the tree's root. It is replaced by a HomePage when it is still
untouched (a plain Page without children); otherwise the HomePage is added
beside it. The sites pointing to the welcome page then point to the HomePage.

Historical models do not carry treebeard's methods, so the tree columns
(path, depth, numchild, url_path) are written by hand, as Wagtail's project
template does. cms.services.site_tree_ensure() does the same with the real
models for databases that were flushed after migrating (transactional tests).
"""

from django.db import migrations

STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_step(last: str) -> str:
    number = 0
    for char in last:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    number += 1
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        # An empty tree (flushed database): the service builds it at run time.
        return
    page_type = ContentType.objects.get_for_model(Page)
    welcome = Page.objects.filter(
        content_type=page_type, depth=2, numchild=0, slug="home"
    ).first()
    locale_id = welcome.locale_id if welcome else Locale.objects.order_by("pk").values_list(
        "pk", flat=True
    ).first()
    last = Page.objects.filter(depth=2).order_by("-path").values_list("path", flat=True).first()
    path = root.path + _next_step(last[-STEP:] if last else "0000")

    home_type, _ = ContentType.objects.get_or_create(app_label="cms", model="homepage")
    home = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale_id=locale_id,
        live=True,
        intro=(
            "<p>Des personnes qui agissent déjà pour une cause commune — biodiversité, "
            "alimentation, citoyenneté… — se retrouvent ici avec l'institution. Chaque "
            "communauté est animée par un binôme de jardiniers : l'un vient du terrain, "
            "l'autre de l'institution.</p>"
        ),
    )
    root.numchild += 1

    # Sites move to the HomePage before the welcome page goes (a site
    # cascades with its root page), keeping their names and hostnames.
    if welcome is not None:
        Site.objects.filter(root_page_id=welcome.pk).update(root_page_id=home.pk)
        welcome.delete()
        root.numchild -= 1
    root.save(update_fields=["numchild"])
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True
        )


def remove_home_page(apps, schema_editor):
    # Leaving the HomePage in place is harmless; removing it would leave the
    # site without a root page.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
