"""The footer's links, on every screen, at no database cost once cached.

The footer is in base.html, so every page of every app would otherwise pay
for it; the other apps' pages have query budgets their tests pin. The links
are kept in the cache (Redis in production) as (title, url) pairs, computed
on the first view after a change, and forgotten when the setting is saved or
a page is published, unpublished, moved or deleted (cms.signals).

One platform, one site: the links are the default site's.
"""

import logging

from django.core.cache import cache

CACHE_KEY = "cms:footer-links:v1"
logger = logging.getLogger(__name__)


def footer_links() -> list[tuple[str, str]]:
    # The cache is an optimisation: with Redis down, every page still renders,
    # paying two queries for its footer instead of failing.
    try:
        links = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("cache unavailable: footer links read from the database", exc_info=True)
        return _compute()
    if links is None:
        links = _compute()
        try:
            cache.set(CACHE_KEY, links, timeout=None)
        except Exception:
            logger.warning("cache unavailable: footer links not cached", exc_info=True)
    return links


def footer_links_forget() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        # A stale footer would outlive the outage; say so loudly.
        logger.error("cache unavailable: footer links could not be forgotten", exc_info=True)


def footer_links_preset(links: list[tuple[str, str]]) -> None:
    """For test suites: start from a known footer without asking the database."""
    cache.set(CACHE_KEY, list(links), timeout=None)


def _compute() -> list[tuple[str, str]]:
    from .models import FooterLinks
    from .models.settings import FOOTER_FIELDS

    setting = (
        FooterLinks.objects.filter(site__is_default_site=True)
        .select_related(*FOOTER_FIELDS)
        .first()
    )
    if setting is None:
        return []
    return [(page.title, page.get_url()) for page in setting.pages() if page.get_url()]
