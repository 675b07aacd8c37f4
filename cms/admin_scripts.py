"""The Wagtail admin under a Content-Security-Policy without 'unsafe-inline'
for scripts (docs/security.md).

Wagtail 8 still ends a few fragments with an inline initialiser script:

- the date, time and date-and-time widgets (`initDateChooser(…)`), found on
  every page's settings tab (go-live and expiry dates), on dated pages and
  in the date-range filters of the page explorer;
- the chooser widgets (page, image, document, snippet, task choosers:
  `new PageChooser(…)`), written by `BaseChooser.render()`;
- the inline panels (`new InlinePanel(…)`, `new MultipleChooserPanel(…)`),
  whose templates are extended in templates/wagtailadmin/panels/.

Each gets the response's nonce through `terreau.middleware.nonce_inline_script`,
which adds it only to a fragment that ends with exactly one such script, so
a value that breaks out of Wagtail's script never runs. Modal windows that
load a form carrying one of these widgets by XHR would still be blocked (the
nonce belongs to the page): no chooser of this site shows such a form.
"""

from __future__ import annotations

import functools

from terreau.middleware import nonce_inline_script


def _nonced(render):
    if getattr(render, "nonced", False):
        return render

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        return nonce_inline_script(render(*args, **kwargs))

    wrapper.nonced = True
    return wrapper


def install() -> None:
    """Give the nonce to the Wagtail widgets that end with an inline script.

    The date and time widgets are rendered from their template, also when a
    range filter (a MultiWidget) includes them without calling their render():
    their templates are wrapped (cms/templates/cms/widgets/). The choosers
    write their script in render().
    """
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.admin.widgets.datetime import (
        AdminDateInput,
        AdminDateTimeInput,
        AdminTimeInput,
    )

    AdminDateInput.template_name = "cms/widgets/date_input.html"
    AdminTimeInput.template_name = "cms/widgets/time_input.html"
    AdminDateTimeInput.template_name = "cms/widgets/datetime_input.html"
    BaseChooser.render = _nonced(BaseChooser.render)
