"""`{% render_panel shown %}`: one panel of a community's home.

The panel's template is rendered with the home's context (`community`,
`request`, `user`, the CSRF token) plus the dictionary its context function
returned, and `panel` (communities/space.py).
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, shown):
    panel_template = context.template.engine.get_template(shown.panel.template)
    with context.push(panel=shown.panel, **shown.context):
        return panel_template.render(context)
