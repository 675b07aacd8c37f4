from django import template

from notifications.rendering import render_line, render_text

register = template.Library()


@register.simple_tag
def notification_line(notification):
    """The notification's one line of HTML, in the active language."""
    return render_line(notification)


@register.simple_tag
def notification_text(notification):
    """The same line as plain text."""
    return render_text(notification)
