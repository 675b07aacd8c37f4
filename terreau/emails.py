"""The one place that sends e-mail.

An e-mail is a small class (after adhocracy4): who receives it, what context
it renders, which templates. Callers never send directly; they call
`SomeEmail.send_after_commit(obj, **kwargs)`, which enqueues a Celery task once
the surrounding transaction commits. The task reloads the object by id, so a
rolled-back write sends nothing and a retried task renders fresh data.

Each receiver gets the message rendered in their own language, as a plain
text part plus an HTML alternative in the one e-mail layout
(terreau/email_html.py). Templates live at `<template_base>.subject.txt`,
`<template_base>.txt` and `<template_base>.html` (which extends
`emails/layout.html`; without it, the text part is set in the layout).
Links are absolute, from `terreau.links` (SITE_URL; in development the
address the site was served at).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.headerregistry import Address
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from terreau import email_html, links


@dataclass
class Receiver:
    """Someone to write to: a user, or a person without an account."""

    email: str
    name: str = ""
    language: str = ""
    user: object | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_user(cls, user, **extra) -> Receiver:
        return cls(
            email=user.email,
            name=str(user),
            language=getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE,
            user=user,
            extra=extra,
        )


class Email:
    template_base: str = ""
    model: str = ""  # "app_label.ModelName" of the object the e-mail is about

    def __init__(self, obj, **kwargs):
        self.object = obj
        self.kwargs = kwargs

    # --- what subclasses define ---------------------------------------------
    def get_receivers(self) -> list[Receiver]:
        raise NotImplementedError

    def get_context(self, receiver: Receiver) -> dict:
        return {}

    def get_layout_context(self, receiver: Receiver) -> dict:
        """What the layout's footer says: `preferences_url` (absolute) when the
        person chose to get this e-mail, `tagline` under the header."""
        return {}

    def get_headers(self, receiver: Receiver) -> dict:
        return {}

    def get_attachments(self, receiver: Receiver) -> list[tuple[str, bytes | str, str]]:
        return []

    # --- rendering and sending ----------------------------------------------
    def render(self, receiver: Receiver) -> EmailMultiAlternatives:
        language = receiver.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "object": self.object,
                "receiver": receiver,
                **email_html.layout_context(),
                "LANGUAGE_CODE": language,
                **self.get_layout_context(receiver),
                **self.kwargs,
                **self.get_context(receiver),
            }
            # One line, nothing before it: a subject template's line breaks
            # and indentation never reach the header.
            subject = " ".join(_render_plain(f"{self.template_base}.subject.txt", context).split())
            context["subject"] = subject
            text = _render_plain(f"{self.template_base}.txt", context).strip() + "\n"
            html = email_html.render(f"{self.template_base}.html", context, text=text)
            to = address_header(receiver.name, receiver.email)
            message = EmailMultiAlternatives(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[to],
                headers=self.get_headers(receiver),
            )
            message.attach_alternative(html, "text/html")
            for filename, content, mimetype in self.get_attachments(receiver):
                message.attach(filename, content, mimetype)
        return message

    def dispatch(self, receivers: list[Receiver] | None = None) -> int:
        if receivers is None:
            receivers = self.get_receivers()
        messages = [self.render(r) for r in receivers if r.email]
        if not messages:
            return 0
        with get_connection() as connection:
            return connection.send_messages(messages)

    @classmethod
    def class_path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def send_after_commit(cls, obj, **kwargs) -> None:
        """Enqueue the e-mail once the current transaction commits."""
        from terreau.tasks import send_email

        path, pk = cls.class_path(), obj.pk
        served_at = links.served_at()  # development: links to where the site is served
        if served_at:
            kwargs = {**kwargs, "served_at": served_at}
        # robust: a broker or SMTP failure is logged, never turned into an
        # error page for a write that has already committed.
        transaction.on_commit(lambda: send_email.delay(path, pk, **kwargs), robust=True)


def address_header(name: str, email: str) -> str:
    """`Name <address>` for a To: header, quoted by the standard library.

    A display name with a comma ("Dupont, Jean"), quotes or angle brackets
    must be quoted, or the header reads as two addresses and the mail server
    library refuses it ("Invalid address"). Non-ASCII names stay readable
    here; Django encodes them (RFC 2047) when the message is serialised.
    """
    if not name:
        return email
    name = " ".join(name.split())  # no line breaks in a header
    try:
        return str(Address(display_name=name, addr_spec=email))
    except (ValueError, IndexError, TypeError):
        return email


def _render_plain(name: str, context: dict) -> str:
    """Render a text template without HTML escaping (plain-text parts, subjects)."""
    template = get_template(name).template
    return template.render(Context(context, autoescape=False))


def load_email_class(path: str) -> type[Email]:
    module, _, name = path.rpartition(".")
    cls = getattr(import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Email)):
        raise TypeError(f"{path} is not an Email")
    return cls


def reload(cls: type[Email], pk):
    model = apps.get_model(cls.model)
    return model._default_manager.filter(pk=pk).first()
