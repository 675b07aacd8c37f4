"""`{% consent_text "letters" %}`: the text of a consent, as recorded when it
is given (accounts/consents.py), where the person gives it."""

from django import template

from accounts import consents

register = template.Library()


@register.inclusion_tag("accounts/_consent_text.html")
def consent_text(purpose: str):
    return {"consent": consents.text_of(purpose)}
