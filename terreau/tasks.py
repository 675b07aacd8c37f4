"""The e-mail tasks: one per message and receiver, so a retry re-sends one copy.

`send_email` reloads the object and, when the message has several receivers,
fans out one `send_email_to` per receiver. Only failures that a retry can
cure (the server unreachable or dropping the connection) are retried; a
refused address fails that one task and nobody else's.
"""

import logging
import smtplib

from celery import shared_task

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

    An object deleted in the meantime sends nothing.
    """
    cls = load_email_class(class_path)
    obj = reload(cls, pk)
    if obj is None:
        return 0
    email = cls(obj, **kwargs)
    receivers = [r for r in email.get_receivers() if r.email]
    if len(receivers) <= 1:
        return email.dispatch(receivers)
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
    cls = load_email_class(class_path)
    obj = reload(cls, pk)
    if obj is None:
        return 0
    email = cls(obj, **kwargs)
    receivers = [r for r in email.get_receivers() if r.email == address]
    return email.dispatch(receivers[:1])
