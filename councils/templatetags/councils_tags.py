"""The councils' block of a person's profile (accounts/profile.html includes it)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def council_candidacies(user):
    return selectors.candidacies_of(user)
