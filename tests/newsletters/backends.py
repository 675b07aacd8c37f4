"""A mail backend for the sending tests: records like locmem, fails on demand."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Refuses the addresses in `refuse` (5xx), drops the connection after
    `die_after` messages (as a mail server going away), counts connections.
    `before_send(address)`, when set, runs as each message reaches the
    server, in the sending thread: what happens elsewhere meanwhile."""

    refuse: set[str] = set()
    die_after: int | None = None
    opened = 0
    before_send = None

    def open(self):
        FlakyBackend.opened += 1
        return True

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0].split("<")[-1].rstrip(">")
            if FlakyBackend.before_send is not None:
                FlakyBackend.before_send(address)
            if address in FlakyBackend.refuse:
                raise smtplib.SMTPRecipientsRefused({address: (550, b"No such user")})
            if FlakyBackend.die_after is not None and len(mail.outbox) >= FlakyBackend.die_after:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)

    @classmethod
    def reset(cls):
        cls.refuse = set()
        cls.die_after = None
        cls.opened = 0
        cls.before_send = None
