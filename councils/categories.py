"""The words of the default characteristics' categories ("woman", "man",
"other"): stored as they are, in the pool, the quotas and the draws' public
data that anyone re-runs, and shown in the reader's language. A category a
council wrote itself (a sub-area, its own characteristics) is shown as
written."""

from django.utils.translation import pgettext_lazy

_WORDS = {
    "woman": pgettext_lazy("council category", "woman"),
    "man": pgettext_lazy("council category", "man"),
    "other": pgettext_lazy("council category", "other"),
}


def category_label(value: str) -> str:
    return str(_WORDS.get(value, value))
