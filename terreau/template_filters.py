"""Template filters of the whole site, loaded with `{% load terreau %}`
(TEMPLATES' "libraries" in settings)."""

from django import template

from terreau import french, links

register = template.Library()


@register.filter
def de(name) -> str:
    """`{{ community.name|de }}`: "de Biodiversité", "d'Alimentation durable",
    "de l'Occitanie", "du Tarn" in French, "of …" in English (terreau/french.py)."""
    return french.de(str(name) if name is not None else "")


@register.filter
def absolute(path) -> str:
    """`{{ url|absolute }}`: a path as a full address on the site (terreau/links.py)."""
    return links.absolute(str(path)) if path else ""
