"""The one place that sends e-mail.

An e-mail is a small class (after adhocracy4): who receives it, what context
it renders, which templates. Callers never send directly; they call
`SomeEmail.send_after_commit(obj, **kwargs)`, which enqueues a Celery task once
the surrounding transaction commits. The task reloads the object by id, so a
rolled-back write sends nothing and a retried task renders fresh data.

Each receiver gets the message rendered in their own language, as a plain
text part plus an HTML alternative. Templates live at
`<template_base>.subject.txt`, `<template_base>.txt` and (optional)
`<template_base>.html`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


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
                "site_url": settings.SITE_URL.rstrip("/"),
                "LANGUAGE_CODE": language,
                **self.kwargs,
                **self.get_context(receiver),
            }
            subject = _render_plain(f"{self.template_base}.subject.txt", context)
            subject = " ".join(subject.split())
            text = _render_plain(f"{self.template_base}.txt", context)
            try:
                html = render_to_string(f"{self.template_base}.html", context)
            except TemplateDoesNotExist:
                html = None
            to = f"{receiver.name} <{receiver.email}>" if receiver.name else receiver.email
            message = EmailMultiAlternatives(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[to],
                headers=self.get_headers(receiver),
            )
            if html:
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
        # robust: a broker or SMTP failure is logged, never turned into an
        # error page for a write that has already committed.
        transaction.on_commit(lambda: send_email.delay(path, pk, **kwargs), robust=True)


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
