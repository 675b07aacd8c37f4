"""Template helpers of the needs for other apps' pages.

The needs' panel on a community's home is needs/panels.py.
"""

from django import template

register = template.Library()


@register.filter
def need_status(key):
    """`{{ "discussed"|need_status }}` → "Being discussed", in the reader's language.

    For other apps showing `selectors.pipeline_counts` (whose keys are statuses).
    """
    from ..models import Status

    try:
        return Status(key).label
    except ValueError:
        return key
