"""allauth's e-mails in the one e-mail layout, with links and a signature
from the site's address.

allauth builds its links from the request and signs with the
django.contrib.sites domain, which is whatever the database held when it was
migrated. Every link in its e-mails (confirmation, password reset, ...) is
rewritten onto SITE_URL here (terreau/links.py), and the signature shows its
host. Its HTML part is the one layout of every Terreau e-mail
(terreau/email_html.py): our templates/account/email/*_message.html where
there is one, else its text part set in the layout; the CSS inlined.
"""

from __future__ import annotations

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from terreau import email_html
from terreau.links import absolute, site_domain


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = dict(context)
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str) and "://" in value:
                context[key] = absolute(value)
        context["current_site"] = SimpleNamespace(name="Terreau", domain=site_domain())
        context.update(email_html.layout_context())
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers)
        html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
        layout = {**context, "subject": message.subject,
                  "LANGUAGE_CODE": translation.get_language()}
        message.alternatives = [
            (content, mimetype) for content, mimetype in message.alternatives
            if mimetype != "text/html"
        ]
        if html:
            message.attach_alternative(email_html.inline(html[0]), "text/html")
        else:
            message.attach_alternative(email_html.from_text(message.body, layout), "text/html")
        return message

    def get_login_redirect_url(self, request):
        # A person whose account is to be erased is offered to cancel first
        # (docs/privacy.md).
        if getattr(request.user, "erase_after", None):
            return reverse("privacy:deletion")
        return super().get_login_redirect_url(request)
