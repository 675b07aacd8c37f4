"""`{% avatar person %}`: a person's portrait placeholder (accounts/avatars.py).

`person` is a user (drawn from the name the site shows for it) or a name; an
empty one gives a "?" disc. `size` is in pixels (40 by default).
"""

from django import template
from django.utils.safestring import mark_safe

from accounts import avatars

register = template.Library()


@register.simple_tag
def avatar(person, size=40):
    # svg() escapes the only text it writes, the initials.
    return mark_safe(avatars.svg(str(person or ""), size))
