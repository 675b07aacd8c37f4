"""Builders of the CMS tests: pages go into the tree with add_child, as
Wagtail requires, and are published through a revision like an editor's."""

import datetime as dt

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.models import NewsIndexPage, NewsPage


def image(title="Haie plantée à Rodez"):
    return Image.objects.create(title=title, file=get_test_image_file())


def section(newsroom, direction):
    return newsroom.add_child(
        instance=NewsIndexPage(title=direction.name, slug=direction.slug, direction=direction)
    )


def news(parent, *, title="Une haie de 2 km plantée", live=True, date=None, communities=(),
         tags=(), with_image=False, **fields):
    page = NewsPage(
        title=title,
        summary=fields.pop("summary", "Les bénévoles ont planté 2 km de haies."),
        date=date or dt.date(2025, 3, 1),
        direction=getattr(parent.specific, "direction", None),
        live=live,
        **fields,
    )
    if with_image:
        page.image = image()
        page.image_alt = "Des bénévoles plantent une haie au bord d'un champ."
    page.communities = list(communities)
    page.tags.add(*tags)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page
