"""The councils' block of a person's profile (accounts/profile.html includes
it), and a category in the reader's language (councils/categories.py)."""

from django import template

from .. import selectors
from ..categories import category_label

register = template.Library()


@register.simple_tag
def council_candidacies(user):
    return selectors.candidacies_of(user)


@register.filter
def category(value):
    return category_label(value)
