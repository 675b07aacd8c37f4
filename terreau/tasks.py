"""The e-mail tasks: one per message and receiver, so a retry re-sends one copy.

`send_email` reloads the object and, when the message has several receivers,
fans out one `send_email_to` per receiver. Only failures that a retry can
cure (the server unreachable or dropping the connection) are retried; a
refused address fails that one task and nobody else's.
"""

import logging
import smtplib

from celery import shared_task

from terreau import links
from terreau.emails import load_email_class, reload

logger = logging.getLogger(__name__)

TRANSIENT = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def send_email(class_path: str, pk, **kwargs) -> int:
    """Send one Email class about the object `pk` (reloaded here).

    An object deleted in the meantime sends nothing. `served_at` (development
    only) is the address the site was served at when the message was asked
    for: its links point there (terreau/links.py).
    """
    served_at = kwargs.pop("served_at", "")
    cls = load_email_class(class_path)
    obj = reload(cls, pk)
    if obj is None:
        return 0
    with links.serving(served_at):
        email = cls(obj, **kwargs)
        receivers = [r for r in email.get_receivers() if r.email]
        if len(receivers) <= 1:
            return _dispatch(email, receivers, class_path, pk)
    if served_at:
        kwargs["served_at"] = served_at
    for receiver in receivers:
        # With a worker this only enqueues; in-process (no broker) it sends,
        # and one receiver's failure must not keep the others from theirs.
        try:
            send_email_to.delay(class_path, pk, receiver.email, **kwargs)
        except Exception:
            logger.exception("e-mail %s to one receiver failed", class_path)
    return len(receivers)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def send_email_to(class_path: str, pk, address: str, **kwargs) -> int:
    """Send the copy of one receiver, found again by address on the reloaded object."""
    served_at = kwargs.pop("served_at", "")
    cls = load_email_class(class_path)
    obj = reload(cls, pk)
    if obj is None:
        return 0
    with links.serving(served_at):
        email = cls(obj, **kwargs)
        receivers = [r for r in email.get_receivers() if r.email == address]
        return _dispatch(email, receivers[:1], class_path, pk)


def _dispatch(email, receivers, class_path: str, pk) -> int:
    """Send, leaving a trace when the failure is one no retry can cure.

    A refused or malformed address would otherwise only show as a failed task
    among many; the error names the message and the receiver's account (no
    address, which is personal data) so that someone can look at it.
    """
    try:
        return email.dispatch(receivers)
    except TRANSIENT:
        raise
    except Exception:
        users = [getattr(r.user, "pk", None) for r in receivers]
        logger.error(
            "e-mail %s about %s could not be sent to user %s (no retry)",
            class_path, pk, ", ".join(str(u) for u in users), exc_info=True,
        )
        raise
