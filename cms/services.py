"""Writes of the CMS: the page tree every site needs.

Idempotent: each function finds what exists by a stable key (page type,
slug, direction) and only creates what is missing.
"""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage, NewsIndexPage

HOME_TITLE = "Accueil"
HOME_INTRO = (
    "<p>Des personnes qui agissent déjà pour une cause commune — biodiversité, "
    "alimentation, citoyenneté… — se retrouvent ici avec l'institution. Chaque "
    "communauté est animée par un binôme de jardiniers : l'un vient du terrain, "
    "l'autre de l'institution.</p>"
)
NEWSROOM_SLUG = "actualites"


@transaction.atomic
def site_tree_ensure() -> HomePage:
    """The HomePage at the root of the default site, creating what is missing.

    The data migration cms.0002 does this on a fresh database; this is for
    databases emptied after migrating (transactional tests flush every
    table, Wagtail's tree included) and for the demo seed.
    """
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, slug="accueil", intro=HOME_INTRO)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


@transaction.atomic
def newsroom_ensure(*, home: HomePage | None = None) -> NewsIndexPage:
    """The news index that gathers every direction's section."""
    home = home or site_tree_ensure()
    newsroom = (
        NewsIndexPage.objects.child_of(home).filter(direction__isnull=True).order_by("path").first()
    )
    if newsroom is None:
        newsroom = home.add_child(
            instance=NewsIndexPage(
                title="Actualités",
                slug=NEWSROOM_SLUG,
                intro=(
                    "Ce que font les directions de la Région avec les communautés d'acteurs "
                    "engagés : rencontres, décisions, appels à participation."
                ),
            )
        )
    return newsroom
