from django import template

from ..footer import footer_links as cached_footer_links

register = template.Library()


@register.inclusion_tag("cms/_footer_links.html")
def footer_links():
    """The footer's links to the standard pages, from the cache (cms.footer)."""
    return {"links": cached_footer_links()}
