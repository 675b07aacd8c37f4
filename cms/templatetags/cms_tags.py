from django import template

from terreau.middleware import nonce_inline_script

from ..footer import footer_links as cached_footer_links

register = template.Library()


@register.inclusion_tag("cms/_footer_links.html")
def footer_links():
    """The footer's links to the standard pages, from the cache (cms.footer)."""
    return {"links": cached_footer_links()}


@register.simple_tag
def news_feeds(page=None, community=None) -> list[dict]:
    """The news feeds that match a page, the most specific first.

    A direction's section and its news offer the direction's feed, a
    community story its community's; every page offers all the news. No
    query: only ids and slugs already loaded with the page are read, except
    a section's or a news page's direction (one query, by primary key).
    Pages outside Wagtail pass `community=` (the communities app's page).
    """
    from ..feeds_links import feeds_for_community, feeds_for_page

    if community:  # an unset template variable arrives as ""
        return feeds_for_community(community)
    return feeds_for_page(page)


@register.filter
def with_csp_nonce(html):
    """Wagtail's inline initialiser script, given the response's nonce
    (cms/admin_scripts.py)."""
    return nonce_inline_script(html)
